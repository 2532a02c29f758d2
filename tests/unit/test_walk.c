/* test_walk.c — operands expanded into paths, each file once (walk.c):
 * what is yielded, what is skipped and why. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "input/walk.h"

static char tdir[64];

struct got {
    char paths[2048];  /* yielded, one a line, relative to tdir */
    char skips[2048];  /* "why path" lines */
    int nerr;
};

static const char *rel(const char *p)
{
    const size_t n = strlen(tdir);
    return strncmp(p, tdir, n) == 0 && p[n] == '/' ? p + n + 1 : p;
}

static void on_path(void *ctx, const char *path)
{
    struct got *g = ctx;
    snprintf(g->paths + strlen(g->paths), sizeof g->paths - strlen(g->paths), "%s\n", rel(path));
}

static void on_skip(void *ctx, const char *path, enum ts_walk_skip why)
{
    static const char *const name[] = {"seen", "fifo", "socket", "device"};
    struct got *g = ctx;
    snprintf(g->skips + strlen(g->skips), sizeof g->skips - strlen(g->skips), "%s %s\n", name[why], rel(path));
}

static void on_err(void *ctx, const struct ts_err *e)
{
    struct got *g = ctx;
    (void)e;
    g->nerr++;
}

static char *at(char *buf, const char *name)
{
    snprintf(buf, 512, "%s/%s", tdir, name);
    return buf;
}

static void mk(const char *name)
{
    char p[512];
    FILE *f = fopen(at(p, name), "w");
    assert_non_null(f);
    fputs("x\n", f);
    assert_int_equal(fclose(f), 0);
}

/* Named twice, inside a directory also named, hard and symbolic links,
 * a directory twice and through a symlink: each file is yielded once, the
 * first time it is reached, and every later meeting is a skip. */
static void test_walk_once(void **state)
{
    (void)state;
    char p[6][512];
    assert_int_equal(mkdir(at(p[0], "d"), 0700), 0);
    mk("d/a");
    mk("d/b");
    assert_int_equal(link(at(p[0], "d/a"), at(p[1], "d/h")), 0);
    assert_int_equal(symlink("b", at(p[0], "d/s")), 0);
    assert_int_equal(symlink("d", at(p[0], "alias")), 0);

    char *ops[] = {at(p[0], "d/b"), at(p[1], "d"), at(p[2], "d/a"), at(p[3], "alias"), at(p[4], "d"), "-", "-"};
    struct got g = {0};
    const struct ts_walk_cb cb = {on_path, on_err, on_skip, &g};
    assert_int_equal(ts_walk_all(ops, 7, &cb), TS_OK);
    assert_int_equal(g.nerr, 0);
    assert_string_equal(g.paths, "d/b\nd/a\n-\n");
    assert_string_equal(g.skips, "seen d/b\nseen d/h\nseen d/s\nseen d/a\nseen alias\nseen d\nseen -\n");
}

/* Inside a directory, FIFOs, sockets and devices are skipped with their
 * reason and are no error; named as operands, a FIFO is yielded and a
 * device is an error. */
static void test_walk_specials(void **state)
{
    (void)state;
    char p[3][512];
    assert_int_equal(mkdir(at(p[0], "s"), 0700), 0);
    mk("s/log");
    assert_int_equal(mkfifo(at(p[0], "s/fifo"), 0600), 0);
    assert_int_equal(symlink("/dev/null", at(p[0], "s/null")), 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/s/sock", tdir);
    const int sk = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(sk >= 0);
    assert_int_equal(bind(sk, (struct sockaddr *)&sa, sizeof sa), 0);

    char *ops[] = {at(p[0], "s"), at(p[1], "s/fifo"), "/dev/null"};
    struct got g = {0};
    const struct ts_walk_cb cb = {on_path, on_err, on_skip, &g};
    assert_int_equal(ts_walk_all(ops, 3, &cb), TS_EIO);
    close(sk);
    assert_int_equal(g.nerr, 1); /* /dev/null as an operand */
    assert_string_equal(g.paths, "s/log\ns/fifo\n");
    assert_string_equal(g.skips, "fifo s/fifo\ndevice s/null\nsocket s/sock\n");

    struct ts_err e;
    ts_walk_notice(&e, "x", TS_WALK_FIFO);
    assert_int_equal(e.code, TS_OK);
    assert_non_null(strstr(e.msg, "FIFO"));
}

static int setup(void **state)
{
    (void)state;
    snprintf(tdir, sizeof tdir, "%s/ts-walk.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(tdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tdir);
    return system(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_once),
        cmocka_unit_test(test_walk_specials),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
