/* run.h — one scan over many inputs, on a pool of threads.
 *
 * Operands are expanded (directories walked) into files; each file becomes
 * one unit of work, or several newline-aligned ranges when it is a large
 * plain file and there are threads to share it. Every thread has its own
 * scanner and aggregate (no locks on the hot path); they are merged, in a
 * fixed order, when all units are done, so the result does not depend on the
 * thread count or on scheduling. */
#ifndef TS_RUN_H
#define TS_RUN_H

#include <stdatomic.h>
#include <stdint.h>

#include "agg/agg.h"
#include "agg/events.h"
#include "input/input.h"
#include "scan/day.h"
#include "scan/linewalk.h"
#include "scan/scan.h"

struct ts_run_opts {
    int threads;         /* >= 1 */
    int prefilter;       /* use Hyperscan when it is available */
    enum ts_isa isa;     /* line walk instruction set (linewalk.h); 0: auto */
    int events;          /* keep event rows */
    int conns;           /* count per (day, host, conn) for the conns report */
    _Atomic uint64_t *scanned; /* NULL, or bytes scanned so far, for a progress line */
    int have_ref;        /* ref applies to every file */
    struct ts_day_ref ref;
    struct ts_day_ref today; /* reference date for stdin */
    uint64_t max_keys;   /* 0 = unlimited */
    size_t min_part;     /* smallest range a large file is split into */
    struct ts_input_opts in;
};

/* Called, on the calling thread and in input order, for every input that
 * could not be read completely. */
typedef void (*ts_run_err_fn)(void *ctx, const struct ts_err *e);

struct ts_run_file {
    char *path;
    struct ts_day_ref ref;
    struct ts_input *src; /* held open while its ranges are read */
};

struct ts_run_unit {
    int file;
    long long begin, end; /* a range of a split file; end < 0: whole input */
    uint64_t base;        /* line number before the unit's first line */
    uint64_t lines;
    struct ts_events ev;
    struct ts_err err;
    int rc;
};

struct ts_run {
    struct ts_run_file *files;
    int nfiles, capfiles;
    struct ts_run_unit *units;
    int nunits, capunits;
    struct ts_agg agg;   /* the merged, finished aggregate */
    struct ts_agg conns; /* day, host, conn counts when opts.conns (conns.h) */
    struct ts_scan_stats st;
    struct ts_scan_sample samples[TS_SAMPLES];
    int nsamples;
    int partial;         /* some input was not read completely */
    int prefiltered;     /* Hyperscan was used */
    enum ts_isa isa;     /* the line walk's instruction set, when prefiltered */
    char pf_note[300];   /* why it was not, when asked for */
};

/* Returns TS_OK (inputs that failed make r->partial, they do not fail the
 * run) or a fatal code (TS_ENOMEM) with err filled. */
int ts_run_scan(struct ts_run *r, char *const *operands, int nops, const struct ts_run_opts *o,
                ts_run_err_fn on_err, void *ctx, struct ts_err *err);
void ts_run_free(struct ts_run *r);

#endif
