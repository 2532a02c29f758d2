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

static void test_err_escaped(void **state)
{
    (void)state;
    char *s = captured(say_err);
    assert_string_equal(s, "tunnelstat: /tmp/x\\033]0;owned\\007.log: line 7: cannot open: No such file or directory\n");
    free(s);
}

static void test_line_escaped(void **state)
{
    (void)state;
    char *s = captured(say_line);
    assert_string_equal(s, "  unparsed: f\\012name:3: pluto: \\033[2J\\233\\377 tab\\011here\n");
    free(s);
}

static void test_usage_escaped(void **state)
{
    (void)state;
    char *s = captured(say_usage);
    assert_string_equal(s, "tunnelstat: unknown language '\\033[31mred' (en, zh)\nTry 'tunnelstat explain --help'.\n");
    free(s);
}

static void test_long_line(void **state)
{
    (void)state;
    char big[3000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    fflush(stderr);
    const int saved = dup(2);
    assert_non_null(freopen(g_file, "w", stderr));
    ts_msg_line("%s\033", big);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    FILE *r = fopen(g_file, "rb");
    char got[4096];
    const size_t n = fread(got, 1, sizeof got, r);
    fclose(r);
    assert_int_equal(n, sizeof big - 1 + 4 + 1); /* the a's, \033, newline: nothing cut */
    assert_memory_equal(got + sizeof big - 1, "\\033\n", 5);
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
        cmocka_unit_test(test_err_escaped),
        cmocka_unit_test(test_line_escaped),
        cmocka_unit_test(test_usage_escaped),
        cmocka_unit_test(test_long_line),
    };
    return cmocka_run_group_tests_name("msg", tests, setup, teardown);
}
