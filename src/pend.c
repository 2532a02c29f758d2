/* pend.c — see pend.h. */
#include <stdlib.h>
#include <string.h>

#include "pend.h"

static void intern_init(struct ts_intern *in, struct ts_arena *a)
{
    memset(in, 0, sizeof *in);
    ts_map_init(&in->map, a, sizeof(uint32_t));
}

static void intern_free(struct ts_intern *in)
{
    ts_map_free(&in->map);
    free(in->key);
    free(in->klen);
    memset(in, 0, sizeof *in);
}

/* The id of key, numbering it when new. */
static int intern(struct ts_intern *in, const unsigned char *k, size_t kn, uint32_t *id)
{
    int created;
    const unsigned char *kept;
    uint32_t *v = ts_map_get_key(&in->map, k, kn, ts_hash(k, kn), 1, &created, &kept);
    if (!v) return TS_ENOMEM;
    if (!created) {
        *id = *v;
        return TS_OK;
    }
    if (in->n == in->cap) {
        uint32_t cap = in->cap ? 2 * in->cap : 256;
        const unsigned char **nk = realloc(in->key, cap * sizeof *nk);
        if (nk) in->key = nk;
        uint32_t *nl = realloc(in->klen, cap * sizeof *nl);
        if (nl) in->klen = nl;
        if (!nk || !nl) return TS_ENOMEM;
        in->cap = cap;
    }
    in->key[in->n] = kept;
    in->klen[in->n] = (uint32_t)kn;
    *id = *v = in->n++;
    return TS_OK;
}

void ts_pend_init(struct ts_pend *p, struct ts_arena *a)
{
    memset(p, 0, sizeof *p);
    intern_init(&p->ctx, a);
    intern_init(&p->odd, a);
}

void ts_pend_rehome(struct ts_pend *p, struct ts_arena *a)
{
    p->ctx.map.arena = p->odd.map.arena = a;
}

void ts_pend_free(struct ts_pend *p)
{
    intern_free(&p->ctx);
    intern_free(&p->odd);
    free(p->e);
    p->e = NULL;
    p->cap = p->len = 0;
}

static uint64_t mix(const struct ts_pend_entry *k)
{
    uint64_t h = (k->serial ^ ((uint64_t)k->ctx << 8 | k->cls)) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

static size_t find(const struct ts_pend_entry *e, size_t cap, const struct ts_pend_entry *k)
{
    size_t j = (size_t)mix(k) & (cap - 1);
    while (e[j].ctx != UINT32_MAX && (e[j].ctx != k->ctx || e[j].serial != k->serial || e[j].cls != k->cls))
        j = (j + 1) & (cap - 1);
    return j;
}

static int grow(struct ts_pend *p)
{
    const size_t cap = p->cap ? 2 * p->cap : 1024;
    struct ts_pend_entry *e = malloc(cap * sizeof *e);
    if (!e) return TS_ENOMEM;
    for (size_t i = 0; i < cap; i++) e[i].ctx = UINT32_MAX;
    for (size_t i = 0; i < p->cap; i++)
        if (p->e[i].ctx != UINT32_MAX) e[find(e, cap, &p->e[i])] = p->e[i];
    free(p->e);
    p->e = e;
    p->cap = cap;
    return TS_OK;
}

/* A serial's code: its number + 1 when it is written canonically. */
static int serial_code(struct ts_pend *p, ts_str s, uint64_t *code)
{
    if (s.n == 0) {
        *code = 0;
        return TS_OK;
    }
    int canonical = s.n <= 18 && (s.n == 1 || s.p[0] != '0');
    uint64_t v = 0;
    for (ptrdiff_t i = 0; canonical && i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9') canonical = 0;
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    if (canonical) {
        *code = v + 1;
        return TS_OK;
    }
    uint32_t id;
    int rc = intern(&p->odd, s.p, (size_t)s.n, &id);
    *code = TS_PEND_ODD | id;
    return rc;
}

int ts_pend_add(struct ts_pend *p, const unsigned char *ctxkey, size_t ctxlen, ts_str serial, int cls, uint64_t n)
{
    struct ts_pend_entry k = {0, 0, (uint32_t)cls, n};
    int rc = intern(&p->ctx, ctxkey, ctxlen, &k.ctx);
    if (!rc) rc = serial_code(p, serial, &k.serial);
    if (rc) return rc;
    if ((p->len + 1) * 4 > p->cap * 3 && (rc = grow(p))) return rc;
    struct ts_pend_entry *e = &p->e[find(p->e, p->cap, &k)];
    if (e->ctx == UINT32_MAX) {
        *e = k;
        p->len++;
    } else {
        e->n += n;
    }
    return TS_OK;
}

int ts_pend_next(const struct ts_pend *p, size_t *pos, struct ts_pend_item *it)
{
    for (; *pos < p->cap; (*pos)++) {
        const struct ts_pend_entry *e = &p->e[*pos];
        if (e->ctx == UINT32_MAX) continue;
        (*pos)++;
        it->ctxkey = p->ctx.key[e->ctx];
        it->ctxlen = p->ctx.klen[e->ctx];
        it->cls = (int)e->cls;
        it->n = e->n;
        if (e->serial == 0) {
            it->serial = (ts_str){NULL, 0};
        } else if (e->serial & TS_PEND_ODD) {
            const uint32_t id = (uint32_t)(e->serial & ~TS_PEND_ODD);
            it->serial = (ts_str){p->odd.key[id], (ptrdiff_t)p->odd.klen[id]};
        } else {
            /* the number back to its digits */
            uint64_t v = e->serial - 1;
            char *q = it->buf + sizeof it->buf;
            do {
                *--q = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            it->serial = (ts_str){(const unsigned char *)q, (ptrdiff_t)(it->buf + sizeof it->buf - q)};
        }
        return 1;
    }
    return 0;
}
