/* intern.c — see intern.h. */
#include <stdlib.h>
#include <string.h>

#include "base/intern.h"

void ts_intern_init(struct ts_intern *in, struct ts_arena *a)
{
    memset(in, 0, sizeof *in);
    ts_map_init(&in->map, a, sizeof(uint32_t));
}

void ts_intern_free(struct ts_intern *in)
{
    ts_map_free(&in->map);
    free(in->key);
    free(in->klen);
    memset(in, 0, sizeof *in);
}

int ts_intern_id(struct ts_intern *in, const unsigned char *k, size_t kn, uint32_t *id)
{
    int created;
    const unsigned char *kept;
    uint32_t *v = ts_map_lookup(&in->map, k, kn, 1, &created, &kept);
    if (!v) return TS_ENOMEM;
    if (!created) {
        *id = *v;
        return TS_OK;
    }
    if (in->n == in->cap) {
        uint32_t cap = in->cap ? 2 * in->cap : 256;
        const unsigned char **nk = realloc(in->key, cap * sizeof *nk);
        if (nk) in->key = nk;
        uint32_t *nl = realloc(in->klen, cap * sizeof *nl);
        if (nl) in->klen = nl;
        if (!nk || !nl) return TS_ENOMEM;
        in->cap = cap;
    }
    in->key[in->n] = kept;
    in->klen[in->n] = (uint32_t)kn;
    *id = *v = in->n++;
    return TS_OK;
}

int ts_intern_keep(struct ts_intern *in, const unsigned char *k, size_t kn, const unsigned char **kept)
{
    uint32_t id;
    const int rc = ts_intern_id(in, k, kn, &id);
    if (rc == TS_OK) *kept = in->key[id];
    return rc;
}

uint32_t ts_intern_len(const struct ts_intern *in)
{
    return in->n;
}

size_t ts_intern_bytes(const struct ts_intern *in)
{
    return ts_map_bytes(&in->map) + in->cap * (sizeof *in->key + sizeof *in->klen);
}

int ts_intern_find(const struct ts_intern *in, const unsigned char *k, size_t kn, uint32_t *id)
{
    const uint32_t *v = ts_map_find(&in->map, k, kn);
    if (!v) return 0;
    *id = *v;
    return 1;
}

/* 1 when s is a canonically written serial (no leading zero, at most 18
 * digits: below 2^63), its number in *v. */
static int serial_number(ts_str s, uint64_t *v)
{
    if (s.n < 1 || s.n > 18 || (s.n > 1 && s.p[0] == '0')) return 0;
    uint64_t x = 0;
    for (ptrdiff_t i = 0; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9') return 0;
        x = x * 10 + (uint64_t)(s.p[i] - '0');
    }
    *v = x;
    return 1;
}

int ts_intern_serial_code(struct ts_intern *odd, ts_str s, uint64_t *code)
{
    uint64_t v;
    if (s.n == 0) {
        *code = 0;
    } else if (serial_number(s, &v)) {
        *code = v + 1;
    } else {
        uint32_t id;
        int rc = ts_intern_id(odd, s.p, (size_t)s.n, &id);
        if (rc) return rc;
        *code = TS_SERIAL_ODD | id;
    }
    return TS_OK;
}

int ts_intern_serial_find(const struct ts_intern *odd, ts_str s, uint64_t *code)
{
    uint64_t v;
    uint32_t id;
    if (s.n == 0) {
        *code = 0;
    } else if (serial_number(s, &v)) {
        *code = v + 1;
    } else {
        if (!ts_intern_find(odd, s.p, (size_t)s.n, &id)) return 0;
        *code = TS_SERIAL_ODD | id;
    }
    return 1;
}

ts_str ts_intern_serial_text(const struct ts_intern *odd, uint64_t code, char *buf)
{
    if (code == 0) return (ts_str){NULL, 0};
    if (code & TS_SERIAL_ODD) {
        const uint32_t id = (uint32_t)(code & ~TS_SERIAL_ODD);
        return (ts_str){odd->key[id], (ptrdiff_t)odd->klen[id]};
    }
    uint64_t v = code - 1;
    char *q = buf + 24;
    do {
        *--q = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return (ts_str){(const unsigned char *)q, (ptrdiff_t)(buf + 24 - q)};
}
