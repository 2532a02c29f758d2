/* report.c — see report.h. Each kind turns the run into rows of cells for
 * the renderer; rows are built in a buffer that is handed to the output
 * every few hundred KiB. */
#include <stdlib.h>
#include <string.h>

#include "agg/run.h"
#include "base/buf.h"
#include "report/columns.h"
#include "report/html.h"
#include "report/prom.h"
#include "report/render.h"
#include "report/report.h"
#include "report/strip.h"

/* Key columns before the counts (at most 5) and the count columns. */
#define MAX_COLS (5 + TS_NCOLUMNS)

int ts_report_by_name(const char *name, int *kind)
{
    static const char *const names[] = {"peers", "events", "daily", "conns", "top", "sessions", "availability"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(name, names[i]) == 0) {
            *kind = i;
            return TS_OK;
        }
    return TS_EUSAGE;
}

static int to_out(void *out, const void *p, size_t n, struct ts_err *err)
{
    return ts_out_write(out, p, n, err);
}

/* Rows go to the output every 256 KiB (force: now). */
static int flush(struct ts_buf *b, struct ts_out *out, struct ts_err *err, int force)
{
    return ts_buf_flush(b, force ? 0 : (size_t)256 << 10, to_out, out, err);
}

static int oom(struct ts_err *err)
{
    ts_err_set(err, TS_ENOMEM, 0, NULL, "out of memory while sorting the report");
    return TS_ENOMEM;
}

/* The aggregate's rows whose peer passes --peers, and the known peers of
 * the whole data (the filter and top's peer_kind need them). */
static int rows_of(const struct ts_agg *a, const struct ts_report_opts *o, struct ts_agg_row **rows, size_t *n,
                   struct ts_summary_known *k)
{
    k->peer = NULL;
    k->n = 0;
    if (ts_agg_rows(a, rows, n) != TS_OK) return TS_ENOMEM;
    if (ts_summary_known_init(k, *rows, *n) != TS_OK) {
        free(*rows);
        return TS_ENOMEM;
    }
    *n = ts_summary_kind_filter(k, o->peers, *rows, *n);
    return TS_OK;
}

static const char *const k_kinds[] = {"all", "known", "stranger", "-"};

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
static void sheet_values(struct sheet *s, const uint64_t v[TS_NCOLUMNS])
{
    for (int c = 0; c < TS_NCOLUMNS; c++) s->cells[s->nkeys + c] = ts_render_num(v[c]);
    ts_render_row(&s->r, s->cells);
}

static void sheet_row(struct sheet *s, const struct ts_agg_counts *n)
{
    uint64_t v[TS_NCOLUMNS];
    ts_columns_all(n, v);
    sheet_values(s, v);
}

/* peers (day, host, peer) and conns (day, host, conn): rows of an aggregate. */
static int keyed(const struct ts_agg *a, const char *third, const struct ts_report_opts *o, struct ts_buf *b,
                 struct ts_out *out, struct ts_err *err)
{
    const int named = o->names && strcmp(third, "peer") == 0;
    const char *keys[] = {"day", "host", third, "peer_name"};
    struct sheet s;
    sheet_begin(&s, o, b, keys, 3 + named);
    struct ts_agg_row *rows;
    size_t n;
    struct ts_summary_known k;
    if (rows_of(a, o, &rows, &n, &k) != TS_OK) {
        ts_render_end(&s.r);
        return oom(err);
    }
    ts_summary_known_free(&k);
    int rc = TS_OK;
    for (size_t i = 0; i < n && rc == TS_OK; i++) {
        uint64_t v[TS_NCOLUMNS]; /* each column once per row: 124 k rows at 100 000 peers */
        if (!ts_columns_all(rows[i].n, v) || !ts_summary_days_keep(&o->days, rows[i].day)) continue;
        s.cells[0] = ts_render_text(rows[i].day);
        s.cells[1] = ts_render_text(rows[i].host);
        s.cells[2] = ts_render_text(rows[i].peer);
        if (named) s.cells[3] = ts_render_text(ts_names_get(o->names, rows[i].peer));
        sheet_values(&s, v);
        rc = flush(b, out, err, 0);
    }
    ts_render_end(&s.r);
    free(rows);
    return rc;
}

/* top: known peers and strangers apart, scanners would crowd out the
 * tunnels: the top N known peers, then the top N strangers, then the top N
 * rows of no attributed peer ("-"), each ranked by failures. */
