/* prefilter.c — see prefilter.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/prefilter.h"

/* Every line with a syslog header that the lexer can accept names pluto as
 * its program (pluto[pid], pluto:, [pluto], ipsec__plutorun, a damaged
 * hostpluto[pid]), so this one literal selects them all. Headerless lines
 * are selected by ts_pf_headerless(), which the scanner applies to every
 * line start while it counts lines anyway. */
_Static_assert(sizeof TS_PF_LITERAL - 1 == TS_PF_LITLEN, "TS_PF_LITLEN is the literal's length");

struct ts_prefilter {
    enum ts_prefilter_kind kind;
    void *db; /* Hyperscan's database */
};

enum ts_prefilter_kind ts_prefilter_kind(const struct ts_prefilter *pf) { return pf->kind; }

const char *ts_prefilter_name(enum ts_prefilter_kind kind)
{
    switch (kind) {
    case TS_PF_HYPERSCAN: return "hyperscan";
    case TS_PF_WALK: return "walk";
    default: return "none";
    }
}

/* The walk's prefilter: no engine, no scratch. */
static int walk_new(struct ts_prefilter **out)
{
    struct ts_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf) return TS_ENOMEM;
    pf->kind = TS_PF_WALK;
    *out = pf;
    return TS_OK;
}

#ifdef TS_HAVE_HS
#include <hs.h>

static const char k_lit[] = TS_PF_LITERAL;

struct ts_prefilter_scratch {
    hs_scratch_t *s;
};

static int cpu_ok(void)
{
#if defined(__x86_64__) || defined(__i386__)
    /* Vectorscan builds need SSE4.2 though hs_valid_platform only checks SSSE3. */
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("ssse3") || !__builtin_cpu_supports("sse4.2")) return 0;
#endif
    return hs_valid_platform() == HS_SUCCESS;
}

int ts_prefilter_new(struct ts_prefilter **out, enum ts_prefilter_kind kind, struct ts_err *err)
{
    *out = NULL;
    if (kind == TS_PF_WALK) return walk_new(out);
    if (!cpu_ok()) {
        ts_err_set(err, TS_ENOENGINE, 0, NULL, "Hyperscan cannot run on this CPU");
        return TS_ENOENGINE;
    }
    struct ts_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf) return TS_ENOMEM;
    hs_compile_error_t *ce = NULL;
    pf->kind = TS_PF_HYPERSCAN;
    hs_database_t *db = NULL;
    if (hs_compile_lit(k_lit, 0, sizeof k_lit - 1, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) {
        ts_err_set(err, TS_EENGINE, 0, NULL, "Hyperscan compile failed: %s", ce ? ce->message : "?");
        hs_free_compile_error(ce);
        free(pf);
        return TS_EENGINE;
    }
    pf->db = db;
    *out = pf;
    return TS_OK;
}

void ts_prefilter_free(struct ts_prefilter *pf)
{
    if (!pf) return;
    if (pf->db) hs_free_database(pf->db);
    free(pf);
}

int ts_prefilter_scratch_new(const struct ts_prefilter *pf, struct ts_prefilter_scratch **out, struct ts_err *err)
{
    *out = NULL;
    if (pf->kind == TS_PF_WALK) return TS_OK;
    struct ts_prefilter_scratch *s = calloc(1, sizeof *s);
    if (!s) return TS_ENOMEM;
    if (hs_alloc_scratch(pf->db, &s->s) != HS_SUCCESS) {
        free(s);
        ts_err_set(err, TS_ENOMEM, 0, NULL, "Hyperscan scratch allocation failed");
        return TS_ENOMEM;
    }
    *out = s;
    return TS_OK;
}

void ts_prefilter_scratch_free(struct ts_prefilter_scratch *s)
{
    if (!s) return;
    hs_free_scratch(s->s);
    free(s);
}

struct hit_ctx {
    ts_prefilter_hit_fn fn;
    void *ctx;
    size_t base;
};

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *c)
{
    (void)id, (void)from, (void)flags;
    struct hit_ctx *h = c;
    return h->fn(h->ctx, h->base + (size_t)to);
}

int ts_prefilter_scan(const struct ts_prefilter *pf, struct ts_prefilter_scratch *s, const unsigned char *p, size_t n,
               ts_prefilter_hit_fn fn, void *ctx)
{
    struct hit_ctx h = {fn, ctx, 0};
    const size_t cap = (size_t)1 << 30;
    while (n > 0) {
        size_t len = n;
        if (len > cap) {
            /* Cut after a newline so no literal straddles two calls. */
            const unsigned char *nl = memchr(p + cap - TS_MAX_LINE - 2, '\n', TS_MAX_LINE + 2);
            len = nl ? (size_t)(nl - p) + 1 : cap;
        }
        hs_error_t e = hs_scan(pf->db, (const char *)p, (unsigned)len, 0, s->s, on_match, &h);
        if (e == HS_SCAN_TERMINATED) return TS_ESTOP;
        if (e != HS_SUCCESS) return TS_EENGINE;
        p += len;
        n -= len;
        h.base += len;
    }
    return TS_OK;
}

const char *ts_prefilter_describe(void)
{
    static char buf[96];
    if (!cpu_ok()) return "Hyperscan (unusable on this CPU: lexer only)";
    snprintf(buf, sizeof buf, "Hyperscan %s", hs_version());
    return buf;
}

#else /* built without Hyperscan */

int ts_prefilter_new(struct ts_prefilter **out, enum ts_prefilter_kind kind, struct ts_err *err)
{
    *out = NULL;
    if (kind == TS_PF_WALK) return walk_new(out);
    ts_err_set(err, TS_ENOENGINE, 0, NULL, "built without Hyperscan");
    return TS_ENOENGINE;
}
void ts_prefilter_free(struct ts_prefilter *pf) { free(pf); }
int ts_prefilter_scratch_new(const struct ts_prefilter *pf, struct ts_prefilter_scratch **s, struct ts_err *err)
{
    (void)err;
    *s = NULL;
    return pf->kind == TS_PF_WALK ? TS_OK : TS_ENOENGINE;
}
void ts_prefilter_scratch_free(struct ts_prefilter_scratch *s) { (void)s; }
int ts_prefilter_scan(const struct ts_prefilter *pf, struct ts_prefilter_scratch *s, const unsigned char *p, size_t n,
               ts_prefilter_hit_fn fn, void *ctx)
{
    (void)pf, (void)s, (void)p, (void)n, (void)fn, (void)ctx;
    return TS_ENOENGINE;
}
const char *ts_prefilter_describe(void) { return "no Hyperscan (built with HAVE_HS=0: lexer only)"; }

#endif
