/* html.c — see html.h. The page is built in one buffer: it summarises, so
 * it stays small whatever the size of the input (days × failure classes
 * bars, top × days heat cells). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "report/columns.h"
#include "report/html.h"

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

static void put(struct ts_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct ts_buf *b, const char *fmt, ...)
{
    char t[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    if (n > 0) ts_buf_put(b, t, (size_t)n < sizeof t ? (size_t)n : sizeof t - 1);
}

static void text(struct ts_buf *b, ts_str s)
{
    ts_escape_html(b, s);
}

static ts_str cstr(const char *s)
{
    return (ts_str){(const unsigned char *)s, (ptrdiff_t)strlen(s)};
}

/* A column name as a header cell that may wrap after its underscores. */
static void head_cell(struct ts_buf *b, const char *name)
{
    ts_buf_str(b, "<th class=\"n\">");
    for (const char *p = name; *p; p++) {
        ts_buf_put(b, p, 1);
        if (*p == '_') ts_buf_str(b, "<wbr>");
    }
    ts_buf_str(b, "</th>");
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
               "table.top th.n,table.days th.n{white-space:normal}\n"
               ".scroll{overflow-x:auto;max-width:100%}\n"
               "table.heat td.h{text-align:center;min-width:22px;padding:3px 2px;font-size:12px}\n"
               "table.heat th.d{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;"
               "font-size:12px;padding:4px 2px}\n"
               "details{margin-top:24px}footer{margin-top:28px;color:#57606a;font-size:12px}\n");
    for (int i = 0; i < nfc; i++) {
        const char *name = ts_columns[fc[i]].name;
        put(b, "rect.c-%s{fill:%s}.sw.c-%s{background:%s}\n", name, k_colour[i], name, k_colour[i]);
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
    put(b,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
        "aria-label=\"Failures per day, by class\">\n",
        CW, CH);
    for (uint64_t v = 0; v <= top; v += step) {
        const double y = Y1 - (double)v / (double)top * (Y1 - Y0);
        put(b, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", v ? "grid" : "axis", X0, y,
            X1, y);
        put(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%llu</text>\n", X0 - 6, y + 4,
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
            put(b, "\" data-class=\"%s\" data-count=\"%llu\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">",
                name, (unsigned long long)v, x, y, bw, h);
            ts_buf_str(b, "<title>");
            text(b, ds[i].day);
            put(b, " %s: %llu</title></rect>\n", name, (unsigned long long)v);
        }
        if (i % every == 0) {
            const double lx = X0 + slot * ((double)i + 0.5);
            put(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-45 %.1f %.1f)\">", lx,
                Y1 + 14, lx, Y1 + 14);
            text(b, ds[i].day);
            ts_buf_str(b, "</text>\n");
        }
    }
    put(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n</svg>\n", X0, Y0, X0, Y1);
    ts_buf_str(b, "<ul class=\"legend\">");
    for (int k = 0; k < nfc; k++) {
        uint64_t t = 0;
        for (size_t i = 0; i < nd; i++) t += ts_columns_value(&ds[i].n, fc[k]);
        if (!t) continue;
        const char *name = ts_columns[fc[k]].name;
        put(b, "<li><span class=\"sw c-%s\"></span>%s (%llu)</li>", name, name, (unsigned long long)t);
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

/* ts_str key against a day sum (days are "YYYY-MM-DD": equal lengths). */
static int cmp_day(const void *key, const void *elem)
{
    const ts_str *k = key;
    const struct ts_summary_day *e = elem;
    return memcmp(k->p, e->day.p, 10);
}

static int heatmap(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                   const struct ts_summary_day *ds, size_t nd, const struct ts_summary_peer *tp, size_t ntp)
{
    ts_buf_str(b, "<section id=\"heat\">\n");
    put(b, "<h2>Worst %zu peer%s by day</h2>\n", ntp, ntp == 1 ? "" : "s");
    if (!ntp || !nd) {
        ts_buf_str(b, "<p class=\"note\">No peer has failures with a date in the selected days.</p>\n</section>\n");
        return TS_OK;
    }
    uint64_t *cell = calloc(ntp * nd, sizeof *cell);
    if (!cell) return TS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!ts_summary_days_keep(d, rows[i].day)) continue;
        const uint64_t f = ts_columns_failures(rows[i].n);
        const struct ts_summary_day *day = f ? bsearch(&rows[i].day, ds, nd, sizeof *ds, cmp_day) : NULL;
        if (!day) continue;
        for (size_t p = 0; p < ntp; p++)
            if (ts_str_eq(tp[p].host, rows[i].host) && ts_str_eq(tp[p].peer, rows[i].peer))
                cell[p * nd + (size_t)(day - ds)] += f;
    }
    uint64_t max = 0;
    for (size_t i = 0; i < ntp * nd; i++)
        if (cell[i] > max) max = cell[i];
    ts_buf_str(b, "<div class=\"scroll\"><table class=\"heat\">\n<thead><tr><th>host</th><th>peer</th>");
    for (size_t i = 0; i < nd; i++) {
        ts_buf_str(b, "<th class=\"d\">");
        text(b, ds[i].day);
        ts_buf_str(b, "</th>");
    }
    ts_buf_str(b, "</tr></thead>\n<tbody>\n");
    for (size_t p = 0; p < ntp; p++) {
        ts_buf_str(b, "<tr><td>");
        text(b, tp[p].host);
        ts_buf_str(b, "</td><td>");
        text(b, tp[p].peer);
        ts_buf_str(b, "</td>");
        for (size_t i = 0; i < nd; i++) {
            const uint64_t v = cell[p * nd + i];
            if (!v) {
                ts_buf_str(b, "<td class=\"h\"></td>");
                continue;
            }
            char bg[8];
            heat_colour(bg, v, max);
            put(b, "<td class=\"h\" style=\"background:%s;color:%s\" title=\"", bg,
                (double)v > 0.55 * (double)max ? "#fff" : "#1b1f24");
            text(b, ds[i].day);
            put(b, ": %llu\">%llu</td>", (unsigned long long)v, (unsigned long long)v);
        }
        ts_buf_str(b, "</tr>\n");
    }
    ts_buf_str(b, "</tbody></table></div>\n</section>\n");
    free(cell);
    return TS_OK;
}

