/* test_routers.c — the dashboard's per-router figures and the previous
 * period of the same length (routers.c). */
#include "testutil.h"

#include <string.h>

#include "report/routers.h"

static const struct ts_routers_row *host(const struct ts_routers *r, const char *h)
{
    for (size_t i = 0; i < r->n; i++)
        if (ts_str_eq(r->row[i].host, S(h))) return &r->row[i];
    fail_msg("no router %s", h);
    return NULL;
}

/* The fixture by hand: 192.0.2.1 is known (phase1_up on Jan 1), 192.0.2.2
 * a stranger; Jan 3 has no report column, so the data's dated window is
 * Jan 1 to Jan 2 and the previous period Dec 30 to Dec 31 of 2023. */
static void test_routers_window(void **state)
{
    (void)state;
    struct fixture f;
    fixture(&f);
    struct ts_summary_known k;
    assert_int_equal(ts_summary_known_init(&k, f.rows, 6), TS_OK);
    struct ts_routers r;
    const struct ts_summary_days all = {NULL, NULL, 0};
    assert_int_equal(ts_routers_compute(&r, f.rows, 6, &all, &k), TS_OK);
    assert_true(r.dated);
    assert_string_equal(r.from, "2024-01-01");
    assert_string_equal(r.to, "2024-01-02");
    assert_string_equal(r.pfrom, "2023-12-30");
    assert_string_equal(r.pto, "2023-12-31");
    assert_int_equal(r.n, 2);
    const struct ts_routers_row *gw = host(&r, "gw"), *hq = host(&r, "hq");
    assert_int_equal(gw->cur[TS_ROUTERS_FAIL_KNOWN], 2 + 1 + 1);
    assert_int_equal(gw->cur[TS_ROUTERS_FAIL_STRANGER], 3);
    assert_int_equal(gw->cur[TS_ROUTERS_DPD], 2);
    assert_int_equal(gw->cur[TS_ROUTERS_KNOWN], 1);
    assert_int_equal(gw->cur[TS_ROUTERS_STRANGERS], 1);
    assert_int_equal(hq->cur[TS_ROUTERS_FAIL_KNOWN], 3);
    assert_int_equal(hq->cur[TS_ROUTERS_KNOWN], 1);
    assert_int_equal(hq->cur[TS_ROUTERS_STRANGERS], 0);
    for (int i = 0; i < TS_ROUTERS_N; i++) assert_int_equal(gw->prev[i], 0);
    ts_routers_free(&r);

    /* Jan 2 alone: the previous period is Jan 1, with gw's Jan 1 rows */
    const struct ts_summary_days jan2 = {"2024-01-02", "2024-01-02", 0};
    assert_int_equal(ts_routers_compute(&r, f.rows, 6, &jan2, &k), TS_OK);
    assert_string_equal(r.pfrom, "2024-01-01");
    assert_string_equal(r.pto, "2024-01-01");
    gw = host(&r, "gw");
    assert_int_equal(gw->cur[TS_ROUTERS_FAIL_KNOWN], 2);
    assert_int_equal(gw->prev[TS_ROUTERS_FAIL_KNOWN], 2);
    assert_int_equal(gw->prev[TS_ROUTERS_FAIL_STRANGER], 3);
    assert_int_equal(gw->prev[TS_ROUTERS_STRANGERS], 1);
    assert_int_equal(gw->cur[TS_ROUTERS_STRANGERS], 0);
    ts_routers_free(&r);

    /* across Feb 29 and a year end */
    const struct ts_summary_days mar = {"2024-03-01", "2024-03-02", 0};
    assert_int_equal(ts_routers_compute(&r, f.rows, 6, &mar, &k), TS_OK);
    assert_string_equal(r.pfrom, "2024-02-28");
    assert_string_equal(r.pto, "2024-02-29");
    assert_int_equal(r.n, 0);
    ts_routers_free(&r);
    const struct ts_summary_days ny = {"2025-01-01", "2025-01-31", 0};
    assert_int_equal(ts_routers_compute(&r, f.rows, 6, &ny, &k), TS_OK);
    assert_string_equal(r.pfrom, "2024-12-01");
    assert_string_equal(r.pto, "2024-12-31");
    ts_routers_free(&r);
    ts_summary_known_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routers_window),
    };
    return cmocka_run_group_tests_name("routers", tests, NULL, NULL) ? 1 : 0;
}
