/* test_names.c — the --peer-names file (names.c): CSV cells, header,
 * comments, sites, a later line winning, and errors with their line. */
#include "testutil.h"

#include <string.h>

#include "report/names.h"

static void want(const struct ts_names *t, const char *addr, const char *name)
{
    const ts_str got = ts_names_get(t, S(addr));
    if (!ts_str_eq(got, S(name)))
        fail_msg("%s: got '%.*s', want '%s'", addr, (int)got.n, got.p ? (const char *)got.p : "", name);
}

static void test_names_parse(void **state)
{
    (void)state;
    const char text[] = "address,name,site\r\n"
                        "192.0.2.1,\"Branch, Taipei\",TPE\r\n"
                        "# retired\n"
                        "\n"
                        "192.0.2.2,\"He said \"\"hi\"\"\"\n"
                        "2001:db8::7,HQ\n"
                        "192.0.2.2,Kaohsiung,\n"
                        "198.51.100.1,Last";
    struct ts_names t;
    struct ts_err err = {0};
    assert_int_equal(ts_names_parse(&t, text, sizeof text - 1, &err), TS_OK);
    assert_int_equal(t.n, 4);
    want(&t, "192.0.2.1", "Branch, Taipei (TPE)");
    want(&t, "192.0.2.2", "Kaohsiung"); /* the later line wins; an empty site adds nothing */
    want(&t, "2001:db8::7", "HQ");
    want(&t, "198.51.100.1", "Last"); /* no newline at the end */
    want(&t, "192.0.2.9", "");
    want(&t, "address", "");
    ts_names_free(&t);
    assert_int_equal(ts_names_get(NULL, S("192.0.2.1")).n, 0);
}

static void test_names_errors(void **state)
{
    (void)state;
    struct ts_names t;
    struct ts_err err = {0};
    const char one_cell[] = "192.0.2.1,a\n192.0.2.2,b\n192.0.2.3\n";
    assert_int_equal(ts_names_parse(&t, one_cell, sizeof one_cell - 1, &err), TS_EDATA);
    assert_int_equal(err.line, 3);
    const char no_name[] = "192.0.2.1,\n";
    assert_int_equal(ts_names_parse(&t, no_name, sizeof no_name - 1, &err), TS_EDATA);
    assert_int_equal(err.line, 1);
    const char open_quote[] = "192.0.2.1,a\n192.0.2.2,\"b\n";
    assert_int_equal(ts_names_parse(&t, open_quote, sizeof open_quote - 1, &err), TS_EDATA);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "quoted"));
    assert_int_equal(ts_names_parse(&t, "", 0, &err), TS_OK);
    assert_int_equal(t.n, 0);
    ts_names_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_parse),
        cmocka_unit_test(test_names_errors),
    };
    return cmocka_run_group_tests_name("names", tests, NULL, NULL) ? 1 : 0;
}
