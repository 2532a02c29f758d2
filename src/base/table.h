/* table.h — the one open-addressing core under every hash table (map.h,
 * intern.h, agg/pending.h, agg/serials.h, the directory walk's seen-set).
 *
 * Fixed-size entries in one slot array of power-of-two size, kept at most
 * three quarters full, linear probing from a home slot. A typed layer says
 * what an entry is (size, the byte that fills an empty slot, its emptiness
 * test, the hash it was placed by) and compares keys itself: the probe loop
 * below is inlined into each layer with its compare, so a lookup is the
 * layer's own loop with no call in it. */
#ifndef TS_TABLE_H
#define TS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "base/ts.h"

typedef int (*ts_table_empty_fn)(const void *entry);
/* Whether entry holds key (a layer-defined key). */
typedef int (*ts_table_eq_fn)(const void *entry, const void *key);

struct ts_table_type {
    size_t esize;
    unsigned char fill;                   /* a slot of these bytes is empty */
    ts_table_empty_fn empty;
    uint64_t (*hash)(const void *entry); /* the hash it was placed by */
};

struct ts_table {
    const struct ts_table_type *type;
    unsigned char *slots; /* cap * type->esize bytes; NULL until the first reserve */
    size_t cap, len;
    uint64_t seed;   /* per table: see ts_table_home */
    uint64_t probes; /* slots looked at by ts_table_slot, for tests */
};

void ts_table_init(struct ts_table *t, const struct ts_table_type *type);
void ts_table_free(struct ts_table *t);
/* Doubles the slot array and rehashes: TS_OK or TS_ENOMEM. */
int ts_table_grow(struct ts_table *t);

/* Makes room for one more entry (grows when three quarters full): TS_OK
 * or TS_ENOMEM. Entries move when it grows. */
static inline int ts_table_reserve(struct ts_table *t)
{
    return (t->len + 1) * 4 <= t->cap * 3 ? TS_OK : ts_table_grow(t);
}
/* Bytes of the slot array. */
size_t ts_table_bytes(const struct ts_table *t);

/* Home slot of hash h: the high bits of (h ^ seed) times a Fibonacci
 * constant. Each table has its own seed, so copying one table into another
 * in slot order (a merge) does not arrive as one long run of neighbouring
 * home slots, which would make linear probing quadratic. */
static inline size_t ts_table_home(const struct ts_table *t, uint64_t h)
{
    TS_ASSERT(t->cap >= 64 && (t->cap & (t->cap - 1)) == 0);
    const int bits = __builtin_ctzll((unsigned long long)t->cap);
    return (size_t)(((h ^ t->seed) * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

static inline void *ts_table_at(const struct ts_table *t, size_t i)
{
    return t->slots + i * t->type->esize;
}

/* The entry holding key, or the empty slot where it belongs (test with the
 * layer's empty()). The table must have slots (cap > 0) and, so that the
 * loop ends, an empty one (ts_table_reserve keeps a quarter empty).
 * *probes: slots looked at. Read only: threads may share the table. */
static inline __attribute__((always_inline)) void *ts_table_find(const struct ts_table *t, uint64_t h, const void *key,
                                                                 ts_table_eq_fn eq, ts_table_empty_fn empty,
                                                                 size_t *probes)
{
    const size_t mask = t->cap - 1, es = t->type->esize;
    size_t j = ts_table_home(t, h), n = 1;
    for (;;) {
        void *e = t->slots + j * es;
        if (empty(e) || eq(e, key)) {
            *probes = n;
            return e;
        }
        j = (j + 1) & mask;
        n++;
    }
}

/* ts_table_find on a table the caller owns: counts the probes. */
static inline __attribute__((always_inline)) void *ts_table_slot(struct ts_table *t, uint64_t h, const void *key,
                                                                 ts_table_eq_fn eq, ts_table_empty_fn empty)
{
    size_t n;
    void *e = ts_table_find(t, h, key, eq, empty, &n);
    t->probes += n;
    return e;
}

/* Iteration in slot order: *pos starts at 0; NULL at the end. */
void *ts_table_next(const struct ts_table *t, size_t *pos);

#endif
