/* rng.h — the generator's only randomness: xoshiro256** seeded by splitmix64.
 *
 * No libc randomness and no clock, so a seed gives the same bytes on every
 * machine. Every draw goes through a struct rng passed by the caller; the
 * order of draws is part of the output, so code that draws must not be
 * reordered (not even the operands of one expression). */
#ifndef GEN_RNG_H
#define GEN_RNG_H

#include "base.h"

struct rng { u64 s[4]; };

/* Seeds the four words from splitmix64(seed). */
void rng_seed(struct rng *r, u64 seed);

static inline u64 rng_rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }

static inline u64 rnd(struct rng *r)
{
    u64 *s = r->s;
    const u64 v = rng_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return v;
}

/* Uniform in [0, n). */
static inline u32 rb(struct rng *r, u32 n) { return (u32)(((rnd(r) >> 32) * (u64)n) >> 32); }
/* Uniform in [lo, hi]. */
static inline u32 rr(struct rng *r, u32 lo, u32 hi) { return lo + rb(r, hi - lo + 1); }
/* True with probability p. */
static inline int rp(struct rng *r, double p) { return (double)(rnd(r) >> 11) * 0x1p-53 < p; }
/* Uniform in [0, 1). */
static inline double runit(struct rng *r) { return (double)(rnd(r) >> 11) * 0x1p-53; }

/* Index by cumulative weights cum[0..n-1] (non-decreasing, cum[n-1] > 0). */
int rpick(struct rng *r, const u64 *cum, int n);
/* A random public-looking IPv4 address (no private, loopback, multicast). */
u32 rpublic(struct rng *r);
/* Cumulative Zipf weights 1/k^s for k = 1..n, as integers for rpick. */
void zipf_cum(u64 *cum, int n, double s);

#endif
