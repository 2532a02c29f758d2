/* bytes.h — private to the lexer: the byte classes its hand-written fast
 * paths (pluto.re, prefix.re) stop at, and the scans that find them 16
 * bytes at a time (bench/NOTES.md §15). */
#ifndef TS_BYTES_H
#define TS_BYTES_H

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Classes of ts_bytes_class: what ends a syslog host (H1), a program, a
 * prefix's peer token; digits. The line's '\n' ends every token. */
enum { TS_BYTES_END_HOST = 1, TS_BYTES_END_PROG = 2, TS_BYTES_DIGIT = 4, TS_BYTES_END_PEER = 8 };
extern const unsigned char ts_bytes_class[256];

/* The first byte at or after q whose class has a bit of set (one or more of
 * the END classes); the line's '\n' at nl stops it in any case. 16 bytes at
 * a time while they are inside the line. */
static inline const unsigned char *ts_bytes_until(const unsigned char *q, const unsigned char *nl, unsigned set)
{
#if defined(__SSE2__)
    for (; nl - q >= 16; q += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
        if (set & (TS_BYTES_END_HOST | TS_BYTES_END_PROG))
            m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), _mm_cmpeq_epi8(v, _mm_set1_epi8('['))));
        if (set & TS_BYTES_END_HOST) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
        if (set & TS_BYTES_END_PEER) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('=')));
        const unsigned k = (unsigned)_mm_movemask_epi8(m);
        if (k) return q + __builtin_ctz(k);
    }
#endif
    while (!(ts_bytes_class[*q] & set)) q++;
    return q;
}

/* The first c or '\n' at or after q. */
static inline const unsigned char *ts_bytes_until_char(const unsigned char *q, const unsigned char *nl, unsigned char c)
{
#if defined(__SSE2__)
    for (; nl - q >= 16; q += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        const unsigned k = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)c)), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
        if (k) return q + __builtin_ctz(k);
    }
#endif
    while (*q != c && *q != '\n') q++;
    return q;
}

/* The first byte at or after q that is not a digit. */
static inline const unsigned char *ts_bytes_digits(const unsigned char *q)
{
    while (ts_bytes_class[*q] & TS_BYTES_DIGIT) q++;
    return q;
}

#endif
