/* test_msg.c — everything on stderr that came from an input is escaped:
 * an error naming a hostile file, a line of --stats, a usage error. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"

static char g_file[64];

/* stderr into a file for the call, then its text (malloc'd). */
static char *captured(void (*fn)(void))
{
    fflush(stderr);
    const int saved = dup(2);
    FILE *f = freopen(g_file, "w", stderr);
    assert_non_null(f);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *r = fopen(g_file, "rb");
    assert_non_null(r);
    char *p = calloc(1, 4096);
    const size_t n = fread(p, 1, 4095, r);
    fclose(r);
    p[n] = '\0';
    return p;
}

static void say_err(void)
{
    struct ts_err e = {0};
    ts_err_set(&e, TS_EIO, 2, "/tmp/x\033]0;owned\007.log", "cannot open");
    e.line = 7;
    ts_msg_err(&e);
}

static void say_line(void)
{
    const char text[] = "pluto: \033[2J\x9b\xff tab\there";
    ts_msg_line("  unparsed: %s:%d: %.*s", "f\nname", 3, (int)(sizeof text - 1), text);
}

static void say_usage(void)
{
    ts_msg_usage("explain", "unknown language '%s' (en, zh)", "\033[31mred");
}

static void say_long(void)
{
    char big[3000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ts_msg_line("%s\033", big); /* longer than the first formatting buffer */
}

static void test_escaped(void **state)
{
    (void)state;
    static const struct {
        void (*fn)(void);
        const char *want;
    } cases[] = {
        {say_err, "tunnelstat: /tmp/x\\033]0;owned\\007.log: line 7: cannot open: No such file or directory\n"},
        {say_line, "  unparsed: f\\012name:3: pluto: \\033[2J\\233\\377 tab\\011here\n"},
        {say_usage, "tunnelstat: unknown language '\\033[31mred' (en, zh)\nTry 'tunnelstat explain --help'.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = captured(cases[i].fn);
        assert_string_equal(s, cases[i].want);
        free(s);
    }
    char *s = captured(say_long);
    assert_int_equal(strlen(s), 2999 + 4 + 1); /* the a's, \033, newline: nothing cut */
    assert_string_equal(s + 2999, "\\033\n");
    free(s);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_file, sizeof g_file, "/tmp/ts-msg-XXXXXX");
    const int fd = mkstemp(g_file);
    if (fd < 0) return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(g_file);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaped),
    };
    return cmocka_run_group_tests_name("msg", tests, setup, teardown);
}
