/* fuzz_scan.c — libFuzzer: the whole scan of an arbitrary buffer.
 * Differential: the scan with either prefilter (Hyperscan, or the walk that
 * finds the literal) must give exactly the aggregate and counters of the
 * scan without one, and scanning the buffer in two pieces and merging must
 * give the same as one piece; the candidate walk and the literal walk of
 * every instruction set must equal their scalar references, and the literal
 * walk the line walk given the literal's hits. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/findwalk.h"
#include "scan/scan.h"

static struct ts_prefilter *g_pf, *g_walk; /* Hyperscan (or NULL), the walk */
static struct ts_prefilter_scratch *g_scr;

static void render(struct ts_agg *a, struct ts_buf *out)
{
    if (ts_agg_finish(a)) abort();
    struct ts_agg_row *rows;
    size_t n;
    if (ts_agg_rows(a, &rows, &n)) abort();
    for (size_t i = 0; i < n; i++) {
        ts_csv_text(out, rows[i].day, 1);
        ts_csv_text(out, rows[i].host, 1);
        ts_csv_text(out, rows[i].peer, 1);
        for (int c = 0; c < TS_NCLASS; c++) ts_csv_u64(out, rows[i].n->c[c]);
        ts_csv_eol(out);
    }
    free(rows);
}

static int same(const struct ts_buf *a, const struct ts_buf *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

struct acc {
    struct ts_scanner s;
    struct ts_agg agg;
};

static int feed(void *ctx, const unsigned char *p, size_t n)
{
    struct acc *a = ctx;
    if (n == 0 || p[n - 1] != '\n') abort(); /* the input layer's contract */
    return ts_scan_block(&a->s, p, n) != TS_OK;
}

static void scan_lines(struct acc *a, const struct ts_prefilter *pf, const unsigned char *p, size_t n)
{
    memset(a, 0, sizeof *a);
    ts_agg_init(&a->agg);
    a->s.emit = ts_agg_emit;
    a->s.emit_ctx = &a->agg;
    a->s.pf = pf;
    a->s.scratch = pf == g_pf ? g_scr : NULL;
    a->s.ref = (struct ts_day_ref){2024, 6, 30};
    /* complete lines only, as the input layer delivers them */
    if (n) feed(a, p, n);
    ts_scan_free(&a->s);
}

struct cands {
    uint64_t h; /* running hash of (idx, offset, length) of every candidate */
    size_t n;
    const unsigned char *base;
};

static int on_cand(void *ctx, const unsigned char *ls, const unsigned char *nl, uint64_t idx)
{
    struct cands *c = ctx;
    const uint64_t v[3] = {idx, (uint64_t)(ls - c->base), (uint64_t)(nl - ls)};
    for (int i = 0; i < 3; i++) c->h = (c->h ^ v[i]) * 0x100000001b3ull;
    c->n++;
    return 0;
}

/* Hits at the offsets of every 'p' (as if each began a literal): arbitrary
 * but derived from the input, so the fuzzer steers them too. */
static void walks_agree(const unsigned char *p, size_t n)
{
    size_t *hits = malloc((n + 1) * sizeof *hits), nh = 0;
    if (!hits) return;
    for (size_t i = 0; i < n; i++)
        if (p[i] == 'p') hits[nh++] = i + 1;
    struct cands want = {0, 0, p};
    int st;
    const uint64_t lines = ts_linewalk_run(TS_ISA_SCALAR, p, n, hits, nh, on_cand, &want, &st);
    static const enum ts_isa isas[] = {TS_ISA_SSE2, TS_ISA_AVX2, TS_ISA_AVX512};
    for (size_t k = 0; k < sizeof isas / sizeof isas[0]; k++) {
        if (ts_linewalk_isa(isas[k]) != isas[k]) continue;
        struct cands got = {0, 0, p};
        if (ts_linewalk_run(isas[k], p, n, hits, nh, on_cand, &got, &st) != lines) abort();
        if (got.n != want.n || got.h != want.h) abort();
    }
    /* The literal walk: the line walk given every "pluto" as a hit. */
    nh = 0;
    for (size_t i = 0; i + TS_PF_LITLEN <= n; i++)
        if (memcmp(p + i, TS_PF_LITERAL, TS_PF_LITLEN) == 0) hits[nh++] = i + TS_PF_LITLEN;
    struct cands lit = {0, 0, p};
    if (ts_linewalk_run(TS_ISA_SCALAR, p, n, hits, nh, on_cand, &lit, &st) != lines) abort();
    for (size_t k = 0; k < 1 + sizeof isas / sizeof isas[0]; k++) {
        const enum ts_isa isa = k ? isas[k - 1] : TS_ISA_SCALAR;
        if (ts_linewalk_isa(isa) != isa) continue;
        struct cands got = {0, 0, p};
        if (ts_findwalk_run(isa, p, n, on_cand, &got, &st) != lines) abort();
        if (got.n != lit.n || got.h != lit.h) abort();
    }
    free(hits);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_walk) {
        struct ts_err e;
        if (ts_prefilter_new(&g_walk, TS_PF_WALK, &e) != TS_OK) abort();
        if (ts_prefilter_new(&g_pf, TS_PF_HYPERSCAN, &e) == TS_OK) ts_prefilter_scratch_new(g_pf, &g_scr, &e);
    }
    /* 1. plain lines: prefilter on/off and split + merge agree */
    unsigned char *buf = malloc(size + 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    size_t n = size;
    if (n && buf[n - 1] != '\n') buf[n++] = '\n';
    if (n) walks_agree(buf, n);
    struct acc x, y;
    scan_lines(&x, NULL, buf, n);
    struct ts_buf want = {0}, got = {0};
    render(&x.agg, &want);
    const struct ts_prefilter *pfs[2] = {g_walk, g_pf};
    for (int k = 0; k < 2 && pfs[k]; k++) {
        scan_lines(&y, pfs[k], buf, n);
        render(&y.agg, &got);
        if (!same(&got, &want)) abort();
        if (y.s.st.ike != x.s.st.ike || y.s.st.lines != x.s.st.lines) abort();
        ts_agg_free(&y.agg);
        got.n = 0;
    }
    const unsigned char *mid = n > 1 ? memchr(buf + n / 2, '\n', n - n / 2) : NULL;
    if (mid && (size_t)(mid + 1 - buf) < n) {
        size_t cut = (size_t)(mid + 1 - buf);
        struct acc b;
        scan_lines(&y, g_walk, buf, cut);
        scan_lines(&b, NULL, buf + cut, n - cut);
        if (ts_agg_merge(&y.agg, &b.agg)) abort();
        render(&y.agg, &got);
        if (!same(&got, &want)) abort();
        ts_agg_free(&y.agg);
        ts_agg_free(&b.agg);
    }
    ts_agg_free(&x.agg);
    ts_buf_free(&want);
    ts_buf_free(&got);
    free(buf);

    return 0;
}
