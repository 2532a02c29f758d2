/* test_walk.c — walk (split from test_input.c by module). */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "input/input.h"
#include "input/walk.h"
#include "input/pipe.h"

/* ---- walking ----------------------------------------------------------- */

struct seen {
    struct buf paths; /* each path + '\n' */
    struct buf errs;  /* "path: msg" + '\n' */
    int nerr;
    const char *remove_on; /* unlink this path when ... */
    const char *trigger;   /* ... this one is yielded */
};

static void on_path(void *ctx, const char *path)
{
    struct seen *s = ctx;
    buf_str(&s->paths, path + (strncmp(path, tdir, strlen(tdir)) ? 0 : strlen(tdir) + 1));
    buf_str(&s->paths, "\n");
    if (s->trigger && strcmp(path, s->trigger) == 0) unlink(s->remove_on);
}

static void on_err(void *ctx, const struct ts_err *e)
{
    struct seen *s = ctx;
    s->nerr++;
    assert_non_null(e->path);
    buf_str(&s->errs, e->path + (strncmp(e->path, tdir, strlen(tdir)) ? 0 : strlen(tdir) + 1));
    buf_str(&s->errs, ": ");
    buf_str(&s->errs, e->msg);
    buf_str(&s->errs, "\n");
}

static void seen_done(struct seen *s, const char *paths)
{
    buf_add(&s->paths, "", 1);
    assert_string_equal((char *)s->paths.p, paths);
    free(s->paths.p);
    free(s->errs.p);
}

static void mk(const char *rel)
{
    char path[512];
    write_file(tpath(path, rel), "x\n", 2);
}

static void mkd(const char *rel)
{
    char path[512];
    assert_int_equal(mkdir(tpath(path, rel), 0755), 0);
}

static void test_walk_order(void **state)
{
    (void)state;
    char path[512];
    mkd("w");
    mk("w/b.log");
    mk("w/a.log");
    mk("w/B.log");
    mk("w/.hidden");
    mk("w/a.log.1");
    mk("w/\xc3\xa9.log");
    mkd("w/sub");
    mk("w/sub/z");
    mkd("w/sub/deeper");
    mk("w/sub/deeper/y");
    mkd("w/empty");
    assert_int_equal(mkfifo(tpath(path, "w/fifo"), 0600), 0);
    assert_int_equal(symlink("a.log", tpath(path, "w/link-to-a")), 0);

    struct seen s = {0};
    assert_int_equal(ts_walk(tpath(path, "w"), on_path, on_err, &s), TS_OK);
    assert_int_equal(s.nerr, 0);
    /* the FIFO inside the directory is skipped, the symlink to a.log is
     * a.log again (test_walk_once and test_walk_specials say how both are
     * reported) */
    seen_done(&s, "w/.hidden\nw/B.log\nw/a.log\nw/a.log.1\nw/b.log\n"
                  "w/sub/deeper/y\nw/sub/z\nw/\xc3\xa9.log\n");

    /* a trailing slash is not doubled; a file operand is yielded as given */
    memset(&s, 0, sizeof s);
    assert_int_equal(ts_walk(tpath(path, "w/sub/"), on_path, on_err, &s), TS_OK);
    seen_done(&s, "w/sub/deeper/y\nw/sub/z\n");
    memset(&s, 0, sizeof s);
    assert_int_equal(ts_walk(tpath(path, "w/a.log"), on_path, on_err, &s), TS_OK);
    seen_done(&s, "w/a.log\n");
    memset(&s, 0, sizeof s);
    assert_int_equal(ts_walk("-", on_path, on_err, &s), TS_OK);
    seen_done(&s, "-\n");
}

static void test_walk_links(void **state)
{
    (void)state;
    char path[512];
    mkd("l");
    mkd("l/real");
    mk("l/real/f");
    assert_int_equal(symlink("..", tpath(path, "l/real/up")), 0);
    assert_int_equal(symlink("real", tpath(path, "l/alias")), 0);
    assert_int_equal(symlink("nowhere", tpath(path, "l/dangling")), 0);

    struct seen s = {0};
    assert_int_equal(ts_walk(tpath(path, "l"), on_path, on_err, &s), TS_EIO);
    /* alias is walked first (bytewise order); real is then the same
     * directory again and passed over without a word */
    assert_int_equal(s.nerr, 2);
    buf_add(&s.errs, "", 1);
    assert_non_null(strstr((char *)s.errs.p, "l/alias/up: symlink loop"));
    assert_non_null(strstr((char *)s.errs.p, "l/dangling: "));
    seen_done(&s, "l/alias/f\n");

    /* an operand that is a symlink to a directory is followed */
    memset(&s, 0, sizeof s);
    assert_int_equal(ts_walk(tpath(path, "l/alias"), on_path, on_err, &s), TS_EIO);
    seen_done(&s, "l/alias/f\n");
}

