/* decode.h — byte source and zstd/gzip decoders behind ts_input_read_all.
 *
 * Private to the input modules. The decoders write into a streaming line
 * sink (linesink.h) and stop at the first problem; the caller calls
 * ts_linesink_finish only when they return TS_OK, so a truncated or corrupt
 * stream never yields its partial last line. */
#ifndef TS_ZSRC_H
#define TS_ZSRC_H

#include <stddef.h>

#include "base/ts.h"
#include "input/linesink.h"

/* Raw bytes of an input: the bytes read while sniffing a stream first,
 * then the descriptor (pread at off for regular files, else read). */
struct ts_decode_reader {
    int fd;
    int positional;
    long long off;
    const unsigned char *head;
    size_t nhead;
};

/* Bytes read (0 at end of input), or -1 with errno set. */
long ts_decode_read(struct ts_decode_reader *r, unsigned char *buf, size_t n);

/* window_log_max: 0 = libzstd's default limit. Errors name path. */
int ts_decode_zstd(struct ts_decode_reader *r, int window_log_max, struct ts_linesink *sink, const char *path,
                 struct ts_err *err);
int ts_decode_gzip(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err);

#endif
