/* render.h — a report as a generic table (column names, rows of text or
 * number cells) written in one of the row formats (pure; no I/O):
 *
 *   csv    RFC 4180 with csv.h's rules (cut, formula neutralising unless raw);
 *          byte for byte what SPEC.md §6 specifies.
 *   table  columns aligned for a terminal: text left, numbers right, two
 *          spaces between columns, a dashed rule under the header, LF line
 *          ends, text cut like CSV and escaped for a terminal (escape.h).
 *          Widths need every row, so rows are kept until ts_render_end;
 *          a caller that can produce its rows twice (the events spool)
 *          measures them first and then streams them (ts_render_measure).
 *   jsonl  one JSON object per row, keys in column order, numbers as JSON
 *          numbers, text as strings (cut like CSV, escaped per escape.h),
 *          an absent value (empty, or the placeholder "-") as null, and a
 *          number written in the log (pid, port, serial, instance) as a JSON
 *          number when it is plain decimal below 2^53, else as its text.
 *
 * Rows are appended to the caller's buffer as they come (csv, jsonl), so the
 * caller can hand it to the output and empty it between rows. Out of memory
 * sets the buffer's oom flag. The HTML dashboard is not a row format: see
 * html.h. */
#ifndef TS_RENDER_H
#define TS_RENDER_H

#include <stdint.h>

#include "base/buf.h"
#include "base/ts.h"

enum ts_render_format { TS_FORMAT_CSV, TS_FORMAT_TABLE, TS_FORMAT_JSONL, TS_FORMAT_HTML, TS_FORMAT_PROM };
/* Format by name ("csv", "table", "jsonl", "html", "prom") into *format:
 * TS_OK, or TS_EUSAGE if unknown. */
int ts_render_format_by_name(const char *name, int *format);

/* TS_CELL_INT: a number as the log wrote it (text in csv and table). */
enum ts_render_kind { TS_CELL_TEXT, TS_CELL_NUM, TS_CELL_INT };

/* A text cell is s, or "s s2" when s2 is not empty (the events detail). */
struct ts_render_cell {
    int kind;
    ts_str s, s2;
    uint64_t n;
};

static inline struct ts_render_cell ts_render_text(ts_str s)
{
    return (struct ts_render_cell){TS_CELL_TEXT, s, {0, 0}, 0};
}
static inline struct ts_render_cell ts_render_int(ts_str s)
{
    return (struct ts_render_cell){TS_CELL_INT, s, {0, 0}, 0};
}
static inline struct ts_render_cell ts_render_num(uint64_t n)
{
    return (struct ts_render_cell){TS_CELL_NUM, {0, 0}, {0, 0}, n};
}

struct ts_render {
    int fmt, raw, ncols;
    const char *const *names;
    struct ts_buf *b;
    /* table: every cell's escaped text, and per cell {offset, length, columns, kind} */
    struct ts_buf text, meta;
    size_t *width;
    size_t nrows;
    int *num;      /* table: right-aligned columns, from the first row */
    int streaming; /* table: header written, rows go straight out */
};

/* Writes the header (csv, and table at the end). names has ncols entries
 * and must stay valid until ts_render_end. */
void ts_render_begin(struct ts_render *r, int fmt, int raw, const char *const *names, int ncols,
                     struct ts_buf *b);
/* cells has ncols entries. */
void ts_render_row(struct ts_render *r, const struct ts_render_cell *cells);
/* Writes what was kept (table) and frees the renderer. */
void ts_render_end(struct ts_render *r);

/* Two passes for a table in bounded memory: ts_render_measure every row
 * (only widths are kept), ts_render_stream once (writes the header), then
 * ts_render_row every row again, in the same order, each written at once.
 * The output equals one pass of ts_render_row. ts_render_two_pass says
 * whether the format needs it (table); the others need no first pass. */
int ts_render_two_pass(const struct ts_render *r);
void ts_render_measure(struct ts_render *r, const struct ts_render_cell *cells);
void ts_render_stream(struct ts_render *r);

#endif
