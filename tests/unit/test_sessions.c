/* test_sessions.c — the sessions builder (agg/sessions.c) on hand-made event
 * lists: what ends a session, ties within one second, repeated lines, hosts
 * apart, input order, availability days, and the time helpers. Expected
 * values are worked out by hand from SPEC.md §8. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "agg/sessions.h"

enum { PID = TS_SESSIONS_PID, UP = TS_SESSIONS_UP, DPD = TS_SESSIONS_DPD, DISC = TS_SESSIONS_DISC };

/* host, t, seq, kind, conn or pid, peer, weight */
static struct ts_sessions_event ev(const char *host, int64_t t, uint64_t seq, int kind, const char *conn_or_pid,
                                   const char *peer, uint32_t w)
{
    struct ts_sessions_event e = {t, seq, S(host), S(""), S(""), S(""), (uint32_t)kind, w};
    if (kind == PID) e.pid = S(conn_or_pid);
    else { /* a line with a pid, as pluto[pid] writes them */
        e.conn = S(conn_or_pid);
        e.peer = S(peer);
        e.pid = S("1");
    }
    return e;
}

struct built {
    struct ts_sessions_row *s;
    size_t n;
};

static struct built build(struct ts_sessions_event *e, size_t n, struct ts_sessions_span *sp, size_t nsp)
{
    struct built b;
    ts_sessions_sort(e, n);
    ts_sessions_sort_spans(sp, nsp);
    assert_int_equal(ts_sessions_build(e, n, sp, nsp, &b.s, &b.n), TS_OK);
    return b;
}

static void assert_row(const struct ts_sessions_row *r, const char *conn, const char *peer, int64_t start, int64_t end,
                       int by, uint64_t rekeys)
{
    assert_true(ts_str_eq(r->conn, S(conn)));
    assert_true(ts_str_eq(r->peer, S(peer)));
    assert_int_equal(r->start, start);
    assert_int_equal(r->end, end);
    assert_int_equal(r->ended_by, by);
    assert_int_equal(r->rekeys, rekeys);
}

/* The first line of a new pid is also a phase2_up: the restart ends the old
 * session first, then that line starts a new one (SPEC §8). */
static void test_restart_on_an_up_line(void **state)
{
    (void)state;
    struct ts_sessions_event e[] = {
        ev("gw", 0, 1, PID, "100", NULL, 1), ev("gw", 10, 2, UP, "a", "p", 1),
        ev("gw", 20, 3, UP, "a", "p", 1), ev("gw", 20, 3, PID, "200", NULL, 1),
    };
    struct ts_sessions_span sp[] = {{S("gw"), 0, 50}};
    struct built b = build(e, 4, sp, 1);
    assert_int_equal(b.n, 2);
    assert_row(&b.s[0], "a", "p", 10, 20, TS_END_RESTART, 0);
    assert_row(&b.s[1], "a", "p", 20, 50, TS_END_OPEN, 0);
    free(b.s);
}

/* A restart ends the sessions of the old pid (issue 16); one a line without
 * a pid started belongs to no pid and stays up. */
static void test_restart_spares_pidless(void **state)
{
    (void)state;
    struct ts_sessions_event e[] = {
        ev("gw", 0, 1, PID, "100", NULL, 1), ev("gw", 1, 2, UP, "a", "p", 1), ev("gw", 2, 3, UP, "b", "q", 1),
        ev("gw", 9, 4, PID, "200", NULL, 1),
    };
    e[2].pid = S(""); /* b's line had no pid */
    struct ts_sessions_span sp[] = {{S("gw"), 0, 40}};
    struct built b = build(e, 4, sp, 1);
    assert_int_equal(b.n, 2);
    assert_row(&b.s[0], "a", "p", 1, 9, TS_END_RESTART, 0);
    assert_row(&b.s[1], "b", "q", 2, 40, TS_END_OPEN, 0);
    free(b.s);
}

