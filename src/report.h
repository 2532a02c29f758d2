/* report.h — renders a finished run as CSV into an output (SPEC.md §6). */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include "out.h"
#include "run.h"

enum ts_report { TS_REPORT_PEERS, TS_REPORT_EVENTS };

/* The peers report's count columns and the classes each one adds up. */
struct ts_column {
    const char *name;
    int cls[2]; /* -1 = unused */
};
extern const struct ts_column ts_peer_columns[];
extern const int ts_npeer_columns;

int ts_report_write(const struct ts_run *r, int kind, int raw, struct ts_out *out, struct ts_err *err);

#endif
