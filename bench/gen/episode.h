/* episode.h — building one episode of a host's pluto log.
 *
 * An episode (a handshake, a DPD death, a scanner probe, a restart, ...) is
 * written as abstract lines first: a prefix form, the state (serial) it
 * belongs to, the report column it counts in, and its body. ep_end then
 * decides which prefixed lines carry the peer's address (SPEC §5: a line
 * without an address takes the peer of another line of its serial), renders
 * the lines and queues them on the host with the attribution each one gets
 * (A_PEER, A_DASH, A_CONN). The queue is written out line by line,
 * interleaved with other hosts and noise (main.c). */
#ifndef GEN_EPISODE_H
#define GEN_EPISODE_H

#include "base.h"
#include "fmt.h"
#include "model.h"
#include "rng.h"

/* Prefix forms of an abstract line. */
enum {
    F_NONE,      /* no prefix: daemon-level line */
    F_PACKET,    /* packet from P:port: */
    F_PEERED,    /* C[I] P[:port] #S:   -- may be written peerless as C #S: */
    F_PEERED_NS, /* C[I] P[:port]:      -- no state */
    F_CONN_SER,  /* C #S:               -- always peerless */
    F_CONN,      /* C:                  -- no peer, no state */
    F_BARESER,   /* #S: */
    F_DEBUG      /* "| ..." Libreswan debug line, body written as is */
};

struct st { u32 serial; int lit; };
struct aline {
    u8 form, prog, peerless;
    u8 textpeer; /* the body names the peer (SPEC §5: "from unknown peer P", "to P:500"...) */
    int8_t col;
    u16 rep;
    int st, peer, link;
    u16 port;
    u32 pid, boff, blen;
};

#define EP_MAX 1024

struct ep {
    struct rng *rng;
    struct model *m;
    struct host *h;
    int cur_link, cur_peer; /* the link and peer new lines are about (-1, 0: none) */
    double peerless_p;      /* chance that a line of a lit state is written without the peer */
    u64 span;               /* seconds the corpus covers */
    double scan_frac;       /* --scan-frac */
    struct aline a[EP_MAX];
    int n;
    struct st st[8];
    int nst;
    char text[EP_MAX * 400];
    u32 tlen;
};

/* Starts an episode of host h (the queue of h must be empty). */
void ep_begin(struct ep *e, struct host *h);
/* Decides which prefixed lines carry the peer, renders the episode into the host queue. */
void ep_end(struct ep *e);

/* A new state (fresh serial) of this episode; lit: some line will carry its peer. */
int st_new(struct ep *e, int lit);
/* An existing state: its literal status is final and kept. */
int st_ref(struct ep *e, u32 serial, int lit);

/* Starts an abstract line, returns where its body goes; finish with L_end(). */
char *L(struct ep *e, int form, int st, int col);
struct aline *L_end(struct ep *e, char *w);
/* The line names its peer in its body: the peer of the line and of its state. */
void text_peer(struct aline *a);
/* Whether state s of the current episode has its peer written on some line so far. */
int st_lit(const struct ep *e, int s);
/* A line whose body is a constant string. */
struct aline *Ls(struct ep *e, int form, int st, int col, const char *body, size_t n);
#define LS(e, form, st, col, lit) Ls((e), (form), (st), (col), (lit), sizeof(lit) - 1)

/* "[TAG] " for Qno, nothing for the others. */
char *wtag(char *w, int dialect, const char *tag);
/* "ID_...: 'identity'" of a peer. */
char *wid(char *w, const struct peer *p, int quoted);
/* "ESP=>0xOUT <0xIN" (esp: "ESP", "ESP/NAT", "ESP/ESN"), as upstream plutos write it. */
char *wspi_pair(char *w, const char *esp, const struct link *l);
static inline char *wwan(char *w, const struct host *h) { return wip4(w, h->wan); }

/* "deleting state (NAME)" for state st; NULL: the ISAKMP state's name of the dialect. */
void del_line(struct ep *e, int st, const char *name);
/* "sending [encrypted ]notification TYPE to PEER:500" for state st. */
void notify_line(struct ep *e, int st, const char *what);

#endif
