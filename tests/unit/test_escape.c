/* test_escape.c — escape (split from test_explain.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "explain/explain.h"
#include "explain/shapes.h"

static void esc(size_t (*fn)(struct ts_buf *, ts_str), void (*fv)(struct ts_buf *, ts_str), const char *in,
                size_t n, const char *want)
{
    struct ts_buf b = {0};
    if (fn) fn(&b, (ts_str){(const unsigned char *)in, (ptrdiff_t)n});
    else fv(&b, (ts_str){(const unsigned char *)in, (ptrdiff_t)n});
    ts_buf_put(&b, "", 1);
    if (strcmp(b.p, want) != 0) fail_msg("escaped %s, want %s", b.p, want);
    ts_buf_free(&b);
}

static void test_escape(void **state)
{
    (void)state;
    uint32_t cp;
    const unsigned char ok3[] = "\xe4\xb8\xad", over[] = "\xc0\xaf", sur[] = "\xed\xa0\x80", big[] = "\xf4\x90\x80\x80";
    assert_int_equal(ts_escape_utf8_next(ok3, ok3 + 3, &cp), 3);
    assert_int_equal(cp, 0x4e2d);
    assert_int_equal(ts_escape_utf8_width(cp), 2);
    assert_int_equal(ts_escape_utf8_next(ok3, ok3 + 2, &cp), 0); /* cut short */
    assert_int_equal(ts_escape_utf8_next(over, over + 2, &cp), 0);
    assert_int_equal(ts_escape_utf8_next(sur, sur + 3, &cp), 0);
    assert_int_equal(ts_escape_utf8_next(big, big + 4, &cp), 0);
    assert_int_equal(ts_escape_utf8_width('a'), 1);

    const char in[] = "a\tb\\c\x1b[0m\xff\xc2\x9b\xe4\xb8\xad\x7f\"<&>'";
    const size_t n = sizeof in - 1;
    esc(ts_escape_term, NULL, in, n, "a\\011b\\c\\033[0m\\377\\302\\233\xe4\xb8\xad\\177\"<&>'");
    esc(NULL, ts_escape_json, in, n, "a\\tb\\\\c\\u001b[0m\\ufffd\xc2\x9b\xe4\xb8\xad\\u007f\\\"<&>'");
    esc(NULL, ts_escape_html, in, n,
        "a\tb\\c\xef\xbf\xbd[0m\xef\xbf\xbd\xef\xbf\xbd\xe4\xb8\xad\xef\xbf\xbd&quot;&lt;&amp;&gt;&#39;");
    esc(NULL, ts_escape_json, "\xe2\x80\xa8 \r\n\b\f", 8, "\\u2028 \\r\\n\\b\\f");
    struct ts_buf b = {0};
    assert_int_equal(ts_escape_term(&b, S("中文ab")), 6);
    ts_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
    };
    return cmocka_run_group_tests_name("escape", tests, NULL, NULL) ? 1 : 0;
}
