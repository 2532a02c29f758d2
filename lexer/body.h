/* body.h — private to the lexer: the event class of a message body
 * (lexer/body.re, SPEC.md §4). */
#ifndef TS_BODY_H
#define TS_BODY_H

#include "lexer/class.h"

/* Class of the body starting at p; the line's '\n' (at or before lim) is
 * the sentinel. *rest is set to where the matched phrase ends, NULL for
 * TS_C_OTHER. */
int ts_body_class(const unsigned char *p, const unsigned char *lim, const unsigned char **rest);

#endif
