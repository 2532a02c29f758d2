/* pending.c — see pending.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/pending.h"

void ts_pending_init(struct ts_pending *p, struct ts_arena *a)
{
    memset(p, 0, sizeof *p);
    p->seed = ts_map_hash(&p, sizeof p);
    ts_intern_init(&p->ctx, a);
    ts_intern_init(&p->odd, a);
}

void ts_pending_rehome(struct ts_pending *p, struct ts_arena *a)
{
    p->ctx.map.arena = p->odd.map.arena = a;
}

void ts_pending_free(struct ts_pending *p)
{
    ts_intern_free(&p->ctx);
    ts_intern_free(&p->odd);
    free(p->e);
    p->e = NULL;
    p->cap = p->len = 0;
}

static uint64_t mix(uint64_t seed, const struct ts_pending_entry *k)
{
    uint64_t h = (k->serial ^ ((uint64_t)k->ctx << 8 | k->cls) ^ seed) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

static size_t find(const struct ts_pending_entry *e, size_t cap, uint64_t seed, const struct ts_pending_entry *k)
{
    size_t j = (size_t)mix(seed, k) & (cap - 1);
    while (e[j].ctx != UINT32_MAX && (e[j].ctx != k->ctx || e[j].serial != k->serial || e[j].cls != k->cls))
        j = (j + 1) & (cap - 1);
    return j;
}

static int grow(struct ts_pending *p)
{
    const size_t cap = p->cap ? 2 * p->cap : 1024;
    struct ts_pending_entry *e = ts_arena_table_alloc(cap * sizeof *e);
    if (!e) return TS_ENOMEM;
    for (size_t i = 0; i < cap; i++) e[i].ctx = UINT32_MAX;
    for (size_t i = 0; i < p->cap; i++)
        if (p->e[i].ctx != UINT32_MAX) e[find(e, cap, p->seed, &p->e[i])] = p->e[i];
    free(p->e);
    p->e = e;
    p->cap = cap;
    return TS_OK;
}

int ts_pending_add(struct ts_pending *p, const unsigned char *ctxkey, size_t ctxlen, ts_str serial, int cls, uint64_t n)
{
    struct ts_pending_entry k = {0, 0, (uint32_t)cls, n};
    int rc = ts_intern_id(&p->ctx, ctxkey, ctxlen, &k.ctx);
    if (!rc) rc = ts_intern_serial_code(&p->odd, serial, &k.serial);
    if (rc) return rc;
    if ((p->len + 1) * 4 > p->cap * 3 && (rc = grow(p))) return rc;
    struct ts_pending_entry *e = &p->e[find(p->e, p->cap, p->seed, &k)];
    if (e->ctx == UINT32_MAX) {
        *e = k;
        p->len++;
    } else {
        e->n += n;
    }
    return TS_OK;
}

int ts_pending_next(const struct ts_pending *p, size_t *pos, struct ts_pending_item *it)
{
    for (; *pos < p->cap; (*pos)++) {
        const struct ts_pending_entry *e = &p->e[*pos];
        if (e->ctx == UINT32_MAX) continue;
        (*pos)++;
        it->ctxkey = p->ctx.key[e->ctx];
        it->ctxlen = p->ctx.klen[e->ctx];
        it->cls = (int)e->cls;
        it->n = e->n;
        it->serial = ts_intern_serial_text(&p->odd, e->serial, it->buf);
        return 1;
    }
    return 0;
}
