/* buf.h — a growable byte buffer that remembers running out of memory.
 *
 * Writers append without checking each call: the first failed allocation
 * sets oom, later appends do nothing, and the caller checks oom once when
 * the buffer is flushed. */
#ifndef TS_BUF_H
#define TS_BUF_H

#include <stddef.h>

struct ts_buf {
    char *p;
    size_t n, cap;
    int oom;
};

void ts_buf_free(struct ts_buf *b);
void ts_buf_put(struct ts_buf *b, const void *p, size_t n);
void ts_buf_str(struct ts_buf *b, const char *s);

#endif
