/* findwalk.c — see findwalk.h. */
#include <string.h>

#include "scan/findwalk.h"
#include "scan/prefilter.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define FW_AVX 1
#endif
#if (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__)
#define FW_SSE2 1
#endif

/* 1 when [q, nl) holds the literal. */
static int has_literal(const unsigned char *q, const unsigned char *nl)
{
    for (; nl - q >= TS_PF_LITLEN; q++) {
        q = memchr(q, TS_PF_LITERAL[0], (size_t)(nl - q) - (TS_PF_LITLEN - 1));
        if (!q) return 0;
        if (memcmp(q, TS_PF_LITERAL, TS_PF_LITLEN) == 0) return 1;
    }
    return 0;
}

/* The reference: every line, both exact tests. */
static uint64_t walk_scalar(const unsigned char *p, size_t n, ts_linewalk_fn fn, void *ctx, int *stopped)
{
    const unsigned char *ls = p, *const end = p + n;
    uint64_t line = 0;
    while (ls < end) {
        const unsigned char *nl = memchr(ls, '\n', (size_t)(end - ls));
        if ((has_literal(ls, nl) || ts_pf_headerless(ls, nl)) && fn(ctx, ls, nl, line)) {
            *stopped = 1;
            return line + 1;
        }
        line++;
        ls = nl + 1;
    }
    return line;
}

/* A chunk with something to look at. */
struct rec {
    size_t c0;      /* its offset in the block */
    uint64_t lines; /* newlines before it */
    uint64_t nl;    /* its newlines */
    uint64_t s;     /* line starts that may be headerless */
    uint64_t l;     /* bytes that may start the literal: 'p' with "to" 3 bytes on */
};

/* The vector loads of a chunk at q reach from q - 1 to q + 64 + AFTER. */
#define AFTER 15

/* Per ISA: nch chunks at q, the first at offset c0 of the block; *lines
 * newlines before q, after them on return. Writes the chunks with a bit in
 * s or l to out and returns how many. No call in the loop (see linewalk.c:
 * the vector constants would be rebuilt per chunk). */
typedef size_t (*chunks_fn)(const unsigned char *q, size_t nch, size_t c0, uint64_t *lines, struct rec *out);

#ifdef FW_SSE2
/* Byte counters of newlines take at most 4 per chunk (one per 16 bytes). */
static inline uint64_t hsum_sse2(__m128i acc)
{
    const __m128i s = _mm_sad_epu8(acc, _mm_setzero_si128());
    return (uint64_t)_mm_cvtsi128_si64(s) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s));
}

static inline __m128i ld16(const unsigned char *q) { return _mm_loadu_si128((const __m128i *)q); }

/* 16 bytes: newlines (returned), flagged line starts *s, literal starts *l,
 * as 0xFF bytes. ':' and '.' (and '*' '>') are the bytes x with x | 0x14 == '>'. */
static inline __m128i quarter_sse2(const unsigned char *q, __m128i *s, __m128i *l)
{
    const __m128i v = ld16(q), v3 = ld16(q + 3);
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
    const __m128i first = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('('))),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('#'))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('p')), _mm_cmpeq_epi8(v, _mm_set1_epi8('c'))),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))));
    const __m128i sep = _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(ld16(q + 14), _mm_set1_epi8(0x14)), _mm_set1_epi8('>')),
                                     _mm_cmpeq_epi8(_mm_or_si128(ld16(q + 15), _mm_set1_epi8(0x14)), _mm_set1_epi8('>')));
    const __m128i t = _mm_or_si128(_mm_or_si128(first, sep), _mm_and_si128(digit, _mm_cmpeq_epi8(v3, _mm_set1_epi8(' '))));
    *s = _mm_and_si128(_mm_cmpeq_epi8(ld16(q - 1), _mm_set1_epi8('\n')), t);
    *l = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('p')),
                       _mm_and_si128(_mm_cmpeq_epi8(v3, _mm_set1_epi8('t')), _mm_cmpeq_epi8(ld16(q + 4), _mm_set1_epi8('o'))));
    return _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'));
}

