/* prom.c — see prom.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/escape.h"
#include "report/columns.h"
#include "report/prom.h"

static int cmp(const void *a, const void *b)
{
    return ts_str_cmp(*(const ts_str *)a, *(const ts_str *)b);
}

static void label(struct ts_buf *b, const char *name, ts_str v, int first)
{
    if (!first) ts_buf_put(b, ",", 1);
    ts_buf_str(b, name);
    ts_buf_put(b, "=\"", 2);
    const unsigned char *p = v.p, *e = v.p + v.n;
    while (p < e) {
        uint32_t cp;
        const int k = ts_escape_utf8_next(p, e, &cp);
        if (k == 0) {
            ts_buf_str(b, "\xef\xbf\xbd");
            p++;
        } else if (cp == '\\') {
            ts_buf_put(b, "\\\\", 2), p++;
        } else if (cp == '"') {
            ts_buf_put(b, "\\\"", 2), p++;
        } else if (cp == '\n') {
            ts_buf_put(b, "\\n", 2), p++;
        } else {
            ts_buf_put(b, p, (size_t)k);
            p += k;
        }
    }
    ts_buf_put(b, "\"", 1);
}

static void u64(struct ts_buf *b, uint64_t v)
{
    ts_buf_put(b, " ", 1);
    ts_buf_u64(b, v);
    ts_buf_put(b, "\n", 1);
}

static void head(struct ts_buf *b, const char *name, const char *help)
{
    ts_buf_str(b, "# HELP ");
    ts_buf_str(b, name);
    ts_buf_put(b, " ", 1);
    ts_buf_str(b, help);
    ts_buf_str(b, "\n# TYPE ");
    ts_buf_str(b, name);
    ts_buf_str(b, " gauge\n");
}

static void scalar(struct ts_buf *b, const char *name, const char *help, int64_t v)
{
    head(b, name, help);
    ts_buf_printf(b, "%s %" PRId64 "\n", name, v);
}

/* Midnight, local time, starting "YYYY-MM-DD" plus days. */
static int64_t midnight(ts_str day, int plus)
{
    struct tm tm = {0};
    tm.tm_year = atoi((const char *)day.p) - 1900;
    tm.tm_mon = (day.p[5] - '0') * 10 + (day.p[6] - '0') - 1;
    tm.tm_mday = (day.p[8] - '0') * 10 + (day.p[9] - '0') + plus;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

/* Per host of the window, the sum of each count column, in host order. */
static void events(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                   ts_str *first, ts_str *last)
{
    head(b, "tunnelstat_events", "IKE daemon events in the report's window, per router and report column.");
    /* rows are sorted by day first: gather the hosts, then sum per host */
    ts_str *hosts = malloc((n ? n : 1) * sizeof *hosts);
    size_t nh = 0;
    for (size_t i = 0; hosts && i < n; i++) {
        if (!ts_summary_days_keep(d, rows[i].day)) continue;
        if (rows[i].day.n == 10) {
            if (!first->n || memcmp(rows[i].day.p, first->p, 10) < 0) *first = rows[i].day;
            if (!last->n || memcmp(rows[i].day.p, last->p, 10) > 0) *last = rows[i].day;
        }
        hosts[nh++] = rows[i].host;
    }
    if (!hosts) {
        b->oom = 1;
        return;
    }
    qsort(hosts, nh, sizeof *hosts, cmp);
    size_t u = 0;
    for (size_t i = 0; i < nh; i++)
        if (u == 0 || !ts_str_eq(hosts[u - 1], hosts[i])) hosts[u++] = hosts[i];
    uint64_t *sum = calloc(u * TS_NCOLUMNS + 1, sizeof *sum);
    if (!sum) {
        free(hosts);
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!ts_summary_days_keep(d, rows[i].day)) continue;
        const ts_str *h = bsearch(&rows[i].host, hosts, u, sizeof *hosts, cmp);
        for (int c = 0; c < TS_NCOLUMNS; c++) sum[(size_t)(h - hosts) * TS_NCOLUMNS + (size_t)c] += ts_columns_value(rows[i].n, c);
    }
    for (size_t k = 0; k < u; k++)
        for (int c = 0; c < TS_NCOLUMNS; c++) {
            ts_buf_str(b, "tunnelstat_events{");
            label(b, "host", hosts[k], 1);
            label(b, "class", ts_str_c(ts_columns[c].name), 0);
            ts_buf_put(b, "}", 1);
            u64(b, sum[k * TS_NCOLUMNS + (size_t)c]);
        }
    free(sum);
    free(hosts);
}

