/* tunnel.c — a tunnel's life: handshakes (IKEv1 phases 1 and 2, IKEv2),
 * rekeys, DPD deaths and disconnects, in the three dialects. */
#include "tunnel.h"

#include "episode.h"

static const char *const k_vids[] = {
    "draft-ietf-ipsec-nat-t-ike-03", "draft-ietf-ipsec-nat-t-ike-02_n", "RFC 3947", "Dead Peer Detection",
    "XAUTH", "Cisco-Unity", "FRAGMENTATION", "draft-ietf-ipsec-nat-t-ike-00", "strongSwan",
    "Openswan (this version) 2.6.38 ", "MS NT5 ISAKMPOAKLEY 00000009"};


void ep_vendor_ids(struct ep *e, int n)
{
    const int d = e->h->dialect;
    for (int i = 0; i < n; i++) {
        char *w = L(e, F_PACKET, -1, -1);
        w = wtag(w, d, "Tunnel Negotiation Info");
        w = WS(w, "received Vendor ID payload [");
        w = wz(w, k_vids[rb(e->rng, COUNTOF(k_vids))]);
        *w++ = ']';
        if (d == D_OPENSWAN && rp(e->rng, 0.3)) w = WS(w, " method set to=109");
        L_end(e, w);
    }
}

/* Phase 1 as responder (new ISAKMP state), optionally stopping early. Returns the state. */
int ep_phase1(struct ep *e, struct link *l, int lit, int upto /* 0 full, 1 stop before auth */)
{
    const struct peer *p = &e->m->peers[l->peer];
    const int d = e->h->dialect;
    char *w;
    ep_vendor_ids(e, (int)rr(e->rng, 1, 3));
    const int s = st_new(e, lit);
    if (d == D_QNO) {
        w = L(e, F_PACKET, -1, -1);
        w = WS(w, "[Tunnel Negotiation Info] Responder Received Aggressive Mode 1st packet on ");
        w = wwan(w, e->h);
        w = WS(w, ":500");
        L_end(e, w);
        if (upto == 1) return s;
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Peer ID is ");
        w = wid(w, p, 1);
        L_end(e, w);
        if (p->weak) {
            LS(e, F_PEERED, s, C_WEAK, "You should NOT use insecure IKE algorithms (OAKLEY_DES_CBC)!");
        }
        LS(e, F_PEERED, s, -1, "[Tunnel Negotiation Info] Responder Send Aggressive Mode 2nd packet");
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Received Aggressive Mode 3rd packet on ");
        w = wwan(w, e->h);
        L_end(e, w);
        if (p->natted) {
            LS(e, F_PEERED, s, -1, "NAT-Traversal: Result using draft-ietf-ipsec-nat-t-ike-02/03: peer is NATed");
        }
        LS(e, F_PEERED, s, C_P1_UP, "[Tunnel Established] ISAKMP SA established");
        return s;
    }
    w = L(e, F_PEERED, s, -1);
    w = WS(w, "responding to Main Mode from unknown peer ");
    w = wpeer(w, e->m, l->peer);
    if (d == D_LIBRESWAN) w = WS(w, " on port 500");
    text_peer(L_end(e, w));
    if (d == D_OPENSWAN) {
        LS(e, F_PEERED, s, -1, "transition from state STATE_MAIN_R0 to state STATE_MAIN_R1");
    }
    LS(e, F_PEERED, s, -1, "STATE_MAIN_R1: sent MR1, expecting MI2");
    if (d == D_OPENSWAN || rp(e->rng, 0.5)) {
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "NAT-Traversal: Result using RFC 3947 (NAT-Traversal): ");
        w = p->natted ? WS(w, "peer is NATed") : WS(w, "no NAT detected");
        L_end(e, w);
    }
    LS(e, F_PEERED, s, -1, "STATE_MAIN_R2: sent MR2, expecting MI3");
    if (upto == 1) return s;
    w = L(e, F_PEERED, s, -1);
    w = d == D_OPENSWAN ? WS(w, "Main mode peer ID is ") : WS(w, "Peer ID is ");
    w = wid(w, p, 1);
    L_end(e, w);
    if (p->weak && d == D_OPENSWAN) {
        LS(e, F_PEERED, s, C_WEAK, "You should NOT use insecure IKE algorithms (OAKLEY_DES_CBC)!");
    }
    w = L(e, F_PEERED, s, C_P1_UP);
    if (d == D_OPENSWAN) {
        w = WS(w, "STATE_MAIN_R3: sent MR3, ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=");
        w = p->weak ? WS(w, "oakley_des_cbc_64") : WS(w, "oakley_3des_cbc_192");
        w = WS(w, " prf=oakley_md5 group=modp1024}");
    } else {
        switch (rb(e->rng, 3)) {
        case 0: w = WS(w, "STATE_MAIN_R3: sent MR3, ISAKMP SA established {auth=PRESHARED_KEY cipher=aes_256 integ=sha group=MODP2048}"); break;
        case 1: w = WS(w, "IKE SA established {auth=PRESHARED_KEY cipher=aes_256 integ=sha group=MODP2048}"); break;
        default: w = WS(w, "IKE SA established {auth=PRESHARED_KEY cipher=AES_CBC_256 integ=HMAC_SHA2_256_128 group=MODP2048}"); break;
        }
    }
    L_end(e, w);
    if (d == D_OPENSWAN) {
        LS(e, F_PEERED, s, -1, "Dead Peer Detection (RFC 3706): enabled");
    }
    return s;
}