static size_t chunks_sse2(const unsigned char *q, size_t nch, size_t c0, uint64_t *lines, struct rec *out)
{
    size_t nr = 0;
    uint64_t base = *lines;
    __m128i acc = _mm_setzero_si128();
    unsigned fill = 0;
    for (size_t i = 0; i < nch; i++, q += 64) {
        __m128i nl[4], s[4], l[4];
        for (int k = 0; k < 4; k++) nl[k] = quarter_sse2(q + 16 * k, &s[k], &l[k]);
        const __m128i x = _mm_or_si128(_mm_or_si128(_mm_or_si128(s[0], s[1]), _mm_or_si128(s[2], s[3])),
                                       _mm_or_si128(_mm_or_si128(l[0], l[1]), _mm_or_si128(l[2], l[3])));
        if (_mm_movemask_epi8(x)) {
            struct rec *r = &out[nr++];
            r->c0 = c0 + 64 * i;
            r->lines = base + hsum_sse2(acc);
            r->nl = r->s = r->l = 0;
            for (int k = 0; k < 4; k++) {
                r->nl |= (uint64_t)(unsigned)_mm_movemask_epi8(nl[k]) << (16 * k);
                r->s |= (uint64_t)(unsigned)_mm_movemask_epi8(s[k]) << (16 * k);
                r->l |= (uint64_t)(unsigned)_mm_movemask_epi8(l[k]) << (16 * k);
            }
        }
        acc = _mm_sub_epi8(acc, _mm_add_epi8(_mm_add_epi8(nl[0], nl[1]), _mm_add_epi8(nl[2], nl[3])));
        if (++fill == 63) { /* 63 * 4 <= 255 */
            base += hsum_sse2(acc);
            acc = _mm_setzero_si128();
            fill = 0;
        }
    }
    *lines = base + hsum_sse2(acc);
    return nr;
}
#endif

#ifdef FW_AVX
#define AVX2_ATTR __attribute__((target("avx2,popcnt")))
AVX2_ATTR static inline uint64_t hsum_avx2(__m256i acc)
{
    const __m256i s = _mm256_sad_epu8(acc, _mm256_setzero_si256());
    const __m128i h = _mm_add_epi64(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
    return (uint64_t)_mm_cvtsi128_si64(h) + (uint64_t)_mm_extract_epi64(h, 1);
}

AVX2_ATTR static inline __m256i ld32(const unsigned char *q) { return _mm256_loadu_si256((const __m256i *)q); }

/* 32 bytes: *s non-zero where a line start may be headerless, *l 0xFF
 * where "p..to" starts; returns 0xFF where the byte before is a newline
 * (the loop counts newlines that way: one load and compare fewer).
 * The first-byte classes come from two nibble lookups, as in linewalk.c:
 * bits 1, 2, 4 a headerless first byte (" # ( < c p, and ` s), 8 a digit;
 * a digit counts when a space follows at byte 3. */
AVX2_ATTR static inline __m256i half_avx2(const unsigned char *q, __m256i *s, __m256i *l)
{
#define TLO 4 | 8, 8, 1 | 8, 1 | 4 | 8, 8, 8, 8, 8, 1 | 8, 8, 0, 0, 2, 0, 0, 0
#define THI 0, 0, 1, 2 | 8, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0
    const __m256i tlo = _mm256_setr_epi8(TLO, TLO), thi = _mm256_setr_epi8(THI, THI);
#undef TLO
#undef THI
    const __m256i v = ld32(q), v3 = ld32(q + 3);
    const __m256i c = _mm256_and_si256(
        _mm256_shuffle_epi8(tlo, v),
        _mm256_shuffle_epi8(thi, _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0f))));
    const __m256i t =
        _mm256_and_si256(c, _mm256_or_si256(_mm256_cmpeq_epi8(v3, _mm256_set1_epi8(' ')), _mm256_set1_epi8(7)));
    const __m256i sep = _mm256_or_si256(
        _mm256_cmpeq_epi8(_mm256_or_si256(ld32(q + 14), _mm256_set1_epi8(0x14)), _mm256_set1_epi8('>')),
        _mm256_cmpeq_epi8(_mm256_or_si256(ld32(q + 15), _mm256_set1_epi8(0x14)), _mm256_set1_epi8('>')));
    const __m256i prev = _mm256_cmpeq_epi8(ld32(q - 1), _mm256_set1_epi8('\n'));
    *s = _mm256_and_si256(prev, _mm256_or_si256(t, sep));
    *l = _mm256_and_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('p')),
                          _mm256_and_si256(_mm256_cmpeq_epi8(v3, _mm256_set1_epi8('t')),
                                           _mm256_cmpeq_epi8(ld32(q + 4), _mm256_set1_epi8('o'))));
    return prev;
}

AVX2_ATTR static inline uint64_t bits_avx2(__m256i a, __m256i b)
{
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;
}

/* Newlines are counted one byte late (the byte before each byte): over
 * chunks [c0, e) that is the newlines of [c0 - 1, e - 1); *lines, and a
 * record's lines, count those of [0, c0) as the other instruction sets do. */
