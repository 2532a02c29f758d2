/* fp.c — see fp.h.
 *
 * Four 64-bit lanes take 32-byte stripes (multiply, rotate), so the hash
 * runs well above the speed of decompression; the value folds the lanes
 * twice with different rotations, each half finished with the length and a
 * full avalanche, and the bytes not yet in a stripe. */
#include <string.h>

#include "base/hash.h"
#include "store/fp.h"

#define K1 0x9e3779b97f4a7c15ull
#define K2 0xbf58476d1ce4e5b9ull
#define K3 0x94d049bb133111ebull

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t lane(uint64_t v, uint64_t w)
{
    return rotl(v + w * K2, 31) * K1;
}

static uint64_t avalanche(uint64_t h)
{
    h ^= h >> 31;
    h *= K2;
    h ^= h >> 29;
    h *= K3;
    return h ^ (h >> 32);
}

static inline void stripe(uint64_t *v, const unsigned char *p)
{
    v[0] = lane(v[0], ts_hash_le64(p));
    v[1] = lane(v[1], ts_hash_le64(p + 8));
    v[2] = lane(v[2], ts_hash_le64(p + 16));
    v[3] = lane(v[3], ts_hash_le64(p + 24));
}

void ts_fp_init(struct ts_fp *h)
{
    memset(h, 0, sizeof *h);
    h->v[0] = K1 + K2;
    h->v[1] = K2;
    h->v[2] = 0;
    h->v[3] = 0 - K1;
}

void ts_fp_add(struct ts_fp *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    h->len += n;
    if (h->nbuf) {
        size_t take = 32 - h->nbuf < n ? 32 - h->nbuf : n;
        memcpy(h->buf + h->nbuf, p, take);
        h->nbuf += take;
        p += take;
        n -= take;
        if (h->nbuf < 32) return;
        stripe(h->v, h->buf);
        h->nbuf = 0;
    }
    for (; n >= 32; p += 32, n -= 32) stripe(h->v, p);
    memcpy(h->buf, p, n);
    h->nbuf = n;
}

static uint64_t fold(const uint64_t *v, const unsigned char *tail, size_t nt, uint64_t len, int r, uint64_t k)
{
    uint64_t a = rotl(v[0], 1 + r) + rotl(v[1], 7 + r) + rotl(v[2], 12 + r) + rotl(v[3], 18 + r);
    for (int i = 0; i < 4; i++) a = (a ^ lane(0, v[i] ^ k)) * K1 + K3;
    size_t i = 0;
    for (; i + 8 <= nt; i += 8) a = rotl(a ^ lane(0, ts_hash_le64(tail + i)), 27) * K1 + K3;
    for (; i < nt; i++) a = rotl(a ^ (tail[i] * k), 11) * K2;
    return avalanche(a ^ len ^ k);
}

struct ts_fp_val ts_fp_value(const struct ts_fp *h)
{
    struct ts_fp_val out;
    const uint64_t lo = fold(h->v, h->buf, h->nbuf, h->len, 0, K3);
    const uint64_t hi = fold(h->v, h->buf, h->nbuf, h->len, 5, K1 ^ K2);
    for (int i = 0; i < 8; i++) {
        out.b[i] = (unsigned char)(lo >> (8 * i));
        out.b[8 + i] = (unsigned char)(hi >> (8 * i));
    }
    return out;
}

uint64_t ts_fp_head(const void *p, size_t n)
{
    struct ts_fp h;
    ts_fp_init(&h);
    ts_fp_add(&h, p, n);
    const struct ts_fp_val v = ts_fp_value(&h);
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--) x = x << 8 | v.b[i];
    return x;
}

size_t ts_fp_head_len(const unsigned char *p, size_t n)
{
    const unsigned char *nl = memchr(p, '\n', n < TS_FP_HEAD ? n : TS_FP_HEAD);
    return nl ? (size_t)(nl - p) + 1 : (n < TS_FP_HEAD ? n : TS_FP_HEAD);
}
