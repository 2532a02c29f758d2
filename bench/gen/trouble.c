/* trouble.c — episodes that do not change whether a tunnel is up: failed
 * negotiations, stale SAs, network errors, scanner probes, debug bursts. */
#include "trouble.h"

#include "episode.h"
#include "tunnel.h"

static char *wsubnets(char *w, struct ep *e, const struct peer *p, int bogus)
{
    w = WS(w, "192.168.");
    w = wu(w, e->h->lan);
    w = WS(w, ".0/24===");
    w = wwan(w, e->h);
    w = WS(w, "...");
    w = wstr(w, p->ip, p->iplen);
    w = WS(w, "===10.");
    w = wu(w, bogus ? 250 : p->lanoct >> 8);
    *w++ = '.';
    w = wu(w, bogus ? rb(e->rng, 250) : p->lanoct & 255);
    return WS(w, ".0/24");
}

void ep_del_not_found(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    const int s1 = st_ref(e, l->isakmp, l->isakmp_lit);
    char *w = L(e, rp(e->rng, 0.7) ? F_CONN_SER : F_PEERED, s1, C_DEL_NOT_FOUND);
    w = wtag(w, d, "Tunnel Authorize Fail");
    w = WS(w, "ignoring Delete SA payload: PROTO_IPSEC_ESP SA(0x");
    w = whex(w, (u32)rnd(e->rng), 8);
    w = WS(w, ") not found (maybe expired)");
    struct aline *a = L_end(e, w);
    if (rp(e->rng, 0.15)) a->rep = (u16)rr(e->rng, 2, 5);
    if (d != D_QNO && rp(e->rng, 0.5)) {
        LS(e, F_PEERED, s1, -1, "received and ignored informational message");
    }
}

void ep_unknown_sa(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    char *w;
    if (e->m->peers[l->peer].v6) return; /* v6 peers never get packet-from lines */
    const int n = (int)rr(e->rng, 1, 3);
    for (int i = 0; i < n; i++) {
        w = L(e, F_PACKET, -1, C_UNKNOWN_SA);
        switch (d == D_QNO ? 0 : rb(e->rng, 4)) {
        case 0:
            w = wtag(w, d, "Tunnel Authorize Fail");
            w = WS(w, "Informational Exchange is for an unknown (expired?) SA");
            if (d != D_QNO) { w = WS(w, " with MSGID:0x"); w = whex(w, rnd(e->rng), 8); }
            break;
        case 1: w = WS(w, "phase 1 message is part of an unknown exchange"); break;
        case 2: w = WS(w, "Quick Mode message is for a non-existent (expired?) ISAKMP SA"); break;
        default: w = WS(w, "Main Mode message is part of an unknown exchange"); break;
        }
        struct aline *a = L_end(e, w);
        if (rp(e->rng, 0.25)) a->rep = (u16)rr(e->rng, 2, 9);
    }
    l->stale = 0;
}

void ep_retransmit_timeout(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    const int s = st_new(e, d == D_QNO ? rp(e->rng, 0.6) : rp(e->rng, 0.2));
    l->inst = ++e->h->inst;
    char *w = L(e, F_PEERED, s, -1);
    if (d == D_QNO) {
        w = WS(w, "[Tunnel Negotiation Info] Initiator Send Main Mode 1st packet on ");
        w = wwan(w, e->h);
        w = WS(w, ":500");
    } else if (d == D_LIBRESWAN) {
        w = WS(w, "initiating IKEv1 Main Mode connection");
    } else {
        w = WS(w, "initiating Main Mode");
    }
    L_end(e, w);
    if (d == D_LIBRESWAN) {
        const int k = (int)rr(e->rng, 1, 3);
        for (int i = 0; i < k; i++) {
            w = L(e, F_PEERED, s, -1);
            w = WS(w, "STATE_MAIN_I1: retransmission; will wait ");
            w = wu(w, 1u << i);
            w = WS(w, " seconds for response");
            L_end(e, w);
        }
        LS(e, F_PEERED, s, C_RETR_TIMEOUT, "STATE_MAIN_I1: 60 second timeout exceeded after 7 retransmits.  No response (or no acceptable response) to our first IKEv1 message");
    } else {
        w = L(e, F_PEERED, s, C_RETR_TIMEOUT);
        w = wtag(w, d, "Tunnel Negotiation Fail");
        w = WS(w, "max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message");
        L_end(e, w);
    }
    w = L(e, F_PEERED, s, -1);
    w = WS(w, "starting keying attempt ");
    w = wu(w, rr(e->rng, 2, 40));
    w = WS(w, " of an unlimited number");
    if (d == D_LIBRESWAN) w = WS(w, ", but releasing whack");
    L_end(e, w);
}

