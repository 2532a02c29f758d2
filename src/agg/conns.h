/* conns.h — counts per (day, host, conn) for `--report conns`.
 *
 * The connection name of a line is written in the line itself, so nothing
 * needs attributing: the counts are kept in an ordinary struct ts_agg whose
 * third key field holds the conn name instead of a peer ("-" for lines that
 * name no connection). That aggregate already merges across threads and
 * splits, sorts its rows bytewise and honours --max-keys (overflow rows get
 * the conn "(overflow)"), so 1 thread and N threads agree. A scanner feeds it
 * only when the conns report was asked for. */
#ifndef TS_CONNS_H
#define TS_CONNS_H

#include <stdint.h>

#include "agg/agg.h"
#include "base/ts.h"

/* TS_OK or TS_ENOMEM. */
int ts_conns_add(struct ts_agg *conns, ts_str day, ts_str host, ts_str conn, int cls, uint64_t weight);

#endif
