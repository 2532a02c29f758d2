/* csv.h — RFC 4180 cells into a growable buffer (pure; no I/O).
 *
 * Text cells are cut to TS_FIELD_CUT bytes plus "..." and, unless raw,
 * neutralised against spreadsheet formula injection: a cell starting with
 * = + - @ TAB or CR gets a leading ' and is quoted (the lone placeholder "-"
 * is left alone). Numeric cells are written as is. Rows end in CRLF. */
#ifndef TS_CSV_H
#define TS_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/ts.h"


void ts_csv_text(struct ts_buf *b, ts_str s, int raw);
void ts_csv_u64(struct ts_buf *b, uint64_t v);
/* A comma when sep, then v: the same bytes as ts_csv_sep and ts_csv_u64. */
void ts_csv_num(struct ts_buf *b, uint64_t v, int sep);
/* Joins two text parts with a space into one cell ("d1 d2"). */
void ts_csv_text2(struct ts_buf *b, ts_str s1, ts_str s2, int raw);
static inline void ts_csv_sep(struct ts_buf *b) { ts_buf_put(b, ",", 1); }
static inline void ts_csv_eol(struct ts_buf *b) { ts_buf_put(b, "\r\n", 2); }

#endif
