/* combine.h — the aggregates of a run's threads into one, finished. */
#ifndef TS_COMBINE_H
#define TS_COMBINE_H

#include "agg/agg.h"

/* Moves *parts[0] into dst (freed first) and merges parts[1..n) into it in
 * that order: their notes, then each part's peerless counters attributed
 * against the merged notes, in parallel (read only: each part on a thread
 * of its own, agg.h), then their rows; then the overflow is counted. On a
 * large input attribution was the longest serial step. The parts are left
 * to the caller to free. TS_OK or TS_ENOMEM. */
int ts_combine(struct ts_agg *dst, struct ts_agg *const *parts, int n);

#endif
