/* test_input.c — input layer: sniffing, mmap windows, streams, zstd, gzip,
 * splitting, SIGBUS on shrinking files, directory walking. Fixtures are made
 * in a mkdtemp directory; compressed ones with libzstd and zlib directly. */
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

static char tdir[64];

/* ---- helpers ----------------------------------------------------------- */

struct buf {
    unsigned char *p;
    size_t n, cap;
};

static void buf_add(struct buf *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void buf_fill(struct buf *b, int c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const unsigned char ch = (unsigned char)c;
        buf_add(b, &ch, 1);
    }
}

static void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* What a consumer saw: all runs concatenated, plus contract checks. */
struct coll {
    struct buf all;
    int calls;
    int bad_run;       /* a run that was empty or did not end in '\n' */
    int too_long;      /* a line longer than TS_MAX_LINE + 1 with its '\n' */
    int stop_after;    /* return non-zero after this many calls */
    const char *shrink; /* truncate this file during the first call */
    int touch_after_shrink;
    int slow;          /* sleep now and then, so a producer thread runs ahead */
};

static int collect(void *ctx, const unsigned char *p, size_t n)
{
    struct coll *c = ctx;
    c->calls++;
    if (n == 0 || p[n - 1] != '\n') c->bad_run = 1;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n') continue;
        if (i + 1 - start > TS_MAX_LINE + 1) c->too_long = 1;
        start = i + 1;
    }
    if (c->slow && c->calls % 5 == 0) {
        const struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
    }
    buf_add(&c->all, p, n);
    if (c->shrink && c->calls == 1) {
        assert_int_equal(truncate(c->shrink, 0), 0);
        if (c->touch_after_shrink) {
            volatile unsigned char x = p[n - 1]; /* page is gone: SIGBUS */
            (void)x;
        }
    }
    return c->stop_after && c->calls >= c->stop_after;
}

static void coll_free(struct coll *c)
{
    free(c->all.p);
    memset(c, 0, sizeof *c);
}

static const char *tpath(char *out, const char *name)
{
    snprintf(out, 512, "%s/%s", tdir, name);
    return out;
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (n) assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static int read_path(const char *path, size_t window, int wlog, struct coll *c,
                     struct ts_err *err)
{
    struct ts_input *s;
    int rc = ts_input_open(path, &s, err);
    if (rc) return rc;
    const struct ts_input_opts o = {.window = window, .zstd_window_log_max = wlog};
    rc = ts_input_read_all(s, &o, collect, c, err);
    ts_input_close(s);
    assert_int_equal(c->bad_run, 0);
    assert_int_equal(c->too_long, 0);
    return rc;
}

/* Reads path and checks the delivered text is exactly want. */
static void expect_text(const char *path, size_t window, const void *want, size_t n)
{
    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, window, 0, &c, &err), TS_OK);
    assert_int_equal(c.all.n, n);
    if (n) assert_memory_equal(c.all.p, want, n);
    coll_free(&c);
}

/* Deterministic log-like text of exactly n bytes ending in '\n': mostly
 * short lines, some CRLF, now and then a line of several KiB. */
static unsigned char *gen_text(size_t n, unsigned seed)
{
    unsigned char *p = malloc(n);
    assert_non_null(p);
    unsigned x = seed * 2654435761u + 1;
    size_t i = 0;
    while (i < n) {
        x = x * 1103515245u + 12345u;
        size_t len = (x >> 16) % 200;
        if ((x >> 8) % 50 == 0) len = 3000 + (x >> 4) % 9000;
        for (size_t k = 0; k < len && i < n - 1; k++, i++) p[i] = (unsigned char)('a' + (i + k) % 26);
        if ((x >> 12) % 7 == 0 && i < n - 1) p[i++] = '\r';
        p[i++] = '\n';
    }
    p[n - 1] = '\n';
    return p;
}

static unsigned char *zstd_frame(const void *src, size_t n, size_t *outn)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    assert_non_null(c);
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
    const size_t cap = ZSTD_compressBound(n);
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    *outn = ZSTD_compress2(c, out, cap, src, n);
    assert_false(ZSTD_isError(*outn));
    ZSTD_freeCCtx(c);
    return out;
}

