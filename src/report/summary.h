/* summary.h — what the reports beyond `peers` derive from the finished
 * aggregate rows (pure; no I/O): the day filter, failure counts, totals per
 * day and the peers with most failures.
 *
 * A failure is a line of a class counted by a peers-report column other than
 * phase1_up, phase2_up and weak_crypto (successes, and a warning that does
 * not stop a tunnel). */
#ifndef TS_SUMMARY_H
#define TS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "base/ts.h"

/* --since / --until: inclusive YYYY-MM-DD bounds, NULL when not given. With
 * either bound, or with dated, rows of day "-" (no timestamp) are left out. */
struct ts_summary_days {
    const char *since, *until;
    int dated;
};
int ts_summary_days_keep(const struct ts_summary_days *d, ts_str day);

/* Known peers and strangers: a peer is known when a phase 1 or phase 2 was
 * established with it anywhere in the data (any day, any router), else a
 * stranger (a scanner, a misconfigured or retired peer). The placeholder
 * peer "-" (no address could be attributed) is neither. */
enum ts_summary_kind { TS_PEERS_ALL, TS_PEERS_KNOWN, TS_PEERS_STRANGERS, TS_PEERS_NONE };
/* By name ("all", "known", "strangers") into *kind: TS_OK, or TS_EUSAGE if
 * unknown. */
int ts_summary_kind_by_name(const char *name, int *kind);
struct ts_summary_known {
    ts_str *peer; /* sorted bytewise, distinct */
    size_t n;
};
/* From every row (no day filter). TS_OK or TS_ENOMEM. */
int ts_summary_known_init(struct ts_summary_known *k, const struct ts_agg_row *rows, size_t n);
void ts_summary_known_free(struct ts_summary_known *k);
/* TS_PEERS_KNOWN, TS_PEERS_STRANGERS, or TS_PEERS_NONE for "-". */
int ts_summary_kind_of(const struct ts_summary_known *k, ts_str peer);
/* 1 when the peer passes the filter want (TS_PEERS_ALL keeps every row). */
int ts_summary_kind_keep(const struct ts_summary_known *k, int want, ts_str peer);
/* The rows whose peer passes want, in place (order kept); returns how many. */
size_t ts_summary_kind_filter(const struct ts_summary_known *k, int want, struct ts_agg_row *rows, size_t n);

struct ts_summary_day {
    ts_str day;
    struct ts_agg_counts n; /* per class, over every host and peer of the day */
};
/* Totals per kept day of rows sorted by day (ts_agg_rows order), in that
 * order. *out is malloc'd (caller frees). TS_OK or TS_ENOMEM. */
int ts_summary_by_day(const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d, struct ts_summary_day **out,
                size_t *nout);

struct ts_summary_peer {
    ts_str host, peer;
    uint64_t fail;
    struct ts_agg_counts n; /* per class, over the kept days */
};
/* The (host, peer) pairs with at least one failure in the kept days, most
 * failures first, then bytewise by host and peer; at most limit of them
 * (0 = all). *out is malloc'd (caller frees). TS_OK or TS_ENOMEM. */
int ts_summary_top_peers(const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d, size_t limit,
                 struct ts_summary_peer **out, size_t *nout);

#endif