static void test_walk_problems(void **state)
{
    (void)state;
    char path[512], gone[512], first[512];
    mkd("p");
    mk("p/1");
    mk("p/2");
    mk("p/3");
    mkd("p/locked");
    mk("p/locked/secret");

    /* a socket is neither a log nor a directory: skipped, not an error */
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/p/sock", tdir);
    const int sk = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(sk >= 0);
    assert_int_equal(bind(sk, (struct sockaddr *)&sa, sizeof sa), 0);

    /* p/2 vanishes between the directory listing and its visit */
    struct seen s = {.trigger = tpath(first, "p/1"), .remove_on = tpath(gone, "p/2")};
    assert_int_equal(ts_walk(tpath(path, "p"), on_path, on_err, &s), TS_EIO);
    close(sk);
    assert_int_equal(s.nerr, 1);
    buf_add(&s.errs, "", 1);
    assert_non_null(strstr((char *)s.errs.p, "p/2: "));
    seen_done(&s, "p/1\np/3\np/locked/secret\n");

    memset(&s, 0, sizeof s);
    assert_int_equal(ts_walk(tpath(path, "p/missing"), on_path, on_err, &s), TS_EIO);
    assert_int_equal(s.nerr, 1);
    seen_done(&s, "");

    assert_int_equal(chmod(tpath(path, "p/locked"), 0), 0);
    if (geteuid() == 0) skip(); /* root opens any directory */
    memset(&s, 0, sizeof s);
    assert_int_equal(ts_walk(tpath(path, "p"), on_path, on_err, &s), TS_EIO);
    buf_add(&s.errs, "", 1);
    assert_non_null(strstr((char *)s.errs.p, "p/locked: "));
    seen_done(&s, "p/1\np/3\n");
}

/* ---- each file once, special files --------------------------------------- */

struct got {
    char paths[2048];  /* yielded, one a line, relative to tdir */
    char skips[2048];  /* "why path" lines */
    int nerr;
};

static const char *rel_to_tdir(const char *p)
{
    const size_t n = strlen(tdir);
    return strncmp(p, tdir, n) == 0 && p[n] == '/' ? p + n + 1 : p;
}

static void got_path(void *ctx, const char *path)
{
    struct got *g = ctx;
    snprintf(g->paths + strlen(g->paths), sizeof g->paths - strlen(g->paths), "%s\n", rel_to_tdir(path));
}

static void got_skip(void *ctx, const char *path, enum ts_walk_skip why)
{
    static const char *const name[] = {"seen", "fifo", "socket", "device"};
    struct got *g = ctx;
    snprintf(g->skips + strlen(g->skips), sizeof g->skips - strlen(g->skips), "%s %s\n", name[why], rel_to_tdir(path));
}

static void got_err(void *ctx, const struct ts_err *e)
{
    struct got *g = ctx;
    (void)e;
    g->nerr++;
}

/* Named twice, inside a directory also named, hard and symbolic links,
 * a directory twice and through a symlink: each file is yielded once, the
 * first time it is reached, and every later meeting is a skip. */
static void test_walk_once(void **state)
{
    (void)state;
    char p[6][512];
    assert_int_equal(mkdir(tpath(p[0], "d"), 0700), 0);
    mk("d/a");
    mk("d/b");
    assert_int_equal(link(tpath(p[0], "d/a"), tpath(p[1], "d/h")), 0);
    assert_int_equal(symlink("b", tpath(p[0], "d/s")), 0);
    assert_int_equal(symlink("d", tpath(p[0], "alias")), 0);

    char *ops[] = {(char *)tpath(p[0], "d/b"), (char *)tpath(p[1], "d"),     (char *)tpath(p[2], "d/a"),
                   (char *)tpath(p[3], "alias"), (char *)tpath(p[4], "d"), (char *)"-", (char *)"-"};
    struct got g = {0};
    const struct ts_walk_cb cb = {got_path, got_err, got_skip, &g};
    assert_int_equal(ts_walk_all(ops, 7, &cb), TS_OK);
    assert_int_equal(g.nerr, 0);
    assert_string_equal(g.paths, "d/b\nd/a\n-\n");
    assert_string_equal(g.skips, "seen d/b\nseen d/h\nseen d/s\nseen d/a\nseen alias\nseen d\nseen -\n");
}

/* Inside a directory, FIFOs, sockets and devices (/dev/zero: a test
 * elsewhere on a machine may have clobbered /dev/null) are skipped with their
 * reason and are no error; named as operands, a FIFO is yielded and a
 * device is an error. */
static void test_walk_specials(void **state)
{
    (void)state;
    char p[3][512];
    assert_int_equal(mkdir(tpath(p[0], "s"), 0700), 0);
    mk("s/log");
    assert_int_equal(mkfifo(tpath(p[0], "s/fifo"), 0600), 0);
    assert_int_equal(symlink("/dev/zero", tpath(p[0], "s/zero")), 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/s/sock", tdir);
    const int sk = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(sk >= 0);
    assert_int_equal(bind(sk, (struct sockaddr *)&sa, sizeof sa), 0);

    char *ops[] = {(char *)tpath(p[0], "s"), (char *)tpath(p[1], "s/fifo"), (char *)"/dev/zero"};
    struct got g = {0};
    const struct ts_walk_cb cb = {got_path, got_err, got_skip, &g};
    assert_int_equal(ts_walk_all(ops, 3, &cb), TS_EIO);
    close(sk);
    assert_int_equal(g.nerr, 1); /* a device operand */
    assert_string_equal(g.paths, "s/log\ns/fifo\n");
    assert_string_equal(g.skips, "fifo s/fifo\nsocket s/sock\ndevice s/zero\n");

    struct ts_err e;
    ts_walk_notice(&e, "x", TS_WALK_FIFO);
    assert_int_equal(e.code, TS_OK);
    assert_non_null(strstr(e.msg, "FIFO"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_order),
        cmocka_unit_test(test_walk_links),
        cmocka_unit_test(test_walk_problems),
        cmocka_unit_test(test_walk_once),
        cmocka_unit_test(test_walk_specials),
    };
    return cmocka_run_group_tests_name("walk", tests, group_setup, group_teardown) ? 1 : 0;
}
