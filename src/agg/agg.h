/* agg.h — the aggregate: per (day, host, peer) class counters, plus what
 * peer attribution needs (SPEC.md §5), kept so that two aggregates of any
 * split of the input merge into the aggregate of the whole.
 *
 * Lines without a peer cannot be attributed until every line has been seen
 * (the peer may be logged later, in another chunk, thread or file), so they
 * are held as "pending" counters keyed by (day, host, pid, serial, conn) and
 * attributed by ts_agg_finish(). */
#ifndef TS_AGG_H
#define TS_AGG_H

#include <stdint.h>

#include "agg/pending.h"
#include "agg/rows.h"
#include "agg/serials.h"
#include "base/arena.h"
#include "base/intern.h"
#include "base/map.h"
#include "base/ts.h"
#include "lexer/pluto.h"

/* Longest field kept in a key; longer values keep TS_FIELD_KEEP bytes so the
 * CSV writer can still tell they were cut (it prints TS_FIELD_CUT of them). */
#define TS_FIELD_KEEP 257

struct ts_agg_counts {
    uint64_t c[TS_NCLASS];
};

/* One recognised IKE line as the aggregate sees it. */
struct ts_agg_obs {
    ts_str day, host, pid, serial, conn, peer;
    int cls;
    uint64_t weight;
};

struct peerval {
    const unsigned char *p; /* interned in ts_agg.peers */
    uint32_t n;
    uint32_t several; /* conns only: more than one distinct peer seen */
};

/* The last attribution note, to skip repeats of the same tunnel. */
struct ts_note_cache {
    unsigned char key[128];
    size_t klen;
    struct peerval *v;
};

/* The last serial note: its packed (host, pid, serial) and the peer. */
struct ts_serial_cache {
    unsigned char key[128], peer[64];
    size_t klen, plen; /* klen 0: empty */
};

enum ts_agg_peer_source { TS_SRC_NONE, TS_SRC_LINE, TS_SRC_SERIAL, TS_SRC_CONN };

/* What --max-keys folded (SPEC.md §6). */
struct ts_agg_folds {
    /* observations in the overflow rows of one (day, host), of one day, and
     * in the single overflow row of everything (ts_agg_count_overflow) */
    uint64_t rows[3];
    uint64_t peerless; /* peerless observations put in an overflow row at once: pending table full */
    uint64_t serials;  /* observations whose serial note was not kept: notes full */
    uint64_t conns;    /* observations whose conn note was not kept: notes full */
};

struct ts_agg {
    struct ts_arena arena;
    struct ts_rows rows;   /* (day, host), peer -> class counters (rows.h) */
    struct ts_pending pending; /* (day,host,pid,conn), serial, class -> count (pending.h) */
    struct ts_serials serials; /* (host,pid), serial -> peer (bytewise smallest); serials.h */
    struct ts_map conns;   /* host,conn -> peer, or "several" */
    struct ts_intern peers; /* every peer named, stored once */
    /* 0 = unlimited. Beyond it new rows go to an overflow row, and the
     * pending counters, serial notes and conn notes stop growing (each at
     * max_keys entries); overflow rows of (day, host) and of days are each
     * kept to max_keys too, then folded further (SPEC.md §6). */
    uint64_t max_keys;
    uint64_t overflowed;   /* observations counted in overflow rows */
    uint64_t ovf_rows[3];  /* overflow rows made of (day, host), of days, of all */
    struct ts_agg_folds folds;
    uint64_t peerless;     /* pending counters attributed (for --stats; summed over threads) */
    int folded;            /* an overflow row exists (here or in a merged aggregate) */
    struct ts_serial_cache serial_cache;
    struct ts_note_cache conn_cache;
};

/* The peer written in the overflow row (SPEC.md §6). */
#define TS_OVERFLOW_PEER "(overflow)"

void ts_agg_init(struct ts_agg *a);
void ts_agg_free(struct ts_agg *a);
/* Moves src into dst (dst uninitialised or freed; src left empty). */
void ts_agg_move(struct ts_agg *dst, struct ts_agg *src);
/* TS_OK or TS_ENOMEM. */
int ts_agg_add(struct ts_agg *a, const struct ts_agg_obs *o);
/* A scanner's consumer (ts_scan_emit_fn, scan.h) that adds each IKE line to
 * the aggregate agg. */
int ts_agg_emit(void *agg, const struct ts_line *L, ts_str day, ts_str host, uint64_t line);
/* Adds everything in src to dst (src unchanged). */
int ts_agg_merge(struct ts_agg *dst, const struct ts_agg *src);
/* The peer a peerless line of (host, pid, serial, conn) is attributed to;
 * "-" when none. Call after all input was added. */
ts_str ts_agg_resolve(const struct ts_agg *a, ts_str host, ts_str pid, ts_str serial, ts_str conn,
                      int *source);
/* Attributes the pending counters into rows. */
int ts_agg_finish(struct ts_agg *a);

/* The same in parts, so that threads can attribute in parallel (run.c):
 * merge every worker's notes into one aggregate, let each worker attribute
 * its own pending counters against those notes (read only: several workers
 * may do this at once, while the notes' owner attributes its own), merge
 * the rows, then count the overflow. The rows equal those of merging
 * everything and calling ts_agg_finish. */
int ts_agg_merge_notes(struct ts_agg *dst, const struct ts_agg *src);
int ts_agg_attribute(struct ts_agg *a, const struct ts_agg *notes);
int ts_agg_merge_rows(struct ts_agg *dst, const struct ts_agg *src);
void ts_agg_count_overflow(struct ts_agg *a);

struct ts_agg_row {
    ts_str day, host, peer;
    const struct ts_agg_counts *n;
};
/* What was folded, as one sentence for the CLI's warning ("" when nothing
 * was); buf of n bytes. */
void ts_agg_folds_text(const struct ts_agg *a, char *buf, size_t n);

/* Bytes held by the aggregate (for --stats). */
size_t ts_agg_bytes(const struct ts_agg *a);

/* Rows sorted bytewise by day, host, peer; *rows is malloc'd (caller frees;
 * it holds the counts of the rows too, which stay valid while a is not
 * changed). */
int ts_agg_rows(const struct ts_agg *a, struct ts_agg_row **rows, size_t *n);

/* The rows one by one in no order (*pos starts at 0; 0 at the end); the
 * counts may be put in buf. */
int ts_agg_next_row(const struct ts_agg *a, size_t *pos, struct ts_agg_row *row, struct ts_agg_counts *buf);

/* The pieces of an unfinished aggregate one by one, for the state database
 * (store/): what it saves from the maps' packed keys (nf fields, 0 or -1
 * when kn does not hold them), and what it loads back. Adding every piece
 * of aggregates A and B gives the pieces of A merged with B. */
int ts_agg_unpack(const unsigned char *k, size_t kn, int nf, ts_str *f);
int ts_agg_add_counts(struct ts_agg *a, ts_str day, ts_str host, ts_str peer, const struct ts_agg_counts *n);
int ts_agg_add_pending(struct ts_agg *a, ts_str day, ts_str host, ts_str pid, ts_str conn, ts_str serial, int cls,
                       uint64_t n);
int ts_agg_add_serial_note(struct ts_agg *a, ts_str host, ts_str pid, ts_str serial, ts_str peer);
int ts_agg_add_conn_note(struct ts_agg *a, ts_str host, ts_str conn, ts_str peer, int several);

#endif
