/* linewalk.h — which lines of a block the lexer must see.
 *
 * A line is a candidate when a prefilter literal hit ends inside it, or when
 * its first bytes may be a headerless IKE line (ts_pf_headerless, applied
 * exactly). Every line is counted either way. The walk is one SIMD pass over
 * 64-byte chunks: per chunk it builds bit masks of newlines and of the bytes
 * the headerless shapes test (first byte, byte 3, bytes 14 and 15 of a line),
 * so chunks with no hit and no possible headerless start cost a few vector
 * compares. The instruction set is picked at run time (AVX2, else SSE2;
 * AVX-512BW on request); all give the same answer, which tests check. */
#ifndef TS_CAND_H
#define TS_CAND_H

#include <stddef.h>
#include <stdint.h>

enum ts_isa { TS_ISA_AUTO, TS_ISA_SCALAR, TS_ISA_SSE2, TS_ISA_AVX2, TS_ISA_AVX512 };

/* Line [ls, nl) is the idx-th (0-based) line of the block. Non-zero stops the walk. */
typedef int (*ts_linewalk_fn)(void *ctx, const unsigned char *ls, const unsigned char *nl, uint64_t idx);

/* [p, p+n), n > 0, p[n-1] == '\n'. hits: ascending end offsets (one past the
 * last byte of a match), all <= n. Returns the number of lines; *stopped is
 * set when fn stopped the walk (the count is then of the lines walked). */
uint64_t ts_linewalk_run(enum ts_isa isa, const unsigned char *p, size_t n, const size_t *hits, size_t nhits,
                      ts_linewalk_fn fn, void *ctx, int *stopped);
/* The best instruction set this CPU runs; an explicit request it cannot run
 * falls back to this. */
enum ts_isa ts_linewalk_isa(enum ts_isa want);
const char *ts_linewalk_isa_name(enum ts_isa isa);

#endif
