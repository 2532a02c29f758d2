/* sessions.c — tunnel sessions from the recorded events (rules in sessions.h). */
#include "sessions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "fmt.h"
#include "map.h"
#include "model.h"
#include "truth.h"

enum { E_UP, E_DPD, E_DISC, E_RESTART };
enum { B_DPD, B_DISC, B_RESTART, B_OPEN };
static const char *const k_ended[] = {"dpd_dead", "disconnect", "restart", "open"};

struct sev {
    u64 t;
    u32 pid;       /* E_RESTART: the new pid */
    int host, conn, aid;
    u16 rep;
    u8 kind, akind;
};

struct sess {
    u64 start, end, rekeys;
    u32 pid;
    int host, conn, peer, ended_by;
    size_t openpos; /* index in the open list while open */
};

void sessions_init(struct sessions *ss, int nhosts)
{
    memset(ss, 0, sizeof *ss);
    ss->hosts = xcalloc((size_t)nhosts, sizeof *ss->hosts);
    ss->nhosts = nhosts;
}

static void push_ev(struct sessions *ss, struct sev ev)
{
    ss->capev = xgrow((void **)&ss->ev, ss->capev, ss->nev + 1, sizeof *ss->ev, 4096);
    ss->ev[ss->nev++] = ev;
}

void sessions_line(struct sessions *ss, const struct qline *q, int host, u64 t)
{
    struct hostspan *hs = &ss->hosts[host];
    if (!hs->seen) { hs->seen = 1; hs->first = t; }
    hs->last = t;
    if (q->prog == 0) { /* pid-less lines (ipsec__plutorun) are a run of their own: no restart */
        if (hs->pid_seen && q->pid != hs->pid) push_ev(ss, (struct sev){.t = t, .pid = q->pid, .host = host, .kind = E_RESTART});
        hs->pid = q->pid;
        hs->pid_seen = 1;
    }
    int kind;
    switch (q->col) {
    case C_P2_UP: kind = E_UP; break;
    case C_DPD_DEAD: kind = E_DPD; break;
    case C_DISCONNECT: kind = E_DISC; break;
    default: return;
    }
    if (q->conn < 0) die("%s", "internal: a session event without a conn");
    push_ev(ss, (struct sev){.t = t, .pid = q->pid, .host = host, .conn = q->conn, .aid = q->aid, .rep = q->rep,
                             .kind = (u8)kind, .akind = q->akind});
}

/* (conn, peer) -> 1 + the tunnel's open session, 0 when down. Conn indexes
 * are global (each conn belongs to one host), so the host is implied. */
static u64 *tunnel_slot(struct map *tm, int conn, int peer)
{
    return map_at(tm, 1 + ((u64)conn << 20 | (u64)peer), NULL);
}

struct build {
    struct sessions *ss;
    struct map tm;
    size_t *open; size_t nopen; /* indexes of the open sessions */
};

static void close_sess(struct build *b, size_t i, u64 t, int why)
{
    struct sess *s = &b->ss->s[i];
    s->end = t;
    s->ended_by = why;
    const size_t last = b->open[--b->nopen];
    b->open[s->openpos] = last;
    b->ss->s[last].openpos = s->openpos;
}

static void build(struct sessions *ss, const struct model *m)
{
    struct build b = {.ss = ss};
    b.open = xcalloc(ss->nev + 1, sizeof *b.open);
    for (size_t k = 0; k < ss->nev; k++) {
        const struct sev *ev = &ss->ev[k];
        if (ev->kind == E_RESTART) {
            for (size_t i = b.nopen; i-- > 0;) {
                struct sess *s = &ss->s[b.open[i]];
                if (s->host != ev->host || s->pid == ev->pid) continue;
                *tunnel_slot(&b.tm, s->conn, s->peer) = 0;
                close_sess(&b, b.open[i], ev->t, B_RESTART);
            }
            continue;
        }
        const int peer = ev->akind == A_PEER ? ev->aid : ev->akind == A_CONN ? conn_rule_peer(m, ev->aid) : 0;
        u64 *slot = tunnel_slot(&b.tm, ev->conn, peer);
        if (ev->kind == E_UP) {
            if (*slot) { ss->s[*slot - 1].rekeys += ev->rep; continue; }
            ss->caps = xgrow((void **)&ss->s, ss->caps, ss->ns + 1, sizeof *ss->s, 1024);
            ss->s[ss->ns] = (struct sess){.start = ev->t, .rekeys = (u64)ev->rep - 1, .pid = ev->pid, .host = ev->host,
                                          .conn = ev->conn, .peer = peer, .openpos = b.nopen};
            b.open[b.nopen++] = ss->ns;
            *slot = ++ss->ns;
        } else if (*slot) {
            close_sess(&b, *slot - 1, ev->t, ev->kind == E_DPD ? B_DPD : B_DISC);
            *slot = 0;
        }
    }
    while (b.nopen) {
        const size_t i = b.open[b.nopen - 1];
        close_sess(&b, i, ss->hosts[ss->s[i].host].last, B_OPEN);
    }
    free(b.open);
    map_free(&b.tm);
}

/* A session with its names looked up, for sorting. */
struct named {
    u64 day; /* availability rows: the day; sessions: 0 */
    const struct host *h;
    const struct conn *c;
    const struct peer *p;
    const struct sess *s;
    u64 up;
    u32 sessions, downs;
};

