/* report.c — see report.h. Each kind turns the run into rows of cells for
 * the renderer; rows are built in a buffer that is handed to the output
 * every few hundred KiB. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "report/columns.h"
#include "report/html.h"
#include "report/render.h"
#include "report/report.h"

/* Key columns before the counts (at most 3) and the count columns. */
#define MAX_COLS (3 + TS_NCOLUMNS)

int ts_report_by_name(const char *name)
{
    static const char *const names[] = {"peers", "events", "daily", "conns", "top"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

static int flush(struct ts_buf *b, struct ts_out *out, struct ts_err *err, int force)
{
    if (b->oom) {
        ts_err_set(err, TS_ENOMEM, 0, NULL, "out of memory while writing the report");
        return TS_ENOMEM;
    }
    if ((b->n < ((size_t)256 << 10) && !force) || b->n == 0) return TS_OK;
    int rc = ts_out_write(out, b->p, b->n, err);
    b->n = 0;
    return rc;
}

static int oom(struct ts_err *err)
{
    ts_err_set(err, TS_ENOMEM, 0, NULL, "out of memory while sorting the report");
    return TS_ENOMEM;
}

/* A renderer whose columns are the given keys, then extra, then the counts. */
struct sheet {
    struct ts_render r;
    const char *names[MAX_COLS];
    struct ts_render_cell cells[MAX_COLS];
    int nkeys;
};

static void sheet_begin(struct sheet *s, const struct ts_report_opts *o, struct ts_buf *b, const char *const *keys,
                        int nkeys)
{
    for (int i = 0; i < nkeys; i++) s->names[i] = keys[i];
    for (int c = 0; c < ts_ncolumns; c++) s->names[nkeys + c] = ts_columns[c].name;
    s->nkeys = nkeys;
    ts_render_begin(&s->r, o->format, o->raw, s->names, nkeys + ts_ncolumns, b);
}

/* Row: the key cells are already in s->cells[0..nkeys). */
static void sheet_row(struct sheet *s, const struct ts_agg_counts *n)
{
    for (int c = 0; c < ts_ncolumns; c++) s->cells[s->nkeys + c] = ts_render_num(ts_columns_value(n, c));
    ts_render_row(&s->r, s->cells);
}

/* peers (day, host, peer) and conns (day, host, conn): rows of an aggregate. */
static int keyed(const struct ts_agg *a, const char *third, const struct ts_report_opts *o, struct ts_buf *b,
                 struct ts_out *out, struct ts_err *err)
{
    const char *keys[] = {"day", "host", third};
    struct sheet s;
    sheet_begin(&s, o, b, keys, 3);
    struct ts_agg_row *rows;
    size_t n;
    if (ts_agg_rows(a, &rows, &n) != TS_OK) {
        ts_render_end(&s.r);
        return oom(err);
    }
    int rc = TS_OK;
    for (size_t i = 0; i < n && rc == TS_OK; i++) {
        if (!ts_columns_any(rows[i].n) || !ts_summary_days_keep(&o->days, rows[i].day)) continue;
        s.cells[0] = ts_render_text(rows[i].day);
        s.cells[1] = ts_render_text(rows[i].host);
        s.cells[2] = ts_render_text(rows[i].peer);
        sheet_row(&s, rows[i].n);
        rc = flush(b, out, err, 0);
    }
    ts_render_end(&s.r);
    free(rows);
    return rc;
}

/* daily (sums per day) and top (sums per host and peer, ranked). */
static int sums(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_out *out,
                struct ts_err *err)
{
    static const char *const day_keys[] = {"day"}, *const top_keys[] = {"host", "peer", "failures"};
    const int top = o->kind == TS_REPORT_TOP;
    struct sheet s;
    sheet_begin(&s, o, b, top ? top_keys : day_keys, top ? 3 : 1);
    struct ts_agg_row *rows = NULL;
    struct ts_summary_day *ds = NULL;
    struct ts_summary_peer *tp = NULL;
    size_t n, ns = 0;
    int rc = ts_agg_rows(&r->agg, &rows, &n);
    if (rc == TS_OK)
        rc = top ? ts_summary_top_peers(rows, n, &o->days, o->top, &tp, &ns) : ts_summary_by_day(rows, n, &o->days, &ds, &ns);
    if (rc != TS_OK) rc = oom(err);
    for (size_t i = 0; i < ns && rc == TS_OK; i++) {
        if (top) {
            s.cells[0] = ts_render_text(tp[i].host);
            s.cells[1] = ts_render_text(tp[i].peer);
            s.cells[2] = ts_render_num(tp[i].fail);
            sheet_row(&s, &tp[i].n);
        } else if (ts_columns_any(&ds[i].n)) {
            s.cells[0] = ts_render_text(ds[i].day);
            sheet_row(&s, &ds[i].n);
        }
        rc = flush(b, out, err, 0);
    }
    ts_render_end(&s.r);
    free(tp);
    free(ds);
    free(rows);
    return rc;
}

static const char *const k_sources[] = {"none", "line", "serial", "conn"};

static ts_str cstr(const char *s)
{
    return (ts_str){(const unsigned char *)s, (ptrdiff_t)strlen(s)};
}

static int events(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_out *out,
                  struct ts_err *err)
{
    static const char *const names[] = {"file", "line", "day",    "time", "host",   "pid",  "conn",  "instance",
                                        "peer", "port", "serial", "tag",  "class", "detail", "peer_source"};
    struct ts_render rd;
    ts_render_begin(&rd, o->format, o->raw, names, 15, b);
    int rc = TS_OK;
    for (int i = 0; i < r->nunits && rc == TS_OK; i++) {
        const struct ts_run_unit *u = &r->units[i];
        const ts_str file = cstr(r->files[u->file].path);
        for (const struct ts_event *e = u->ev.head; e && rc == TS_OK; e = e->next) {
            if (!ts_summary_days_keep(&o->days, e->day)) continue;
            int src = TS_SRC_LINE;
            ts_str peer = e->peer;
            if (!peer.n) peer = ts_agg_resolve(&r->agg, e->host, e->pid, e->serial, e->conn, &src);
            struct ts_render_cell c[15] = {
                ts_render_text(file),        ts_render_num(u->base + e->line), ts_render_text(e->day),
                ts_render_text(e->time),     ts_render_text(e->host),          ts_render_text(e->pid),
                ts_render_text(e->conn),     ts_render_text(e->instance),      ts_render_text(peer),
                ts_render_text(e->port),     ts_render_text(e->serial),        ts_render_text(e->tag),
                ts_render_text(cstr(ts_class_name(e->cls))), ts_render_text(e->d1),
                ts_render_text(cstr(k_sources[src])),
            };
            c[13].s2 = e->d2;
            for (uint32_t k = 0; k < e->weight && rc == TS_OK; k++) {
                ts_render_row(&rd, c);
                rc = flush(b, out, err, 0);
            }
        }
    }
    ts_render_end(&rd);
    return rc;
}

static int dashboard(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_err *err)
{
    struct ts_agg_row *rows;
    size_t n;
    if (ts_agg_rows(&r->agg, &rows, &n) != TS_OK) return oom(err);
    int rc = ts_html_dashboard(b, rows, n, &o->days, o->top ? o->top : 10);
    free(rows);
    return rc == TS_OK ? TS_OK : oom(err);
}

int ts_report_write(const struct ts_run *r, const struct ts_report_opts *o, struct ts_out *out,
                    struct ts_err *err)
{
    struct ts_buf b = {0};
    int rc;
    if (o->format == TS_FORMAT_HTML) rc = dashboard(r, o, &b, err);
    else if (o->kind == TS_REPORT_EVENTS) rc = events(r, o, &b, out, err);
    else if (o->kind == TS_REPORT_DAILY || o->kind == TS_REPORT_TOP) rc = sums(r, o, &b, out, err);
    else if (o->kind == TS_REPORT_CONNS) rc = keyed(&r->conns, "conn", o, &b, out, err);
    else rc = keyed(&r->agg, "peer", o, &b, out, err);
    if (rc == TS_OK) rc = flush(&b, out, err, 1);
    ts_buf_free(&b);
    return rc;
}
