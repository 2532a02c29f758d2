/* report.h — renders a finished run as a report into an output (SPEC.md §6):
 * the kind of rows (peers, events, daily, conns, top, sessions, availability),
 * filtered by day, in a row format (render.h), as the HTML dashboard (html.h)
 * or, for sessions and availability, as the availability page (strip.h). */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "report/names.h"
#include "report/out.h"
#include "report/summary.h"

struct ts_run; /* agg/run.h: only pointed to here */

enum ts_report {
    TS_REPORT_PEERS,
    TS_REPORT_EVENTS,
    TS_REPORT_DAILY,
    TS_REPORT_CONNS,
    TS_REPORT_TOP,
    TS_REPORT_SESSIONS,
    TS_REPORT_AVAILABILITY
};
/* Report kind by name into *kind: TS_OK, or TS_EUSAGE if unknown. */
int ts_report_by_name(const char *name, int *kind);

struct ts_report_opts {
    int kind;            /* enum ts_report */
    int format;          /* enum ts_render_format */
    int raw;             /* CSV: do not neutralise formula-like cells */
    struct ts_summary_days days; /* --since / --until */
    size_t top;          /* rows of the top report; peers of the dashboard and of prom */
    int64_t now;         /* Unix time of the run (prom's last-success timestamp) */
    int peers;           /* --peers: enum ts_summary_kind (TS_PEERS_ALL keeps every peer) */
    const struct ts_names *names; /* --peer-names: a peer_name column after peer; NULL: none */
};

/* --fail-on NAME=N: NAME is a count column (dpd_dead, weak_crypto, ...) or
 * a class (retransmit, ...); the rule is broken by every host with at
 * least N such events in the report's window (--since/--until, --peers). */
struct ts_report_rule {
    const char *name;
    int column; /* a count column, or -1 */
    int cls;    /* else a class */
    uint64_t n;
};
/* The rule for "NAME=N", TS_OK, or TS_EUSAGE (unknown name, N not a whole
 * number from 1 on). */
int ts_report_rule_parse(const char *text, struct ts_report_rule *rule);
/* Called for each (host, broken rule), hosts in bytewise order. */
typedef void (*ts_report_hit_fn)(void *ctx, ts_str host, const struct ts_report_rule *rule, uint64_t count);
/* *broken: how many (host, rule) pairs break a rule. TS_OK or TS_ENOMEM. */
int ts_report_fail_on(const struct ts_run *r, const struct ts_report_opts *o, const struct ts_report_rule *rules,
                      int nrules, ts_report_hit_fn hit, void *ctx, long *broken);

int ts_report_write(const struct ts_run *r, const struct ts_report_opts *o, struct ts_out *out,
                    struct ts_err *err);

#endif
