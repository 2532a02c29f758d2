/* test_out.c — report output: atomic replacement, buffering, and write
 * errors on files and on stdout (/dev/full, a closed pipe). */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/out.h"

static void write_text(const char *path, const char *text)
{
    write_file(path, text, strlen(text));
}

/* The whole file, NUL-terminated; *n its size. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 4096, len = 0;
    char *p = malloc(cap);
    for (size_t k; (k = fread(p + len, 1, cap - len - 1, f)) > 0;) {
        len += k;
        if (cap - len < 2) p = realloc(p, cap *= 2);
    }
    fclose(f);
    p[len] = '\0';
    if (n) *n = len;
    return p;
}

static void assert_file(const char *path, const char *want)
{
    char *got = slurp(path, NULL);
    assert_string_equal(got, want);
    free(got);
}

/* Temporaries of target base name left in tdir. */
static int temps(const char *base)
{
    char prefix[256];
    snprintf(prefix, sizeof prefix, ".%s.", base);
    DIR *d = opendir(tdir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *de; (de = readdir(d));)
        n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

static void test_new_file(void **state)
{
    (void)state;
    char path[512];
    struct ts_out *o;
    struct ts_err err = {0};
    const mode_t old = umask(027);
    assert_int_equal(ts_out_open(tpath(path, "new.csv"), &o, &err), TS_OK);
    assert_int_equal(temps("new.csv"), 1);
    assert_int_equal(access(path, F_OK), -1); /* nothing at the target yet */
    assert_int_equal(ts_out_write(o, "a,b\r\n", 5, &err), TS_OK);
    assert_int_equal(ts_out_write(o, "", 0, &err), TS_OK);
    assert_int_equal(ts_out_write(o, "1,2\r\n", 5, &err), TS_OK);
    assert_int_equal(ts_out_commit(o, &err), TS_OK);
    umask(old);
    assert_file(path, "a,b\r\n1,2\r\n");
    assert_int_equal(temps("new.csv"), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
}

static void test_abort_keeps_old(void **state)
{
    (void)state;
    char path[512];
    struct ts_out *o;
    struct ts_err err = {0};
    write_text(tpath(path, "keep.csv"), "old\n");
    assert_int_equal(ts_out_open(path, &o, &err), TS_OK);
    for (int i = 0; i < 10000; i++) assert_int_equal(ts_out_write(o, "new new new\n", 12, &err), TS_OK);
    assert_file(path, "old\n");
    ts_out_abort(o);
    assert_file(path, "old\n");
    assert_int_equal(temps("keep.csv"), 0);
    ts_out_abort(NULL);
}

/* Writes of every size around the buffer's, then a replace. */
static void test_replace_large(void **state)
{
    (void)state;
    char path[512];
    struct ts_out *o;
    struct ts_err err = {0};
    write_text(tpath(path, "big.csv"), "old\n");
    const size_t n = 3 << 20;
    char *want = malloc(n + 1);
    for (size_t i = 0; i < n; i++) want[i] = (char)('a' + i * 7 % 26);
    want[n] = '\0';
    assert_int_equal(ts_out_open(path, &o, &err), TS_OK);
    const size_t sizes[] = {1, 100, 65535, 65536, 65537, 200000, 7, 4096};
    for (size_t at = 0, k = 0; at < n; k++) {
        size_t len = sizes[k % TS_COUNTOF(sizes)];
        if (len > n - at) len = n - at;
        assert_int_equal(ts_out_write(o, want + at, len, &err), TS_OK);
        at += len;
    }
    assert_int_equal(ts_out_commit(o, &err), TS_OK);
    size_t got_n;
    char *got = slurp(path, &got_n);
    assert_int_equal(got_n, n);
    assert_memory_equal(got, want, n);
    assert_int_equal(temps("big.csv"), 0);
    free(got);
    free(want);
}

static void test_relative_path(void **state)
{
    (void)state;
    char cwd[512], path[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tdir), 0);
    struct ts_out *o;
    struct ts_err err = {0};
    int rc = ts_out_open("rel.csv", &o, &err);
    if (rc == TS_OK) {
        ts_out_write(o, "x\n", 2, &err);
        rc = ts_out_commit(o, &err);
    }
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(rc, TS_OK);
    assert_file(tpath(path, "rel.csv"), "x\n");
}

static void test_unwritable(void **state)
{
    (void)state;
    char path[512];
    struct ts_out *o = (struct ts_out *)1;
    struct ts_err err = {0};
    assert_int_equal(ts_out_open(tpath(path, "no/such/dir/r.csv"), &o, &err), TS_EOUT);
    assert_null(o);
    assert_int_equal(err.code, TS_EOUT);
    assert_int_equal(err.sys, ENOENT);
    assert_string_equal(err.path, path);

    memset(&err, 0, sizeof err);
    assert_int_equal(ts_out_open("/proc/tunnelstat-test.csv", &o, &err), TS_EOUT);
    assert_true(err.sys != 0);

    /* a directory as target, with or without a slash */
    assert_int_equal(ts_out_open(tdir, &o, &err), TS_EOUT);
    assert_int_equal(err.sys, EISDIR);
    assert_int_equal(ts_out_open(tpath(path, "x/"), &o, &err), TS_EOUT);

    assert_int_equal(mkdir(tpath(path, "ro"), 0555), 0);
    if (geteuid() == 0) skip(); /* root writes anywhere */
    assert_int_equal(ts_out_open(tpath(path, "ro/r.csv"), &o, &err), TS_EOUT);
    assert_int_equal(err.sys, EACCES);
}

/* The target turns into a non-empty directory before commit: the rename
 * fails, the temporary goes, and the error names the target. */
static void test_commit_fails(void **state)
{
    (void)state;
    char path[512], inner[512];
    struct ts_out *o;
    struct ts_err err = {0};
    assert_int_equal(ts_out_open(tpath(path, "late.csv"), &o, &err), TS_OK);
    assert_int_equal(ts_out_write(o, "data\n", 5, &err), TS_OK);
    assert_int_equal(mkdir(path, 0755), 0);
    write_text(tpath(inner, "late.csv/f"), "f\n");
    assert_int_equal(ts_out_commit(o, &err), TS_EOUT);
    assert_int_equal(err.code, TS_EOUT);
    assert_true(err.sys != 0);
    assert_string_equal(err.path, path);
    assert_int_equal(temps("late.csv"), 0);
    assert_file(inner, "f\n");
}

/* Runs fn with fd 1 replaced by fd; returns what fn returned. */
static int with_stdout(int fd, int (*fn)(struct ts_err *), struct ts_err *err)
{
    fflush(stdout);
    const int saved = dup(1);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fd, 1), 1);
    const int rc = fn(err);
    assert_int_equal(dup2(saved, 1), 1);
    close(saved);
    return rc;
}

