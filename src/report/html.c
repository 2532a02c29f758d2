/* html.c — see html.h. The page is built in one buffer: it summarises, so
 * it stays small whatever the size of the input (days × failure classes
 * bars, top × days heat cells, routers × a few figures). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/escape.h"
#include "report/columns.h"
#include "report/html.h"
#include "report/routers.h"

/* Chart geometry, in SVG user units (the SVG scales to the page width). */
#define CW 1100.0 /* whole chart */
#define CH 380.0
#define X0 60.0   /* plot area */
#define X1 1090.0
#define Y0 20.0
#define Y1 300.0

/* One colour per failure column, in ts_columns order. */
static const char *const k_colour[] = {
    "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
    "#1f77b4", "#17becf", "#7f7f7f", "#2ca02c", "#f7b6d2", "#393b79",
};

static void text(struct ts_buf *b, ts_str s)
{
    ts_escape_html(b, s);
}

/* A count column's header: its label for people, its report name as a
 * tooltip and a class for tests and styles. */
static void head_cell(struct ts_buf *b, int c)
{
    ts_buf_printf(b, "<th class=\"n col-%s\" title=\"%s\">%s</th>", ts_columns[c].name, ts_columns[c].name,
        ts_columns[c].label);
}

/* The failure columns, in report order; returns how many. */
static int failure_columns(int *fc)
{
    int n = 0;
    for (int c = 0; c < ts_ncolumns; c++)
        if (ts_columns_is_failure(c)) fc[n++] = c;
    return n;
}

/* A round axis maximum >= v with 1, 2 or 5 times a power of ten per step. */
static uint64_t axis_step(uint64_t v, int ticks)
{
    uint64_t step = 1;
    for (;;) {
        for (int m = 0; m < 3; m++) {
            static const uint64_t mult[] = {1, 2, 5};
            if (step * mult[m] * (uint64_t)ticks >= v) return step * mult[m];
        }
        step *= 10;
    }
}

static void style(struct ts_buf *b, const int *fc, int nfc)
{
    ts_buf_str(b,
               "<style>\n"
               "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",\"Noto Sans\",\"Noto Sans CJK SC\","
               "sans-serif;margin:24px;color:#1b1f24;background:#fff}\n"
               "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}\n"
               ".sub{color:#57606a;margin:0}.note{color:#57606a;font-size:13px}\n"
               "svg.chart{width:100%;max-width:1100px;height:auto;display:block}\n"
               "svg .axis{stroke:#8c959f;stroke-width:1}svg .grid{stroke:#d0d7de;stroke-width:1}\n"
               "svg text{font-size:12px;fill:#57606a}\n"
               "ul.legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 16px}\n"
               "ul.legend li{display:flex;align-items:center;gap:6px}\n"
               ".sw{display:inline-block;width:12px;height:12px;border-radius:2px}\n"
               "table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
               "th,td{padding:3px 6px;border-bottom:1px solid #d8dee4;text-align:left;white-space:nowrap}\n"
               "td.n,th.n{text-align:right}th{background:#f6f8fa;vertical-align:bottom}\n"
               ".nm{color:#57606a}td.z{color:#afb8c1}.dl{font-size:12px}.dl.worse{color:#cf222e}"
               ".dl.better{color:#1a7f37}\n"
               ".scroll{overflow-x:auto;max-width:100%}\n"
               "table.heat td.h{text-align:center;min-width:22px;padding:3px 2px;font-size:12px}\n"
               "table.heat.compact td.h{min-width:0;width:9px;max-width:9px;height:16px;padding:0;"
               "border:1px solid #fff}\n"
               "table.heat th.w{font-weight:normal;font-size:11px;padding:3px 0 3px 2px;border-left:1px solid #d0d7de}\n"
               "table.top th.n,table.routers th.n,table.days th.n{white-space:normal;min-width:3em;"
               "font-size:12px}\n"
               "table.top th,table.top td{padding:3px 4px;font-size:13px}\n"
               "table.heat th.d{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;"
               "font-size:12px;padding:4px 2px}\n"
               "details{margin-top:24px}footer{margin-top:28px;color:#57606a;font-size:12px}\n");
    for (int i = 0; i < nfc; i++) {
        const char *name = ts_columns[fc[i]].name;
        ts_buf_printf(b, "rect.c-%s{fill:%s}.sw.c-%s{background:%s}\n", name, k_colour[i], name, k_colour[i]);
    }
    ts_buf_str(b, "</style>\n");
}

