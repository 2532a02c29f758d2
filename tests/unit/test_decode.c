/* test_decode.c — decode (split from test_input.c by module). */
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
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "input/input.h"
#include "input/walk.h"
#include "input/pipe.h"

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

/* ---- every format at the edges of the stream block ----------------------- */

static unsigned char *xz_stream(const void *src, size_t n, size_t *outn)
{
    const size_t cap = lzma_stream_buffer_bound(n);
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    *outn = 0;
    assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, src, n, out, outn, cap), LZMA_OK);
    return out;
}

static unsigned char *bzip2_stream(const void *src, size_t n, size_t *outn)
{
    unsigned cap = (unsigned)(n + n / 100 + 600);
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out, &cap, (char *)(uintptr_t)src, (unsigned)n, 9, 0, 0), BZ_OK);
    *outn = cap;
    return out;
}

typedef unsigned char *(*compress_fn)(const void *src, size_t n, size_t *outn);

/* Decoded sizes of half a block, one, two and four blocks, with a small
 * block and the default one (256 KiB): a frame that ends exactly where a
 * block fills must end cleanly (zstd said "truncated" there), and two
 * streams back to back must both be read. */
static void test_block_multiples(void **state)
{
    (void)state;
    static const compress_fn fmt[] = {zstd_frame, gzip_member, xz_stream, bzip2_stream};
    static const size_t blocks[] = {4096, 256 << 10};
    char path[512];
    tpath(path, "edge");
    for (size_t f = 0; f < sizeof fmt / sizeof fmt[0]; f++)
        for (size_t b = 0; b < 2; b++)
            for (size_t k = 1; k <= 8; k *= 2) {
                const size_t n = blocks[b] * k / 2;
                unsigned char *text = gen_text(n, (unsigned)(f * 31 + k));
                size_t zn;
                unsigned char *z = fmt[f](text, n, &zn);
                write_file(path, z, zn);
                expect_text(path, b ? 0 : blocks[b], text, n);
                struct buf two = {0}, want = {0};
                buf_add(&two, z, zn);
                buf_add(&two, z, zn);
                buf_add(&want, text, n);
                buf_add(&want, text, n);
                write_file(path, two.p, two.n);
                expect_text(path, b ? 0 : blocks[b], want.p, want.n);
                free(two.p);
                free(want.p);
                free(z);
                free(text);
            }
}

/* gzip -d passes over zero bytes after the last member (tape padding)
 * and so do we; anything else there is corrupt, after every line. */
static void test_gzip_zero_padding(void **state)
{
    (void)state;
    char path[512];
    tpath(path, "pad.gz");
    const size_t n = 10000;
    unsigned char *text = gen_text(n, 7);
    size_t zn;
    unsigned char *z = gzip_member(text, n, &zn);
    struct buf b = {0};
    buf_add(&b, z, zn);
    buf_fill(&b, 0, 3000);
    write_file(path, b.p, b.n);
    expect_text(path, 0, text, n);
    expect_text(path, 4096, text, n);
    buf_add(&b, "x", 1);
    write_file(path, b.p, b.n);
    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 0, 0, &c, &err), TS_EDATA);
    assert_int_equal(c.all.n, n);
    coll_free(&c);
    free(b.p);
    free(z);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zstd_frames),
        cmocka_unit_test(test_zstd_truncated),
        cmocka_unit_test(test_zstd_corrupt),
        cmocka_unit_test(test_zstd_window_log),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_block_multiples),
        cmocka_unit_test(test_gzip_zero_padding),
    };
    return cmocka_run_group_tests_name("decode", tests, group_setup, group_teardown) ? 1 : 0;
}
