/* episode.c — abstract lines, peer attribution, rendering into the host queue. */
#include "episode.h"

#include <string.h>

#include "out.h"

void ep_begin(struct ep *e, struct host *h)
{
    e->h = h;
    e->n = e->nst = 0;
    e->tlen = 0;
}

int st_new(struct ep *e, int lit)
{
    struct host *h = e->h;
    e->st[e->nst].serial = h->serial++;
    e->st[e->nst].lit = lit;
    return e->nst++;
}

int st_ref(struct ep *e, u32 serial, int lit)
{
    e->st[e->nst].serial = serial;
    e->st[e->nst].lit = lit | 2; /* 2: referenced, do not force a literal line */
    return e->nst++;
}

char *L(struct ep *e, int form, int st, int col)
{
    if (e->n >= EP_MAX) die("%s", "episode too long");
    struct aline *a = &e->a[e->n];
    memset(a, 0, sizeof *a);
    a->form = (u8)form;
    a->st = st;
    a->col = (int8_t)col;
    a->rep = 1;
    a->peer = e->cur_peer;
    a->link = e->cur_link;
    a->pid = e->h->pid;
    if (form == F_PEERED || form == F_PEERED_NS || form == F_PACKET) {
        const struct peer *p = &e->m->peers[e->cur_peer];
        a->port = p->natted && form != F_PACKET ? p->natport : 0;
    }
    a->boff = e->tlen;
    return e->text + e->tlen;
}

struct aline *L_end(struct ep *e, char *w)
{
    struct aline *a = &e->a[e->n++];
    a->blen = (u32)(w - (e->text + a->boff));
    e->tlen += a->blen;
    if (e->tlen > sizeof e->text - 400) die("%s", "episode text too long");
    return a;
}

struct aline *Ls(struct ep *e, int form, int st, int col, const char *body, size_t n)
{
    return L_end(e, wstr(L(e, form, st, col), body, n));
}

static void q_push(struct host *h, const char *msg, u32 len, const struct qline *tmpl)
{
    h->qcap = (int)xgrow((void **)&h->q, (size_t)h->qcap, (size_t)h->qn + 1, sizeof *h->q, 256);
    h->qbufcap = (u32)xgrow((void **)&h->qbuf, h->qbufcap, (size_t)h->qlen + len, 1, 65536);
    struct qline *q = &h->q[h->qn++];
    *q = *tmpl;
    q->off = h->qlen;
    q->len = len;
    memcpy(h->qbuf + h->qlen, msg, len);
    h->qlen += len;
}

void ep_end(struct ep *e)
{
    struct host *h = e->h;
    const int dialect = h->dialect;
    /* per-line peerless choice */
    for (int i = 0; i < e->n; i++) {
        struct aline *a = &e->a[i];
        if (a->form == F_PEERED) {
            const struct st *s = &e->st[a->st];
            a->peerless = !(s->lit & 1) || rp(e->rng, e->peerless_p);
        }
    }
    /* a new lit state needs one line that writes its peer */
    for (int s = 0; s < e->nst; s++) {
        if (e->st[s].lit != 1) continue;
        int cand = -1, nc = 0, have = 0;
        for (int i = 0; i < e->n; i++) {
            const struct aline *a = &e->a[i];
            if (a->st != s || a->form != F_PEERED) continue;
            if (!a->peerless) have = 1;
            if (rb(e->rng, (u32)++nc) == 0) cand = i;
        }
        if (!have) {
            if (cand < 0) die("%s", "internal: a lit state without a prefixed line");
            e->a[cand].peerless = 0;
        }
    }
    /* a state with a line naming its peer in the text is attributed by serial */
    int tl[8] = {0};
    for (int i = 0; i < e->n; i++)
        if (e->a[i].textpeer && e->a[i].st >= 0) tl[e->a[i].st] = 1;
    /* the link's state flags follow what was decided */
    char msg[LINE_MAX_GEN];
    for (int i = 0; i < e->n; i++) {
        const struct aline *a = &e->a[i];
        const struct st *s = a->st >= 0 ? &e->st[a->st] : NULL;
        if (a->form == F_PACKET && e->m->peers[a->peer].v6) {
            /* the endpoint form of an IPv6 peer is left to the hand-written corpus */
            if (a->col >= 0) die("%s", "internal: counted packet-from line for an IPv6 peer");
            continue;
        }
        const int conn = a->link >= 0 ? e->m->links[a->link].conn : -1;
        struct qline q = {0};
        q.pid = a->pid;
        q.prog = a->prog;
        q.col = a->col;
        q.rep = a->rep;
        q.litconn = q.litpeer = -1;
        q.conn = conn;
        char *w = msg;
        if (a->rep > 1) {
            w = WS(w, "message repeated ");
            w = wu(w, a->rep);
            w = WS(w, " times: [ ");
        }
        switch (a->form) {
        case F_NONE:
            q.akind = A_DASH;
            break;
        case F_PACKET:
            w = WS(w, "packet from ");
            w = wpeer(w, e->m, a->peer);
            *w++ = ':';
            w = wu(w, a->port ? a->port : 500);
            w = WS(w, ": ");
            q.akind = A_PEER; q.aid = a->peer;
            break;
        case F_PEERED:
            w = wconn(w, &e->m->conns[conn], dialect);
            if (!a->peerless) {
                *w++ = '[';
                w = wu(w, e->m->links[a->link].inst);
                *w++ = ']';
                *w++ = ' ';
                w = wpeer(w, e->m, a->peer);
                if (a->port) { *w++ = ':'; w = wu(w, a->port); }
                q.akind = A_PEER; q.aid = a->peer;
                q.litconn = conn; q.litpeer = a->peer;
            } else if ((s->lit & 1) || tl[a->st]) {
                q.akind = A_PEER; q.aid = a->peer;
            } else {
                q.akind = A_CONN; q.aid = conn;
            }
            w = WS(w, " #");
            w = wu(w, s->serial);
            w = WS(w, ": ");
            break;
        case F_PEERED_NS:
            w = wconn(w, &e->m->conns[conn], dialect);
            *w++ = '[';
            w = wu(w, e->m->links[a->link].inst);
            *w++ = ']';
            *w++ = ' ';
            w = wpeer(w, e->m, a->peer);
            if (a->port) { *w++ = ':'; w = wu(w, a->port); }
            w = WS(w, ": ");
            q.akind = A_PEER; q.aid = a->peer;
            q.litconn = conn; q.litpeer = a->peer;
            break;
        case F_CONN_SER:
            w = wconn(w, &e->m->conns[conn], dialect);
            w = WS(w, " #");
            w = wu(w, s->serial);
            w = WS(w, ": ");
            if ((s->lit & 1) || tl[a->st]) { q.akind = A_PEER; q.aid = a->peer; }
            else { q.akind = A_CONN; q.aid = conn; }
            break;
        case F_CONN:
            w = wconn(w, &e->m->conns[conn], dialect);
            w = WS(w, ": ");
            q.akind = A_CONN; q.aid = conn;
            break;
        case F_BARESER:
            *w++ = '#';
            w = wu(w, s->serial);
            w = WS(w, ": ");
            if ((s->lit & 1) || tl[a->st]) { q.akind = A_PEER; q.aid = a->peer; }
            else q.akind = A_DASH;
            break;
        case F_DEBUG:
            q.akind = A_NONE;
            q.col = -1;
            break;
        }
        if (a->textpeer) {
            /* the peer written in the message is the line's own (SPEC §5) */
            q.akind = A_PEER; q.aid = a->peer;
            if (a->form != F_NONE && a->form != F_PACKET && a->form != F_BARESER && q.litconn < 0) {
                q.litconn = conn; q.litpeer = a->peer;
            }
        }
        w = wstr(w, e->text + a->boff, a->blen);
        if (a->rep > 1) *w++ = ']';
        q_push(h, msg, (u32)(w - msg), &q);
    }
}

