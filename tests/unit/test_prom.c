/* test_prom.c — the Prometheus text format (prom.c): series, labels named
 * after the report's columns, escaping, the window in local time. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "report/prom.h"

static void expect(const struct ts_buf *b, const char *s)
{
    if (!has(b, s)) fail_msg("missing: %s\n--- got:\n%.*s", s, (int)b->n, b->p);
}

static void test_prom(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    struct fixture f;
    fixture(&f);
    f.rows[5].host = S("b\"a\\d\nhost\xff");
    f.n[5].c[TS_C_XAUTH_FAIL] = 1;
    struct ts_summary_known k;
    assert_int_equal(ts_summary_known_init(&k, f.rows, 6), TS_OK);
    const struct ts_summary_days all = {NULL, NULL, 0};
    const struct ts_prom_meta m = {1700000000, 1234, 56};
    struct ts_buf b = {0};
    assert_int_equal(ts_prom_write(&b, f.rows, 6, &all, 10, &k, NULL, &m), TS_OK);
    expect(&b, "# TYPE tunnelstat_events gauge\n");
    /* gw: dpd 9 (undated row, no window given) + 2 */
    expect(&b, "tunnelstat_events{host=\"gw\",class=\"dpd_dead\"} 11\n");
    expect(&b, "tunnelstat_events{host=\"hq\",class=\"auth_fail\"} 3\n");
    expect(&b, "tunnelstat_events{host=\"gw\",class=\"weak_crypto\"} 4\n");
    expect(&b, "tunnelstat_events{host=\"b\\\"a\\\\d\\nhost\xef\xbf\xbd\",class=\"xauth_fail\"} 1\n");
    expect(&b, "tunnelstat_failures{host=\"gw\",peer_kind=\"known\"} 4\n");
    expect(&b, "tunnelstat_failures{host=\"gw\",peer_kind=\"stranger\"} 12\n");
    expect(&b, "tunnelstat_peers{host=\"gw\",peer_kind=\"stranger\"} 2\n");
    expect(&b, "tunnelstat_peer_failures{host=\"gw\",peer=\"192.0.2.9\",peer_kind=\"stranger\"} 9\n");
    expect(&b, "tunnelstat_last_success_timestamp_seconds 1700000000\n");
    /* the data's dated days with a report column: Jan 1 to Jan 3 (xauth_fail on Jan 3) */
    expect(&b, "tunnelstat_window_start_timestamp_seconds 1704067200\n");
    expect(&b, "tunnelstat_window_end_timestamp_seconds 1704326400\n");
    expect(&b, "tunnelstat_read_bytes 1234\n");
    expect(&b, "tunnelstat_read_lines 56\n");
    /* a window leaves the undated row out */
    b.n = 0;
    const struct ts_summary_days jan = {"2024-01-01", "2024-01-31", 0};
    assert_int_equal(ts_prom_write(&b, f.rows, 6, &jan, 10, &k, NULL, &m), TS_OK);
    expect(&b, "tunnelstat_events{host=\"gw\",class=\"dpd_dead\"} 2\n");
    expect(&b, "tunnelstat_window_end_timestamp_seconds 1706745600\n");
    assert_false(has(&b, "192.0.2.9"));
    ts_buf_free(&b);
    ts_summary_known_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prom),
    };
    return cmocka_run_group_tests_name("prom", tests, NULL, NULL) ? 1 : 0;
}
