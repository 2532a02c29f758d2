/* test_day.c — the year rule at the turn of the year and the reference date
 * read from a time in local time (SPEC.md §5). Each expectation is worked
 * out from the rule: the latest month-day on or before R + 1 day. */
#include "testutil.h"

#include <stdlib.h>
#include <time.h>

#include "scan/day.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_year),
        cmocka_unit_test(test_ref_local_time),
    };
    return cmocka_run_group_tests_name("day", tests, NULL, NULL) ? 1 : 0;
}
