/* test_zring.c — zstd decoded into the ring the scanner reads in place.
 *
 * The reference for every stream is libzstd's own streaming decoder
 * (ZSTD_decompressStream), not the ring: what it decodes before it stops
 * is what must be delivered, cut back to whole lines when it stops early. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zstd.h>

#include "input/input.h"
#include "input/pipe.h"

/* One frame of unknown size (as from a pipe), so that its window is
 * 2^wlog whatever its size; workers > 0 as zstd -T does. */
static unsigned char *compress(const void *src, size_t n, int level, int wlog, int ldm, int workers,
                               size_t *outn)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    assert_non_null(c);
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level)));
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
    if (wlog) assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, wlog)));
    if (ldm) assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1)));
    if (workers) ZSTD_CCtx_setParameter(c, ZSTD_c_nbWorkers, workers); /* single-threaded libzstd: ignored */
    const size_t cap = ZSTD_compressBound(n) + 1024;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    ZSTD_outBuffer ob = {out, cap, 0};
    ZSTD_inBuffer ib = {src, n, 0};
    /* all the input in a first call with e_end would pledge its size */
    while (ib.pos < ib.size) assert_false(ZSTD_isError(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue)));
    size_t left;
    do {
        left = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end);
        assert_false(ZSTD_isError(left));
    } while (left);
    ZSTD_freeCCtx(c);
    *outn = ob.pos;
    return out;
}

static size_t flipped; /* for the message of a failing case */

enum ref_end { REF_OK, REF_TRUNC, REF_ERROR };

/* libzstd's streaming decoder over all of z: what it decodes, and how it
 * ends. One byte of output per call: with room for a whole frame it would
 * decode the frame in one pass and give nothing of a frame that fails its
 * checksum, where a stream (and the ring) delivers the blocks before. */
static enum ref_end ref_decode(const unsigned char *z, size_t zn, struct buf *out)
{
    ZSTD_DCtx *d = ZSTD_createDCtx();
    assert_non_null(d);
    unsigned char blk[1];
    ZSTD_inBuffer ib = {z, zn, 0};
    int inside = 1; /* in a frame, by the last call that read or wrote */
    enum ref_end end = REF_OK;
    for (;;) {
        ZSTD_outBuffer ob = {blk, sizeof blk, 0};
        const size_t before = ib.pos;
        const size_t ret = ZSTD_decompressStream(d, &ob, &ib);
        if (ZSTD_isError(ret)) {
            end = REF_ERROR;
            break;
        }
        if (ib.pos != before || ob.pos) inside = ret != 0;
        buf_add(out, blk, ob.pos);
        if (ib.pos == zn && ob.pos < ob.size) break;
    }
    if (end == REF_OK && inside) end = REF_TRUNC;
    ZSTD_freeDCtx(d);
    return end;
}

/* Reads z from a file (or a FIFO written chunk bytes at a time, when chunk
 * > 0) and checks rc, error and text against the reference. Where z is
 * corrupt, the two decoders may notice at different blocks of the bad
 * frame (the literals' checks depend on the room given for the output; the
 * checksum catches the rest): then only the first `sure` bytes, those of
 * the frames before, must be the reference's. */
static void expect_ref(const unsigned char *z, size_t zn, size_t chunk, size_t sure)
{
    struct buf want = {0};
    const enum ref_end end = ref_decode(z, zn, &want);
    if (end == REF_OK && want.n && want.p[want.n - 1] != '\n') buf_add(&want, "\n", 1);
    while (end != REF_OK && want.n && want.p[want.n - 1] != '\n') want.n--;
    char path[512];
    struct coll c = {0};
    struct ts_err err = {0};
    int rc;
    if (chunk) {
        tpath(path, "zr.fifo");
        unlink(path);
        assert_int_equal(mkfifo(path, 0600), 0);
        struct feeder f = {.fifo = path, .p = z, .n = zn, .chunk = chunk};
        feeder_start(&f);
        rc = read_path(path, 0, 0, &c, &err);
        feeder_join(&f);
        unlink(path);
    } else {
        write_file(tpath(path, "zr.zst"), z, zn);
        rc = read_path(path, 0, 0, &c, &err);
    }
    const int want_rc = end == REF_OK ? TS_OK : end == REF_TRUNC ? TS_ETRUNC : TS_EDATA;
    if (rc != want_rc) print_message("flipped %zu, %zu bytes, ends %d: rc %d (%s)\n", flipped, zn, (int)end, rc, err.msg);
    assert_int_equal(rc, want_rc);
    if (rc) {
        assert_string_equal(err.path, path);
        assert_non_null(strstr(err.msg, end == REF_TRUNC ? "truncated zstd stream" : "zstd"));
    }
    if (rc == TS_EDATA && sure < want.n) {
        assert_true(c.all.n >= sure);
        assert_memory_equal(c.all.p, want.p, sure);
        assert_true(c.all.n == 0 || c.all.p[c.all.n - 1] == '\n');
    } else {
        assert_int_equal(c.all.n, want.n);
        if (want.n) assert_memory_equal(c.all.p, want.p, want.n);
    }
    coll_free(&c);
    free(want.p);
}

