/* strip.c — see strip.h. The strips are drawn at a fixed width, in pixels,
 * so that the day labels of the axis are not stretched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "report/strip.h"

#define SW 600.0 /* strip width */
#define SH 14.0  /* strip height */

static int64_t daynum(const char *s, int64_t dflt)
{
    int64_t d;
    return s && ts_sessions_daynum(ts_str_c(s), &d) == TS_OK ? d : dflt;
}

static int same_tunnel(const struct ts_sessions_row *a, const struct ts_sessions_row *b)
{
    return ts_str_eq(a->host, b->host) && ts_str_eq(a->conn, b->conn) && ts_str_eq(a->peer, b->peer);
}

struct axis {
    int64_t d0, d1; /* first and last day shown */
    int64_t t0, t1; /* [t0, t1): the seconds shown */
};

static double xat(const struct axis *a, int64_t t)
{
    if (t < a->t0) t = a->t0;
    if (t > a->t1) t = a->t1;
    return (double)(t - a->t0) * SW / (double)(a->t1 - a->t0);
}

static void style(struct ts_buf *b)
{
    ts_buf_str(b, "<style>\n"
                  "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",\"Noto Sans\",\"Noto Sans CJK SC\","
                  "sans-serif;margin:24px;color:#1b1f24;background:#fff}\n"
                  "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}\n"
                  ".sub{color:#57606a;margin:0}.note{color:#57606a;font-size:13px}\n"
                  "table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n"
                  "th,td{padding:3px 6px;border-bottom:1px solid #d8dee4;text-align:left;white-space:nowrap}\n"
                  "td.n,th.n{text-align:right}th{background:#f6f8fa;vertical-align:bottom}\n"
                  "td.s,th.s{padding:3px 8px}svg{display:block}svg text{font-size:11px;fill:#57606a}\n"
                  ".scroll{overflow-x:auto;max-width:100%}\n"
                  "rect.nd,.sw.nd{fill:#d0d7de;background:#d0d7de}rect.dn,.sw.dn{fill:#f6c1bd;background:#f6c1bd}\n"
                  "rect.up,.sw.up{fill:#2da44e;background:#2da44e}rect.end,.sw.end{fill:#82071e;background:#82071e}\n"
                  "line.grid{stroke:#ffffff;stroke-width:1}line.tick{stroke:#8c959f;stroke-width:1}\n"
                  "ul.legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 16px}\n"
                  "ul.legend li{display:flex;align-items:center;gap:6px}.nm{color:#57606a}\n"
                  ".sw{display:inline-block;width:12px;height:12px;border-radius:2px}\n"
                  "details{margin-top:24px}footer{margin-top:28px;color:#57606a;font-size:12px}\n"
                  "</style>\n");
}

/* The day labels over the strips: a label takes about 80 units, so at most
 * SW / 80 of them. */
static void axis_svg(struct ts_buf *b, const struct axis *a)
{
    const int64_t most = (int64_t)(SW / 80), nd = a->d1 - a->d0 + 1, step = (nd + most - 1) / most;
    ts_buf_printf(b, "<svg class=\"axis\" width=\"%.0f\" height=\"28\" viewBox=\"0 0 %.0f 28\">", SW + 40, SW + 40);
    for (int64_t d = a->d0; d <= a->d1; d += step) {
        char day[11];
        ts_sessions_fmt_day(d, day);
        const double x = xat(a, d * 86400);
        ts_buf_printf(b, "<line class=\"tick\" x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"28\"/>"
                         "<text x=\"%.1f\" y=\"14\">%s</text>", x + 0.5, x + 0.5, x, day);
    }
    ts_buf_str(b, "</svg>");
}

