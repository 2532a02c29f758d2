/* tunnel.h — episodes that bring a tunnel up, keep it up or take it down.
 *
 * Each takes the link the episode is about (e->cur_link / e->cur_peer set by
 * the caller) and updates its up flag and state serials as pluto would. */
#ifndef GEN_TUNNEL_H
#define GEN_TUNNEL_H

struct ep;
struct link;

/* 1-3 "received Vendor ID payload" lines. */
void ep_vendor_ids(struct ep *e, int n);
/* Phase 1 as responder (new ISAKMP state); upto 1 stops before authentication. Returns the state. */
int ep_phase1(struct ep *e, struct link *l, int lit, int upto);
/* A full negotiation (IKEv1 phases 1 and 2, or IKEv2): the tunnel goes up. litp: chance a state is lit. */
void ep_handshake(struct ep *e, struct link *l, double litp);
/* The disconnect line; zero: written with isakmp=#0/ipsec=#0 as after the SAs are gone. */
void ep_disconnect_line(struct ep *e, struct link *l, int zero);
/* DPD declares the peer dead; the SAs and the instance are deleted. */
void ep_dpd_dead(struct ep *e, struct link *l);
/* The peer deletes its SAs. */
void ep_peer_disconnect(struct ep *e, struct link *l);
/* A new IPsec SA replaces the old one (a phase2_up while up). */
void ep_rekey_p2(struct ep *e, struct link *l);
/* A new ISAKMP SA replaces the old one. */
void ep_rekey_p1(struct ep *e, struct link *l);

#endif
