/* test_phrases.c — phrases (split from test_explain.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "explain/explain.h"
#include "explain/shapes.h"

/* Every (class, language) has a non-empty default meaning; failures say
 * what to do; every row is complete in every language and well formed. */
static void test_table_complete(void **state)
{
    (void)state;
    int dflt[TS_NCLASS];
    for (int c = 0; c < TS_NCLASS; c++) dflt[c] = -1;
    for (int i = 0; i < ts_phrases_nrows(); i++) {
        int cls;
        const char *when, *say, *todo;
        ts_phrases_row(i, 0, &cls, &when, &say, &todo);
        assert_true(cls >= 0 && cls < TS_NCLASS);
        const int want_todo = todo != NULL;
        if (!when && dflt[cls] < 0) dflt[cls] = i;
        for (int l = 0; l < TS_NLANG; l++) {
            ts_phrases_row(i, l, &cls, &when, &say, &todo);
            if (!say || !say[0]) fail_msg("row %d (%s) has no meaning in %s", i, ts_class_name(cls), ts_phrases_lang_code(l));
            if (ts_explain_check(say) != 0) fail_msg("row %d %s: bad template: %s", i, ts_phrases_lang_code(l), say);
            if ((todo != NULL) != want_todo || (todo && !todo[0]))
                fail_msg("row %d (%s): advice missing in %s", i, ts_class_name(cls), ts_phrases_lang_code(l));
            if (todo && ts_explain_check(todo) != 0) fail_msg("row %d %s: bad template: %s", i, ts_phrases_lang_code(l), todo);
        }
    }
    for (int c = 0; c < TS_NCLASS; c++) {
        if (dflt[c] < 0) fail_msg("class %s has no explanation", ts_class_name(c));
        int cls;
        const char *when, *say, *todo;
        ts_phrases_row(dflt[c], 0, &cls, &when, &say, &todo);
        if (ts_class_is_failure(c) && !todo) fail_msg("failure class %s says nothing about what to do", ts_class_name(c));
    }
    {   /* the last row is the fallback: other's default */
        int cls;
        const char *when, *say, *todo;
        ts_phrases_row(ts_phrases_nrows() - 1, 0, &cls, &when, &say, &todo);
        assert_int_equal(cls, TS_C_OTHER);
        assert_null(when);
    }
    for (int w = 0; w < ts_phrases_nwords(); w++)
        for (int l = 0; l < TS_NLANG; l++) {
            const char *s = ts_phrases_word(w, l);
            if (!s || !s[0] || ts_explain_check(s) != 0) fail_msg("UI phrase %d missing or bad in %s", w, ts_phrases_lang_code(l));
        }
    int got = -1;
    for (int l = 0; l < TS_NLANG; l++) {
        assert_int_equal(ts_phrases_lang_by_name(ts_phrases_lang_code(l), &got), TS_OK);
        assert_int_equal(got, l);
    }
    assert_int_equal(ts_phrases_lang_by_name("zh-TW", &got), TS_OK);
    assert_int_equal(got, TS_LANG_ZH_TW);
    assert_int_equal(ts_phrases_lang_by_name("fr", &got), TS_EUSAGE);
}

static void test_template_check(void **state)
{
    (void)state;
    assert_int_equal(ts_explain_check("plain"), 0);
    assert_int_equal(ts_explain_check("a[[ {peer}]] b {conn}[[ ({d1} {d2})]]"), 0);
    assert_int_equal(ts_explain_check("{nope}"), TS_EDATA);
    assert_int_equal(ts_explain_check("[[ open"), TS_EDATA);
    assert_int_equal(ts_explain_check("close ]]"), TS_EDATA);
    assert_int_equal(ts_explain_check("[[ [[ nested ]] ]]"), TS_EDATA);
    assert_int_equal(ts_explain_check("{peer"), TS_EDATA);
    assert_int_equal(ts_explain_check("peer}"), TS_EDATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_complete),
        cmocka_unit_test(test_template_check),
    };
    return cmocka_run_group_tests_name("phrases", tests, NULL, NULL) ? 1 : 0;
}
