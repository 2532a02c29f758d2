/* truth.h — the peers report (SPEC §6) the corpus must give.
 *
 * Counted from the event records at the moment each pluto line is written,
 * never by parsing the text. Peer attribution (SPEC §5) is decided when an
 * episode is built (episode.h): a line counts for its peer (A_PEER), for '-'
 * (A_DASH), or is kept per (day, conn) and resolved at the end with the conn
 * rule (A_CONN: exactly one peer ever written with that host and conn, or '-'). */
#ifndef GEN_TRUTH_H
#define GEN_TRUTH_H

#include "base.h"
#include "map.h"
#include "model.h"

struct cal;

struct row;
/* Rows of counters in the order they were first met, found by key. */
struct rows { struct map at; struct row *r; size_t n, cap; };

struct truth {
    struct rows counts;  /* key (day, host, peer) */
    struct rows pending; /* key (day, conn) of lines left to the conn rule */
};

/* Records IKE line q of host written on day (index into cal.days). */
void truth_line(struct truth *t, struct model *m, const struct qline *q, int host, u64 day);
/* The peer the conn rule gives a peerless line of conn: its only literal peer, or 0 ('-'). */
int conn_rule_peer(const struct model *m, int conn);
/* Bytewise order of two peers' addresses. */
int peer_cmp(const struct peer *a, const struct peer *b);
/* Writes the CSV (header and rows as tunnelstat writes them). */
void truth_write(struct truth *t, const struct model *m, const struct cal *c, const char *path);

#endif
