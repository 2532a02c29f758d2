/* test_sesslog.c — what a scan keeps for sessions (agg/sesslog.c): session
 * events of the three classes only, a PID event at the first line of each
 * run of one pid in each unit, nothing of lines without a timestamp, the
 * hosts' spans merged across logs, peers attributed against the notes. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "agg/sesslog.h"
#include "lexer/class.h"

static struct ts_line line(const char *time, const char *pid, const char *conn, const char *peer, const char *serial,
                           int cls)
{
    struct ts_line L;
    memset(&L, 0, sizeof L);
    L.time = S(time);
    L.pid = S(pid);
    L.conn = S(conn);
    L.peer = S(peer);
    L.serial = S(serial);
    L.cls = cls;
    L.weight = 1;
    return L;
}

static void add(struct ts_sesslog *l, const char *day, const char *host, const struct ts_line *L, uint64_t n)
{
    assert_int_equal(ts_sesslog_add(l, L, S(day), S(host), n), TS_OK);
}

static void test_events_and_marks(void **state)
{
    (void)state;
    struct ts_sesslog l;
    ts_sesslog_init(&l);
    ts_sesslog_unit(&l, 0);
    struct ts_line a = line("10:00:00", "7", "c", "1.2.3.4", "1", TS_C_PHASE1_UP);
    struct ts_line b = line("10:00:01", "7", "c", "1.2.3.4", "2", TS_C_PHASE2_UP);
    struct ts_line u = line("", "9", "c", "1.2.3.4", "3", TS_C_DPD_DEAD); /* no time: no part */
    struct ts_line c = line("10:05:00", "", "c", "", "", TS_C_DAEMON);     /* no pid: span only */
    add(&l, "2024-06-01", "gw", &a, 1);
    add(&l, "2024-06-01", "gw", &b, 2);
    add(&l, "-", "gw", &u, 3);
    add(&l, "2024-06-01", "gw", &c, 4);
    ts_sesslog_unit(&l, 1); /* the same pid again in the next unit: a mark again */
    struct ts_line d = line("09:59:00", "7", "c", "", "2", TS_C_DISCONNECT);
    add(&l, "2024-06-01", "gw", &d, 1);
    assert_int_equal(l.n, 4); /* PID(7) u0, UP, PID(7) u1, DISC */
    assert_int_equal(l.ev[0].e.kind, TS_SESSIONS_PID);
    assert_int_equal(l.ev[1].e.kind, TS_SESSIONS_UP);
    assert_int_equal(l.ev[2].e.kind, TS_SESSIONS_PID);
    assert_int_equal(l.ev[3].e.kind, TS_SESSIONS_DISC);
    assert_int_equal(l.ev[3].e.seq, ((uint64_t)1 << 40) + 1);
    const int64_t t0 = (int64_t)19875 * 86400; /* 2024-06-01 */
    assert_int_equal(l.ev[1].e.t, t0 + 36001);

    /* the peer of d comes from the notes: serial 2 of (gw, 7) named 1.2.3.4 */
    struct ts_agg notes;
    ts_agg_init(&notes);
    const struct ts_agg_obs o = {S("2024-06-01"), S("gw"), S("7"), S("2"), S("c"), S("1.2.3.4"), TS_C_PHASE2_UP, 1};
    assert_int_equal(ts_agg_add(&notes, &o), TS_OK);
    struct ts_sesslog *logs[] = {&l};
    struct ts_sessions_event *ev;
    struct ts_sessions_span *sp;
    size_t nev, nsp;
    assert_int_equal(ts_sesslog_gather(logs, 1, &notes, &ev, &nev, &sp, &nsp), TS_OK);
    assert_int_equal(nev, 4);
    assert_int_equal(nsp, 1);
    assert_int_equal(sp[0].first, t0 + 35940); /* 09:59:00, read in the later unit */
    assert_int_equal(sp[0].last, t0 + 36300);  /* 10:05:00 */
    /* sorted by time: the line of 09:59:00 first, its pid mark before its disconnect */
    assert_int_equal(ev[0].kind, TS_SESSIONS_PID);
    assert_int_equal(ev[1].kind, TS_SESSIONS_DISC);
    assert_true(ts_str_eq(ev[1].peer, S("1.2.3.4")));
    free(ev);
    free(sp);
    ts_agg_free(&notes);
    ts_sesslog_free(&l);
}

/* Two logs (two threads) of one host: spans merge by min and max; a peer
 * nothing names is "-", a line naming no conn has conn "-". */
static void test_gather_two_logs(void **state)
{
    (void)state;
    struct ts_sesslog l1, l2;
    ts_sesslog_init(&l1);
    ts_sesslog_init(&l2);
    ts_sesslog_unit(&l1, 0);
    ts_sesslog_unit(&l2, 1);
    struct ts_line a = line("23:00:00", "5", "", "", "4", TS_C_PHASE2_UP);
    struct ts_line b = line("01:00:00", "5", "x", "2.2.2.2", "", TS_C_DPD_DEAD);
    add(&l1, "2024-06-01", "gw", &a, 1);
    add(&l2, "2024-06-02", "gw", &b, 1);
    struct ts_agg notes;
    ts_agg_init(&notes);
    struct ts_sesslog *logs[] = {&l1, &l2};
    struct ts_sessions_event *ev;
    struct ts_sessions_span *sp;
    size_t nev, nsp;
    assert_int_equal(ts_sesslog_gather(logs, 2, &notes, &ev, &nev, &sp, &nsp), TS_OK);
    assert_int_equal(nsp, 1);
    assert_int_equal(sp[0].last - sp[0].first, 7200);
    assert_int_equal(nev, 4); /* a PID event per log, the UP, the DPD */
    assert_int_equal(ev[1].kind, TS_SESSIONS_UP);
    assert_true(ts_str_eq(ev[1].conn, S("-")));
    assert_true(ts_str_eq(ev[1].peer, S("-")));
    free(ev);
    free(sp);
    ts_agg_free(&notes);
    ts_sesslog_free(&l1);
    ts_sesslog_free(&l2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_and_marks),
        cmocka_unit_test(test_gather_two_logs),
    };
    return cmocka_run_group_tests_name("sesslog", tests, NULL, NULL) ? 1 : 0;
}
