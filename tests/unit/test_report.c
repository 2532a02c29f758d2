/* test_report.c — the report kinds beyond peers/events and the formats:
 * the generic renderer (csv, table, jsonl), day filter, totals per day, top
 * peers, the conns aggregate (split + merge = whole), the HTML dashboard
 * (one bar per non-zero day and failure class, escaping) and the progress
 * text. Expectations are worked out by hand. */
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

static ts_str S(const char *s)
{
    return (ts_str){(const unsigned char *)s, (ptrdiff_t)strlen(s)};
}

static const char *const k_names[] = {"name", "n", "detail"};

static void rows3(struct ts_render *r)
{
    struct ts_render_cell a[3] = {ts_render_text(S("=cmd|calc")), ts_render_num(7), ts_render_text(S("in"))};
    a[2].s2 = S("363c3bbb");
    ts_render_row(r, a);
    struct ts_render_cell b[3] = {ts_render_text(S("中文,\"q\"")), ts_render_num(12345), ts_render_text(S(""))};
    ts_render_row(r, b);
    struct ts_render_cell c[3] = {ts_render_text(S("-")), ts_render_num(0), ts_render_text(S("a\x1b\xff\n"))};
    ts_render_row(r, c);
}

static char *render(int fmt, int raw)
{
    static char out[2048];
    struct ts_buf b = {0};
    struct ts_render r;
    ts_render_begin(&r, fmt, raw, k_names, 3, &b);
    rows3(&r);
    ts_render_end(&r);
    assert_false(b.oom);
    assert_true(b.n < sizeof out);
    memcpy(out, b.p, b.n);
    out[b.n] = 0;
    ts_buf_free(&b);
    return out;
}

static void test_render_formats(void **state)
{
    (void)state;
    assert_string_equal(render(TS_FORMAT_CSV, 0), "name,n,detail\r\n"
                                                  "\"'=cmd|calc\",7,in 363c3bbb\r\n"
                                                  "\"中文,\"\"q\"\"\",12345,\r\n"
                                                  "-,0,\"a\x1b\xff\n\"\r\n");
    assert_string_equal(render(TS_FORMAT_CSV, 1), "name,n,detail\r\n"
                                                  "=cmd|calc,7,in 363c3bbb\r\n"
                                                  "\"中文,\"\"q\"\"\",12345,\r\n"
                                                  "-,0,\"a\x1b\xff\n\"\r\n");
    /* text left, numbers right (header too), CJK counts two columns, escapes for the terminal */
    assert_string_equal(render(TS_FORMAT_TABLE, 0), "name           n  detail\n"
                                                    "---------  -----  -------------\n"
                                                    "=cmd|calc      7  in 363c3bbb\n"
                                                    "中文,\"q\"   12345\n"
                                                    "-              0  a\\033\\377\\012\n");
    assert_string_equal(render(TS_FORMAT_JSONL, 0), "{\"name\":\"=cmd|calc\",\"n\":7,\"detail\":\"in 363c3bbb\"}\n"
                                                    "{\"name\":\"中文,\\\"q\\\"\",\"n\":12345,\"detail\":\"\"}\n"
                                                    "{\"name\":\"-\",\"n\":0,\"detail\":\"a\\u001b\\ufffd\\n\"}\n");
    /* no rows */
    struct ts_buf b = {0};
    struct ts_render r;
    ts_render_begin(&r, TS_FORMAT_TABLE, 0, k_names, 3, &b);
    ts_render_end(&r);
    ts_buf_put(&b, "", 1);
    assert_string_equal(b.p, "name  n  detail\n----  -  ------\n");
    ts_buf_free(&b);
    int got = -1;
    assert_int_equal(ts_render_format_by_name("jsonl", &got), TS_OK);
    assert_int_equal(got, TS_FORMAT_JSONL);
    assert_int_equal(ts_render_format_by_name("xml", &got), TS_EUSAGE);
    assert_int_equal(ts_report_by_name("conns", &got), TS_OK);
    assert_int_equal(got, TS_REPORT_CONNS);
    assert_int_equal(ts_report_by_name("top", &got), TS_OK);
    assert_int_equal(got, TS_REPORT_TOP);
    assert_int_equal(ts_report_by_name("nope", &got), TS_EUSAGE);
}

