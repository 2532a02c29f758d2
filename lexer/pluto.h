/* pluto.h — API of the re2c-generated line lexer (lexer/pluto.re).
 *
 * ts_lex_line() lexes one line in place: every ts_str it fills points into
 * the caller's buffer, nothing is copied or allocated. The caller guarantees
 * that *nl == '\n' (the lexer's sentinel) and that the line is [p, nl). The
 * lexer is pure: same bytes in, same struct out, whatever thread or chunk. */
#ifndef TS_PLUTO_H
#define TS_PLUTO_H

#include "lexer/line.h"

/* Lexes [p, nl); *nl must be '\n'. Returns out->kind. */
int ts_lex_line(const unsigned char *p, const unsigned char *nl, struct ts_line *out);

#endif
