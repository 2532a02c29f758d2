/* notes.h — which peer each pluto serial was logged with (agg.h).
 *
 * One 24-byte entry per ((host, pid), serial): the (host, pid) pair is
 * interned to a 32-bit id and the serial coded as in intern.h, so a lookup
 * costs one probe with no key compare in the arena. A 2 GB input with 30%
 * IKE lines notes about 380 k serials: 12 MB here against 32 MB as packed
 * string keys in a map. */
#ifndef TS_NOTES_H
#define TS_NOTES_H

#include <stdint.h>

#include "base/intern.h"

struct ts_note {
    uint64_t serial;
    uint32_t hp;             /* UINT32_MAX: empty slot */
    uint32_t n;              /* peer length */
    const unsigned char *p;  /* peer (interned by the owner), NULL until noted */
};

struct ts_notes {
    struct ts_intern hp, odd;
    struct ts_note *e;
    size_t cap, len;
    uint64_t seed; /* per table: see home() in notes.c */
};

void ts_notes_init(struct ts_notes *t, struct ts_arena *a);
void ts_notes_free(struct ts_notes *t);
void ts_notes_rehome(struct ts_notes *t, struct ts_arena *a);
/* The entry of (hpkey, serial), made (p NULL) when missing; NULL when out
 * of memory. Valid until the next call that may insert. */
struct ts_note *ts_notes_get(struct ts_notes *t, const unsigned char *hpkey, size_t hplen, ts_str serial);
/* Read only: NULL when there is no such entry. */
const struct ts_note *ts_notes_find(const struct ts_notes *t, const unsigned char *hpkey, size_t hplen, ts_str serial);
/* Iteration: *pos starts at 0; returns NULL at the end; *hpkey, *serial
 * (text in buf, 24 bytes, or in the table) describe the entry. */
const struct ts_note *ts_notes_next(const struct ts_notes *t, size_t *pos, const unsigned char **hpkey, size_t *hplen,
                                    ts_str *serial, char *buf);
size_t ts_notes_bytes(const struct ts_notes *t);

#endif
