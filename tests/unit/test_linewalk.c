/* test_linewalk.c — the line walk (linewalk.c) and the walk that finds the
 * literal itself (findwalk.c): every instruction set against the scalar
 * reference (hit lines plus exact headerless lines), on random bytes and on
 * headerless shapes and the literal placed across every chunk boundary; the
 * literal walk also against the line walk given the literal's hits, found
 * by this file's own search and by Hyperscan. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "scan/findwalk.h"
#include "scan/linewalk.h"
#include "scan/prefilter.h"

struct rec {
    uint64_t *idx;
    size_t *off, *len;
    size_t n, cap;
    const unsigned char *base;
    size_t stop_after; /* 0: never */
};

static int on_cand(void *ctx, const unsigned char *ls, const unsigned char *nl, uint64_t idx)
{
    struct rec *r = ctx;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->idx = realloc(r->idx, r->cap * sizeof *r->idx);
        r->off = realloc(r->off, r->cap * sizeof *r->off);
        r->len = realloc(r->len, r->cap * sizeof *r->len);
        assert_non_null(r->idx);
        assert_non_null(r->off);
        assert_non_null(r->len);
    }
    r->idx[r->n] = idx;
    r->off[r->n] = (size_t)(ls - r->base);
    r->len[r->n] = (size_t)(nl - ls);
    r->n++;
    return r->stop_after && r->n == r->stop_after;
}

static void rec_free(struct rec *r)
{
    free(r->idx);
    free(r->off);
    free(r->len);
    memset(r, 0, sizeof *r);
}

static const enum ts_isa k_isas[] = {TS_ISA_SSE2, TS_ISA_AVX2, TS_ISA_AVX512};

/* Walks p with every ISA this CPU runs and checks each against scalar;
 * returns the scalar record (caller frees). */
static struct rec walk_all(const unsigned char *p, size_t n, const size_t *hits, size_t nhits, size_t stop_after,
                           uint64_t *lines)
{
    struct rec want = {.base = p, .stop_after = stop_after};
    int stopped;
    *lines = ts_linewalk_run(TS_ISA_SCALAR, p, n, hits, nhits, on_cand, &want, &stopped);
    assert_int_equal(stopped, stop_after && want.n == stop_after);
    for (size_t k = 0; k < sizeof k_isas / sizeof k_isas[0]; k++) {
        if (ts_linewalk_isa(k_isas[k]) != k_isas[k]) continue; /* not on this CPU */
        struct rec got = {.base = p, .stop_after = stop_after};
        int st2;
        uint64_t l2 = ts_linewalk_run(k_isas[k], p, n, hits, nhits, on_cand, &got, &st2);
        assert_int_equal(l2, *lines);
        assert_int_equal(st2, stopped);
        assert_int_equal(got.n, want.n);
        for (size_t i = 0; i < want.n; i++) {
            assert_int_equal(got.idx[i], want.idx[i]);
            assert_int_equal(got.off[i], want.off[i]);
            assert_int_equal(got.len[i], want.len[i]);
        }
        rec_free(&got);
    }
    return want;
}

static void rec_same(const struct rec *got, const struct rec *want)
{
    assert_int_equal(got->n, want->n);
    for (size_t i = 0; i < want->n; i++) {
        assert_int_equal(got->idx[i], want->idx[i]);
        assert_int_equal(got->off[i], want->off[i]);
        assert_int_equal(got->len[i], want->len[i]);
    }
}

/* The end offsets of every "pluto" in p, by a plain search. */
static size_t naive_hits(const unsigned char *p, size_t n, size_t *hits)
{
    size_t nh = 0;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(p + i, "pluto", 5) == 0) hits[nh++] = i + 5;
    return nh;
}

static int on_hs(void *ctx, size_t end)
{
    struct rec *r = ctx; /* only its idx array, as a list of ends */
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->idx = realloc(r->idx, r->cap * sizeof *r->idx);
        assert_non_null(r->idx);
    }
    r->idx[r->n++] = end;
    return 0;
}

/* The literal walk of every ISA against its scalar reference, and that
 * against the line walk given the literal's hits (Hyperscan's too, when it
 * runs here). Returns the scalar record (caller frees). */
