/* test_csv.c — csv (split from test_core.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"

static char *cell(ts_str s, int raw)
{
    static char out[1024];
    struct ts_buf b = {0};
    ts_csv_text(&b, s, raw);
    snprintf(out, sizeof out, "%.*s", (int)b.n, b.p ? b.p : "");
    ts_buf_free(&b);
    return out;
}

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

static void test_csv(void **state)
{
    (void)state;
    assert_string_equal(cell(S("plain"), 0), "plain");
    assert_string_equal(cell(S("a,b"), 0), "\"a,b\"");
    assert_string_equal(cell(S("say \"hi\""), 0), "\"say \"\"hi\"\"\"");
    assert_string_equal(cell(S("two\nlines"), 0), "\"two\nlines\"");
    assert_string_equal(cell(S("=cmd|' /C calc'!A0"), 0), "\"'=cmd|' /C calc'!A0\"");
    assert_string_equal(cell(S("=cmd"), 1), "=cmd");
    assert_string_equal(cell(S("+1"), 0), "\"'+1\"");
    assert_string_equal(cell(S("-x"), 0), "\"'-x\"");
    assert_string_equal(cell(S("@sum"), 0), "\"'@sum\"");
    assert_string_equal(cell(S("\tx"), 0), "\"'\tx\"");
    assert_string_equal(cell(S("-"), 0), "-");
    assert_string_equal(cell(S(""), 0), "");
    char big[400];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    char want[300];
    memset(want, 'a', 256);
    strcpy(want + 256, "...");
    assert_string_equal(cell(S(big), 0), want);
    struct ts_buf b = {0};
    ts_csv_text2(&b, S("ID_FQDN"), S("x,y"), 0);
    ts_csv_sep(&b);
    ts_csv_u64(&b, 18446744073709551615ull);
    ts_csv_eol(&b);
    assert_int_equal(b.n, strlen("\"ID_FQDN x,y\",18446744073709551615\r\n"));
    assert_memory_equal(b.p, "\"ID_FQDN x,y\",18446744073709551615\r\n", b.n);
    ts_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL) ? 1 : 0;
}
