/* serials.c — see serials.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/serials.h"

void ts_serials_init(struct ts_serials *t, struct ts_arena *a)
{
    memset(t, 0, sizeof *t);
    t->seed = ts_map_hash(&t, sizeof t);
    ts_intern_init(&t->hp, a);
    ts_intern_init(&t->odd, a);
}

void ts_serials_rehome(struct ts_serials *t, struct ts_arena *a)
{
    t->hp.map.arena = t->odd.map.arena = a;
}

void ts_serials_free(struct ts_serials *t)
{
    ts_intern_free(&t->hp);
    ts_intern_free(&t->odd);
    free(t->e);
    t->e = NULL;
    t->cap = t->len = 0;
}

/* Seeded per table, so merging one table into another in slot order does
 * not insert in home order (which makes linear probing quadratic). */
static size_t home(uint64_t seed, uint64_t serial, uint32_t hp, size_t cap)
{
    uint64_t h = (serial ^ (uint64_t)hp << 40 ^ seed) * 0x9e3779b97f4a7c15ull;
    h ^= h >> 29;
    return (size_t)(h * 0xbf58476d1ce4e5b9ull >> 20) & (cap - 1);
}

static size_t slot(const struct ts_serials_note *e, size_t cap, uint64_t seed, uint64_t serial, uint32_t hp)
{
    size_t j = home(seed, serial, hp, cap);
    while (e[j].hp != UINT32_MAX && (e[j].hp != hp || e[j].serial != serial)) j = (j + 1) & (cap - 1);
    return j;
}

static int grow(struct ts_serials *t)
{
    const size_t cap = t->cap ? 2 * t->cap : 1024;
    struct ts_serials_note *e = ts_arena_table_alloc(cap * sizeof *e);
    if (!e) return TS_ENOMEM;
    for (size_t i = 0; i < cap; i++) e[i].hp = UINT32_MAX;
    for (size_t i = 0; i < t->cap; i++)
        if (t->e[i].hp != UINT32_MAX) e[slot(e, cap, t->seed, t->e[i].serial, t->e[i].hp)] = t->e[i];
    free(t->e);
    t->e = e;
    t->cap = cap;
    return TS_OK;
}

struct ts_serials_note *ts_serials_get(struct ts_serials *t, const unsigned char *hpkey, size_t hplen, ts_str serial)
{
    uint32_t hp;
    uint64_t code;
    if (ts_intern_id(&t->hp, hpkey, hplen, &hp) || ts_intern_serial_code(&t->odd, serial, &code)) return NULL;
    if ((t->len + 1) * 4 > t->cap * 3 && grow(t)) return NULL;
    struct ts_serials_note *e = &t->e[slot(t->e, t->cap, t->seed, code, hp)];
    if (e->hp == UINT32_MAX) {
        *e = (struct ts_serials_note){code, hp, 0, NULL};
        t->len++;
    }
    return e;
}

const struct ts_serials_note *ts_serials_find(const struct ts_serials *t, const unsigned char *hpkey, size_t hplen, ts_str serial)
{
    uint32_t hp;
    uint64_t code;
    if (!t->cap || ts_intern_find(&t->hp, hpkey, hplen, &hp) || ts_intern_serial_find(&t->odd, serial, &code)) return NULL;
    const struct ts_serials_note *e = &t->e[slot(t->e, t->cap, t->seed, code, hp)];
    return e->hp == UINT32_MAX ? NULL : e;
}

const struct ts_serials_note *ts_serials_next(const struct ts_serials *t, size_t *pos, const unsigned char **hpkey, size_t *hplen,
                                    ts_str *serial, char *buf)
{
    for (; *pos < t->cap; (*pos)++) {
        const struct ts_serials_note *e = &t->e[*pos];
        if (e->hp == UINT32_MAX) continue;
        (*pos)++;
        *hpkey = t->hp.key[e->hp];
        *hplen = t->hp.klen[e->hp];
        *serial = ts_intern_serial_text(&t->odd, e->serial, buf);
        return e;
    }
    return NULL;
}

size_t ts_serials_bytes(const struct ts_serials *t)
{
    return t->cap * sizeof *t->e + (t->hp.cap + t->odd.cap) * (sizeof(void *) + sizeof(uint32_t))
           + (t->hp.map.cap + t->odd.map.cap) * sizeof(struct ts_map_slot);
}
