/* sessions.c — see sessions.h.
 *
 * The builder walks one host's events in time order with a table from
 * (conn, peer) to the tunnel's open session and a list of the host's open
 * sessions (a restart closes them all). When a host's events are done every
 * session is closed, so the table holds no open slot and serves the next
 * host as it is. */
#include <stdlib.h>
#include <string.h>

#include "agg/sessions.h"
#include "base/buf.h"
#include "base/map.h"

static const char *const k_end[] = {"dpd_dead", "disconnect", "restart", "open"};

const char *ts_sessions_end_name(int ended_by)
{
    return ended_by >= 0 && ended_by <= TS_END_OPEN ? k_end[ended_by] : "?";
}

#define CMP_NUM(x, y) ((x) < (y) ? -1 : (x) > (y))

static int cmp_event(const void *pa, const void *pb)
{
    const struct ts_sessions_event *a = pa, *b = pb;
    int c = ts_str_cmp(a->host, b->host);
    if (!c) c = CMP_NUM(a->t, b->t);
    if (!c) c = CMP_NUM(a->seq, b->seq);
    if (!c) c = CMP_NUM(a->kind, b->kind);
    return c;
}

void ts_sessions_sort(struct ts_sessions_event *ev, size_t n)
{
    if (n > 1) qsort(ev, n, sizeof *ev, cmp_event);
}

static int cmp_span(const void *pa, const void *pb)
{
    return ts_str_cmp(((const struct ts_sessions_span *)pa)->host, ((const struct ts_sessions_span *)pb)->host);
}

void ts_sessions_sort_spans(struct ts_sessions_span *sp, size_t n)
{
    if (n > 1) qsort(sp, n, sizeof *sp, cmp_span);
}

const struct ts_sessions_span *ts_sessions_find_span(const struct ts_sessions_span *sp, size_t nsp, ts_str host)
{
    const struct ts_sessions_span key = {host, 0, 0};
    return nsp ? bsearch(&key, sp, nsp, sizeof *sp, cmp_span) : NULL;
}

/* A session under construction: the row, its place in the open list while
 * open, and its creation order (the tie-break of sessions of one second). */
struct sess {
    struct ts_sessions_row row;
    size_t openpos, ord;
    int pidless; /* started by a line without a pid: no restart ends it */
};

struct build {
    struct sess *s;
    size_t ns, caps;
    size_t *open, nopen, capopen;
    struct ts_arena arena;
    struct ts_map tunnels; /* packed (conn, peer) -> size_t: 1 + open session, 0 when down */
};

/* Longest conn or peer told apart (the scan keeps 257 bytes of each). */
#define KEY_FIELD 1024

static size_t *tunnel_slot(struct build *b, ts_str conn, ts_str peer)
{
    unsigned char k[2 * (2 + KEY_FIELD)];
    size_t kn = 0;
    const ts_str f[2] = {conn, peer};
    for (int i = 0; i < 2; i++) {
        const size_t l = f[i].n > KEY_FIELD ? KEY_FIELD : (size_t)f[i].n;
        k[kn++] = (unsigned char)(l >> 8);
        k[kn++] = (unsigned char)l;
        if (l) memcpy(k + kn, f[i].p, l);
        kn += l;
    }
    int created;
    return ts_map_lookup(&b->tunnels, k, kn, 1, &created, NULL);
}

static void close_sess(struct build *b, size_t i, int64_t t, int why)
{
    struct sess *s = &b->s[i];
    s->row.end = t;
    s->row.ended_by = why;
    const size_t last = b->open[--b->nopen];
    b->open[s->openpos] = last;
    b->s[last].openpos = s->openpos;
}

static int open_sess(struct build *b, const struct ts_sessions_event *e, size_t *slot)
{
    if (ts_buf_grow((void **)&b->s, &b->caps, b->ns + 1, sizeof *b->s, 256)
        || ts_buf_grow((void **)&b->open, &b->capopen, b->nopen + 1, sizeof *b->open, 256))
        return TS_ENOMEM;
    struct sess *s = &b->s[b->ns];
    *s = (struct sess){{e->host, e->conn, e->peer, e->t, e->t, TS_END_OPEN, (uint64_t)e->weight - 1}, b->nopen, b->ns,
                       e->pid.n == 0};
    b->open[b->nopen++] = b->ns;
    *slot = ++b->ns;
    return TS_OK;
}