static void chart(struct ts_buf *b, const struct ts_summary_day *ds, size_t nd, const int *fc, int nfc)
{
    uint64_t max = 0;
    for (size_t i = 0; i < nd; i++) {
        uint64_t t = ts_columns_failures(&ds[i].n);
        if (t > max) max = t;
    }
    ts_buf_str(b, "<section id=\"chart\">\n<h2>Failures per day, by class</h2>\n");
    if (!max) {
        ts_buf_str(b, "<p class=\"note\">No failures with a date in the selected days.</p>\n</section>\n");
        return;
    }
    const uint64_t step = axis_step(max, 5);
    const uint64_t top = (max + step - 1) / step * step;
    ts_buf_printf(b,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
        "aria-label=\"Failures per day, by class\">\n",
        CW, CH);
    for (uint64_t v = 0; v <= top; v += step) {
        const double y = Y1 - (double)v / (double)top * (Y1 - Y0);
        ts_buf_printf(b, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", v ? "grid" : "axis", X0, y,
            X1, y);
        ts_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%llu</text>\n", X0 - 6, y + 4,
            (unsigned long long)v);
    }
    const double slot = (X1 - X0) / (double)nd;
    const double bw = slot * 0.8 > 0.5 ? slot * 0.8 : 0.5;
    const size_t every = nd > 24 ? (nd + 23) / 24 : 1; /* at most ~24 day labels */
    for (size_t i = 0; i < nd; i++) {
        const double x = X0 + slot * (double)i + (slot - bw) / 2;
        double y = Y1;
        for (int k = 0; k < nfc; k++) {
            const uint64_t v = ts_columns_value(&ds[i].n, fc[k]);
            if (!v) continue;
            const double h = (double)v / (double)top * (Y1 - Y0);
            y -= h;
            const char *name = ts_columns[fc[k]].name;
            ts_buf_str(b, "<rect class=\"bar c-");
            ts_buf_str(b, name);
            ts_buf_str(b, "\" data-day=\"");
            text(b, ds[i].day);
            ts_buf_printf(b, "\" data-class=\"%s\" data-count=\"%llu\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">",
                name, (unsigned long long)v, x, y, bw, h);
            ts_buf_str(b, "<title>");
            text(b, ds[i].day);
            ts_buf_printf(b, " %s: %llu</title></rect>\n", name, (unsigned long long)v);
        }
        if (i % every == 0) {
            const double lx = X0 + slot * ((double)i + 0.5);
            ts_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-45 %.1f %.1f)\">", lx,
                Y1 + 14, lx, Y1 + 14);
            text(b, ds[i].day);
            ts_buf_str(b, "</text>\n");
        }
    }
    ts_buf_printf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n</svg>\n", X0, Y0, X0, Y1);
    ts_buf_str(b, "<ul class=\"legend\">");
    for (int k = 0; k < nfc; k++) {
        uint64_t t = 0;
        for (size_t i = 0; i < nd; i++) t += ts_columns_value(&ds[i].n, fc[k]);
        if (!t) continue;
        const char *name = ts_columns[fc[k]].name;
        ts_buf_printf(b, "<li><span class=\"sw c-%s\"></span>%s (%llu)</li>", name, ts_columns[fc[k]].label,
            (unsigned long long)t);
    }
    ts_buf_str(b, "</ul>\n</section>\n");
}

