/* pipe.h — decode on one thread, scan on others.
 *
 * A stream (compressed input, pipe) that would otherwise leave cores idle
 * (fewer units than threads) is decoded into a ring of block buffers, and each run of
 * lines is handed over in place: nothing is copied but the partial last
 * line of a block. Two ways to use it:
 *  - ts_pipe_read: a producer thread decodes, the calling thread scans; the
 *    lines arrive in the same order and with the same contract as from
 *    ts_input_read_all;
 *  - ts_pipe_decode: the calling thread decodes and hands every run to fn,
 *    which may give it to any thread (agg/pool.c spreads the runs of one
 *    stream over several scanners); each run stays valid until released. */
#ifndef TS_PIPE_H
#define TS_PIPE_H

#include "input/input.h"

int ts_pipe_read(struct ts_input *s, const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx, struct ts_err *err);

/* A run of complete lines (the contract of ts_linesink_fn): p[0..n) points
 * into ring buffer buf; when buf is -1, into own (a copy of a run the sink
 * delivered from elsewhere: a cut over-long line), or, own being NULL, into
 * the zstd ring in place. seq numbers the runs of one decode from 0. */
struct ts_pipe_run {
    const unsigned char *p;
    size_t n;
    int buf;
    unsigned char *own;
    unsigned long long seq;
};

/* Takes the run: returns 0 to go on, non-zero to stop (TS_ESTOP). Either
 * way the run is the callee's to release. */
typedef int (*ts_pipe_fn)(void *ctx, const struct ts_pipe_run *run);

struct ts_pipe;

/* A ring of nbuf (>= 2) block buffers for streams read with o. TS_OK or
 * TS_ENOMEM. A buffer is handed to the decoder again only when every run
 * pointing into it was released: nbuf bounds the runs held at once. */
int ts_pipe_new(struct ts_pipe **pp, const struct ts_input_opts *o, int nbuf);
/* Decodes src on the calling thread, handing every run to fn in order.
 * Returns what ts_input_read_all returns (TS_ESTOP when fn stopped it). */
int ts_pipe_decode(struct ts_pipe *p, struct ts_input *src, ts_pipe_fn fn, void *ctx, struct ts_err *err);
/* Gives a run's buffer back (any thread, once per run). */
void ts_pipe_release(struct ts_pipe *p, const struct ts_pipe_run *run);
/* Makes a decoder waiting for a buffer give up (its read returns TS_ESTOP). */
void ts_pipe_stop(struct ts_pipe *p);
void ts_pipe_free(struct ts_pipe *p);

#endif
