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
    uint64_t p;     /* 'p', the literal's first byte */
    uint64_t lo;    /* 'l' or 'o', its second and last */
};

/* Bits of the line starts before this chunk that a shift can still reach. */
struct carry {
    uint64_t start; /* 1: a line starts at the chunk's first byte */
    uint64_t ps, psd; /* line starts, and digit line starts, of the previous chunk */
    uint64_t pp, plo; /* the previous chunk's 'p' and 'l'/'o' bits */
};

/* Bits at the last byte of each "p l . . o" (the literal "pluto" with its
 * second and fifth bytes taken from the class 'l' or 'o'): a superset of
 * the literal's end bits; the walk confirms each against the bytes. Runs of
 * 'p' with 'l' or 'o' at those distances are rare in syslog text, so
 * confirming costs little. */
static inline uint64_t literal_bits(const struct masks *m, struct carry *c)
{
    const uint64_t e = ((m->p << 4) | (c->pp >> 60)) & ((m->lo << 3) | (c->plo >> 61)) & m->lo;
    c->pp = m->p;
    c->plo = m->lo;
    return e;
}

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

/* Per ISA: masks of n chunks of 64 bytes — newlines, headerless bits and,
 * when lit is not NULL, the literal's candidate end bits — and cum[k], the
 * newlines in chunks before k (cum[n] too).
 * Kept apart from the walk that calls back, so no call clobbers the vector
 * constants in this loop. */
typedef void (*masks_fn)(const unsigned char *q, size_t n, struct carry *c, uint64_t *nl, uint64_t *ev,
                         uint64_t *lit, uint32_t *cum);

static inline int cand_popcount(uint64_t x)
{
    /* Portable: baseline x86-64 has no popcnt instruction. */
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

/* 1 when [ls, nl) holds the literal. */
static int has_literal(const unsigned char *ls, const unsigned char *nl)
{
    for (const unsigned char *q = ls; nl - q >= TS_PF_LITLEN; q++) {
        q = memchr(q, TS_PF_LITERAL[0], (size_t)(nl - q) - (TS_PF_LITLEN - 1));
        if (!q) return 0;
        if (memcmp(q, TS_PF_LITERAL, TS_PF_LITLEN) == 0) return 1;
    }
    return 0;
}

/* The reference: every line, the exact tests (the literal searched in each
 * line when find, else the given hits). */
static uint64_t walk_scalar(int find, const unsigned char *p, size_t n, const size_t *hits, size_t nhits,
                            ts_linewalk_fn fn, void *ctx, int *stopped)
{
    const unsigned char *ls = p, *const end = p + n;
    uint64_t line = 0;
    size_t hi = 0;
    while (ls < end) {
        const unsigned char *nl = memchr(ls, '\n', (size_t)(end - ls));
        const size_t lim = (size_t)(nl - p) + 1;
        int hit = 0;
        for (; hi < nhits && hits[hi] <= lim; hi++) hit = 1;
        if (find) hit = has_literal(ls, nl);
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
#define DEFINE_MASKS(NAME, ATTR, CHUNK, POPCOUNT, LIT)                                                       \
    ATTR static void NAME(const unsigned char *q, size_t n, struct carry *c, uint64_t *onl, uint64_t *oev,   \
                          uint64_t *olit, uint32_t *cum)                                                    \
    {                                                                                                       \
        struct carry cc = *c; /* a local: the stores below could alias *c */                                \
        uint32_t lines = 0;                                                                                 \
        cum[0] = 0;                                                                                         \
        for (size_t i = 0; i < n; i++, q += 64) {                                                           \
            const struct masks m = CHUNK(q);                                                                \
            onl[i] = m.nl;                                                                                  \
            oev[i] = headerless_bits(&m, &cc);                                                              \
            if (LIT) olit[i] = literal_bits(&m, &cc);                                                       \
            lines += (uint32_t)POPCOUNT(m.nl);                                                              \
            cum[i + 1] = lines;                                                                             \
        }                                                                                                   \
        *c = cc;                                                                                            \
    }
/* Both loops of one instruction set: without the literal (Hyperscan found
 * it) and with it. */
#define DEFINE_MASKS2(NAME, ATTR, CHUNK, POPCOUNT)                                                           \
    DEFINE_MASKS(NAME, ATTR, CHUNK, POPCOUNT, 0)                                                            \
    DEFINE_MASKS(NAME##_lit, ATTR, CHUNK, POPCOUNT, 1)

#if defined(CAND_X86) && defined(__SSE2__)
static inline struct masks chunk_sse2(const unsigned char *q)
{
    struct masks m = {0, 0, 0, 0, 0, 0, 0};
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
        m.p |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('p'))) << sh;
        m.lo |= (uint64_t)(unsigned)_mm_movemask_epi8(
                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('l')), _mm_cmpeq_epi8(v, _mm_set1_epi8('o'))))
                << sh;
    }
    return m;
}
DEFINE_MASKS2(masks_sse2, , chunk_sse2, cand_popcount)
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
 *   64       p {7}x{0}, exactly
 *   128      l o {6}x{C,F}, exactly
 * Newlines are compared exactly. */
