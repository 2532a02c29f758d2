/* merge.h — `tunnelstat merge`: other state databases folded into one
 * (SPEC.md §10.7). Content both databases hold is counted once: each stream
 * of the other database is compared, through the fingerprints both keep,
 * with the streams of its head here. Each other database is folded in one
 * transaction of its own, so an interrupted merge is simply run again. */
#ifndef TS_MERGE_H
#define TS_MERGE_H

#include "store/db.h"

struct ts_merge_stats {
    int added;  /* streams new here */
    int grown;  /* streams here extended by the other's longer count */
    int held;   /* streams already held in full */
};

/* TS_OK, TS_EOUT (a database refused, or the two disagree about content
 * both hold) or TS_ENOMEM, with err filled; db keeps what was merged
 * before the failing database. */
int ts_merge(struct ts_db *db, char *const *others, int n, struct ts_merge_stats *st, struct ts_err *err);

#endif
