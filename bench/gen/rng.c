/* rng.c — seeding and the draws that are not one-liners. */
#include "rng.h"

#include <math.h>

static u64 splitmix(u64 *x)
{
    u64 z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rng_seed(struct rng *r, u64 seed)
{
    for (int i = 0; i < 4; i++) r->s[i] = splitmix(&seed);
}

int rpick(struct rng *r, const u64 *cum, int n)
{
    const u64 x = rnd(r) % cum[n - 1];
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (cum[mid] > x) hi = mid; else lo = mid + 1;
    }
    return lo;
}

u32 rpublic(struct rng *r)
{
    for (;;) {
        const u32 ip = (u32)rnd(r);
        const u32 a = ip >> 24, b = (ip >> 16) & 255;
        if (a == 0 || a == 10 || a == 127 || a >= 224 || a == 100 || a == 169) continue;
        if ((a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168)) continue;
        if ((ip & 255) == 0 || (ip & 255) == 255) continue;
        return ip;
    }
}

void zipf_cum(u64 *cum, int n, double s)
{
    double acc = 0;
    for (int i = 0; i < n; i++) {
        acc += 1.0 / pow(i + 1.0, s);
        cum[i] = (u64)(acc * 1e12) + (u64)i + 1;
    }
}
