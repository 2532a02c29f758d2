/* prom.h — a report in Prometheus's text exposition format, for
 * node_exporter's textfile collector (pure; no I/O).
 *
 * Every figure is a gauge over the report's window (--since/--until, else
 * every day of the data), not a counter: the window moves from run to run,
 * so a count may go down. Series:
 *   tunnelstat_events{host,class}          per router and count column
 *   tunnelstat_failures{host,peer_kind}    failures per router, of known peers,
 *                                          of strangers and of no peer ("-")
 *   tunnelstat_peers{host,peer_kind}       distinct peers with events, likewise
 *   tunnelstat_peer_failures{host,peer,peer_kind[,peer_name]}  the --top
 *                                          (host, peer) pairs with most failures
 *   tunnelstat_tunnel_up{host,conn,peer}   1 when the tunnel's last session is
 *                                          still up at the end of the data
 *   tunnelstat_tunnel_down_seconds{host,conn,peer}  seconds of the window its
 *                                          router was observed and it was not up
 *   tunnelstat_last_success_timestamp_seconds, tunnelstat_window_start_
 *   timestamp_seconds, tunnelstat_window_end_timestamp_seconds (exclusive),
 *   tunnelstat_read_bytes, tunnelstat_read_lines.
 * Label values are escaped as the format asks (\\ \" \n) and made valid
 * UTF-8 (invalid bytes become U+FFFD). */
#ifndef TS_PROM_H
#define TS_PROM_H

#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "agg/sessions.h"
#include "base/buf.h"
#include "report/names.h"
#include "report/summary.h"

struct ts_prom_meta {
    int64_t now;          /* Unix time of the run */
    uint64_t bytes, lines;
    /* the tunnel sessions (agg/sessions.h) and the hosts' spans, sorted by
     * host; NULL: no tunnel series */
    const struct ts_sessions_row *sessions;
    size_t nsessions;
    const struct ts_sessions_span *spans;
    size_t nspans;
    int peers; /* --peers for the tunnel series (the rows come filtered) */
};

/* rows as ts_agg_rows gives them (sorted by day, host, peer). TS_OK or
 * TS_ENOMEM. */
int ts_prom_write(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                  size_t top, const struct ts_summary_known *known, const struct ts_names *names,
                  const struct ts_prom_meta *m);

#endif