#define K_FIRST 7
#define K_DIGIT 8
#define K_SEP 16
#define K_SPACE 32
#define K_P 64
#define K_LO 128
AVX2_ATTR static inline uint32_t bit_avx2(__m256i c, int k)
{
    /* Class bit k to bit 7 of its byte: a 16-bit shift by less than 8 moves
     * no bit across a byte's top. */
    switch (k) {
    case K_LO: return (uint32_t)_mm256_movemask_epi8(c);
    case K_P: return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 1));
    case K_DIGIT: return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 4));
    case K_SEP: return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 3));
    default: return (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(c, 2));
    }
}

AVX2_ATTR static inline void half_avx2(__m256i v, int sh, struct masks *m)
{
    /* Index: the low nibble (tlo) or the high nibble (thi), both lanes alike. */
#define TLO 4 | K_DIGIT | K_SPACE | K_P, K_DIGIT, 1 | K_DIGIT, 1 | 4 | K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT, \
            1 | K_DIGIT, K_DIGIT, K_SEP, 0, 2 | K_LO, 0, K_SEP, K_LO
#define THI 0, 0, 1 | K_SEP | K_SPACE, 2 | K_DIGIT | K_SEP, 0, 0, 4 | K_LO, 4 | K_P, 0, 0, 0, 0, 0, 0, 0, 0
    const __m256i tlo = _mm256_setr_epi8(TLO, TLO);
    const __m256i thi = _mm256_setr_epi8(THI, THI);
#undef TLO
#undef THI
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
    m->p |= (uint64_t)bit_avx2(c, K_P) << sh;
    m->lo |= (uint64_t)bit_avx2(c, K_LO) << sh;
}

AVX2_ATTR static inline struct masks chunk_avx2(const unsigned char *q)
{
    struct masks m = {0, 0, 0, 0, 0, 0, 0};
    half_avx2(_mm256_loadu_si256((const __m256i *)q), 0, &m);
    half_avx2(_mm256_loadu_si256((const __m256i *)(q + 32)), 32, &m);
    return m;
}
DEFINE_MASKS2(masks_avx2, AVX2_ATTR, chunk_avx2, __builtin_popcountll)

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
            | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('c')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('<')),
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('p')),
        _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('l')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('o'))};
    return m;
}
DEFINE_MASKS2(masks_avx512, AVX512_ATTR, chunk_avx512, __builtin_popcountll)
#endif

/* Chunks per round of masks: 16 KiB of input, 7 KiB of masks on the stack. */
#define ROUND 256

/* The candidate end bits e of the chunk at p + c0 that end the literal. */
static uint64_t confirm(const unsigned char *p, size_t c0, uint64_t e)
{
    uint64_t h = 0;
    for (; e; e &= e - 1) {
        const unsigned b = (unsigned)__builtin_ctzll(e);
        /* its first byte is in this call's bytes: its bit came from them */
        if (memcmp(p + c0 + b + 1 - TS_PF_LITLEN, TS_PF_LITERAL, TS_PF_LITLEN) == 0) h |= 1ull << b;
    }
    return h;
}