/* Reads path with the decode thread and a consumer that dawdles, so the
 * decoder waits on the ring: the same text as a direct read. */
static void expect_piped(const char *path, const struct buf *want)
{
    struct ts_input *s;
    struct ts_err err = {0};
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    struct coll c = {.slow = 1};
    assert_int_equal(ts_pipe_read(s, NULL, collect, &c, &err), TS_OK);
    ts_input_close(s);
    assert_int_equal(c.bad_run, 0);
    assert_int_equal(c.too_long, 0);
    assert_int_equal(c.all.n, want->n);
    assert_memory_equal(c.all.p, want->p, want->n);
    coll_free(&c);
}

/* Windows from 1 KiB (a ring of little more than the lag room, wrapping
 * every few MiB) to 8 MiB, levels 1, 9 and 19, long matching, workers;
 * the text starts at several offsets so that the wraps fall at different
 * places in the lines, and it holds lines longer than TS_MAX_LINE. */
static void test_windows_levels(void **state)
{
    (void)state;
    static const struct {
        int level, wlog, ldm, workers;
        size_t n;
    } cases[] = {
        {1, 10, 0, 0, 9 << 20}, {9, 10, 0, 2, 9 << 20}, {19, 10, 0, 0, 5 << 20}, {1, 17, 0, 0, 9 << 20},
        {9, 20, 1, 2, 9 << 20}, {3, 23, 1, 0, 12 << 20}, {19, 12, 1, 0, 5 << 20},
    };
    char path[512];
    tpath(path, "levels.zst");
    for (size_t i = 0; i < TS_COUNTOF(cases); i++) {
        struct buf in = {0}, want = {0};
        const size_t shift = i * 977;
        unsigned char *text = gen_text(cases[i].n + shift, (unsigned)i + 40);
        buf_add(&in, text, cases[i].n + shift);
        buf_add(&want, text, cases[i].n + shift);
        long_lines(&in, &want);
        buf_str(&in, "\n"); /* ends the cut last line of long_lines */
        buf_add(&in, text, cases[i].n / 2);
        buf_add(&want, text, cases[i].n / 2);
        buf_str(&want, "\n"); /* the half ends inside a line */
        size_t zn;
        unsigned char *z = compress(in.p, in.n, cases[i].level, cases[i].wlog, cases[i].ldm, cases[i].workers, &zn);
        write_file(path, z, zn);
        expect_text(path, 0, want.p, want.n);
        expect_piped(path, &want);
        free(z);
        free(text);
        free(in.p);
        free(want.p);
    }
}

/* Frames of many sizes (each a different window: zstd fits the window to a
 * known size), skippable frames between and around them, the ring grown
 * from frame to frame, a line running on from one frame into the next. */
static void test_frames_skippable(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 100, 4096, 70000, 131072, 131073, 300000, 2000000, 6000000, 17};
    struct buf z = {0}, want = {0};
    unsigned char *text = gen_text(6000000, 50);
    add_skippable(&z, 3, "leading");
    for (size_t i = 0; i < TS_COUNTOF(sizes); i++) {
        size_t zn;
        /* odd i: cut the text a few bytes short of its '\n' */
        const size_t n = sizes[i] > 5 && i % 2 ? sizes[i] - 5 : sizes[i];
        unsigned char *f = zstd_frame(text, n, &zn);
        buf_add(&z, f, zn);
        buf_add(&want, text, n);
        add_skippable(&z, (unsigned)i, i % 3 ? "" : "payload\n");
        free(f);
    }
    if (want.p[want.n - 1] != '\n') buf_add(&want, "\n", 1);
    char path[512];
    write_file(tpath(path, "frames.zst"), z.p, z.n);
    expect_text(path, 0, want.p, want.n);
    expect_piped(path, &want);
    expect_ref(z.p, z.n, 0, SIZE_MAX);
    /* through a FIFO, the first 40 000 bytes one byte per write */
    expect_ref(z.p, z.n < 40000 ? z.n : 40000, 1, SIZE_MAX);
    expect_ref(z.p, z.n, 4093, SIZE_MAX);
    free(z.p);
    free(want.p);
    free(text);
}

