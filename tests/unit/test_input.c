/* test_input.c — input (split from test_input.c by module). */
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

/* ---- opening and sniffing ---------------------------------------------- */

static void test_open_errors(void **state)
{
    (void)state;
    char path[512];
    struct ts_input *s = (struct ts_input *)1;
    struct ts_err err = {0};
    tpath(path, "does-not-exist");
    assert_int_equal(ts_input_open(path, &s, &err), TS_EIO);
    assert_null(s);
    assert_int_equal(err.code, TS_EIO);
    assert_int_equal(err.sys, ENOENT);
    assert_string_equal(err.path, path);
    assert_true(err.msg[0] != '\0');

    memset(&err, 0, sizeof err);
    assert_int_equal(ts_input_open(tdir, &s, &err), TS_EIO);
    assert_int_equal(err.sys, EISDIR);

    tpath(path, "unreadable");
    write_file(path, "x\n", 2);
    assert_int_equal(chmod(path, 0), 0);
    if (geteuid() == 0) skip(); /* root reads anything */
    memset(&err, 0, sizeof err);
    assert_int_equal(ts_input_open(path, &s, &err), TS_EIO);
    assert_int_equal(err.sys, EACCES);
}

static void test_sniff_by_content(void **state)
{
    (void)state;
    char path[512];
    struct ts_input *s;
    struct ts_err err = {0};
    const char *text = "Apr  3 10:00:00 gw pluto[1]: hello\n";
    size_t zn, gn;
    unsigned char *z = zstd_frame(text, strlen(text), &zn);
    unsigned char *g = gzip_member(text, strlen(text), &gn);

    write_file(tpath(path, "looks.zst"), text, strlen(text));
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    assert_int_equal(ts_input_format(s), TS_FMT_PLAIN);
    assert_int_equal(ts_input_splittable(s), 1);
    assert_int_equal(ts_input_size(s), (long long)strlen(text));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(ts_input_mtime(s), (long long)st.st_mtime);
    assert_string_equal(ts_input_path(s), path);
    ts_input_close(s);

    write_file(tpath(path, "looks.log"), z, zn);
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    assert_int_equal(ts_input_format(s), TS_FMT_ZSTD);
    assert_int_equal(ts_input_splittable(s), 0);
    ts_input_close(s);
    expect_text(path, 0, text, strlen(text));

    write_file(tpath(path, "looks.txt"), g, gn);
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    assert_int_equal(ts_input_format(s), TS_FMT_GZIP);
    ts_input_close(s);
    expect_text(path, 0, text, strlen(text));

    struct buf b = {0};
    add_skippable(&b, 0xE, "pzstd");
    buf_add(&b, z, zn);
    write_file(tpath(path, "skip-first"), b.p, b.n);
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    assert_int_equal(ts_input_format(s), TS_FMT_ZSTD);
    ts_input_close(s);
    expect_text(path, 0, text, strlen(text));

    /* too short for any magic */
    write_file(tpath(path, "one-byte"), "\x28", 1);
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    assert_int_equal(ts_input_format(s), TS_FMT_PLAIN);
    ts_input_close(s);
    expect_text(path, 0, "\x28\n", 2);
    free(b.p);
    free(z);
    free(g);
}

/* ---- plain files ------------------------------------------------------- */

static void test_plain_lines(void **state)
{
    (void)state;
    char path[512];
    write_file(tpath(path, "nl"), "a\nbb\nccc\n", 9);
    expect_text(path, 0, "a\nbb\nccc\n", 9);

    write_file(tpath(path, "no-final-nl"), "a\nbb\nccc", 8);
    expect_text(path, 0, "a\nbb\nccc\n", 9);
    expect_text(path, 4096, "a\nbb\nccc\n", 9);

    /* '\r' and NUL are the consumer's business */
    write_file(tpath(path, "crlf"), "x\r\n\0y\r\n\r\n", 9);
    expect_text(path, 0, "x\r\n\0y\r\n\r\n", 9);

    write_file(tpath(path, "only-nl"), "\n\n", 2);
    expect_text(path, 0, "\n\n", 2);
}

