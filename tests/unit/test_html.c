/* test_html.c — html (split from test_report.c by module). */
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
    f.n[2].c[TS_C_PHASE2_UP] = 1; /* a known peer: heat map and known table */
    struct ts_buf b = {0};
    const struct ts_summary_days all = {NULL, NULL, 0};
    struct ts_summary_known known;
    assert_int_equal(ts_summary_known_init(&known, f.rows, 6), 0);
    assert_int_equal(ts_html_dashboard(&b, f.rows, 6, &all, 10, &known, NULL, 0), 0);
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
    assert_int_equal(ts_html_dashboard(&b, f.rows, 6, &later, 10, &known, NULL, 0), 0);
    assert_int_equal(count(&b, "<rect class=\"bar "), 0);
    assert_int_equal(count(&b, "No failures with a date in the selected days."), 1);
    ts_buf_free(&b);
    ts_summary_known_free(&known);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html),
    };
    return cmocka_run_group_tests_name("html", tests, NULL, NULL) ? 1 : 0;
}