static int top_by_kind(struct ts_agg_row *rows, size_t n, const struct ts_summary_known *k,
                       const struct ts_report_opts *o, struct ts_summary_peer **out, size_t *nout)
{
    static const int order[] = {TS_PEERS_KNOWN, TS_PEERS_STRANGERS, TS_PEERS_NONE};
    struct ts_agg_row *part = malloc((n ? n : 1) * sizeof *part);
    *out = malloc((3 * (o->top ? o->top : n) + 1) * sizeof **out);
    *nout = 0;
    int rc = part && *out ? TS_OK : TS_ENOMEM;
    for (int g = 0; g < 3 && rc == TS_OK; g++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (ts_summary_kind_of(k, rows[i].peer) == order[g]) part[m++] = rows[i];
        struct ts_summary_peer *tp;
        size_t nt;
        rc = ts_summary_top_peers(part, m, &o->days, o->top, &tp, &nt);
        if (rc != TS_OK) break;
        memcpy(*out + *nout, tp, nt * sizeof *tp);
        *nout += nt;
        free(tp);
    }
    free(part);
    return rc;
}

/* daily (sums per day) and top (sums per host and peer, ranked). */
static int sums(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_out *out,
                struct ts_err *err)
{
    static const char *const day_keys[] = {"day"}, *const top_keys[] = {"host", "peer", "peer_kind", "failures"},
                             *const named_keys[] = {"host", "peer", "peer_name", "peer_kind", "failures"};
    const int top = o->kind == TS_REPORT_TOP, named = top && o->names;
    struct sheet s;
    sheet_begin(&s, o, b, named ? named_keys : top ? top_keys : day_keys, top ? 4 + named : 1);
    struct ts_agg_row *rows = NULL;
    struct ts_summary_day *ds = NULL;
    struct ts_summary_peer *tp = NULL;
    struct ts_summary_known k;
    size_t n, ns = 0;
    int rc = rows_of(&r->agg, o, &rows, &n, &k);
    if (rc == TS_OK)
        rc = top ? top_by_kind(rows, n, &k, o, &tp, &ns) : ts_summary_by_day(rows, n, &o->days, &ds, &ns);
    if (rc != TS_OK) rc = oom(err);
    for (size_t i = 0; i < ns && rc == TS_OK; i++) {
        if (top) {
            s.cells[0] = ts_render_text(tp[i].host);
            s.cells[1] = ts_render_text(tp[i].peer);
            if (named) s.cells[2] = ts_render_text(ts_names_get(o->names, tp[i].peer));
            s.cells[2 + named] = ts_render_text(ts_str_c(k_kinds[ts_summary_kind_of(&k, tp[i].peer)]));
            s.cells[3 + named] = ts_render_num(tp[i].fail);
            sheet_row(&s, &tp[i].n);
        } else if (ts_columns_any(&ds[i].n)) {
            s.cells[0] = ts_render_text(ds[i].day);
            sheet_row(&s, &ds[i].n);
        }
        rc = flush(b, out, err, 0);
    }
    ts_render_end(&s.r);
    ts_summary_known_free(&k);
    free(tp);
    free(ds);
    free(rows);
    return rc;
}

static const char *const k_sources[] = {"none", "line", "serial", "conn"};

/* Every events row, in input order, rendered (or, measure: measured for a
 * table's widths). */
static int events_pass(const struct ts_run *r, const struct ts_report_opts *o, const struct ts_summary_known *known,
                       struct ts_render *rd, struct ts_buf *b, struct ts_out *out, struct ts_err *err, int measure)
{
    const int nn = o->names != NULL;
    int rc = TS_OK;
    for (int i = 0; i < r->nunits && rc == TS_OK; i++) {
        const struct ts_run_unit *u = &r->units[i];
        if (u->ev_end == u->ev_begin) continue;
        const ts_str file = ts_str_c(r->files[u->file].path);
        struct ts_events_reader rdr;
        if (ts_events_read_begin(&rdr, &r->spools[u->spool], u->ev_begin, u->ev_end) != TS_OK) return oom(err);
        struct ts_event ev, *e = &ev;
        int got;
        while (rc == TS_OK && (got = ts_events_next(&rdr, e, err)) != 0) {
            if (got != 1) {
                rc = got;
                break;
            }
            if (!ts_summary_days_keep(&o->days, e->day)) continue;
            int src = TS_SRC_LINE;
            ts_str peer = e->peer;
            if (!peer.n) peer = ts_agg_resolve(&r->agg, e->host, e->run, e->serial, e->conn, &src);
            if (!ts_summary_kind_keep(known, o->peers, peer)) continue;
            struct ts_render_cell c[17] = {
                ts_render_text(file),        ts_render_num(u->base + e->line), ts_render_text(e->day),
                ts_render_text(e->time),     ts_render_text(e->host),          ts_render_int(e->pid),
                ts_render_text(e->conn),     ts_render_int(e->instance),       ts_render_text(peer),
                ts_render_int(e->port),      ts_render_int(e->serial),         ts_render_text(e->tag),
                ts_render_text(ts_str_c(ts_class_name(e->cls))), ts_render_text(e->d1),
                ts_render_text(ts_str_c(k_sources[src])), ts_render_num(e->weight),
            };
            c[13].s2 = e->d2;
            if (nn) { /* peer_name after peer */
                memmove(&c[10], &c[9], 7 * sizeof c[0]);
                c[9] = ts_render_text(ts_names_get(o->names, peer));
            }
            /* A repeated message is one row with its count (SPEC.md §6): as
             * many rows as repetitions let one line of a hostile log write
             * 99 999 999 rows (13 GB), and -f table hold them all. */
            if (measure) {
                ts_render_measure(rd, c);
                if (b->oom) rc = oom(err);
            } else {
                ts_render_row(rd, c);
                rc = flush(b, out, err, 0);
            }
        }
        ts_events_read_end(&rdr);
    }
    return rc;
}

