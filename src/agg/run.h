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

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "agg/agg.h"
#include "agg/events.h"
#include "agg/sessions.h"
#include "input/input.h"
#include "input/walk.h"
#include "scan/day.h"
#include "scan/linewalk.h"
#include "scan/scan.h"

struct ts_sesslog; /* agg/sesslog.h: only pointed to here */

struct ts_run_opts {
    int threads;         /* >= 1 */
    enum ts_prefilter_kind prefilter; /* TS_PF_NONE: lex every line */
    enum ts_isa isa;     /* line walk instruction set (linewalk.h); 0: auto */
    int events;          /* keep event rows */
    size_t events_tail;  /* 0, or fewer bytes of events kept in memory (tests) */
    int conns;           /* count per (day, host, conn) for the conns report */
    int sessions;        /* build tunnel sessions (sessions.h) */
    _Atomic uint64_t *scanned; /* NULL, or bytes scanned so far, for a progress line */
    int have_ref;        /* ref applies to every file */
    struct ts_day_ref ref;
    struct ts_day_ref today; /* reference date for stdin and when nothing else gives one */
    uint64_t max_keys;   /* 0 = unlimited */
    size_t min_part;     /* smallest range a large file is split into */
    int host_from_path;  /* each file's host is its directory's name (ts_walk_host_of) */
    struct ts_input_opts in;
};

/* Where a file's reference date came from (SPEC.md §5), for --stats. */
enum ts_run_ref_source { TS_REF_OPTION, TS_REF_NAME, TS_REF_MTIME, TS_REF_TODAY };
/* "option", "name", "mtime", "today". */
const char *ts_run_ref_source_name(int source);
/* Most input files open at once (and at most half the descriptor limit). */
#define TS_RUN_MAXOPEN 256
/* Names of skipped paths kept for --stats. */
#define TS_RUN_SKIPNAMES 3

struct ts_run_file {
    char *path;
    struct ts_day_ref ref;
    int ref_source; /* enum ts_run_ref_source */
    long long size;       /* a split file's size when it was split */
    int left;             /* its ranges not yet finished */
    struct ts_input *src; /* open from its first range's start to its last one's end */
    int opening;          /* its first range is opening it */
    int open_rc;          /* its opening failed: every range fails with err */
    struct ts_err err;
    /* A split file's restart banners before each part (scan.h, epoch):
     * counted once, by the first part that needs them, under mu. */
    pthread_mutex_t mu;
    int mu_ok, epochs_done, epochs_rc;
};

struct ts_run_unit {
    int file;
    long long begin, end; /* a range of a split file; end < 0: whole input */
    uint64_t base;        /* line number before the unit's first line */
    uint32_t epoch0;      /* restart banners of its file before it (files[].epochs_done) */
    uint64_t lines;
    int spool;                /* its events: [ev_begin, ev_end) of r->spools[spool] */
    uint64_t ev_begin, ev_end;
    struct ts_err err;
    int rc;
    int repeat; /* failed like an earlier range of its file: reported once */
};

struct ts_run {
    struct ts_run_file *files;
    int nfiles, capfiles;
    struct ts_run_unit *units;
    int nunits, capunits;
    struct ts_agg agg;   /* the merged, finished aggregate */
    struct ts_agg conns; /* day, host, conn counts when opts.conns (conns.h) */
    struct ts_events *spools; /* one per thread when opts.events (events.h) */
    int nspools;
    /* opts.sessions: the workers' logs (the strings of what follows), the
     * attributed session events in builder order and the hosts' spans (what
     * a state database keeps, SPEC.md §8), and the sessions built of them. */
    struct ts_sesslog **slogs;
    int nslogs;
    struct ts_sessions_event *sev;
    size_t nsev;
    struct ts_sessions_span *spans;
    size_t nspans;
    struct ts_sessions_row *sessions;
    size_t nsessions;
    struct ts_scan_stats st;
    struct ts_scan_sample samples[TS_SAMPLES];     /* class other, first in input order */
    int nsamples;
    struct ts_scan_sample bad_samples[TS_SAMPLES]; /* impossible timestamps, the same */
    int nbad_samples;
    int partial;         /* some input was not read completely */
    uint64_t skipped[4]; /* by enum ts_walk_skip: paths the walk did not read */
    char *skipnames[TS_RUN_SKIPNAMES];
    int nskipnames;
    int prefiltered;     /* the prefilter (o->prefilter) was used */
    enum ts_isa isa;     /* the line walk's instruction set, when prefiltered */
    char pf_note[300];   /* why it was not, when asked for */
};

/* Returns TS_OK (inputs that failed make r->partial and go to on_err, in
 * input order; they do not fail the run) or a fatal code (TS_ENOMEM) with
 * err filled. */
int ts_run_scan(struct ts_run *r, char *const *operands, int nops, const struct ts_run_opts *o,
                ts_err_fn on_err, void *ctx, struct ts_err *err);
void ts_run_free(struct ts_run *r);

#endif
