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
    assert_int_equal(ts_agg_finish(&a), 0);
    struct ts_agg_row *rows;
    size_t n;
    assert_int_equal(ts_agg_rows(&a, &rows, &n), 0);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) total += rows[i].n->c[TS_C_PSK_POLICY_MISS];
    assert_int_equal(total, 1000);
    assert_true(n <= 11);
    const struct ts_agg_counts *c = find_row(rows, n, "2024-01-01", "gw", TS_OVERFLOW_PEER);
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_PSK_POLICY_MISS], 990);
    free(rows);
    ts_agg_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attribution),
        cmocka_unit_test(test_key_flood),
    };
    return cmocka_run_group_tests_name("agg", tests, NULL, NULL) ? 1 : 0;
}
