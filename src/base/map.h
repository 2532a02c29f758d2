/* map.h — byte-string keys to fixed-size, zero-initialised values: a typed
 * layer over the table core (table.h). Keys and values live in the caller's
 * arena; the slot array is the only malloc'd part. */
#ifndef TS_MAP_H
#define TS_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/table.h"

/* A small direct-mapped cache of recent finds with the key copied inline:
 * the aggregate looks up the same few tunnels line after line, and a hit
 * here costs no probe of a slot table that no longer fits in cache, nor a
 * compare against a key in the arena. */
#define TS_MAP_CACHE 512
#define TS_MAP_CKEY 60
struct ts_map_centry {
    const unsigned char *key; /* the map's copy */
    void *val;
    uint32_t klen;            /* 0 = empty */
    unsigned char k[TS_MAP_CKEY];
};

struct ts_map {
    struct ts_table t;           /* of 32-byte entries: hash, key, length, value */
    struct ts_map_centry *cache; /* NULL until the first insert */
    size_t vsize;
    struct ts_arena *arena;
};

void ts_map_init(struct ts_map *m, struct ts_arena *a, size_t vsize);
void ts_map_free(struct ts_map *m);
/* Finds key; with create, inserts it (value zeroed) when missing and sets
 * *created. NULL when missing (no create) or out of memory. With kout, the
 * map's own copy of the key is returned there. The key is hashed only when
 * it is not a recent find. Only calls with create fill the cache: lookups
 * without it may run on a map other threads read too. */
void *ts_map_lookup(struct ts_map *m, const void *key, size_t klen, int create, int *created, const unsigned char **kout);
/* Read only (threads may share the map). NULL when missing. */
void *ts_map_find(const struct ts_map *m, const void *key, size_t klen);

/* The same for callers that hash the key themselves: h = ts_map_hash(key). */
uint64_t ts_map_hash(const void *p, size_t n);
void *ts_map_get(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created);
void *ts_map_get_key(struct ts_map *m, const void *key, size_t klen, uint64_t h, int create, int *created,
                     const unsigned char **kout);

size_t ts_map_len(const struct ts_map *m);
/* Bytes of the slot array and cache (keys and values are in the arena). */
size_t ts_map_bytes(const struct ts_map *m);

/* One key and its value, in slot order: *pos starts at 0; 0 at the end. */
struct ts_map_item {
    const unsigned char *key;
    size_t klen;
    void *val;
};
int ts_map_next(const struct ts_map *m, size_t *pos, struct ts_map_item *it);

#endif
