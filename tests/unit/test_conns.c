/* test_conns.c — conns (split from test_report.c by module). */
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

static const char k_lines[] =
    "Jan  1 00:00:01 gw pluto[1]: \"a\" #1: DPD: No response from peer - declaring peer dead\n"
    "Jan  1 00:00:02 gw pluto[1]: packet from 192.0.2.4:500: no connection has been authorized with policy=PSK\n"
    "Jan  1 00:00:03 gw pluto[1]: \"b\"[2] 192.0.2.5 #2: IPsec SA established {ESP=>0x1 <0x2}\n"
    "Jan  2 00:00:04 gw pluto[1]: \"a\" #1: DPD: No response from peer - declaring peer dead\n"
    "Jan  2 00:00:05 hq pluto[2]: message repeated 2 times: [ \"a\" #3: ignoring Delete SA payload: "
    "PROTO_IPSEC_ESP SA(0x9) not found]\n"
    "Jan  2 00:00:06 hq sshd[3]: \"a\" #1: DPD: No response from peer - declaring peer dead\n";

/* The consumer of the conns report alone (the aggregate is not looked at). */
static int emit_conns(void *ctx, const struct ts_line *L, ts_str day, ts_str host, uint64_t line)
{
    (void)line;
    return ts_conns_add(ctx, day, host, L->conn, L->cls, L->weight);
}

static void scan(struct ts_agg *conns, const char *p, size_t n)
{
    struct ts_scanner s;
    memset(&s, 0, sizeof s);
    s.emit = emit_conns;
    s.emit_ctx = conns;
    s.ref = (struct ts_day_ref){2024, 6, 30};
    if (n) assert_int_equal(ts_scan_block(&s, (const unsigned char *)p, n), 0);
    ts_scan_free(&s);
}

static void conns_csv(struct ts_agg *a, struct ts_buf *out)
{
    struct ts_agg_row *rows;
    size_t n;
    assert_int_equal(ts_agg_finish(a), 0);
    assert_int_equal(ts_agg_rows(a, &rows, &n), 0);
    for (size_t i = 0; i < n; i++) {
        ts_csv_text(out, rows[i].day, 0);
        ts_csv_sep(out);
        ts_csv_text(out, rows[i].host, 0);
        ts_csv_sep(out);
        ts_csv_text(out, rows[i].peer, 0);
        for (int c = 0; c < ts_ncolumns; c++) {
            ts_csv_sep(out);
            ts_csv_u64(out, ts_columns_value(rows[i].n, c));
        }
        ts_csv_eol(out);
    }
    free(rows);
}

static void test_conns(void **state)
{
    (void)state;
    const size_t n = sizeof k_lines - 1;
    struct ts_agg whole;
    ts_agg_init(&whole);
    scan(&whole, k_lines, n);
    struct ts_buf want = {0};
    conns_csv(&whole, &want);
    ts_buf_put(&want, "", 1);
    assert_string_equal(want.p, "2024-01-01,gw,-,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0\r\n"
                                "2024-01-01,gw,a,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0\r\n"
                                "2024-01-01,gw,b,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0\r\n"
                                "2024-01-02,gw,a,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0\r\n"
                                "2024-01-02,hq,a,0,0,0,2,0,0,0,0,0,0,0,0,0,0,0\r\n");
    want.n--;
    ts_agg_free(&whole);
    /* every split at a line boundary, merged, gives the same rows */
    for (size_t cut = 0; cut <= n; cut++) {
        if (cut && k_lines[cut - 1] != '\n') continue;
        struct ts_agg a, b;
        ts_agg_init(&a);
        ts_agg_init(&b);
        scan(&a, k_lines, cut);
        scan(&b, k_lines + cut, n - cut);
        assert_int_equal(ts_agg_merge(&b, &a), 0);
        struct ts_buf got = {0};
        conns_csv(&b, &got);
        if (got.n != want.n || memcmp(got.p, want.p, want.n)) fail_msg("split at %zu differs", cut);
        ts_buf_free(&got);
        ts_agg_free(&a);
        ts_agg_free(&b);
    }
    ts_buf_free(&want);
    /* over --max-keys, rows fold into the overflow conn and totals stay exact */
    struct ts_agg small;
    ts_agg_init(&small);
    small.max_keys = 2;
    scan(&small, k_lines, n);
    struct ts_buf got = {0};
    conns_csv(&small, &got);
    ts_buf_put(&got, "", 1);
    assert_non_null(strstr(got.p, "2024-01-02,gw," TS_OVERFLOW_PEER ",1,"));
    ts_buf_free(&got);
    ts_agg_free(&small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conns),
    };
    return cmocka_run_group_tests_name("conns", tests, NULL, NULL) ? 1 : 0;
}
