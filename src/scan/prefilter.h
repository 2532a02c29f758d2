/* prefilter.h — the literal gate in front of the lexer.
 *
 * It only selects candidate lines; the lexer decides. Lines containing the
 * literal "pluto", plus the line starts ts_pf_headerless() accepts, are a
 * superset of every line the lexer can call an IKE daemon line (SPEC.md §2),
 * so reports are byte-identical with and without it (tests/cli proves it on
 * the corpus, fuzz_scan on arbitrary bytes). Two engines find the literal:
 * Hyperscan, in a pass of its own before the line walk, or the line walk
 * itself, in the vector pass that finds the newlines (linewalk.h); both
 * select the same lines. Hyperscan built out (HAVE_HS=0) or unable to run on
 * this CPU: ts_prefilter_new fails for it and the caller lexes every line. */
#ifndef TS_PREFILTER_H
#define TS_PREFILTER_H

#include <stddef.h>

#include "base/ts.h"

/* Every header-ful line the lexer can accept holds it (its program name). */
#define TS_PF_LITERAL "pluto"
#define TS_PF_LITLEN 5

enum ts_prefilter_kind {
    TS_PF_NONE,      /* lex every line */
    TS_PF_HYPERSCAN, /* Hyperscan finds the literal, then the walk */
    TS_PF_WALK,      /* the walk finds it */
};
/* Chosen by measurement: bench/NOTES.md §16. */
#define TS_PF_DEFAULT TS_PF_WALK

struct ts_prefilter;
struct ts_prefilter_scratch;

/* Called with the offset just past each literal match, in increasing order
 * for one block. Return non-zero to stop the scan. */
typedef int (*ts_prefilter_hit_fn)(void *ctx, size_t end);

/* kind is TS_PF_HYPERSCAN or TS_PF_WALK. */
int ts_prefilter_new(struct ts_prefilter **pf, enum ts_prefilter_kind kind, struct ts_err *err);
enum ts_prefilter_kind ts_prefilter_kind(const struct ts_prefilter *pf);
/* "hyperscan", "walk" or "none". */
const char *ts_prefilter_name(enum ts_prefilter_kind kind);
void ts_prefilter_free(struct ts_prefilter *pf);
/* One scratch per thread (NULL for the walk, which needs none). */
int ts_prefilter_scratch_new(const struct ts_prefilter *pf, struct ts_prefilter_scratch **s, struct ts_err *err);
void ts_prefilter_scratch_free(struct ts_prefilter_scratch *s);
/* Hyperscan only. Scans n bytes (n may exceed 4 GiB: it is fed in pieces that end at a
 * newline). TS_OK, TS_ESTOP when fn stopped it, TS_EENGINE on engine error. */
int ts_prefilter_scan(const struct ts_prefilter *pf, struct ts_prefilter_scratch *s, const unsigned char *p, size_t n,
               ts_prefilter_hit_fn fn, void *ctx);
/* 1 when the line [q, nl) could be a headerless IKE line (H6, H7, whack):
 * a cheap test of its first bytes, a superset of what the lexer accepts
 * without a program name. Used with the "pluto" literal hits. With nl past
 * the line's end (the block's end), it answers for a possibly longer line:
 * still a superset. */
static inline int ts_pf_headerless(const unsigned char *q, const unsigned char *nl)
{
    const ptrdiff_t n = nl - q;
    if (n <= 0) return 0;
    switch (q[0]) {
    case '"': case '(': case '#': /* H7 prefixes */
    case 'p': case 'c':           /* "packet from ", "connection from " */
        return 1;
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': /* whack "NNN " or "1v2 " */
        return n >= 4 && q[3] == ' ';
    case '<': { /* <PRI> before an H6 time stamp */
        const unsigned char *r = q + 1;
        while (r < nl && r - q < 5 && *r >= '0' && *r <= '9') r++;
        if (r >= nl || *r != '>') return 0;
        q = r + 1;
        break;
    }
    default: break;
    }
    /* H6 "Mmm dd HH:MM:SS: " / "Mmm d HH:MM:SS.frac: ": ':' or '.' right
     * after the seconds, at offset 14 or 15. */
    return nl - q > 15 && (q[14] == ':' || q[15] == ':' || q[14] == '.' || q[15] == '.');
}
/* "Hyperscan 5.4.0 2021-01-26", or why it is unavailable. */
const char *ts_prefilter_describe(void);

#endif
