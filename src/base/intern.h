/* intern.h — byte strings numbered in order of first sight, and pluto
 * serials as 64-bit codes: the keys of the compact tables (pending.h, serials.h).
 * A serial written canonically (no leading zero, at most 18 digits) is
 * coded as its number, any other text as an interned string, so a code
 * always gives back the exact text. */
#ifndef TS_INTERN_H
#define TS_INTERN_H

#include <stdint.h>

#include "base/arena.h"
#include "base/map.h"
#include "base/ts.h"

/* Byte strings numbered 0, 1, 2 ... in order of first sight. */
struct ts_intern {
    struct ts_map map; /* key -> uint32_t id */
    const unsigned char **key;
    uint32_t *klen;
    uint32_t n, cap;
};

#define TS_SERIAL_ODD (1ull << 63)

void ts_intern_init(struct ts_intern *in, struct ts_arena *a);
void ts_intern_free(struct ts_intern *in);
/* The id of key k, numbering it when new. TS_OK or TS_ENOMEM. */
int ts_intern_id(struct ts_intern *in, const unsigned char *k, size_t kn, uint32_t *id);
/* The interner's own copy of k (numbered when new), stable while the
 * interner lives: one copy of each of many repeated strings. TS_OK or
 * TS_ENOMEM. */
int ts_intern_keep(struct ts_intern *in, const unsigned char *k, size_t kn, const unsigned char **kept);
/* Strings numbered so far. */
uint32_t ts_intern_len(const struct ts_intern *in);
/* Bytes of the interner's tables (the strings are in the arena). */
size_t ts_intern_bytes(const struct ts_intern *in);
/* 1 when k was numbered, its id in *id; 0 when it never was (read only). */
int ts_intern_find(const struct ts_intern *in, const unsigned char *k, size_t kn, uint32_t *id);

/* A serial as a 64-bit code: 0 for none, 1 + its number when canonical,
 * TS_SERIAL_ODD | the id of its text in odd otherwise. */
int ts_intern_serial_code(struct ts_intern *odd, ts_str s, uint64_t *code);
/* The same without numbering new odd texts: 1 with the code, 0 when s has
 * none yet. */
int ts_intern_serial_find(const struct ts_intern *odd, ts_str s, uint64_t *code);
/* The text of a code, in buf (24 bytes) or in the interner. */
ts_str ts_intern_serial_text(const struct ts_intern *odd, uint64_t code, char *buf);

#endif
