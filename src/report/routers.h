/* routers.h — the dashboard's per-router table: a few figures per router
 * over the report's window, each beside its value in the previous period of
 * the same length (pure; no I/O).
 *
 * The window is --since..--until where given, else the first to the last
 * dated day of the data; the previous period is the as many days just
 * before it. Without any dated day there is no previous period, and the
 * figures count every row (as the peers report does). */
#ifndef TS_ROUTERS_H
#define TS_ROUTERS_H

#include <stddef.h>
#include <stdint.h>

#include "agg/agg.h"
#include "report/summary.h"

enum {
    TS_ROUTERS_FAIL_KNOWN,    /* failures of known peers */
    TS_ROUTERS_FAIL_STRANGER, /* failures of strangers */
    TS_ROUTERS_DPD,           /* dpd_dead */
    TS_ROUTERS_PSK,           /* psk_policy_miss */
    TS_ROUTERS_UP,            /* phase2_up: tunnels established */
    TS_ROUTERS_KNOWN,         /* distinct known peers with events */
    TS_ROUTERS_STRANGERS,     /* distinct strangers with events */
    TS_ROUTERS_N
};

struct ts_routers_row {
    ts_str host;
    uint64_t cur[TS_ROUTERS_N], prev[TS_ROUTERS_N];
};

struct ts_routers {
    struct ts_routers_row *row; /* by host, bytewise */
    size_t n;
    int dated;                    /* from/to (and the previous period) are set */
    char from[11], to[11], pfrom[11], pto[11];
};

/* rows as ts_agg_rows gives them, every day (not filtered by d). TS_OK or
 * TS_ENOMEM. */
int ts_routers_compute(struct ts_routers *r, const struct ts_agg_row *rows, size_t n,
                       const struct ts_summary_days *d, const struct ts_summary_known *known);
void ts_routers_free(struct ts_routers *r);

#endif