static unsigned char *gzip_member(const void *src, size_t n, size_t *outn)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    const size_t cap = deflateBound(&zs, (uLong)n) + 64;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    zs.next_in = (unsigned char *)(uintptr_t)src;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *outn = cap - zs.avail_out;
    deflateEnd(&zs);
    return out;
}

static void add_skippable(struct buf *b, unsigned nibble, const char *payload)
{
    const uint32_t magic = 0x184D2A50u + nibble, len = (uint32_t)strlen(payload);
    const unsigned char h[8] = {magic & 0xFF, magic >> 8 & 0xFF, magic >> 16 & 0xFF, magic >> 24,
                                len & 0xFF, len >> 8 & 0xFF, len >> 16 & 0xFF, len >> 24};
    buf_add(b, h, 8);
    buf_add(b, payload, len);
}

/* ---- writer thread for pipes and FIFOs ---------------------------------- */

struct feeder {
    const char *fifo; /* opened for writing by the thread, or */
    int fd;           /* an already open write end */
    const unsigned char *p;
    size_t n, chunk;
    pthread_t th;
};

static void *feed(void *arg)
{
    struct feeder *f = arg;
    int fd = f->fifo ? open(f->fifo, O_WRONLY) : f->fd;
    if (fd < 0) return NULL;
    for (size_t i = 0; i < f->n;) {
        size_t k = f->n - i < f->chunk ? f->n - i : f->chunk;
        ssize_t w = write(fd, f->p + i, k);
        if (w <= 0) break;
        i += (size_t)w;
    }
    close(fd);
    return NULL;
}

static void feeder_start(struct feeder *f)
{
    assert_int_equal(pthread_create(&f->th, NULL, feed, f), 0);
}

static void feeder_join(struct feeder *f)
{
    assert_int_equal(pthread_join(f->th, NULL), 0);
}

/* Reads bytes through a fresh FIFO written in small chunks. */
static int read_fifo(const void *bytes, size_t n, size_t window, struct coll *c,
                     struct ts_err *err)
{
    char path[512];
    tpath(path, "fifo");
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    struct feeder f = {.fifo = path, .p = bytes, .n = n, .chunk = 1000};
    feeder_start(&f);
    const int rc = read_path(path, window, 0, c, err);
    feeder_join(&f);
    unlink(path);
    return rc;
}

/* ---- group setup ------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    snprintf(tdir, sizeof tdir, "/tmp/ts-input-XXXXXX");
    return mkdtemp(tdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", tdir, tdir);
    return system(cmd) == 0 ? 0 : -1;
}

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

/* Lines of exactly TS_MAX_LINE, one more, several times more, and a last
 * line without newline that is too long, each between short lines. */
static void long_lines(struct buf *in, struct buf *want)
{
    const size_t M = TS_MAX_LINE;
    buf_str(in, "a\n");
    buf_fill(in, 'x', M);
    buf_str(in, "\nb\n");
    buf_fill(in, 'y', M + 1);
    buf_str(in, "\n");
    buf_fill(in, 'z', 3 * M + 5000);
    buf_str(in, "\nc\r\n");
    buf_fill(in, 'w', M + 5);

    buf_str(want, "a\n");
    buf_fill(want, 'x', M);
    buf_str(want, "\nb\n");
    buf_fill(want, 'y', M);
    buf_str(want, "\n");
    buf_fill(want, 'z', M);
    buf_str(want, "\nc\r\n");
    buf_fill(want, 'w', M);
    buf_str(want, "\n");
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

static void test_long_lines_streams(void **state)
{
    (void)state;
    char path[512], gzpath[512];
    struct buf in = {0}, want = {0};
    long_lines(&in, &want);
    size_t zn, gn;
    unsigned char *z = zstd_frame(in.p, in.n, &zn);
    unsigned char *g = gzip_member(in.p, in.n, &gn);
    write_file(tpath(path, "long.zst"), z, zn);
    write_file(tpath(gzpath, "long.gz"), g, gn);
    const size_t blocks[] = {0, 4096, 100000};
    for (int i = 0; i < TS_COUNTOF(blocks); i++) {
        expect_text(path, blocks[i], want.p, want.n);
        expect_text(gzpath, blocks[i], want.p, want.n);
        struct coll c = {0};
        struct ts_err err = {0};
        assert_int_equal(read_fifo(in.p, in.n, blocks[i], &c, &err), TS_OK);
        assert_int_equal(c.all.n, want.n);
        assert_memory_equal(c.all.p, want.p, want.n);
        coll_free(&c);
    }
    free(z);
    free(g);
    free(in.p);
    free(want.p);
}

static void test_stop(void **state)
{
    (void)state;
    char path[512];
    unsigned char *text = gen_text(200000, 2);
    write_file(tpath(path, "stop"), text, 200000);
    struct coll c = {.stop_after = 1};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 4096, 0, &c, &err), TS_ESTOP);
    assert_int_equal(c.calls, 1);
    coll_free(&c);
    free(text);
}