/* Every cut of a small stream of three frames and a skippable one: the
 * lines before the cut, then "truncated" (a cut between frames is a
 * clean end); every byte flipped: the reference's lines, then the error. */
static void test_every_cut_and_flip(void **state)
{
    (void)state;
    struct buf z = {0};
    unsigned char *text = gen_text(9000, 51);
    const size_t parts[] = {2000, 3500, 3500};
    size_t at = 0, ends[4] = {0}; /* where frame i ends in z; its text in the decoded */
    size_t texts[4] = {0};
    for (int i = 0; i < 3; i++) {
        size_t zn;
        unsigned char *f = zstd_frame(text + at, parts[i], &zn);
        buf_add(&z, f, zn);
        at += parts[i];
        ends[i] = z.n;
        texts[i] = at;
        free(f);
        if (i == 1) add_skippable(&z, 9, "skip me\n");
    }
    for (size_t k = 4; k < z.n; k++) expect_ref(z.p, k, 0, SIZE_MAX);
    for (size_t k = 4; k < z.n; k++) { /* (a flipped magic is no zstd stream) */
        flipped = k;
        z.p[k] ^= 0x21;
        const size_t sure = k < ends[0] ? 0 : k < ends[1] ? texts[0] : texts[1];
        expect_ref(z.p, z.n, 0, sure);
        z.p[k] ^= 0x21;
    }
    free(z.p);
    free(text);
}

/* A consumer that keeps every run in the ring until the decoder asks for
 * it back, and checks then that its bytes were not written over. */
struct keeper {
    struct coll c;
    const unsigned char *lo, *hi;
    int holds, waits;
    unsigned long long given;
    size_t in_ring; /* bytes delivered in place */
    struct kept {
        const unsigned char *p;
        unsigned char *copy;
        size_t n;
        unsigned long long seq;
    } k[4096];
    size_t nk;
};

static int keep_run(void *ctx, const unsigned char *p, size_t n)
{
    struct keeper *k = ctx;
    collect(&k->c, p, n);
    k->given++;
    if (p >= k->lo && p + n <= k->hi) {
        k->in_ring += n;
        assert_true(k->nk < TS_COUNTOF(k->k));
        struct kept *e = &k->k[k->nk++];
        *e = (struct kept){p, malloc(n), n, k->given};
        assert_non_null(e->copy);
        memcpy(e->copy, p, n);
    }
    return 0;
}

static void keep_hold(void *ctx, const unsigned char *lo, const unsigned char *hi)
{
    struct keeper *k = ctx;
    assert_int_equal(k->nk, 0); /* a new ring only once the old one is free */
    k->lo = lo;
    k->hi = hi;
    k->holds++;
}

static int keep_wait(void *ctx, unsigned long long n)
{
    struct keeper *k = ctx;
    assert_true(n <= k->given);
    k->waits++;
    size_t j = 0;
    for (size_t i = 0; i < k->nk; i++) {
        if (k->k[i].seq > n) {
            k->k[j++] = k->k[i];
            continue;
        }
        assert_memory_equal(k->k[i].p, k->k[i].copy, k->k[i].n);
        free(k->k[i].copy);
    }
    k->nk = j;
    return 0;
}

static void test_in_place(void **state)
{
    (void)state;
    const size_t n = 20 << 20;
    unsigned char *text = gen_text(n, 52);
    size_t zn;
    unsigned char *z = compress(text, n, 3, 21, 0, 0, &zn);
    char path[512];
    write_file(tpath(path, "inplace.zst"), z, zn);
    struct ts_input *s;
    struct ts_err err = {0};
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    struct keeper *k = calloc(1, sizeof *k);
    assert_non_null(k);
    const struct ts_input_opts o = {.hold = keep_hold, .wait = keep_wait, .rotate_ctx = k};
    assert_int_equal(ts_input_read_all(s, &o, keep_run, k, &err), TS_OK);
    ts_input_close(s);
    assert_int_equal(k->holds, 1);
    assert_true(k->waits > 0);
    assert_int_equal(k->nk, 0); /* all handed back before the ring was freed */
    assert_true(k->in_ring > n / 10 * 9);
    assert_int_equal(k->c.all.n, n);
    assert_memory_equal(k->c.all.p, text, n);
    coll_free(&k->c);
    free(k);
    free(z);
    free(text);
}

