/* linewalk.c — see linewalk.h. */
#include <string.h>

#include "scan/linewalk.h"
#include "scan/prefilter.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CAND_X86 1
#endif

struct masks {
    uint64_t nl;    /* '\n' */
    uint64_t sep;   /* ':' or '.' (H6 after the seconds) */
    uint64_t space; /* ' ' (whack "NNN ") */
    uint64_t digit; /* '0'..'9' */
    uint64_t first; /* a headerless first byte other than a digit: " ( # p c < */
};

/* Bits of the line starts before this chunk that a shift can still reach. */
struct carry {
    uint64_t start; /* 1: a line starts at the chunk's first byte */
    uint64_t ps, psd; /* line starts, and digit line starts, of the previous chunk */
};

/* Bits inside a line whose start may be headerless: its first byte, byte 3
 * of a digit start ("NNN "), byte 14 or 15 (H6 ':' or '.'). A bit from a
 * line shorter than that lands in the next line, which the exact test then
 * rejects. */
static inline uint64_t headerless_bits(const struct masks *m, struct carry *c)
{
    const uint64_t s = (m->nl << 1) | c->start, sd = s & m->digit;
    const uint64_t e = (s & m->first) | (((sd << 3) | (c->psd >> 61)) & m->space)
                       | (((s << 14) | (c->ps >> 50) | (s << 15) | (c->ps >> 49)) & m->sep);
    c->start = m->nl >> 63;
    c->ps = s;
    c->psd = sd;
    return e;
}

/* Per ISA: masks of n chunks of 64 bytes — newlines and headerless bits —
 * and cum[k], the newlines in chunks before k (cum[n] too).
 * Kept apart from the walk that calls back, so no call clobbers the vector
 * constants in this loop. */
typedef void (*masks_fn)(const unsigned char *q, size_t n, struct carry *c, uint64_t *nl, uint64_t *ev,
                         uint32_t *cum);

static inline int cand_popcount(uint64_t x)
{
    /* Portable: baseline x86-64 has no popcnt instruction. */
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

/* The reference: every line, the exact test. */
static uint64_t walk_scalar(const unsigned char *p, size_t n, const size_t *hits, size_t nhits, ts_linewalk_fn fn,
                            void *ctx, int *stopped)
{
    const unsigned char *ls = p, *const end = p + n;
    uint64_t line = 0;
    size_t hi = 0;
    while (ls < end) {
        const unsigned char *nl = memchr(ls, '\n', (size_t)(end - ls));
        const size_t lim = (size_t)(nl - p) + 1;
        int hit = 0;
        for (; hi < nhits && hits[hi] <= lim; hi++) hit = 1;
        if ((hit || ts_pf_headerless(ls, nl)) && fn(ctx, ls, nl, line)) {
            *stopped = 1;
            return line + 1;
        }
        line++;
        ls = nl + 1;
    }
    return line;
}

/* The loop over n chunks, compiled once per instruction set: CHUNK (a
 * function returning struct masks for 64 bytes) must be inlined into a
 * function built for its target, and no call may sit in the loop, or the
 * vector constants are rebuilt for every chunk. */
#define DEFINE_MASKS(NAME, ATTR, CHUNK, POPCOUNT)                                                            \
    ATTR static void NAME(const unsigned char *q, size_t n, struct carry *c, uint64_t *onl, uint64_t *oev,   \
                          uint32_t *cum)                                                                    \
    {                                                                                                       \
        struct carry cc = *c; /* a local: the stores below could alias *c */                                \
        uint32_t lines = 0;                                                                                 \
        cum[0] = 0;                                                                                         \
        for (size_t i = 0; i < n; i++, q += 64) {                                                           \
            const struct masks m = CHUNK(q);                                                                \
            onl[i] = m.nl;                                                                                  \
            oev[i] = headerless_bits(&m, &cc);                                                              \
            lines += (uint32_t)POPCOUNT(m.nl);                                                              \
            cum[i + 1] = lines;                                                                             \
        }                                                                                                   \
        *c = cc;                                                                                            \
    }

#if defined(CAND_X86) && defined(__SSE2__)
static inline struct masks chunk_sse2(const unsigned char *q)
{
    struct masks m = {0, 0, 0, 0, 0};
    for (int k = 0; k < 4; k++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(q + 16 * k));
        const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
        const __m128i f = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('('))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('#'))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('p')), _mm_cmpeq_epi8(v, _mm_set1_epi8('c'))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))));
        const int sh = 16 * k;
        m.nl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))) << sh;
        m.sep |= (uint64_t)(unsigned)_mm_movemask_epi8(
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))))
                 << sh;
        m.space |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))) << sh;
        m.digit |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d)) << sh;
        m.first |= (uint64_t)(unsigned)_mm_movemask_epi8(f) << sh;
    }
    return m;
}
DEFINE_MASKS(masks_sse2, , chunk_sse2, cand_popcount)
#endif

