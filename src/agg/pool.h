/* pool.h — the runs of a decoded stream as units of work for every thread.
 *
 * A run's threads claim its planned units here (ts_pool_claim). A thread
 * that claims a stream (a compressed input, a pipe) when threads would
 * otherwise be idle decodes or reads it (ts_pool_stream): every run of lines the decoder delivers
 * (about one 256 KiB block) becomes a block, a unit of work of its own,
 * queued for the threads that have no planned unit left (ts_pool_help).
 * When more blocks wait than the queue should hold, the decoder scans the
 * block it just decoded itself (it is still in its cache), so decoding and
 * scanning share the cores whichever of the two is the slower.
 *
 * Each block carries a provisional unit id (counted on from the planned
 * units) and its place in its stream; its scanner reports what it found
 * (lines, events spool range, restart banners) and the run places the
 * blocks in input order afterwards (run.c). A block that needs the restart
 * banners before it (a line with neither host nor pid, scan.h) gets them
 * from the earlier blocks' scans, or counts them in the earlier blocks not
 * scanned yet (ts_pool_epoch0), as a split file's part does. */
#ifndef TS_POOL_H
#define TS_POOL_H

#include <pthread.h>
#include <stdint.h>

#include "input/pipe.h"

enum ts_pool_state { TS_POOL_QUEUED, TS_POOL_TAKEN, TS_POOL_DONE };

struct ts_pool_stream;

struct ts_pool_block {
    struct ts_pool_stream *stream;
    uint64_t id;  /* provisional unit id */
    int unit;     /* the planned unit its stream is read for */
    uint32_t b;   /* its place in the stream, from 0 */
    struct ts_pipe_run run;
    int state;    /* enum ts_pool_state */
    int cont;     /* more lines of the unit the scanner's last call scanned (ids ran out) */
    /* what its scan found */
    uint64_t lines, ev_begin, ev_end;
    uint32_t epochs; /* restart banners in it */
    uint32_t epoch0; /* in the blocks before it, once they are done */
    uint32_t banners; /* epochs counted ahead of its scan (counted), for a later block */
    int counted;
    int spool, rc;
};

struct ts_pool_stream {
    int unit;
    struct ts_pipe *pipe;
    struct ts_pool_block *blocks;
    size_t n, cap;
    size_t take;      /* blocks before it were taken */
    size_t done;      /* blocks 0 .. done-1 are done */
    uint32_t epochs;  /* restart banners in those */
    int queued, held; /* blocks waiting; taken and not done */
    int rc;           /* a scan failed: decoding stops */
};

/* Scans block b (a copy, filled in with the results) on the calling
 * thread. Returns its rc (non-zero stops the stream). */
typedef int (*ts_pool_scan_fn)(void *ctx, struct ts_pool_block *b);

struct ts_pool {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a block queued, or no planned unit being read */
    pthread_cond_t done; /* a block done */
    struct ts_pool_stream **streams; /* every stream decoded, for the run to place */
    int nstreams, capstreams;
    int next_unit, nunits; /* planned units claimed, and their number */
    int busy;              /* planned units being read */
    int stop;              /* a fatal error: claim nothing more */
    uint64_t next_id, max_id; /* provisional ids: the next, and the last blocks get */
    uint64_t tail_id;         /* ids beyond max_id, one per stream that ran out */
    int queue_max; /* blocks a stream queues before its decoder scans one itself */
    int nbuf;      /* a stream's ring buffers: never all held */
};

/* threads: the run's threads, which bound the blocks held at once. */
void ts_pool_init(struct ts_pool *p, int nunits, int threads);
void ts_pool_free(struct ts_pool *p);
/* The next planned unit to read, or -1: none left (or ts_pool_abort). */
int ts_pool_claim(struct ts_pool *p);
/* The claimed unit was read. */
void ts_pool_finish(struct ts_pool *p);
/* Claims nothing more (a fatal error). */
void ts_pool_abort(struct ts_pool *p);
/* Decodes src (opened for planned unit `unit`) on the calling thread into
 * blocks, scanning some with scan(ctx, ...), until every block of it is
 * done. TS_OK, the read's error (err filled), or the first failed scan's
 * rc (TS_ENOMEM when the pool's own memory ran out, err filled). */
int ts_pool_stream(struct ts_pool *p, int unit, struct ts_input *src, const struct ts_input_opts *o,
                   ts_pool_scan_fn scan, void *ctx, struct ts_err *err);
/* Scans queued blocks with scan(ctx, ...) until no planned unit is left
 * or being read. */
void ts_pool_help(struct ts_pool *p, ts_pool_scan_fn scan, void *ctx);
/* For the scanner of block b: the restart banners in the blocks before it. */
uint32_t ts_pool_epoch0(struct ts_pool *p, const struct ts_pool_block *b);

/* After the run, its units in input order: each stream's blocks, then
 * the planned unit it was read for (which keeps the stream's error, if
 * any, and no lines); and the place of every provisional id. */
struct ts_pool_place {
    int unit;                          /* the planned unit */
    const struct ts_pool_block *block; /* one of its stream's blocks; NULL: the unit itself */
};
struct ts_pool_order {
    struct ts_pool_place *at;
    size_t n;
    uint64_t *index; /* by ts_pool_index */
};
/* TS_OK or TS_ENOMEM. */
int ts_pool_order(const struct ts_pool *p, struct ts_pool_order *o);
/* Where the unit numbered id (planned, or provisional) was placed. */
uint64_t ts_pool_index(const struct ts_pool *p, const struct ts_pool_order *o, uint64_t id);
void ts_pool_order_free(struct ts_pool_order *o);

#endif