/* The rows are read back from the spool (events.h); a table reads them
 * twice, for its widths and then to write them, so that it does not hold
 * them all. */
static int events(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_out *out,
                  struct ts_err *err)
{
    static const char *const names[] = {"file",   "line",  "day",    "time", "host",    "pid",
                                        "conn",   "instance", "peer", "port", "serial", "tag",
                                        "class",  "detail", "peer_source", "count"},
                             *const named[] = {"file",   "line",   "day",   "time",  "host",   "pid",
                                               "conn",   "instance", "peer", "peer_name", "port", "serial",
                                               "tag",    "class",  "detail", "peer_source", "count"};
    const int nn = o->names != NULL;
    struct ts_render rd;
    ts_render_begin(&rd, o->format, o->raw, nn ? named : names, 16 + nn, b);
    struct ts_summary_known known = {0, 0};
    struct ts_agg_row *rows = NULL;
    size_t n;
    int rc = TS_OK;
    if (o->peers != TS_PEERS_ALL) {
        rc = rows_of(&r->agg, o, &rows, &n, &known);
        free(rows);
        if (rc != TS_OK) rc = oom(err);
    }
    if (rc == TS_OK && ts_render_two_pass(&rd)) {
        rc = events_pass(r, o, &known, &rd, b, out, err, 1);
        if (rc == TS_OK) ts_render_stream(&rd);
    }
    if (rc == TS_OK) rc = events_pass(r, o, &known, &rd, b, out, err, 0);
    ts_render_end(&rd);
    ts_summary_known_free(&known);
    return rc;
}

/* A session is kept when one of its days is: it gives the availability
 * report a row on every day from its start to its end. */
static int session_kept(const struct ts_summary_days *d, const struct ts_sessions_row *s)
{
    char a[11], z[11];
    ts_sessions_fmt_day(ts_sessions_day_of(s->start), a);
    ts_sessions_fmt_day(ts_sessions_day_of(s->end), z);
    return (!d->until || strcmp(a, d->until) <= 0) && (!d->since || strcmp(z, d->since) >= 0);
}

/* The sessions whose peer passes --peers (malloc'd copy) and, when d is not
 * NULL, their availability rows. */
static int tunnel_rows(const struct ts_run *r, const struct ts_report_opts *o, struct ts_sessions_row **s, size_t *ns,
                       struct ts_sessions_day **d, size_t *nd)
{
    struct ts_summary_known known = {0, 0};
    struct ts_agg_row *rows = NULL;
    size_t n;
    if (o->peers != TS_PEERS_ALL) {
        int rc = rows_of(&r->agg, o, &rows, &n, &known);
        free(rows);
        if (rc != TS_OK) return rc;
    }
    *ns = 0;
    *s = malloc((r->nsessions ? r->nsessions : 1) * sizeof **s);
    for (size_t i = 0; *s && i < r->nsessions; i++)
        if (ts_summary_kind_keep(&known, o->peers, r->sessions[i].peer)) (*s)[(*ns)++] = r->sessions[i];
    ts_summary_known_free(&known);
    if (!*s) return TS_ENOMEM;
    if (d && ts_sessions_days(*s, *ns, r->spans, r->nspans, d, nd) != TS_OK) {
        free(*s);
        return TS_ENOMEM;
    }
    return TS_OK;
}