/* Phase 2 as responder on ISAKMP state s1; returns the IPsec state. */
static int ep_phase2(struct ep *e, struct link *l, int s1, int lit)
{
    const struct peer *p = &e->m->peers[l->peer];
    const int d = e->h->dialect;
    char *w;
    const int s = st_new(e, lit);
    l->spi_in = (u32)rnd(e->rng);
    l->spi_out = (u32)rnd(e->rng);
    if (d == D_QNO) {
        w = L(e, F_PEERED, s1, -1);
        w = WS(w, "[Tunnel Negotiation Info] Responder Received Quick Mode 1st packet on ");
        w = wwan(w, e->h);
        w = p->natted ? WS(w, ":4500") : WS(w, ":500");
        L_end(e, w);
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] esp_ealg_id=");
        w = p->weak ? WS(w, "2-2,esp_ealg_keylen=0, key_len=64") : WS(w, "3-3,esp_ealg_keylen=0, key_len=192");
        w = WS(w, ",esp_aalg_id=1-1.\\012");
        L_end(e, w);
        if (p->weak) {
            LS(e, F_PEERED, s, C_WEAK, "[Tunnel Negotiation Info] You should NOT use insecure ESP algorithms [ESP_DES (64)]!");
        }
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Inbound SPI value = ");
        w = whex(w, l->spi_in, 8);
        L_end(e, w);
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Outbound SPI value = ");
        w = whex(w, l->spi_out, 8);
        L_end(e, w);
        LS(e, F_PEERED, s, -1, "[Tunnel Negotiation Info] Responder send Quick Mode 2nd packet");
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Responder Received Quick Mode 3rd packet on ");
        w = wwan(w, e->h);
        w = p->natted ? WS(w, ":4500") : WS(w, ":500");
        L_end(e, w);
        LS(e, F_PEERED, s, -1, "[Tunnel Negotiation Info] Dead Peer Detection (RFC 3706) enabled");
        w = L(e, F_PEERED, s, C_P2_UP);
        w = WS(w, "[Tunnel Established] IPsec SA established {");
        w = WS(w, "ESP=>0x");
        w = whex(w, l->spi_out, 8);
        w = rp(e->rng, 0.5) ? WS(w, " < 0x") : WS(w, " <0x");
        w = whex(w, l->spi_in, 8);
        w = WS(w, " NATOA=0.0.0.0");
        switch (rb(e->rng, 3)) {
        case 0: break;
        case 1: *w++ = '}'; break;
        default: w = WS(w, " DPD}"); break;
        }
        L_end(e, w);
        return s;
    }
    if (rp(e->rng, 0.3)) {
        /* we initiate the Quick Mode (rekey from our side) */
        w = L(e, F_PEERED, s, -1);
        w = WS(w, "initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP {using isakmp#");
        w = wu(w, e->st[s1].serial);
        w = WS(w, " msgid:");
        w = whex(w, rnd(e->rng), 8);
        w = WS(w, " proposal=AES(12)_128-SHA1(2)_160 pfsgroup=OAKLEY_GROUP_MODP1024}");
        L_end(e, w);
        if (d == D_OPENSWAN) {
            LS(e, F_PEERED, s, -1, "transition from state STATE_QUICK_I1 to state STATE_QUICK_I2");
        }
        w = L(e, F_PEERED, s, C_P2_UP);
        w = WS(w, "STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode {");
        w = wspi_pair(w, "ESP", l);
        w = WS(w, " xfrm=AES_128-HMAC_SHA1 NATOA=none NATD=none DPD=enabled}");
        L_end(e, w);
        return s;
    }
    w = L(e, F_PEERED, s, -1);
    w = WS(w, "the peer proposed: 10.");
    w = wu(w, p->lanoct >> 8); *w++ = '.'; w = wu(w, p->lanoct & 255);
    w = WS(w, ".0/24:0/0 -> 192.168.");
    w = wu(w, e->h->lan);
    w = WS(w, ".0/24:0/0");
    L_end(e, w);
    w = L(e, F_PEERED, s, -1);
    w = WS(w, "responding to Quick Mode proposal {msgid:");
    w = whex(w, rnd(e->rng), 8);
    *w++ = '}';
    L_end(e, w);
    w = L(e, F_PEERED, s, -1);
    w = WS(w, "    us: 192.168.");
    w = wu(w, e->h->lan);
    w = WS(w, ".0/24===");
    w = wwan(w, e->h);
    L_end(e, w);
    w = L(e, F_PEERED, s, -1);
    w = WS(w, "  them: ");
    w = wpeer(w, e->m, l->peer);
    w = WS(w, "===10.");
    w = wu(w, p->lanoct >> 8); *w++ = '.'; w = wu(w, p->lanoct & 255);
    w = WS(w, ".0/24");
    L_end(e, w);
    if (p->weak && d == D_OPENSWAN) {
        LS(e, F_PEERED, s, C_WEAK, "You should NOT use insecure ESP algorithms [ESP_DES (64)]!");
    }
    if (d == D_OPENSWAN) {
        LS(e, F_PEERED, s, -1, "transition from state STATE_QUICK_R0 to state STATE_QUICK_R1");
    }
    LS(e, F_PEERED, s, -1, "STATE_QUICK_R1: sent QR1, inbound IPsec SA installed, expecting QI2");
    w = L(e, F_PEERED, s, C_P2_UP);
    w = WS(w, "STATE_QUICK_R2: IPsec SA established tunnel mode {");
    w = wspi_pair(w, p->natted ? "ESP/NAT" : "ESP", l);
    w = d == D_OPENSWAN ? WS(w, " xfrm=AES_128-HMAC_SHA1 NATOA=none NATD=none DPD=enabled}")
                        : WS(w, " xfrm=AES_CBC_256-HMAC_SHA1_96 NATOA=none NATD=none DPD=passive}");
    L_end(e, w);
    return s;
}