static struct rec find_all(const unsigned char *p, size_t n, size_t stop_after, uint64_t *lines)
{
    struct rec want = {.base = p, .stop_after = stop_after};
    int stopped;
    *lines = ts_findwalk_run(TS_ISA_SCALAR, p, n, on_cand, &want, &stopped);
    assert_int_equal(stopped, stop_after && want.n == stop_after);
    size_t *hits = malloc((n / 5 + 1) * sizeof *hits);
    assert_non_null(hits);
    const size_t nh = naive_hits(p, n, hits);
    static struct ts_prefilter *hs;
    static struct ts_prefilter_scratch *scr;
    static int tried;
    if (!tried) {
        struct ts_err e;
        tried = 1;
        if (ts_prefilter_new(&hs, TS_PF_HYPERSCAN, &e) == TS_OK) assert_int_equal(ts_prefilter_scratch_new(hs, &scr, &e), TS_OK);
    }
    if (hs) {
        struct rec ends = {0};
        assert_int_equal(ts_prefilter_scan(hs, scr, p, n, on_hs, &ends), TS_OK);
        assert_int_equal(ends.n, nh);
        for (size_t i = 0; i < nh; i++) assert_int_equal(ends.idx[i], hits[i]);
        rec_free(&ends);
    }
    for (size_t k = 0; k < 1 + sizeof k_isas / sizeof k_isas[0]; k++) {
        const enum ts_isa isa = k ? k_isas[k - 1] : TS_ISA_SCALAR;
        if (ts_linewalk_isa(isa) != isa) continue; /* not on this CPU */
        struct rec got = {.base = p, .stop_after = stop_after};
        int st2;
        /* k == 0: the line walk with the hits, against the reference */
        uint64_t l2 = k ? ts_findwalk_run(isa, p, n, on_cand, &got, &st2)
                        : ts_linewalk_run(isa, p, n, hits, nh, on_cand, &got, &st2);
        assert_int_equal(l2, *lines);
        assert_int_equal(st2, stopped);
        rec_same(&got, &want);
        rec_free(&got);
    }
    free(hits);
    return want;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_random_agree(void **state)
{
    (void)state;
    static const char alpha[] = "\n\n\n   ::..0123456789\"(#pc<ANov xplutoplutplto";
    for (int round = 0; round < 400; round++) {
        size_t n = 1 + next() % (round < 200 ? 300 : 40000);
        unsigned char *p = malloc(n);
        assert_non_null(p);
        for (size_t i = 0; i < n; i++) p[i] = (unsigned char)alpha[next() % (sizeof alpha - 1)];
        p[n - 1] = '\n';
        size_t nh = next() % 8 ? next() % (n / 50 + 2) : 0;
        size_t *hits = malloc((nh + 1) * sizeof *hits);
        assert_non_null(hits);
        for (size_t i = 0; i < nh; i++) hits[i] = 1 + next() % n;
        for (size_t i = 1; i < nh; i++) /* insertion sort: ascending */
            for (size_t j = i; j > 0 && hits[j - 1] > hits[j]; j--) {
                size_t t = hits[j];
                hits[j] = hits[j - 1];
                hits[j - 1] = t;
            }
        uint64_t lines, nl = 0;
        for (size_t i = 0; i < n; i++) nl += p[i] == '\n';
        struct rec r = walk_all(p, n, hits, nh, round % 5 == 0 ? 3 : 0, &lines);
        if (!r.stop_after || r.n < r.stop_after) assert_int_equal(lines, nl);
        rec_free(&r);
        r = find_all(p, n, round % 5 == 0 ? 3 : 0, &lines);
        if (!r.stop_after || r.n < r.stop_after) assert_int_equal(lines, nl);
        rec_free(&r);
        free(hits);
        free(p);
    }
}

/* A headerless line after filler of every length: the walk must report it
 * (independently of the reference: its index is known), and nothing else. */
static void test_shapes_every_offset(void **state)
{
    (void)state;
    static const char *shapes[] = {
        "Nov 28 12:34:56: \"c\" #1: STATE_MAIN_I1: initiate\n",
        "Nov  8 12:34:56.123: packet from 1.2.3.4:500: x\n",
        "Nov 8 12:34:56: x y z w\n",      /* ':' at byte 14 */
        "Nov 8 12:34:56.5: x y z w\n",    /* '.' at byte 14 */
        "003 \"c\" #1: initiating Main Mode\n",
        "1v2 \"c\" #2: x\n",
        "\"conn\"[1] 1.2.3.4 #5: x\n",
        "(conn) x\n",
        "#7: x\n",
        "packet from 1.2.3.4:500: x\n",
        "connection from 1.2.3.4\n",
        "<13>Nov 28 12:34:56: x y z\n",
    };
    unsigned char buf[1024];
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const size_t sl = strlen(shapes[s]);
        for (size_t pre = 0; pre < 200; pre++) {
            /* filler lines of 'x' (never candidates) totalling pre bytes */
            size_t n = 0, lines_before = 0;
            while (n < pre) {
                size_t l = pre - n > 23 ? 23 : pre - n;
                memset(buf + n, 'x', l);
                buf[n + l - 1] = '\n';
                n += l;
                lines_before++;
            }
            memcpy(buf + n, shapes[s], sl);
            const size_t at = n;
            n += sl;
            for (int t = 0; t < 70; t++) buf[n++] = t % 35 == 34 ? '\n' : 'y';
            buf[n - 1] = '\n';
            uint64_t lines;
            for (int find = 0; find < 2; find++) {
                struct rec r = find ? find_all(buf, n, 0, &lines) : walk_all(buf, n, NULL, 0, 0, &lines);
                assert_int_equal(r.n, 1);
                assert_int_equal(r.idx[0], lines_before);
                assert_int_equal(r.off[0], at);
                assert_int_equal(r.len[0], sl - 1);
                rec_free(&r);
            }
        }
    }
}

