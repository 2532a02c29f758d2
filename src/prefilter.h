/* prefilter.h — Hyperscan literal gate in front of the lexer.
 *
 * It only selects candidate lines; the lexer decides. Its literal set is a
 * superset of every line the lexer can call an IKE daemon line (SPEC.md §2),
 * so reports are byte-identical with and without it (tests/cli proves it on
 * the corpus). Built without Hyperscan (HAVE_HS=0), or on a CPU Hyperscan
 * cannot run on, ts_pf_new fails and the caller lexes every line. */
#ifndef TS_PREFILTER_H
#define TS_PREFILTER_H

#include <stddef.h>

#include "ts.h"

struct ts_pf;
struct ts_pf_scratch;

/* Called with the offset just past each literal match, in increasing order
 * for one block. Return non-zero to stop the scan. */
typedef int (*ts_pf_hit_fn)(void *ctx, size_t end);

int ts_pf_new(struct ts_pf **pf, struct ts_err *err);
void ts_pf_free(struct ts_pf *pf);
/* One scratch per thread. */
int ts_pf_scratch_new(const struct ts_pf *pf, struct ts_pf_scratch **s, struct ts_err *err);
void ts_pf_scratch_free(struct ts_pf_scratch *s);
/* Scans n bytes (n may exceed 4 GiB: it is fed in pieces that end at a
 * newline). TS_OK, TS_ESTOP when fn stopped it, TS_EDATA on engine error. */
int ts_pf_scan(const struct ts_pf *pf, struct ts_pf_scratch *s, const unsigned char *p, size_t n,
               ts_pf_hit_fn fn, void *ctx);
/* "Hyperscan 5.4.0 2021-01-26", or why it is unavailable. */
const char *ts_pf_describe(void);

#endif
