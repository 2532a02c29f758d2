/* pool.c — see pool.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/banners.h"
#include "agg/pool.h"
#include "base/buf.h"

/* Blocks waiting per stream before its decoder scans one itself: enough
 * that a scanner finding the queue empty is rare, few enough that a queued
 * block is still in the shared cache when it is scanned. */
#define QUEUE_MAX 4
/* Units a run may number: the sessions' event order keeps 24 bits of unit
 * (agg/sesslog.c). */
#define MAX_UNITS ((uint64_t)1 << 24)

struct decoder {
    struct ts_pool *p;
    struct ts_pool_stream *s;
    ts_pool_scan_fn scan;
    void *ctx;
    struct ts_pool_block tail; /* ids ran out: the rest of the stream, scanned here */
    int tailing;
};

void ts_pool_init(struct ts_pool *p, int nunits, int threads)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    p->nunits = nunits;
    p->next_id = (uint64_t)nunits;
    /* An id in reserve for each planned unit: a stream runs out at most
     * once. (Past 2^23 planned units the tails' ids may pass 2^24, beyond
     * what the sessions' order holds: 8 million inputs in one run.) */
    const uint64_t planned = (uint64_t)nunits;
    p->max_id = planned < MAX_UNITS / 2 ? MAX_UNITS - planned : planned;
    p->tail_id = p->max_id;
    p->queue_max = QUEUE_MAX;
    /* queued + held by other threads + the one being written, and one spare */
    p->nbuf = QUEUE_MAX + threads + 2;
}

void ts_pool_free(struct ts_pool *p)
{
    for (int i = 0; i < p->nstreams; i++) {
        free(p->streams[i]->blocks);
        free(p->streams[i]);
    }
    free(p->streams);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->mu);
    memset(p, 0, sizeof *p);
}

int ts_pool_claim(struct ts_pool *p)
{
    pthread_mutex_lock(&p->mu);
    const int i = !p->stop && p->next_unit < p->nunits ? p->next_unit++ : -1;
    if (i >= 0) p->busy++;
    pthread_mutex_unlock(&p->mu);
    return i;
}

void ts_pool_finish(struct ts_pool *p)
{
    pthread_mutex_lock(&p->mu);
    if (--p->busy == 0) pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
}

void ts_pool_abort(struct ts_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_mutex_unlock(&p->mu);
}

/* Block b scanned (its copy x holds the results): record them, move the
 * stream's done prefix on, give the buffer back. */
static void complete(struct ts_pool *p, const struct ts_pool_block *x)
{
    pthread_mutex_lock(&p->mu);
    struct ts_pool_stream *s = x->stream;
    struct ts_pool_block *b = &s->blocks[x->b];
    *b = *x;
    b->state = TS_POOL_DONE;
    s->held--;
    if (x->rc && !s->rc) s->rc = x->rc;
    while (s->done < s->n && s->blocks[s->done].state == TS_POOL_DONE) {
        s->blocks[s->done].epoch0 = s->epochs;
        s->epochs += s->blocks[s->done].epochs;
        s->done++;
    }
    /* under mu: until it is done, ts_pool_epoch0 may read its bytes, and
     * once it is, its decoder may free the pipe (ts_pool_stream) */
    ts_pipe_release(s->pipe, &x->run);
    pthread_cond_broadcast(&p->done);
    pthread_mutex_unlock(&p->mu);
}

static void run_block(struct ts_pool *p, struct ts_pool_block *x, ts_pool_scan_fn scan, void *ctx)
{
    x->rc = scan(ctx, x);
    complete(p, x);
}

/* The oldest queued block of s, taken (mu held). */
static struct ts_pool_block take(struct ts_pool_stream *s)
{
    while (s->blocks[s->take].state != TS_POOL_QUEUED) s->take++;
    struct ts_pool_block *b = &s->blocks[s->take++];
    b->state = TS_POOL_TAKEN;
    s->queued--;
    s->held++;
    return *b;
}

/* The rest of the stream once ids ran out: one unit, scanned here in
 * order as its runs come (b->cont: the scan goes on where it stopped). */
