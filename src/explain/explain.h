/* explain.h — `tunnelstat explain`: the vendor's log guide as a program.
 * Given a lexed line, writes the line, its class and a one-sentence meaning
 * with the line's fields filled in, plus what to do about it for failures
 * (pure; no I/O).
 *
 * All wording lives at the top of explain.c, as data: the table of meanings
 * (one row per class, and a few rows for particular wordings of a class,
 * chosen by the start of the message body or by its detail) and the table of
 * UI phrases, each with one column per language. Templates name the line's
 * fields:
 *
 *   {peer} {port} {conn} {inst} {serial} {tag} {state} {host}
 *   {detail} (the events report's detail: "d1 d2"), {d1}, {d2},
 *   {local} (= d1; the local address of Qno "... packet on X" lines)
 *
 * and "[[ ... ]]" marks a part that is left out when a field in it is
 * empty, so one sentence serves lines with and without, say, a peer.
 * Values from the log are escaped for a terminal (escape.h). */
#ifndef TS_EXPLAIN_H
#define TS_EXPLAIN_H

#include <stdint.h>

#include "base/buf.h"
#include "base/ts.h"
#include "explain/phrases.h"
#include "lexer/pluto.h"

struct ts_explain_opts {
    int lang;  /* enum ts_lang */
    int color; /* ANSI colours for a terminal */
};

/* Appends the explanation of one line: "WHERE: LINE" then, for an IKE line,
 * "  => CLASS: meaning" and, when the class has one, "     What to do: ...".
 * kind is ts_lex_line's result and L its fields (only read for IKE lines);
 * line is the raw line without its end. where may be empty. */
void ts_explain_line(struct ts_buf *b, ts_str where, ts_str line, int kind, const struct ts_line *L,
                     const struct ts_explain_opts *o);

/* The `--unknown` listing: rows of (count, shape, example) already sorted;
 * total = lines of class other, dropped = of those, lines whose shape was
 * not kept (too many shapes). */
struct ts_shapes_row;
void ts_explain_unknown(struct ts_buf *b, const struct ts_shapes_row *rows, size_t n, uint64_t total,
                        uint64_t dropped, const struct ts_explain_opts *o);

/* TS_OK when tmpl is well formed: balanced "[[ ]]" (not nested) and only
 * known {names}; else TS_EDATA. */
int ts_explain_check(const char *tmpl);
/* The table row that explains L (always one: every class has a default). */
int ts_explain_pick(const struct ts_line *L);

#endif