/* ts_pipe_decode hands the ring's runs to scanners that give them back out
 * of order (agg/pool.c). Every eighth run goes to a slow thread that holds
 * it for 30 ms while later runs come back at once: the decoder must not
 * write over the slow run meanwhile (a count of runs back would let it: the
 * ring is a few MiB, decoded in a few ms), and the text must come out whole. */
struct slow {
    struct ts_pipe *pipe;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct ts_pipe_run run;
    unsigned char *copy;
    int full, done, overwritten, slowed;
    struct buf all;
};

static void *slow_main(void *arg)
{
    struct slow *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->full && !w->done) pthread_cond_wait(&w->cv, &w->mu);
        if (!w->full) break;
        pthread_mutex_unlock(&w->mu);
        nanosleep(&(struct timespec){0, 30 * 1000 * 1000}, NULL);
        if (memcmp(w->run.p, w->copy, w->run.n) != 0) w->overwritten++;
        free(w->copy);
        ts_pipe_release(w->pipe, &w->run);
        pthread_mutex_lock(&w->mu);
        w->full = 0;
        w->slowed++;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static int slow_run(void *ctx, const struct ts_pipe_run *run)
{
    struct slow *w = ctx;
    const size_t at = w->all.n;
    w->all.p = realloc(w->all.p, at + run->n);
    assert_non_null(w->all.p);
    memcpy(w->all.p + at, run->p, run->n);
    w->all.n += run->n;
    pthread_mutex_lock(&w->mu);
    const int give = run->seq % 8 == 0 && !w->full;
    if (give) {
        w->copy = malloc(run->n);
        assert_non_null(w->copy);
        memcpy(w->copy, run->p, run->n);
        w->run = *run;
        w->full = 1;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    if (!give) ts_pipe_release(w->pipe, run);
    return 0;
}

static void test_pipe_out_of_order(void **state)
{
    (void)state;
    const size_t n = 24 << 20;
    unsigned char *text = gen_text(n, 61);
    size_t zn;
    unsigned char *z = compress(text, n, 1, 17, 0, 0, &zn);
    char path[512];
    write_file(tpath(path, "order.zst"), z, zn);
    struct ts_input *s;
    struct ts_err err = {0};
    assert_int_equal(ts_input_open(path, &s, &err), TS_OK);
    struct slow w = {0};
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    assert_int_equal(ts_pipe_new(&w.pipe, NULL, 4), TS_OK);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, slow_main, &w), 0);
    assert_int_equal(ts_pipe_decode(w.pipe, s, slow_run, &w, &err), TS_OK);
    pthread_mutex_lock(&w.mu);
    w.done = 1;
    pthread_cond_broadcast(&w.cv);
    pthread_mutex_unlock(&w.mu);
    pthread_join(t, NULL);
    ts_input_close(s);
    assert_int_equal(w.overwritten, 0);
    assert_true(w.slowed >= 4);
    assert_int_equal(w.all.n, n);
    assert_memory_equal(w.all.p, text, n);
    ts_pipe_free(w.pipe);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    free(w.all.p);
    free(z);
    free(text);
}

/* The window limit is checked before the ring is made: a 16 MiB window
 * needs --zstd-window-log-max 24. */
static void test_window_limit(void **state)
{
    (void)state;
    const size_t n = 300000;
    unsigned char *text = gen_text(n, 53);
    size_t zn;
    unsigned char *z = compress(text, n, 3, 24, 0, 0, &zn);
    char path[512];
    write_file(tpath(path, "w24.zst"), z, zn);
    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 0, 23, &c, &err), TS_EDATA);
    assert_non_null(strstr(err.msg, "window larger than 2^23"));
    assert_string_equal(err.path, path);
    assert_int_equal(c.calls, 0);
    coll_free(&c);
    assert_int_equal(read_path(path, 0, 24, &c, &err), TS_OK);
    assert_int_equal(c.all.n, n);
    coll_free(&c);
    free(z);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_windows_levels),   cmocka_unit_test(test_frames_skippable),
        cmocka_unit_test(test_every_cut_and_flip), cmocka_unit_test(test_in_place),
        cmocka_unit_test(test_window_limit), cmocka_unit_test(test_pipe_out_of_order),
    };
    return cmocka_run_group_tests_name("zring", tests, group_setup, group_teardown) ? 1 : 0;
}
