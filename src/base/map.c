/* map.c — see map.h. The stored 64-bit hash makes most mismatches one
 * compare. */
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/map.h"

struct entry {
    uint64_t hash;
    const unsigned char *key; /* NULL = empty */
    uint32_t klen;
    void *val;
};

struct probe {
    uint64_t hash;
    const void *key;
    size_t klen;
};

static int empty(const void *e)
{
    return ((const struct entry *)e)->key == NULL;
}

static int eq(const void *e, const void *k)
{
    const struct entry *s = e;
    const struct probe *p = k;
    return s->hash == p->hash && s->klen == p->klen && memcmp(s->key, p->key, p->klen) == 0;
}

static uint64_t rehash(const void *e)
{
    return ((const struct entry *)e)->hash;
}

static const struct ts_table_type map_type = {sizeof(struct entry), 0, empty, rehash};

void ts_map_init(struct ts_map *m, struct ts_arena *a, size_t vsize)
{
    memset(m, 0, sizeof *m);
    ts_table_init(&m->t, &map_type);
    m->arena = a;
    m->vsize = vsize;
}

void ts_map_free(struct ts_map *m)
{
    ts_table_free(&m->t);
    free(m->cache);
    m->cache = NULL;
}

uint64_t ts_map_hash(const void *p, size_t n)
{
    return ts_hash(p, n);
}

size_t ts_map_len(const struct ts_map *m)
{
    return m->t.len;
}

size_t ts_map_bytes(const struct ts_map *m)
{
    return ts_table_bytes(&m->t) + (m->cache ? TS_MAP_CACHE * sizeof *m->cache : 0);
}

static void remember(struct ts_map_centry *ce, const struct entry *s)
{
    ce->key = s->key;
    ce->val = s->val;
    ce->klen = s->klen;
    memcpy(ce->k, s->key, s->klen);
}

/* The recent-find cache slot of a key (hash.h: ts_hash_cheap). */
static size_t cslot(const unsigned char *k, size_t n)
{
    return (size_t)(ts_hash_cheap(k, n) >> (64 - __builtin_ctz(TS_MAP_CACHE)));
}

/* A recent find of key, or NULL. */
static const struct ts_map_centry *cached(const struct ts_map *m, const void *key, size_t klen, size_t slot)
{
    if (!m->cache || !klen || klen > TS_MAP_CKEY) return NULL;
    const struct ts_map_centry *ce = &m->cache[slot];
    return ce->klen == klen && memcmp(ce->k, key, klen) == 0 ? ce : NULL;
}

static struct entry *lookup(const struct ts_map *m, const struct probe *p)
{
    if (!m->t.cap) return NULL;
    size_t n;
    struct entry *s = ts_table_find(&m->t, p->hash, p, eq, empty, &n);
    return s->key ? s : NULL;
}

/* ts_map_lookup, with the key's hash when the caller has it (have_h). */
static void *get(struct ts_map *m, const void *key, size_t klen, uint64_t h, int have_h, int create, int *created,
                 const unsigned char **kout)
{
    if (created) *created = 0;
    const size_t cs = cslot(key, klen);
    const struct ts_map_centry *ce = cached(m, key, klen, cs);
    if (ce) {
        if (kout) *kout = ce->key;
        return ce->val;
    }
    const struct probe p = {have_h ? h : ts_hash(key, klen), key, klen};
    if (!create) {
        const struct entry *s = lookup(m, &p);
        if (s && kout) *kout = s->key;
        return s ? s->val : NULL;
    }
    if (!m->cache && !(m->cache = calloc(TS_MAP_CACHE, sizeof *m->cache))) return NULL;
    if (ts_table_reserve(&m->t) != 0) return NULL;
    struct entry *s = ts_table_slot(&m->t, p.hash, &p, eq, empty);
    if (!s->key) {
        unsigned char *k = ts_arena_dup(m->arena, key, klen);
        void *v = ts_arena_alloc(m->arena, m->vsize, 16);
        if (!k || !v) return NULL;
        *s = (struct entry){p.hash, k, (uint32_t)klen, v};
        m->t.len++;
        if (created) *created = 1;
    }
    if (kout) *kout = s->key;
    if (klen && klen <= TS_MAP_CKEY) remember(&m->cache[cs], s);
    return s->val;
}

void *ts_map_lookup(struct ts_map *m, const void *key, size_t klen, int create, int *created, const unsigned char **kout)
{
    return get(m, key, klen, 0, 0, create, created, kout);
}

void *ts_map_find(const struct ts_map *m, const void *key, size_t klen)
{
    const struct ts_map_centry *ce = cached(m, key, klen, cslot(key, klen));
    if (ce) return ce->val;
    const struct probe p = {ts_hash(key, klen), key, klen};
    const struct entry *s = lookup(m, &p);
    return s ? s->val : NULL;
}

void *ts_map_get(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created)
{
    return get(m, key, klen, h, 1, create, created, NULL);
}

void *ts_map_get_key(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created,
                     const unsigned char **kout)
{
    return get(m, key, klen, h, 1, create, created, kout);
}

int ts_map_next(const struct ts_map *m, size_t *pos, struct ts_map_item *it)
{
    const struct entry *s = ts_table_next(&m->t, pos);
    if (!s) return 0;
    *it = (struct ts_map_item){s->key, s->klen, s->val};
    return 1;
}
