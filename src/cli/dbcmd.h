/* dbcmd.h — the state database commands of the command line: `ingest`,
 * `report --db` and `merge` (SPEC.md §10). options.c reads their options
 * (tables of their own, sharing scan's handlers); main.c runs them here.
 * Each returns the exit status (cli/msg.h), the same as scan's. */
#ifndef TS_DBCMD_H
#define TS_DBCMD_H

#include "agg/run.h"
#include "report/report.h"

/* --help of ingest, report or merge. */
void ts_dbcmd_usage(const char *cmd);

int ts_dbcmd_ingest(const char *db, char *const *paths, int npaths, const struct ts_run_opts *o, ts_err_fn on_input_err);
int ts_dbcmd_merge(const char *db, char *const *others, int nothers);

/* report --db: the run rebuilt from the database (what ts_run_scan would
 * have made of every line ever ingested, sessions built when asked for as
 * a scan's opts.sessions asks; ts_run_free frees it either way).
 * TS_OK, or an error in err (TS_EOUT: the database refused; TS_ENOMEM). */
int ts_dbcmd_load(const char *db, const struct ts_report_opts *ro, int sessions, struct ts_run *r, struct ts_err *err);
/* --output-dir: every kind and the dashboard into dir, each atomically. */
int ts_dbcmd_write_dir(const struct ts_run *r, const struct ts_report_opts *ro, const char *dir, struct ts_err *err);

#endif
