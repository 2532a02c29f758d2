/* render.c — see render.h. */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "report/csv.h"
#include "report/render.h"

struct tcell {
    size_t off, len, cols;
    int num;
};

int ts_render_format_by_name(const char *name, int *format)
{
    static const char *const names[] = {"csv", "table", "jsonl", "html", "prom"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(name, names[i]) == 0) {
            *format = i;
            return TS_OK;
        }
    return TS_EUSAGE;
}

/* "s s2" cut to TS_FIELD_CUT bytes plus "...", the way the CSV cell is. */
static ts_str joined(struct ts_buf *tmp, const struct ts_render_cell *c)
{
    tmp->n = 0;
    if (c->s.n > 0) ts_buf_put(tmp, c->s.p, (size_t)c->s.n);
    if (c->s2.n > 0) {
        if (c->s.n > 0) ts_buf_put(tmp, " ", 1);
        ts_buf_put(tmp, c->s2.p, (size_t)c->s2.n);
    }
    if (tmp->n > TS_FIELD_CUT) {
        tmp->n = TS_FIELD_CUT;
        ts_buf_put(tmp, "...", 3);
    }
    return (ts_str){(const unsigned char *)tmp->p, tmp->oom ? 0 : (ptrdiff_t)tmp->n};
}

void ts_render_begin(struct ts_render *r, int fmt, int raw, const char *const *names, int ncols,
                     struct ts_buf *b)
{
    memset(r, 0, sizeof *r);
    r->fmt = fmt;
    r->raw = raw;
    r->names = names;
    r->ncols = ncols;
    r->b = b;
    if (fmt == TS_FORMAT_CSV) {
        for (int c = 0; c < ncols; c++) {
            if (c) ts_csv_sep(b);
            ts_buf_str(b, names[c]);
        }
        ts_csv_eol(b);
    } else if (fmt == TS_FORMAT_TABLE) {
        r->width = calloc((size_t)ncols, sizeof *r->width);
        if (!r->width) b->oom = 1;
        for (int c = 0; r->width && c < ncols; c++) r->width[c] = strlen(names[c]);
    }
}

/* 1 when s is a decimal a JSON reader takes back exactly: no sign, no
 * leading zero, below 2^53. */
