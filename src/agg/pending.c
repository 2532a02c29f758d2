/* pending.c — see pending.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/pending.h"
#include "base/hash.h"

static int empty(const void *e)
{
    return ((const struct ts_pending_entry *)e)->ctx == UINT32_MAX;
}

static int eq(const void *x, const void *y)
{
    const struct ts_pending_entry *e = x, *k = y;
    return e->ctx == k->ctx && e->serial == k->serial && e->cls == k->cls;
}

static uint64_t hash(const void *x)
{
    const struct ts_pending_entry *k = x;
    return ts_hash_u64x2(k->serial, (uint64_t)k->ctx << 32 | k->cls);
}

static const struct ts_table_type pending_type = {sizeof(struct ts_pending_entry), 0xff, empty, hash};

void ts_pending_init(struct ts_pending *p, struct ts_arena *a)
{
    memset(p, 0, sizeof *p);
    ts_table_init(&p->t, &pending_type);
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
    ts_table_free(&p->t);
}

size_t ts_pending_len(const struct ts_pending *p)
{
    return p->t.len;
}

size_t ts_pending_bytes(const struct ts_pending *p)
{
    return ts_table_bytes(&p->t) + ts_intern_bytes(&p->ctx) + ts_intern_bytes(&p->odd);
}

int ts_pending_add(struct ts_pending *p, const unsigned char *ctxkey, size_t ctxlen, ts_str serial, int cls, uint64_t n,
                   uint64_t max, int *kept)
{
    struct ts_pending_entry k = {0, 0, (uint32_t)cls, n};
    *kept = 1;
    if (max && p->t.len >= max) {
        /* full: only a counter that exists already may grow */
        struct ts_pending_entry *e = NULL;
        if (ts_intern_find(&p->ctx, ctxkey, ctxlen, &k.ctx)
            && ts_intern_serial_find(&p->odd, serial, &k.serial))
            e = ts_table_slot(&p->t, hash(&k), &k, eq, empty);
        if (!e || empty(e)) {
            *kept = 0;
            return TS_OK;
        }
        e->n += n;
        return TS_OK;
    }
    int rc = ts_intern_id(&p->ctx, ctxkey, ctxlen, &k.ctx);
    if (!rc) rc = ts_intern_serial_code(&p->odd, serial, &k.serial);
    if (!rc) rc = ts_table_reserve(&p->t);
    if (rc) return rc;
    struct ts_pending_entry *e = ts_table_slot(&p->t, hash(&k), &k, eq, empty);
    if (empty(e)) {
        *e = k;
        p->t.len++;
    } else {
        e->n += n;
    }
    return TS_OK;
}

int ts_pending_next(const struct ts_pending *p, size_t *pos, struct ts_pending_item *it)
{
    const struct ts_pending_entry *e = ts_table_next(&p->t, pos);
    if (!e) return 0;
    it->ctxkey = p->ctx.key[e->ctx];
    it->ctxlen = p->ctx.klen[e->ctx];
    it->cls = (int)e->cls;
    it->n = e->n;
    it->serial = ts_intern_serial_text(&p->odd, e->serial, it->buf);
    return 1;
}
