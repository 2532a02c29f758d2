/* test_igzip.c — gzip through ISA-L (igzip.c) against zlib (decode.c).
 *
 * zlib is the reference: every member shape, cut and corruption below is
 * read with both inflaters, and they must deliver the same lines and the
 * same outcome. A build without ISA-L runs the zlib half only. */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "input/input.h"

static const enum ts_input_inflater k_inflaters[] = {TS_INFLATE_ZLIB, TS_INFLATE_ISAL};

static int ninflaters(void) { return ts_input_inflater_version(TS_INFLATE_ISAL) ? 2 : 1; }

static int read_with(const char *path, enum ts_input_inflater inf, size_t window, struct coll *c, struct ts_err *err)
{
    struct ts_input *s;
    int rc = ts_input_open(path, &s, err);
    if (rc) return rc;
    const struct ts_input_opts o = {.window = window, .inflater = inf};
    rc = ts_input_read_all(s, &o, collect, c, err);
    ts_input_close(s);
    assert_int_equal(c->bad_run, 0);
    assert_int_equal(c->too_long, 0);
    return rc;
}

/* Both inflaters read path to exactly want. */
static void expect_both(const char *path, size_t window, const void *want, size_t n)
{
    for (int i = 0; i < ninflaters(); i++) {
        struct coll c = {0};
        struct ts_err err = {0};
        assert_int_equal(read_with(path, k_inflaters[i], window, &c, &err), TS_OK);
        assert_int_equal(c.all.n, n);
        if (n) assert_memory_equal(c.all.p, want, n);
        coll_free(&c);
    }
}

/* Both inflaters fail on path with want_rc and deliver the same lines, a
 * line-aligned prefix of text; returns how many bytes that was. */
static size_t expect_same_failure(const char *path, int want_rc, const unsigned char *text, size_t n)
{
    struct coll c[2];
    memset(c, 0, sizeof c);
    for (int i = 0; i < ninflaters(); i++) {
        struct ts_err err = {0};
        assert_int_equal(read_with(path, k_inflaters[i], 4096, &c[i], &err), want_rc);
        assert_non_null(strstr(err.msg, want_rc == TS_ETRUNC ? "truncated gzip" : "corrupt gzip"));
        assert_true(c[i].all.n <= n);
        if (c[i].all.n) {
            assert_memory_equal(c[i].all.p, text, c[i].all.n);
            assert_int_equal(c[i].all.p[c[i].all.n - 1], '\n');
        }
    }
    const size_t got = c[0].all.n;
    if (ninflaters() == 2) assert_int_equal(c[1].all.n, got);
    coll_free(&c[0]);
    coll_free(&c[1]);
    return got;
}

/* Text that compresses about 2:1, ending in '\n': lines of 0 to 120
 * letters, digits and spaces (gen_text's repeats compress 60:1, too short a
 * stream to cut in many places). */
static unsigned char *noisy_text(size_t n, unsigned seed)
{
    static const char k_chars[] = "abcdefghijklmnop0123456789 .:";
    unsigned char *t = malloc(n);
    assert_non_null(t);
    uint64_t x = 0x9E3779B97F4A7C15ull * (seed + 1);
    size_t line = 0;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (line == 0) line = 1 + x % 121;
        t[i] = --line == 0 || i == n - 1 ? '\n' : (unsigned char)k_chars[(x >> 8) % (sizeof k_chars - 1)];
    }
    return t;
}

/* A gzip member made by zlib: level, strategy, and optionally every
 * optional header field (extra, name, comment, header CRC). */
static unsigned char *member(const void *src, size_t n, int level, int strategy, int fields, size_t *outn)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, strategy), Z_OK);
    static unsigned char extra[] = "XY\004\000abcd";
    gz_header h = {0};
    if (fields) {
        h.extra = extra;
        h.extra_len = 8;
        h.name = (Bytef *)"router.log";
        h.comment = (Bytef *)"made by test_igzip";
        h.hcrc = 1;
        assert_int_equal(deflateSetHeader(&zs, &h), Z_OK);
    }
    const size_t cap = deflateBound(&zs, (uLong)n) + 256;
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

/* Stored, fixed-code, Huffman-only, RLE and dynamic blocks, with and
 * without the optional header fields, empty members, members back to back. */