/* Marks a link established with states s1/s2 of the current episode. */
static void set_up(struct ep *e, struct link *l, int s1, int s2)
{
    l->up = 1;
    l->stale = 0;
    l->run = e->h->run;
    l->isakmp = e->st[s1].serial;
    l->isakmp_lit = st_lit(e, s1);
    l->ipsec = e->st[s2].serial;
    l->ipsec_lit = st_lit(e, s2);
}

/* Libreswan IKEv2: IKE_SA_INIT + IKE_AUTH establish the IKE SA and the first Child SA. */
static void ep_ikev2(struct ep *e, struct link *l, double litp)
{
    const struct peer *p = &e->m->peers[l->peer];
    const int s1 = st_new(e, rp(e->rng, litp)), s2 = st_new(e, rp(e->rng, litp));
    const int resp = rp(e->rng, 0.7);
    l->spi_in = (u32)rnd(e->rng);
    l->spi_out = (u32)rnd(e->rng);
    char *w = L(e, F_PEERED, s1, -1);
    w = resp ? WS(w, "processing decrypted IKE_AUTH request: SK{IDi,AUTH,SA,TSi,TSr,N(INITIAL_CONTACT)}")
             : WS(w, "sent IKE_SA_INIT request to ");
    if (!resp) { w = wpeer(w, e->m, l->peer); w = WS(w, ":500"); }
    struct aline *a1 = L_end(e, w);
    if (!resp && !p->v6) text_peer(a1);
    w = L(e, F_PEERED, s1, C_P1_UP);
    w = resp ? WS(w, "responder established IKE SA; authenticated peer using authby=secret and ")
             : WS(w, "initiator established IKE SA; authenticated peer using authby=secret and ");
    w = wid(w, p, 1);
    L_end(e, w);
    w = L(e, F_PEERED, s2, C_P2_UP);
    w = resp ? WS(w, "responder established Child SA using #") : WS(w, "initiator established Child SA using #");
    w = wu(w, e->st[s1].serial);
    w = WS(w, "; IPsec tunnel [10.");
    w = wu(w, p->lanoct >> 8); *w++ = '.'; w = wu(w, p->lanoct & 255);
    w = WS(w, ".0/24===192.168.");
    w = wu(w, e->h->lan);
    w = WS(w, ".0/24] {");
    w = wspi_pair(w, "ESP/ESN", l);
    w = WS(w, " xfrm=AES_GCM_16_256-NONE DPD=passive}");
    L_end(e, w);
    set_up(e, l, s1, s2);
}

