/* linesink.h — turns bytes into what ts_linesink_fn promises (below).
 *
 * Private to the input modules. Two ways in:
 *  - in place: the caller holds the bytes (an mmap window) and hands them
 *    over with ts_linesink_lines / ts_linesink_tail; nothing is copied unless a line
 *    must be cut or is missing its newline;
 *  - streaming: a decoder or read() writes up to `block` bytes at
 *    ts_linesink_space and calls ts_linesink_commit; the sink delivers the complete
 *    lines and carries the partial last one to the next block.
 * Either way a line longer than TS_MAX_LINE is delivered cut (from a copy,
 * with '\n') and the rest of it is skipped. */
#ifndef TS_LINESINK_H
#define TS_LINESINK_H

#include <stddef.h>

#include "base/ts.h"

/* For a consumer that keeps runs past the call (pipe.c): a stream's block
 * buffer is replaced after every block by one from rotate(), sized
 * block + TS_MAX_LINE + 1 bytes; NULL stops the read (TS_ESTOP). */
typedef unsigned char *(*ts_linesink_rotate_fn)(void *ctx);

/* For the same consumer, a stream that decodes into memory of its own (the
 * zstd ring, zring.h) and delivers runs pointing into it: hold(ctx, lo, hi)
 * says that runs inside [lo, hi) stay valid until handed back, so they need
 * no copy; before writing over memory it delivered from, the stream calls
 * wait(ctx, n), which returns 0 once the first n runs it delivered (counted
 * by ts_linesink.runs) have all been handed back, non-zero if the consumer
 * stopped. A consumer that is done with each run when its call returns
 * passes neither. */
typedef void (*ts_linesink_hold_fn)(void *ctx, const unsigned char *lo, const unsigned char *hi);
typedef int (*ts_linesink_wait_fn)(void *ctx, unsigned long long n);

/* Receives consecutive runs of complete lines, in file order, each run
 * ending in '\n' (p[n-1] == '\n', n > 0). Lines longer than TS_MAX_LINE are
 * delivered cut to TS_MAX_LINE bytes plus '\n' (the rest of that line is
 * skipped), so every delivered line is at most TS_MAX_LINE + 1 bytes. A last
 * line without newline is delivered with a '\n' appended (from a copy). The
 * buffer is valid only during the call. Return non-zero to stop reading
 * (the read function then returns TS_ESTOP). With opts->rotate, runs from
 * a stream point into rotated buffers and stay valid until the consumer
 * hands the buffer back (pipe.c). */
typedef int (*ts_linesink_fn)(void *ctx, const unsigned char *p, size_t n);


struct ts_linesink {
    ts_linesink_fn fn;
    void *ctx;
    size_t block;        /* streaming: bytes a producer may write per commit */
    size_t len;          /* streaming: carried partial line at buf[0..len) */
    unsigned char *buf;  /* streaming: block + TS_MAX_LINE + 1 bytes */
    unsigned char *cut;  /* TS_MAX_LINE + 1 bytes, made on the first cut line */
    int skipping;        /* streaming: inside the skipped rest of a cut line */
    ts_linesink_rotate_fn rotate; /* streaming: NULL, or where the next buffer comes from */
    void *rotate_ctx;    /* also hold's and wait's */
    ts_linesink_hold_fn hold; /* NULL, or see ts_linesink_hold_fn */
    ts_linesink_wait_fn wait;
    unsigned long long runs;  /* runs delivered so far */
};

/* block = 0 for in-place use only. TS_OK or TS_ENOMEM. */
int ts_linesink_init(struct ts_linesink *s, ts_linesink_fn fn, void *ctx, size_t block);
/* Streaming into buffers from rotate (see ts_linesink_rotate_fn): each commit ends
 * by copying the carried partial line into the next one, so what was
 * delivered from the last buffer is never written again by the sink.
 * TS_OK or TS_ESTOP (rotate gave no buffer). */
int ts_linesink_init_rotating(struct ts_linesink *s, ts_linesink_fn fn, void *ctx, size_t block, ts_linesink_rotate_fn rotate,
                          void *rotate_ctx);
void ts_linesink_free(struct ts_linesink *s);

/* Delivers the complete lines at the start of p[0..n); *used = the bytes
 * they span, 0 if p holds no '\n'. TS_OK, TS_ESTOP or TS_ENOMEM. */
int ts_linesink_lines(struct ts_linesink *s, const unsigned char *p, size_t n, size_t *used);
/* Delivers p[0..n) (no '\n' inside) as one line: cut to TS_MAX_LINE, '\n' appended. */
int ts_linesink_tail(struct ts_linesink *s, const unsigned char *p, size_t n);

/* Streaming: room for s->block bytes; commit the n bytes written there. */
unsigned char *ts_linesink_space(struct ts_linesink *s);
int ts_linesink_commit(struct ts_linesink *s, size_t n);
/* Streaming, at a clean end of input: delivers a carried last line with '\n'. */
int ts_linesink_finish(struct ts_linesink *s);

#endif
