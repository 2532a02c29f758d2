/* arena.h — bump allocation in chained blocks.
 *
 * Everything a scan keeps (interned keys, counters, event records) lives in
 * an arena and is released at once; nothing is freed piecemeal. */
#ifndef TS_ARENA_H
#define TS_ARENA_H

#include <stddef.h>

struct ts_arena_blk;

struct ts_arena {
    struct ts_arena_blk *head;
    unsigned char *beg, *end;
    size_t total; /* bytes obtained from malloc, for --stats and limits */
};

#define TS_ARENA_INIT {0, 0, 0, 0}

/* Zero-filled, aligned; NULL when out of memory. */
void *ts_arena_alloc(struct ts_arena *a, size_t size, size_t align);
void *ts_arena_dup(struct ts_arena *a, const void *p, size_t n);
void ts_arena_free(struct ts_arena *a);

/* A hash table's slot array (freed with free()): from 2 MiB up it is
 * aligned for, and advised to use, transparent huge pages, so that probes
 * all over a table of tens of MB do not also miss the TLB. Not zeroed. */
void *ts_arena_table_alloc(size_t bytes);

#endif
