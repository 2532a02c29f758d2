/* map.h — open-addressing hash map from byte-string keys to fixed-size,
 * zero-initialised values. Keys and values live in the caller's arena; the
 * slot array is the only malloc'd part (it is rehashed as it grows). */
#ifndef TS_MAP_H
#define TS_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

struct ts_map_slot {
    uint64_t hash;
    const unsigned char *key; /* NULL = empty */
    uint32_t klen;
    void *val;
};

/* A small direct-mapped cache of recent finds with the key copied inline:
 * the aggregate looks up the same few tunnels line after line, and a hit
 * here costs no probe of a slot table that no longer fits in cache, nor a
 * compare against a key in the arena. */
#define TS_MAP_CACHE 512
#define TS_MAP_CKEY 60
struct ts_map_centry {
    uint64_t hash;
    const unsigned char *key; /* the map's copy */
    void *val;
    uint32_t klen;            /* 0 = empty */
    unsigned char k[TS_MAP_CKEY];
};

struct ts_map {
    struct ts_map_slot *slots;
    struct ts_map_centry *cache; /* NULL until the first insert */
    size_t cap, len;
    size_t vsize;
    uint64_t seed;
    struct ts_arena *arena;
};

void ts_map_init(struct ts_map *m, struct ts_arena *a, size_t vsize);
void ts_map_free(struct ts_map *m);
uint64_t ts_map_hash(const void *p, size_t n);
/* Finds key; with create, inserts it (and only then is the cache filled:
 * lookups without create may run on a map other threads read too) (value zeroed) when missing and sets
 * *created. NULL when missing (no create) or out of memory. With kout, the
 * map's own copy of the key is returned there. */
void *ts_map_get(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created);
void *ts_map_get_key(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created,
                     const unsigned char **kout);

#endif