/* Background of a heat cell: white to dark red as v approaches max. */
static void heat_colour(char out[8], uint64_t v, uint64_t max)
{
    static const unsigned lo[3] = {0xfe, 0xe5, 0xd9}, hi[3] = {0xa5, 0x0f, 0x15};
    const double t = max ? (double)v / (double)max : 0;
    unsigned c[3];
    for (int i = 0; i < 3; i++) c[i] = (unsigned)((double)lo[i] + ((double)hi[i] - (double)lo[i]) * t + 0.5);
    snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

/* A figure and its change since the previous period: worse (more failures,
 * fewer tunnels) in red, better in green. */
static void delta_cell(struct ts_buf *b, uint64_t cur, uint64_t prev, int dated, int more_is_worse)
{
    ts_buf_printf(b, "<td class=\"n\">%llu", (unsigned long long)cur);
    if (dated && cur != prev) {
        const int worse = (cur > prev) == more_is_worse;
        ts_buf_printf(b, " <span class=\"dl %s\" title=\"previous period: %llu\">%s%llu</span>", worse ? "worse" : "better",
            (unsigned long long)prev, cur > prev ? "+" : "−",
            (unsigned long long)(cur > prev ? cur - prev : prev - cur));
    }
    ts_buf_str(b, "</td>");
}

static int routers(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                   const struct ts_summary_known *known)
{
    static const char *const head[TS_ROUTERS_N] = {"Failures, known peers", "Failures, strangers", "DPD dead",
                                                   "PSK policy miss", "Phase 2 up", "Known peers", "Strangers"};
    static const int worse[TS_ROUTERS_N] = {1, 1, 1, 1, 0, 0, 1};
    struct ts_routers rt;
    if (ts_routers_compute(&rt, rows, n, d, known) != TS_OK) return TS_ENOMEM;
    ts_buf_printf(b, "<section id=\"routers\">\n<h2>Routers (%zu)</h2>\n", rt.n);
    if (rt.dated)
        ts_buf_printf(b, "<p class=\"note\">%s to %s, each figure with its change since the previous period of the same "
               "length (%s to %s).</p>\n",
            rt.from, rt.to, rt.pfrom, rt.pto);
    if (!rt.n) {
        ts_buf_str(b, "<p class=\"note\">No router has events in the selected days.</p>\n</section>\n");
        ts_routers_free(&rt);
        return TS_OK;
    }
    ts_buf_str(b, "<div class=\"scroll\"><table class=\"routers\">\n<thead><tr><th>host</th>");
    for (int k = 0; k < TS_ROUTERS_N; k++) ts_buf_printf(b, "<th class=\"n\">%s</th>", head[k]);
    ts_buf_str(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < rt.n; i++) {
        ts_buf_str(b, "<tr><td>");
        text(b, rt.row[i].host);
        ts_buf_str(b, "</td>");
        for (int k = 0; k < TS_ROUTERS_N; k++) delta_cell(b, rt.row[i].cur[k], rt.row[i].prev[k], rt.dated, worse[k]);
        ts_buf_str(b, "</tr>\n");
    }
    ts_buf_str(b, "</tbody></table></div>\n</section>\n");
    ts_routers_free(&rt);
    return TS_OK;
}

/* ts_str key against a day sum (days are "YYYY-MM-DD": equal lengths). */
static int cmp_day(const void *key, const void *elem)
{
    const ts_str *k = key;
    const struct ts_summary_day *e = elem;
    return memcmp(k->p, e->day.p, 10);
}

/* The heat map's rows by (host, peer), for one lookup per aggregate row:
 * the page was quadratic in --top before (a scan of every peer per row). */
struct heat_key {
    ts_str host, peer;
    size_t row;
};

static int cmp_heat(const void *x, const void *y)
{
    const struct heat_key *a = x, *b = y;
    const int c = ts_str_cmp(a->host, b->host);
    return c ? c : ts_str_cmp(a->peer, b->peer);
}

static void peer_cell(struct ts_buf *b, ts_str peer, const struct ts_names *names)
{
    ts_buf_str(b, "<td>");
    text(b, peer);
    const ts_str name = ts_names_get(names, peer);
    if (name.n > 0) {
        ts_buf_str(b, " <span class=\"nm\">");
        text(b, name);
        ts_buf_str(b, "</span>");
    }
    ts_buf_str(b, "</td>");
}

static int heatmap(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                   const struct ts_summary_day *ds, size_t nd, const struct ts_summary_peer *tp, size_t ntp,
                   const struct ts_names *names)
{
    ts_buf_str(b, "<section id=\"heat\">\n");
    ts_buf_printf(b, "<h2>Known peers with most failures, by day (%zu)</h2>\n", ntp);
    if (!ntp || !nd) {
        ts_buf_str(b, "<p class=\"note\">No known peer has failures with a date in the selected days.</p>\n</section>\n");
        return TS_OK;
    }
    uint64_t *cell = calloc(ntp * nd, sizeof *cell);
    struct heat_key *key = malloc(ntp * sizeof *key);
    if (!cell || !key) {
        free(cell);
        free(key);
        return TS_ENOMEM;
    }
    for (size_t p = 0; p < ntp; p++) key[p] = (struct heat_key){tp[p].host, tp[p].peer, p};
    qsort(key, ntp, sizeof *key, cmp_heat);
    for (size_t i = 0; i < n; i++) {
        if (!ts_summary_days_keep(d, rows[i].day)) continue;
        const uint64_t f = ts_columns_failures(rows[i].n);
        const struct ts_summary_day *day = f ? bsearch(&rows[i].day, ds, nd, sizeof *ds, cmp_day) : NULL;
        if (!day) continue;
        const struct heat_key want = {rows[i].host, rows[i].peer, 0};
        const struct heat_key *k = bsearch(&want, key, ntp, sizeof *key, cmp_heat);
        if (k) cell[k->row * nd + (size_t)(day - ds)] += f;
    }
    free(key);
    uint64_t max = 0;
    for (size_t i = 0; i < ntp * nd; i++)
        if (cell[i] > max) max = cell[i];
    /* Over a month of days the cells shrink to squares without figures (the
     * figure is in the tooltip) and every 7th day is named, so 60 or 90 days
     * still fit the width of a page. */
    const int compact = nd > 31;
    ts_buf_printf(b, "<div class=\"scroll\"><table class=\"heat%s\">\n<thead><tr><th>host</th><th>peer</th>",
        compact ? " compact" : "");
    for (size_t i = 0; i < nd; i += compact ? 7 : 1) {
        /* compact: one horizontal label per week of columns (month-day) */
        if (compact) {
            ts_buf_printf(b, "<th class=\"w\" colspan=\"%zu\">", nd - i < 7 ? nd - i : (size_t)7);
            text(b, (ts_str){ds[i].day.p + 5, 5});
        } else {
            ts_buf_str(b, "<th class=\"d\">");
            text(b, ds[i].day);
        }
        ts_buf_str(b, "</th>");
    }
    ts_buf_str(b, "</tr></thead>\n<tbody>\n");
    for (size_t p = 0; p < ntp; p++) {
        ts_buf_str(b, "<tr><td>");
        text(b, tp[p].host);
        ts_buf_str(b, "</td>");
        peer_cell(b, tp[p].peer, names);
        for (size_t i = 0; i < nd; i++) {
            const uint64_t v = cell[p * nd + i];
            if (!v) {
                ts_buf_str(b, "<td class=\"h\"></td>");
                continue;
            }
            char bg[8];
            heat_colour(bg, v, max);
            ts_buf_printf(b, "<td class=\"h\" style=\"background:%s;color:%s\" title=\"", bg,
                (double)v > 0.55 * (double)max ? "#fff" : "#1b1f24");
            text(b, ds[i].day);
            if (compact) ts_buf_printf(b, ": %llu\"></td>", (unsigned long long)v);
            else ts_buf_printf(b, ": %llu\">%llu</td>", (unsigned long long)v, (unsigned long long)v);
        }
        ts_buf_str(b, "</tr>\n");
    }
    ts_buf_str(b, "</tbody></table></div>\n</section>\n");
    free(cell);
    return TS_OK;
}

/* One of the top tables: every count column, labelled for people. */
static void top_table(struct ts_buf *b, const char *id, const char *title, const char *none,
                      const struct ts_summary_peer *tp, size_t ntp, const struct ts_names *names)
{
    ts_buf_printf(b, "<section id=\"%s\">\n<h2>%s (%zu)</h2>\n", id, title, ntp);
    if (!ntp) {
        ts_buf_printf(b, "<p class=\"note\">%s</p>\n</section>\n", none);
        return;
    }
    ts_buf_printf(b, "<div class=\"scroll\"><table class=\"top %s\">\n<thead><tr><th class=\"n\">#</th><th>host</th>"
           "<th>peer</th><th class=\"n\">Failures</th>",
        id);
    for (int c = 0; c < ts_ncolumns; c++) head_cell(b, c);
    ts_buf_str(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < ntp; i++) {
        ts_buf_printf(b, "<tr><td class=\"n\">%zu</td><td>", i + 1);
        text(b, tp[i].host);
        ts_buf_str(b, "</td>");
        peer_cell(b, tp[i].peer, names);
        ts_buf_printf(b, "<td class=\"n\"><b>%llu</b></td>", (unsigned long long)tp[i].fail);
        for (int c = 0; c < ts_ncolumns; c++) {
            const uint64_t v = ts_columns_value(&tp[i].n, c);
            ts_buf_printf(b, v ? "<td class=\"n\">%llu</td>" : "<td class=\"n z\">%llu</td>", (unsigned long long)v);
        }
        ts_buf_str(b, "</tr>\n");
    }
    ts_buf_str(b, "</tbody></table></div>\n</section>\n");
}

static void day_table(struct ts_buf *b, const struct ts_summary_day *ds, size_t nd, const int *fc, int nfc)
{
    if (!nd) return;
    ts_buf_str(b, "<details><summary>Failures per day (table)</summary>\n<div class=\"scroll\"><table class=\"days\">\n"
                  "<thead><tr><th>day</th><th class=\"n\">Failures</th>");
    for (int k = 0; k < nfc; k++) head_cell(b, fc[k]);
    ts_buf_str(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < nd; i++) {
        ts_buf_str(b, "<tr><td>");
        text(b, ds[i].day);
        ts_buf_printf(b, "</td><td class=\"n\">%llu</td>", (unsigned long long)ts_columns_failures(&ds[i].n));
        for (int k = 0; k < nfc; k++)
            ts_buf_printf(b, "<td class=\"n\">%llu</td>", (unsigned long long)ts_columns_value(&ds[i].n, fc[k]));
        ts_buf_str(b, "</tr>\n");
    }
    ts_buf_str(b, "</tbody></table></div>\n</details>\n");
}

/* The top peers of one kind (known, strangers, none). */
static int top_of_kind(const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d, size_t top,
                       const struct ts_summary_known *known, int kind, struct ts_summary_peer **tp, size_t *ntp)
{
    struct ts_agg_row *part = malloc((n ? n : 1) * sizeof *part);
    if (!part) return TS_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ts_summary_kind_of(known, rows[i].peer) == kind) part[m++] = rows[i];
    const int rc = ts_summary_top_peers(part, m, d, top, tp, ntp);
    free(part);
    return rc;
}