/* Writes the row c (ncols cells, the peer at peer) with, for --peer-names,
 * the peer's name after it. */
static void tunnel_row(struct ts_render *rd, const struct ts_report_opts *o, struct ts_render_cell *c, int ncols,
                       int peer)
{
    if (o->names) {
        memmove(&c[peer + 2], &c[peer + 1], (size_t)(ncols - peer - 1) * sizeof c[0]);
        c[peer + 1] = ts_render_text(ts_names_get(o->names, c[peer].s));
    }
    ts_render_row(rd, c);
}

static int sessions(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_out *out,
                    struct ts_err *err)
{
    static const char *const names[] = {"host", "conn", "peer", "start", "end", "seconds", "ended_by", "rekeys"},
                             *const named[] = {"host", "conn", "peer", "peer_name", "start", "end", "seconds", "ended_by", "rekeys"};
    struct ts_sessions_row *s;
    size_t n;
    if (tunnel_rows(r, o, &s, &n, NULL, NULL) != TS_OK) return oom(err);
    struct ts_render rd;
    ts_render_begin(&rd, o->format, o->raw, o->names ? named : names, o->names ? 9 : 8, b);
    int rc = TS_OK;
    for (size_t i = 0; i < n && rc == TS_OK; i++) {
        if (!session_kept(&o->days, &s[i])) continue;
        char t0[20], t1[20];
        ts_sessions_fmt_time(s[i].start, t0);
        ts_sessions_fmt_time(s[i].end, t1);
        struct ts_render_cell c[9] = {
            ts_render_text(s[i].host),  ts_render_text(s[i].conn), ts_render_text(s[i].peer),
            ts_render_text(ts_str_c(t0)),   ts_render_text(ts_str_c(t1)),  ts_render_num((uint64_t)(s[i].end - s[i].start)),
            ts_render_text(ts_str_c(ts_sessions_end_name(s[i].ended_by))), ts_render_num(s[i].rekeys),
        };
        tunnel_row(&rd, o, c, 8, 2);
        rc = flush(b, out, err, 0);
    }
    ts_render_end(&rd);
    free(s);
    return rc;
}

static int availability(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_out *out,
                        struct ts_err *err)
{
    static const char *const names[] = {"day", "host", "conn", "peer", "up_seconds", "observed_seconds", "sessions", "downs"},
                             *const named[] = {"day", "host", "conn", "peer", "peer_name", "up_seconds", "observed_seconds",
                                               "sessions", "downs"};
    struct ts_sessions_row *s;
    struct ts_sessions_day *d;
    size_t ns, n;
    if (tunnel_rows(r, o, &s, &ns, &d, &n) != TS_OK) return oom(err);
    struct ts_render rd;
    ts_render_begin(&rd, o->format, o->raw, o->names ? named : names, o->names ? 9 : 8, b);
    int rc = TS_OK;
    for (size_t i = 0; i < n && rc == TS_OK; i++) {
        char day[11];
        ts_sessions_fmt_day(d[i].day, day);
        if (!ts_summary_days_keep(&o->days, ts_str_c(day))) continue;
        struct ts_render_cell c[9] = {
            ts_render_text(ts_str_c(day)), ts_render_text(d[i].host), ts_render_text(d[i].conn), ts_render_text(d[i].peer),
            ts_render_num(d[i].up),    ts_render_num(d[i].observed), ts_render_num(d[i].sessions), ts_render_num(d[i].downs),
        };
        tunnel_row(&rd, o, c, 8, 3);
        rc = flush(b, out, err, 0);
    }
    ts_render_end(&rd);
    free(d);
    free(s);
    return rc;
}

static int strip_page(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_err *err)
{
    struct ts_sessions_row *s;
    struct ts_sessions_day *d;
    size_t ns, n;
    if (tunnel_rows(r, o, &s, &ns, &d, &n) != TS_OK) return oom(err);
    int rc = ts_strip_page(b, s, ns, d, n, r->spans, r->nspans, &o->days, o->names);
    free(d);
    free(s);
    return rc == TS_OK ? TS_OK : oom(err);
}

static int dashboard(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_err *err)
{
    struct ts_agg_row *rows;
    size_t n;
    struct ts_summary_known k;
    if (rows_of(&r->agg, o, &rows, &n, &k) != TS_OK) return oom(err);
    int rc = ts_html_dashboard(b, rows, n, &o->days, o->top ? o->top : 10, &k, o->names, o->now);
    ts_summary_known_free(&k);
    free(rows);
    return rc == TS_OK ? TS_OK : oom(err);
}

