/* detail.h — private to the lexer: fills o->d1/o->d2 for o->cls from the
 * rest of the body after the matched phrase, [rest, eol). */
#ifndef TS_DETAIL_H
#define TS_DETAIL_H

#include "lexer/line.h"

void ts_detail(struct ts_line *o, const unsigned char *rest, const unsigned char *eol);
/* A peer address the message [a, b) names in its own text ("from unknown
 * peer ADDR", "request to ADDR:UDP/500", ...); empty when none. */
ts_str ts_text_peer(const unsigned char *a, const unsigned char *b);

#endif
