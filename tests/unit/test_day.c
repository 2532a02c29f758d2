/* test_day.c — the year rule (SPEC.md §5): reference dates from options,
 * names and times (local time), the year of a month-day, the turn of the
 * year. Each expectation is worked out from the rule: the latest month-day
 * on or before R + 1 day. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    assert_int_equal(ts_day_year(1, 1, &r), 2024); /* R + 1 day is Jan 1 of the next year */
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
    setenv("TZ", "UTC0", 1); /* the reference date is local: pin the zone */
    tzset();
    ts_day_ref_from_time(0, &r);
    assert_true(r.y == 1970 && r.m == 1 && r.d == 1);
}

static int year(const char *ref, int m, int d)
{
    struct ts_day_ref r;
    assert_int_equal(ts_day_ref_parse(ref, &r), 0);
    return ts_day_year(m, d, &r);
}

static void test_new_year(void **state)
{
    (void)state;
    /* R = Dec 31: R + 1 = Jan 1 of the next year. */
    assert_int_equal(year("2023-12-31", 1, 1), 2024);
    assert_int_equal(year("2023-12-31", 1, 2), 2023);
    assert_int_equal(year("2023-12-31", 12, 31), 2023);
    assert_int_equal(year("2023-12-31", 12, 30), 2023);
    /* Latest Feb 29 on or before 2024-01-01 is 2020's. */
    assert_int_equal(year("2023-12-31", 2, 29), 2020);
    /* R = Dec 30: R + 1 = Dec 31, Jan 1 is a year back. */
    assert_int_equal(year("2023-12-30", 12, 31), 2023);
    assert_int_equal(year("2023-12-30", 1, 1), 2023);
    /* R = Jan 1: Jan 2 still this year, Jan 3 last year. */
    assert_int_equal(year("2024-01-01", 1, 2), 2024);
    assert_int_equal(year("2024-01-01", 1, 3), 2023);
    /* Leap years: R = 2024-02-28, R + 1 = Feb 29 2024. */
    assert_int_equal(year("2024-02-28", 2, 29), 2024);
    assert_int_equal(year("2024-02-28", 3, 1), 2023);
    /* R = 2027-12-31: R + 1 = 2028-01-01; Feb 29 before it is 2024's. */
    assert_int_equal(year("2027-12-31", 2, 29), 2024);
    assert_int_equal(year("2027-12-31", 1, 1), 2028);
}

static void ref_in(const char *tz, long long t, int y, int m, int d)
{
    setenv("TZ", tz, 1);
    tzset();
    struct ts_day_ref r;
    ts_day_ref_from_time(t, &r);
    assert_int_equal(r.y, y);
    assert_int_equal(r.m, m);
    assert_int_equal(r.d, d);
}

static void test_ref_local_time(void **state)
{
    (void)state;
    /* 2023-12-31 22:25:00 UTC = 1704061500: 06:25 on Jan 1 at UTC+8
     * (POSIX TZ "XXX-8"), 17:25 on Dec 31 at UTC-5. */
    ref_in("UTC0", 1704061500LL, 2023, 12, 31);
    ref_in("XXX-8", 1704061500LL, 2024, 1, 1);
    ref_in("XXX5", 1704061500LL, 2023, 12, 31);
    /* 2024-01-01 02:00 UTC = 1704074400: still Dec 31 at UTC-5. */
    ref_in("XXX5", 1704074400LL, 2023, 12, 31);
    unsetenv("TZ");
    tzset();
}

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_rule),
        cmocka_unit_test(test_new_year),
        cmocka_unit_test(test_ref_local_time),
    };
    return cmocka_run_group_tests_name("day", tests, NULL, NULL) ? 1 : 0;
}