AVX2_ATTR static size_t chunks_avx2(const unsigned char *q, size_t nch, size_t c0, uint64_t *lines, struct rec *out)
{
    size_t nr = 0;
    /* newlines in [0, c0 - 1): the loop counts p[c0 - 1] (q[-1]; at the
     * block's start the newline before it, which wraps base to -1) */
    uint64_t base = *lines - (q[-1] == '\n');
    for (size_t i = 0; i < nch;) {
        __m256i acc = _mm256_setzero_si256();
        /* at most 2 per byte counter per chunk: 127 chunks fit in a byte */
        for (const size_t e = nch - i < 127 ? nch : i + 127; i < e; i++) {
            const unsigned char *const cq = q + 64 * i;
            __m256i s0, l0, s1, l1;
            const __m256i n0 = half_avx2(cq, &s0, &l0), n1 = half_avx2(cq + 32, &s1, &l1);
            const __m256i x = _mm256_or_si256(_mm256_or_si256(s0, s1), _mm256_or_si256(l0, l1));
            if (!_mm256_testz_si256(x, x)) {
                struct rec *r = &out[nr++];
                const __m256i z = _mm256_setzero_si256(), nl = _mm256_set1_epi8('\n');
                r->c0 = c0 + 64 * i;
                r->lines = base + hsum_avx2(acc) + (cq[-1] == '\n');
                r->nl = bits_avx2(_mm256_cmpeq_epi8(ld32(cq), nl), _mm256_cmpeq_epi8(ld32(cq + 32), nl));
                r->s = ~bits_avx2(_mm256_cmpeq_epi8(s0, z), _mm256_cmpeq_epi8(s1, z));
                r->l = bits_avx2(l0, l1);
            }
            acc = _mm256_sub_epi8(acc, _mm256_add_epi8(n0, n1));
        }
        base += hsum_avx2(acc);
    }
    /* base: newlines in [c0 - 1, c0 + 64 nch - 1) less p[c0 - 1]'s */
    *lines = base + (q[64 * nch - 1] == '\n');
    return nr;
}

#define AVX512_ATTR __attribute__((target("avx512f,avx512bw,popcnt")))
AVX512_ATTR static inline __m512i ld64(const unsigned char *q) { return _mm512_loadu_si512((const void *)q); }

AVX512_ATTR static size_t chunks_avx512(const unsigned char *q, size_t nch, size_t c0, uint64_t *lines,
                                         struct rec *out)
{
    size_t nr = 0;
    uint64_t cur = *lines;
    for (size_t i = 0; i < nch; i++, q += 64) {
        const __m512i v = ld64(q), v3 = ld64(q + 3);
        const __m512i d = _mm512_sub_epi8(v, _mm512_set1_epi8('0'));
        const __mmask64 first =
            _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('('))
            | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('#')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('p'))
            | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('c')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('<'));
        const __mmask64 whack = _mm512_cmple_epu8_mask(d, _mm512_set1_epi8(9))
                                & _mm512_cmpeq_epi8_mask(v3, _mm512_set1_epi8(' '));
        const __mmask64 sep =
            _mm512_cmpeq_epi8_mask(_mm512_or_si512(ld64(q + 14), _mm512_set1_epi8(0x14)), _mm512_set1_epi8('>'))
            | _mm512_cmpeq_epi8_mask(_mm512_or_si512(ld64(q + 15), _mm512_set1_epi8(0x14)), _mm512_set1_epi8('>'));
        const __mmask64 s = _mm512_cmpeq_epi8_mask(ld64(q - 1), _mm512_set1_epi8('\n')) & (first | whack | sep);
        const __mmask64 l = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('p'))
                            & _mm512_cmpeq_epi8_mask(v3, _mm512_set1_epi8('t'))
                            & _mm512_cmpeq_epi8_mask(ld64(q + 4), _mm512_set1_epi8('o'));
        const __mmask64 nl = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
        if (s | l) out[nr++] = (struct rec){c0 + 64 * i, cur, nl, s, l};
        cur += (uint64_t)__builtin_popcountll(nl);
    }
    *lines = cur;
    return nr;
}
#endif

/* Where the line holding byte pos starts: after the last newline in
 * [lo, pos), else lo. Eight bytes at a time: the mark that found the line
 * is often tens of bytes into it, in a chunk after the one it starts in. */
static size_t line_start(const unsigned char *p, size_t lo, size_t pos)
{
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
    while (pos - lo >= 8) {
        uint64_t w;
        memcpy(&w, p + pos - 8, 8);
        w ^= 0x0a0a0a0a0a0a0a0aull; /* newline bytes to 0 */
        /* bit 7 of each byte that is 0, exactly (no borrow between bytes) */
        const uint64_t z = ~(((w & low7) + low7) | w | low7);
        if (z) {
            /* the last newline: the highest byte in memory order */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return pos - 8 + (size_t)(63 - __builtin_clzll(z)) / 8 + 1;
#else
            return pos - 8 + (size_t)__builtin_ctzll(z) / 8 + 1;
#endif
        }
        pos -= 8;
    }
    while (pos > lo && p[pos - 1] != '\n') pos--;
    return pos;
}