/* The decode thread and its rotating buffers deliver exactly what a direct
 * read does: many small blocks, cut long lines (delivered from a copy), a
 * slow consumer so every buffer is in use, and stopping midway. */
static void test_pipe(void **state)
{
    (void)state;
    char zpath[512], gzpath[512];
    struct buf in = {0}, cut = {0};
    unsigned char *text = gen_text(3000000, 7);
    buf_add(&in, text, 3000000);
    long_lines(&in, &cut);
    size_t zn, gn;
    unsigned char *z = zstd_frame(in.p, in.n, &zn);
    unsigned char *g = gzip_member(in.p, in.n, &gn);
    write_file(tpath(zpath, "pipe.zst"), z, zn);
    write_file(tpath(gzpath, "pipe.gz"), g, gn);
    const char *paths[] = {zpath, gzpath};
    const size_t blocks[] = {0, 4096, 65536};
    for (int i = 0; i < TS_COUNTOF(paths); i++)
        for (int b = 0; b < TS_COUNTOF(blocks); b++)
            for (int slow = 0; slow < 2; slow++) {
                struct coll want = {0};
                struct ts_err err = {0};
                assert_int_equal(read_path(paths[i], blocks[b], 0, &want, &err), TS_OK);
                assert_true(want.all.n > 3000000);
                struct ts_input *s;
                assert_int_equal(ts_input_open(paths[i], &s, &err), TS_OK);
                const struct ts_input_opts o = {.window = blocks[b]};
                struct coll c = {.slow = slow};
                assert_int_equal(ts_pipe_read(s, &o, collect, &c, &err), TS_OK);
                assert_int_equal(c.bad_run, 0);
                assert_int_equal(c.too_long, 0);
                assert_int_equal(c.all.n, want.all.n);
                assert_memory_equal(c.all.p, want.all.p, want.all.n);
                coll_free(&c);
                coll_free(&want);
                struct coll st = {.stop_after = 3, .slow = slow};
                assert_int_equal(ts_pipe_read(s, &o, collect, &st, &err), TS_ESTOP);
                assert_int_equal(st.calls, 3);
                coll_free(&st);
                ts_input_close(s);
            }
    free(text);
    free(z);
    free(g);
    free(in.p);
    free(cut.p);
}

/* ---- zstd -------------------------------------------------------------- */