char *wtag(char *w, int dialect, const char *tag)
{
    if (dialect != D_QNO) return w;
    *w++ = '[';
    w = wz(w, tag);
    return WS(w, "] ");
}

char *wid(char *w, const struct peer *p, int quoted)
{
    switch (p->idkind) {
    case 0: w = WS(w, "ID_IPV4_ADDR: "); if (quoted) *w++ = '\''; w = wstr(w, p->ip, p->iplen); break;
    case 1: w = WS(w, "ID_FQDN: "); if (quoted) *w++ = '\''; w = WS(w, "@branch"); w = wu(w, (u64)p->num);
            w = WS(w, ".example.cn"); break;
    default: w = WS(w, "ID_USER_FQDN: "); if (quoted) *w++ = '\''; w = WS(w, "vpn"); w = wu(w, (u64)p->num);
             w = WS(w, "@corp.example.cn"); break;
    }
    if (quoted) *w++ = '\'';
    return w;
}

char *wspi_pair(char *w, const char *esp, const struct link *l)
{
    w = wz(w, esp);
    w = WS(w, "=>0x");
    w = whex(w, l->spi_out, 8);
    w = WS(w, " <0x");
    return whex(w, l->spi_in, 8);
}

static char *wdel_state(char *w, int d, const char *name)
{
    w = WS(w, "deleting state (");
    w = wz(w, name);
    *w++ = ')';
    if (d == D_LIBRESWAN) w = WS(w, " and sending notification");
    return w;
}

void del_line(struct ep *e, int st, const char *name)
{
    const int d = e->h->dialect;
    if (!name) name = d == D_QNO ? "STATE_AGGR_R2" : "STATE_MAIN_R3";
    L_end(e, wdel_state(L(e, F_PEERED, st, -1), d, name));
}

void notify_line(struct ep *e, int st, const char *what)
{
    char *w = L(e, F_PEERED, st, -1);
    w = WS(w, "sending ");
    w = wz(w, what);
    w = WS(w, " to ");
    w = wpeer(w, e->m, e->cur_peer);
    struct aline *a = L_end(e, WS(w, ":500"));
    /* a bare IPv6 address and its port cannot be told apart: no peer from it */
    if (!e->m->peers[e->cur_peer].v6) text_peer(a);
}

void text_peer(struct aline *a) { a->textpeer = 1; }

int st_lit(const struct ep *e, int s)
{
    if (e->st[s].lit & 1) return 1;
    for (int i = 0; i < e->n; i++)
        if (e->a[i].st == s && e->a[i].textpeer) return 1;
    return 0;
}