/* One tunnel's strip: sessions s[0..n), its host's span (NULL if unknown). */
static void strip_svg(struct ts_buf *b, const struct axis *a, const struct ts_sessions_row *s, size_t n,
                      const struct ts_sessions_span *h)
{
    ts_buf_printf(b, "<svg class=\"strip\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">"
                     "<rect class=\"nd\" x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\"/>",
                  SW, SH, SW, SH, SW, SH);
    if (h && ts_sessions_overlap(h->first, h->last, a->t0, a->t1)) {
        const double x0 = xat(a, h->first), x1 = xat(a, h->last);
        ts_buf_printf(b, "<rect class=\"dn\" x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"%.0f\"/>", x0, x1 - x0, SH);
    }
    if (a->d1 - a->d0 < 62)
        for (int64_t d = a->d0 + 1; d <= a->d1; d++) {
            const double x = xat(a, d * 86400);
            ts_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\"/>", x, x, SH);
        }
    for (size_t i = 0; i < n; i++) {
        if (s[i].end < a->t0 || s[i].start >= a->t1) continue;
        char t0[20], t1[20];
        ts_sessions_fmt_time(s[i].start, t0);
        ts_sessions_fmt_time(s[i].end, t1);
        const double x0 = xat(a, s[i].start), x1 = xat(a, s[i].end);
        const char *why = ts_sessions_end_name(s[i].ended_by);
        ts_buf_printf(b, "<rect class=\"up\" data-start=\"%s\" data-end=\"%s\" data-ended-by=\"%s\" x=\"%.2f\" y=\"2\" "
                         "width=\"%.2f\" height=\"%.0f\">",
                      t0, t1, why, x0, x1 - x0 < 1 ? 1 : x1 - x0, SH - 4);
        ts_buf_printf(b, "<title>up %s to %s (%lld s), %s, %llu rekeys</title></rect>", t0, t1,
                      (long long)(s[i].end - s[i].start), why, (unsigned long long)s[i].rekeys);
        if (s[i].ended_by != TS_END_OPEN && s[i].end < a->t1)
            ts_buf_printf(b, "<rect class=\"end\" x=\"%.2f\" y=\"0\" width=\"2\" height=\"%.0f\"/>",
                          x1 > SW - 2 ? SW - 2 : x1, SH);
    }
    ts_buf_str(b, "</svg>");
}

/* host, conn and peer cells; the peer's name beside it. */
static void cells(struct ts_buf *b, ts_str host, ts_str conn, ts_str peer, const struct ts_names *names)
{
    const ts_str f[3] = {host, conn, peer};
    for (int i = 0; i < 3; i++) {
        ts_buf_str(b, "<td>");
        ts_escape_html(b, f[i]);
        const ts_str name = i == 2 ? ts_names_get(names, peer) : (ts_str){0, 0};
        if (name.n > 0) {
            ts_buf_str(b, " <span class=\"nm\">");
            ts_escape_html(b, name);
            ts_buf_str(b, "</span>");
        }
        ts_buf_str(b, "</td>");
    }
}

/* The rows of every tunnel with a session on a day shown. */
static void tunnels(struct ts_buf *b, const struct axis *a, const struct ts_sessions_row *s, size_t ns,
                    const struct ts_sessions_span *sp, size_t nsp, const struct ts_names *names)
{
    ts_buf_str(b, "<div class=\"scroll\"><table class=\"tunnels\">\n<thead><tr><th>host</th><th>conn</th><th>peer</th>"
                  "<th class=\"s\">");
    axis_svg(b, a);
    ts_buf_str(b, "</th><th class=\"n\">sessions</th><th class=\"n\">downs</th><th class=\"n\">up</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0, e; i < ns; i = e) {
        uint64_t up = 0, started = 0, downs = 0;
        for (e = i; e < ns && same_tunnel(&s[e], &s[i]); e++) {
            up += ts_sessions_overlap(s[e].start, s[e].end, a->t0, a->t1);
            started += s[e].start >= a->t0 && s[e].start < a->t1;
            downs += s[e].ended_by != TS_END_OPEN && s[e].end >= a->t0 && s[e].end < a->t1;
        }
        int shown = 0;
        for (size_t k = i; k < e && !shown; k++) shown = s[k].end >= a->t0 && s[k].start < a->t1;
        if (!shown) continue;
        const struct ts_sessions_span *h = ts_sessions_find_span(sp, nsp, s[i].host);
        const uint64_t seen = h ? ts_sessions_overlap(h->first, h->last, a->t0, a->t1) : 0;
        ts_buf_str(b, "<tr class=\"tunnel\">");
        cells(b, s[i].host, s[i].conn, s[i].peer, names);
        ts_buf_str(b, "<td class=\"s\">");
        strip_svg(b, a, s + i, e - i, h);
        ts_buf_printf(b, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>", (unsigned long long)started,
                      (unsigned long long)downs);
        if (seen) ts_buf_printf(b, "<td class=\"n\" title=\"%llu of %llu s observed\">%.1f%%</td></tr>\n",
                                (unsigned long long)up, (unsigned long long)seen, 100.0 * (double)up / (double)seen);
        else ts_buf_str(b, "<td class=\"n\">–</td></tr>\n");
    }
    ts_buf_str(b, "</tbody></table></div>\n");
}