static void test_zstd_frames(void **state)
{
    (void)state;
    char path[512];
    const size_t n1 = 700000, n2 = 300001;
    unsigned char *t1 = gen_text(n1, 3), *t2 = gen_text(n2, 4);
    size_t z1n, z2n;
    unsigned char *z1 = zstd_frame(t1, n1, &z1n), *z2 = zstd_frame(t2, n2, &z2n);

    write_file(tpath(path, "one.zst"), z1, z1n);
    expect_text(path, 0, t1, n1);
    expect_text(path, 4096, t1, n1);

    struct buf b = {0}, want = {0};
    add_skippable(&b, 0, "x");
    buf_add(&b, z1, z1n);
    add_skippable(&b, 0xF, "");
    buf_add(&b, z2, z2n);
    buf_add(&want, t1, n1);
    buf_add(&want, t2, n2);
    write_file(tpath(path, "multi.zst"), b.p, b.n);
    expect_text(path, 0, want.p, want.n);
    expect_text(path, 8192, want.p, want.n);

    /* a last line without newline gets one */
    size_t zn;
    unsigned char *z = zstd_frame("p\nq", 3, &zn);
    write_file(tpath(path, "nonl.zst"), z, zn);
    expect_text(path, 0, "p\nq\n", 4);

    /* a frame with no content */
    free(z);
    z = zstd_frame("", 0, &zn);
    write_file(tpath(path, "empty.zst"), z, zn);
    expect_text(path, 0, "", 0);
    free(z);
    free(b.p);
    free(want.p);
    free(t1);
    free(t2);
    free(z1);
    free(z2);
}

/* The delivered text must be a prefix of the original made of whole lines. */
static void assert_line_prefix(const struct coll *c, const unsigned char *text, size_t n)
{
    assert_true(c->all.n <= n);
    if (c->all.n) {
        assert_memory_equal(c->all.p, text, c->all.n);
        assert_int_equal(c->all.p[c->all.n - 1], '\n');
    }
}

static void test_zstd_truncated(void **state)
{
    (void)state;
    char path[512];
    const size_t n = 2000000;
    unsigned char *text = gen_text(n, 5);
    size_t zn;
    unsigned char *z = zstd_frame(text, n, &zn);
    write_file(tpath(path, "trunc.zst"), z, zn * 3 / 4);
    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_ETRUNC);
    assert_int_equal(err.code, TS_ETRUNC);
    assert_string_equal(err.path, path);
    assert_non_null(strstr(err.msg, "truncated"));
    assert_true(c.all.n > n / 4);
    assert_true(c.all.n < n);
    assert_line_prefix(&c, text, n);
    coll_free(&c);

    /* cut inside the frame header: nothing decoded */
    write_file(path, z, 5);
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_ETRUNC);
    assert_int_equal(c.calls, 0);
    coll_free(&c);
    free(z);
    free(text);
}

static void test_zstd_corrupt(void **state)
{
    (void)state;
    char path[512];
    const size_t n = 2000000;
    unsigned char *text = gen_text(n, 6);
    size_t zn;
    unsigned char *z = zstd_frame(text, n, &zn);
    for (size_t i = zn / 2; i < zn / 2 + 64; i++) z[i] ^= 0x5A;
    write_file(tpath(path, "corrupt.zst"), z, zn);
    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_EDATA);
    assert_int_equal(err.code, TS_EDATA);
    assert_non_null(strstr(err.msg, "zstd"));
    coll_free(&c);

    /* garbage after a complete frame: all of the frame, then an error */
    free(z);
    free(text);
    text = gen_text(5000, 6);
    z = zstd_frame(text, 5000, &zn);
    struct buf b = {0};
    buf_add(&b, z, zn);
    buf_str(&b, "this is not zstd\n");
    write_file(path, b.p, b.n);
    memset(&err, 0, sizeof err);
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_EDATA);
    assert_int_equal(c.all.n, 5000);
    assert_memory_equal(c.all.p, text, 5000);
    coll_free(&c);
    free(b.p);
    free(z);
    free(text);
}

/* A frame from a pipe (no pledged size) keeps the declared 2 GiB window. */
static unsigned char *zstd_long31(const char *text, size_t *outn)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    assert_non_null(c);
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 31)));
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1)));
    const size_t cap = 4096;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    ZSTD_outBuffer ob = {out, cap, 0};
    ZSTD_inBuffer ib = {text, strlen(text), 0};
    assert_false(ZSTD_isError(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue)));
    ZSTD_inBuffer none = {NULL, 0, 0};
    size_t left;
    do {
        left = ZSTD_compressStream2(c, &ob, &none, ZSTD_e_end);
        assert_false(ZSTD_isError(left));
    } while (left);
    ZSTD_freeCCtx(c);
    *outn = ob.pos;
    return out;
}