static void test_empty_file(void **state)
{
    (void)state;
    char path[512];
    write_file(tpath(path, "empty"), "", 0);
    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_OK);
    assert_int_equal(c.calls, 0);
    coll_free(&c);
    assert_int_equal(read_fifo("", 0, 0, &c, &err), TS_OK);
    assert_int_equal(c.calls, 0);
    coll_free(&c);
}

static void test_window_boundaries(void **state)
{
    (void)state;
    char path[512];
    const size_t n = 3 * 1000 * 1000 + 17;
    unsigned char *text = gen_text(n, 1);
    write_file(tpath(path, "windows"), text, n);
    const size_t windows[] = {0, 1, 4096, 8192, 65536, 1 << 20};
    for (int i = 0; i < TS_COUNTOF(windows); i++) {
        struct coll c = {0};
        struct ts_err err = {0};
        assert_int_equal(read_path(path, windows[i], 0, &c, &err), TS_OK);
        assert_int_equal(c.all.n, n);
        assert_memory_equal(c.all.p, text, n);
        if (windows[i] && windows[i] < n / 4) assert_true(c.calls > 4);
        coll_free(&c);
    }
    /* the same without the final newline */
    write_file(path, text, n - 1);
    expect_text(path, 4096, text, n);
    free(text);
}

static void test_long_lines_mapped(void **state)
{
    (void)state;
    char path[512];
    struct buf in = {0}, want = {0};
    long_lines(&in, &want);
    write_file(tpath(path, "long"), in.p, in.n);
    const size_t windows[] = {0, 4096, TS_MAX_LINE, TS_MAX_LINE + 4096, 3 * TS_MAX_LINE};
    for (int i = 0; i < TS_COUNTOF(windows); i++) expect_text(path, windows[i], want.p, want.n);
    free(in.p);
    free(want.p);
}

/* ---- streams ----------------------------------------------------------- */

static void test_fifo_formats(void **state)
{
    (void)state;
    const size_t n = 500000;
    unsigned char *text = gen_text(n, 9);
    size_t zn, gn;
    unsigned char *z = zstd_frame(text, n, &zn), *g = gzip_member(text, n, &gn);
    const struct {
        const unsigned char *p;
        size_t n;
    } in[] = {{text, n}, {z, zn}, {g, gn}, {text, n - 1}};
    for (int i = 0; i < TS_COUNTOF(in); i++) {
        struct coll c = {0};
        struct ts_err err = {0};
        assert_int_equal(read_fifo(in[i].p, in[i].n, i == 0 ? 4096 : 0, &c, &err), TS_OK);
        assert_int_equal(c.all.n, n);
        assert_memory_equal(c.all.p, text, n);
        coll_free(&c);
    }
    free(text);
    free(z);
    free(g);
}

/* "-" reads fd 0: a pipe stands in for it, compressed to test the peek. */
static void test_stdin(void **state)
{
    (void)state;
    const size_t n = 300000;
    unsigned char *text = gen_text(n, 10);
    size_t zn;
    unsigned char *z = zstd_frame(text, n, &zn);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    const int saved = dup(0);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fds[0], 0), 0);
    close(fds[0]);
    struct feeder f = {.fd = fds[1], .p = z, .n = zn, .chunk = 3};
    feeder_start(&f);

    struct ts_input *s;
    struct ts_err err = {0};
    struct coll c = {0};
    assert_int_equal(ts_input_open("-", &s, &err), TS_OK);
    assert_int_equal(ts_input_format(s), TS_FMT_ZSTD);
    assert_int_equal(ts_input_splittable(s), 0);
    assert_int_equal(ts_input_size(s), -1);
    assert_int_equal(ts_input_mtime(s), -1);
    assert_int_equal(ts_input_read_all(s, NULL, collect, &c, &err), TS_OK);
    assert_int_equal(ts_input_read_all(s, NULL, collect, &c, &err), TS_EUSAGE);
    long long b[3];
    assert_int_equal(ts_input_split(s, 2, b, &err), TS_EUSAGE);
    ts_input_close(s);
    feeder_join(&f);

    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    assert_int_equal(c.all.n, n);
    assert_memory_equal(c.all.p, text, n);
    coll_free(&c);
    free(z);
    free(text);
}

