/* model.h — the simulated network: peers, routers (hosts), their
 * connections (conns) and the tunnels (links) between them.
 *
 * Built once by model_setup from the options and the seed; the lifecycle
 * (lifecycle.h) then moves each link up and down and each host through
 * pluto restarts. Indexes, not pointers, join the tables: peers[0] is the
 * placeholder '-', 1..ntunnel are tunnel peers, the rest scanners. */
#ifndef GEN_MODEL_H
#define GEN_MODEL_H

#include <string.h>

#include "base.h"
#include "options.h"

struct rng;

enum { D_QNO, D_OPENSWAN, D_LIBRESWAN };

/* Report columns (SPEC §6), in order. */
enum {
    C_DPD_DEAD, C_UNKNOWN_SA, C_PSK_MISS, C_DEL_NOT_FOUND, C_DISCONNECT, C_RETR_TIMEOUT,
    C_AUTH_FAIL, C_ID_MISMATCH, C_NO_PROPOSAL, C_P2_NO_CONN, C_XAUTH_FAIL, C_NET_ERROR,
    C_P1_UP, C_P2_UP, C_WEAK, NCOL
};

struct peer {
    char ip[40];
    u8 iplen, v6, weak, natted;
    u16 natport;
    u32 lanoct; /* peer LAN 10.a.b.0/24 */
    int idkind; /* 0 ID_IPV4_ADDR, 1 ID_FQDN, 2 ID_USER_FQDN */
    int num;
};

struct conn {
    char name[24];
    int namelen, host;
    int lit_state; /* 0: no peer ever written with this host+conn, 1: one (lit_peer), 2: several */
    int lit_peer;
};

struct link { /* a peer's tunnel to one host */
    int peer, host, conn, xauth;
    u32 run;            /* host run the state below belongs to */
    int up, stale;
    u32 isakmp, ipsec;  /* state serials */
    u8 isakmp_lit, ipsec_lit;
    u32 inst;
    u32 spi_in, spi_out;
};

/* A queued pluto line: rendered message, who it counts for. */
enum { A_PEER, A_DASH, A_CONN, A_NONE };
struct qline {
    u32 off, len, pid;
    u8 prog;        /* 0 pluto[pid], 1 ipsec__plutorun (no pid) */
    int8_t col;     /* report column or -1 */
    u16 rep;        /* message repeated N times (1 = plain) */
    u8 akind;       /* A_PEER / A_DASH / A_CONN / A_NONE (debug line: not an IKE line) */
    int aid;        /* peer or conn index */
    int conn;       /* conn written in the prefix, -1 if none */
    int litconn, litpeer; /* conn and peer written in the prefix, -1 if none */
};

struct host {
    char name[24];
    int namelen, dialect, idx;
    u32 pid, run, serial, inst;
    u32 *pids; int npids, cappids;
    u32 wan;
    u64 next_restart;
    int *links; int nlinks; u64 *cum;
    int *conns; int nconns;
    /* queue of rendered pluto lines */
    struct qline *q; int qn, qi, qcap;
    char *qbuf; u32 qlen, qbufcap;
    /* noise state */
    u32 pid_dnsmasq, pid_ntpd, pid_pppd, pid_udhcpd, pid_httpd, pid_sshd, pid_cron, pid_miniupnpd;
    u64 boot;
    u32 lan;
};

struct model {
    struct peer *peers;  /* [0] is '-' */
    int npeers, ntunnel; /* 1..ntunnel tunnel peers, then scanners */
    u64 *scan_cum; int nscan;
    int sweep, scan_next; /* --scan-sweep: the next scanner of the round */
    struct conn *conns; int nconns, capconns;
    struct link *links; int nlinks;
    struct host *hosts; int nhosts; /* routers; hosts[nhosts] = log server (noise only) */
    u64 *host_ike_cum;
};

/* Draws peers, hosts, conns and links (the draws are part of the output). */
void model_setup(struct model *m, struct rng *r, const struct opts *o, u64 span);

/* A peer's address as written in a prefix ('-' for peer 0). */
static inline char *wpeer(char *w, const struct model *m, int peer)
{
    const struct peer *p = &m->peers[peer];
    memcpy(w, p->ip, p->iplen);
    return w + p->iplen;
}

/* (conn) for Qno, "conn" for the others. */
char *wconn(char *w, const struct conn *c, int dialect);

#endif
