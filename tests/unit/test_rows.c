/* test_rows.c — agg/rows: rows by interned ids, sparse counters, order. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "agg/rows.h"

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})
#define SN(x, n) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)(n)})

static int add(struct ts_rows *r, ts_str day, ts_str host, ts_str peer, int cls, uint64_t n)
{
    struct ts_rows_entry *e = ts_rows_get(r, day, host, peer, 1, NULL);
    assert_non_null(e);
    return ts_rows_add(r, e, cls, n);
}

static uint64_t count(struct ts_rows *r, ts_str day, ts_str host, ts_str peer, int cls)
{
    uint64_t buf[TS_NCLASS];
    const struct ts_rows_entry *e = ts_rows_get(r, day, host, peer, 0, NULL);
    return e ? ts_rows_counts(r, e, buf)[cls] : UINT64_MAX;
}

/* A row keeps one class inline and moves to a vector at the second, or
 * when its count would pass 32 bits; every count stays exact across the
 * move. */
static void test_sparse(void **state)
{
    (void)state;
    struct ts_arena ar = {0};
    struct ts_rows r;
    ts_rows_init(&r, &ar);
    const ts_str d = S("2024-01-01"), h = S("gw"), p = S("10.0.0.1"), q = S("10.0.0.2");
    assert_int_equal(add(&r, d, h, p, TS_C_DPD_DEAD, 3), TS_OK);
    assert_int_equal(add(&r, d, h, p, TS_C_DPD_DEAD, 4), TS_OK);
    assert_int_equal(r.ndense, 0);
    assert_int_equal(add(&r, d, h, p, TS_C_PHASE1_UP, 1), TS_OK);
    assert_int_equal(r.ndense, 1);
    assert_int_equal(add(&r, d, h, p, TS_C_AUTH_FAIL, 5), TS_OK);
    assert_int_equal(add(&r, d, h, p, TS_C_PHASE1_UP, 2), TS_OK);
    assert_int_equal(count(&r, d, h, p, TS_C_DPD_DEAD), 7);
    assert_int_equal(count(&r, d, h, p, TS_C_PHASE1_UP), 3);
    assert_int_equal(count(&r, d, h, p, TS_C_AUTH_FAIL), 5);
    assert_int_equal(count(&r, d, h, p, TS_C_UNKNOWN_SA), 0);
    /* one class past 2^32 - 1 (a repeated line's weight) */
    assert_int_equal(add(&r, d, h, q, TS_C_UNKNOWN_SA, UINT32_MAX), TS_OK);
    assert_int_equal(r.ndense, 1);
    assert_int_equal(add(&r, d, h, q, TS_C_UNKNOWN_SA, 2), TS_OK);
    assert_int_equal(r.ndense, 2);
    assert_true(count(&r, d, h, q, TS_C_UNKNOWN_SA) == (uint64_t)UINT32_MAX + 2);
    assert_int_equal(ts_rows_len(&r), 2);
    ts_rows_free(&r);
    ts_arena_free(&ar);
}

/* Thousands of rows through table growth (entries move, the recent-rows
 * cache must not hand out stale slots): each keeps its own counts, and a
 * lookup without create neither finds nor keeps what was never added. */
static void test_growth(void **state)
{
    (void)state;
    struct ts_arena ar = {0};
    struct ts_rows r;
    ts_rows_init(&r, &ar);
    char peer[32], host[16];
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 5000; i++) {
            snprintf(peer, sizeof peer, "10.%d.%d.%d", i / 65536, i / 256 % 256, i % 256);
            snprintf(host, sizeof host, "gw%d", i % 7);
            assert_int_equal(add(&r, S("2024-01-01"), S(host), S(peer), i % 3 ? TS_C_DPD_DEAD : TS_C_PHASE2_UP,
                                 (uint64_t)i + 1),
                             TS_OK);
        }
    assert_int_equal(ts_rows_len(&r), 5000);
    for (int i = 0; i < 5000; i++) {
        snprintf(peer, sizeof peer, "10.%d.%d.%d", i / 65536, i / 256 % 256, i % 256);
        snprintf(host, sizeof host, "gw%d", i % 7);
        assert_int_equal(count(&r, S("2024-01-01"), S(host), S(peer), i % 3 ? TS_C_DPD_DEAD : TS_C_PHASE2_UP),
                         3 * ((uint64_t)i + 1));
    }
    const uint32_t peers = r.npeer;
    assert_null(ts_rows_get(&r, S("2024-01-01"), S("gw0"), S("10.9.9.9"), 0, NULL));
    assert_null(ts_rows_get(&r, S("2024-01-02"), S("gw0"), S("10.0.0.1"), 0, NULL));
    assert_int_equal(r.npeer, peers);
    assert_int_equal(ts_rows_len(&r), 5000);
    ts_rows_free(&r);
    ts_arena_free(&ar);
}

struct got {
    ts_str day[16], host[16], peer[16];
    size_t n;
};

static void put(void *ctx, size_t i, const struct ts_rows_item *it)
{
    struct got *g = ctx;
    assert_true(i < 16);
    g->day[i] = it->day;
    g->host[i] = it->host;
    g->peer[i] = it->peer;
    g->n++;
}