static const char *const k_kind[] = {"all", "known", "stranger", "-"};

struct pair {
    ts_str host, peer;
    uint64_t fail;
};

static int cmp_pair(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    const int c = ts_str_cmp(a->host, b->host);
    return c ? c : ts_str_cmp(a->peer, b->peer);
}

static void by_kind(struct ts_buf *b, const char *name, const ts_str host, const uint64_t v[4])
{
    for (int k = TS_PEERS_KNOWN; k <= TS_PEERS_NONE; k++) {
        ts_buf_str(b, name);
        ts_buf_put(b, "{", 1);
        label(b, "host", host, 1);
        label(b, "peer_kind", ts_str_c(k_kind[k]), 0);
        ts_buf_put(b, "}", 1);
        u64(b, v[k]);
    }
}

/* Per host of the window and kind of peer: failures and distinct peers. */
static void kinds(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                  const struct ts_summary_known *known)
{
    struct pair *pr = malloc((n ? n : 1) * sizeof *pr);
    struct ts_buf peers = {0};
    if (!pr) {
        b->oom = 1;
        return;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ts_summary_days_keep(d, rows[i].day) && ts_columns_any(rows[i].n))
            pr[m++] = (struct pair){rows[i].host, rows[i].peer, ts_columns_failures(rows[i].n)};
    qsort(pr, m, sizeof *pr, cmp_pair);
    head(b, "tunnelstat_failures", "Failures in the report's window per router, of known peers (a tunnel was up with them once), strangers and no peer (-).");
    for (size_t i = 0; i < m;) {
        uint64_t fail[4] = {0}, cnt[4] = {0};
        size_t j = i;
        for (; j < m && ts_str_eq(pr[j].host, pr[i].host); j++) {
            const int k = ts_summary_kind_of(known, pr[j].peer);
            fail[k] += pr[j].fail;
            if (j == i || !ts_str_eq(pr[j].peer, pr[j - 1].peer)) cnt[k]++;
        }
        by_kind(b, "tunnelstat_failures", pr[i].host, fail);
        /* the peers series follows in one block: its lines wait aside */
        by_kind(&peers, "tunnelstat_peers", pr[i].host, cnt);
        i = j;
    }
    head(b, "tunnelstat_peers", "Distinct peers with events in the report's window per router: known, strangers, no peer (-).");
    if (peers.n) ts_buf_put(b, peers.p, peers.n);
    if (peers.oom) b->oom = 1;
    ts_buf_free(&peers);
    free(pr);
}

/* Seconds of [a, b) inside [lo, hi). */
static int64_t overlap(int64_t a, int64_t b, int64_t lo, int64_t hi)
{
    const int64_t s = a > lo ? a : lo, e = b < hi ? b : hi;
    return e > s ? e - s : 0;
}

/* Per tunnel: up now (its last session is open) and the seconds of the
 * window during which its router was observed and it was not up. The window
 * is in the sessions' time base (day and time as written), whole days from
 * --since to --until. Sessions come sorted by host, conn, peer, start. */