static int write_small(struct ts_err *err)
{
    struct ts_out *o;
    int rc = ts_out_open("-", &o, err);
    if (rc) return rc;
    rc = ts_out_write(o, "row\r\n", 5, err);
    if (rc) {
        ts_out_abort(o);
        return 100 + rc; /* failed too early */
    }
    return ts_out_commit(o, err);
}

static int write_big(struct ts_err *err)
{
    struct ts_out *o;
    int rc = ts_out_open(NULL, &o, err);
    if (rc) return rc;
    static char block[100000];
    rc = ts_out_write(o, block, sizeof block, err);
    const int again = ts_out_write(o, "x", 1, err); /* errors are sticky */
    ts_out_abort(o);
    return rc == again ? rc : 100 + rc;
}

static void test_stdout(void **state)
{
    (void)state;
    char path[512];
    const int fd = open(tpath(path, "stdout.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    struct ts_err err = {0};
    assert_int_equal(with_stdout(fd, write_small, &err), TS_OK);
    close(fd);
    assert_file(path, "row\r\n");
}

static void test_stdout_full(void **state)
{
    (void)state;
    const int fd = open("/dev/full", O_WRONLY);
    assert_true(fd >= 0);
    struct ts_err err = {0};
    /* buffered: seen by commit */
    assert_int_equal(with_stdout(fd, write_small, &err), TS_EOUT);
    assert_int_equal(err.sys, ENOSPC);
    assert_string_equal(err.path, "-");
    /* larger than the buffer: seen by the write itself */
    memset(&err, 0, sizeof err);
    assert_int_equal(with_stdout(fd, write_big, &err), TS_EOUT);
    assert_int_equal(err.sys, ENOSPC);
    close(fd);
}

static void test_stdout_pipe_closed(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    close(fds[0]);
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    assert_int_equal(sigaction(SIGPIPE, &ign, &old), 0);
    struct ts_err err = {0};
    const int rc = with_stdout(fds[1], write_small, &err);
    sigaction(SIGPIPE, &old, NULL);
    close(fds[1]);
    assert_int_equal(rc, TS_EOUT);
    assert_int_equal(err.sys, EPIPE);
}

/* One write and commit to path: TS_OK or the failing code. */
static int put(const char *path, const char *text)
{
    struct ts_out *o;
    struct ts_err err = {0};
    int rc = ts_out_open(path, &o, &err);
    if (rc) return rc;
    rc = ts_out_write(o, text, strlen(text), &err);
    if (rc) {
        ts_out_abort(o);
        return rc;
    }
    return ts_out_commit(o, &err);
}

/* A relative symlink in another directory: its target (read against the
 * link's directory) is replaced, the link stays, no temporary is left in
 * either directory. */
static void test_symlink_target(void **state)
{
    (void)state;
    char real[512], link[512], dir[512];
    assert_int_equal(mkdir(tpath(dir, "sl-real"), 0755), 0);
    assert_int_equal(mkdir(tpath(dir, "sl-links"), 0755), 0);
    write_text(tpath(real, "sl-real/r.csv"), "old\n");
    assert_int_equal(symlink("../sl-real/r.csv", tpath(link, "sl-links/r.csv")), 0);
    assert_int_equal(put(link, "new\n"), TS_OK);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_file(real, "new\n");
    /* a chain of two links, the last one dangling: the final name is created */
    char l2[512], made[512];
    assert_int_equal(symlink("sl-real/dangling", tpath(l2, "sl-chain")), 0);
    assert_int_equal(symlink("made.csv", tpath(made, "sl-real/dangling")), 0);
    assert_int_equal(put(l2, "made\n"), TS_OK);
    assert_file(tpath(made, "sl-real/made.csv"), "made\n");
    assert_int_equal(lstat(tpath(made, "sl-real/dangling"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
}

/* A link to itself is an error (ELOOP), not a hang or a replaced link. */
static void test_symlink_loop(void **state)
{
    (void)state;
    char path[512];
    assert_int_equal(symlink("self", tpath(path, "self")), 0);
    struct ts_out *o;
    struct ts_err err = {0};
    assert_int_equal(ts_out_open(path, &o, &err), TS_EOUT);
    assert_int_equal(err.sys, ELOOP);
}

/* An old report's mode survives the replacement; a new one gets 0644 & ~umask. */
static void test_mode_kept(void **state)
{
    (void)state;
    char path[512];
    write_text(tpath(path, "m.csv"), "old\n");
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(put(path, "new\n"), TS_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_file(path, "new\n");
}

/* A FIFO is written through (a reader sees the report) and stays a FIFO. */
static void test_fifo_through(void **state)
{
    (void)state;
    char path[512];
    assert_int_equal(mkfifo(tpath(path, "f"), 0600), 0);
    const int rd = open(path, O_RDONLY | O_NONBLOCK); /* a reader, so the open for writing does not wait */
    assert_true(rd >= 0);
    assert_int_equal(put(path, "through\n"), TS_OK);
    char buf[32] = {0};
    assert_int_equal(read(rd, buf, sizeof buf - 1), 8);
    close(rd);
    assert_string_equal(buf, "through\n");
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(temps("f"), 0);
}

/* What a signal handler calls: the temporary is gone at once, the old
 * report stays, and the output can still be abandoned cleanly. */
static void test_signal_cleanup(void **state)
{
    (void)state;
    char path[512];
    write_text(tpath(path, "sig.csv"), "old\n");
    struct ts_out *o;
    struct ts_err err = {0};
    assert_int_equal(ts_out_open(path, &o, &err), TS_OK);
    assert_int_equal(temps("sig.csv"), 1);
    ts_out_signal_cleanup();
    assert_int_equal(temps("sig.csv"), 0);
    assert_file(path, "old\n");
    ts_out_abort(o);
    /* after a commit nothing is left to clean: the report must survive */
    assert_int_equal(put(path, "new\n"), TS_OK);
    ts_out_signal_cleanup();
    assert_file(path, "new\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_file),
        cmocka_unit_test(test_abort_keeps_old),
        cmocka_unit_test(test_replace_large),
        cmocka_unit_test(test_relative_path),
        cmocka_unit_test(test_unwritable),
        cmocka_unit_test(test_commit_fails),
        cmocka_unit_test(test_stdout),
        cmocka_unit_test(test_stdout_full),
        cmocka_unit_test(test_stdout_pipe_closed),
        cmocka_unit_test(test_symlink_target),
        cmocka_unit_test(test_symlink_loop),
        cmocka_unit_test(test_mode_kept),
        cmocka_unit_test(test_fifo_through),
        cmocka_unit_test(test_signal_cleanup),
    };
    return cmocka_run_group_tests_name("out", tests, group_setup, group_teardown) ? 1 : 0;
}
