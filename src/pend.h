/* pend.h — counters of peerless lines until they can be attributed (agg.h).
 *
 * One 24-byte entry per (context, serial, class): a context is the packed
 * (day, host, pid, conn) key, interned to a 32-bit id; a serial that is a
 * canonical decimal (no leading zero, at most 18 digits) is kept as its
 * number, any other as an interned string. A 2 GB input with 30% IKE lines
 * holds about 700 k such keys; as packed strings in a map they took ~77 MB
 * and two cache misses per insert, here ~24 MB and one. */
#ifndef TS_PEND_H
#define TS_PEND_H

#include <stdint.h>

#include "arena.h"
#include "map.h"
#include "ts.h"

/* Byte strings numbered 0, 1, 2 ... in order of first sight. */
struct ts_intern {
    struct ts_map map; /* key -> uint32_t id */
    const unsigned char **key;
    uint32_t *klen;
    uint32_t n, cap;
};

struct ts_pend_entry {
    uint64_t serial; /* 0: none; 1 + number; TS_PEND_ODD | string id */
    uint32_t ctx;    /* UINT32_MAX: empty slot */
    uint32_t cls;
    uint64_t n;
};
#define TS_PEND_ODD (1ull << 63)

struct ts_pend {
    struct ts_intern ctx, odd;
    struct ts_pend_entry *e;
    size_t cap, len;
    uint64_t seed; /* per table, as in notes.c */
};

void ts_intern_init(struct ts_intern *in, struct ts_arena *a);
void ts_intern_free(struct ts_intern *in);
/* The id of key k, numbering it when new. TS_OK or TS_ENOMEM. */
int ts_intern_id(struct ts_intern *in, const unsigned char *k, size_t kn, uint32_t *id);
/* The id of a key already numbered: 0, or -1 when k never was (read only). */
int ts_intern_find(const struct ts_intern *in, const unsigned char *k, size_t kn, uint32_t *id);

/* A serial as a 64-bit code: 0 for none, 1 + its number when canonical,
 * TS_PEND_ODD | the id of its text in odd otherwise. */
int ts_serial_code(struct ts_intern *odd, ts_str s, uint64_t *code);
/* The same without numbering new odd texts: -1 when s has no code yet. */
int ts_serial_find(const struct ts_intern *odd, ts_str s, uint64_t *code);
/* The text of a code, in buf (24 bytes) or in the interner. */
ts_str ts_serial_text(const struct ts_intern *odd, uint64_t code, char *buf);

void ts_pend_init(struct ts_pend *p, struct ts_arena *a);
void ts_pend_free(struct ts_pend *p);
/* Re-points the interners at arena a (after the owning struct moved). */
void ts_pend_rehome(struct ts_pend *p, struct ts_arena *a);
/* ctxkey: a packed context key (any bytes). TS_OK or TS_ENOMEM. */
int ts_pend_add(struct ts_pend *p, const unsigned char *ctxkey, size_t ctxlen, ts_str serial, int cls, uint64_t n);

/* One counter, decoded: the context key and the serial as text. */
struct ts_pend_item {
    const unsigned char *ctxkey;
    size_t ctxlen;
    ts_str serial; /* points into buf or into the interner */
    int cls;
    uint64_t n;
    char buf[24];
};
/* Iteration: *pos starts at 0; returns 0 at the end. */
int ts_pend_next(const struct ts_pend *p, size_t *pos, struct ts_pend_item *it);

#endif
