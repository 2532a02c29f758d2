/* options.h — the command line read into one struct: one option table per
 * subcommand, whose entries share handlers for the options they share.
 *
 * A subcommand is a table of entries (long name, short letter, argument,
 * handler). getopt_long's arrays are built from the table, so an option is
 * declared in one place. A later subcommand that reads inputs the way a
 * scan does (ingest, merge) starts from ts_options_scan's entries. */
#ifndef TS_OPTIONS_H
#define TS_OPTIONS_H

#include <stdint.h>

#include "agg/run.h"
#include "explain/explaincmd.h"
#include "report/report.h"

struct ts_options {
    const char *cmd;     /* NULL for a scan (the top level), "explain", "ingest", "report", "merge" */
    int help, version;   /* asked for --help / --version */
    struct ts_run_opts run;
    struct ts_report_opts report;
    int kind_given;
    const char *since, *until;
    uint64_t top;
    int stats;
    int peers;           /* --peers: enum ts_summary_kind */
    struct ts_report_rule rules[32]; /* --fail-on */
    int nrules;
    const char *names_file; /* --peer-names */
    int progress;        /* 1 --progress, 0 --no-progress, -1 when stderr is a terminal */
    const char *output;  /* NULL: stdout */
    struct ts_input_opts in;
    struct ts_explaincmd_opts explain;
    const char *color;   /* explain: auto, always, never */
    const char *db;      /* ingest, report, merge: --db FILE */
    const char *outdir;  /* report --output-dir */
    char day_buf[2][11]; /* --since, --until as dates (relative days resolved) */
    char *const *ops;    /* the operands; "-" alone when none was given */
    int nops;
    int stdin_implied;   /* no operand was given */
};

/* An entry: handler returns TS_EXIT_OK or TS_EXIT_USAGE (already printed). */
struct ts_options_opt {
    const char *name;
    int has_arg;    /* getopt's no_argument, required_argument, optional_argument */
    char letter;    /* short option, 0 for none */
    int (*set)(struct ts_options *o, const char *arg);
};

/* Terminated by an entry with a NULL name. */
extern const struct ts_options_opt ts_options_scan[];
extern const struct ts_options_opt ts_options_explain[];
extern const struct ts_options_opt ts_options_ingest[];
extern const struct ts_options_opt ts_options_report[];
extern const struct ts_options_opt ts_options_merge[];

/* Reads argv (subcommand word included) into o with its defaults: returns
 * TS_EXIT_OK or TS_EXIT_USAGE (printed). o->help / o->version say whether
 * the caller should print those instead of running. */
int ts_options_parse(int argc, char **argv, struct ts_options *o);
/* Generic: the options of table (o->cmd names the subcommand in messages)
 * from argv[1]; *next is the index of the first operand. TS_EXIT_OK or
 * TS_EXIT_USAGE (printed). */
int ts_options_read(const struct ts_options_opt *table, int argc, char **argv, struct ts_options *o, int *next);

#endif
