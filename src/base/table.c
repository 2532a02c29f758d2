/* table.c — see table.h: growth and iteration, the parts off the hot path. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/hash.h"
#include "base/table.h"
#include "base/ts.h"

#define MIN_CAP 64

void ts_table_init(struct ts_table *t, const struct ts_table_type *type)
{
    memset(t, 0, sizeof *t);
    t->type = type;
    t->seed = ts_hash_seed();
}

void ts_table_free(struct ts_table *t)
{
    free(t->slots);
    t->slots = NULL;
    t->cap = t->len = 0;
}

size_t ts_table_bytes(const struct ts_table *t)
{
    return t->cap ? t->cap * t->type->esize : 0;
}

static int any(const void *e, const void *key)
{
    (void)e;
    (void)key;
    return 0;
}

int ts_table_grow(struct ts_table *t)
{
    const struct ts_table_type *ty = t->type;
    struct ts_table n = *t;
    n.cap = t->cap ? 2 * t->cap : MIN_CAP;
    if (n.cap > SIZE_MAX / 2 / ty->esize) return TS_ENOMEM;
    /* huge-page advice from 2 MiB up (arena.h): probes all over a table of
     * tens of MB would otherwise miss the TLB as well */
    if (!(n.slots = ts_arena_table_alloc(n.cap * ty->esize))) return TS_ENOMEM;
    memset(n.slots, ty->fill, n.cap * ty->esize);
    for (size_t i = 0; i < t->cap; i++) {
        const void *e = ts_table_at(t, i);
        if (ty->empty(e)) continue;
        size_t probes;
        memcpy(ts_table_find(&n, ty->hash(e), NULL, any, ty->empty, &probes), e, ty->esize);
    }
    free(t->slots);
    t->slots = n.slots;
    t->cap = n.cap;
    return TS_OK;
}

void *ts_table_next(const struct ts_table *t, size_t *pos)
{
    for (; *pos < t->cap; (*pos)++) {
        void *e = ts_table_at(t, *pos);
        if (!t->type->empty(e)) {
            (*pos)++;
            return e;
        }
    }
    return NULL;
}
