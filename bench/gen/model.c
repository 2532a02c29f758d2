/* model.c — drawing the simulated network. */
#include "model.h"

#include <stdlib.h>

#include "fmt.h"
#include "map.h"
#include "rng.h"

static const char *const k_host_names[] = {"qno-hq", "gw-branch-sh", "vpn-dc1", "qno-branch-gz",
                                           "edge-bj", "fw-wh", "qno-cd", "gw-xa"};

static int add_conn(struct model *m, int host, const char *name)
{
    m->capconns = (int)xgrow((void **)&m->conns, (size_t)m->capconns, (size_t)m->nconns + 1, sizeof *m->conns, 256);
    struct conn *c = &m->conns[m->nconns];
    memset(c, 0, sizeof *c);
    c->namelen = (int)strlen(name);
    memcpy(c->name, name, (size_t)c->namelen + 1);
    c->host = host;
    return m->nconns++;
}

/* Adds ip (never 0) to the set of drawn addresses; returns 0 if it was there. */
static int add_ip(struct map *drawn, u32 ip)
{
    int fresh;
    map_at(drawn, ip, &fresh);
    return fresh;
}

void model_setup(struct model *m, struct rng *r, const struct opts *o, u64 span)
{
    m->sweep = o->sweep;
    m->ntunnel = o->peers;
    m->nscan = o->scanners >= 0 ? o->scanners : o->peers * 6 < 400 ? 400 : o->peers * 6;
    if (1 + m->ntunnel + m->nscan > MAX_PEERS) die("%s", "--peers plus --scanners must be at most 1048574");
    if (m->nscan == 0 && o->scan_frac > 0) die("%s", "--scanners 0 needs --scan-frac 0");
    m->npeers = 1 + m->ntunnel + m->nscan;
    m->peers = xcalloc((size_t)m->npeers, sizeof *m->peers);
    struct map drawn = {0};
    strcpy(m->peers[0].ip, "-");
    m->peers[0].iplen = 1;
    for (int i = 1; i < m->npeers; i++) {
        struct peer *p = &m->peers[i];
        p->num = i;
        if (i <= m->ntunnel && i % 53 == 17) {
            /* a few IPv6 tunnel peers (written bare in prefixes; never in packet-from lines) */
            char *w = WS(p->ip, "2001:db8:");
            w = whex(w, rr(r, 1, 0xfff), 3);
            w = WS(w, "::");
            w = whex(w, rr(r, 1, 0xff), 2);
            p->iplen = (u8)(w - p->ip);
            p->v6 = 1;
        } else {
            u32 ip;
            do ip = rpublic(r); while (!add_ip(&drawn, ip));
            p->iplen = (u8)(wip4(p->ip, ip) - p->ip);
        }
        p->weak = rp(r, 0.15);
        p->natted = !p->v6 && rp(r, 0.3);
        p->natport = (u16)(rp(r, 0.5) ? 4500 : rr(r, 1024, 65000));
        p->lanoct = rr(r, 1, 250) << 8 | rr(r, 0, 250);
        p->idkind = p->v6 ? 1 : (int)rb(r, 3);
    }
    map_free(&drawn);
    m->scan_cum = xcalloc((size_t)m->nscan, sizeof *m->scan_cum);
    zipf_cum(m->scan_cum, m->nscan, 1.0);

    m->nhosts = o->hosts;
    m->hosts = xcalloc((size_t)m->nhosts + 1, sizeof *m->hosts);
    for (int i = 0; i <= m->nhosts; i++) {
        struct host *h = &m->hosts[i];
        h->idx = i;
        if (i == m->nhosts) strcpy(h->name, "logsrv");
        else if (i < COUNTOF(k_host_names)) strcpy(h->name, k_host_names[i]);
        else { char *w = WS(h->name, "rtr"); w = wu0(w, (u32)i, 3); *w = 0; }
        h->namelen = (int)strlen(h->name);
        h->dialect = i % 3 == 0 ? D_QNO : i % 3 == 1 ? D_OPENSWAN : D_LIBRESWAN;
        h->pid = rr(r, 300, 3000);
        h->pids = xcalloc(1, sizeof *h->pids);
        h->pids[0] = h->pid;
        h->npids = h->cappids = 1;
        h->serial = rr(r, 1, 400);
        h->inst = rr(r, 1, 20);
        h->wan = rpublic(r);
        h->lan = (u32)(1 + i % 250);
        h->pid_dnsmasq = rr(r, 300, 2000); h->pid_ntpd = rr(r, 300, 2000); h->pid_pppd = rr(r, 300, 2000);
        h->pid_udhcpd = rr(r, 300, 2000); h->pid_httpd = rr(r, 300, 2000); h->pid_sshd = rr(r, 2000, 30000);
        h->pid_cron = rr(r, 2000, 30000); h->pid_miniupnpd = rr(r, 300, 2000);
        h->boot = 0;
        h->next_restart = (u64)rr(r, 1, 100) * (span / 200) + span / 6;
    }
    /* links: each peer to a home host, some to a second one */
    m->links = xcalloc((size_t)m->ntunnel * 2, sizeof *m->links);
    for (int i = 1; i <= m->ntunnel; i++) {
        const int home = (int)rb(r, (u32)m->nhosts);
        m->links[m->nlinks++] = (struct link){.peer = i, .host = home, .conn = -1, .run = ~0u};
        if (m->nhosts > 1 && rp(r, 0.08)) {
            int other = (int)rb(r, (u32)m->nhosts - 1);
            if (other >= home) other++;
            m->links[m->nlinks++] = (struct link){.peer = i, .host = other, .conn = -1, .run = ~0u};
        }
    }
    /* per host: shared (dynamic) conns, single-peer conns, an xauth road-warrior conn */
    for (int hi = 0; hi < m->nhosts; hi++) {
        struct host *h = &m->hosts[hi];
        int n = 0;
        for (int i = 0; i < m->nlinks; i++) n += m->links[i].host == hi;
        h->links = xcalloc((size_t)n + 1, sizeof *h->links);
        h->cum = xcalloc((size_t)n + 1, sizeof *h->cum);
        const int nshared = n / 8 + 1;
        h->conns = xcalloc((size_t)n + (size_t)nshared + 2, sizeof *h->conns);
        char name[24];
        for (int k = 0; k < nshared; k++) {
            char *w = WS(name, "g2gips");
            w = wu(w, (u64)k + 1);
            *w = 0;
            h->conns[h->nconns++] = add_conn(m, hi, name);
        }
        const int xconn = add_conn(m, hi, hi % 2 ? "rw-xauth" : "l2tp-psk");
        h->conns[h->nconns++] = xconn;
        int single = nshared + 1;
        for (int i = 0; i < m->nlinks; i++) {
            if (m->links[i].host != hi) continue;
            struct link *l = &m->links[i];
            h->links[h->nlinks++] = i;
            const u32 kind = rb(r, 100);
            if (kind < 35) {
                char *w = rp(r, 0.5) ? WS(name, "g2gips") : WS(name, "branch-");
                w = wu(w, (u64)single++);
                *w = 0;
                l->conn = add_conn(m, hi, name);
                h->conns[h->nconns++] = l->conn;
            } else if (kind < 45 && !m->peers[l->peer].v6) {
                l->conn = xconn;
                l->xauth = 1;
            } else {
                l->conn = h->conns[rb(r, (u32)nshared)];
            }
        }
        /* Zipf over the host's links in a shuffled order */
        for (int i = h->nlinks - 1; i > 0; i--) {
            const int j = (int)rb(r, (u32)i + 1), t = h->links[i];
            h->links[i] = h->links[j];
            h->links[j] = t;
        }
        zipf_cum(h->cum, h->nlinks, 1.1);
        if (h->nlinks == 0) {
            /* a host without tunnel peers still gets scanners: give it one link to itself */
            m->links = realloc(m->links, (size_t)(m->nlinks + 1) * sizeof *m->links);
            if (!m->links) die("%s", "out of memory");
            m->links[m->nlinks] = (struct link){.peer = 1, .host = hi, .conn = h->conns[0], .run = ~0u};
            h->links[h->nlinks++] = m->nlinks++;
            zipf_cum(h->cum, h->nlinks, 1.1);
        }
    }
    m->host_ike_cum = xcalloc((size_t)m->nhosts + 1, sizeof *m->host_ike_cum);
    u64 acc = 0;
    for (int i = 0; i < m->nhosts; i++) { acc += i == 0 ? 3 : 2; m->host_ike_cum[i] = acc; }
}

char *wconn(char *w, const struct conn *c, int dialect)
{
    *w++ = dialect == D_QNO ? '(' : '"';
    w = wstr(w, c->name, (size_t)c->namelen);
    *w++ = dialect == D_QNO ? ')' : '"';
    return w;
}

