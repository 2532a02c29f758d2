/* rows.h — the aggregate's per (day, host, peer) class counters (agg.h).
 *
 * A row is one 32-byte entry keyed by two interned ids, the packed (day,
 * host) context and the peer, so a lookup is one probe of an integer key
 * with no key compare in the arena. Most rows see one or two of the
 * TS_NCLASS classes (a scanner's probe, a tunnel's day of DPD), so an entry
 * holds two (class, count) pairs inline; a row that sees a third class moves
 * its counts into a dense vector of its own. With 100 000 distinct peers a
 * row took 264 bytes of counters, a 32-byte slot and its packed key in the
 * arena; now 32 bytes, and 264 more for the few rows of many classes. */
#ifndef TS_ROWS_H
#define TS_ROWS_H

#include <stdint.h>

#include "base/intern.h"
#include "base/table.h"
#include "base/ts.h"
#include "lexer/class.h"

#define TS_ROWS_NONE 0xff  /* cls: no count yet */
#define TS_ROWS_DENSE 0xfe /* cls: n is the index of the row's vector */

struct ts_rows_entry {
    uint32_t ctx; /* UINT32_MAX: empty slot */
    uint32_t peer;
    uint32_t n;   /* the count of class cls, or (TS_ROWS_DENSE) a vector's index */
    uint32_t tag : 24; /* 24 bits of the peer text's hash: the home slot does not wait for the peer's id */
    uint32_t cls : 8;
};

/* A text and its id: the direct-mapped caches in front of the interners. */
#define TS_ROWS_CKEY 40
struct ts_rows_cached {
    uint32_t id, n; /* n 0: empty */
    unsigned char k[TS_ROWS_CKEY];
};

/* A recent row by its texts (day, host, peer, one after the other in k). */
struct ts_rows_hot {
    uint32_t slot, gen; /* gen 0: empty */
    uint16_t dn, hn, pn;
    unsigned char k[50];
};

/* Longest day or host (agg.h's TS_FIELD_KEEP), and a packed context. */
#define TS_ROWS_FIELD 257
#define TS_ROWS_CTXMAX (2 + 2 * TS_ROWS_FIELD)

/* A peer and its id: the text is in the arena after its length (2 bytes),
 * so a probe reads the slot and the text, and nothing else. */
struct ts_rows_peer {
    const unsigned char *p; /* NULL: empty slot */
    uint32_t tag;           /* the high half of the text's keyed hash */
    uint32_t id;
};

struct ts_rows {
    struct ts_intern ctx;       /* packed (day, host) keys */
    struct ts_table peers;      /* of ts_rows_peer */
    const unsigned char **ptext; /* by peer id */
    uint32_t npeer, cappeer;
    struct ts_arena *arena;
    struct ts_table t;          /* of ts_rows_entry */
    uint64_t (*dense)[TS_NCLASS];
    uint32_t ndense, capdense;
    /* recent ids of texts, NULL until the first lookup (rows.c) */
    struct ts_rows_cached *ctxcache;
    struct ts_rows_hot *hot;
    uint32_t gen; /* bumped when entries move: hot entries of older ones are stale */
};

void ts_rows_init(struct ts_rows *r, struct ts_arena *a);
void ts_rows_free(struct ts_rows *r);
/* Re-points the interners at arena a (after the owning struct moved). */
void ts_rows_rehome(struct ts_rows *r, struct ts_arena *a);

/* The row of (day, host, peer), each at most TS_ROWS_FIELD bytes: with create, made (no counts) when missing and
 * *created set; without, NULL when missing, and nothing is interned (so
 * a flood of keys past --max-keys keeps no text). The entry stays valid
 * until the next call that may create. NULL with create: out of memory. */
struct ts_rows_entry *ts_rows_get(struct ts_rows *r, ts_str day, ts_str host, ts_str peer, int create, int *created);
/* Adds n to class cls of row e (from ts_rows_get, still valid). TS_OK or
 * TS_ENOMEM. */
int ts_rows_add(struct ts_rows *r, struct ts_rows_entry *e, int cls, uint64_t n);
/* The counts of e by class: its dense vector, or buf filled. */
const uint64_t *ts_rows_counts(const struct ts_rows *r, const struct ts_rows_entry *e, uint64_t buf[TS_NCLASS]);
/* The row's day, host and peer. */
void ts_rows_key(const struct ts_rows *r, const struct ts_rows_entry *e, ts_str *day, ts_str *host, ts_str *peer);

size_t ts_rows_len(const struct ts_rows *r);
size_t ts_rows_bytes(const struct ts_rows *r);
/* A row with its texts; e holds its counts (ts_rows_counts), not its ids. */
struct ts_rows_item {
    ts_str day, host, peer;
    struct ts_rows_entry e;
};
/* Calls put with each row and its place (0, 1, ... ts_rows_len - 1) in
 * the order bytewise by day, host, peer. TS_OK or TS_ENOMEM (no call). */
int ts_rows_order(const struct ts_rows *r, void (*put)(void *ctx, size_t i, const struct ts_rows_item *it), void *ctx);
/* Iteration in slot order: *pos starts at 0; NULL at the end. */
const struct ts_rows_entry *ts_rows_next(const struct ts_rows *r, size_t *pos);

#endif
