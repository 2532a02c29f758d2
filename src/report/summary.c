/* summary.c — see summary.h. */
#include <stdlib.h>
#include <string.h>

#include "base/map.h"
#include "report/columns.h"
#include "report/summary.h"

int ts_summary_days_keep(const struct ts_summary_days *d, ts_str day)
{
    if (!d || (!d->since && !d->until && !d->dated)) return 1;
    if (day.n != 10) return 0; /* "-": no timestamp, so outside any range */
    if (d->since && memcmp(day.p, d->since, 10) < 0) return 0;
    if (d->until && memcmp(day.p, d->until, 10) > 0) return 0;
    return 1;
}

int ts_summary_kind_by_name(const char *name, int *kind)
{
    static const char *const names[] = {"all", "known", "strangers"};
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *kind = i;
            return TS_OK;
        }
    return TS_EUSAGE;
}

static int cmp_peer(const void *a, const void *b)
{
    return ts_str_cmp(*(const ts_str *)a, *(const ts_str *)b);
}

int ts_summary_known_init(struct ts_summary_known *k, const struct ts_agg_row *rows, size_t n)
{
    k->n = 0;
    k->peer = malloc((n ? n : 1) * sizeof *k->peer);
    if (!k->peer) return TS_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (rows[i].n->c[TS_C_PHASE1_UP] || rows[i].n->c[TS_C_PHASE2_UP]) k->peer[k->n++] = rows[i].peer;
    qsort(k->peer, k->n, sizeof *k->peer, cmp_peer);
    size_t u = 0;
    for (size_t i = 0; i < k->n; i++)
        if (u == 0 || !ts_str_eq(k->peer[u - 1], k->peer[i])) k->peer[u++] = k->peer[i];
    k->n = u;
    return TS_OK;
}

void ts_summary_known_free(struct ts_summary_known *k)
{
    free(k->peer);
    k->peer = NULL;
    k->n = 0;
}

int ts_summary_kind_of(const struct ts_summary_known *k, ts_str peer)
{
    if (peer.n == 1 && peer.p[0] == '-') return TS_PEERS_NONE;
    return bsearch(&peer, k->peer, k->n, sizeof *k->peer, cmp_peer) ? TS_PEERS_KNOWN : TS_PEERS_STRANGERS;
}

int ts_summary_kind_keep(const struct ts_summary_known *k, int want, ts_str peer)
{
    return want == TS_PEERS_ALL || ts_summary_kind_of(k, peer) == want;
}

size_t ts_summary_kind_filter(const struct ts_summary_known *k, int want, struct ts_agg_row *rows, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ts_summary_kind_keep(k, want, rows[i].peer)) rows[m++] = rows[i];
    return m;
}

static void add_counts(struct ts_agg_counts *d, const struct ts_agg_counts *s)
{
    for (int i = 0; i < TS_NCLASS; i++) d->c[i] += s->c[i];
}

int ts_summary_by_day(const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d, struct ts_summary_day **out,
                size_t *nout)
{
    *nout = 0;
    *out = malloc((n ? n : 1) * sizeof **out);
    if (!*out) return TS_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!ts_summary_days_keep(d, rows[i].day)) continue;
        struct ts_summary_day *s = *nout ? &(*out)[*nout - 1] : NULL;
        if (!s || !ts_str_eq(s->day, rows[i].day)) {
            s = &(*out)[(*nout)++];
            memset(s, 0, sizeof *s);
            s->day = rows[i].day;
        }
        add_counts(&s->n, rows[i].n);
    }
    return TS_OK;
}

static int cmp_top(const void *x, const void *y)
{
    const struct ts_summary_peer *a = x, *b = y;
    if (a->fail != b->fail) return a->fail > b->fail ? -1 : 1;
    int c = ts_str_cmp(a->host, b->host);
    return c ? c : ts_str_cmp(a->peer, b->peer);
}

int ts_summary_top_peers(const struct ts_agg_row *rows, size_t n, const struct ts_summary_days *d, size_t limit,
                 struct ts_summary_peer **out, size_t *nout)
{
    *nout = 0;
    *out = malloc((n ? n : 1) * sizeof **out);
    struct ts_arena arena = TS_ARENA_INIT;
    struct ts_map idx; /* host length, host, peer -> 1 + index into *out */
    ts_map_init(&idx, &arena, sizeof(size_t));
    unsigned char *k = malloc(4 + 2 * (size_t)TS_FIELD_KEEP);
    int rc = *out && k ? TS_OK : TS_ENOMEM;
    for (size_t i = 0; i < n && rc == TS_OK; i++) {
        if (!ts_summary_days_keep(d, rows[i].day)) continue;
        const uint64_t f = ts_columns_failures(rows[i].n);
        if (!f) continue;
        const ts_str h = rows[i].host, p = rows[i].peer;
        const uint32_t hn = (uint32_t)h.n;
        memcpy(k, &hn, 4);
        memcpy(k + 4, h.p, (size_t)h.n);
        memcpy(k + 4 + h.n, p.p, (size_t)p.n);
        const size_t kn = 4 + (size_t)h.n + (size_t)p.n;
        int created;
        size_t *slot = ts_map_lookup(&idx, k, kn, 1, &created, NULL);
        if (!slot) {
            rc = TS_ENOMEM;
            break;
        }
        if (created) {
            *slot = ++*nout;
            struct ts_summary_peer *s = &(*out)[*slot - 1];
            memset(s, 0, sizeof *s);
            s->host = h;
            s->peer = p;
        }
        struct ts_summary_peer *s = &(*out)[*slot - 1];
        s->fail += f;
        add_counts(&s->n, rows[i].n);
    }
    ts_map_free(&idx);
    ts_arena_free(&arena);
    free(k);
    if (rc != TS_OK) {
        free(*out);
        *out = NULL;
        *nout = 0;
        return rc;
    }
    qsort(*out, *nout, sizeof **out, cmp_top);
    if (limit && *nout > limit) *nout = limit;
    return TS_OK;
}
