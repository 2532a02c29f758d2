/* hash.h — the one hash function of every table: SipHash-1-3 under a key
 * drawn at random once per run (getrandom(2)).
 *
 * Keys come from the logs, so an unkeyed hash lets anyone who can write a
 * log line choose keys that all collide: 40 000 crafted peer addresses took
 * 57 times as long as 40 000 random ones. With a secret key nobody outside
 * the process can compute a collision. Reports never depend on table order
 * (they are sorted), so a fresh key per run changes no output. */
#ifndef TS_HASH_H
#define TS_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* SipHash-1-3 of p[0..n) under the run's key. */
uint64_t ts_hash(const void *p, size_t n);
/* The same of the 16 bytes a, b (little-endian): integer keys, no copy. */
uint64_t ts_hash_u64x2(uint64_t a, uint64_t b);
/* A fresh value for each call, hidden by the key: a table's seed. */
uint64_t ts_hash_seed(void);

/* The 8 bytes at p as a little-endian number on any host (one load where
 * the host is little-endian): hashes that must not depend on the host. */
static inline uint64_t ts_hash_le64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* A cheap unkeyed mix of the length and the first, second and last words of
 * k[0..n): the slot of a recent-find cache in its top bits, so that a hit
 * costs no keyed hash. Crafted keys can only make such a cache miss (a miss
 * costs what a lookup without it does); the tables behind it are keyed. */
static inline uint64_t ts_hash_cheap(const unsigned char *k, size_t n)
{
    uint64_t a = 0, b = 0, c = 0;
    if (n >= 8) {
        memcpy(&a, k, 8);
        memcpy(&c, k + n - 8, 8);
        if (n >= 16) memcpy(&b, k + 8, 8);
    } else {
        for (size_t i = 0; i < n; i++) a = a << 8 | k[i];
    }
    return ((a ^ n) * 0x9e3779b97f4a7c15ull) ^ (b * 0xbf58476d1ce4e5b9ull) ^ (c * 0x94d049bb133111ebull);
}

/* SipHash-c-d of p[0..n) under key k: the same code, for tests against the
 * published SipHash-2-4 vectors. */
uint64_t ts_hash_sip(const uint64_t k[2], int c, int d, const void *p, size_t n);

#endif
