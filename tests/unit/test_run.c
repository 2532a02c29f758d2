/* test_run.c — the run's planning and file handling (agg/run.c): errors
 * about a split file name it after the walk is over. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg/run.h"

struct errs {
    const char *shrink; /* truncated when the walk reports its first error */
    int n;
    char paths[4][512];
    char msgs[4][256];
};

/* Copies what it is given: a path that was freed is read here (ASan). */
static void on_err(void *ctx, const struct ts_err *e)
{
    struct errs *x = ctx;
    if (x->shrink) {
        assert_int_equal(truncate(x->shrink, 0), 0);
        x->shrink = NULL;
    }
    if (x->n < 4) {
        snprintf(x->paths[x->n], sizeof x->paths[0], "%s", e->path ? e->path : "(none)");
        snprintf(x->msgs[x->n], sizeof x->msgs[0], "%s", e->msg);
    }
    x->n++;
}

/* A file split into ranges that shrinks before its ranges are read: the
 * error names it, from memory that is still the run's. */
static void test_shrunk_split_file_named(void **state)
{
    (void)state;
    char big[512], missing[512];
    tpath(big, "big.log");
    tpath(missing, "missing.log");
    FILE *f = fopen(big, "w");
    assert_non_null(f);
    for (int i = 0; i < 4000; i++) fprintf(f, "Jan  1 00:00:%02d h pluto[1]: line %d\n", i % 60, i);
    assert_int_equal(fclose(f), 0);

    struct ts_run_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 2;
    o.min_part = 4096;
    o.have_ref = 1;
    o.ref = (struct ts_day_ref){2024, 1, 10};
    o.today = o.ref;
    /* big is planned (split) first; the missing operand's error comes
     * after, and the callback truncates big before any range is read */
    char *ops[] = {big, missing};
    struct errs x = {.shrink = big};
    struct ts_run r;
    struct ts_err err = {0};
    assert_int_equal(ts_run_scan(&r, ops, 2, &o, on_err, &x, &err), TS_OK);
    assert_true(r.partial);
    assert_true(r.nunits > 1);
    assert_int_equal(x.n, 2);
    assert_string_equal(x.paths[0], missing);
    assert_string_equal(x.paths[1], big);
    assert_non_null(strstr(x.msgs[1], "shrank"));
    ts_run_free(&r);
    unlink(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shrunk_split_file_named),
    };
    return cmocka_run_group_tests_name("run", tests, group_setup, group_teardown) ? 1 : 0;
}
