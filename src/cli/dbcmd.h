/* dbcmd.h — the state database commands of the command line: `ingest`,
 * `report --db` and `merge` (SPEC.md §8). main.c parses their options with
 * scan's own option loop (they take scan's options) and calls these; each
 * returns the exit status (README "Exit status", the same as scan's). */
#ifndef TS_DBCMD_H
#define TS_DBCMD_H

#include <stdio.h>

#include "agg/run.h"
#include "report/report.h"

enum ts_dbcmd { TS_DBCMD_SCAN, TS_DBCMD_INGEST, TS_DBCMD_REPORT, TS_DBCMD_MERGE };

/* The command named by argv[1], TS_DBCMD_SCAN when it names none. */
int ts_dbcmd_by_name(const char *name);
void ts_dbcmd_usage(int cmd, FILE *f, const char *prog);

/* Prints an error (main.c's printer, which also clears a progress line). */
typedef void (*ts_dbcmd_print_fn)(const struct ts_err *e);

int ts_dbcmd_ingest(const char *db, char *const *paths, int npaths, const struct ts_run_opts *o,
                    ts_run_err_fn on_input_err, ts_dbcmd_print_fn print);
/* output: one report as -o (NULL: stdout); outdir: every kind into DIR. */
int ts_dbcmd_report(const char *db, const struct ts_report_opts *ro, const char *output, const char *outdir,
                    ts_dbcmd_print_fn print);
int ts_dbcmd_merge(const char *db, char *const *others, int nothers, ts_dbcmd_print_fn print);

#endif