/* Closes the open sessions at t: all of them, or on a restart those of the
 * old pid (issue 16): every session but one a pid-less line started. */
static void close_all(struct build *b, int64_t t, int why)
{
    for (size_t k = b->nopen; k-- > 0;) {
        const size_t i = b->open[k]; /* close_sess moves the last entry to k: already seen */
        if (why == TS_END_RESTART && b->s[i].pidless) continue;
        size_t *slot = tunnel_slot(b, b->s[i].row.conn, b->s[i].row.peer); /* made when the session opened */
        if (slot) *slot = 0;
        close_sess(b, i, t, why);
    }
}

/* One host's events [ev, ev + n). */
static int build_host(struct build *b, const struct ts_sessions_event *ev, size_t n, int64_t last)
{
    ts_str pid = {0, 0};
    int have_pid = 0;
    for (size_t k = 0; k < n; k++) {
        const struct ts_sessions_event *e = &ev[k];
        if (e->kind == TS_SESSIONS_PID) {
            if (have_pid && ts_str_cmp(pid, e->pid) != 0) close_all(b, e->t, TS_END_RESTART);
            pid = e->pid;
            have_pid = 1;
            continue;
        }
        size_t *slot = tunnel_slot(b, e->conn, e->peer);
        if (!slot) return TS_ENOMEM;
        if (e->kind == TS_SESSIONS_UP) {
            if (*slot) b->s[*slot - 1].row.rekeys += e->weight;
            else if (open_sess(b, e, slot)) return TS_ENOMEM;
        } else if (*slot) {
            close_sess(b, *slot - 1, e->t, e->kind == TS_SESSIONS_DPD ? TS_END_DPD : TS_END_DISC);
            *slot = 0;
        }
    }
    close_all(b, last, TS_END_OPEN);
    return TS_OK;
}

static int cmp_tunnel(const struct ts_sessions_row *a, const struct ts_sessions_row *b)
{
    int c = ts_str_cmp(a->host, b->host);
    if (!c) c = ts_str_cmp(a->conn, b->conn);
    if (!c) c = ts_str_cmp(a->peer, b->peer);
    return c;
}

static int cmp_sess(const void *pa, const void *pb)
{
    const struct sess *a = pa, *b = pb;
    int c = cmp_tunnel(&a->row, &b->row);
    if (!c) c = CMP_NUM(a->row.start, b->row.start);
    if (!c) c = CMP_NUM(a->ord, b->ord);
    return c;
}

int ts_sessions_build(const struct ts_sessions_event *ev, size_t n, const struct ts_sessions_span *sp, size_t nsp,
                      struct ts_sessions_row **out, size_t *nout)
{
    struct build b;
    memset(&b, 0, sizeof b);
    ts_map_init(&b.tunnels, &b.arena, sizeof(size_t));
    int rc = TS_OK;
    for (size_t i = 0, e; i < n && rc == TS_OK; i = e) {
        int64_t last = ev[i].t;
        for (e = i; e < n && ts_str_cmp(ev[e].host, ev[i].host) == 0; e++)
            if (ev[e].t > last) last = ev[e].t;
        const struct ts_sessions_span *s = ts_sessions_find_span(sp, nsp, ev[i].host);
        if (s && s->last > last) last = s->last;
        rc = build_host(&b, ev + i, e - i, last);
    }
    ts_map_free(&b.tunnels);
    ts_arena_free(&b.arena);
    free(b.open);
    *out = NULL;
    *nout = 0;
    if (rc == TS_OK && b.ns) {
        qsort(b.s, b.ns, sizeof *b.s, cmp_sess);
        if (!(*out = malloc(b.ns * sizeof **out))) rc = TS_ENOMEM;
        for (size_t i = 0; rc == TS_OK && i < b.ns; i++) (*out)[i] = b.s[i].row;
        if (rc == TS_OK) *nout = b.ns;
    }
    free(b.s);
    return rc;
}

int64_t ts_sessions_day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

uint64_t ts_sessions_overlap(int64_t a, int64_t b, int64_t lo, int64_t hi)
{
    if (a < lo) a = lo;
    if (b > hi) b = hi;
    return b > a ? (uint64_t)(b - a) : 0;
}