static void test_member_shapes(void **state)
{
    (void)state;
    static const int shapes[][2] = {{0, Z_DEFAULT_STRATEGY}, {1, Z_DEFAULT_STRATEGY}, {6, Z_DEFAULT_STRATEGY},
                                    {9, Z_DEFAULT_STRATEGY}, {6, Z_FIXED},           {6, Z_HUFFMAN_ONLY},
                                    {6, Z_RLE},              {6, Z_FILTERED}};
    char path[512];
    tpath(path, "shape.gz");
    const size_t n = 300000;
    unsigned char *text = noisy_text(n, 11);
    struct buf all = {0}, want = {0};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int fields = 0; fields <= 1; fields++) {
            size_t zn;
            unsigned char *z = member(text, n, shapes[s][0], shapes[s][1], fields, &zn);
            write_file(path, z, zn);
            expect_both(path, 0, text, n);
            expect_both(path, 4096, text, n);
            buf_add(&all, z, zn);
            buf_add(&want, text, n);
            free(z);
            z = member("", 0, shapes[s][0], shapes[s][1], fields, &zn); /* an empty member between */
            buf_add(&all, z, zn);
            free(z);
        }
    write_file(path, all.p, all.n);
    expect_both(path, 0, want.p, want.n);
    expect_both(path, 4096, want.p, want.n);
    free(all.p);
    free(want.p);
    free(text);
}

/* Cut anywhere: header, blocks, trailer, between members. Both say
 * "truncated" and deliver the same complete lines (ISA-L holds no decoded
 * bytes back at the end of input). */
static void test_every_cut(void **state)
{
    (void)state;
    char path[512];
    tpath(path, "cut.gz");
    const size_t n1 = 150000, n2 = 20000;
    unsigned char *t = noisy_text(n1 + n2, 12);
    size_t z1n, z2n;
    unsigned char *z1 = member(t, n1, 6, Z_DEFAULT_STRATEGY, 1, &z1n);
    unsigned char *z2 = member(t + n1, n2, 1, Z_DEFAULT_STRATEGY, 0, &z2n);
    struct buf b = {0};
    buf_add(&b, z1, z1n);
    buf_add(&b, z2, z2n);
    size_t last = 0;
    int grew = 0;
    for (size_t cut = 2; cut < b.n; cut += cut < 64 || b.n - cut < 64 || (cut > z1n - 64 && cut < z1n + 64) ? 1 : 499) {
        write_file(path, b.p, cut);
        if (cut == z1n) { /* a whole member: not truncated */
            expect_both(path, 4096, t, n1);
            continue;
        }
        const size_t got = expect_same_failure(path, TS_ETRUNC, t, n1 + n2);
        grew += got > last;
        last = got;
    }
    assert_true(grew > 100); /* the cuts really decoded more and more */
    free(b.p);
    free(z1);
    free(z2);
    free(t);
}

/* A damaged byte anywhere: both report corrupt data (or, where the damage
 * shortened the stream, truncation) and deliver only lines of the text. */
static void test_corruption(void **state)
{
    (void)state;
    char path[512];
    tpath(path, "bad.gz");
    const size_t n = 200000;
    unsigned char *t = noisy_text(n, 13);
    size_t zn;
    unsigned char *z = member(t, n, 6, Z_DEFAULT_STRATEGY, 0, &zn);
    /* from byte 2: a damaged magic is not gzip at all, read as plain text */
    for (size_t at = 2; at < zn; at += at < 24 || zn - at < 24 ? 1 : 997) {
        z[at] ^= 0x55;
        write_file(path, z, zn);
        z[at] ^= 0x55;
        int rc[2] = {0, 0};
        for (int i = 0; i < ninflaters(); i++) {
            struct coll c = {0};
            struct ts_err err = {0};
            rc[i] = read_with(path, k_inflaters[i], 0, &c, &err);
            assert_true(rc[i] == TS_EDATA || rc[i] == TS_ETRUNC || (at >= 4 && at < 10 && rc[i] == TS_OK));
            assert_true(c.all.n <= n);
            if (c.all.n) assert_memory_equal(c.all.p, t, c.all.n);
            coll_free(&c);
        }
        if (ninflaters() == 2) assert_int_equal(rc[0], rc[1]);
    }
    /* the trailer's CRC and length, and garbage after a whole member */
    for (size_t k = 1; k <= 8; k++) {
        z[zn - k] ^= 0x01;
        write_file(path, z, zn);
        z[zn - k] ^= 0x01;
        expect_same_failure(path, TS_EDATA, t, n);
    }
    struct buf b = {0};
    buf_add(&b, z, zn);
    buf_str(&b, "this is not gzip\n");
    write_file(path, b.p, b.n);
    assert_int_equal(expect_same_failure(path, TS_EDATA, t, n), n);
    free(b.p);
    free(z);
    free(t);
}

/* Zero bytes after the last member are padding, not a member (gzip -d);
 * anything after them is corrupt, after every line. */
static void test_zero_padding(void **state)
{
    (void)state;
    char path[512];
    tpath(path, "pad.gz");
    const size_t n = 10000;
    unsigned char *text = gen_text(n, 14);
    size_t zn;
    unsigned char *z = member(text, n, 6, Z_DEFAULT_STRATEGY, 0, &zn);
    struct buf b = {0};
    buf_add(&b, z, zn);
    buf_fill(&b, 0, (1 << 20) + 3000); /* past one read of the input */
    write_file(path, b.p, b.n);
    expect_both(path, 0, text, n);
    expect_both(path, 4096, text, n);
    buf_add(&b, "x", 1);
    write_file(path, b.p, b.n);
    assert_int_equal(expect_same_failure(path, TS_EDATA, text, n), n);
    free(b.p);
    free(z);
    free(text);
}

