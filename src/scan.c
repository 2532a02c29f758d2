/* scan.c — see scan.h. */
#include <string.h>

#include "scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

uint64_t ts_count_nl(const unsigned char *a, const unsigned char *b)
{
    uint64_t n = 0;
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n');
    while (b - a >= 64) {
        __m128i x0 = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)a), nl);
        __m128i x1 = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(a + 16)), nl);
        __m128i x2 = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(a + 32)), nl);
        __m128i x3 = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(a + 48)), nl);
        uint64_t m = (uint64_t)(unsigned)_mm_movemask_epi8(x0) | (uint64_t)(unsigned)_mm_movemask_epi8(x1) << 16
            | (uint64_t)(unsigned)_mm_movemask_epi8(x2) << 32 | (uint64_t)(unsigned)_mm_movemask_epi8(x3) << 48;
        n += (uint64_t)__builtin_popcountll(m);
        a += 64;
    }
#endif
    for (; a < b; a++) n += *a == '\n';
    return n;
}

static void sample(struct ts_scanner *s, const unsigned char *p, const unsigned char *nl)
{
    if (s->nsamples >= TS_SAMPLES) return;
    struct ts_sample *x = &s->samples[s->nsamples++];
    x->file = s->file;
    x->line = s->line;
    x->unit = s->unit;
    size_t n = (size_t)(nl - p);
    if (n > sizeof x->text) n = sizeof x->text;
    memcpy(x->text, p, n);
    x->n = n;
}

/* One line [p, nl), numbered s->line (already counted). */
static void on_line(struct ts_scanner *s, const unsigned char *p, const unsigned char *nl)
{
    s->st.candidates++;
    struct ts_line L;
    int k = ts_lex_line(p, nl, &L);
    if (k != TS_LINE_IKE) {
        if (k == TS_LINE_DEBUG) s->st.debug++;
        return;
    }
    s->st.ike += L.weight;
    s->st.cls[L.cls] += L.weight;
    if (L.cls == TS_C_OTHER) sample(s, p, nl);

    char dbuf[10];
    ts_str day = TS_S("-");
    if (L.month) {
        int y = L.year ? L.year : ts_day_year(L.month, L.mday, &s->ref);
        if (ts_day_format(y, L.month, L.mday, dbuf)) day = (ts_str){(const unsigned char *)dbuf, 10};
    }
    ts_str host = L.host.n ? L.host : TS_S("-");
    struct ts_obs o = {day, host, L.pid, L.serial, L.conn, L.peer, L.cls, L.weight};
    int rc = ts_agg_add(s->agg, &o);
    if (!rc && s->ev) {
        struct ts_ev e = {NULL, s->line, L.weight, L.cls, day, L.time, host, L.pid, L.conn, L.instance,
                          L.peer, L.port, L.serial, L.tag, L.d1, L.d2};
        rc = ts_evlist_add(s->ev, &e);
    }
    if (rc && !s->rc) s->rc = rc;
}

static int on_hit(void *ctx, size_t end)
{
    struct ts_scanner *s = ctx;
    const unsigned char *at = s->blk + end - 1; /* last byte of the match */
    if (at < s->pos) return 0;                  /* in a line already done */
    const unsigned char *ls = at;
    while (ls > s->pos && ls[-1] != '\n') ls--;
    const unsigned char *nl = memchr(at, '\n', (size_t)(s->end - at));
    s->line += ts_count_nl(s->pos, ls) + 1;
    on_line(s, ls, nl);
    s->pos = nl + 1;
    return 0;
}

int ts_scan_block(struct ts_scanner *s, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    s->st.bytes += n;
    const uint64_t first = s->line;
    if (s->pf) {
        /* The first line has no '\n' before it for the line-start literals. */
        const unsigned char *nl = memchr(p, '\n', n);
        s->line++;
        on_line(s, p, nl);
        s->blk = p;
        s->end = end;
        s->pos = nl + 1;
        if (s->pos < end && ts_pf_scan(s->pf, s->scratch, p, n, on_hit, s) != TS_OK && !s->rc) s->rc = TS_EDATA;
        s->line += ts_count_nl(s->pos, end);
    } else {
        for (const unsigned char *q = p; q < end;) {
            const unsigned char *nl = memchr(q, '\n', (size_t)(end - q));
            s->line++;
            on_line(s, q, nl);
            q = nl + 1;
        }
    }
    s->st.lines += s->line - first;
    return s->rc;
}
