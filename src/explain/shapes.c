/* shapes.c — see shapes.h. */
#include <stdlib.h>
#include <string.h>

#include "explain/shapes.h"

static int is_alnum(unsigned c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

static int is_hex(unsigned c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* Length of an IPv4 address at p (digits or redaction marks x, X, * per
 * part, at least one digit somewhere or the x.x.x.x form), else 0. */
static size_t ipv4(const unsigned char *p, const unsigned char *e)
{
    const unsigned char *q = p;
    for (int part = 0; part < 4; part++) {
        if (part) {
            if (q >= e || *q != '.') return 0;
            q++;
        }
        const unsigned char *s = q;
        while (q < e && q - s < 3 && ((*q >= '0' && *q <= '9') || *q == 'x' || *q == 'X' || *q == '*')) q++;
        if (q == s) return 0;
    }
    return q < e && is_alnum(*q) ? 0 : (size_t)(q - p);
}

/* Length of an IPv6 address at p: hex digits and colons with two colons or
 * more (optionally a dotted IPv4 tail). */
static size_t ipv6(const unsigned char *p, const unsigned char *e)
{
    const unsigned char *q = p;
    int colons = 0;
    while (q < e && (is_hex(*q) || *q == ':' || *q == '.')) colons += *q++ == ':';
    if (colons < 2 || (q < e && is_alnum(*q))) return 0;
    while (q > p && q[-1] == ':' && colons > 2) q--, colons--; /* a trailing ":" is punctuation */
    return (size_t)(q - p);
}

void ts_shapes_of(struct ts_buf *b, ts_str msg)
{
    const unsigned char *p = msg.p, *e = msg.p + (msg.n > 0 ? msg.n : 0);
    const size_t start = b->n;
    while (p < e && b->n - start < TS_SHAPE_MAX) {
        const int boundary = p == msg.p || !is_alnum(p[-1]);
        size_t n;
        if ((*p == '"' || *p == '\'') && boundary) {
            const unsigned char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
            if (q) {
                ts_buf_put(b, p, 1);
                ts_buf_str(b, "<s>");
                ts_buf_put(b, q, 1);
                p = q + 1;
                continue;
            }
        }
        if (boundary && ((n = ipv4(p, e)) || (n = ipv6(p, e)))) {
            ts_buf_str(b, "<ip>");
            p += n;
            continue;
        }
        if (boundary && e - p > 2 && p[0] == '0' && (p[1] | 0x20) == 'x' && is_hex(p[2])) {
            const unsigned char *q = p + 2;
            while (q < e && is_hex(*q)) q++;
            ts_buf_str(b, "<hex>");
            p = q;
            continue;
        }
        if (boundary && is_hex(*p)) {
            const unsigned char *q = p, *d = p;
            int digits = 0;
            for (; q < e && is_hex(*q); q++) digits += *q <= '9';
            while (d < q && *d >= '0' && *d <= '9') d++;
            if (q - p >= 8 && digits && !(q < e && is_alnum(*q))) {
                ts_buf_str(b, "<hex>");
                p = q;
                continue;
            }
            if (d > p && !(d < e && is_alnum(*d))) {
                ts_buf_str(b, "<n>");
                p = d;
                continue;
            }
        }
        /* copy the rest of this word, or one other byte */
        const unsigned char *q = p + 1;
        if (is_alnum(*p))
            while (q < e && is_alnum(*q)) q++;
        ts_buf_put(b, p, (size_t)(q - p));
        p = q;
    }
    if (b->n - start > TS_SHAPE_MAX) b->n = start + TS_SHAPE_MAX;
    if (p < e) ts_buf_str(b, "...");
}

void ts_shapes_init(struct ts_shapes *s, size_t max)
{
    memset(s, 0, sizeof *s);
    s->max = max;
    ts_map_init(&s->map, &s->arena, sizeof(struct ts_shapes_row));
}

void ts_shapes_free(struct ts_shapes *s)
{
    ts_map_free(&s->map);
    ts_arena_free(&s->arena);
    ts_buf_free(&s->tmp);
}

int ts_shapes_add(struct ts_shapes *s, ts_str msg, ts_str example, uint64_t weight)
{
    s->tmp.n = 0;
    ts_shapes_of(&s->tmp, msg);
    if (s->tmp.oom) return TS_ENOMEM;
    s->lines += weight;
    const int full = s->max && ts_map_len(&s->map) >= s->max;
    int created;
    const unsigned char *key = NULL;
    struct ts_shapes_row *r =
        ts_map_lookup(&s->map, s->tmp.p, s->tmp.n, !full, &created, &key);
    if (!r) {
        if (!full) return TS_ENOMEM;
        s->dropped += weight;
        return TS_OK;
    }
    if (created) {
        r->shape = (ts_str){key, (ptrdiff_t)s->tmp.n};
        size_t en = example.n > TS_SHAPE_EXAMPLE ? TS_SHAPE_EXAMPLE : (size_t)example.n;
        r->example.p = ts_arena_dup(&s->arena, example.p, en);
        if (!r->example.p) return TS_ENOMEM;
        r->example.n = (ptrdiff_t)en;
    }
    r->count += weight;
    return TS_OK;
}

static int cmp_row(const void *x, const void *y)
{
    const struct ts_shapes_row *a = x, *b = y;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    size_t n = (size_t)(a->shape.n < b->shape.n ? a->shape.n : b->shape.n);
    int c = memcmp(a->shape.p, b->shape.p, n);
    return c ? c : (a->shape.n > b->shape.n) - (a->shape.n < b->shape.n);
}

int ts_shapes_rows(const struct ts_shapes *s, struct ts_shapes_row **rows, size_t *n)
{
    *n = 0;
    const size_t len = ts_map_len(&s->map);
    *rows = malloc((len ? len : 1) * sizeof **rows);
    if (!*rows) return TS_ENOMEM;
    struct ts_map_item it;
    for (size_t pos = 0; ts_map_next(&s->map, &pos, &it);) (*rows)[(*n)++] = *(const struct ts_shapes_row *)it.val;
    qsort(*rows, *n, sizeof **rows, cmp_row);
    return TS_OK;
}
