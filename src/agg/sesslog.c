/* sesslog.c — see sesslog.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/sesslog.h"
#include "base/buf.h"
#include "lexer/class.h"


void ts_sesslog_init(struct ts_sesslog *l)
{
    memset(l, 0, sizeof *l);
    ts_map_init(&l->hosts, &l->arena, sizeof(struct ts_sesslog_host));
}

void ts_sesslog_free(struct ts_sesslog *l)
{
    ts_map_free(&l->hosts);
    ts_arena_free(&l->arena);
    free(l->ev);
    memset(l, 0, sizeof *l);
}

void ts_sesslog_unit(struct ts_sesslog *l, uint64_t unit)
{
    l->unit = unit;
}

static int dup(struct ts_arena *a, ts_str *s)
{
    if (!s->n) return 0;
    const size_t n = s->n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)s->n;
    s->p = ts_arena_dup(a, s->p, n);
    s->n = (ptrdiff_t)n;
    return s->p ? 0 : -1;
}

static int push(struct ts_sesslog *l, const struct ts_sesslog_event *e)
{
    if (ts_buf_grow((void **)&l->ev, &l->cap, l->n + 1, sizeof *l->ev, 1024)) return TS_ENOMEM;
    struct ts_sesslog_event *c = &l->ev[l->n];
    *c = *e;
    ts_str *f[] = {&c->e.conn, &c->e.peer, &c->e.pid, &c->serial, &c->run};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (dup(&l->arena, f[i])) return TS_ENOMEM;
    l->n++;
    return TS_OK;
}

static struct ts_sesslog_host *host_of(struct ts_sesslog *l, ts_str host, ts_str *key)
{
    const size_t hn = host.n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)host.n;
    if (l->h && l->hlen == hn && memcmp(l->hkey, host.p, hn) == 0) {
        *key = (ts_str){l->hkey, (ptrdiff_t)hn};
        return l->h;
    }
    int created;
    const unsigned char *k;
    struct ts_sesslog_host *h = ts_map_lookup(&l->hosts, host.p, hn, 1, &created, &k);
    if (!h) return NULL;
    if (created) h->first = INT64_MAX, h->last = INT64_MIN;
    l->hkey = k;
    l->hlen = hn;
    l->h = h;
    *key = (ts_str){k, (ptrdiff_t)hn};
    return h;
}

static int line_time(struct ts_sesslog *l, ts_str day, ts_str time, int64_t *t)
{
    if (!(day.n == 10 && l->dvalid && memcmp(l->dkey, day.p, 10) == 0)) {
        l->dvalid = 0;
        if (ts_sessions_daynum(day, &l->dnum) != TS_OK) return TS_EDATA;
        memcpy(l->dkey, day.p, 10);
        l->dvalid = 1;
    }
    /* The time alone, on a day known to be valid. */
    static const unsigned char epoch[] = "1970-01-01";
    if (ts_sessions_time((ts_str){epoch, 10}, time, t) != TS_OK) return TS_EDATA;
    *t += l->dnum * 86400;
    return TS_OK;
}

int ts_sesslog_add(struct ts_sesslog *l, const struct ts_line *L, ts_str day, ts_str host, uint64_t line)
{
    int64_t t;
    if (line_time(l, day, L->time, &t)) return TS_OK; /* no timestamp: no part in sessions */
    ts_str hkey;
    struct ts_sesslog_host *h = host_of(l, host, &hkey);
    if (!h) return TS_ENOMEM;
    if (t < h->first) h->first = t;
    if (t > h->last) h->last = t;
    const uint64_t seq = l->unit << TS_SESSLOG_LINE_BITS | line;
    if (L->pid.n) {
        const size_t pn = L->pid.n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)L->pid.n;
        if (h->pid_unit != l->unit + 1 || h->pidn != pn || memcmp(h->pid, L->pid.p, pn) != 0) {
            const struct ts_sesslog_event e = {{t, seq, hkey, {0, 0}, {0, 0}, L->pid, TS_SESSIONS_PID, 1}, {0, 0}, {0, 0}};
            int rc = push(l, &e);
            if (rc) return rc;
            h->pid = l->ev[l->n - 1].e.pid.p;
            h->pidn = (uint32_t)pn;
            h->pid_unit = l->unit + 1;
        }
    }
    uint32_t kind;
    switch (L->cls) {
    case TS_C_PHASE2_UP: kind = TS_SESSIONS_UP; break;
    case TS_C_DPD_DEAD: kind = TS_SESSIONS_DPD; break;
    case TS_C_DISCONNECT: kind = TS_SESSIONS_DISC; break;
    default: return TS_OK;
    }
    const struct ts_sesslog_event e = {{t, seq, hkey, L->conn, L->peer, L->pid, kind, L->weight}, L->serial,
                                       L->run.n ? L->run : L->pid};
    return push(l, &e);
}

static int gather_spans(struct ts_sesslog *const *logs, int n, struct ts_sessions_span **sp, size_t *nsp)
{
    size_t total = 0;
    for (int i = 0; i < n; i++) total += ts_map_len(&logs[i]->hosts);
    struct ts_sessions_span *v = malloc((total ? total : 1) * sizeof *v);
    if (!v) return TS_ENOMEM;
    size_t k = 0;
    struct ts_map_item it;
    for (int i = 0; i < n; i++)
        for (size_t pos = 0; ts_map_next(&logs[i]->hosts, &pos, &it);) {
            const struct ts_sesslog_host *h = it.val;
            v[k++] = (struct ts_sessions_span){{it.key, (ptrdiff_t)it.klen}, h->first, h->last};
        }
    ts_sessions_sort_spans(v, k);
    size_t w = 0;
    for (size_t i = 0; i < k; i++) {
        if (w && ts_str_eq(v[w - 1].host, v[i].host)) {
            if (v[i].first < v[w - 1].first) v[w - 1].first = v[i].first;
            if (v[i].last > v[w - 1].last) v[w - 1].last = v[i].last;
        } else {
            v[w++] = v[i];
        }
    }
    *sp = v;
    *nsp = w;
    return TS_OK;
}

struct ts_sessions_event ts_sesslog_resolve(const struct ts_sesslog_event *x, const struct ts_agg *notes)
{
    struct ts_sessions_event e = x->e;
    if (e.kind != TS_SESSIONS_PID) {
        if (!e.peer.n) e.peer = ts_agg_resolve(notes, e.host, x->run, x->serial, e.conn, NULL);
        if (!e.conn.n) e.conn = TS_S("-");
    }
    return e;
}

int ts_sesslog_gather(struct ts_sesslog *const *logs, int n, const struct ts_agg *notes, struct ts_sessions_event **ev,
                      size_t *nev, struct ts_sessions_span **sp, size_t *nsp)
{
    *ev = NULL;
    *nev = 0;
    size_t total = 0;
    for (int i = 0; i < n; i++) total += logs[i]->n;
    struct ts_sessions_event *v = malloc((total ? total : 1) * sizeof *v);
    if (!v) return TS_ENOMEM;
    size_t k = 0;
    for (int i = 0; i < n; i++)
        for (size_t j = 0; j < logs[i]->n; j++) v[k++] = ts_sesslog_resolve(&logs[i]->ev[j], notes);
    ts_sessions_sort(v, k);
    if (gather_spans(logs, n, sp, nsp)) {
        free(v);
        return TS_ENOMEM;
    }
    *ev = v;
    *nev = k;
    return TS_OK;
}
