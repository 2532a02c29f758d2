/* ingest.h — `tunnelstat ingest`: count into the state database whatever
 * the inputs hold that it has not counted yet (SPEC.md §10).
 *
 * Every file is read once: its decoded content is fingerprinted as it
 * streams by and compared with the streams the database knows by the same
 * head (fp.h); the lines past what was counted are scanned with the scan's
 * own scanner into a per-file aggregate, kept unattributed, and written as a
 * segment. The whole ingest is one transaction. */
#ifndef TS_INGEST_H
#define TS_INGEST_H

#include <stdint.h>

#include "store/db.h"
#include "agg/run.h"

struct ts_ingest_stats {
    int files;       /* inputs read */
    int counted;     /* inputs with new lines */
    int skipped;     /* inputs already counted in full */
    int unchanged;   /* of those, known by their file fingerprint alone (not read) */
    int failed;      /* inputs not read completely (their complete lines count) */
    uint64_t bytes;  /* decoded bytes read */
    uint64_t counted_bytes, lines;
};

/* o: the scan's options (threads, prefilter, reference date, input,
 * host_from_path); stdin is refused by the caller. Per-input read errors go
 * to on_err and make the ingest partial (stats->failed), not fail it.
 * Returns TS_OK with the transaction committed, or an error (TS_EOUT: the
 * database refused or could not be written; TS_ENOMEM) with nothing
 * written. */
int ts_ingest(struct ts_db *db, char *const *ops, int nops, const struct ts_run_opts *o, ts_err_fn on_err,
              void *ctx, struct ts_ingest_stats *stats, struct ts_err *err);

#endif
