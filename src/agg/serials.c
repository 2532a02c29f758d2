/* serials.c — see serials.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/serials.h"
#include "base/hash.h"

static int empty(const void *e)
{
    return ((const struct ts_serials_note *)e)->hp == UINT32_MAX;
}

static int eq(const void *x, const void *y)
{
    const struct ts_serials_note *e = x, *k = y;
    return e->hp == k->hp && e->serial == k->serial;
}

static uint64_t hash(const void *x)
{
    const struct ts_serials_note *k = x;
    return ts_hash_u64x2(k->serial, k->hp);
}

static const struct ts_table_type serials_type = {sizeof(struct ts_serials_note), 0xff, empty, hash};

void ts_serials_init(struct ts_serials *t, struct ts_arena *a)
{
    memset(t, 0, sizeof *t);
    ts_table_init(&t->t, &serials_type);
    ts_intern_init(&t->hp, a);
    ts_intern_init(&t->odd, a);
}

void ts_serials_rehome(struct ts_serials *t, struct ts_arena *a)
{
    t->hp.map.arena = t->odd.map.arena = a;
}

void ts_serials_free(struct ts_serials *t)
{
    ts_intern_free(&t->hp);
    ts_intern_free(&t->odd);
    ts_table_free(&t->t);
}

int ts_serials_get(struct ts_serials *t, const unsigned char *hpkey, size_t hplen, ts_str serial, uint64_t max,
                   struct ts_serials_note **out)
{
    struct ts_serials_note k = {0, 0, 0, NULL};
    *out = NULL;
    if (max && t->t.len >= max) {
        /* full: only a note that exists already may change */
        if (ts_intern_find(&t->hp, hpkey, hplen, &k.hp)
            && ts_intern_serial_find(&t->odd, serial, &k.serial)) {
            struct ts_serials_note *e = ts_table_slot(&t->t, hash(&k), &k, eq, empty);
            if (!empty(e)) *out = e;
        }
        return TS_OK;
    }
    int rc = ts_intern_id(&t->hp, hpkey, hplen, &k.hp);
    if (!rc) rc = ts_intern_serial_code(&t->odd, serial, &k.serial);
    if (!rc) rc = ts_table_reserve(&t->t);
    if (rc) return rc;
    struct ts_serials_note *e = ts_table_slot(&t->t, hash(&k), &k, eq, empty);
    if (empty(e)) {
        *e = k;
        t->t.len++;
    }
    *out = e;
    return TS_OK;
}

const struct ts_serials_note *ts_serials_find(const struct ts_serials *t, const unsigned char *hpkey, size_t hplen, ts_str serial)
{
    struct ts_serials_note k = {0, 0, 0, NULL};
    if (!t->t.cap || !ts_intern_find(&t->hp, hpkey, hplen, &k.hp) || !ts_intern_serial_find(&t->odd, serial, &k.serial))
        return NULL;
    size_t probes;
    const struct ts_serials_note *e = ts_table_find(&t->t, hash(&k), &k, eq, empty, &probes);
    return empty(e) ? NULL : e;
}

const struct ts_serials_note *ts_serials_next(const struct ts_serials *t, size_t *pos, const unsigned char **hpkey, size_t *hplen,
                                    ts_str *serial, char *buf)
{
    const struct ts_serials_note *e = ts_table_next(&t->t, pos);
    if (!e) return NULL;
    *hpkey = t->hp.key[e->hp];
    *hplen = t->hp.klen[e->hp];
    *serial = ts_intern_serial_text(&t->odd, e->serial, buf);
    return e;
}

size_t ts_serials_len(const struct ts_serials *t)
{
    return t->t.len;
}

size_t ts_serials_bytes(const struct ts_serials *t)
{
    return ts_table_bytes(&t->t) + ts_intern_bytes(&t->hp) + ts_intern_bytes(&t->odd);
}
