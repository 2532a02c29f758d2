/* base.h — fixed-width names, fatal errors and allocation for the generator.
 *
 * The generator is a small batch program: any failure (bad option, full disk,
 * out of memory) ends it with exit status 2 and one line on stderr, so there
 * is no error code to pass up. */
#ifndef GEN_BASE_H
#define GEN_BASE_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;

#define COUNTOF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Prints "gen: " and fmt (one %s for arg) on stderr, exits 2. */
_Noreturn void die(const char *fmt, const char *arg);
/* calloc that never returns NULL (n or sz 0 still gives a valid block). */
void *xcalloc(size_t n, size_t sz);
/* Grows *p to hold at least need items of sz bytes, doubling from first; returns the new capacity. */
size_t xgrow(void **p, size_t cap, size_t need, size_t sz, size_t first);
/* A 64-bit finaliser: spreads keys over a power-of-two table. */
u64 mix64(u64 k);

#endif