/* Bytewise order of day, then host, then peer, where packed keys or
 * 16-byte prefixes would order otherwise: a shorter day or host before a
 * longer one that it starts, peers equal in their first 16 bytes, a peer
 * against itself with a NUL byte added, the empty peer. */
static void test_order(void **state)
{
    (void)state;
    static const char *const want[][3] = {
        {"-", "gw", "10.0.0.1"},
        {"2024-01-01", "b", ""},
        {"2024-01-01", "b", "ab"},
        {"2024-01-01", "b", "ab\0"},
        {"2024-01-01", "b", "fe80:0000:0000:0000:0000:0000:0000:0001"},
        {"2024-01-01", "b", "fe80:0000:0000:0000:0000:0000:0000:0002"},
        {"2024-01-01", "ba", "10.0.0.1"},
        {"2024-01-01", "bb", "1"},
        {"2024-01-010", "a", "0"},
        {"2024-01-02", "a", "0"},
    };
    static const size_t plen[] = {8, 0, 2, 3, 39, 39, 8, 1, 1, 1};
    const size_t n = sizeof want / sizeof want[0];
    struct ts_arena ar = {0};
    struct ts_rows r;
    ts_rows_init(&r, &ar);
    for (size_t k = 0; k < n; k++) {
        const size_t i = (k * 7 + 3) % n; /* not in order */
        assert_int_equal(add(&r, S(want[i][0]), S(want[i][1]), SN(want[i][2], plen[i]), TS_C_DPD_DEAD, 1), TS_OK);
    }
    struct got g = {0};
    assert_int_equal(ts_rows_order(&r, put, &g), TS_OK);
    assert_int_equal(g.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_true(ts_str_eq(g.day[i], S(want[i][0])));
        assert_true(ts_str_eq(g.host[i], S(want[i][1])));
        assert_true(ts_str_eq(g.peer[i], SN(want[i][2], plen[i])));
    }
    ts_rows_free(&r);
    ts_arena_free(&ar);
}

/* Regression (issue 15 item 2): a row seen with one class took 264 bytes
 * of counters and its packed key in the arena, besides its slot; 20 000
 * such rows held 8.5 MB. Now a 16-byte entry (and a peer entry). */
static void test_bytes_per_row(void **state)
{
    (void)state;
    struct ts_agg a;
    ts_agg_init(&a);
    char peer[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(peer, sizeof peer, "198.51.%d.%d", i / 256, i % 256);
        struct ts_agg_obs o = {S("2024-01-01"), S("gw"), S("7"), S(""), S(""), S(peer), TS_C_PSK_POLICY_MISS, 1};
        assert_int_equal(ts_agg_add(&a, &o), TS_OK);
    }
    assert_int_equal(ts_agg_finish(&a), TS_OK);
    const size_t bytes = ts_agg_bytes(&a);
    assert_true(bytes < (size_t)20000 * 160);
    ts_agg_free(&a);
}

/* ts_agg_rows: rows of equal counts may share a vector; each row still
 * reads its own counts, in order, after a merge of two aggregates. */
static void test_agg_rows(void **state)
{
    (void)state;
    struct ts_agg a, b;
    ts_agg_init(&a);
    ts_agg_init(&b);
    static const char *const peer[] = {"10.0.0.3", "10.0.0.1", "10.0.0.2", "10.0.0.4"};
    for (int i = 0; i < 4; i++) {
        struct ts_agg_obs o = {S("2024-01-01"), S("gw"), S("7"), S(""), S(""), S(peer[i]), TS_C_DPD_DEAD, 1};
        assert_int_equal(ts_agg_add(i % 2 ? &a : &b, &o), TS_OK);
    }
    struct ts_agg_obs o = {S("2024-01-01"), S("gw"), S("7"), S(""), S(""), S("10.0.0.4"), TS_C_DPD_DEAD, 5};
    assert_int_equal(ts_agg_add(&b, &o), TS_OK);
    o = (struct ts_agg_obs){S("2024-01-01"), S("gw"), S("7"), S(""), S(""), S("10.0.0.2"), TS_C_AUTH_FAIL, 2};
    assert_int_equal(ts_agg_add(&a, &o), TS_OK);
    assert_int_equal(ts_agg_merge(&a, &b), TS_OK);
    assert_int_equal(ts_agg_finish(&a), TS_OK);
    struct ts_agg_row *rows;
    size_t n;
    assert_int_equal(ts_agg_rows(&a, &rows, &n), TS_OK);
    assert_int_equal(n, 4);
    static const uint64_t dpd[] = {1, 1, 1, 6}, auth[] = {0, 2, 0, 0};
    for (size_t i = 0; i < n; i++) {
        char want[16];
        snprintf(want, sizeof want, "10.0.0.%zu", i + 1);
        assert_true(ts_str_eq(rows[i].peer, S(want)));
        assert_int_equal(rows[i].n->c[TS_C_DPD_DEAD], dpd[i]);
        assert_int_equal(rows[i].n->c[TS_C_AUTH_FAIL], auth[i]);
        assert_int_equal(rows[i].n->c[TS_C_PHASE1_UP], 0);
    }
    free(rows);
    ts_agg_free(&a);
    ts_agg_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sparse),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_bytes_per_row),
        cmocka_unit_test(test_agg_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