static int cmp_day(const void *pa, const void *pb)
{
    const struct ts_sessions_day *a = pa, *b = pb;
    int c = CMP_NUM(a->day, b->day);
    if (!c) c = ts_str_cmp(a->host, b->host);
    if (!c) c = ts_str_cmp(a->conn, b->conn);
    if (!c) c = ts_str_cmp(a->peer, b->peer);
    return c;
}

int ts_sessions_days(const struct ts_sessions_row *s, size_t n, const struct ts_sessions_span *sp, size_t nsp,
                     struct ts_sessions_day **out, size_t *nout)
{
    struct ts_sessions_day *r = NULL;
    size_t nr = 0, cap = 0;
    *out = NULL;
    *nout = 0;
    for (size_t i = 0; i < n; i++) {
        const int64_t d0 = ts_sessions_day_of(s[i].start), d1 = ts_sessions_day_of(s[i].end);
        for (int64_t d = d0; d <= d1; d++) {
            if (ts_buf_grow((void **)&r, &cap, nr + 1, sizeof *r, 256)) {
                free(r);
                return TS_ENOMEM;
            }
            r[nr++] = (struct ts_sessions_day){d, s[i].host, s[i].conn, s[i].peer,
                                               ts_sessions_overlap(s[i].start, s[i].end, d * 86400, d * 86400 + 86400), 0,
                                               d == d0, d == d1 && s[i].ended_by != TS_END_OPEN};
        }
    }
    if (nr > 1) qsort(r, nr, sizeof *r, cmp_day);
    size_t w = 0;
    for (size_t i = 0; i < nr; i++) {
        if (w && cmp_day(&r[w - 1], &r[i]) == 0) {
            r[w - 1].up += r[i].up;
            r[w - 1].sessions += r[i].sessions;
            r[w - 1].downs += r[i].downs;
            continue;
        }
        r[w] = r[i];
        const struct ts_sessions_span *h = ts_sessions_find_span(sp, nsp, r[w].host);
        if (h) r[w].observed = ts_sessions_overlap(h->first, h->last, r[w].day * 86400, r[w].day * 86400 + 86400);
        w++;
    }
    *out = r;
    *nout = w;
    return TS_OK;
}

/* Days from the civil date (proleptic Gregorian), after H. Hinnant's
 * well-known algorithm: eras of 400 years of 146097 days. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* 1 when p holds n digits (their value in *v). */
static int digits(const unsigned char *p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return 0;
        *v = *v * 10 + (p[i] - '0');
    }
    return 1;
}

int ts_sessions_daynum(ts_str day, int64_t *d)
{
    int y, m, dd;
    const unsigned char *p = day.p;
    if (day.n != 10 || p[4] != '-' || p[7] != '-' || !digits(p, 4, &y) || !digits(p + 5, 2, &m)
        || !digits(p + 8, 2, &dd) || m < 1 || m > 12 || dd < 1 || dd > 31)
        return TS_EDATA;
    *d = days_from_civil(y, m, dd);
    return TS_OK;
}

int ts_sessions_time(ts_str day, ts_str time, int64_t *t)
{
    int64_t d;
    int h, mi, s;
    const unsigned char *p = time.p;
    if (ts_sessions_daynum(day, &d) != TS_OK || time.n < 8 || p[2] != ':' || p[5] != ':' || !digits(p, 2, &h)
        || !digits(p + 3, 2, &mi) || !digits(p + 6, 2, &s) || h > 23 || mi > 59 || s > 60)
        return TS_EDATA;
    *t = d * 86400 + h * 3600 + mi * 60 + s;
    return TS_OK;
}

static void put_num(char *out, int64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--, v /= 10) out[i] = (char)('0' + v % 10);
}

void ts_sessions_fmt_day(int64_t day, char out[11])
{
    int64_t y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    put_num(out, y < 0 ? 0 : y % 10000, 4);
    out[4] = out[7] = '-';
    put_num(out + 5, m, 2);
    put_num(out + 8, d, 2);
    out[10] = 0;
}

void ts_sessions_fmt_time(int64_t t, char out[20])
{
    const int64_t day = ts_sessions_day_of(t), s = t - day * 86400;
    ts_sessions_fmt_day(day, out);
    out[10] = ' ';
    put_num(out + 11, s / 3600, 2);
    out[13] = out[16] = ':';
    put_num(out + 14, s / 60 % 60, 2);
    put_num(out + 17, s % 60, 2);
    out[19] = 0;
}