#if defined(CAND_X86) && defined(__GNUC__)
#define CAND_HAVE_AVX 1
#define AVX2_ATTR __attribute__((target("avx2,popcnt")))
/* Byte classes by nibble lookup: class bits of a byte = lo[low nibble] &
 * hi[high nibble], so each class is a product of a set of low and a set of
 * high nibbles, an exact set or a small superset of the bytes it stands
 * for (a superset only costs an exact test of a few more lines):
 *   1, 2, 4  first bytes: " # ( = {2}x{2,3,8}; < = {3}x{C}; c p (and ` s) = {6,7}x{0,3}
 *   8        digits {3}x{0..9}
 *   16       : . (and * >) = {2,3}x{A,E}
 *   32       space {2}x{0}
 * Newlines are compared exactly. */
#define K_FIRST 7
#define K_DIGIT 8
#define K_SEP 16
#define K_SPACE 32
AVX2_ATTR static inline uint32_t bit_avx2(__m256i c, int k)
{
    /* Class bit k to bit 7 of its byte: a 16-bit shift by less than 8 moves
     * no bit across a byte's top. */
    switch (k) {
    case K_DIGIT: return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 4));
    case K_SEP: return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 3));
    default: return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 2));
    }
}

AVX2_ATTR static inline void half_avx2(__m256i v, int sh, struct masks *m)
{
    const __m256i tlo = _mm256_setr_epi8(4 | K_DIGIT | K_SPACE, K_DIGIT, 1 | K_DIGIT, 1 | 4 | K_DIGIT,
                                         K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT, 1 | K_DIGIT, K_DIGIT, K_SEP, 0, 2, 0,
                                         K_SEP, 0, 4 | K_DIGIT | K_SPACE, K_DIGIT, 1 | K_DIGIT,
                                         1 | 4 | K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT, 1 | K_DIGIT, K_DIGIT,
                                         K_SEP, 0, 2, 0, K_SEP, 0);
    const __m256i thi = _mm256_setr_epi8(0, 0, 1 | K_SEP | K_SPACE, 2 | K_DIGIT | K_SEP, 0, 0, 4, 4, 0, 0, 0, 0, 0,
                                         0, 0, 0, 0, 0, 1 | K_SEP | K_SPACE, 2 | K_DIGIT | K_SEP, 0, 0, 4, 4, 0, 0,
                                         0, 0, 0, 0, 0, 0);
    const __m256i c = _mm256_and_si256(
        _mm256_shuffle_epi8(tlo, v),
        _mm256_shuffle_epi8(thi, _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0f))));
    m->nl |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'))) << sh;
    m->first |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(
                    _mm256_cmpeq_epi8(_mm256_and_si256(c, _mm256_set1_epi8(K_FIRST)), _mm256_setzero_si256()))
                << sh;
    m->digit |= (uint64_t)bit_avx2(c, K_DIGIT) << sh;
    m->sep |= (uint64_t)bit_avx2(c, K_SEP) << sh;
    m->space |= (uint64_t)bit_avx2(c, K_SPACE) << sh;
}

AVX2_ATTR static inline struct masks chunk_avx2(const unsigned char *q)
{
    struct masks m = {0, 0, 0, 0, 0};
    half_avx2(_mm256_loadu_si256((const __m256i *)q), 0, &m);
    half_avx2(_mm256_loadu_si256((const __m256i *)(q + 32)), 32, &m);
    return m;
}
DEFINE_MASKS(masks_avx2, AVX2_ATTR, chunk_avx2, __builtin_popcountll)

#define AVX512_ATTR __attribute__((target("avx512f,avx512bw,popcnt")))
AVX512_ATTR static inline struct masks chunk_avx512(const unsigned char *q)
{
    const __m512i v = _mm512_loadu_si512((const void *)q);
    const struct masks m = {
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')),
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(':')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('.')),
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(' ')),
        _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')), _mm512_set1_epi8(9)),
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('('))
            | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('#')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('p'))
            | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('c')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('<'))};
    return m;
}
DEFINE_MASKS(masks_avx512, AVX512_ATTR, chunk_avx512, __builtin_popcountll)
#endif

/* Chunks per round of masks: 16 KiB of input, 5 KiB of masks on the stack. */
#define ROUND 256

/* Chunks with no hit and no headerless bit, while no flagged line is open,
 * are skipped with only cum[] consulted; the rest go bit by bit. */