/* Lines of one second keep their input order (seq), whatever the list order. */
static void test_same_second_in_input_order(void **state)
{
    (void)state;
    struct ts_sessions_event e1[] = {ev("gw", 5, 1, UP, "a", "p", 1), ev("gw", 9, 3, UP, "a", "p", 1),
                                     ev("gw", 9, 2, DISC, "a", "p", 1)};
    struct built b = build(e1, 3, NULL, 0);
    assert_int_equal(b.n, 2); /* down, then up again in the same second */
    assert_row(&b.s[0], "a", "p", 5, 9, TS_END_DISC, 0);
    assert_row(&b.s[1], "a", "p", 9, 9, TS_END_OPEN, 0);
    free(b.s);
    struct ts_sessions_event e2[] = {ev("gw", 5, 1, UP, "a", "p", 1), ev("gw", 9, 2, UP, "a", "p", 1),
                                     ev("gw", 9, 3, DISC, "a", "p", 1)};
    b = build(e2, 3, NULL, 0);
    assert_int_equal(b.n, 1); /* a rekey, then down */
    assert_row(&b.s[0], "a", "p", 5, 9, TS_END_DISC, 1);
    free(b.s);
}

/* Units of a split file: seq orders across the boundary inside one second. */
static void test_seq_across_units(void **state)
{
    (void)state;
    const uint64_t u1 = (uint64_t)1 << 40;
    struct ts_sessions_event e[] = {ev("gw", 7, u1 + 1, DPD, "a", "p", 1), ev("gw", 7, 900, UP, "a", "p", 1)};
    struct built b = build(e, 2, NULL, 0);
    assert_int_equal(b.n, 1);
    assert_row(&b.s[0], "a", "p", 7, 7, TS_END_DPD, 0);
    free(b.s);
}

/* "message repeated N times": N phase2_up lines; dpd_dead ends a session once. */
static void test_repeated_lines(void **state)
{
    (void)state;
    struct ts_sessions_event e[] = {
        ev("gw", 1, 1, UP, "a", "p", 3), ev("gw", 2, 2, UP, "a", "p", 2), ev("gw", 3, 3, DPD, "a", "p", 4),
        ev("gw", 4, 4, DPD, "a", "p", 1), ev("gw", 5, 5, DISC, "a", "p", 1),
    };
    struct built b = build(e, 5, NULL, 0);
    assert_int_equal(b.n, 1);
    assert_row(&b.s[0], "a", "p", 1, 3, TS_END_DPD, 4);
    free(b.s);
}

/* A restart ends the sessions of its own host only; the same pid seen again
 * (another unit's first line) is no restart; lines without pid are no restart. */
static void test_hosts_apart(void **state)
{
    (void)state;
    struct ts_sessions_event e[] = {
        ev("gw1", 0, 1, PID, "1", NULL, 1), ev("gw1", 1, 2, UP, "a", "p", 1), ev("gw2", 0, 3, PID, "9", NULL, 1),
        ev("gw2", 1, 4, UP, "a", "p", 1),  ev("gw2", 5, 5, PID, "10", NULL, 1), ev("gw1", 6, 6, PID, "1", NULL, 1),
    };
    struct ts_sessions_span sp[] = {{S("gw2"), 0, 8}, {S("gw1"), 0, 30}};
    struct built b = build(e, 6, sp, 2);
    assert_int_equal(b.n, 2);
    assert_true(ts_str_eq(b.s[0].host, S("gw1")));
    assert_row(&b.s[0], "a", "p", 1, 30, TS_END_OPEN, 0);
    assert_true(ts_str_eq(b.s[1].host, S("gw2")));
    assert_row(&b.s[1], "a", "p", 1, 5, TS_END_RESTART, 0);
    free(b.s);
}

