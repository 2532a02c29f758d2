/* progress.h — how far a scan has come, for the progress line on stderr.
 *
 * Workers add the bytes of every block they scan to one shared counter (one
 * relaxed atomic add per block of megabytes: no measurable cost); a thread
 * started here reads it a few times a second and prints. The total is known only when
 * every input is a plain regular file: for compressed input the decoded
 * size is unknown, and then no percentage or ETA is shown. */
#ifndef TS_PROGRESS_H
#define TS_PROGRESS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct ts_progress {
    _Atomic uint64_t done; /* bytes scanned (decoded) */
    uint64_t total;        /* bytes to scan; 0 = unknown */
};

static inline void ts_progress_add(struct ts_progress *p, size_t n)
{
    atomic_fetch_add_explicit(&p->done, (uint64_t)n, memory_order_relaxed);
}

/* The bytes the operands hold when all of them (directories walked) are
 * plain regular files, else 0. Only regular files are opened (sniffing a
 * FIFO would eat its first bytes); problems are left to the scan to report. */
uint64_t ts_progress_total(char *const *ops, int nops);

/* The progress text, e.g. "1.20 GB of 40.00 GB (3%)  1.85 GB/s  ETA 0:21"
 * (no percentage and ETA when total is 0). Pure; returns its length. */
size_t ts_progress_format(char *out, size_t cap, uint64_t done, uint64_t total, double secs);

/* Starts the progress line thread: once the run has taken a second (at
 * once when forced) it rewrites one line on a terminal at most 5 times a
 * second, or writes a line a second elsewhere. Returns the counter the scan
 * adds to, or NULL when the thread could not start. One at a time. */
_Atomic uint64_t *ts_progress_start(char *const *ops, int nops, int forced);
/* Ends the line (when one was shown) and joins the thread. */
void ts_progress_stop(void);
/* Around every other write to stderr: hold clears a shown line and keeps
 * the thread from printing until release. No-ops without a thread. */
void ts_progress_hold(void);
void ts_progress_release(void);

#endif
