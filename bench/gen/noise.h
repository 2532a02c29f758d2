/* noise.h — one line of non-IKE traffic. */
#ifndef GEN_NOISE_H
#define GEN_NOISE_H

struct host;
struct model;
struct out;
struct rng;

/* Writes one noise line of host h at o->now; logsrv: h is the log server itself. */
void emit_noise(struct out *o, struct rng *rg, const struct model *m, struct host *h, int logsrv);

#endif