static void test_render_cut(void **state)
{
    (void)state;
    char big[400];
    memset(big, 'a', sizeof big);
    struct ts_render_cell c[1] = {ts_render_text((ts_str){(const unsigned char *)big, sizeof big})};
    static const char *const one[] = {"x"};
    for (int fmt = TS_FORMAT_CSV; fmt <= TS_FORMAT_JSONL; fmt++) {
        struct ts_buf b = {0};
        struct ts_render r;
        ts_render_begin(&r, fmt, 0, one, 1, &b);
        ts_render_row(&r, c);
        ts_render_end(&r);
        /* 256 bytes then "...", whatever the format */
        const char *p = memchr(b.p, 'a', b.n);
        assert_non_null(p);
        size_t n = 0;
        while (p[n] == 'a') n++;
        assert_int_equal(n, 256);
        assert_memory_equal(p + n, "...", 3);
        ts_buf_free(&b);
    }
}

/* rows for the summaries: day, host, peer, counts */
struct fixture {
    struct ts_agg_counts n[6];
    struct ts_agg_row rows[6];
};

static void fixture(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *const k[6][3] = {
        {"-", "gw", "192.0.2.9"},          {"2024-01-01", "gw", "192.0.2.1"}, {"2024-01-01", "gw", "192.0.2.2"},
        {"2024-01-02", "gw", "192.0.2.1"}, {"2024-01-02", "hq", "192.0.2.1"}, {"2024-01-03", "gw", "192.0.2.3"},
    };
    f->n[0].c[TS_C_DPD_DEAD] = 9;
    f->n[1].c[TS_C_DPD_DEAD] = 2;
    f->n[1].c[TS_C_PHASE1_UP] = 5;
    f->n[2].c[TS_C_AUTH_FAIL] = 3;
    f->n[2].c[TS_C_WEAK_ESP] = 4;
    f->n[3].c[TS_C_UNKNOWN_SA] = 1;
    f->n[3].c[TS_C_DISCONNECT] = 1;
    f->n[4].c[TS_C_AUTH_FAIL] = 3;
    f->n[5].c[TS_C_STATE_CHANGE] = 8; /* no report column: not a row of any report */
    for (int i = 0; i < 6; i++) f->rows[i] = (struct ts_agg_row){S(k[i][0]), S(k[i][1]), S(k[i][2]), &f->n[i]};
}

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

static size_t count(const struct ts_buf *b, const char *s)
{
    size_t k = 0, n = strlen(s);
    for (size_t i = 0; i + n <= b->n; i++) k += memcmp(b->p + i, s, n) == 0;
    return k;
}

static void test_html(void **state)
{
    (void)state;
    struct fixture f;
    fixture(&f);
    f.rows[2].peer = S("<script>alert(1)</script>");
    struct ts_buf b = {0};
    const struct ts_summary_days all = {NULL, NULL, 0};
    assert_int_equal(ts_html_dashboard(&b, f.rows, 6, &all, 10), 0);
    /* bars: Jan 1 dpd_dead, auth_fail; Jan 2 unknown_sa, disconnect, auth_fail. Jan 3 has no
     * report column, "-" cannot be placed on the axis */
    assert_int_equal(count(&b, "<rect class=\"bar "), 5);
    assert_int_equal(count(&b, "data-class=\"auth_fail\""), 2);
    assert_int_equal(count(&b, "<script"), 0);
    assert_int_equal(count(&b, "&lt;script&gt;"), 2); /* heat map and top table */
    assert_int_equal(count(&b, "src="), 0);
    assert_int_equal(count(&b, "href="), 0);
    assert_true(count(&b, "9 failures on lines without a timestamp") == 1);
    assert_true(b.n > 10 && memcmp(b.p, "<!DOCTYPE html>", 15) == 0);
    b.n = 0;
    const struct ts_summary_days later = {"2024-01-03", NULL, 0};
    assert_int_equal(ts_html_dashboard(&b, f.rows, 6, &later, 10), 0);
    assert_int_equal(count(&b, "<rect class=\"bar "), 0);
    assert_int_equal(count(&b, "No failures with a date in the selected days."), 1);
    ts_buf_free(&b);
}

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
        cmocka_unit_test(test_render_formats), cmocka_unit_test(test_render_cut),
        cmocka_unit_test(test_summaries),      cmocka_unit_test(test_html),
        cmocka_unit_test(test_conns),          cmocka_unit_test(test_progress_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
