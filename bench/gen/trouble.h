/* trouble.h — episodes that leave a tunnel as it was: failures, noise from
 * the daemon, scanners. */
#ifndef GEN_TROUBLE_H
#define GEN_TROUBLE_H

struct ep;
struct link;

void ep_del_not_found(struct ep *e, struct link *l);
void ep_unknown_sa(struct ep *e, struct link *l);
void ep_retransmit_timeout(struct ep *e, struct link *l);
void ep_auth_fail(struct ep *e, struct link *l);
void ep_id_mismatch(struct ep *e, struct link *l);
void ep_no_proposal(struct ep *e, struct link *l);
void ep_p2_no_conn(struct ep *e, struct link *l);
void ep_net_error(struct ep *e, struct link *l);
void ep_dpd_noise(struct ep *e, struct link *l);
/* 1-3 "no connection has been authorized" probes from scanners (e->m->sweep: in turn). */
void ep_scanner(struct ep *e);
/* 2-12 Libreswan debug lines ("| ..."): not IKE lines. */
void ep_debug_burst(struct ep *e);

#endif
