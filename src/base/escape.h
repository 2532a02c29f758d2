/* escape.h — log text made safe for the media the writers other than CSV
 * produce: a terminal, JSON and HTML (pure; no I/O).
 *
 * Log text is attacker-influenced (peer IDs, user names, whole forged syslog
 * lines) and may hold any byte. A terminal must never receive control
 * characters (escape sequences could rewrite the screen), JSON must be valid
 * UTF-8, HTML must not open tags. So every writer decodes UTF-8 strictly and
 * replaces what it cannot pass through:
 *   terminal: C0/C1 controls, DEL and bytes of invalid UTF-8 as \ooo (the way
 *             pluto itself prints unprintable bytes);
 *   JSON:     invalid UTF-8 bytes as \ufffd; controls, DEL, U+2028/U+2029
 *             as \u00XX / \b \f \n \r \t / \u2028;
 *   HTML:     & < > " ' as entities; invalid UTF-8 bytes and controls
 *             (except TAB and LF) as U+FFFD. */
#ifndef TS_ESCAPE_H
#define TS_ESCAPE_H

#include <stdint.h>

#include "base/buf.h"
#include "base/ts.h"

/* Length (1..4) of the well-formed UTF-8 sequence at p (p < e), its code
 * point in *cp; 0 when the byte at p does not start one (stray continuation,
 * overlong form, surrogate, beyond U+10FFFF, cut short). */
int ts_escape_utf8_next(const unsigned char *p, const unsigned char *e, uint32_t *cp);
/* Terminal columns of a code point: 2 for East Asian wide and fullwidth
 * characters, else 1 (controls never reach a terminal unescaped). */
int ts_escape_utf8_width(uint32_t cp);

/* Appends s for a terminal; returns the columns it takes. */
size_t ts_escape_term(struct ts_buf *b, ts_str s);
/* Appends the body of a JSON string (no quotes). */
void ts_escape_json(struct ts_buf *b, ts_str s);
/* Appends HTML text, safe in element content and quoted attributes. */
void ts_escape_html(struct ts_buf *b, ts_str s);

#endif
