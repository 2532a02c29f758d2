/* report.h — renders a finished run as a report into an output (SPEC.md §6):
 * the kind of rows (peers, events, daily, conns, top), filtered by day, in a
 * row format (render.h) or as the HTML dashboard (html.h). */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stddef.h>

#include "agg/run.h"
#include "report/out.h"
#include "report/summary.h"

enum ts_report { TS_REPORT_PEERS, TS_REPORT_EVENTS, TS_REPORT_DAILY, TS_REPORT_CONNS, TS_REPORT_TOP };
/* Report kind by name, -1 if unknown. */
int ts_report_by_name(const char *name);

struct ts_report_opts {
    int kind;            /* enum ts_report */
    int format;          /* enum ts_render_format */
    int raw;             /* CSV: do not neutralise formula-like cells */
    struct ts_summary_days days; /* --since / --until */
    size_t top;          /* rows of the top report; peers of the dashboard */
};

int ts_report_write(const struct ts_run *r, const struct ts_report_opts *o, struct ts_out *out,
                    struct ts_err *err);

#endif