void ep_handshake(struct ep *e, struct link *l, double litp)
{
    l->inst = ++e->h->inst;
    if (e->h->dialect == D_LIBRESWAN && !l->xauth && rp(e->rng, 0.3)) {
        ep_ikev2(e, l, litp);
        return;
    }
    const int s1 = ep_phase1(e, l, rp(e->rng, litp), 0);
    if (e->m->peers[l->peer].idkind != 0 && l->xauth) {
        char *w = L(e, F_PEERED, s1, -1);
        w = WS(w, "XAUTH: Sending Username/Password request (XAUTH_R0)");
        L_end(e, w);
        w = L(e, F_PEERED, s1, C_XAUTH_FAIL);
        w = WS(w, "XAUTH: User user");
        w = wu(w, (u64)e->m->peers[l->peer].num);
        w = WS(w, ": Authentication Failed: Incorrect Username or Password");
        struct aline *a = L_end(e, w);
        if (rp(e->rng, 0.5)) {
            w = L(e, F_PEERED, s1, -1);
            w = WS(w, "XAUTH: User user");
            w = wu(w, (u64)e->m->peers[l->peer].num);
            w = WS(w, ": Attempting to login");
            L_end(e, w);
        } else if (rp(e->rng, 0.3)) a->rep = (u16)rr(e->rng, 2, 4);
        w = L(e, F_PEERED, s1, -1);
        w = WS(w, "XAUTH: User user");
        w = wu(w, (u64)e->m->peers[l->peer].num);
        w = WS(w, ": Authentication Successful");
        L_end(e, w);
    }
    const int s2 = ep_phase2(e, l, s1, rp(e->rng, litp));
    set_up(e, l, s1, s2);
}

void ep_disconnect_line(struct ep *e, struct link *l, int zero)
{
    const int d = e->h->dialect;
    char *w;
    if (d == D_QNO) {
        w = L(e, zero ? F_PEERED_NS : F_PEERED, zero ? -1 : st_new(e, 1), C_DISCONNECT);
        w = WS(w, "[Tunnel Disconnected] instance with peer ");
    } else {
        w = L(e, F_PEERED_NS, -1, C_DISCONNECT);
        if (d == D_OPENSWAN) {
            w = WS(w, "deleting connection \"");
            w = wstr(w, e->m->conns[l->conn].name, (size_t)e->m->conns[l->conn].namelen);
            w = WS(w, "\" instance with peer ");
        } else if (rp(e->rng, 0.5)) {
            w = WS(w, "deleting connection \"");
            w = wstr(w, e->m->conns[l->conn].name, (size_t)e->m->conns[l->conn].namelen);
            w = WS(w, "\"[");
            w = wu(w, l->inst);
            w = WS(w, "] ");
            w = wpeer(w, e->m, l->peer);
            w = WS(w, " instance with peer ");
        } else {
            w = WS(w, "deleting connection instance with peer ");
        }
    }
    w = wpeer(w, e->m, l->peer);
    w = WS(w, " {isakmp=#");
    w = wu(w, zero ? 0 : l->isakmp);
    w = WS(w, "/ipsec=#");
    w = wu(w, zero ? 0 : l->ipsec);
    *w++ = '}';
    L_end(e, w);
}

