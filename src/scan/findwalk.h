/* findwalk.h — the line walk that finds the prefilter's literal itself.
 *
 * The same candidates as ts_linewalk_run given the end of every occurrence
 * of TS_PF_LITERAL as a hit: the lines holding the literal, and the lines
 * whose start ts_pf_headerless() accepts. One vector pass brings each byte
 * in from memory once (no separate literal search): per 64-byte chunk it
 * counts the newlines into byte counters and builds one vector of
 * "interesting" bytes — a line start with a headerless first byte, a whack
 * "NNN " or an H6 ':'/'.' at byte 14 or 15, or a possible start of the
 * literal ("p..to") — from unaligned loads at the offsets those tests read. A chunk with none (about 98 in 100 on a 3% IKE log) costs
 * those vector operations and one test; the rest are recorded and walked
 * in scalar code, which finds each flagged line's ends and applies the
 * exact tests. Instruction sets as for the line walk (linewalk.h); the
 * scalar one is the reference the others are tested against. */
#ifndef TS_FINDWALK_H
#define TS_FINDWALK_H

#include <stddef.h>
#include <stdint.h>

#include "scan/linewalk.h"

/* [p, p+n), n > 0, p[n-1] == '\n'. Returns the number of lines; *stopped
 * is set when fn stopped the walk (the count is then of the lines walked). */
uint64_t ts_findwalk_run(enum ts_isa isa, const unsigned char *p, size_t n, ts_linewalk_fn fn, void *ctx,
                         int *stopped);

#endif