/* ---- split and ranges -------------------------------------------------- */

struct part {
    struct ts_input *s;
    long long begin, end;
    size_t window;
    struct coll c;
    int rc;
};

static void *read_part(void *arg)
{
    struct part *p = arg;
    struct ts_err err = {0};
    const struct ts_input_opts o = {.window = p->window};
    p->rc = ts_input_read_range(p->s, p->begin, p->end, &o, collect, &p->c, &err);
    return NULL;
}

static void check_split(const char *path, const unsigned char *want, size_t wantn, int nparts,
                        size_t window, int threaded)
{
    struct ts_input *s;
    struct ts_err err = {0};
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    long long *b = malloc(sizeof *b * (size_t)(nparts + 1));
    assert_int_equal(ts_input_split(s, nparts, b, &err), TS_OK);
    const long long size = ts_input_size(s);
    assert_int_equal(b[0], 0);
    assert_int_equal(b[nparts], size);
    FILE *f = fopen(path, "rb");
    for (int i = 1; i < nparts; i++) {
        assert_true(b[i] >= b[i - 1]);
        if (b[i] > 0 && b[i] < size) { /* just after a '\n' */
            assert_int_equal(fseek(f, (long)b[i] - 1, SEEK_SET), 0);
            assert_int_equal(fgetc(f), '\n');
        }
    }
    fclose(f);
    struct part *parts = calloc((size_t)nparts, sizeof *parts);
    for (int i = 0; i < nparts; i++) {
        parts[i] = (struct part){.s = s, .begin = b[i], .end = b[i + 1], .window = window};
    }
    pthread_t *th = calloc((size_t)nparts, sizeof *th);
    for (int i = 0; i < nparts; i++) {
        if (threaded)
            assert_int_equal(pthread_create(&th[i], NULL, read_part, &parts[i]), 0);
        else
            read_part(&parts[i]);
    }
    struct buf all = {0};
    for (int i = 0; i < nparts; i++) {
        if (threaded) pthread_join(th[i], NULL);
        assert_int_equal(parts[i].rc, TS_OK);
        assert_int_equal(parts[i].c.bad_run, 0);
        assert_int_equal(parts[i].c.too_long, 0);
        buf_add(&all, parts[i].c.all.p, parts[i].c.all.n);
        coll_free(&parts[i].c);
    }
    assert_int_equal(all.n, wantn);
    assert_memory_equal(all.p, want, wantn);
    free(all.p);
    free(th);
    free(parts);
    free(b);
    ts_input_close(s);
}

static void test_split_ranges(void **state)
{
    (void)state;
    char path[512];
    const size_t n = 2500000;
    unsigned char *text = gen_text(n, 11);
    write_file(tpath(path, "split"), text, n);
    const int ns[] = {1, 2, 3, 7, 16, 100};
    for (int i = 0; i < TS_COUNTOF(ns); i++) {
        check_split(path, text, n, ns[i], 0, 0);
        check_split(path, text, n, ns[i], 4096, 0);
    }
    check_split(path, text, n, 4, 8192, 1);
    check_split(path, text, n, 8, 0, 1);

    /* without final newline, and with long lines */
    write_file(path, text, n - 1);
    check_split(path, text, n, 5, 4096, 1);
    struct buf in = {0}, want = {0};
    long_lines(&in, &want);
    write_file(path, in.p, in.n);
    check_split(path, want.p, want.n, 3, 0, 1);
    check_split(path, want.p, want.n, 9, 4096, 0);

    /* more parts than bytes */
    write_file(path, "a\nb\n", 4);
    check_split(path, (const unsigned char *)"a\nb\n", 4, 10, 0, 0);

    struct ts_input *s;
    struct ts_err err = {0};
    struct coll c = {0};
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    assert_int_equal(ts_input_read_range(s, 0, 99, NULL, collect, &c, &err), TS_EUSAGE);
    assert_int_equal(ts_input_read_range(s, 3, 2, NULL, collect, &c, &err), TS_EUSAGE);
    ts_input_close(s);
    free(in.p);
    free(want.p);
    free(text);
}

