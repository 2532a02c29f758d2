/* detail.h — private to the lexer: fills o->d1/o->d2 for o->cls from the
 * rest of the body after the matched phrase, [rest, eol). */
#ifndef TS_DETAIL_H
#define TS_DETAIL_H

#include "lexer/line.h"

void ts_detail(struct ts_line *o, const unsigned char *rest, const unsigned char *eol);

#endif
