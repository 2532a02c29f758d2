/* lifecycle.c — what a host does next: a pluto restart when it is due,
 * else a scanner probe, a debug burst, or an episode of one of its tunnels
 * chosen with a Zipf skew, by the state the tunnel is in. */
#include "lifecycle.h"

#include "episode.h"
#include "trouble.h"
#include "tunnel.h"

static void new_pid(struct ep *e, struct host *h)
{
    for (;;) {
        u32 pid = (h->pid + rr(e->rng, 40, 4000)) % 32768;
        if (pid < 300) pid += 300;
        int used = 0;
        for (int i = 0; i < h->npids; i++) used |= h->pids[i] == pid;
        if (used) continue;
        h->cappids = (int)xgrow((void **)&h->pids, (size_t)h->cappids, (size_t)h->npids + 1, sizeof *h->pids, 4);
        h->pids[h->npids++] = pid;
        h->pid = pid;
        return;
    }
}

static void ep_restart(struct ep *e, struct host *h)
{
    char *w;
    LS(e, F_NONE, -1, -1, "shutting down");
    int ndisc = 0;
    for (int i = 0; i < h->nlinks; i++) {
        struct link *l = &e->m->links[h->links[i]];
        if (!l->up || l->run != h->run) continue;
        e->cur_link = h->links[i];
        e->cur_peer = l->peer;
        if (ndisc++ < EP_MAX / 2) ep_disconnect_line(e, l, 1); /* huge --peers: the rest go silently */
        l->up = 0;
        l->stale = 1;
    }
    e->cur_link = -1;
    e->cur_peer = 0;
    LS(e, F_NONE, -1, -1, "forgetting secrets");
    w = L(e, F_NONE, -1, -1); w = WS(w, "shutting down interface eth1/eth1 "); w = wwan(w, h); w = WS(w, ":500"); L_end(e, w);
    w = L(e, F_NONE, -1, -1); w = WS(w, "pluto killed by SIGTERM, terminating without restart");
    e->a[e->n].prog = 1;
    L_end(e, w);
    /* firmware upgrade now and then */
    if (rp(e->rng, 0.2)) h->dialect = (int)rb(e->rng, 3);
    new_pid(e, h);
    h->run++;
    h->serial = 1;
    w = L(e, F_NONE, -1, -1); w = WS(w, "Starting Pluto subsystem..."); e->a[e->n].prog = 1; L_end(e, w);
    w = L(e, F_NONE, -1, -1);
    switch (h->dialect) {
    case D_QNO: w = WS(w, "Starting Pluto (strongSwan Version 2.8.11 THREADS SMARTCARD VENDORID)"); break;
    case D_OPENSWAN: w = WS(w, "Starting Pluto (Openswan Version 2.6.38; Vendor ID OEu\\134XeZ\\134z\\134cam) pid:"); w = wu(w, h->pid); break;
    default: w = WS(w, "Starting Pluto (Libreswan Version 3.32 XFRM(netkey) KLIPS FORK PTHREAD_SETSCHEDPRIO NSS (IPsec profile) DNSSEC FIPS_CHECK LABELED_IPSEC SECCOMP LIBCAP_NG XAUTH_PAM NETWORKMANAGER CURL(non-NSS) LDAP(non-NSS)) pid:"); w = wu(w, h->pid); break;
    }
    L_end(e, w);
    if (h->dialect != D_QNO) {
        LS(e, F_NONE, -1, -1, "NSS initialized");
    }
    if (h->dialect == D_OPENSWAN) {
        LS(e, F_NONE, -1, -1, "   NAT-Traversal support  [enabled]");
    }
    LS(e, F_NONE, -1, -1, "listening for IKE messages");
    w = L(e, F_NONE, -1, -1); w = WS(w, "adding interface eth1/eth1 "); w = wwan(w, h); w = WS(w, ":500"); L_end(e, w);
    w = L(e, F_NONE, -1, -1); w = WS(w, "adding interface eth1/eth1 "); w = wwan(w, h); w = WS(w, ":4500"); L_end(e, w);
    LS(e, F_NONE, -1, -1, "loading secrets from \"/etc/ipsec.secrets\"");
    for (int i = 0; i < h->nconns && i < 24; i++) {
        const struct conn *c = &e->m->conns[h->conns[i]];
        if (h->dialect == D_LIBRESWAN) {
            e->cur_link = -1;
            w = L(e, F_NONE, -1, -1);
            *w++ = '"'; w = wstr(w, c->name, (size_t)c->namelen); w = WS(w, "\": added IKEv1 connection");
        } else {
            w = L(e, F_NONE, -1, -1);
            w = WS(w, "added connection description \""); w = wstr(w, c->name, (size_t)c->namelen); *w++ = '"';
        }
        L_end(e, w);
    }
}

/* Builds the next episode of host h into its queue. */
void next_episode(struct ep *e, struct host *h, u64 now)
{
    h->qn = h->qi = 0;
    h->qlen = 0;
    ep_begin(e, h);
    e->cur_link = -1;
    e->cur_peer = 0;
    if (now >= h->next_restart) {
        ep_restart(e, h);
        h->next_restart = now + (u64)(e->span / 3 < 5 * 86400 ? e->span / 3 : 5 * 86400) / 2 +
                          rnd(e->rng) % (e->span / 3 < 5 * 86400 ? e->span / 3 + 1 : 5 * 86400);
        ep_end(e);
        return;
    }
    const double r = runit(e->rng);
    if (r < e->scan_frac) {
        ep_scanner(e);
    } else if (r < e->scan_frac + 0.03 && h->dialect == D_LIBRESWAN) { /* 0.12 + 0.03 == 0.15 exactly */
        ep_debug_burst(e);
    } else {
        const int li = h->links[rpick(e->rng, h->cum, h->nlinks)];
        struct link *l = &e->m->links[li];
        e->cur_link = li;
        e->cur_peer = l->peer;
        if (l->run != h->run) { l->up = 0; }
        const double x = runit(e->rng);
        if (l->stale && x < 0.5 && !e->m->peers[l->peer].v6) {
            ep_unknown_sa(e, l);
        } else if (!l->up) {
            if (x < 0.55) ep_handshake(e, l, 0.95);
            else if (x < 0.65) ep_retransmit_timeout(e, l);
            else if (x < 0.72) ep_auth_fail(e, l);
            else if (x < 0.77) ep_id_mismatch(e, l);
            else if (x < 0.82) ep_no_proposal(e, l);
            else if (x < 0.86) ep_p2_no_conn(e, l);
            else if (x < 0.90) ep_net_error(e, l);
            else if (x < 0.95 && !e->m->peers[l->peer].v6) ep_unknown_sa(e, l);
            else ep_handshake(e, l, 0.6);
        } else {
            if (x < 0.28) ep_rekey_p2(e, l);
            else if (x < 0.43) ep_dpd_dead(e, l);
            else if (x < 0.55) ep_peer_disconnect(e, l);
            else if (x < 0.65) ep_del_not_found(e, l);
            else if (x < 0.75) ep_rekey_p1(e, l);
            else if (x < 0.85) ep_dpd_noise(e, l);
            else if (x < 0.92 && !e->m->peers[l->peer].v6) ep_unknown_sa(e, l);
            else ep_net_error(e, l);
        }
        if (h->dialect == D_LIBRESWAN && rp(e->rng, 0.25)) ep_debug_burst(e);
    }
    ep_end(e);
}