static int json_int(ts_str s)
{
    if (s.n < 1 || s.n > 16 || (s.p[0] == '0' && s.n > 1)) return 0;
    uint64_t v = 0;
    for (ptrdiff_t i = 0; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9') return 0;
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    return v < ((uint64_t)1 << 53);
}

static int absent(ts_str s)
{
    return s.n == 0 || (s.n == 1 && s.p[0] == '-');
}

static void jsonl_row(struct ts_render *r, const struct ts_render_cell *cells)
{
    struct ts_buf *b = r->b, tmp = {0};
    ts_buf_put(b, "{", 1);
    for (int c = 0; c < r->ncols; c++) {
        if (c) ts_buf_put(b, ",", 1);
        ts_buf_put(b, "\"", 1);
        ts_escape_json(b, (ts_str){(const unsigned char *)r->names[c], (ptrdiff_t)strlen(r->names[c])});
        ts_buf_put(b, "\":", 2);
        const ts_str v = cells[c].kind == TS_CELL_NUM ? (ts_str){0, 0} : joined(&tmp, &cells[c]);
        if (cells[c].kind == TS_CELL_NUM) {
            ts_csv_u64(b, cells[c].n);
        } else if (absent(v)) {
            ts_buf_str(b, "null");
        } else if (cells[c].kind == TS_CELL_INT && json_int(v)) {
            ts_buf_put(b, v.p, (size_t)v.n);
        } else {
            ts_buf_put(b, "\"", 1);
            ts_escape_json(b, v);
            ts_buf_put(b, "\"", 1);
        }
    }
    ts_buf_put(b, "}\n", 2);
    if (tmp.oom) b->oom = 1;
    ts_buf_free(&tmp);
}

static void table_line(struct ts_render *r, const struct tcell *t, const char *text, const int *num);
static void table_head(struct ts_render *r, const int *num);

static void table_row(struct ts_render *r, const struct ts_render_cell *cells)
{
    if (r->streaming) r->text.n = r->meta.n = 0; /* one row at a time */
    if (!r->num && (r->num = calloc((size_t)r->ncols, sizeof *r->num)))
        for (int c = 0; c < r->ncols; c++) r->num[c] = cells[c].kind == TS_CELL_NUM;
    if (!r->num) r->b->oom = 1;
    struct ts_buf tmp = {0};
    for (int c = 0; c < r->ncols; c++) {
        struct tcell t = {r->text.n, 0, 0, cells[c].kind == TS_CELL_NUM};
        if (t.num) {
            ts_csv_u64(&r->text, cells[c].n);
            t.cols = r->text.n - t.off;
        } else {
            t.cols = ts_escape_term(&r->text, joined(&tmp, &cells[c]));
        }
        t.len = r->text.n - t.off;
        ts_buf_put(&r->meta, &t, sizeof t);
        if (r->width && t.cols > r->width[c]) r->width[c] = t.cols;
    }
    if (tmp.oom || r->text.oom || r->meta.oom) r->b->oom = 1;
    ts_buf_free(&tmp);
    r->nrows++;
    if (r->streaming && !r->b->oom && r->num) table_line(r, (const struct tcell *)r->meta.p, r->text.p, r->num);
}

int ts_render_two_pass(const struct ts_render *r)
{
    return r->fmt == TS_FORMAT_TABLE;
}

void ts_render_measure(struct ts_render *r, const struct ts_render_cell *cells)
{
    if (r->fmt != TS_FORMAT_TABLE) return;
    table_row(r, cells); /* widths grow; the text is dropped below */
    r->text.n = r->meta.n = 0;
}

void ts_render_stream(struct ts_render *r)
{
    if (r->fmt != TS_FORMAT_TABLE) return;
    int *none = r->num ? NULL : calloc((size_t)r->ncols, sizeof *none);
    if (!r->width || (!r->num && !none)) r->b->oom = 1;
    else table_head(r, r->num ? r->num : none);
    free(none);
    r->nrows = 0;
    r->streaming = 1;
}

void ts_render_row(struct ts_render *r, const struct ts_render_cell *cells)
{
    struct ts_buf *b = r->b;
    switch (r->fmt) {
    case TS_FORMAT_TABLE: table_row(r, cells); break;
    case TS_FORMAT_JSONL: jsonl_row(r, cells); break;
    default:
        for (int c = 0; c < r->ncols; c++) {
            if (cells[c].kind == TS_CELL_NUM) {
                ts_csv_num(b, cells[c].n, c > 0);
                continue;
            }
            if (c) ts_csv_sep(b);
            ts_csv_text2(b, cells[c].s, cells[c].s2, r->raw);
        }
        ts_csv_eol(b);
    }
}

static void pad(struct ts_buf *b, size_t n)
{
    static const char sp[] = "                                ";
    for (; n > sizeof sp - 1; n -= sizeof sp - 1) ts_buf_put(b, sp, sizeof sp - 1);
    ts_buf_put(b, sp, n);
}

/* One aligned line; trailing blanks dropped. */
static void table_line(struct ts_render *r, const struct tcell *t, const char *text, const int *num)
{
    struct ts_buf *b = r->b;
    const size_t start = b->n;
    for (int c = 0; c < r->ncols; c++) {
        if (c) pad(b, 2);
        const size_t fill = r->width[c] > t[c].cols ? r->width[c] - t[c].cols : 0;
        if (num[c]) pad(b, fill);
        ts_buf_put(b, text + t[c].off, t[c].len);
        if (!num[c]) pad(b, fill);
    }
    while (!b->oom && b->n > start && b->p[b->n - 1] == ' ') b->n--;
    ts_buf_put(b, "\n", 1);
}

/* The names and the dashed rule under them. */
static void table_head(struct ts_render *r, const int *num)
{
    struct ts_buf *b = r->b;
    const int nc = r->ncols;
    struct tcell *head = calloc((size_t)nc, sizeof *head);
    struct ts_buf htext = {0};
    if (!head) {
        b->oom = 1;
        return;
    }
    for (int c = 0; c < nc; c++) {
        head[c] = (struct tcell){htext.n, strlen(r->names[c]), strlen(r->names[c]), 0};
        ts_buf_str(&htext, r->names[c]);
    }
    if (htext.oom) b->oom = 1;
    else table_line(r, head, htext.p, num);
    for (int c = 0; c < nc; c++) {
        if (c) pad(b, 2);
        for (size_t k = 0; k < r->width[c]; k++) ts_buf_put(b, "-", 1);
    }
    ts_buf_put(b, "\n", 1);
    ts_buf_free(&htext);
    free(head);
}

static void table_end(struct ts_render *r)
{
    struct ts_buf *b = r->b;
    const int nc = r->ncols;
    const struct tcell *rows = (const struct tcell *)r->meta.p;
    int *num = calloc((size_t)nc, sizeof *num);
    if (!num || !r->width || b->oom) {
        b->oom = 1;
        free(num);
        return;
    }
    for (int c = 0; c < nc; c++) num[c] = r->nrows > 0 && rows[c].num;
    table_head(r, num);
    for (size_t i = 0; i < r->nrows; i++) table_line(r, rows + i * (size_t)nc, r->text.p, num);
    free(num);
}

void ts_render_end(struct ts_render *r)
{
    if (r->fmt == TS_FORMAT_TABLE && !r->streaming) table_end(r);
    ts_buf_free(&r->text);
    ts_buf_free(&r->meta);
    free(r->width);
    free(r->num);
    r->width = NULL;
    r->num = NULL;
}