static uint64_t walk_masks(masks_fn masks, const unsigned char *p, size_t n, const size_t *hits, size_t nhits,
                           ts_linewalk_fn fn, void *ctx, int *stopped)
{
    uint64_t nlm[ROUND], evm[ROUND];
    uint32_t cum[ROUND + 1];
    struct carry c = {1, 0, 0}; /* a line starts at p */
    const unsigned char *ls = p;
    uint64_t line = 0;
    size_t hi = 0;
    unsigned open = 0; /* flags seen in the line still open: 1 hit, 2 maybe headerless */
    for (size_t off = 0; off < n; off += ROUND * 64) {
        const size_t bytes = n - off < ROUND * 64 ? n - off : ROUND * 64;
        size_t nch = bytes / 64;
        masks(p + off, nch, &c, nlm, evm, cum);
        if (bytes % 64) {
            /* The last partial chunk, zero-padded: NUL is in no class. */
            unsigned char tail[64] = {0};
            memcpy(tail, p + off + nch * 64, bytes % 64);
            const uint32_t before = cum[nch];
            masks(tail, 1, &c, nlm + nch, evm + nch, cum + nch);
            cum[nch + 1] += before;
            cum[nch] = before;
            nch++;
        }
        size_t k = 0;
        while (k < nch) {
            if (!open) {
                /* Skip to the next chunk with a hit or a headerless bit. */
                size_t stop = nch;
                if (hi < nhits && hits[hi] - 1 < off + nch * 64) stop = (hits[hi] - 1 - off) / 64;
                size_t j = k;
                while (j < stop && !evm[j]) j++;
                if (j > k) {
                    line += cum[j] - cum[k];
                    for (size_t b = j; b > k; b--)
                        if (nlm[b - 1]) {
                            ls = p + off + 64 * b - __builtin_clzll(nlm[b - 1]);
                            break;
                        }
                    k = j;
                    if (k == nch) break;
                }
            }
            const uint64_t nl = nlm[k], e = evm[k];
            const size_t c0 = off + 64 * k;
            const unsigned char *q = p + c0;
            uint64_t h = 0;
            for (; hi < nhits && hits[hi] <= c0 + 64; hi++) h |= 1ull << (hits[hi] - 1 - c0);
            unsigned lo = 0; /* first bit of the current line within the chunk */
            for (uint64_t nm = nl; nm; nm &= nm - 1) {
                const unsigned b = (unsigned)__builtin_ctzll(nm);
                const uint64_t part = (b == 63 ? ~0ull : (2ull << b) - 1) & (~0ull << lo);
                const unsigned f = open | ((h & part) ? 1u : 0u) | ((e & part) ? 2u : 0u);
                const unsigned char *eol = q + b;
                if (((f & 1) || (f && ts_pf_headerless(ls, eol))) && fn(ctx, ls, eol, line)) {
                    *stopped = 1;
                    return line + 1;
                }
                line++;
                ls = eol + 1;
                open = 0;
                lo = b + 1;
            }
            if (lo < 64) {
                const uint64_t rest = ~0ull << lo;
                open |= ((h & rest) ? 1u : 0u) | ((e & rest) ? 2u : 0u);
            }
            k++;
        }
    }
    return line;
}

static int cpu_has(enum ts_isa isa)
{
    switch (isa) {
    case TS_ISA_SCALAR: return 1;
#if defined(CAND_X86) && defined(__SSE2__)
    case TS_ISA_SSE2: return 1;
#endif
#ifdef CAND_HAVE_AVX
    case TS_ISA_AVX2: __builtin_cpu_init(); return __builtin_cpu_supports("avx2");
    case TS_ISA_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#endif
    default: return 0;
    }
}

enum ts_isa ts_linewalk_isa(enum ts_isa want)
{
    if (want != TS_ISA_AUTO && cpu_has(want)) return want;
    /* AVX2 before AVX-512BW: on the Zen 4 we measure on, 512-bit compares
     * run as two halves and the AVX2 walk is faster (5.3 against 6.6 ns per
     * 64-byte chunk in cache; bench/NOTES.md). AVX-512BW stays selectable. */
    static const enum ts_isa order[] = {TS_ISA_AVX2, TS_ISA_AVX512, TS_ISA_SSE2};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        if (cpu_has(order[k])) return order[k];
    return TS_ISA_SCALAR;
}

const char *ts_linewalk_isa_name(enum ts_isa isa)
{
    switch (isa) {
    case TS_ISA_SCALAR: return "scalar";
    case TS_ISA_SSE2: return "sse2";
    case TS_ISA_AVX2: return "avx2";
    case TS_ISA_AVX512: return "avx512bw";
    default: return "auto";
    }
}

uint64_t ts_linewalk_run(enum ts_isa isa, const unsigned char *p, size_t n, const size_t *hits, size_t nhits,
                      ts_linewalk_fn fn, void *ctx, int *stopped)
{
    *stopped = 0;
    if (isa == TS_ISA_AUTO) isa = ts_linewalk_isa(TS_ISA_AUTO);
    switch (isa) {
#if defined(CAND_X86) && defined(__SSE2__)
    case TS_ISA_SSE2: return walk_masks(masks_sse2, p, n, hits, nhits, fn, ctx, stopped);
#endif
#ifdef CAND_HAVE_AVX
    case TS_ISA_AVX2: return walk_masks(masks_avx2, p, n, hits, nhits, fn, ctx, stopped);
    case TS_ISA_AVX512: return walk_masks(masks_avx512, p, n, hits, nhits, fn, ctx, stopped);
#endif
    default: return walk_scalar(p, n, hits, nhits, fn, ctx, stopped);
    }
}