/* Sorted by host, conn, peer, start; tunnels differ by conn and by peer. */
static void test_order_and_tunnels(void **state)
{
    (void)state;
    struct ts_sessions_event e[] = {
        ev("gw", 50, 9, UP, "b", "p", 1), ev("gw", 40, 8, UP, "a", "q", 1), ev("gw", 30, 7, UP, "a", "p", 1),
        ev("gw", 20, 6, DISC, "a", "p", 1), ev("gw", 10, 5, UP, "a", "p", 1), ev("gw", 60, 10, DISC, "a", "q", 1),
    };
    struct built b = build(e, 6, NULL, 0);
    assert_int_equal(b.n, 4);
    assert_row(&b.s[0], "a", "p", 10, 20, TS_END_DISC, 0);
    assert_row(&b.s[1], "a", "p", 30, 60, TS_END_OPEN, 0); /* no span: the host's last event */
    assert_row(&b.s[2], "a", "q", 40, 60, TS_END_DISC, 0);
    assert_row(&b.s[3], "b", "p", 50, 60, TS_END_OPEN, 0);
    free(b.s);
}

/* Availability: every day from start to end; a session ending at 00:00:00
 * gives that day a row with no up time and one down; observed is clipped. */
static void test_days(void **state)
{
    (void)state;
    const int64_t D = 19000 * (int64_t)86400; /* 2022-01-08 00:00:00 */
    struct ts_sessions_row s[] = {
        {S("gw"), S("a"), S("p"), D - 100, D, TS_END_DPD, 0},
        {S("gw"), S("a"), S("p"), D + 86400 - 10, D + 2 * 86400 + 5, TS_END_OPEN, 0},
    };
    struct ts_sessions_span sp[] = {{S("gw"), D - 1000, D + 2 * 86400 + 5}};
    struct ts_sessions_day *d;
    size_t n;
    assert_int_equal(ts_sessions_days(s, 2, sp, 1, &d, &n), TS_OK);
    assert_int_equal(n, 4);
    const struct {
        int64_t day;
        uint64_t up, obs, ses, downs;
    } want[] = {{18999, 100, 1000, 1, 0}, {19000, 10, 86400, 1, 1}, {19001, 86400, 86400, 0, 0}, {19002, 5, 5, 0, 0}};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(d[i].day, want[i].day);
        assert_int_equal(d[i].up, want[i].up);
        assert_int_equal(d[i].observed, want[i].obs);
        assert_int_equal(d[i].sessions, want[i].ses);
        assert_int_equal(d[i].downs, want[i].downs);
    }
    free(d);
}

static void test_time(void **state)
{
    (void)state;
    int64_t t;
    assert_int_equal(ts_sessions_time(S("2024-01-01"), S("00:00:00"), &t), 0);
    assert_int_equal(t, 1704067200);
    assert_int_equal(ts_sessions_time(S("2024-02-29"), S("23:59:59.812001"), &t), 0);
    char buf[20], day[11];
    ts_sessions_fmt_time(t, buf);
    assert_string_equal(buf, "2024-02-29 23:59:59");
    ts_sessions_fmt_time(t + 1, buf);
    assert_string_equal(buf, "2024-03-01 00:00:00");
    ts_sessions_fmt_day(-1, day);
    assert_string_equal(day, "1969-12-31");
    assert_int_equal(ts_sessions_day_of(-1), -1);
    assert_int_equal(ts_sessions_day_of(-86400), -1);
    assert_int_equal(ts_sessions_time(S("-"), S("10:00:00"), &t), TS_EDATA);
    assert_int_equal(ts_sessions_time(S("2024-01-01"), S(""), &t), TS_EDATA);
    assert_int_equal(ts_sessions_time(S("2024-13-01"), S("10:00:00"), &t), TS_EDATA);
    assert_int_equal(ts_sessions_time(S("2024-01-01"), S("1:00:00"), &t), TS_EDATA);
    assert_string_equal(ts_sessions_end_name(TS_END_RESTART), "restart");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_restart_on_an_up_line), cmocka_unit_test(test_restart_spares_pidless),
        cmocka_unit_test(test_same_second_in_input_order),
        cmocka_unit_test(test_seq_across_units),      cmocka_unit_test(test_repeated_lines),
        cmocka_unit_test(test_hosts_apart),           cmocka_unit_test(test_order_and_tunnels),
        cmocka_unit_test(test_days),                  cmocka_unit_test(test_time),
    };
    return cmocka_run_group_tests_name("sessions", tests, NULL, NULL) ? 1 : 0;
}