int ts_html_dashboard(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                      size_t top, const struct ts_summary_known *known, const struct ts_names *names, int64_t now)
{
    TS_ASSERT(top >= 1);
    int fc[TS_NCLASS];
    const int nfc = failure_columns(fc);
    struct ts_summary_day *all = NULL;
    struct ts_summary_peer *tk = NULL, *ts = NULL, *tn = NULL, *hp = NULL;
    size_t nall = 0, ntk = 0, nts = 0, ntn = 0, nhp = 0;
    /* the heat map ranks known peers by their failures on days it can show */
    const struct ts_summary_days dated = {d ? d->since : NULL, d ? d->until : NULL, 1};
    int rc = ts_summary_by_day(rows, n, d, &all, &nall);
    if (rc == TS_OK) rc = top_of_kind(rows, n, d, top, known, TS_PEERS_KNOWN, &tk, &ntk);
    if (rc == TS_OK) rc = top_of_kind(rows, n, d, top, known, TS_PEERS_STRANGERS, &ts, &nts);
    if (rc == TS_OK) rc = top_of_kind(rows, n, d, top, known, TS_PEERS_NONE, &tn, &ntn);
    if (rc == TS_OK) rc = top_of_kind(rows, n, &dated, top, known, TS_PEERS_KNOWN, &hp, &nhp);
    if (rc != TS_OK) goto out;
    /* The days a daily report would list: dated, with a non-zero column. */
    struct ts_summary_day *ds = all;
    size_t nd = 0;
    uint64_t undated = 0;
    for (size_t i = 0; i < nall; i++) {
        if (all[i].day.n != 10) undated += ts_columns_failures(&all[i].n);
        else if (ts_columns_any(&all[i].n) && nd++ != i) ds[nd - 1] = all[i];
    }
    uint64_t fail = 0, up = 0;
    for (size_t i = 0; i < nd; i++) {
        fail += ts_columns_failures(&ds[i].n);
        up += ds[i].n.c[TS_C_PHASE2_UP];
    }

    ts_buf_str(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>tunnelstat: IPsec VPN tunnel failures</title>\n");
    style(b, fc, nfc);
    ts_buf_str(b, "</head>\n<body>\n<header>\n<h1>IPsec VPN tunnel failures</h1>\n<p class=\"sub\">");
    if (nd) {
        ts_buf_str(b, "<span class=\"range\">");
        text(b, ds[0].day);
        if (nd > 1) {
            ts_buf_str(b, " to ");
            text(b, ds[nd - 1].day);
        }
        ts_buf_printf(b, "</span> · %zu day%s with events · %llu failures · %llu tunnels established (phase 2)", nd,
            nd == 1 ? "" : "s", (unsigned long long)fail, (unsigned long long)up);
    } else {
        ts_buf_str(b, "No dated events");
    }
    if (d && (d->since || d->until)) {
        ts_buf_str(b, " · selected days: ");
        text(b, ts_str_c(d->since ? d->since : "…"));
        ts_buf_str(b, " to ");
        text(b, ts_str_c(d->until ? d->until : "…"));
    }
    char when[40];
    const time_t t = (time_t)now;
    struct tm tm;
    if (localtime_r(&t, &tm) && strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %z", &tm))
        ts_buf_printf(b, "</p>\n<p class=\"sub\">Generated <time class=\"generated\">%s</time>", when);
    ts_buf_str(b, "</p>\n</header>\n");
    rc = routers(b, rows, n, d, known);
    if (rc != TS_OK) goto out;
    chart(b, ds, nd, fc, nfc);
    rc = heatmap(b, rows, n, &dated, ds, nd, hp, nhp, names);
    if (rc != TS_OK) goto out;
    top_table(b, "top-known", "Known peers with most failures", "No known peer has failures in the selected days.",
              tk, ntk, names);
    top_table(b, "top-strangers", "Strangers with most failures",
              "No stranger (a peer that never had a tunnel up) has failures in the selected days.", ts, nts, names);
    if (ntn)
        top_table(b, "top-none", "Failures with no attributed peer", "", tn, ntn, names);
    day_table(b, ds, nd, fc, nfc);
    ts_buf_str(b, "<footer>\n<p>Failures are the lines counted by the report columns other than Phase 1 up, "
                  "Phase 2 up and Weak crypto. A known peer had a phase 1 or phase 2 established at least once "
                  "in the data; a stranger never did (scanners, retired or misconfigured peers). Peers are ranked "
                  "by failures, then host and peer.</p>\n");
    if (undated)
        ts_buf_printf(b, "<p>%llu failure%s on lines without a timestamp (day “-”) are in the top-peers tables but not in "
               "the chart or heat map.</p>\n",
            (unsigned long long)undated, undated == 1 ? "" : "s");
    ts_buf_str(b, "<p>Made by tunnelstat.</p>\n</footer>\n</body>\n</html>\n");
out:
    free(all);
    free(tk);
    free(ts);
    free(tn);
    free(hp);
    if (rc == TS_OK && b->oom) rc = TS_ENOMEM;
    return rc;
}