void ep_auth_fail(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    l->inst = ++e->h->inst;
    const int s = ep_phase1(e, l, rp(e->rng, 0.9), 1);
    char *w;
    const int k = (int)rr(e->rng, 1, 3);
    for (int i = 0; i < k; i++) {
        w = L(e, F_PEERED, s, C_AUTH_FAIL);
        w = wtag(w, d, "Tunnel Authorize Fail");
        const int hash = rp(e->rng, 0.4);
        w = hash ? WS(w, "received Hash Payload does not match computed value")
                 : WS(w, "probable authentication failure (mismatch of preshared secrets?): malformed payload in packet");
        struct aline *a = L_end(e, w);
        if (rp(e->rng, 0.2)) a->rep = (u16)rr(e->rng, 2, 4);
        notify_line(e, s, hash ? "encrypted notification INVALID_HASH_INFORMATION"
                            : "encrypted notification PAYLOAD_MALFORMED");
    }
    if (rp(e->rng, 0.3)) {
        w = L(e, F_PEERED, s, C_RETR_TIMEOUT);
        w = d == D_LIBRESWAN ? WS(w, "STATE_MAIN_R2: 60 second timeout exceeded after 8 retransmits.  Possible authentication failure: no acceptable response to our first encrypted message")
                             : WS(w, "max number of retransmissions (2) reached STATE_MAIN_R2");
        L_end(e, w);
    }
}

void ep_id_mismatch(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    const struct peer *p = &e->m->peers[l->peer];
    l->inst = ++e->h->inst;
    const int s = ep_phase1(e, l, rp(e->rng, 0.9), 1);
    char *w = L(e, F_PEERED, s, -1);
    w = d == D_OPENSWAN ? WS(w, "Main mode peer ID is ") : wtag(w, d, "Tunnel Negotiation Info");
    if (d != D_OPENSWAN) w = WS(w, "Peer ID is ");
    w = WS(w, "ID_FQDN: '@branch");
    w = wu(w, (u64)p->num + 1000);
    w = WS(w, ".example.cn'");
    L_end(e, w);
    w = L(e, F_PEERED, s, C_ID_MISMATCH);
    w = wtag(w, d, "Tunnel Authorize Fail");
    switch (d == D_LIBRESWAN ? rb(e->rng, 2) + 1 : d == D_OPENSWAN ? rb(e->rng, 2) * 3 : 0) {
    case 0: case 3:
        if (d == D_OPENSWAN && rp(e->rng, 0.5)) {
            w = WS(w, "no suitable connection for peer '@branch");
            w = wu(w, (u64)p->num + 1000);
            w = WS(w, ".example.cn'");
            break;
        }
        w = WS(w, "we require peer to have ID '");
        goto ids;
    case 1:
        w = WS(w, "we require IKEv1 peer to have ID '");
    ids:
        w = WS(w, "@branch");
        w = wu(w, (u64)p->num);
        w = WS(w, ".example.cn', but peer declares '@branch");
        w = wu(w, (u64)p->num + 1000);
        w = WS(w, ".example.cn'");
        break;
    default:
        w = WS(w, "Peer mismatch on first found connection and no better connection found");
        break;
    }
    L_end(e, w);
    notify_line(e, s, "encrypted notification INVALID_ID_INFORMATION");
}