static int tail(struct decoder *d, const struct ts_pipe_run *run)
{
    struct ts_pool_block *t = &d->tail;
    if (!d->tailing) {
        d->tailing = 1;
        pthread_mutex_lock(&d->p->mu);
        *t = (struct ts_pool_block){.stream = d->s, .id = d->p->tail_id++, .unit = d->s->unit, .b = (uint32_t)d->s->n};
        pthread_mutex_unlock(&d->p->mu);
    } else {
        t->cont = 1;
    }
    t->run = *run;
    const int rc = d->scan(d->ctx, t);
    ts_pipe_release(d->s->pipe, run);
    if (rc) {
        pthread_mutex_lock(&d->p->mu);
        if (!d->s->rc) d->s->rc = rc;
        pthread_mutex_unlock(&d->p->mu);
    }
    return rc != 0;
}

/* The decoder's consumer (ts_pipe_fn): one run, one block. */
static int on_run(void *ctx, const struct ts_pipe_run *run)
{
    struct decoder *d = ctx;
    struct ts_pool *p = d->p;
    struct ts_pool_stream *s = d->s;
    if (d->tailing) return tail(d, run);
    pthread_mutex_lock(&p->mu);
    /* room for one more: a new block, or the tail */
    if (!s->rc && ts_buf_grow((void **)&s->blocks, &s->cap, s->n + 1, sizeof *s->blocks, 64) != TS_OK)
        s->rc = TS_ENOMEM;
    if (s->rc) {
        pthread_mutex_unlock(&p->mu);
        ts_pipe_release(s->pipe, run);
        return 1;
    }
    if (p->next_id >= p->max_id) {
        pthread_mutex_unlock(&p->mu);
        return tail(d, run);
    }
    struct ts_pool_block *b = &s->blocks[s->n];
    *b = (struct ts_pool_block){.stream = s, .id = p->next_id++, .unit = s->unit, .b = (uint32_t)s->n, .run = *run};
    s->n++;
    const int self = s->queued >= p->queue_max;
    if (self) {
        b->state = TS_POOL_TAKEN;
        s->held++;
    } else {
        b->state = TS_POOL_QUEUED;
        s->queued++;
        pthread_cond_signal(&p->work);
    }
    struct ts_pool_block x = *b;
    pthread_mutex_unlock(&p->mu);
    if (self) run_block(p, &x, d->scan, d->ctx);
    return self && x.rc;
}

/* Scans queued blocks of stream `only` (NULL: of any stream) until none
 * is queued and none of `only` is held (NULL: no planned unit is being
 * read, so no stream can start). mu held. */
static void serve(struct ts_pool *p, struct ts_pool_stream *only, ts_pool_scan_fn scan, void *ctx)
{
    for (;;) {
        struct ts_pool_stream *s = only && only->queued ? only : NULL;
        for (int i = 0; !only && !s && i < p->nstreams; i++)
            if (p->streams[i]->queued) s = p->streams[i];
        if (s) {
            struct ts_pool_block x = take(s);
            pthread_mutex_unlock(&p->mu);
            run_block(p, &x, scan, ctx);
            pthread_mutex_lock(&p->mu);
        } else if (only ? only->held > 0 : p->busy > 0) {
            pthread_cond_wait(only ? &p->done : &p->work, &p->mu);
        } else {
            return;
        }
    }
}

static int oom(struct ts_input *src, struct ts_err *err)
{
    ts_err_set(err, TS_ENOMEM, 0, ts_input_path(src), "out of memory");
    return TS_ENOMEM;
}