static void tunnels(struct ts_buf *b, const struct ts_prom_meta *m, const struct ts_summary_days *d,
                    const struct ts_summary_known *known, int want)
{
    int64_t lo = INT64_MIN / 2, hi = INT64_MAX / 2, day;
    if (d->since && ts_sessions_daynum(ts_str_c(d->since), &day) == TS_OK) lo = day * 86400;
    if (d->until && ts_sessions_daynum(ts_str_c(d->until), &day) == TS_OK) hi = (day + 1) * 86400;
    head(b, "tunnelstat_tunnel_up", "1 when the tunnel (router, connection, peer) is up at the end of the data.");
    struct ts_buf down = {0};
    for (size_t i = 0, j; i < m->nsessions; i = j) {
        const struct ts_sessions_row *s = &m->sessions[i];
        int64_t up = 0;
        for (j = i; j < m->nsessions && ts_str_eq(m->sessions[j].host, s->host) && ts_str_eq(m->sessions[j].conn, s->conn)
                    && ts_str_eq(m->sessions[j].peer, s->peer);
             j++)
            up += overlap(m->sessions[j].start, m->sessions[j].end, lo, hi);
        if (!ts_summary_kind_keep(known, want, s->peer)) continue;
        const struct ts_sessions_span *sp = ts_sessions_find_span(m->spans, m->nspans, s->host);
        const int64_t seen = sp ? overlap(sp->first, sp->last, lo, hi) : 0;
        ts_buf_str(b, "tunnelstat_tunnel_up{");
        label(b, "host", s->host, 1);
        label(b, "conn", s->conn, 0);
        label(b, "peer", s->peer, 0);
        ts_buf_str(b, m->sessions[j - 1].ended_by == TS_END_OPEN ? "} 1\n" : "} 0\n");
        ts_buf_str(&down, "tunnelstat_tunnel_down_seconds{");
        label(&down, "host", s->host, 1);
        label(&down, "conn", s->conn, 0);
        label(&down, "peer", s->peer, 0);
        ts_buf_put(&down, "}", 1);
        u64(&down, (uint64_t)(seen > up ? seen - up : 0));
    }
    head(b, "tunnelstat_tunnel_down_seconds",
         "Seconds of the report's window during which the tunnel's router was logging and the tunnel was not up.");
    if (down.n) ts_buf_put(b, down.p, down.n);
    if (down.oom) b->oom = 1;
    ts_buf_free(&down);
}

int ts_prom_write(struct ts_buf *b, const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d,
                  size_t top, const struct ts_summary_known *known, const struct ts_names *names,
                  const struct ts_prom_meta *m)
{
    ts_str first = {0, 0}, last = {0, 0};
    events(b, rows, n, d, &first, &last);
    kinds(b, rows, n, d, known);

    struct ts_summary_peer *tp;
    size_t ntp;
    if (ts_summary_top_peers(rows, n, d, top, &tp, &ntp) != TS_OK) return TS_ENOMEM;
    head(b, "tunnelstat_peer_failures", "Failures in the report's window per router and peer, for the peers with most failures (--top).");
    for (size_t i = 0; i < ntp; i++) {
        ts_buf_str(b, "tunnelstat_peer_failures{");
        label(b, "host", tp[i].host, 1);
        label(b, "peer", tp[i].peer, 0);
        if (names) label(b, "peer_name", ts_names_get(names, tp[i].peer), 0);
        label(b, "peer_kind", ts_str_c(k_kind[ts_summary_kind_of(known, tp[i].peer)]), 0);
        ts_buf_put(b, "}", 1);
        u64(b, tp[i].fail);
    }
    free(tp);

    if (m->sessions) tunnels(b, m, d, known, m->peers);
    scalar(b, "tunnelstat_last_success_timestamp_seconds", "When tunnelstat last wrote this report (Unix time).", m->now);
    /* the window: --since/--until where given, else the data's dated days */
    const ts_str from = d->since ? ts_str_c(d->since) : first, to = d->until ? ts_str_c(d->until) : last;
    if (from.n == 10)
        scalar(b, "tunnelstat_window_start_timestamp_seconds", "Start of the report's window: midnight, local time (Unix time).",
               midnight(from, 0));
    if (to.n == 10)
        scalar(b, "tunnelstat_window_end_timestamp_seconds",
               "End of the report's window, exclusive: midnight after its last day, local time (Unix time).",
               midnight(to, 1));
    scalar(b, "tunnelstat_read_bytes", "Bytes of log (decoded) this run read.", (int64_t)m->bytes);
    scalar(b, "tunnelstat_read_lines", "Lines of log this run read.", (int64_t)m->lines);
    return b->oom ? TS_ENOMEM : TS_OK;
}
