/* pipe.h — decode on one thread, scan on another.
 *
 * For a compressed input that would otherwise leave cores idle (fewer units
 * than threads), a producer thread runs the input's read loop (the zstd or
 * gzip decoder), decoding into a ring of block buffers, and hands each run
 * of lines to the calling thread, which scans it in place. The lines arrive in the
 * same order and with the same contract as from ts_input_read_all. */
#ifndef TS_PIPE_H
#define TS_PIPE_H

#include "input/input.h"

int ts_pipe_read(struct ts_input *s, const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx, struct ts_err *err);

#endif
