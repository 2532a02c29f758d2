/* base.c — fatal errors and allocation. */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>

void die(const char *fmt, const char *arg)
{
    fputs("gen: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) die("%s", "out of memory");
    return p;
}

size_t xgrow(void **p, size_t cap, size_t need, size_t sz, size_t first)
{
    if (need <= cap) return cap;
    size_t n = cap ? cap : first;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * sz);
    if (!q) die("%s", "out of memory");
    *p = q;
    return n;
}

u64 mix64(u64 k)
{
    k ^= k >> 33; k *= 0xff51afd7ed558ccdULL; k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53ULL;
    return k ^ (k >> 33);
}