static int prom(const struct ts_run *r, const struct ts_report_opts *o, struct ts_buf *b, struct ts_err *err)
{
    struct ts_agg_row *rows;
    size_t n;
    struct ts_summary_known k;
    if (rows_of(&r->agg, o, &rows, &n, &k) != TS_OK) return oom(err);
    const struct ts_prom_meta m = {o->now,        r->st.bytes,    r->st.lines, r->sessions,
                                   r->nsessions,  r->spans,       r->nspans,   o->peers};
    int rc = ts_prom_write(b, rows, n, &o->days, o->top ? o->top : 10, &k, o->names, &m);
    ts_summary_known_free(&k);
    free(rows);
    return rc == TS_OK ? TS_OK : oom(err);
}

int ts_report_rule_parse(const char *text, struct ts_report_rule *rule)
{
    const char *eq = strrchr(text, '=');
    if (!eq || eq == text || !eq[1]) return TS_EUSAGE;
    const ptrdiff_t len = eq - text;
    rule->name = text;
    rule->column = -1;
    rule->cls = -1;
    for (int c = 0; c < ts_ncolumns; c++)
        if ((ptrdiff_t)strlen(ts_columns[c].name) == len && memcmp(ts_columns[c].name, text, (size_t)len) == 0)
            rule->column = c;
    if (rule->column < 0 && ts_class_by_name(text, len, &rule->cls) != TS_OK) return TS_EUSAGE;
    uint64_t v = 0;
    for (const char *p = eq + 1; *p; p++) {
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10) return TS_EUSAGE;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    rule->n = v;
    return v ? TS_OK : TS_EUSAGE;
}

static int cmp_host(const void *x, const void *y)
{
    const struct ts_agg_row *a = x, *b = y;
    return ts_str_cmp(a->host, b->host);
}

int ts_report_fail_on(const struct ts_run *r, const struct ts_report_opts *o, const struct ts_report_rule *rules,
                      int nrules, ts_report_hit_fn hit, void *ctx, long *broken)
{
    struct ts_agg_row *rows;
    size_t n;
    struct ts_summary_known k;
    *broken = 0;
    if (rows_of(&r->agg, o, &rows, &n, &k) != TS_OK) return TS_ENOMEM;
    ts_summary_known_free(&k);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ts_summary_days_keep(&o->days, rows[i].day)) rows[m++] = rows[i];
    qsort(rows, m, sizeof *rows, cmp_host);
    for (size_t i = 0, j; i < m; i = j) {
        for (j = i; j < m && ts_str_eq(rows[j].host, rows[i].host); j++) {}
        for (int q = 0; q < nrules; q++) {
            uint64_t v = 0;
            for (size_t x = i; x < j; x++)
                v += rules[q].column >= 0 ? ts_columns_value(rows[x].n, rules[q].column) : rows[x].n->c[rules[q].cls];
            if (v >= rules[q].n) {
                ++*broken;
                if (hit) hit(ctx, rows[i].host, &rules[q], v);
            }
        }
    }
    free(rows);
    return TS_OK;
}

int ts_report_write(const struct ts_run *r, const struct ts_report_opts *o, struct ts_out *out,
                    struct ts_err *err)
{
    struct ts_buf b = {0};
    int rc;
    const int tunnels = o->kind == TS_REPORT_SESSIONS || o->kind == TS_REPORT_AVAILABILITY;
    if (o->format == TS_FORMAT_HTML && tunnels) rc = strip_page(r, o, &b, err);
    else if (o->format == TS_FORMAT_HTML) rc = dashboard(r, o, &b, err);
    else if (o->format == TS_FORMAT_PROM) rc = prom(r, o, &b, err);
    else if (o->kind == TS_REPORT_SESSIONS) rc = sessions(r, o, &b, out, err);
    else if (o->kind == TS_REPORT_AVAILABILITY) rc = availability(r, o, &b, out, err);
    else if (o->kind == TS_REPORT_EVENTS) rc = events(r, o, &b, out, err);
    else if (o->kind == TS_REPORT_DAILY || o->kind == TS_REPORT_TOP) rc = sums(r, o, &b, out, err);
    else if (o->kind == TS_REPORT_CONNS) rc = keyed(&r->conns, "conn", o, &b, out, err);
    else rc = keyed(&r->agg, "peer", o, &b, out, err);
    if (rc == TS_OK) rc = flush(&b, out, err, 1);
    ts_buf_free(&b);
    return rc;
}