/* Every byte value in every position the headerless test reads (first
 * byte, byte 3 after a digit, bytes 14 and 15), at several chunk offsets:
 * the byte classes of each ISA must be supersets of the exact test's. */
static void test_every_byte(void **state)
{
    (void)state;
    unsigned char buf[512];
    for (int b = 0; b < 256; b++)
        for (int where = 0; where < 4; where++)
            for (size_t pre = 40; pre < 72; pre += 3) {
                memset(buf, 'x', sizeof buf);
                buf[pre - 1] = '\n';
                unsigned char *l = buf + pre;
                memcpy(l, "Nov 28 12:34:56 h p: m", 22); /* an ordinary header */
                if (where == 0) l[0] = (unsigned char)b;
                if (where == 1) l[0] = '7', l[3] = (unsigned char)b;
                if (where == 2) l[14] = (unsigned char)b;
                if (where == 3) l[15] = (unsigned char)b;
                buf[pre + 40] = '\n';
                buf[pre + 41 + 30] = '\n';
                uint64_t lines;
                struct rec r = walk_all(buf, pre + 72, NULL, 0, 0, &lines);
                rec_free(&r);
                r = find_all(buf, pre + 72, 0, &lines);
                rec_free(&r);
            }
}

/* Lines far longer than a chunk, hits at their first and last byte. */
static void test_long_lines(void **state)
{
    (void)state;
    const size_t n = 3 * 16384 + 77;
    unsigned char *p = malloc(n);
    assert_non_null(p);
    memset(p, 'z', n);
    const size_t nls[] = {999, 1000, 16383, 16384, 20000, 33000, n - 1};
    for (size_t i = 0; i < sizeof nls / sizeof nls[0]; i++) p[nls[i]] = '\n';
    const size_t hits[] = {1, 1001, 16385, 33000, n};
    uint64_t lines;
    struct rec r = walk_all(p, n, hits, sizeof hits / sizeof hits[0], 0, &lines);
    assert_int_equal(lines, 7);
    /* lines 0 (hit at byte 0), 1 (byte 1000), 3 (byte 16384), 5 (byte 32999), 6 (last byte) */
    const uint64_t want[] = {0, 1, 3, 5, 6};
    assert_int_equal(r.n, 5);
    for (size_t i = 0; i < 5; i++) assert_int_equal(r.idx[i], want[i]);
    rec_free(&r);
    free(p);
}

