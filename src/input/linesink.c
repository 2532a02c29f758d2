/* linesink.c — line delivery for every input path (see linesink.h).
 *
 * The hot path does no per-line work: it finds the last '\n' of a buffer
 * with memrchr and hands the consumer everything before it. Proving that no
 * line in such a run exceeds TS_MAX_LINE costs one memrchr per TS_MAX_LINE
 * bytes, which on ordinary logs stops after a few bytes. */
#define _GNU_SOURCE /* memrchr */
#include <stdlib.h>
#include <string.h>

#include "input/linesink.h"

int ts_linesink_init(struct ts_linesink *s, ts_linesink_fn fn, void *ctx, size_t block)
{
    *s = (struct ts_linesink){.fn = fn, .ctx = ctx, .block = block};
    /* Room for a carried line of up to TS_MAX_LINE bytes, a full block and
     * the '\n' that ts_linesink_finish may append. */
    if (block && !(s->buf = malloc(block + TS_MAX_LINE + 1))) return TS_ENOMEM;
    return TS_OK;
}

int ts_linesink_init_rotating(struct ts_linesink *s, ts_linesink_fn fn, void *ctx, size_t block, ts_linesink_rotate_fn rotate,
                          void *rotate_ctx)
{
    *s = (struct ts_linesink){.fn = fn, .ctx = ctx, .block = block, .rotate = rotate, .rotate_ctx = rotate_ctx};
    return (s->buf = rotate(rotate_ctx)) ? TS_OK : TS_ESTOP;
}

void ts_linesink_free(struct ts_linesink *s)
{
    if (!s->rotate) free(s->buf); /* rotated buffers belong to their provider */
    free(s->cut);
    s->buf = s->cut = NULL;
}

static int emit(struct ts_linesink *s, const unsigned char *p, size_t n)
{
    TS_ASSERT(n > 0 && p[n - 1] == '\n'); /* runs of whole lines: the promise of linesink.h */
    s->runs++;
    return s->fn(s->ctx, p, n) ? TS_ESTOP : TS_OK;
}

int ts_linesink_tail(struct ts_linesink *s, const unsigned char *p, size_t n)
{
    if (!s->cut && !(s->cut = malloc(TS_MAX_LINE + 1))) return TS_ENOMEM;
    if (n > TS_MAX_LINE) n = TS_MAX_LINE;
    memcpy(s->cut, p, n);
    s->cut[n] = '\n';
    return emit(s, s->cut, n + 1);
}

/* p[n-1] == '\n'. Walks the run in steps of at most TS_MAX_LINE + 1 bytes,
 * each step ending just after a '\n'; a step that finds none has found a
 * line that must be cut. */
static int run(struct ts_linesink *s, const unsigned char *p, size_t n)
{
    size_t start = 0, pos = 0;
    while (n - pos > TS_MAX_LINE + 1) {
        const unsigned char *q = memrchr(p + pos, '\n', TS_MAX_LINE + 1);
        if (q) {
            pos = (size_t)(q - p) + 1;
            continue;
        }
        int rc;
        if (pos > start && (rc = emit(s, p + start, pos - start))) return rc;
        if ((rc = ts_linesink_tail(s, p + pos, TS_MAX_LINE))) return rc;
        /* Found: the run ends in '\n' beyond this line's first TS_MAX_LINE + 1 bytes. */
        q = memchr(p + pos + TS_MAX_LINE + 1, '\n', n - pos - TS_MAX_LINE - 1);
        start = pos = (size_t)(q - p) + 1;
    }
    return start < n ? emit(s, p + start, n - start) : TS_OK;
}

int ts_linesink_lines(struct ts_linesink *s, const unsigned char *p, size_t n, size_t *used)
{
    const unsigned char *q = n ? memrchr(p, '\n', n) : NULL;
    *used = q ? (size_t)(q - p) + 1 : 0;
    return q ? run(s, p, *used) : TS_OK;
}

unsigned char *ts_linesink_space(struct ts_linesink *s)
{
    return s->buf + s->len;
}

/* The carried len bytes at p go to the start of the next buffer. */
static int carry(struct ts_linesink *s, const unsigned char *p)
{
    if (!s->rotate) {
        memmove(s->buf, p, s->len);
        return TS_OK;
    }
    unsigned char *nb = s->rotate(s->rotate_ctx);
    if (!nb) return TS_ESTOP;
    memcpy(nb, p, s->len);
    s->buf = nb;
    return TS_OK;
}

int ts_linesink_commit(struct ts_linesink *s, size_t n)
{
    unsigned char *p = s->buf;
    const unsigned char *end = s->buf + s->len + n;
    if (s->skipping) { /* nothing is carried while skipping: the block is at buf[0] */
        unsigned char *q = memchr(p, '\n', n);
        if (!q) return TS_OK;
        s->skipping = 0;
        p = q + 1;
    }
    size_t used;
    int rc = ts_linesink_lines(s, p, (size_t)(end - p), &used);
    if (rc) return rc;
    p += used;
    s->len = (size_t)(end - p);
    if (s->len > TS_MAX_LINE) {
        rc = ts_linesink_tail(s, p, s->len);
        s->len = 0;
        s->skipping = 1;
        return rc ? rc : carry(s, p);
    }
    return carry(s, p);
}

int ts_linesink_finish(struct ts_linesink *s)
{
    size_t n = s->len;
    if (!n) return TS_OK;
    s->len = 0;
    s->buf[n] = '\n';
    return emit(s, s->buf, n + 1);
}
