/* zring.h — zstd decoded straight into memory the scanner reads in place.
 *
 * Private to the input modules. libzstd's streaming decoder decodes into a
 * window buffer of its own and copies every byte out of it into the
 * caller's block; here the buffer-less decoder writes each block into a
 * ring of window + block bytes (+ room for the scanner to lag behind),
 * which is at once zstd's history and the lines delivered to the sink
 * (ts_linesink_lines, in place). Only the partial line at the ring's wrap
 * is copied. A consumer that keeps runs (pipe.c) gives the sink hold and
 * wait (linesink.h), so no byte is overwritten while a run points to it. */
#ifndef TS_ZRING_H
#define TS_ZRING_H

#include "base/ts.h"
#include "input/decode.h"
#include "input/linesink.h"

/* Every frame of r's stream (skippable frames passed over) to sink's
 * consumer. window_log_max: 0 = libzstd's default limit; a frame whose
 * window is larger fails with TS_EDATA. TS_ETRUNC / TS_EDATA / TS_EIO name
 * path and come after every complete line before the problem was delivered
 * (not the partial last one). A clean end delivers a last line without
 * '\n' with one appended. */
int ts_zring_decode(struct ts_decode_reader *r, int window_log_max, struct ts_linesink *sink, const char *path,
                    struct ts_err *err);

#endif
