/* routers.c — see routers.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/columns.h"
#include "report/routers.h"

/* Days since 1970-01-01 of a proleptic Gregorian date, and back: the
 * period arithmetic must cross month and year ends and Feb 29. */
static long long days_of(const char *s)
{
    long long y = atoi(s), m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void date_of(long long z, char out[11])
{
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    char t[64];
    snprintf(t, sizeof t, "%04lld-%02lld-%02lld", yoe + era * 400 + (m <= 2), m, d);
    memcpy(out, t, 10);
    out[10] = '\0';
}

struct pair {
    ts_str host, peer;
};

static int cmp_pair(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;
    const int c = ts_str_cmp(a->host, b->host);
    return c ? c : ts_str_cmp(a->peer, b->peer);
}

static int cmp_host(const void *x, const void *y)
{
    return ts_str_cmp(((const struct ts_routers_row *)x)->host, ((const struct ts_routers_row *)y)->host);
}

/* 1 when day is in [from, to] (strings of 10 bytes). */
static int within(ts_str day, const char *from, const char *to)
{
    return day.n == 10 && memcmp(day.p, from, 10) >= 0 && memcmp(day.p, to, 10) <= 0;
}

static void add(uint64_t *v, const struct ts_agg_row *row, const struct ts_summary_known *known)
{
    const uint64_t f = ts_columns_failures(row->n);
    if (ts_summary_kind_of(known, row->peer) == TS_PEERS_KNOWN) v[TS_ROUTERS_FAIL_KNOWN] += f;
    else if (ts_summary_kind_of(known, row->peer) == TS_PEERS_STRANGERS) v[TS_ROUTERS_FAIL_STRANGER] += f;
    v[TS_ROUTERS_DPD] += row->n->c[TS_C_DPD_DEAD];
    v[TS_ROUTERS_PSK] += row->n->c[TS_C_PSK_POLICY_MISS];
    v[TS_ROUTERS_UP] += row->n->c[TS_C_PHASE2_UP];
}

/* Distinct known peers and strangers per host among pairs (sorted). */
static void count_peers(struct ts_routers *r, struct pair *p, size_t m, const struct ts_summary_known *known,
                        int prev)
{
    for (size_t i = 0; i < m; i++) {
        if (i && !cmp_pair(&p[i], &p[i - 1])) continue;
        const struct ts_routers_row key = {p[i].host, {0}, {0}};
        struct ts_routers_row *row = bsearch(&key, r->row, r->n, sizeof *r->row, cmp_host);
        if (!row) continue;
        const int k = ts_summary_kind_of(known, p[i].peer);
        uint64_t *v = prev ? row->prev : row->cur;
        if (k == TS_PEERS_KNOWN) v[TS_ROUTERS_KNOWN]++;
        else if (k == TS_PEERS_STRANGERS) v[TS_ROUTERS_STRANGERS]++;
    }
}

int ts_routers_compute(struct ts_routers *r, const struct ts_agg_row *rows, size_t n,
                       const struct ts_summary_days *d, const struct ts_summary_known *known)
{
    memset(r, 0, sizeof *r);
    /* the window: the options' bounds, else the data's dated days */
    const char *first = NULL, *last = NULL;
    for (size_t i = 0; i < n; i++)
        if (rows[i].day.n == 10 && ts_columns_any(rows[i].n)) {
            if (!first || memcmp(rows[i].day.p, first, 10) < 0) first = (const char *)rows[i].day.p;
            if (!last || memcmp(rows[i].day.p, last, 10) > 0) last = (const char *)rows[i].day.p;
        }
    const char *from = d && d->since ? d->since : first, *to = d && d->until ? d->until : last;
    if (from && to) {
        r->dated = 1;
        memcpy(r->from, from, 10);
        memcpy(r->to, to, 10);
        const long long a = days_of(from), z = days_of(to);
        date_of(a - (z - a + 1), r->pfrom);
        date_of(a - 1, r->pto);
    }
    r->row = malloc((n ? n : 1) * sizeof *r->row);
    struct pair *cur = malloc((n ? n : 1) * sizeof *cur), *prev = malloc((n ? n : 1) * sizeof *prev);
    if (!r->row || !cur || !prev) {
        free(cur);
        free(prev);
        ts_routers_free(r);
        return TS_ENOMEM;
    }
    /* the routers of the window, then their figures */
    for (size_t i = 0; i < n; i++)
        if (ts_columns_any(rows[i].n) && (r->dated ? within(rows[i].day, r->from, r->to) : 1))
            r->row[r->n++] = (struct ts_routers_row){rows[i].host, {0}, {0}};
    qsort(r->row, r->n, sizeof *r->row, cmp_host);
    size_t u = 0;
    for (size_t i = 0; i < r->n; i++)
        if (u == 0 || ts_str_cmp(r->row[u - 1].host, r->row[i].host)) r->row[u++] = r->row[i];
    r->n = u;
    size_t nc = 0, np = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ts_columns_any(rows[i].n)) continue;
        const int in_cur = r->dated ? within(rows[i].day, r->from, r->to) : 1;
        const int in_prev = r->dated && within(rows[i].day, r->pfrom, r->pto);
        if (!in_cur && !in_prev) continue;
        const struct ts_routers_row key = {rows[i].host, {0}, {0}};
        struct ts_routers_row *row = bsearch(&key, r->row, r->n, sizeof *r->row, cmp_host);
        if (!row) continue; /* a router of the previous period only */
        add(in_cur ? row->cur : row->prev, &rows[i], known);
        if (in_cur) cur[nc++] = (struct pair){rows[i].host, rows[i].peer};
        else prev[np++] = (struct pair){rows[i].host, rows[i].peer};
    }
    qsort(cur, nc, sizeof *cur, cmp_pair);
    qsort(prev, np, sizeof *prev, cmp_pair);
    count_peers(r, cur, nc, known, 0);
    count_peers(r, prev, np, known, 1);
    free(cur);
    free(prev);
    return TS_OK;
}

void ts_routers_free(struct ts_routers *r)
{
    free(r->row);
    memset(r, 0, sizeof *r);
}