static void day_rows(struct ts_buf *b, const struct axis *a, const struct ts_sessions_day *dr, size_t ndr,
                     const struct ts_names *names)
{
    ts_buf_str(b, "<details><summary>Availability per day and tunnel</summary>\n<div class=\"scroll\">"
                  "<table class=\"days\"><thead><tr><th>day</th><th>host</th><th>conn</th><th>peer</th>"
                  "<th class=\"n\">up_seconds</th><th class=\"n\">observed_seconds</th><th class=\"n\">sessions</th>"
                  "<th class=\"n\">downs</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < ndr; i++) {
        if (dr[i].day < a->d0 || dr[i].day > a->d1) continue;
        char day[11];
        ts_sessions_fmt_day(dr[i].day, day);
        ts_buf_printf(b, "<tr><td>%s</td>", day);
        cells(b, dr[i].host, dr[i].conn, dr[i].peer, names);
        ts_buf_printf(b, "<td class=\"n\">%llu</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td></tr>\n",
                      (unsigned long long)dr[i].up, (unsigned long long)dr[i].observed,
                      (unsigned long long)dr[i].sessions, (unsigned long long)dr[i].downs);
    }
    ts_buf_str(b, "</tbody></table></div></details>\n");
}

int ts_strip_page(struct ts_buf *b, const struct ts_sessions_row *s, size_t ns, const struct ts_sessions_day *dr,
                  size_t ndr, const struct ts_sessions_span *sp, size_t nsp, const struct ts_summary_days *d,
                  const struct ts_names *names)
{
    const int64_t since = daynum(d ? d->since : NULL, INT64_MIN), until = daynum(d ? d->until : NULL, INT64_MAX);
    struct axis a = {INT64_MAX, INT64_MIN, 0, 0};
    size_t kept = 0;
    for (size_t i = 0; i < ns; i++) {
        const int64_t d0 = ts_sessions_day_of(s[i].start), d1 = ts_sessions_day_of(s[i].end);
        if (d1 < since || d0 > until) continue;
        kept++;
        if (d0 < a.d0) a.d0 = d0;
        if (d1 > a.d1) a.d1 = d1;
    }
    if (since != INT64_MIN) a.d0 = since;
    if (until != INT64_MAX) a.d1 = until;
    ts_buf_str(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>tunnelstat: IPsec VPN tunnel availability</title>\n");
    style(b);
    ts_buf_str(b, "</head>\n<body>\n<header>\n<h1>IPsec VPN tunnel availability</h1>\n<p class=\"sub\">");
    if (kept) {
        char d0[11], d1[11];
        ts_sessions_fmt_day(a.d0, d0);
        ts_sessions_fmt_day(a.d1, d1);
        ts_buf_printf(b, "%s to %s · %zu session%s on these days", d0, d1, kept, kept == 1 ? "" : "s");
    } else {
        ts_buf_str(b, "No tunnel session on the selected days");
    }
    ts_buf_str(b, "</p>\n<ul class=\"legend\"><li><span class=\"sw up\"></span>up</li>"
                  "<li><span class=\"sw dn\"></span>down (the router logged)</li>"
                  "<li><span class=\"sw nd\"></span>no log from the router</li>"
                  "<li><span class=\"sw end\"></span>went down (dpd_dead, disconnect, restart)</li></ul>\n</header>\n");
    if (kept) {
        a.t0 = a.d0 * 86400;
        a.t1 = a.d1 * 86400 + 86400;
        tunnels(b, &a, s, ns, sp, nsp, names);
        day_rows(b, &a, dr, ndr, names);
    }
    ts_buf_str(b, "<footer>\n<p>A tunnel is (host, connection, peer). It is up from an “IPsec SA established” "
                  "line until DPD declares the peer dead, the tunnel is disconnected or pluto restarts; a session "
                  "still up at the end of the data ends at the router's last line. Up is the share of the time the "
                  "router logged, over the days shown.</p>\n<p>Made by tunnelstat.</p>\n</footer>\n</body>\n</html>\n");
    return b->oom ? TS_ENOMEM : TS_OK;
}