static int cmp_tunnel(const struct named *a, const struct named *b)
{
    int c = strcmp(a->h->name, b->h->name);
    if (!c) c = strcmp(a->c->name, b->c->name);
    if (!c) c = peer_cmp(a->p, b->p);
    return c;
}

static int cmp_sessions(const void *pa, const void *pb)
{
    const struct named *a = pa, *b = pb;
    const int c = cmp_tunnel(a, b);
    if (c) return c;
    if (a->s->start != b->s->start) return a->s->start < b->s->start ? -1 : 1;
    return a->s < b->s ? -1 : a->s > b->s; /* the same second: in the order they began */
}

static int cmp_days(const void *pa, const void *pb)
{
    const struct named *a = pa, *b = pb;
    if (a->day != b->day) return a->day < b->day ? -1 : 1;
    return cmp_tunnel(a, b);
}

static char *wtunnel(char *w, const struct named *n)
{
    w = wstr(w, n->h->name, (size_t)n->h->namelen);
    *w++ = ',';
    w = wstr(w, n->c->name, (size_t)n->c->namelen);
    *w++ = ',';
    return wstr(w, n->p->ip, n->p->iplen);
}

static char *wtime(char *w, const struct cal *c, u64 t) { return wdatetime(w, c->days[t / 86400].iso, (u32)(t % 86400)); }

static FILE *create(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot create %s", path);
    return f;
}

static void finish(FILE *f, const char *path)
{
    if (ferror(f) | fclose(f)) die("cannot write %s", path);
}

static void write_sessions(const struct named *v, size_t n, const struct cal *c, const char *path)
{
    FILE *f = create(path);
    fputs("host,conn,peer,start,end,seconds,ended_by,rekeys\r\n", f);
    char line[512];
    for (size_t i = 0; i < n; i++) {
        const struct sess *s = v[i].s;
        char *w = wtunnel(line, &v[i]);
        *w++ = ',';
        w = wtime(w, c, s->start);
        *w++ = ',';
        w = wtime(w, c, s->end);
        *w++ = ',';
        w = wu(w, s->end - s->start);
        *w++ = ',';
        w = wz(w, k_ended[s->ended_by]);
        *w++ = ',';
        w = wu(w, s->rekeys);
        w = WS(w, "\r\n");
        fwrite(line, 1, (size_t)(w - line), f);
    }
    finish(f, path);
}

static u64 overlap(u64 a, u64 b, u64 lo, u64 hi)
{
    if (a < lo) a = lo;
    if (b > hi) b = hi;
    return b > a ? b - a : 0;
}

/* One row per (day, tunnel) with a session on that day (the days from its
 * start to its end, both included; a session ending at 00:00:00 has a row
 * on that day with no up time, and counts as a down there). */
static void write_availability(const struct sessions *ss, const struct named *v, size_t n, const struct cal *c,
                               const char *path)
{
    size_t cap = 0, nr = 0;
    struct named *r = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct sess *s = v[i].s;
        for (u64 d = s->start / 86400; d <= s->end / 86400; d++) {
            cap = xgrow((void **)&r, cap, nr + 1, sizeof *r, 1024);
            struct named *x = &r[nr++];
            *x = v[i];
            x->day = d;
            x->up = overlap(s->start, s->end, d * 86400, d * 86400 + 86400);
            x->sessions = s->start / 86400 == d;
            x->downs = s->end / 86400 == d && s->ended_by != B_OPEN;
        }
    }
    qsort(r, nr, sizeof *r, cmp_days);
    FILE *f = create(path);
    fputs("day,host,conn,peer,up_seconds,observed_seconds,sessions,downs\r\n", f);
    char line[512];
    for (size_t i = 0; i < nr;) {
        struct named sum = r[i];
        for (i++; i < nr && r[i].day == sum.day && !cmp_tunnel(&r[i], &sum); i++) {
            sum.up += r[i].up;
            sum.sessions += r[i].sessions;
            sum.downs += r[i].downs;
        }
        const struct hostspan *hs = &ss->hosts[sum.h->idx];
        char *w = wstr(line, c->days[sum.day].iso, 10);
        *w++ = ',';
        w = wtunnel(w, &sum);
        *w++ = ',';
        w = wu(w, sum.up);
        *w++ = ',';
        w = wu(w, overlap(hs->first, hs->last, sum.day * 86400, sum.day * 86400 + 86400));
        *w++ = ',';
        w = wu(w, sum.sessions);
        *w++ = ',';
        w = wu(w, sum.downs);
        w = WS(w, "\r\n");
        fwrite(line, 1, (size_t)(w - line), f);
    }
    finish(f, path);
    free(r);
}

void sessions_write(struct sessions *ss, const struct model *m, const struct cal *c, const char *sessions_csv,
                    const char *availability_csv)
{
    build(ss, m);
    struct named *v = xcalloc(ss->ns + 1, sizeof *v);
    for (size_t i = 0; i < ss->ns; i++) {
        const struct sess *s = &ss->s[i];
        v[i] = (struct named){.h = &m->hosts[s->host], .c = &m->conns[s->conn], .p = &m->peers[s->peer], .s = s};
    }
    qsort(v, ss->ns, sizeof *v, cmp_sessions);
    if (sessions_csv) write_sessions(v, ss->ns, c, sessions_csv);
    if (availability_csv) write_availability(ss, v, ss->ns, c, availability_csv);
    free(v);
}