void ep_no_proposal(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    char *w;
    l->inst = ++e->h->inst;
    if (rp(e->rng, 0.5)) {
        ep_vendor_ids(e, 1);
        const int s = st_new(e, rp(e->rng, 0.9));
        w = L(e, F_PEERED, s, -1);
        if (d == D_QNO) {
            w = WS(w, "[Tunnel Negotiation Info] Responder Received Main Mode 1st packet on ");
            w = wwan(w, e->h);
            w = WS(w, ":500");
        } else {
            w = WS(w, "responding to Main Mode from unknown peer ");
            w = wpeer(w, e->m, l->peer);
        }
        struct aline *a = L_end(e, w);
        if (d != D_QNO) text_peer(a);
        w = L(e, F_PEERED, s, C_NO_PROPOSAL);
        w = wtag(w, d, "Tunnel Negotiation Fail");
        w = WS(w, "no acceptable Oakley Transform");
        L_end(e, w);
        notify_line(e, s, "notification NO_PROPOSAL_CHOSEN");
        if (rp(e->rng, 0.5)) {
            del_line(e, s, "STATE_MAIN_R0");
        }
        return;
    }
    const int s1 = ep_phase1(e, l, rp(e->rng, 0.9), 0);
    w = L(e, F_PEERED, s1, C_NO_PROPOSAL);
    w = wtag(w, d, "Tunnel Negotiation Fail");
    w = WS(w, "no acceptable Proposal in IPsec SA");
    L_end(e, w);
    notify_line(e, s1, "encrypted notification NO_PROPOSAL_CHOSEN");
    LS(e, F_PEERED, s1, -1, "ignoring informational payload, type NO_PROPOSAL_CHOSEN msgid=00000000");
}

void ep_p2_no_conn(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    l->inst = ++e->h->inst;
    const int s1 = ep_phase1(e, l, rp(e->rng, 0.9), 0);
    char *w = L(e, F_PEERED, s1, C_P2_NO_CONN);
    w = wtag(w, d, "Tunnel Negotiation Fail");
    w = WS(w, "cannot respond to IPsec SA request because no connection is known for ");
    w = wsubnets(w, e, &e->m->peers[l->peer], 1);
    L_end(e, w);
    notify_line(e, s1, "encrypted notification INVALID_ID_INFORMATION");
}

void ep_net_error(struct ep *e, struct link *l)
{
    int form = l->up && l->run == e->h->run ? (rp(e->rng, 0.5) ? F_PEERED : F_CONN_SER) : F_NONE;
    /* "complainant P" names the peer (SPEC §5): with a state, only one whose
     * earlier lines were attributed to it already. */
    if (!l->isakmp_lit) form = F_NONE;
    const int s = form == F_NONE ? -1 : st_ref(e, l->isakmp, l->isakmp_lit);
    char *w = L(e, form, s, C_NET_ERROR);
    w = WS(w, "ERROR: asynchronous network error report on eth1 (sport=500) for message to ");
    w = wpeer(w, e->m, l->peer);
    w = WS(w, " port 500, complainant ");
    w = wpeer(w, e->m, l->peer);
    w = rp(e->rng, 0.5) ? WS(w, ": No route to host [errno 113, origin ICMP type 3 code 1 (not authenticated)]")
                : WS(w, ": Connection refused [errno 111, origin ICMP type 3 code 3 (not authenticated)]");
    text_peer(L_end(e, w));
}

void ep_dpd_noise(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    const int s1 = st_ref(e, l->isakmp, l->isakmp_lit);
    char *w = L(e, rp(e->rng, 0.5) ? F_PEERED : F_CONN_SER, s1, -1);
    switch (rb(e->rng, 3)) {
    case 0: w = WS(w, "DPD: received old or duplicate R_U_THERE"); break;
    case 1: w = WS(w, "ignoring informational payload, type IPSEC_INITIAL_CONTACT msgid=00000000"); break;
    default:
        w = wtag(w, d, "Tunnel Negotiation Info");
        w = WS(w, "retransmitting in response to duplicate packet; already STATE_MAIN_R3");
        break;
    }
    L_end(e, w);
    if (rp(e->rng, 0.3)) {
        LS(e, F_BARESER, s1, -1, "discarding duplicate packet; already STATE_MAIN_R3");
    }
}

/* --scan-sweep: the scanners in turn, every one once before any again. */
static int next_swept(struct ep *e)
{
    const int p = 1 + e->m->ntunnel + e->m->scan_next;
    e->m->scan_next = e->m->scan_next + 1 == e->m->nscan ? 0 : e->m->scan_next + 1;
    return p;
}

