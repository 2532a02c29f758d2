/* test_day.c — day (split from test_core.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"

static void test_year_rule(void **state)
{
    (void)state;
    struct ts_day_ref r;
    assert_int_equal(ts_day_ref_parse("2024-01-02", &r), 0);
    assert_int_equal(ts_day_year(12, 31, &r), 2023); /* Dec -> Jan rollover */
    assert_int_equal(ts_day_year(1, 2, &r), 2024);
    assert_int_equal(ts_day_year(1, 3, &r), 2024); /* R + 1 day */
    assert_int_equal(ts_day_year(1, 4, &r), 2023);
    assert_int_equal(ts_day_ref_parse("2023-12-31", &r), 0);
    assert_int_equal(ts_day_year(12, 31, &r), 2023);
    assert_int_equal(ts_day_year(1, 1, &r), 2023);
    /* Feb 29 */
    assert_int_equal(ts_day_ref_parse("2024-02-28", &r), 0);
    assert_int_equal(ts_day_year(2, 29, &r), 2024);
    assert_int_equal(ts_day_ref_parse("2025-01-15", &r), 0);
    assert_int_equal(ts_day_year(2, 29, &r), 2024);
    assert_int_equal(ts_day_ref_parse("2023-03-01", &r), 0);
    assert_int_equal(ts_day_year(2, 29, &r), 2020); /* 2023 has none: latest leap year before */
    assert_int_equal(ts_day_ref_parse("2024-02-29", &r), 0);
    assert_int_equal(ts_day_year(3, 1, &r), 2024); /* R + 1 day crosses into March */
    assert_int_equal(ts_day_year(3, 2, &r), 2023);
    /* bad reference dates */
    assert_int_not_equal(ts_day_ref_parse("2023-02-29", &r), 0);
    assert_int_not_equal(ts_day_ref_parse("2023-2-01", &r), 0);
    assert_int_not_equal(ts_day_ref_parse("2023-02-01x", &r), 0);
    /* names */
    assert_int_equal(ts_day_ref_from_name("/var/log/auth.log-20240102", &r), 0);
    assert_true(r.y == 2024 && r.m == 1 && r.d == 2);
    assert_int_equal(ts_day_ref_from_name("logs/2023-12-31.d/x-2024-06-30.log.zst", &r), 0);
    assert_true(r.y == 2024 && r.m == 6 && r.d == 30);
    assert_int_not_equal(ts_day_ref_from_name("messages.1", &r), 0);
    assert_int_not_equal(ts_day_ref_from_name("x-20241340.log", &r), 0);
    assert_int_not_equal(ts_day_ref_from_name("x-2024010299.log", &r), 0);
    char d[10];
    assert_int_equal(ts_day_format(2024, 2, 29, d), 10);
    assert_memory_equal(d, "2024-02-29", 10);
    assert_int_equal(ts_day_format(2023, 2, 29, d), 0);
    ts_day_ref_from_time(0, &r);
    assert_true(r.y == 1970 && r.m == 1 && r.d == 1);
}

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_rule),
    };
    return cmocka_run_group_tests_name("day", tests, NULL, NULL) ? 1 : 0;
}
