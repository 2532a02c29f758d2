/* sesslog.h — what a scan keeps for the sessions builder (sessions.h).
 *
 * One log per worker thread, fed with every IKE line of the units the
 * worker reads (ts_sesslog_unit names the unit, whose place in input order
 * becomes the high part of each event's seq). It keeps the phase2_up,
 * dpd_dead and disconnect lines with the fields attribution needs (pid,
 * serial, conn; the peer when written), a PID event at the first line of
 * every run of one pid of a host within a unit, and each host's first and
 * last timestamp. Peers are attributed once every line was seen, against
 * the merged notes of the aggregate (ts_sesslog_gather), exactly as the
 * peers report attributes. */
#ifndef TS_SESSLOG_H
#define TS_SESSLOG_H

#include <stdint.h>

#include "agg/agg.h"
#include "agg/sessions.h"
#include "base/arena.h"
#include "base/map.h"
#include "lexer/line.h"

/* A host as the log sees it: its span and, within the current unit, the
 * pid of its last line with one. */
struct ts_sesslog_host {
    int64_t first, last;
    const unsigned char *pid; /* in the log's arena */
    uint32_t pidn;
    uint64_t pid_unit;        /* 1 + the unit pid belongs to; 0: none yet */
};

/* An event's seq is unit << TS_SESSLOG_LINE_BITS | line: a unit holds
 * fewer than 2^40 lines, a run numbers fewer than 2^24 units. */
#define TS_SESSLOG_LINE_BITS 40

struct ts_sesslog_event {
    struct ts_sessions_event e; /* conn: as written (empty when none); peer: empty until attributed */
    ts_str serial;
    ts_str run; /* the pid that keys the attribution (scan.h): the run of a line with neither host nor pid */
};

struct ts_sesslog {
    struct ts_arena arena;
    struct ts_map hosts; /* host -> struct ts_sesslog_host */
    struct ts_sesslog_event *ev;
    size_t n, cap;
    uint64_t unit;
    /* the last host and day: consecutive lines mostly share both */
    const unsigned char *hkey;
    size_t hlen;
    struct ts_sesslog_host *h;
    unsigned char dkey[10];
    int64_t dnum;
    int dvalid;
};

/* The log is not movable once used (its map points at its arena). */
void ts_sesslog_init(struct ts_sesslog *l);
void ts_sesslog_free(struct ts_sesslog *l);
/* The lines that follow are those of unit (units numbered in input order). */
void ts_sesslog_unit(struct ts_sesslog *l, uint64_t unit);
/* One IKE line, line numbered within the unit. TS_OK or TS_ENOMEM. */
int ts_sesslog_add(struct ts_sesslog *l, const struct ts_line *L, ts_str day, ts_str host, uint64_t line);

/* One event as the builder takes it: the peer attributed against notes
 * when the line wrote none, conn "-" when it named none. A state database
 * that keeps struct ts_sesslog_event rows (SPEC.md §8) calls this at report
 * time with the merged notes of everything ingested, then ts_sessions_sort
 * and ts_sessions_build. */
struct ts_sessions_event ts_sesslog_resolve(const struct ts_sesslog_event *x, const struct ts_agg *notes);

/* The events of logs[0..n), peers attributed against notes (the merged
 * aggregate, after ts_agg_merge_notes), conn "-" where none was written,
 * sorted for ts_sessions_build; and the hosts' spans, merged and sorted.
 * Strings point into the logs and notes. *ev and *sp are malloc'd.
 * TS_OK or TS_ENOMEM. */
int ts_sesslog_gather(struct ts_sesslog *const *logs, int n, const struct ts_agg *notes, struct ts_sessions_event **ev,
                      size_t *nev, struct ts_sessions_span **sp, size_t *nsp);

#endif
