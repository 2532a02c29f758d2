/* test_render.c — render (split from test_report.c by module). */
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

static const char k_table[] = "name           n  detail\n"
                               "---------  -----  -------------\n"
                               "=cmd|calc      7  in 363c3bbb\n"
                               "中文,\"q\"   12345\n"
                               "-              0  a\\033\\377\\012\n";

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

/* Numbers the log wrote (pid, port, serial, instance): a JSON number only
 * when a JSON reader gets the same text back; absent as null; text as is in
 * csv and table. */
static void test_render_int(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g"};
    const char *in[7] = {"12", "0", "-", "", "07", "9007199254740991", "9007199254740992"};
    struct ts_render_cell cells[7];
    for (int i = 0; i < 7; i++) cells[i] = ts_render_int(S(in[i]));
    struct ts_buf b = {0};
    struct ts_render r;
    ts_render_begin(&r, TS_FORMAT_JSONL, 0, names, 7, &b);
    ts_render_row(&r, cells);
    ts_render_end(&r);
    ts_buf_put(&b, "", 1);
    assert_string_equal(b.p, "{\"a\":12,\"b\":0,\"c\":null,\"d\":null,\"e\":\"07\",\"f\":9007199254740991,"
                             "\"g\":\"9007199254740992\"}\n");
    b.n = 0;
    ts_render_begin(&r, TS_FORMAT_CSV, 0, names, 7, &b);
    ts_render_row(&r, cells);
    ts_render_end(&r);
    ts_buf_put(&b, "", 1);
    assert_string_equal(b.p, "a,b,c,d,e,f,g\r\n12,0,-,,07,9007199254740991,9007199254740992\r\n");
    ts_buf_free(&b);
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
    assert_string_equal(render(TS_FORMAT_TABLE, 0), k_table);
    assert_string_equal(render(TS_FORMAT_JSONL, 0), "{\"name\":\"=cmd|calc\",\"n\":7,\"detail\":\"in 363c3bbb\"}\n"
                                                    "{\"name\":\"中文,\\\"q\\\"\",\"n\":12345,\"detail\":null}\n"
                                                    "{\"name\":null,\"n\":0,\"detail\":\"a\\u001b\\ufffd\\n\"}\n");
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
    assert_int_equal(ts_render_format_by_name("prom", &got), TS_OK);
    assert_int_equal(got, TS_FORMAT_PROM);
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

/* A table measured first and then streamed equals the one-pass table, and
 * holds one row at a time, not all of them. */
static void test_render_two_pass(void **state)
{
    (void)state;
    struct ts_buf b = {0};
    struct ts_render r;
    ts_render_begin(&r, TS_FORMAT_TABLE, 0, k_names, 3, &b);
    assert_true(ts_render_two_pass(&r));
    for (int pass = 0; pass < 2; pass++) {
        struct ts_render_cell a[3] = {ts_render_text(S("=cmd|calc")), ts_render_num(7), ts_render_text(S("in"))};
        a[2].s2 = S("363c3bbb");
        struct ts_render_cell c2[3] = {ts_render_text(S("中文,\"q\"")), ts_render_num(12345), ts_render_text(S(""))};
        struct ts_render_cell c3[3] = {ts_render_text(S("-")), ts_render_num(0), ts_render_text(S("a\x1b\xff\n"))};
        const struct ts_render_cell *rows[3] = {a, c2, c3};
        for (int i = 0; i < 3; i++) {
            if (pass == 0) {
                ts_render_measure(&r, rows[i]);
                assert_int_equal(b.n, 0);
                assert_int_equal(r.text.n, 0);
            } else {
                ts_render_row(&r, rows[i]);
                assert_true(r.meta.n <= 3 * 4 * sizeof(size_t)); /* this row's cells only */
            }
        }
        if (pass == 0) ts_render_stream(&r);
    }
    ts_render_end(&r);
    ts_buf_put(&b, "", 1);
    assert_false(b.oom);
    assert_string_equal(b.p, k_table);
    ts_buf_free(&b);
    /* no rows: the header alone, as in one pass */
    ts_render_begin(&r, TS_FORMAT_TABLE, 0, k_names, 3, &b);
    ts_render_stream(&r);
    ts_render_end(&r);
    ts_buf_put(&b, "", 1);
    assert_string_equal(b.p, "name  n  detail\n----  -  ------\n");
    ts_buf_free(&b);
    for (int fmt = TS_FORMAT_CSV; fmt <= TS_FORMAT_JSONL; fmt++) {
        ts_render_begin(&r, fmt, 0, k_names, 3, &b);
        assert_int_equal(ts_render_two_pass(&r), fmt == TS_FORMAT_TABLE);
        ts_render_end(&r);
        ts_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_formats),
        cmocka_unit_test(test_render_int),
        cmocka_unit_test(test_render_cut),
        cmocka_unit_test(test_render_two_pass),
    };
    return cmocka_run_group_tests_name("render", tests, NULL, NULL) ? 1 : 0;
}