/* "pluto" (and near misses that differ in one byte) at every offset of a
 * line, the line at every offset of a chunk, near the block's start, a
 * 16 KiB round of chunks and the block's end: the literal walk must report
 * exactly the line with the literal, whatever the other bytes. */
static void test_literal_every_offset(void **state)
{
    (void)state;
    const size_t n = 16384 + 640;
    unsigned char *p = malloc(n);
    assert_non_null(p);
    static const char *const words[] = {"pluto", "Pluto", "plut", "pl~to", "p1uto", "plu\nto"};
    const size_t where[] = {0, 16384 - 200, n - 200};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
        for (size_t wi = 0; wi < sizeof where / sizeof where[0]; wi++)
            for (size_t at = where[wi]; at < where[wi] + 140; at++) {
                /* lines of 'x' of 37 bytes; the word at "at" */
                for (size_t i = 0; i < n; i++) p[i] = i % 37 == 36 ? '\n' : 'x';
                p[n - 1] = '\n';
                const size_t wl = strlen(words[w]);
                /* a line starting with 'p' may be headerless ("packet from") */
                if (at + wl >= n || at % 37 == 0) continue;
                memcpy(p + at, words[w], wl);
                uint64_t lines;
                struct rec r = find_all(p, n, 0, &lines);
                if (w == 0) {
                    /* the line holding the word: its number and start by the
                     * filler's arithmetic, unless the word hid a newline */
                    const size_t ls = at - at % 37;
                    assert_int_equal(r.n, 1);
                    assert_int_equal(r.idx[0], at / 37);
                    assert_int_equal(r.off[0], ls);
                } else {
                    assert_int_equal(r.n, 0);
                }
                rec_free(&r);
            }
    free(p);
}

/* A line of each length before a "pluto" near its end, after a short line:
 * the walk finds where it starts across chunks, byte by byte through bytes
 * one bit away from a newline (\v, 0x8a, 0x0b 0x0a's neighbours in a word). */
static void test_literal_long_lines(void **state)
{
    (void)state;
    static const unsigned char fill[] = {'\v', 0x8a, 0x0b, 0x09, 0x1a, 'x', 0x0e, 0x4a};
    const size_t lens[] = {6, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 200, 1000, 20000};
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
        for (size_t pre = 1; pre < 20; pre += 3) {
            const size_t len = lens[li], n = pre + len + 1;
            unsigned char *p = malloc(n);
            assert_non_null(p);
            memset(p, 'x', pre);
            p[pre - 1] = '\n';
            for (size_t i = 0; i < len; i++) p[pre + i] = fill[(i * 7 + pre) % sizeof fill];
            memcpy(p + pre + len - 5, "pluto", 5);
            p[n - 1] = '\n';
            uint64_t lines;
            struct rec r = find_all(p, n, 0, &lines);
            assert_int_equal(lines, 2);
            assert_int_equal(r.n, 1);
            assert_int_equal(r.idx[0], 1);
            assert_int_equal(r.off[0], pre);
            assert_int_equal(r.len[0], len);
            rec_free(&r);
            free(p);
        }
}

/* Blocks of every length up to 300 bytes, all "pluto" lines or none: the
 * padded first and last chunks. (No line starts with 'p': that could be
 * headerless.) */
static void test_literal_short_blocks(void **state)
{
    (void)state;
    unsigned char buf[320];
    for (size_t n = 1; n < 300; n++)
        for (int fill = 0; fill < 2; fill++) {
            for (size_t i = 0; i < n; i++) buf[i] = fill ? "xpluto\n"[i % 7] : "xplutx\n"[i % 7];
            buf[n - 1] = '\n';
            uint64_t lines;
            struct rec r = find_all(buf, n, 0, &lines);
            assert_int_equal(lines, (n + 6) / 7);
            assert_int_equal(r.n, fill ? n / 7 : 0);
            rec_free(&r);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_agree),
        cmocka_unit_test(test_shapes_every_offset),
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_literal_every_offset),
        cmocka_unit_test(test_literal_short_blocks),
        cmocka_unit_test(test_literal_long_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