static void test_zstd_window_log(void **state)
{
    (void)state;
    char path[512];
    const char *text = "line one\nline two\n";
    size_t zn;
    unsigned char *z = zstd_long31(text, &zn);
    assert_true(ZSTD_getFrameContentSize(z, zn) == ZSTD_CONTENTSIZE_UNKNOWN);
    write_file(tpath(path, "long31.zst"), z, zn);

    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_EDATA);
    assert_non_null(strstr(err.msg, "--zstd-window-log-max 31"));
    assert_int_equal(c.calls, 0);
    coll_free(&c);

    assert_int_equal(read_path(path, 0, 31, &c, &err), TS_OK);
    assert_int_equal(c.all.n, strlen(text));
    assert_memory_equal(c.all.p, text, strlen(text));
    coll_free(&c);

    assert_int_equal(read_path(path, 0, 99, &c, &err), TS_EUSAGE);
    coll_free(&c);
    free(z);
}

/* ---- gzip -------------------------------------------------------------- */

static void test_gzip(void **state)
{
    (void)state;
    char path[512];
    const size_t n1 = 900000, n2 = 1234;
    unsigned char *t1 = gen_text(n1, 7), *t2 = gen_text(n2, 8);
    size_t g1n, g2n;
    unsigned char *g1 = gzip_member(t1, n1, &g1n), *g2 = gzip_member(t2, n2, &g2n);
    write_file(tpath(path, "one.gz"), g1, g1n);
    expect_text(path, 0, t1, n1);
    expect_text(path, 4096, t1, n1);

    struct buf b = {0}, want = {0};
    buf_add(&b, g1, g1n);
    buf_add(&b, g2, g2n);
    buf_add(&b, g1, g1n);
    buf_add(&want, t1, n1);
    buf_add(&want, t2, n2);
    buf_add(&want, t1, n1);
    write_file(tpath(path, "multi.gz"), b.p, b.n);
    expect_text(path, 0, want.p, want.n);
    expect_text(path, 5000, want.p, want.n);

    struct coll c = {0};
    struct ts_err err = {0};
    write_file(tpath(path, "trunc.gz"), g1, g1n * 2 / 3);
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_ETRUNC);
    assert_non_null(strstr(err.msg, "truncated"));
    assert_true(c.all.n > n1 / 4);
    assert_line_prefix(&c, t1, n1);
    coll_free(&c);

    /* a member cut in its trailer after a complete one */
    write_file(path, b.p, g1n + g2n - 3);
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_ETRUNC);
    assert_line_prefix(&c, want.p, want.n);
    coll_free(&c);

    for (size_t i = g1n / 2; i < g1n / 2 + 32; i++) g1[i] ^= 0xA5;
    write_file(tpath(path, "corrupt.gz"), g1, g1n);
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_EDATA);
    assert_non_null(strstr(err.msg, "gzip"));
    coll_free(&c);
    free(b.p);
    free(want.p);
    free(t1);
    free(t2);
    free(g1);
    free(g2);
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
     * a.log again (test_walk.c says how both are reported) */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_sniff_by_content),
        cmocka_unit_test(test_plain_lines),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_window_boundaries),
        cmocka_unit_test(test_long_lines_mapped),
        cmocka_unit_test(test_long_lines_streams),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_pipe),
        cmocka_unit_test(test_zstd_frames),
        cmocka_unit_test(test_zstd_truncated),
        cmocka_unit_test(test_zstd_corrupt),
        cmocka_unit_test(test_zstd_window_log),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_fifo_formats),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_split_ranges),
        cmocka_unit_test(test_shrink_while_mapped),
        cmocka_unit_test(test_foreign_sigbus_kills),
        cmocka_unit_test(test_walk_order),
        cmocka_unit_test(test_walk_links),
        cmocka_unit_test(test_walk_problems),
    };
    return cmocka_run_group_tests_name("input", tests, group_setup, group_teardown) ? 1 : 0;
}
