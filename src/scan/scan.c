/* scan.c — see scan.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "scan/findwalk.h"
#include "scan/scan.h"

static void sample(struct ts_scanner *s, struct ts_scan_sample *arr, int *na, const unsigned char *p,
                   const unsigned char *nl)
{
    if (*na >= TS_SAMPLES) return;
    struct ts_scan_sample *x = &arr[(*na)++];
    x->file = s->file;
    x->line = s->line;
    x->unit = s->unit;
    size_t n = (size_t)(nl - p);
    if (n > sizeof x->text) n = sizeof x->text;
    memcpy(x->text, p, n);
    x->n = n;
}

/* The run of a line with neither host nor pid: its input and the restart
 * banners before it. Non-zero on error (s->rc set). */
static int run_of(struct ts_scanner *s, struct ts_line *L)
{
    if (!s->epoch0_known) {
        int rc = s->epoch_fn ? s->epoch_fn(s->epoch_ctx, &s->epoch0) : TS_OK;
        if (rc != TS_OK) {
            if (!s->rc) s->rc = rc;
            return 1;
        }
        s->epoch0_known = 1;
    }
    int n = snprintf(s->run_text, sizeof s->run_text, "\001%d.%lu", s->file, (unsigned long)(s->epoch0 + s->epoch));
    L->run = (ts_str){(const unsigned char *)s->run_text, n};
    return 0;
}

/* "HH:MM:SS" with an hour, minute and second that exist (a leap second
 * :60 does); the lexer took any two digits. */
static int time_ok(ts_str t)
{
    if (t.n < 8) return 0;
    const unsigned char *c = t.p;
    return (c[0] - '0') * 10 + (c[1] - '0') <= 23 && (c[3] - '0') * 10 + (c[4] - '0') <= 59
           && (c[6] - '0') * 10 + (c[7] - '0') <= 60;
}

/* One line [p, nl), numbered s->line (already counted). */
static void on_line(struct ts_scanner *s, const unsigned char *p, const unsigned char *nl)
{
    s->st.candidates++;
    struct ts_line L;
    int k = ts_lex_line(p, nl, &L);
    if (k != TS_LINE_IKE) {
        if (k == TS_LINE_DEBUG) s->st.debug++;
        s->epoch += (uint32_t)L.restart;
        return;
    }
    if (!L.host.n && !L.pid.n && run_of(s, &L)) return;
    s->st.ike += L.weight;
    s->st.cls[L.cls] += L.weight;
    if (L.cls == TS_C_OTHER) sample(s, s->samples, &s->nsamples, p, nl);

    ts_str day = TS_S("-");
    if (L.month) {
        /* Lines come in date order: reuse the last day's text. */
        if (L.year != s->day_y || L.month != s->day_m || L.mday != s->day_d || s->ref.y != s->day_ref.y
            || s->ref.m != s->day_ref.m || s->ref.d != s->day_ref.d) {
            int y = L.year ? L.year : ts_day_year(L.month, L.mday, &s->ref);
            s->day_ok = ts_day_format(y, L.month, L.mday, s->day_text) != 0;
            s->day_y = L.year;
            s->day_m = L.month;
            s->day_d = L.mday;
            s->day_ref = s->ref;
        }
        if (s->day_ok && time_ok(L.time)) {
            day = (ts_str){(const unsigned char *)s->day_text, 10};
        } else {
            /* Feb 31, Jan 00, 25:00:00, 2025-13-45: no real day to count
             * them under, so they go where undated lines go (SPEC.md §5). */
            s->st.bad_time += L.weight;
            sample(s, s->bad_samples, &s->nbad_samples, p, nl);
        }
    }
    ts_str host = s->host.n ? s->host : L.host.n ? L.host : TS_S("-");
    int rc = s->emit(s->emit_ctx, &L, day, host, s->line);
    if (rc && !s->rc) s->rc = rc;
}

static int on_hit(void *ctx, size_t end)
{
    struct ts_scanner *s = ctx;
    if (ts_buf_grow((void **)&s->hits, &s->caphits, s->nhits + 1, sizeof *s->hits, 4096) != TS_OK) {
        s->rc = TS_ENOMEM;
        return 1;
    }
    s->hits[s->nhits++] = end;
    return 0;
}

struct walk_ctx {
    struct ts_scanner *s;
    uint64_t first; /* s->line before the piece */
};

static int on_cand(void *ctx, const unsigned char *ls, const unsigned char *nl, uint64_t idx)
{
    struct walk_ctx *w = ctx;
    w->s->line = w->first + idx + 1;
    on_line(w->s, ls, nl);
    return 0;
}

/* Hyperscan and the walk take the block in pieces of about this size, so
 * the walk reads what the literal search just brought into L2. The walk
 * alone, finding the literal itself, reads each byte once and takes the
 * whole block. */
#define PIECE ((size_t)256 << 10)

int ts_scan_block(struct ts_scanner *s, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    s->st.bytes += n;
    const uint64_t first = s->line;
    if (s->pf && ts_prefilter_kind(s->pf) == TS_PF_WALK) {
        struct walk_ctx w = {s, s->line};
        int stopped;
        s->line = w.first + ts_findwalk_run(s->isa, p, n, on_cand, &w, &stopped);
    } else if (s->pf) {
        for (const unsigned char *q = p; q < end;) {
            const unsigned char *cut = end;
            if ((size_t)(end - q) > 2 * PIECE) {
                const unsigned char *nl = memchr(q + PIECE, '\n', (size_t)(end - q - PIECE));
                cut = nl ? nl + 1 : end;
            }
            s->nhits = 0;
            /* on_hit stops the scan only after setting s->rc */
            if (ts_prefilter_scan(s->pf, s->scratch, q, (size_t)(cut - q), on_hit, s) != TS_OK && !s->rc) s->rc = TS_EENGINE;
            if (s->rc) return s->rc;
            struct walk_ctx w = {s, s->line};
            int stopped;
            s->line = w.first + ts_linewalk_run(s->isa, q, (size_t)(cut - q), s->hits, s->nhits, on_cand, &w, &stopped);
            q = cut;
        }
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

void ts_scan_free(struct ts_scanner *s)
{
    free(s->hits);
    s->hits = NULL;
    s->nhits = s->caphits = 0;
}
