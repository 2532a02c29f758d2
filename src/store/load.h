/* load.h — `tunnelstat report --db`: a run rebuilt from the state database
 * alone (SPEC.md §10.1). Every saved piece is added to one aggregate, which
 * is then attributed exactly as a scan's (ts_agg_finish), so the report
 * code renders it as it renders a scan. */
#ifndef TS_LOAD_H
#define TS_LOAD_H

#include "agg/run.h"
#include "store/db.h"

/* Fills r (r->agg finished, r->conns, r->st's bytes and lines of every
 * segment; no files, units or events). since and
 * until (YYYY-MM-DD or NULL) leave out rows the report would drop anyway.
 * TS_OK, TS_EOUT (database error) or TS_ENOMEM; r is to be freed with
 * ts_run_free either way. */
/* With sessions, also the session events, host spans and sessions (as
 * ts_run_scan with opts.sessions). */
int ts_load_run(struct ts_db *db, const char *since, const char *until, int sessions, struct ts_run *r,
                struct ts_err *err);

#endif
