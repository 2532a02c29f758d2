/* test_pool.c — a decoded stream's blocks as units of work for several
 * threads (agg/pool.c): every run scanned once, the blocks put back in
 * input order, each block told the restart banners of the blocks before
 * it (scanned or not yet), a failed scan stopping the stream, and the ids
 * running out. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg/banners.h"
#include "agg/pool.h"
#include "input/input.h"

#define MAXB 8192

/* What the scanners saw, by block place. */
struct seen {
    pthread_mutex_t mu;
    struct buf text[MAXB];
    uint64_t id[MAXB];
    uint32_t banners[MAXB];
    int64_t epoch0[MAXB]; /* -1: not asked */
    int calls, fail_at;
};

struct scanner {
    struct ts_pool *p;
    struct seen *s;
    pthread_t t;
};

/* Pluto's own log: a restart banner now and then among lines of many
 * lengths. */
static unsigned char *own_log(size_t n, unsigned seed)
{
    unsigned char *p = malloc(n);
    assert_non_null(p);
    unsigned x = seed * 2654435761u + 1;
    size_t i = 0;
    while (i < n) {
        x = x * 1103515245u + 12345u;
        char line[400];
        int k = (x >> 8) % 9 == 0
                    ? snprintf(line, sizeof line, "Mar  3 10:00:00.000001: Starting Pluto (Libreswan 5.1) pid:%u\n", x % 9999)
                    : snprintf(line, sizeof line, "Mar  3 10:00:05.000002: \"rw\" #1: %.*s\n", (int)((x >> 16) % 300),
                               "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                               "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmno"
                               "pqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcd");
        if ((size_t)k > n - i) k = (int)(n - i);
        memcpy(p + i, line, (size_t)k);
        i += (size_t)k;
    }
    p[n - 1] = '\n';
    return p;
}

static uint32_t banners(const unsigned char *p, size_t n)
{
    return ts_banners_in(p, n);
}

static int scan(void *ctx, struct ts_pool_block *b)
{
    struct scanner *sc = ctx;
    struct seen *s = sc->s;
    assert_true(b->b < MAXB);
    assert_true(b->run.n > 0 && b->run.p[b->run.n - 1] == '\n');
    const int64_t e0 = b->b % 3 == 1 ? (int64_t)ts_pool_epoch0(sc->p, b) : -1;
    if (b->b % 7 == 0) usleep(200); /* blocks finish out of order */
    pthread_mutex_lock(&s->mu);
    if (!b->cont) {
        s->epoch0[b->b] = e0;
        s->id[b->b] = b->id;
    }
    buf_add(&s->text[b->b], b->run.p, b->run.n);
    const int fail = ++s->calls == s->fail_at;
    pthread_mutex_unlock(&s->mu);
    b->epochs += banners(b->run.p, b->run.n);
    b->lines += 1;
    return fail ? TS_EENGINE : TS_OK;
}

static void *help(void *arg)
{
    struct scanner *sc = arg;
    assert_int_equal(ts_pool_claim(sc->p), -1); /* the one unit is the decoder's */
    ts_pool_help(sc->p, scan, sc);
    return NULL;
}

/* Decodes path as planned unit 0 of 1 with two helper threads; returns
 * ts_pool_stream's rc. p is left for the caller to inspect and free. */
static int run_stream(struct ts_pool *p, struct seen *s, const char *path, size_t max_blocks)
{
    ts_pool_init(p, 1, 3);
    if (max_blocks) p->max_id = p->tail_id = p->next_id + max_blocks;
    for (int i = 0; i < MAXB; i++) s->epoch0[i] = -1;
    struct scanner main = {p, s, 0}, h[2] = {{p, s, 0}, {p, s, 0}};
    assert_int_equal(ts_pool_claim(p), 0);
    for (int i = 0; i < 2; i++) assert_int_equal(pthread_create(&h[i].t, NULL, help, &h[i]), 0);
    struct ts_input *src;
    struct ts_err err = {0};
    assert_int_equal(ts_input_open(path, &src, &err), TS_OK);
    const struct ts_input_opts o = {.window = 4096};
    const int rc = ts_pool_stream(p, 0, src, &o, scan, &main, &err);
    ts_pool_finish(p);
    for (int i = 0; i < 2; i++) pthread_join(h[i].t, NULL);
    ts_input_close(src);
    return rc;
}

static void seen_free(struct seen *s)
{
    for (int i = 0; i < MAXB; i++) free(s->text[i].p);
}

static const char *fixture_file(unsigned char **text, size_t n)
{
    static char path[512];
    *text = own_log(n, 11);
    size_t gn;
    unsigned char *g = gzip_member(*text, n, &gn);
    write_file(tpath(path, "pool.gz"), g, gn);
    free(g);
    return path;
}