/* Output sizes of half a block to four blocks, small and default blocks:
 * a member that ends exactly where a block fills ends cleanly. */
static void test_block_edges(void **state)
{
    (void)state;
    static const size_t blocks[] = {4096, 256 << 10};
    char path[512];
    tpath(path, "edge.gz");
    for (size_t b = 0; b < 2; b++)
        for (size_t k = 1; k <= 8; k *= 2) {
            const size_t n = blocks[b] * k / 2;
            unsigned char *text = gen_text(n, (unsigned)(40 + k));
            size_t zn;
            unsigned char *z = member(text, n, 6, Z_DEFAULT_STRATEGY, 0, &zn);
            struct buf two = {0}, want = {0};
            buf_add(&two, z, zn);
            buf_add(&two, z, zn);
            buf_add(&want, text, n);
            buf_add(&want, text, n);
            write_file(path, two.p, two.n);
            expect_both(path, b ? 0 : blocks[b], want.p, want.n);
            free(two.p);
            free(want.p);
            free(z);
            free(text);
        }
}

/* From a pipe, in reads of a few bytes: members, headers and trailers
 * arrive in pieces. */
static void test_small_reads(void **state)
{
    (void)state;
    const size_t n = 60000;
    unsigned char *text = noisy_text(n, 15);
    size_t z1n, z2n;
    unsigned char *z1 = member(text, n / 2, 6, Z_DEFAULT_STRATEGY, 1, &z1n);
    unsigned char *z2 = member(text + n / 2, n - n / 2, 0, Z_DEFAULT_STRATEGY, 0, &z2n);
    struct buf b = {0};
    buf_add(&b, z1, z1n);
    buf_add(&b, z2, z2n);
    char path[512];
    tpath(path, "pipe");
    static const size_t chunks[] = {1, 7, 4093};
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++)
        for (int i = 0; i < ninflaters(); i++) {
            unlink(path);
            assert_int_equal(mkfifo(path, 0600), 0);
            struct feeder f = {.fifo = path, .p = b.p, .n = b.n, .chunk = chunks[k]};
            feeder_start(&f);
            struct coll c = {0};
            struct ts_err err = {0};
            assert_int_equal(read_with(path, k_inflaters[i], 4096, &c, &err), TS_OK);
            feeder_join(&f);
            assert_int_equal(c.all.n, n);
            assert_memory_equal(c.all.p, text, n);
            coll_free(&c);
        }
    /* Cut, from a pipe: zlib gives every line the bits hold; ISA-L may hold
     * back the last literal or two (igzip.c), so at most its last line. */
    size_t got[2] = {0, 0};
    for (int i = 0; i < ninflaters(); i++) {
        unlink(path);
        assert_int_equal(mkfifo(path, 0600), 0);
        struct feeder f = {.fifo = path, .p = b.p, .n = z1n + z2n / 2, .chunk = 4093};
        feeder_start(&f);
        struct coll c = {0};
        struct ts_err err = {0};
        assert_int_equal(read_with(path, k_inflaters[i], 4096, &c, &err), TS_ETRUNC);
        feeder_join(&f);
        assert_true(c.all.n > n / 2 && c.all.n < n);
        assert_memory_equal(c.all.p, text, c.all.n);
        got[i] = c.all.n;
        coll_free(&c);
    }
    if (ninflaters() == 2) {
        assert_true(got[1] <= got[0]);
        if (got[1] < got[0]) assert_null(memchr(text + got[1], '\n', got[0] - got[1] - 1));
    }
    unlink(path);
    free(b.p);
    free(z1);
    free(z2);
    free(text);
}

static void test_versions(void **state)
{
    (void)state;
    assert_non_null(strstr(ts_input_inflater_version(TS_INFLATE_ZLIB), "zlib"));
    const char *dflt = ts_input_inflater_version(TS_INFLATE_AUTO);
#if TS_HAVE_ISAL
    assert_non_null(strstr(dflt, "ISA-L"));
#else
    assert_non_null(strstr(dflt, "zlib"));
    assert_null(ts_input_inflater_version(TS_INFLATE_ISAL));
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_member_shapes), cmocka_unit_test(test_every_cut),
        cmocka_unit_test(test_corruption),    cmocka_unit_test(test_zero_padding),
        cmocka_unit_test(test_block_edges),   cmocka_unit_test(test_small_reads),
        cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests_name("igzip", tests, group_setup, group_teardown) ? 1 : 0;
}
