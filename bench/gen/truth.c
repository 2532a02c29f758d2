/* truth.c — (day, host, peer) -> NCOL counters. */
#include "truth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "fmt.h"

static const char k_header[] =
    "day,host,peer,dpd_dead,unknown_sa,psk_policy_miss,delete_sa_not_found,disconnect,"
    "retransmit_timeout,auth_fail,id_mismatch,no_proposal,phase2_no_conn,xauth_fail,network_error,"
    "phase1_up,phase2_up,weak_crypto\r\n";

struct row { u64 key; u64 c[NCOL]; };

static struct row *tget(struct rows *t, u64 key)
{
    int fresh;
    u64 *i = map_at(&t->at, key, &fresh);
    if (fresh) {
        t->cap = xgrow((void **)&t->r, t->cap, t->n + 1, sizeof *t->r, 1024);
        memset(&t->r[t->n], 0, sizeof *t->r);
        t->r[t->n].key = key;
        *i = t->n++;
    }
    return &t->r[*i];
}

/* key = 1 + (day << 40 | a << 20 | b): never 0 */
static u64 tkey(u64 day, u64 a, u64 b) { return 1 + ((day << 40) | (a << 20) | b); }

static void note_lit(struct model *m, int conn, int peer)
{
    struct conn *c = &m->conns[conn];
    if (c->lit_state == 0) { c->lit_state = 1; c->lit_peer = peer; }
    else if (c->lit_state == 1 && c->lit_peer != peer) c->lit_state = 2;
}

void truth_line(struct truth *t, struct model *m, const struct qline *q, int host, u64 day)
{
    if (q->litconn >= 0) note_lit(m, q->litconn, q->litpeer);
    if (q->col < 0) return;
    struct row *r;
    if (q->akind == A_CONN) r = tget(&t->pending, tkey(day, 0, (u64)q->aid));
    else r = tget(&t->counts, tkey(day, (u64)host, q->akind == A_PEER ? (u64)q->aid : 0));
    r->c[q->col] += q->rep;
}

int conn_rule_peer(const struct model *m, int conn)
{
    const struct conn *c = &m->conns[conn];
    return c->lit_state == 1 ? c->lit_peer : 0;
}

int peer_cmp(const struct peer *x, const struct peer *y)
{
    if (x == y) return 0;
    const int n = x->iplen < y->iplen ? x->iplen : y->iplen;
    const int c = memcmp(x->ip, y->ip, (size_t)n);
    if (c) return c;
    return x->iplen < y->iplen ? -1 : x->iplen > y->iplen;
}

/* A row to sort: its key's parts looked up once. */
struct srow {
    u64 day;
    const struct host *h;
    const struct peer *p;
    const struct row *r;
};

static int cmp_srows(const void *pa, const void *pb)
{
    const struct srow *a = pa, *b = pb;
    if (a->day != b->day) return a->day < b->day ? -1 : 1;
    if (a->h != b->h) {
        const int c = strcmp(a->h->name, b->h->name);
        if (c) return c;
    }
    return peer_cmp(a->p, b->p);
}

void truth_write(struct truth *t, const struct model *m, const struct cal *cal, const char *path)
{
    /* resolve lines left to the conn rule */
    for (size_t i = 0; i < t->pending.n; i++) {
        const struct row *p = &t->pending.r[i];
        const u64 k = p->key - 1;
        const int conn = (int)(k & 0xfffff);
        struct row *r = tget(&t->counts, tkey(k >> 40, (u64)m->conns[conn].host, (u64)conn_rule_peer(m, conn)));
        for (int j = 0; j < NCOL; j++) r->c[j] += p->c[j];
    }
    struct srow *rows = xcalloc(t->counts.n + 1, sizeof *rows);
    u64 n = 0;
    for (size_t i = 0; i < t->counts.n; i++) {
        const struct row *r = &t->counts.r[i];
        int any = 0;
        for (int j = 0; j < NCOL; j++) any |= r->c[j] != 0;
        if (!any) continue;
        const u64 k = r->key - 1;
        rows[n++] = (struct srow){k >> 40, &m->hosts[(k >> 20) & 0xfffff], &m->peers[k & 0xfffff], r};
    }
    qsort(rows, n, sizeof *rows, cmp_srows);
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot create %s", path);
    fputs(k_header, f);
    char line[512];
    for (u64 i = 0; i < n; i++) {
        const struct srow *s = &rows[i];
        char *w = line;
        w = wstr(w, cal->days[s->day].iso, 10);
        *w++ = ',';
        w = wstr(w, s->h->name, (size_t)s->h->namelen);
        *w++ = ',';
        w = wstr(w, s->p->ip, s->p->iplen);
        for (int j = 0; j < NCOL; j++) {
            *w++ = ',';
            w = wu(w, s->r->c[j]);
        }
        w = WS(w, "\r\n");
        fwrite(line, 1, (size_t)(w - line), f);
    }
    if (fclose(f)) die("cannot write %s", path);
    free(rows);
}
