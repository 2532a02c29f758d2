/* sessions.h — tunnel sessions and daily availability (SPEC.md §8) built
 * from session events: a pure function (no I/O, no global state), so that a
 * scan and the state database, which persists the same events, build the
 * same sessions.
 *
 * The intermediate form is a list of session events, one per IKE line that
 * matters, with its peer already attributed (SPEC §5), plus each host's
 * observed span:
 *
 *   UP    a phase2_up line           host, conn, peer, weight
 *   DPD   a dpd_dead line            host, conn, peer
 *   DISC  a disconnect line          host, conn, peer
 *   PID   a host's line with a pid   host, pid: at least the first line of
 *         every run of equal pids in each piece of input read in order
 *         (more are harmless: only a change of pid from one PID event of a
 *         host to its next, in time order, is a restart)
 *
 *   span  per host, the first and last timestamp of its IKE lines
 *
 * Every event carries its time t (seconds since 1970-01-01 00:00:00 of the
 * day and time as written; no zone) and seq, its place in input order, which
 * orders the lines of one second. Lines without a timestamp are not events.
 * Tunnels are (host, conn, peer); conn is the name without instance, "-"
 * when the line names none. Sessions span pieces of input, files, threads
 * and ingests because nothing here depends on where an event came from. */
#ifndef TS_SESSIONS_H
#define TS_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "base/ts.h"

/* PID first: a restart at a line applies before that line's own event. */
enum ts_sessions_kind { TS_SESSIONS_PID, TS_SESSIONS_UP, TS_SESSIONS_DPD, TS_SESSIONS_DISC };
/* How a session ended; names by ts_sessions_end_name. */
enum ts_sessions_end { TS_END_DPD, TS_END_DISC, TS_END_RESTART, TS_END_OPEN };

struct ts_sessions_event {
    int64_t t;
    uint64_t seq;
    ts_str host, conn, peer, pid;
    uint32_t kind;   /* enum ts_sessions_kind */
    uint32_t weight; /* "message repeated N times": N, else 1 */
};

struct ts_sessions_span {
    ts_str host;
    int64_t first, last;
};

struct ts_sessions_row {
    ts_str host, conn, peer;
    int64_t start, end;
    int ended_by; /* enum ts_sessions_end */
    uint64_t rekeys;
};

struct ts_sessions_day {
    int64_t day; /* days since 1970-01-01 */
    ts_str host, conn, peer;
    uint64_t up, observed, sessions, downs;
};

const char *ts_sessions_end_name(int ended_by);

/* Sorts events into the order the builder needs: host, t, seq, kind. */
void ts_sessions_sort(struct ts_sessions_event *ev, size_t n);
/* Sorts spans by host. */
void ts_sessions_sort_spans(struct ts_sessions_span *sp, size_t n);

/* The span of host in spans sorted by host; NULL when it has none. */
const struct ts_sessions_span *ts_sessions_find_span(const struct ts_sessions_span *sp, size_t nsp, ts_str host);

/* The sessions of sorted events ev and sorted spans sp, sorted by host,
 * conn, peer, start (one tunnel's sessions of one second in the order they
 * began). Strings point into ev. *out is malloc'd (caller frees).
 * TS_OK or TS_ENOMEM. */
int ts_sessions_build(const struct ts_sessions_event *ev, size_t n, const struct ts_sessions_span *sp, size_t nsp,
                      struct ts_sessions_row **out, size_t *nout);

/* One row per (day, tunnel) with a session on that day: every day from a
 * session's start to its end, both included; sorted by day, host, conn,
 * peer. *out is malloc'd. TS_OK or TS_ENOMEM. */
int ts_sessions_days(const struct ts_sessions_row *s, size_t n, const struct ts_sessions_span *sp, size_t nsp,
                     struct ts_sessions_day **out, size_t *nout);

/* Day and time as written ("YYYY-MM-DD", "HH:MM:SS[...]") to seconds since
 * 1970-01-01: TS_OK, or TS_EDATA when either is absent or malformed. */
int ts_sessions_time(ts_str day, ts_str time, int64_t *t);
/* Days since 1970-01-01 of "YYYY-MM-DD": TS_OK, or TS_EDATA when malformed. */
int ts_sessions_daynum(ts_str day, int64_t *d);
/* "YYYY-MM-DD HH:MM:SS" (19 bytes and a NUL) and "YYYY-MM-DD" (10 and a NUL). */
void ts_sessions_fmt_time(int64_t t, char out[20]);
void ts_sessions_fmt_day(int64_t day, char out[11]);
/* Seconds of [a, b) inside [lo, hi). */
uint64_t ts_sessions_overlap(int64_t a, int64_t b, int64_t lo, int64_t hi);
/* Floor of t / 86400: the day of a time. */
int64_t ts_sessions_day_of(int64_t t);

#endif
