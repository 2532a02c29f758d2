/* scan.h — from runs of complete lines to lexed IKE lines with their day.
 *
 * A scanner belongs to one thread. It finds candidate lines (the prefilter,
 * or every line), lexes them, computes the day, and hands every IKE line to its
 * consumer (the aggregate, one stage up, which the scanner does not know).
 * It counts every line, candidate or not, so line numbers and totals are
 * exact either way. */
#ifndef TS_SCAN_H
#define TS_SCAN_H

#include <stdatomic.h>
#include <stdint.h>

#include "lexer/pluto.h"
#include "scan/day.h"
#include "scan/linewalk.h"
#include "scan/prefilter.h"

#define TS_SAMPLES 5

struct ts_scan_stats {
    uint64_t bytes, lines, candidates, ike, debug;
    uint64_t bad_time; /* IKE lines whose timestamp names no real date or time (day "-") */
    uint64_t cls[TS_NCLASS];
};

struct ts_scan_sample {
    int file;
    uint64_t line; /* within its unit until the unit is placed */
    uint64_t unit; /* unit index, to make the line absolute */
    char text[160];
    size_t n;
};

/* One IKE line: L lexed in place, day "YYYY-MM-DD" or "-", host or "-",
 * line its number within the current unit. TS_OK, or a code that becomes the
 * scanner's sticky error (TS_ENOMEM). */
typedef int (*ts_scan_emit_fn)(void *ctx, const struct ts_line *L, ts_str day, ts_str host, uint64_t line);

struct ts_scanner {
    /* set by the caller */
    const struct ts_prefilter *pf;          /* NULL: lex every line */
    struct ts_prefilter_scratch *scratch;   /* Hyperscan's; NULL for the walk */
    ts_scan_emit_fn emit;
    void *emit_ctx;
    _Atomic uint64_t *scanned;       /* NULL, or the shared bytes-scanned counter */
    struct ts_day_ref ref;               /* reference date of the current file */
    ts_str host;                     /* --host-from-path: every line's host; empty: the line's own */
    int file;
    uint64_t unit;
    uint64_t line;                   /* lines seen so far in the current unit */
    /* results */
    struct ts_scan_stats st;
    struct ts_scan_sample samples[TS_SAMPLES];     /* class other */
    int nsamples;
    struct ts_scan_sample bad_samples[TS_SAMPLES]; /* impossible timestamps */
    int nbad_samples;
    int rc;                          /* first error (TS_ENOMEM) */
    /* the day of the last dated line, cached */
    int day_y, day_m, day_d, day_ok;
    struct ts_day_ref day_ref;
    char day_text[10];
    enum ts_isa isa;                 /* for the candidate walk; 0: the best this CPU runs */
    /* Runs of lines with neither host nor pid (SPEC.md §5): one per input
     * and restart banner. epoch counts the banners seen in the current
     * unit; epoch0 those before it, asked of epoch_fn (a split file's
     * part) the first time a line needs it. */
    uint32_t epoch, epoch0;
    int epoch0_known;
    int (*epoch_fn)(void *ctx, uint32_t *epoch0);
    void *epoch_ctx;
    char run_text[32];
    /* prefilter literal hits in the current piece (end offsets, ascending) */
    size_t *hits;
    size_t nhits, caphits;
};

/* n > 0 and p[n-1] == '\n'. Returns TS_OK or the sticky error. */
void ts_scan_free(struct ts_scanner *s);
int ts_scan_block(struct ts_scanner *s, const unsigned char *p, size_t n);

#endif
