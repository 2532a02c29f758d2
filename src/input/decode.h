/* decode.h — byte source and gzip/xz/bzip2 decoders behind ts_input_read_all.
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

/* Up to n bytes into buf, *got of them (0 at end of input): TS_OK, or
 * TS_EIO with errno set. */
int ts_decode_read(struct ts_decode_reader *r, unsigned char *buf, size_t n, size_t *got);

/* Errors name path. (zstd: zring.h.) */
int ts_decode_gzip(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err);
int ts_decode_xz(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err);
int ts_decode_bzip2(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err);

#endif
