/* hash.c — see hash.h. SipHash as Aumasson and Bernstein define it: four
 * 64-bit lanes, c rounds per 8-byte word, d rounds at the end. 1-3 rather
 * than 2-4: table keys need collision resistance against an attacker who
 * only sees timings, not a MAC, and 1-3 costs about half as much. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "base/hash.h"

static uint64_t run_key[2];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static atomic_bool key_ready;
static atomic_uint_fast64_t seeds;

static uint64_t rotl(uint64_t x, int b)
{
    return x << b | x >> (64 - b);
}

struct sip {
    uint64_t v0, v1, v2, v3;
};

static inline __attribute__((always_inline)) void sip_round(struct sip *s)
{
    s->v0 += s->v1;
    s->v1 = rotl(s->v1, 13) ^ s->v0;
    s->v0 = rotl(s->v0, 32);
    s->v2 += s->v3;
    s->v3 = rotl(s->v3, 16) ^ s->v2;
    s->v0 += s->v3;
    s->v3 = rotl(s->v3, 21) ^ s->v0;
    s->v2 += s->v1;
    s->v1 = rotl(s->v1, 17) ^ s->v2;
    s->v2 = rotl(s->v2, 32);
}

static inline struct sip sip_start(const uint64_t k[2])
{
    return (struct sip){k[0] ^ 0x736f6d6570736575ull, k[1] ^ 0x646f72616e646f6dull, k[0] ^ 0x6c7967656e657261ull,
                        k[1] ^ 0x7465646279746573ull};
}

static inline __attribute__((always_inline)) void sip_word(struct sip *s, uint64_t m, int c)
{
    s->v3 ^= m;
    for (int i = 0; i < c; i++) sip_round(s);
    s->v0 ^= m;
}

static inline __attribute__((always_inline)) uint64_t sip_end(struct sip *s, int d)
{
    s->v2 ^= 0xff;
    for (int i = 0; i < d; i++) sip_round(s);
    return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

/* The last 0..7 bytes, little-endian, without a call to memcpy. */
static inline uint64_t tail(const unsigned char *p, size_t n)
{
    uint64_t w = 0;
    switch (n) {
    case 7: w |= (uint64_t)p[6] << 48; /* fall through */
    case 6: w |= (uint64_t)p[5] << 40; /* fall through */
    case 5: w |= (uint64_t)p[4] << 32; /* fall through */
    case 4: {
        uint32_t x;
        memcpy(&x, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        x = __builtin_bswap32(x);
#endif
        return w | x;
    }
    case 3: w |= (uint64_t)p[2] << 16; /* fall through */
    case 2: w |= (uint64_t)p[1] << 8; /* fall through */
    case 1: w |= p[0];
    }
    return w;
}

static inline __attribute__((always_inline)) uint64_t sip(const uint64_t k[2], int c, int d, const unsigned char *p,
                                                          size_t n)
{
    struct sip s = sip_start(k);
    const unsigned char *end = p + (n & ~(size_t)7);
    for (; p < end; p += 8) sip_word(&s, ts_hash_le64(p), c);
    sip_word(&s, (uint64_t)n << 56 | tail(p, n & 7), c);
    return sip_end(&s, d);
}

/* A key nobody outside this process knows. Should getrandom fail (an old
 * kernel), the clock and addresses that ASLR moves still vary the key. */
static void make_key(void)
{
    uint64_t k[2];
    if (getrandom(k, sizeof k, GRND_NONBLOCK) != (ssize_t)sizeof k) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        const uint64_t seed[2] = {(uint64_t)(uintptr_t)&ts, (uint64_t)(uintptr_t)&make_key};
        const uint64_t t[2] = {(uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec};
        k[0] = sip(seed, 2, 4, (const unsigned char *)t, sizeof t);
        k[1] = sip(seed, 2, 4, (const unsigned char *)k, sizeof k[0]);
    }
    memcpy(run_key, k, sizeof k);
    atomic_store_explicit(&key_ready, 1, memory_order_release);
}

/* A plain load once the key is made (pthread_once is a call each time). */
static inline const uint64_t *key(void)
{
    if (!atomic_load_explicit(&key_ready, memory_order_acquire)) pthread_once(&key_once, make_key);
    return run_key;
}

uint64_t ts_hash(const void *p, size_t n)
{
    return sip(key(), 1, 3, p, n);
}

uint64_t ts_hash_u64x2(uint64_t a, uint64_t b)
{
    struct sip s = sip_start(key());
    sip_word(&s, a, 1);
    sip_word(&s, b, 1);
    sip_word(&s, (uint64_t)16 << 56, 1);
    return sip_end(&s, 3);
}

uint64_t ts_hash_seed(void)
{
    return ts_hash_u64x2(atomic_fetch_add_explicit(&seeds, 1, memory_order_relaxed), 0x5eed);
}

uint64_t ts_hash_sip(const uint64_t k[2], int c, int d, const void *p, size_t n)
{
    return sip(k, c, d, p, n);
}