/* Walks the lines the records flag, in order. *done: where the first line
 * not yet walked starts. Non-zero when fn stopped the walk (*stop: the
 * lines walked). */
static int walk_recs(const unsigned char *p, size_t n, const struct rec *r, size_t nr, size_t *done,
                     ts_linewalk_fn fn, void *ctx, uint64_t *stop)
{
    for (; nr; nr--, r++) {
        uint64_t bits = r->s | r->l;
        if (*done > r->c0) bits = *done - r->c0 >= 64 ? 0 : bits & (~0ull << (*done - r->c0));
        while (bits) {
            const unsigned b = (unsigned)__builtin_ctzll(bits);
            const size_t pos = r->c0 + b;
            const uint64_t below = r->nl & ((1ull << b) - 1), from = r->nl & (~0ull << b);
            const size_t ls = below ? r->c0 + 64 - (size_t)__builtin_clzll(below) : line_start(p, *done, pos);
            /* p[n - 1] is a newline, so one follows */
            const unsigned char *nl =
                from ? p + r->c0 + __builtin_ctzll(from) : memchr(p + r->c0 + 64, '\n', n - r->c0 - 64);
            const uint64_t idx = r->lines + (uint64_t)__builtin_popcountll(below);
            /* The line's first flagged byte: a literal before it would
             * have flagged an earlier one. */
            const int lit = ((r->l >> b) & 1) && memcmp(p + pos, TS_PF_LITERAL, TS_PF_LITLEN) == 0;
            if (lit || (((r->s >> b) & 1) && ts_pf_headerless(p + ls, nl)) || has_literal(p + pos, nl)) {
                if (fn(ctx, p + ls, nl, idx)) {
                    *stop = idx + 1;
                    return 1;
                }
            }
            *done = (size_t)(nl - p) + 1;
            const size_t skip = *done - r->c0;
            bits = skip >= 64 ? 0 : bits & (~0ull << skip);
        }
    }
    return 0;
}

/* Chunks per round: records for 16 KiB of input on the stack. */
#define ROUND 256

static uint64_t walk_chunks(chunks_fn chunks, const unsigned char *p, size_t n, ts_linewalk_fn fn, void *ctx,
                            int *stopped)
{
    struct rec recs[ROUND];
    const size_t total = (n + 63) / 64;
    /* Chunks 1 .. direct-1 are read in place; the first and the last ones,
     * whose loads would leave the block, from a padded copy (at most 3). */
    const size_t direct = n >= 64 + 64 + AFTER ? (n - AFTER) / 64 : 0;
    uint64_t lines = 0, stop;
    size_t done = 0;
    for (size_t k = 0; k < total;) {
        size_t nch, nr;
        if (k == 0 || k >= direct) {
            nch = k == 0 && direct > 1 ? 1 : total - k;
            unsigned char buf[1 + 3 * 64 + AFTER + 1] = {0}; /* NUL is in no class */
            const size_t c0 = 64 * k, have = n - c0 < nch * 64 + AFTER ? n - c0 : nch * 64 + AFTER;
            buf[0] = k ? p[c0 - 1] : '\n'; /* a line starts at p */
            memcpy(buf + 1, p + c0, have);
            nr = chunks(buf + 1, nch, c0, &lines, recs);
        } else {
            nch = direct - k < ROUND ? direct - k : ROUND;
            nr = chunks(p + 64 * k, nch, 64 * k, &lines, recs);
        }
        if (walk_recs(p, n, recs, nr, &done, fn, ctx, &stop)) {
            *stopped = 1;
            return stop;
        }
        k += nch;
    }
    return lines;
}

uint64_t ts_findwalk_run(enum ts_isa isa, const unsigned char *p, size_t n, ts_linewalk_fn fn, void *ctx,
                         int *stopped)
{
    *stopped = 0;
    if (isa == TS_ISA_AUTO) isa = ts_linewalk_isa(TS_ISA_AUTO);
    switch (isa) {
#ifdef FW_SSE2
    case TS_ISA_SSE2: return walk_chunks(chunks_sse2, p, n, fn, ctx, stopped);
#endif
#ifdef FW_AVX
    case TS_ISA_AVX2: return walk_chunks(chunks_avx2, p, n, fn, ctx, stopped);
    case TS_ISA_AVX512: return walk_chunks(chunks_avx512, p, n, fn, ctx, stopped);
#endif
    default: return walk_scalar(p, n, fn, ctx, stopped);
    }
}
