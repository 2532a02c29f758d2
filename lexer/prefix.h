/* prefix.h — private to the lexer: stages 3 and 4 of ts_lex_line
 * (lexer/prefix.re), on the message after the syslog header. Both stop at
 * the line's '\n' (*nl), which the caller guarantees. */
#ifndef TS_PREFIX_H
#define TS_PREFIX_H

#include "lexer/line.h"

/* The pluto prefix at m: connection, instance, peer, serial into o. Sets
 * *has to 1 and returns where the message goes on when there is one, else
 * sets *has to 0 and returns m with those fields empty. */
const unsigned char *ts_prefix_lex(const unsigned char *m, const unsigned char *nl, struct ts_line *o, int *has);
/* A Qno "[Tunnel ...]" tag, then a "STATE_X: " story, each when present
 * (o->tag, o->state); returns where the message body starts. */
const unsigned char *ts_prefix_tag_story(const unsigned char *m, const unsigned char *nl, struct ts_line *o);

#endif
