/* scan.h — from runs of complete lines to aggregate and events.
 *
 * A scanner belongs to one thread. It finds candidate lines (Hyperscan, or
 * every line), lexes them, computes the day, and feeds the aggregate and,
 * for the events report, the event list of the current unit. It counts every
 * line, candidate or not, so line numbers and totals are exact either way. */
#ifndef TS_SCAN_H
#define TS_SCAN_H

#include <stdint.h>

#include "agg.h"
#include "cand.h"
#include "conns.h"
#include "day.h"
#include "events.h"
#include "pluto.h"
#include "prefilter.h"
#include "progress.h"

#define TS_SAMPLES 5

struct ts_scan_stats {
    uint64_t bytes, lines, candidates, ike, debug;
    uint64_t cls[TS_NCLASS];
};

struct ts_sample {
    int file;
    uint64_t line; /* within its unit until the unit is placed */
    uint64_t unit; /* unit index, to make the line absolute */
    char text[160];
    size_t n;
};

struct ts_scanner {
    /* set by the caller */
    const struct ts_pf *pf;          /* NULL: lex every line */
    struct ts_pf_scratch *scratch;
    struct ts_agg *agg;
    struct ts_evlist *ev;            /* NULL unless the events report is wanted */
    struct ts_agg *conns;            /* NULL unless the conns report is wanted (conns.h) */
    struct ts_progress *progress;    /* NULL, or the shared bytes-scanned counter */
    struct ts_ref ref;               /* reference date of the current file */
    int file;
    uint64_t unit;
    uint64_t line;                   /* lines seen so far in the current unit */
    /* results */
    struct ts_scan_stats st;
    struct ts_sample samples[TS_SAMPLES];
    int nsamples;
    int rc;                          /* first error (TS_ENOMEM) */
    /* the day of the last dated line, cached */
    int day_y, day_m, day_d, day_ok;
    struct ts_ref day_ref;
    char day_text[10];
    enum ts_isa isa;                 /* for the candidate walk; 0: the best this CPU runs */
    /* prefilter literal hits in the current piece (end offsets, ascending) */
    size_t *hits;
    size_t nhits, caphits;
};

/* n > 0 and p[n-1] == '\n'. Returns TS_OK or the sticky error. */
void ts_scanner_free(struct ts_scanner *s);
int ts_scan_block(struct ts_scanner *s, const unsigned char *p, size_t n);

#endif