void ep_scanner(struct ep *e)
{
    const int d = e->h->dialect;
    const int saved = e->cur_peer;
    e->cur_peer = e->m->sweep ? next_swept(e) : 1 + e->m->ntunnel + rpick(e->rng, e->m->scan_cum, e->m->nscan);
    const int n = (int)rr(e->rng, 1, 3);
    char *w;
    if (rp(e->rng, 0.5)) ep_vendor_ids(e, 1);
    for (int i = 0; i < n; i++) {
        if (e->m->sweep && i > 0) e->cur_peer = next_swept(e); /* a distributed scan: one probe per address */
        w = L(e, F_PACKET, -1, C_PSK_MISS);
        const u32 v = d == D_QNO ? (rp(e->rng, 0.85) ? 0 : 1 + rb(e->rng, 3)) : d == D_LIBRESWAN ? 1 + rb(e->rng, 4) : 1 + rb(e->rng, 3);
        switch (v) {
        case 0: w = WS(w, "[Tunnel Authorize Fail] no connection has been authorized with policy=PSK"); break;
        case 1:
            w = WS(w, "initial Main Mode message received on ");
            w = wwan(w, e->h);
            w = WS(w, ":500 but no connection has been authorized with policy");
            w = d == D_LIBRESWAN ? WS(w, " PSK") : WS(w, "=PSK");
            break;
        case 2:
            w = WS(w, "initial Aggressive Mode message from ");
            w = wpeer(w, e->m, e->cur_peer);
            w = WS(w, " but no (wildcard) connection has been configured with policy=PSK");
            break;
        case 3:
            w = WS(w, "initial Main Mode message received on ");
            w = wwan(w, e->h);
            w = WS(w, ":500 but no connection has been authorized with policy=PSK+XAUTH");
            break;
        default:
            w = WS(w, "initial parent SA message received on ");
            w = wwan(w, e->h);
            w = WS(w, ":500 but no suitable connection found with IKEv2 policy");
            break;
        }
        struct aline *a = L_end(e, w);
        if (!e->m->sweep && rp(e->rng, 0.3)) a->rep = (u16)rr(e->rng, 2, 30);
    }
    e->cur_peer = saved;
}

void ep_debug_burst(struct ep *e)
{
    const int n = (int)rr(e->rng, 2, 12);
    for (int i = 0; i < n; i++) {
        char *w = L(e, F_DEBUG, -1, -1);
        switch (rb(e->rng, 7)) {
        case 0:
            w = WS(w, "| processing: start state #");
            w = wu(w, e->h->serial > 1 ? rb(e->rng, e->h->serial) + 1 : 1);
            w = WS(w, " connection \"");
            w = wz(w, e->m->conns[e->h->conns[rb(e->rng, (u32)e->h->nconns)]].name);
            w = WS(w, "\" (in process_md() at demux.c:392)");
            break;
        case 1: w = WS(w, "| DPD: No response from peer - declaring peer dead"); break;
        case 2:
            w = WS(w, "| \"");
            w = wz(w, e->m->conns[e->h->conns[rb(e->rng, (u32)e->h->nconns)]].name);
            w = WS(w, "\"[1] ");
            w = wip4(w, rpublic(e->rng));
            w = WS(w, " #");
            w = wu(w, e->h->serial > 1 ? rb(e->rng, e->h->serial) + 1 : 1);
            w = WS(w, ": ISAKMP SA established");
            break;
        case 3:
            w = WS(w, "|    ");
            for (int k = 0; k < 16; k++) { w = whex(w, rnd(e->rng), 2); *w++ = ' '; if (k % 4 == 3) *w++ = ' '; }
            w--;
            break;
        case 4: w = WS(w, "| packet from 203.0.113.77:500: no connection has been authorized with policy=PSK"); break;
        case 5:
            w = WS(w, "| suspend processing: connection \"");
            w = wz(w, e->m->conns[e->h->conns[rb(e->rng, (u32)e->h->nconns)]].name);
            w = WS(w, "\" #");
            w = wu(w, e->h->serial);
            w = WS(w, " (in process_md() at demux.c:394)");
            break;
        default:
            w = WS(w, "| event_schedule: new EVENT_v1_RETRANSMIT-pe@0x55d5c8a0 timeout in ");
            w = wu(w, rr(e->rng, 1, 60));
            w = WS(w, " seconds for #");
            w = wu(w, e->h->serial);
            break;
        }
        L_end(e, w);
    }
}

