/* test_agg.c — agg (split from test_core.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

static struct ts_agg_obs obs(const char *day, const char *host, const char *pid, const char *ser, const char *conn,
                         const char *peer, int cls)
{
    return (struct ts_agg_obs){S(day), S(host), S(pid), S(ser), S(conn), S(peer), cls, 1};
}

static int add(struct ts_agg *a, const char *day, const char *host, const char *pid, const char *ser,
               const char *conn, const char *peer, int cls)
{
    struct ts_agg_obs o = obs(day, host, pid, ser, conn, peer, cls);
    return ts_agg_add(a, &o);
}

static const struct ts_agg_counts *find_row(struct ts_agg_row *rows, size_t n, const char *day, const char *host,
                                        const char *peer)
{
    for (size_t i = 0; i < n; i++)
        if (ts_str_eq(rows[i].day, S(day)) && ts_str_eq(rows[i].host, S(host)) && ts_str_eq(rows[i].peer, S(peer)))
            return rows[i].n;
    return NULL;
}

static void test_attribution(void **state)
{
    (void)state;
    struct ts_agg a;
    ts_agg_init(&a);
    /* serial seen with a peer only after the peerless line */
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "497", "g2g3", "", TS_C_DELETE_SA_NOT_FOUND), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "497", "g2g3", "10.0.0.9", TS_C_PHASE1_UP), 0);
    /* same serial under another pid (a restart) must not borrow that peer */
    assert_int_equal(add(&a, "2024-01-01", "gw", "8", "497", "g2g4", "", TS_C_DPD_DEAD), 0);
    /* conn fallback: one peer ever seen for host+conn */
    assert_int_equal(add(&a, "2024-01-02", "gw", "8", "12", "solo", "", TS_C_DPD_DEAD), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "3", "solo", "10.0.0.5", TS_C_PEER_ID), 0);
    /* two peers for a conn: no fallback */
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "4", "duo", "10.0.0.6", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "5", "duo", "10.0.0.7", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "6", "duo", "", TS_C_UNKNOWN_SA), 0);
    /* a serial naming two peers: the bytewise smallest */
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "40", "x", "10.0.0.30", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "40", "x", "10.0.0.20", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "40", "x", "", TS_C_AUTH_FAIL), 0);
    assert_int_equal(ts_agg_finish(&a), 0);
    struct ts_agg_row *rows;
    size_t n;
    assert_int_equal(ts_agg_rows(&a, &rows, &n), 0);
    const struct ts_agg_counts *c = find_row(rows, n, "2024-01-01", "gw", "10.0.0.9");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_DELETE_SA_NOT_FOUND], 1);
    assert_int_equal(c->c[TS_C_PHASE1_UP], 1);
    c = find_row(rows, n, "2024-01-01", "gw", "-");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_DPD_DEAD], 1);   /* pid 8, serial 497, conn g2g4: nothing known */
    assert_int_equal(c->c[TS_C_UNKNOWN_SA], 1); /* conn duo has two peers */
    c = find_row(rows, n, "2024-01-02", "gw", "10.0.0.5");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_DPD_DEAD], 1);
    c = find_row(rows, n, "2024-01-01", "gw", "10.0.0.20");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_AUTH_FAIL], 1);
    /* sorted bytewise by day, host, peer */
    for (size_t i = 1; i < n; i++) {
        char x[300], y[300];
        snprintf(x, sizeof x, "%.*s|%.*s|%.*s", (int)rows[i - 1].day.n, rows[i - 1].day.p, (int)rows[i - 1].host.n,
                 rows[i - 1].host.p, (int)rows[i - 1].peer.n, rows[i - 1].peer.p);
        snprintf(y, sizeof y, "%.*s|%.*s|%.*s", (int)rows[i].day.n, rows[i].day.p, (int)rows[i].host.n,
                 rows[i].host.p, (int)rows[i].peer.n, rows[i].peer.p);
        assert_true(strcmp(x, y) < 0);
    }
    free(rows);
    ts_agg_free(&a);
}

/* Finishes a, checks that its rows hold total counts of class cls, and
 * returns the count of its (day 2024-01-01, host gw) overflow row. */
static uint64_t finish_total_overflow(struct ts_agg *a, int cls, uint64_t total, size_t *nrows)
{
    assert_int_equal(ts_agg_finish(a), 0);
    struct ts_agg_row *rows;
    assert_int_equal(ts_agg_rows(a, &rows, nrows), 0);
    uint64_t sum = 0;
    for (size_t i = 0; i < *nrows; i++) sum += rows[i].n->c[cls];
    assert_int_equal(sum, total);
    const struct ts_agg_counts *c = find_row(rows, *nrows, "2024-01-01", "gw", TS_OVERFLOW_PEER);
    assert_non_null(c);
    const uint64_t over = c->c[cls];
    free(rows);
    return over;
}

static void test_key_flood(void **state)
{
    (void)state;
    struct ts_agg a;
    ts_agg_init(&a);
    a.max_keys = 10;
    char peer[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(peer, sizeof peer, "10.0.%d.%d", i / 256, i % 256);
        assert_int_equal(add(&a, "2024-01-01", "gw", "1", "", "", peer, TS_C_PSK_POLICY_MISS), 0);
    }
    size_t n;
    assert_int_equal(finish_total_overflow(&a, TS_C_PSK_POLICY_MISS, 1000, &n), 990);
    assert_true(n <= 11);
    ts_agg_free(&a);
}

/* Peerless lines past --max-keys counters are counted at once in the
 * overflow row, also when one aggregate is merged into another: the pending
 * table never holds more than max_keys counters and the total stays exact. */
static void test_key_flood_peerless_merge(void **state)
{
    (void)state;
    struct ts_agg a, b;
    ts_agg_init(&a);
    ts_agg_init(&b);
    a.max_keys = b.max_keys = 10;
    char pid[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(pid, sizeof pid, "%d", i);
        assert_int_equal(add(i % 2 ? &a : &b, "2024-01-01", "gw", pid, "7", "c", "", TS_C_RETRANSMIT_TIMEOUT), 0);
    }
    assert_true(ts_pending_len(&a.pending) <= 10 && ts_pending_len(&b.pending) <= 10);
    assert_int_equal(ts_agg_merge(&a, &b), 0);
    assert_true(ts_pending_len(&a.pending) <= 10);
    size_t n;
    assert_int_equal(finish_total_overflow(&a, TS_C_RETRANSMIT_TIMEOUT, 1000, &n), a.folds.peerless);
    assert_true(a.folds.peerless >= 980);
    ts_agg_free(&a);
    ts_agg_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attribution),
        cmocka_unit_test(test_key_flood),
        cmocka_unit_test(test_key_flood_peerless_merge),
    };
    return cmocka_run_group_tests_name("agg", tests, NULL, NULL) ? 1 : 0;
}
