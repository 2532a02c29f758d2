/* map.c — see map.h. Linear probing over a power-of-two table kept at most
 * three quarters full; the stored 64-bit hash makes most mismatches one
 * compare. */
#include <stdlib.h>
#include <string.h>

#include "base/map.h"

void ts_map_init(struct ts_map *m, struct ts_arena *a, size_t vsize)
{
    memset(m, 0, sizeof *m);
    m->arena = a;
    m->vsize = vsize;
    m->seed = ts_map_hash(&m, sizeof m); /* any per-map value: see home() */
}

void ts_map_free(struct ts_map *m)
{
    free(m->slots);
    free(m->cache);
    m->cache = NULL;
    m->slots = NULL;
    m->cap = m->len = 0;
}

uint64_t ts_map_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    return h;
}

/* Home slot of hash h: the high bits of (h ^ seed) times a Fibonacci
 * constant. Each map has its own seed, so copying one map into another in
 * slot order (a merge) does not arrive as one long run of neighbouring home
 * slots, which would make linear probing quadratic. */
static size_t home(const struct ts_map *m, uint64_t h, size_t cap)
{
    const int bits = __builtin_ctzll((unsigned long long)cap);
    return (size_t)(((h ^ m->seed) * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

static int grow(struct ts_map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    struct ts_map_slot *ns = ts_arena_table_alloc(ncap * sizeof *ns);
    if (!ns) return -1;
    memset(ns, 0, ncap * sizeof *ns);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slots[i].key) continue;
        size_t j = home(m, m->slots[i].hash, ncap);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

static void remember(struct ts_map_centry *ce, const struct ts_map_slot *s)
{
    ce->hash = s->hash;
    ce->key = s->key;
    ce->val = s->val;
    ce->klen = s->klen;
    memcpy(ce->k, s->key, s->klen);
}

void *ts_map_get(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created)
{
    return ts_map_get_key(m, key, klen, h, create, created, NULL);
}

void *ts_map_get_key(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created,
                     const unsigned char **kout)
{
    if (created) *created = 0;
    struct ts_map_centry *ce = NULL;
    if (m->cache && klen && klen <= TS_MAP_CKEY) {
        ce = &m->cache[h & (TS_MAP_CACHE - 1)];
        if (ce->hash == h && ce->klen == klen && memcmp(ce->k, key, klen) == 0) {
            if (kout) *kout = ce->key;
            return ce->val;
        }
    }
    if (m->cap) {
        size_t j = home(m, h, m->cap);
        for (; m->slots[j].key; j = (j + 1) & (m->cap - 1)) {
            struct ts_map_slot *s = &m->slots[j];
            if (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0) {
                if (kout) *kout = s->key;
                if (ce && create) remember(ce, s);
                return s->val;
            }
        }
    }
    if (!create) return NULL;
    if (!m->cache && !(m->cache = calloc(TS_MAP_CACHE, sizeof *m->cache))) return NULL;
    if ((m->len + 1) * 4 > m->cap * 3 && grow(m) != 0) return NULL;
    size_t j = home(m, h, m->cap);
    while (m->slots[j].key) j = (j + 1) & (m->cap - 1);
    unsigned char *k = ts_arena_dup(m->arena, key, klen);
    void *v = ts_arena_alloc(m->arena, m->vsize, 16);
    if (!k || !v) return NULL;
    m->slots[j] = (struct ts_map_slot){h, k, (uint32_t)klen, v};
    m->len++;
    if (klen && klen <= TS_MAP_CKEY) remember(&m->cache[h & (TS_MAP_CACHE - 1)], &m->slots[j]);
    if (created) *created = 1;
    if (kout) *kout = k;
    return v;
}
