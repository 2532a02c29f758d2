/* serials.h — which peer each pluto serial was logged with (agg.h).
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
#include "base/table.h"

struct ts_serials_note {
    uint64_t serial;
    uint32_t hp;             /* UINT32_MAX: empty slot */
    uint32_t n;              /* peer length */
    const unsigned char *p;  /* peer (interned by the owner), NULL until noted */
};

struct ts_serials {
    struct ts_intern hp, odd;
    struct ts_table t; /* of ts_serials_note */
};

void ts_serials_init(struct ts_serials *t, struct ts_arena *a);
void ts_serials_free(struct ts_serials *t);
void ts_serials_rehome(struct ts_serials *t, struct ts_arena *a);
/* The entry of (hpkey, serial) in *e, made (p NULL) when missing, unless
 * the table already holds max entries (0: no limit): then *e is NULL.
 * Valid until the next call that may insert. TS_OK or TS_ENOMEM. */
int ts_serials_get(struct ts_serials *t, const unsigned char *hpkey, size_t hplen, ts_str serial, uint64_t max,
                   struct ts_serials_note **e);
/* Read only: NULL when there is no such entry. */
const struct ts_serials_note *ts_serials_find(const struct ts_serials *t, const unsigned char *hpkey, size_t hplen, ts_str serial);
/* Iteration: *pos starts at 0; returns NULL at the end; *hpkey, *serial
 * (text in buf, 24 bytes, or in the table) describe the entry. */
const struct ts_serials_note *ts_serials_next(const struct ts_serials *t, size_t *pos, const unsigned char **hpkey, size_t *hplen,
                                    ts_str *serial, char *buf);
size_t ts_serials_bytes(const struct ts_serials *t);
size_t ts_serials_len(const struct ts_serials *t);

#endif
