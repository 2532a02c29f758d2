/* map.h — the generator's one hash table: non-zero u64 key -> u64 value.
 *
 * Open addressing with linear probing in a power-of-two table kept at most
 * half full; 0 marks a free slot, so keys are never 0. Used for the drawn
 * peer addresses (a set), the truth rows and the tunnels of the sessions. */
#ifndef GEN_MAP_H
#define GEN_MAP_H

#include "base.h"

struct map {
    u64 *key, *val;
    size_t cap, n;
};

/* The value of key, inserted as 0 when absent (*fresh set to 1, else 0). */
u64 *map_at(struct map *m, u64 key, int *fresh);
void map_free(struct map *m);

#endif
