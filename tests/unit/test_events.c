/* test_events.c — the events spool: records read back exactly as written,
 * in order and by unit range, whether they stayed in the in-memory tail or
 * went to the temporary file; the tail never holds more than its cap; a
 * TMPDIR that cannot take the file is an error naming it. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/events.h"

/* Event i: fields whose text and lengths depend on i (one of 300 bytes,
 * cut to TS_FIELD_KEEP = 257). */
static void make(uint64_t i, char text[12][400], struct ts_event *e)
{
    memset(e, 0, sizeof *e);
    e->line = i + 1;
    e->weight = (uint32_t)(i % 7 + 1);
    e->cls = (int)(i % 40);
    ts_str *f[12] = {&e->day, &e->time, &e->host, &e->pid, &e->conn, &e->instance,
                     &e->peer, &e->port, &e->serial, &e->tag, &e->d1, &e->d2};
    for (int k = 0; k < 12; k++) {
        size_t n = (i * 13 + (uint64_t)k * 7) % 40;
        if (k == 10 && i % 5 == 0) n = 300;
        for (size_t j = 0; j < n; j++) text[k][j] = (char)('a' + (i + j + (size_t)k) % 26);
        text[k][n] = 0;
        *f[k] = n ? S(text[k]) : (ts_str){NULL, 0};
    }
}

static void same(const struct ts_event *a, uint64_t i)
{
    char text[12][400];
    struct ts_event e;
    make(i, text, &e);
    assert_int_equal(a->line, e.line);
    assert_int_equal(a->weight, e.weight);
    assert_int_equal(a->cls, e.cls);
    const ts_str *x[12] = {&a->day, &a->time, &a->host, &a->pid, &a->conn, &a->instance,
                           &a->peer, &a->port, &a->serial, &a->tag, &a->d1, &a->d2};
    const ts_str *y[12] = {&e.day, &e.time, &e.host, &e.pid, &e.conn, &e.instance,
                           &e.peer, &e.port, &e.serial, &e.tag, &e.d1, &e.d2};
    for (int k = 0; k < 12; k++) {
        ptrdiff_t n = y[k]->n > 257 ? 257 : y[k]->n;
        assert_int_equal(x[k]->n, n);
        if (n) assert_memory_equal(x[k]->p, y[k]->p, (size_t)n);
    }
}

static void check_range(const struct ts_events *l, uint64_t b, uint64_t e, uint64_t first, uint64_t count)
{
    struct ts_events_reader r;
    struct ts_err err = {0};
    struct ts_event ev;
    assert_int_equal(ts_events_read_begin(&r, l, b, e), TS_OK);
    uint64_t got = 0;
    int rc;
    while ((rc = ts_events_next(&r, &ev, &err)) == 1) same(&ev, first + got++);
    assert_int_equal(rc, 0);
    assert_int_equal(got, count);
    ts_events_read_end(&r);
}

static void test_spool_roundtrip(void **state)
{
    (void)state;
    struct ts_events l;
    ts_events_init(&l);
    l.cap = 8192; /* small, so most records go to the file */
    struct ts_err err = {0};
    char text[12][400];
    struct ts_event e;
    uint64_t cut[4] = {0, 0, 0, 0};
    const uint64_t n = 20000;
    for (uint64_t i = 0; i < n; i++) {
        if (i == 7000) cut[1] = ts_events_size(&l);
        if (i == 7001) cut[2] = ts_events_size(&l);
        make(i, text, &e);
        assert_int_equal(ts_events_add(&l, &e, &err), TS_OK);
        assert_true(l.n <= l.cap);
    }
    cut[3] = ts_events_size(&l);
    assert_true(l.fd >= 0);         /* spilled */
    assert_true(l.flushed > 0 && l.n > 0); /* and some still in the tail */
    check_range(&l, cut[0], cut[3], 0, n);
    check_range(&l, cut[0], cut[1], 0, 7000);
    check_range(&l, cut[1], cut[2], 7000, 1);
    check_range(&l, cut[2], cut[3], 7001, n - 7001);
    check_range(&l, cut[3], cut[3], n, 0);
    ts_events_free(&l);
}

static void test_spool_small_stays_in_memory(void **state)
{
    (void)state;
    struct ts_events l;
    ts_events_init(&l);
    struct ts_err err = {0};
    char text[12][400];
    struct ts_event e;
    for (uint64_t i = 0; i < 100; i++) {
        make(i, text, &e);
        assert_int_equal(ts_events_add(&l, &e, &err), TS_OK);
    }
    assert_int_equal(l.fd, -1);
    check_range(&l, 0, ts_events_size(&l), 0, 100);
    ts_events_free(&l);
}

static void test_spool_bad_tmpdir(void **state)
{
    (void)state;
    const char *old = getenv("TMPDIR");
    char *keep = old ? strdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent/tunnelstat-test", 1);
    struct ts_events l;
    ts_events_init(&l);
    l.cap = 4096;
    struct ts_err err = {0};
    char text[12][400];
    struct ts_event e;
    int rc = TS_OK;
    for (uint64_t i = 0; i < 1000 && rc == TS_OK; i++) {
        make(i, text, &e);
        rc = ts_events_add(&l, &e, &err);
    }
    assert_int_equal(rc, TS_EOUT);
    assert_non_null(err.path);
    assert_string_equal(err.path, "/nonexistent/tunnelstat-test");
    assert_non_null(strstr(err.msg, "temporary file"));
    ts_events_free(&l);
    if (keep) setenv("TMPDIR", keep, 1);
    else unsetenv("TMPDIR");
    free(keep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spool_roundtrip),
        cmocka_unit_test(test_spool_small_stays_in_memory),
        cmocka_unit_test(test_spool_bad_tmpdir),
    };
    return cmocka_run_group_tests_name("events", tests, NULL, NULL) ? 1 : 0;
}
