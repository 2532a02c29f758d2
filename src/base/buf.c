/* buf.c — see buf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/ts.h"

void ts_buf_free(struct ts_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void ts_buf_put(struct ts_buf *b, const void *p, size_t n)
{
    if (b->oom || n == 0) return;
    if (ts_buf_grow((void **)&b->p, &b->cap, b->n + n, 1, 4096) != TS_OK) {
        b->oom = 1;
        return;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

void ts_buf_str(struct ts_buf *b, const char *s)
{
    ts_buf_put(b, s, strlen(s));
}

void ts_buf_printf(struct ts_buf *b, const char *fmt, ...)
{
    char t[256];
    va_list ap;
    va_start(ap, fmt);
    const int n = vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof t) {
        ts_buf_put(b, t, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ts_buf_put(b, big, (size_t)n);
    free(big);
}

char *ts_buf_u64_at(char *o, uint64_t v)
{
    char t[20];
    int i = (int)sizeof t;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    memcpy(o, t + i, sizeof t - (size_t)i);
    return o + sizeof t - (size_t)i;
}

void ts_buf_u64(struct ts_buf *b, uint64_t v)
{
    char t[20];
    ts_buf_put(b, t, (size_t)(ts_buf_u64_at(t, v) - t));
}

int ts_buf_grow(void **p, size_t *cap, size_t need, size_t elem, size_t first)
{
    if (need <= *cap) return TS_OK;
    size_t c = *cap ? *cap : first;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem) return TS_ENOMEM;
        c *= 2;
    }
    void *q = realloc(*p, c * elem);
    if (!q) return TS_ENOMEM;
    *p = q;
    *cap = c;
    return TS_OK;
}

int ts_buf_flush(struct ts_buf *b, size_t at, ts_buf_sink_fn sink, void *ctx, struct ts_err *err)
{
    if (b->oom) {
        ts_err_set(err, TS_ENOMEM, 0, NULL, "out of memory while writing");
        return TS_ENOMEM;
    }
    if (b->n == 0 || b->n < at) return TS_OK;
    const int rc = sink(ctx, b->p, b->n, err);
    b->n = 0;
    return rc;
}