int ts_pool_stream(struct ts_pool *p, int unit, struct ts_input *src, const struct ts_input_opts *o,
                   ts_pool_scan_fn scan, void *ctx, struct ts_err *err)
{
    struct ts_pool_stream *s = calloc(1, sizeof *s);
    if (!s) return oom(src, err);
    s->unit = unit;
    if (ts_pipe_new(&s->pipe, o, p->nbuf) != TS_OK) {
        free(s);
        return oom(src, err);
    }
    pthread_mutex_lock(&p->mu);
    size_t cap = (size_t)p->capstreams;
    const int rc0 = ts_buf_grow((void **)&p->streams, &cap, (size_t)p->nstreams + 1, sizeof *p->streams, 4);
    p->capstreams = (int)cap;
    if (rc0 == TS_OK) p->streams[p->nstreams++] = s;
    pthread_mutex_unlock(&p->mu);
    if (rc0 != TS_OK) {
        ts_pipe_free(s->pipe);
        free(s);
        return oom(src, err);
    }
    struct decoder d = {p, s, scan, ctx, {0}, 0};
    int rc = ts_pipe_decode(s->pipe, src, on_run, &d, err);
    /* Help with what is still queued, then wait for the blocks others hold:
     * their buffers are the pipe's. */
    pthread_mutex_lock(&p->mu);
    serve(p, s, scan, ctx);
    if (d.tailing) {
        s->blocks[s->n] = d.tail; /* on_run made room for it */
        s->blocks[s->n].state = TS_POOL_DONE;
        s->blocks[s->n].epoch0 = s->epochs;
        s->n++;
    }
    const int src_rc = s->rc;
    pthread_mutex_unlock(&p->mu);
    ts_pipe_free(s->pipe);
    s->pipe = NULL;
    if (!src_rc || (rc != TS_OK && rc != TS_ESTOP)) return rc;
    return src_rc == TS_ENOMEM ? oom(src, err) : src_rc;
}

void ts_pool_help(struct ts_pool *p, ts_pool_scan_fn scan, void *ctx)
{
    pthread_mutex_lock(&p->mu);
    serve(p, NULL, scan, ctx);
    pthread_mutex_unlock(&p->mu);
}

uint32_t ts_pool_epoch0(struct ts_pool *p, const struct ts_pool_block *b)
{
    /* The blocks before b not done yet are counted, not waited for: their
     * bytes stay in the ring until they are (complete). */
    pthread_mutex_lock(&p->mu);
    struct ts_pool_stream *s = b->stream;
    uint32_t n = s->epochs;
    for (size_t k = s->done; k < b->b; k++) {
        struct ts_pool_block *x = &s->blocks[k];
        if (x->state != TS_POOL_DONE && !x->counted) {
            x->banners = ts_banners_in(x->run.p, x->run.n);
            x->counted = 1;
        }
        n += x->state == TS_POOL_DONE ? x->epochs : x->banners;
    }
    pthread_mutex_unlock(&p->mu);
    return n;
}

/* Slot of id in o->index: ids below max_id, then the tails' ids. */
static size_t id_slot(const struct ts_pool *p, uint64_t id)
{
    return (size_t)(id < p->max_id ? id : p->next_id + (id - p->max_id));
}

int ts_pool_order(const struct ts_pool *p, struct ts_pool_order *o)
{
    memset(o, 0, sizeof *o);
    size_t nb = 0;
    for (int i = 0; i < p->nstreams; i++) nb += p->streams[i]->n;
    const struct ts_pool_stream **of = calloc((size_t)p->nunits + 1, sizeof *of);
    o->at = malloc(((size_t)p->nunits + nb + 1) * sizeof *o->at);
    o->index = malloc((id_slot(p, p->tail_id) + 1) * sizeof *o->index);
    if (!of || !o->at || !o->index) {
        free(of);
        ts_pool_order_free(o);
        return TS_ENOMEM;
    }
    for (int i = 0; i < p->nstreams; i++) of[p->streams[i]->unit] = p->streams[i];
    for (int i = 0; i < p->nunits; i++) {
        for (size_t j = 0; of[i] && j < of[i]->n; j++) {
            o->index[id_slot(p, of[i]->blocks[j].id)] = o->n;
            o->at[o->n++] = (struct ts_pool_place){i, &of[i]->blocks[j]};
        }
        o->index[i] = o->n;
        o->at[o->n++] = (struct ts_pool_place){i, NULL};
    }
    free(of);
    return TS_OK;
}

uint64_t ts_pool_index(const struct ts_pool *p, const struct ts_pool_order *o, uint64_t id)
{
    return o->index[id_slot(p, id)];
}

void ts_pool_order_free(struct ts_pool_order *o)
{
    free(o->at);
    free(o->index);
    memset(o, 0, sizeof *o);
}
