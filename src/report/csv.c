/* csv.c — see csv.h. */
#include <stdlib.h>
#include <string.h>

#include "report/csv.h"

static int needs_neutral(ts_str s)
{
    if (s.n == 0 || (s.n == 1 && s.p[0] == '-')) return 0;
    return strchr("=+-@\t\r", s.p[0]) != NULL && s.p[0] != '\0';
}

static int needs_quote(ts_str s)
{
    for (ptrdiff_t i = 0; i < s.n; i++) {
        unsigned char c = s.p[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n') return 1;
    }
    return 0;
}

static void put_escaped(struct ts_buf *b, ts_str s)
{
    const unsigned char *p = s.p, *end = s.p + s.n;
    while (p < end) {
        const unsigned char *q = memchr(p, '"', (size_t)(end - p));
        if (!q) {
            ts_buf_put(b, p, (size_t)(end - p));
            return;
        }
        ts_buf_put(b, p, (size_t)(q - p) + 1);
        ts_buf_put(b, "\"", 1);
        p = q + 1;
    }
}

void ts_csv_text2(struct ts_buf *b, ts_str s1, ts_str s2, int raw)
{
    if (s1.n < 0) s1.n = 0;
    if (s2.n < 0) s2.n = 0;
    if (s2.n == 0 && s1.n <= TS_FIELD_CUT && (raw || !needs_neutral(s1)) && !needs_quote(s1)) {
        ts_buf_put(b, s1.p, (size_t)s1.n); /* the common cell: as it is (a day, a host, an address) */
        return;
    }
    const ptrdiff_t total = s1.n + (s2.n ? 1 + s2.n : 0);
    const int cut = total > TS_FIELD_CUT;
    if (cut && s1.n >= TS_FIELD_CUT) {
        s1.n = TS_FIELD_CUT;
        s2.n = 0;
    } else if (cut) {
        s2.n = TS_FIELD_CUT - s1.n - (s1.n ? 1 : 0);
    }
    int neutral = !raw && needs_neutral(s1.n ? s1 : s2);
    int quote = neutral || needs_quote(s1) || needs_quote(s2);
    if (quote) ts_buf_put(b, "\"", 1);
    if (neutral) ts_buf_put(b, "'", 1);
    put_escaped(b, s1);
    if (s2.n) {
        if (s1.n) ts_buf_put(b, " ", 1);
        put_escaped(b, s2);
    }
    if (cut) ts_buf_put(b, "...", 3);
    if (quote) ts_buf_put(b, "\"", 1);
}

void ts_csv_text(struct ts_buf *b, ts_str s, int raw)
{
    ts_csv_text2(b, s, (ts_str){NULL, 0}, raw);
}

void ts_csv_u64(struct ts_buf *b, uint64_t v)
{
    ts_buf_u64(b, v);
}

void ts_csv_num(struct ts_buf *b, uint64_t v, int sep)
{
    /* Written in place: a peers report of 100 000 peers has 1.9 M numbers,
     * most of them 0, and two ts_buf_put calls each were a fifth of its
     * time. */
    if (b->oom) return;
    if (b->cap - b->n < 24 && ts_buf_grow((void **)&b->p, &b->cap, b->n + 24, 1, 4096) != TS_OK) {
        b->oom = 1;
        return;
    }
    char *o = b->p + b->n;
    if (sep) *o++ = ',';
    if (v < 10) *o++ = (char)('0' + v);
    else o = ts_buf_u64_at(o, v);
    b->n = (size_t)(o - b->p);
}