/* The failure columns with a non-zero total over n counts (the first at
 * first, the others stride bytes apart) into used[], and their header
 * cells; returns how many. */
static int used_columns(struct ts_buf *b, const struct ts_agg_counts *first, size_t n, size_t stride, const int *fc,
                        int nfc, int *used)
{
    int nu = 0;
    for (int k = 0; k < nfc; k++) {
        uint64_t t = 0;
        for (size_t i = 0; i < n; i++)
            t += ts_columns_value((const struct ts_agg_counts *)((const char *)first + i * stride), fc[k]);
        if (!t) continue;
        used[nu++] = fc[k];
        head_cell(b, ts_columns[fc[k]].name);
    }
    return nu;
}

static void top_table(struct ts_buf *b, const struct ts_summary_peer *tp, size_t ntp, const int *fc, int nfc)
{
    put(b, "<section id=\"top\">\n<h2>Top %zu peer%s by failures</h2>\n", ntp, ntp == 1 ? "" : "s");
    if (!ntp) {
        ts_buf_str(b, "<p class=\"note\">No peer has failures in the selected days.</p>\n</section>\n");
        return;
    }
    ts_buf_str(b, "<div class=\"scroll\"><table class=\"top\">\n<thead><tr><th class=\"n\">#</th><th>host</th>"
                  "<th>peer</th><th class=\"n\">failures</th>");
    int used[TS_NCLASS];
    const int nu = used_columns(b, &tp[0].n, ntp, sizeof *tp, fc, nfc, used);
    head_cell(b, "phase1_up");
    head_cell(b, "phase2_up");
    ts_buf_str(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < ntp; i++) {
        put(b, "<tr><td class=\"n\">%zu</td><td>", i + 1);
        text(b, tp[i].host);
        ts_buf_str(b, "</td><td>");
        text(b, tp[i].peer);
        put(b, "</td><td class=\"n\"><b>%llu</b></td>", (unsigned long long)tp[i].fail);
        for (int k = 0; k < nu; k++)
            put(b, "<td class=\"n\">%llu</td>", (unsigned long long)ts_columns_value(&tp[i].n, used[k]));
        put(b, "<td class=\"n\">%llu</td><td class=\"n\">%llu</td></tr>\n",
            (unsigned long long)tp[i].n.c[TS_C_PHASE1_UP], (unsigned long long)tp[i].n.c[TS_C_PHASE2_UP]);
    }
    ts_buf_str(b, "</tbody></table></div>\n</section>\n");
}

