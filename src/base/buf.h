/* buf.h — a growable byte buffer that remembers running out of memory.
 *
 * Writers append without checking each call: the first failed allocation
 * sets oom, later appends do nothing, and the caller checks oom once when
 * the buffer is flushed. */
#ifndef TS_BUF_H
#define TS_BUF_H

#include <stddef.h>
#include <stdint.h>

struct ts_err;

struct ts_buf {
    char *p;
    size_t n, cap;
    int oom;
};

void ts_buf_free(struct ts_buf *b);
void ts_buf_put(struct ts_buf *b, const void *p, size_t n);
void ts_buf_str(struct ts_buf *b, const char *s);
/* printf into the buffer (any length). */
void ts_buf_printf(struct ts_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in decimal. */
void ts_buf_u64(struct ts_buf *b, uint64_t v);
/* v in decimal at o (room for 20 bytes); returns the end. */
char *ts_buf_u64_at(char *o, uint64_t v);

/* Where a buffer's bytes go (an output file, a pipe): TS_OK or an error code
 * with err filled. */
typedef int (*ts_buf_sink_fn)(void *ctx, const void *p, size_t n, struct ts_err *err);
/* The one flush path of every writer: hands the bytes to sink once at least
 * `at` of them are buffered (0: now) and empties the buffer. TS_ENOMEM (err
 * filled) when an append ran out of memory, else the sink's result. */
int ts_buf_flush(struct ts_buf *b, size_t at, ts_buf_sink_fn sink, void *ctx, struct ts_err *err);

/* The one growth policy of the growable arrays (doubling from first):
 * makes *p hold at least need elements of size elem, *cap updated. TS_OK or
 * TS_ENOMEM (then *p and *cap are unchanged). */
int ts_buf_grow(void **p, size_t *cap, size_t need, size_t elem, size_t first);

#endif
