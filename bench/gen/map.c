/* map.c — linear probing, doubling at half full. */
#include "map.h"

#include <stdlib.h>

static void grow(struct map *m)
{
    const size_t cap = m->cap ? m->cap * 2 : 1024;
    struct map nm = {xcalloc(cap, sizeof(u64)), xcalloc(cap, sizeof(u64)), cap, m->n};
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->key[i]) continue;
        size_t j = mix64(m->key[i]) & (cap - 1);
        while (nm.key[j]) j = (j + 1) & (cap - 1);
        nm.key[j] = m->key[i];
        nm.val[j] = m->val[i];
    }
    map_free(m);
    *m = nm;
}

u64 *map_at(struct map *m, u64 key, int *fresh)
{
    if (!key) die("%s", "internal: key 0 in a map");
    if ((m->n + 1) * 2 > m->cap) grow(m);
    size_t j = mix64(key) & (m->cap - 1);
    while (m->key[j] && m->key[j] != key) j = (j + 1) & (m->cap - 1);
    if (fresh) *fresh = !m->key[j];
    if (!m->key[j]) {
        m->key[j] = key;
        m->n++;
    }
    return &m->val[j];
}

void map_free(struct map *m)
{
    free(m->key);
    free(m->val);
    *m = (struct map){0};
}
