/* buf.c — see buf.h. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

void ts_buf_free(struct ts_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void ts_buf_put(struct ts_buf *b, const void *p, size_t n)
{
    if (b->oom || n == 0) return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

void ts_buf_str(struct ts_buf *b, const char *s)
{
    ts_buf_put(b, s, strlen(s));
}
