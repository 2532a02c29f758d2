/* html.h — `--format html`: the dashboard of a run as one self-contained
 * HTML file (pure; no I/O).
 *
 * Inline CSS and inline SVG only: no script, no external asset (a
 * Content-Security-Policy meta forbids both), so it opens from a mail
 * attachment or a file share and prints. Every text from the logs is
 * escaped (escape.h). Contents:
 *   - a stacked bar chart of failures per day by class: one
 *     <rect class="bar c-CLASS" data-day=… data-class=… data-count=…> per
 *     (day, failure class) with a non-zero count (summary.h defines failure);
 *   - a per-router table (routers.h): failures of known peers and of
 *     strangers, DPD deaths, PSK policy misses, tunnels up, peers, each with
 *     its change since the previous period of the same length;
 *   - a heat map: the known peers with most failures by day (compact squares
 *     past 31 days, so two or three months fit a page);
 *   - the top tables, known peers and strangers apart, every count column,
 *     names from --peer-names; folded, the per-day totals;
 *   - when it was generated and the days the data covers.
 * Days without a timestamp ("-") cannot be placed on a time axis: they are
 * left out of the chart and heat map and their failures are counted in a
 * note. */
#ifndef TS_HTML_H
#define TS_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "base/buf.h"
#include "report/names.h"
#include "report/summary.h"

/* rows sorted as ts_agg_rows gives them; top = peers in the heat map and the
 * table (>= 1). TS_OK or TS_ENOMEM (also when b ran out of memory). */
int ts_html_dashboard(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                      size_t top, const struct ts_summary_known *known, const struct ts_names *names, int64_t now);

#endif