static void day_table(struct ts_buf *b, const struct ts_summary_day *ds, size_t nd, const int *fc, int nfc)
{
    if (!nd) return;
    ts_buf_str(b, "<details><summary>Failures per day (table)</summary>\n<div class=\"scroll\"><table class=\"days\">\n"
                  "<thead><tr><th>day</th><th class=\"n\">failures</th>");
    int used[TS_NCLASS];
    const int nu = used_columns(b, &ds[0].n, nd, sizeof *ds, fc, nfc, used);
    ts_buf_str(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < nd; i++) {
        ts_buf_str(b, "<tr><td>");
        text(b, ds[i].day);
        put(b, "</td><td class=\"n\">%llu</td>", (unsigned long long)ts_columns_failures(&ds[i].n));
        for (int k = 0; k < nu; k++)
            put(b, "<td class=\"n\">%llu</td>", (unsigned long long)ts_columns_value(&ds[i].n, used[k]));
        ts_buf_str(b, "</tr>\n");
    }
    ts_buf_str(b, "</tbody></table></div>\n</details>\n");
}

int ts_html_dashboard(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                      size_t top)
{
    int fc[TS_NCLASS];
    const int nfc = failure_columns(fc);
    struct ts_summary_day *all = NULL;
    struct ts_summary_peer *tp = NULL;
    size_t nall = 0, ntp = 0;
    /* the heat map ranks peers by their failures on days it can show */
    const struct ts_summary_days dated = {d ? d->since : NULL, d ? d->until : NULL, 1};
    struct ts_summary_peer *hp = NULL;
    size_t nhp = 0;
    int rc = ts_summary_by_day(rows, n, d, &all, &nall);
    if (rc == TS_OK) rc = ts_summary_top_peers(rows, n, d, top, &tp, &ntp);
    if (rc == TS_OK) rc = ts_summary_top_peers(rows, n, &dated, top, &hp, &nhp);
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
        text(b, ds[0].day);
        if (nd > 1) {
            ts_buf_str(b, " to ");
            text(b, ds[nd - 1].day);
        }
        put(b, " · %zu day%s with events · %llu failures · %llu tunnels established (phase 2)", nd,
            nd == 1 ? "" : "s", (unsigned long long)fail, (unsigned long long)up);
    } else {
        ts_buf_str(b, "No dated events");
    }
    if (d && (d->since || d->until)) {
        ts_buf_str(b, " · selected days: ");
        text(b, cstr(d->since ? d->since : "…"));
        ts_buf_str(b, " to ");
        text(b, cstr(d->until ? d->until : "…"));
    }
    ts_buf_str(b, "</p>\n</header>\n");
    chart(b, ds, nd, fc, nfc);
    rc = heatmap(b, rows, n, &dated, ds, nd, hp, nhp);
    if (rc != TS_OK) goto out;
    top_table(b, tp, ntp, fc, nfc);
    day_table(b, ds, nd, fc, nfc);
    ts_buf_str(b, "<footer>\n<p>Failures are the lines counted by the peers-report columns other than phase1_up, "
                  "phase2_up and weak_crypto. Peers are ranked by failures, then host and peer.</p>\n");
    if (undated)
        put(b, "<p>%llu failure%s on lines without a timestamp (day “-”) are in the top-peers table but not in "
               "the chart or heat map.</p>\n",
            (unsigned long long)undated, undated == 1 ? "" : "s");
    ts_buf_str(b, "<p>Made by tunnelstat.</p>\n</footer>\n</body>\n</html>\n");
out:
    free(all);
    free(tp);
    free(hp);
    if (rc == TS_OK && b->oom) rc = TS_ENOMEM;
    return rc;
}
