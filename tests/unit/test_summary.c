/* test_summary.c — summary (split from test_report.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "agg/conns.h"
#include "report/columns.h"
#include "report/csv.h"
#include "report/html.h"
#include "cli/progress.h"
#include "report/render.h"
#include "report/report.h"
#include "scan/scan.h"
#include "report/summary.h"

static void test_summaries(void **state)
{
    (void)state;
    struct fixture f;
    fixture(&f);
    const struct ts_summary_days all = {NULL, NULL, 0}, from2 = {"2024-01-02", NULL, 0}, upto1 = {NULL, "2024-01-01", 0};
    assert_true(ts_summary_days_keep(&all, S("-")));
    assert_false(ts_summary_days_keep(&from2, S("-")));
    assert_false(ts_summary_days_keep(&from2, S("2024-01-01")));
    assert_true(ts_summary_days_keep(&from2, S("2024-01-02")));
    assert_true(ts_summary_days_keep(&upto1, S("2024-01-01")));
    assert_false(ts_summary_days_keep(&upto1, S("2024-01-02")));
    assert_true(ts_summary_days_keep(NULL, S("-")));

    assert_int_equal(ts_columns_failures(&f.n[1]), 2); /* phase1_up is not a failure */
    assert_int_equal(ts_columns_failures(&f.n[2]), 3); /* nor is weak_crypto */
    assert_false(ts_columns_any(&f.n[5]));

    struct ts_summary_day *ds;
    size_t nd;
    assert_int_equal(ts_summary_by_day(f.rows, 6, &all, &ds, &nd), 0);
    assert_int_equal(nd, 4);
    assert_memory_equal(ds[1].day.p, "2024-01-01", 10);
    assert_int_equal(ds[1].n.c[TS_C_DPD_DEAD], 2);
    assert_int_equal(ds[1].n.c[TS_C_AUTH_FAIL], 3);
    assert_int_equal(ds[2].n.c[TS_C_AUTH_FAIL], 3);
    free(ds);
    assert_int_equal(ts_summary_by_day(f.rows, 6, &from2, &ds, &nd), 0);
    assert_int_equal(nd, 2);
    free(ds);

    struct ts_summary_peer *tp;
    size_t nt;
    assert_int_equal(ts_summary_top_peers(f.rows, 6, &all, 0, &tp, &nt), 0);
    /* gw/192.0.2.9 9; then three with 3: gw/.1 (2+1), gw/.2, hq/.1 — ties by host, peer */
    assert_int_equal(nt, 4);
    assert_int_equal(tp[0].fail, 9);
    assert_true(ts_str_eq(tp[1].peer, S("192.0.2.1")) && ts_str_eq(tp[1].host, S("gw")));
    assert_int_equal(tp[1].fail, 4);
    assert_int_equal(tp[1].n.c[TS_C_PHASE1_UP], 5);
    assert_true(ts_str_eq(tp[2].peer, S("192.0.2.2")));
    assert_true(ts_str_eq(tp[3].host, S("hq")));
    free(tp);
    assert_int_equal(ts_summary_top_peers(f.rows, 6, &from2, 1, &tp, &nt), 0);
    assert_int_equal(nt, 1);
    assert_true(ts_str_eq(tp[0].host, S("hq"))); /* 3 beats gw/.1's 2 from Jan 2 on */
    free(tp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summaries),
    };
    return cmocka_run_group_tests_name("summary", tests, NULL, NULL) ? 1 : 0;
}
