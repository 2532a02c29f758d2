/* strip.h — `-f html -r availability` (or `-r sessions`): the tunnels'
 * availability as one self-contained HTML page (pure; no I/O).
 *
 * Like the dashboard (html.h): inline CSS and SVG, no script, no external
 * asset (its Content-Security-Policy forbids both), every log text escaped.
 * One strip per tunnel over the selected days, on one shared time axis:
 *   - grey where the tunnel's host logged nothing (outside its first to
 *     last IKE line), light red where the host was observed and the tunnel
 *     was down, green where a session was up: one
 *     <rect class="up" data-start=… data-end=… data-ended-by=…> per session
 *     (clipped to the days shown), with a hover title;
 *   - a dark tick where a session ended by dpd_dead, disconnect or restart;
 * and a table per tunnel: sessions and downs in the days shown, seconds up
 * and observed, the share up. Then the availability rows (folded).
 * The days shown run from --since (else the first day with a session kept)
 * to --until (else the last), every calendar day between. */
#ifndef TS_STRIP_H
#define TS_STRIP_H

#include <stddef.h>

#include "agg/sessions.h"
#include "base/buf.h"
#include "report/names.h"
#include "report/summary.h"

/* s: the sessions (ts_sessions_build order); dr: their availability rows
 * (ts_sessions_days); sp: the hosts' spans, sorted; names: --peer-names
 * (NULL: none), shown beside the peer. TS_OK or TS_ENOMEM. */
int ts_strip_page(struct ts_buf *b, const struct ts_sessions_row *s, size_t ns, const struct ts_sessions_day *dr,
                  size_t ndr, const struct ts_sessions_span *sp, size_t nsp, const struct ts_summary_days *d,
                  const struct ts_names *names);

#endif