void ep_dpd_dead(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    const int s1 = st_ref(e, l->isakmp, l->isakmp_lit), s2 = st_ref(e, l->ipsec, l->ipsec_lit);
    char *w;
    if (d == D_LIBRESWAN) {
        w = L(e, F_PEERED, s1, C_DPD_DEAD);
        u32 v = rb(e->rng, 3);
        /* "liveness_check - peer P" names the peer: only for a state
         * whose earlier lines were attributed to it already. */
        if (v == 2 && !l->isakmp_lit) v = 0;
        if (v == 0) w = WS(w, "DPD action - restarting all connections that share this peer");
        else if (v == 1) w = WS(w, "IKEv2 liveness: action - restarting all connections that share this peer");
        else {
            w = WS(w, "liveness_check - peer ");
            w = wpeer(w, e->m, l->peer);
            w = WS(w, " has not responded in 32 seconds, with a timeout of 30, taking action restart");
        }
        L_end(e, w);
        w = L(e, F_PEERED, s2, -1);
        w = WS(w, "ESP traffic information: in=");
        w = wu(w, rr(e->rng, 1, 900));
        w = WS(w, "KB out=");
        w = wu(w, rr(e->rng, 1, 900));
        w = WS(w, "KB");
        L_end(e, w);
    } else {
        w = L(e, F_PEERED, s1, C_DPD_DEAD);
        w = wtag(w, d, "Tunnel Negotiation Fail");
        w = d == D_OPENSWAN && rp(e->rng, 0.3) ? WS(w, "DPD: Info: No response from peer - declaring peer dead")
                                       : WS(w, "DPD: No response from peer - declaring peer dead");
        L_end(e, w);
        w = L(e, F_PEERED, s1, -1);
        w = wtag(w, d, "Tunnel Negotiation Info");
        w = WS(w, "DPD: Terminating all SAs using this connection");
        L_end(e, w);
        if (d == D_OPENSWAN) {
            w = L(e, F_PEERED, s1, -1);
            w = rp(e->rng, 0.5) ? WS(w, "DPD: Clearing Connection") : WS(w, "DPD: Restarting Connection");
            L_end(e, w);
        }
    }
    del_line(e, s2, "STATE_QUICK_R2");
    del_line(e, s1, NULL);
    ep_disconnect_line(e, l, 1);
    l->up = 0;
}

void ep_peer_disconnect(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    const int s1 = st_ref(e, l->isakmp, l->isakmp_lit), s2 = st_ref(e, l->ipsec, l->ipsec_lit);
    char *w = L(e, F_PEERED, s1, -1);
    w = wtag(w, d, "Tunnel Negotiation Info");
    w = WS(w, "received Delete SA(0x");
    w = whex(w, l->spi_out, 8);
    w = WS(w, ") payload: deleting IPSEC State #");
    w = wu(w, e->st[s2].serial);
    L_end(e, w);
    del_line(e, s2, "STATE_QUICK_R2");
    w = L(e, F_PEERED, s1, -1);
    w = WS(w, "received Delete SA payload: deleting ISAKMP State #");
    w = wu(w, e->st[s1].serial);
    L_end(e, w);
    if (d == D_QNO) ep_disconnect_line(e, l, 0);
    del_line(e, s1, NULL);
    if (d != D_QNO) ep_disconnect_line(e, l, 1);
    if (rp(e->rng, 0.4)) {
        LS(e, F_PACKET, -1, -1, "received and ignored informational message");
    }
    l->up = 0;
}

void ep_rekey_p2(struct ep *e, struct link *l)
{
    const int d = e->h->dialect;
    const int s1 = st_ref(e, l->isakmp, l->isakmp_lit), sold = st_ref(e, l->ipsec, l->ipsec_lit);
    const int s2 = ep_phase2(e, l, s1, rp(e->rng, 0.9));
    char *w;
    if (d != D_QNO && rp(e->rng, 0.5)) {
        w = L(e, F_PEERED, s1, -1);
        w = WS(w, "received Delete SA(0x");
        w = whex(w, (u32)rnd(e->rng), 8);
        w = WS(w, ") payload: deleting IPSEC State #");
        w = wu(w, e->st[sold].serial);
        L_end(e, w);
    }
    del_line(e, sold, "STATE_QUICK_R2");
    l->ipsec = e->st[s2].serial;
    l->ipsec_lit = st_lit(e, s2);
}

void ep_rekey_p1(struct ep *e, struct link *l)
{
    const int sold = st_ref(e, l->isakmp, l->isakmp_lit);
    LS(e, F_PEERED, sold, -1, "replacing stale ISAKMP SA");
    const int s1 = ep_phase1(e, l, rp(e->rng, 0.85), 0);
    del_line(e, sold, NULL);
    l->isakmp = e->st[s1].serial;
    l->isakmp_lit = st_lit(e, s1);
}