static void test_blocks_in_order(void **state)
{
    (void)state;
    unsigned char *text;
    const size_t n = 3000000;
    const char *path = fixture_file(&text, n);
    struct seen *s = calloc(1, sizeof *s);
    assert_non_null(s);
    pthread_mutex_init(&s->mu, NULL);
    struct ts_pool p;
    assert_int_equal(run_stream(&p, s, path, 0), TS_OK);

    assert_int_equal(p.nstreams, 1);
    const struct ts_pool_stream *st = p.streams[0];
    assert_true(st->n > 100 && st->n < MAXB);
    assert_int_equal(s->calls, (int)st->n); /* each block scanned once */
    struct ts_pool_order po;
    assert_int_equal(ts_pool_order(&p, &po), TS_OK);
    assert_int_equal(po.n, st->n + 1);
    size_t off = 0;
    uint32_t before = 0;
    for (size_t k = 0; k < st->n; k++) {
        const struct ts_pool_block *b = po.at[k].block;
        assert_non_null(b);
        assert_int_equal(b->b, k);
        assert_int_equal(b->state, TS_POOL_DONE);
        assert_int_equal(b->epoch0, before);
        if (s->epoch0[k] >= 0) assert_int_equal(s->epoch0[k], before);
        assert_int_equal(ts_pool_index(&p, &po, s->id[k]), k);
        assert_true(off + s->text[k].n <= n);
        assert_memory_equal(s->text[k].p, text + off, s->text[k].n);
        off += s->text[k].n;
        before += banners(s->text[k].p, s->text[k].n);
    }
    assert_int_equal(off, n);
    assert_true(before > 0);
    assert_null(po.at[st->n].block); /* the planned unit follows its blocks */
    assert_int_equal(ts_pool_index(&p, &po, 0), st->n);
    ts_pool_order_free(&po);
    ts_pool_free(&p);
    seen_free(s);
    pthread_mutex_destroy(&s->mu);
    free(s);
    free(text);
}

/* A scan that fails stops the decoder; the call returns that error once
 * every block handed out is done. */
static void test_failed_scan_stops(void **state)
{
    (void)state;
    unsigned char *text;
    const char *path = fixture_file(&text, 3000000);
    struct seen *s = calloc(1, sizeof *s);
    assert_non_null(s);
    pthread_mutex_init(&s->mu, NULL);
    s->fail_at = 20;
    struct ts_pool p;
    assert_int_equal(run_stream(&p, s, path, 0), TS_EENGINE);
    const struct ts_pool_stream *st = p.streams[0];
    assert_true(st->n >= 20 && st->n < 100);
    for (size_t k = 0; k < st->n; k++) assert_int_equal(st->blocks[k].state, TS_POOL_DONE);
    ts_pool_free(&p);
    seen_free(s);
    pthread_mutex_destroy(&s->mu);
    free(s);
    free(text);
}

/* Past the last id a run may number, the rest of the stream is one more
 * unit, scanned in order by the decoder and placed last. */
static void test_ids_run_out(void **state)
{
    (void)state;
    unsigned char *text;
    const size_t n = 1000000;
    const char *path = fixture_file(&text, n);
    struct seen *s = calloc(1, sizeof *s);
    assert_non_null(s);
    pthread_mutex_init(&s->mu, NULL);
    struct ts_pool p;
    assert_int_equal(run_stream(&p, s, path, 5), TS_OK);
    const struct ts_pool_stream *st = p.streams[0];
    assert_int_equal(st->n, 6);
    assert_true(s->calls > 6);
    assert_int_equal(st->blocks[5].id, p.max_id);
    assert_true(st->blocks[5].lines > 1);
    struct ts_pool_order po;
    assert_int_equal(ts_pool_order(&p, &po), TS_OK);
    size_t off = 0;
    for (size_t k = 0; k < 6; k++) {
        assert_int_equal(ts_pool_index(&p, &po, s->id[k]), k);
        assert_memory_equal(s->text[k].p, text + off, s->text[k].n);
        off += s->text[k].n;
    }
    assert_int_equal(off, n);
    ts_pool_order_free(&po);
    ts_pool_free(&p);
    seen_free(s);
    pthread_mutex_destroy(&s->mu);
    free(s);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_in_order),
        cmocka_unit_test(test_failed_scan_stops),
        cmocka_unit_test(test_ids_run_out),
    };
    return cmocka_run_group_tests_name("pool", tests, group_setup, group_teardown) ? 1 : 0;
}
