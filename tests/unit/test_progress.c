/* test_progress.c — progress (split from test_report.c by module). */
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

static void test_progress_format(void **state)
{
    (void)state;
    char t[128];
    ts_progress_format(t, sizeof t, 1200000000ull, 40000000000ull, 1.0);
    assert_string_equal(t, "1.20 GB of 40.00 GB (3%)  1.20 GB/s  ETA 0:32");
    ts_progress_format(t, sizeof t, 999, 0, 0.5);
    assert_string_equal(t, "999 B  0.00 GB/s");
    ts_progress_format(t, sizeof t, 500000000ull, 8000000000000ull, 1.0);
    assert_string_equal(t, "500.00 MB of 8.00 TB (0%)  0.50 GB/s  ETA 4:26:39");
    ts_progress_format(t, sizeof t, 5, 5, 0);
    assert_string_equal(t, "5 B of 5 B (100%)  0.00 GB/s");
    assert_true(ts_progress_format(t, 8, 1200000000ull, 40000000000ull, 1.0) == 7);
    struct ts_progress p = {0, 0};
    ts_progress_add(&p, 10);
    ts_progress_add(&p, 5);
    assert_int_equal(atomic_load(&p.done), 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_format),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL) ? 1 : 0;
}