/* masks computes the literal's candidates when find (hits is then unused);
 * otherwise the hits are turned into the same per-chunk bits. Chunks with
 * no literal bit and no headerless bit, while no flagged line is open, are
 * skipped with only cum[] consulted; the rest go bit by bit. */
static uint64_t walk_masks(masks_fn masks, int find, const unsigned char *p, size_t n, const size_t *hits,
                           size_t nhits, ts_linewalk_fn fn, void *ctx, int *stopped)
{
    uint64_t nlm[ROUND], evm[ROUND], litm[ROUND];
    uint32_t cum[ROUND + 1];
    struct carry c = {1, 0, 0, 0, 0}; /* a line starts at p */
    const unsigned char *ls = p;
    uint64_t line = 0;
    size_t hi = 0;
    unsigned open = 0; /* flags seen in the line still open: 1 hit, 2 maybe headerless */
    for (size_t off = 0; off < n; off += ROUND * 64) {
        const size_t bytes = n - off < ROUND * 64 ? n - off : ROUND * 64;
        size_t nch = bytes / 64;
        masks(p + off, nch, &c, nlm, evm, litm, cum);
        if (bytes % 64) {
            /* The last partial chunk, zero-padded: NUL is in no class. */
            unsigned char tail[64] = {0};
            memcpy(tail, p + off + nch * 64, bytes % 64);
            const uint32_t before = cum[nch];
            masks(tail, 1, &c, nlm + nch, evm + nch, litm + nch, cum + nch);
            cum[nch + 1] += before;
            cum[nch] = before;
            nch++;
        }
        if (!find) {
            memset(litm, 0, nch * sizeof *litm);
            for (; hi < nhits && hits[hi] <= off + bytes; hi++)
                litm[(hits[hi] - 1 - off) / 64] |= 1ull << ((hits[hi] - 1 - off) % 64);
        }
        size_t k = 0;
        while (k < nch) {
            if (!open) {
                /* Skip to the next chunk with a literal or a headerless bit. */
                size_t j = k;
                while (j < nch && !(evm[j] | litm[j])) j++;
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
            const uint64_t h = find && litm[k] ? confirm(p, c0, litm[k]) : litm[k];
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

static uint64_t walk(enum ts_isa isa, int find, const unsigned char *p, size_t n, const size_t *hits, size_t nhits,
                     ts_linewalk_fn fn, void *ctx, int *stopped)
{
    *stopped = 0;
    if (isa == TS_ISA_AUTO) isa = ts_linewalk_isa(TS_ISA_AUTO);
    switch (isa) {
#if defined(CAND_X86) && defined(__SSE2__)
    case TS_ISA_SSE2: return walk_masks(find ? masks_sse2_lit : masks_sse2, find, p, n, hits, nhits, fn, ctx, stopped);
#endif
#ifdef CAND_HAVE_AVX
    case TS_ISA_AVX2: return walk_masks(find ? masks_avx2_lit : masks_avx2, find, p, n, hits, nhits, fn, ctx, stopped);
    case TS_ISA_AVX512:
        return walk_masks(find ? masks_avx512_lit : masks_avx512, find, p, n, hits, nhits, fn, ctx, stopped);
#endif
    default: return walk_scalar(find, p, n, hits, nhits, fn, ctx, stopped);
    }
}

uint64_t ts_linewalk_run(enum ts_isa isa, const unsigned char *p, size_t n, const size_t *hits, size_t nhits,
                         ts_linewalk_fn fn, void *ctx, int *stopped)
{
    return walk(isa, 0, p, n, hits, nhits, fn, ctx, stopped);
}

uint64_t ts_linewalk_find(enum ts_isa isa, const unsigned char *p, size_t n, ts_linewalk_fn fn, void *ctx,
                          int *stopped)
{
    return walk(isa, 1, p, n, NULL, 0, fn, ctx, stopped);
}
