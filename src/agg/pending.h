/* pending.h — counters of peerless lines until they can be attributed (agg.h).
 *
 * One 24-byte entry per (context, serial, class): a context is the packed
 * (day, host, pid, conn) key, interned to a 32-bit id; the serial is coded
 * as in intern.h. A 2 GB input with 30% IKE lines
 * holds about 700 k such keys; as packed strings in a map they took ~77 MB
 * and two cache misses per insert, here ~24 MB and one. */
#ifndef TS_PEND_H
#define TS_PEND_H

#include <stdint.h>

#include "base/intern.h"
#include "base/table.h"

struct ts_pending_entry {
    uint64_t serial; /* a serial code (intern.h) */
    uint32_t ctx;    /* UINT32_MAX: empty slot */
    uint32_t cls;
    uint64_t n;
};

struct ts_pending {
    struct ts_intern ctx, odd;
    struct ts_table t; /* of ts_pending_entry */
};

void ts_pending_init(struct ts_pending *p, struct ts_arena *a);
void ts_pending_free(struct ts_pending *p);
/* Re-points the interners at arena a (after the owning struct moved). */
void ts_pending_rehome(struct ts_pending *p, struct ts_arena *a);
/* ctxkey: a packed context key (any bytes). When the table already holds
 * max counters (0: no limit) and this one is new, nothing is added and
 * *kept is 0 (the caller counts n elsewhere). TS_OK or TS_ENOMEM. */
int ts_pending_add(struct ts_pending *p, const unsigned char *ctxkey, size_t ctxlen, ts_str serial, int cls, uint64_t n,
                   uint64_t max, int *kept);
size_t ts_pending_len(const struct ts_pending *p);
size_t ts_pending_bytes(const struct ts_pending *p);

/* One counter, decoded: the context key and the serial as text. */
struct ts_pending_item {
    const unsigned char *ctxkey;
    size_t ctxlen;
    ts_str serial; /* points into buf or into the interner */
    int cls;
    uint64_t n;
    char buf[24];
};
/* Iteration: *pos starts at 0; returns 0 at the end. */
int ts_pending_next(const struct ts_pending *p, size_t *pos, struct ts_pending_item *it);

#endif
