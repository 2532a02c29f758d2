/* test_options.c — the option tables: shared handlers, the usage errors of
 * issue "Trust" (overflow, two-digit year, empty output name), and a table
 * built from another's entries (how a later subcommand reuses scan's). */
#include "testutil.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cli/options.h"
#include "explain/phrases.h"

/* Parses words (NULL-terminated, program name first) into o; o->ops
 * points into words afterwards. */
static int parse(struct ts_options *o, char **words)
{
    int n = 0;
    while (words[n]) n++;
    return ts_options_parse(n, words, o);
}

static const struct ts_options_opt *entry(const struct ts_options_opt *t, const char *name)
{
    for (; t->name; t++)
        if (strcmp(t->name, name) == 0) return t;
    return NULL;
}

static void test_shared_handlers(void **state)
{
    (void)state;
    static const char *const shared[] = {"output", "zstd-window-log-max", "help"};
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        const struct ts_options_opt *a = entry(ts_options_scan, shared[i]), *b = entry(ts_options_explain, shared[i]);
        assert_non_null(a);
        assert_non_null(b);
        assert_ptr_equal(a->set, b->set);
        assert_int_equal(a->letter, b->letter);
    }
    assert_null(entry(ts_options_explain, "report"));
}

static void test_scan_values(void **state)
{
    (void)state;
    struct ts_options o;
    char *w1[] = {"tunnelstat", "--year", "2025", "-j", "3", "--min-part", "1099511627776", "-r", "events",
                  "-o", "r.csv", "in.log", NULL};
    assert_int_equal(parse(&o, w1), TS_EXIT_OK);
    assert_null(o.cmd);
    assert_int_equal(o.run.ref.y, 2025);
    assert_int_equal(o.run.ref.m, 12);
    assert_int_equal(o.run.ref.d, 31);
    assert_int_equal(o.run.threads, 3);
    assert_int_equal(o.run.min_part, (size_t)1 << 40);
    assert_true(o.run.events);
    assert_string_equal(o.output, "r.csv");
    assert_int_equal(o.nops, 1);
    assert_string_equal(o.ops[0], "in.log");
    char *w2[] = {"tunnelstat", "scan", "-o", "-", "a", "b", NULL};
    assert_int_equal(parse(&o, w2), TS_EXIT_OK);
    assert_null(o.output); /* "-" is stdout */
    assert_int_equal(o.nops, 2);
}

static void test_usage_errors(void **state)
{
    (void)state;
    /* option, value; the operand "x" follows */
    static const char *const bad[][3] = {
        {NULL, "--year", "25"},         {NULL, "--year", "02025"},
        {NULL, "--year", "0000"},       {NULL, "--min-part", "18446744073709551615"},
        {NULL, "--min-part", "1099511627777"}, {NULL, "--min-part", "0"},
        {NULL, "--top", "18446744073709551616"}, {NULL, "--max-keys", "-1"},
        {NULL, "-o", ""},               {"explain", "--output", ""},
        {"explain", "--report", "peers"}, /* not an explain option */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *words[6] = {"tunnelstat"};
        int n = 1;
        if (bad[i][0]) words[n++] = (char *)bad[i][0];
        words[n++] = (char *)bad[i][1];
        words[n++] = (char *)bad[i][2];
        words[n++] = "x";
        struct ts_options o;
        if (ts_options_parse(n, words, &o) != TS_EXIT_USAGE) fail_msg("accepted: %s %s '%s'", bad[i][0] ? bad[i][0] : "", bad[i][1], bad[i][2]);
    }
}

static void test_explain_values(void **state)
{
    (void)state;
    struct ts_options o;
    char *w[] = {"tunnelstat", "explain", "--lang", "zh", "--color=never", "--zstd-window-log-max", "31", "f", NULL};
    assert_int_equal(parse(&o, w), TS_EXIT_OK);
    assert_string_equal(o.cmd, "explain");
    assert_int_equal(o.explain.ex.lang, TS_LANG_ZH);
    assert_int_equal(o.explain.ex.color, 0);
    assert_int_equal(o.explain.in.zstd_window_log_max, 31);
}

/* A subcommand of tomorrow: its table made of scan's entries plus its own. */
static void test_reused_entries(void **state)
{
    (void)state;
    struct ts_options_opt t[4];
    t[0] = *entry(ts_options_scan, "output");
    t[1] = *entry(ts_options_scan, "ref-date");
    t[2] = *entry(ts_options_scan, "threads");
    t[3] = (struct ts_options_opt){NULL, 0, 0, NULL};
    char *words[] = {"tunnelstat", "--ref-date", "2024-02-29", "-o", "s.state", "-j", "2", "dir", NULL};
    struct ts_options o;
    memset(&o, 0, sizeof o);
    o.cmd = "ingest";
    int next = 0;
    assert_int_equal(ts_options_read(t, 8, words, &o, &next), TS_EXIT_OK);
    assert_int_equal(next, 7);
    assert_string_equal(o.output, "s.state");
    assert_int_equal(o.run.threads, 2);
    assert_int_equal(o.run.ref.d, 29);
    char *bad[] = {"tunnelstat", "--format", "csv", NULL};
    assert_int_equal(ts_options_read(t, 3, bad, &o, &next), TS_EXIT_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_handlers), cmocka_unit_test(test_scan_values),
        cmocka_unit_test(test_usage_errors),    cmocka_unit_test(test_explain_values),
        cmocka_unit_test(test_reused_entries),
    };
    return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