/* ---- shrinking files --------------------------------------------------- */

static void test_shrink_while_mapped(void **state)
{
    (void)state;
    char path[512];
    const size_t n = 2000000;
    unsigned char *text = gen_text(n, 12);
    for (int touch = 0; touch <= 1; touch++) {
        write_file(tpath(path, "shrink"), text, n);
        struct coll c = {.shrink = path, .touch_after_shrink = touch};
        struct ts_err err = {0};
        assert_int_equal(read_path(path, 65536, 0, &c, &err), TS_ETRUNC);
        assert_int_equal(err.code, TS_ETRUNC);
        assert_non_null(strstr(err.msg, "shrank"));
        assert_string_equal(err.path, path);
        assert_int_equal(c.calls, 1);
        coll_free(&c);
    }
    /* the handler leaves ordinary reading alone afterwards */
    write_file(path, text, n);
    expect_text(path, 65536, text, n);
    free(text);
}

static int count_calls(void *ctx, const unsigned char *p, size_t n)
{
    (void)p;
    (void)n;
    ++*(int *)ctx;
    return 0;
}

/* A SIGBUS outside any read must still kill the process. The child leaves
 * only through _exit or the signal: cmocka's state must not run twice. */
static void test_foreign_sigbus_kills(void **state)
{
    (void)state;
    char path[512];
    write_file(tpath(path, "tiny"), "x\n", 2);
    fflush(NULL);
    const pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGBUS, SIG_DFL); /* what a program without cmocka has */
        alarm(20);               /* a handler that swallows the fault would spin */
        struct ts_input *s;
        int calls = 0;
        if (ts_input_open(path, &s, NULL) || ts_input_read_all(s, NULL, count_calls, &calls, NULL))
            _exit(3);
        ts_input_close(s); /* the handler is now installed */
        const int fd = open(path, O_RDONLY);
        const long pg = sysconf(_SC_PAGESIZE);
        volatile unsigned char *p = mmap(NULL, (size_t)pg * 2, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED || calls != 1) _exit(4);
        (void)p[pg]; /* beyond the end of the file */
        _exit(0);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGBUS);
}

/* Regular files mmap cannot read: procfs says size 0 yet has content,
 * sysfs refuses mmap (ENODEV). Both are read with read(), whole. */
static void test_unmappable_files(void **state)
{
    (void)state;
    static const char *const paths[] = {"/proc/version", "/proc/self/limits", "/sys/kernel/address_bits"};
    int tried = 0;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        FILE *f = fopen(paths[i], "r");
        if (!f) continue;
        char want[8192];
        const size_t n = fread(want, 1, sizeof want, f);
        fclose(f);
        struct coll c = {0};
        struct ts_err err = {0};
        struct ts_input *s;
        assert_int_equal(ts_input_open(paths[i], &s, &err), TS_OK);
        assert_false(ts_input_splittable(s));
        assert_int_equal(ts_input_read_all(s, NULL, collect, &c, &err), TS_OK);
        ts_input_close(s);
        assert_true(n > 0);
        assert_int_equal(c.all.n, n);
        assert_memory_equal(c.all.p, want, n);
        coll_free(&c);
        tried++;
    }
    if (!tried) skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_sniff_by_content),
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_window_boundaries),
        cmocka_unit_test(test_long_lines_mapped),
        cmocka_unit_test(test_fifo_formats),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_split_ranges),
        cmocka_unit_test(test_shrink_while_mapped),
        cmocka_unit_test(test_foreign_sigbus_kills),
        cmocka_unit_test(test_unmappable_files),
    };
    return cmocka_run_group_tests_name("input", tests, group_setup, group_teardown) ? 1 : 0;
}
