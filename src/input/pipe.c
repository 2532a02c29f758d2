/* pipe.c — see pipe.h.
 *
 * The decoder writes straight into one of the ring's block buffers (the
 * line sink rotates through them, input.h) and hands each run of lines on
 * as a pointer into its buffer: nothing is copied but the partial last line
 * of a block. A buffer is handed out again only when no run pointing into
 * it is still held. zstd decodes into a ring of its own instead (zring.h):
 * its runs are handed on in place too, and before writing over them the
 * decoder waits until the runs delivered so far are all back. Scanners give
 * runs back out of order (agg/pool.c), so "back" is tracked per run: the
 * wait is for the prefix of runs with none missing. Runs from elsewhere (a
 * cut over-long line is delivered from the sink's own scratch) are copied,
 * which is rare. Blocks are small
 * (256 KiB) so a block is still in cache when a scanning core reads it. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "input/pipe.h"

struct ts_pipe {
    pthread_mutex_t mu;
    pthread_cond_t freed; /* a buffer was released, or stop */
    unsigned char **buf;
    int *busy; /* runs held that point into buf[i] */
    int nbuf;
    int cur;   /* the buffer the sink writes into */
    size_t bufsize;
    int stop;
    int oom;
    const unsigned char *held_lo, *held_hi; /* the zstd ring: runs there stay in place */
    unsigned long long delivered;           /* runs handed to fn so far */
    unsigned long long taken;               /* runs 0..taken-1 are all back */
    unsigned char *back;                    /* back[s & (cap-1)]: run s is back */
    size_t cap;                             /* a power of two > delivered - taken */
    struct ts_input_opts o;
    ts_pipe_fn fn;
    void *ctx;
};

static unsigned char *rotate(void *ctx)
{
    struct ts_pipe *r = ctx;
    pthread_mutex_lock(&r->mu);
    /* The first free buffer after the current one: scanners may finish
     * their runs out of order (agg/pool.c). */
    int next = -1;
    while (!r->stop && next < 0) {
        for (int k = 1; k < r->nbuf && next < 0; k++)
            if (!r->busy[(r->cur + k) % r->nbuf]) next = (r->cur + k) % r->nbuf;
        if (next < 0) pthread_cond_wait(&r->freed, &r->mu);
    }
    unsigned char *b = r->stop ? NULL : r->buf[next];
    if (b) r->cur = next;
    pthread_mutex_unlock(&r->mu);
    return b;
}

/* Decoding thread only, like deliver's reading of held_lo/hi: no lock. */
static void hold(void *ctx, const unsigned char *lo, const unsigned char *hi)
{
    struct ts_pipe *r = ctx;
    r->held_lo = lo;
    r->held_hi = hi;
}

static int wait_back(void *ctx, unsigned long long n)
{
    struct ts_pipe *r = ctx;
    pthread_mutex_lock(&r->mu);
    while (r->taken < n && !r->stop) pthread_cond_wait(&r->freed, &r->mu);
    const int stop = r->stop;
    pthread_mutex_unlock(&r->mu);
    return stop;
}

/* Makes room to note run seq as outstanding; under mu. The entries of runs
 * taken..seq-1 move to their slots in the larger array. */
static int note_out(struct ts_pipe *r, unsigned long long seq)
{
    if (seq - r->taken >= r->cap) {
        const size_t cap = r->cap ? r->cap * 2 : 64;
        unsigned char *b = calloc(cap, 1);
        if (!b) return TS_ENOMEM;
        for (unsigned long long s = r->taken; s < seq; s++) b[s & (cap - 1)] = r->back[s & (r->cap - 1)];
        free(r->back);
        r->back = b;
        r->cap = cap;
    }
    r->back[seq & (r->cap - 1)] = 0;
    r->delivered = seq + 1;
    return TS_OK;
}

/* The sink's consumer during ts_pipe_decode: pins the run's buffer (or
 * copies the run) and hands it to fn. */
static int deliver(void *ctx, const unsigned char *p, size_t n)
{
    struct ts_pipe *r = ctx;
    struct ts_pipe_run run = {p, n, -1, NULL, r->delivered};
    const unsigned char *b = r->buf[r->cur]; /* only the decoding thread moves cur */
    const int in_ring = p >= r->held_lo && p + n <= r->held_hi;
    const int in_buf = !in_ring && p >= b && p + n <= b + r->bufsize;
    if (!in_ring && !in_buf) {
        if (!(run.own = malloc(n))) {
            r->oom = 1;
            return 1;
        }
        memcpy(run.own, p, n);
        run.p = run.own;
    }
    pthread_mutex_lock(&r->mu);
    const int rc = note_out(r, run.seq);
    if (rc == TS_OK && in_buf) {
        run.buf = r->cur;
        r->busy[run.buf]++;
    }
    pthread_mutex_unlock(&r->mu);
    if (rc != TS_OK) {
        free(run.own);
        r->oom = 1;
        return 1;
    }
    return r->fn(r->ctx, &run) != 0;
}

void ts_pipe_free(struct ts_pipe *r)
{
    if (!r) return;
    for (int i = 0; r->buf && i < r->nbuf; i++) free(r->buf[i]);
    free(r->buf);
    free(r->busy);
    free(r->back);
    pthread_cond_destroy(&r->freed);
    pthread_mutex_destroy(&r->mu);
    free(r);
}

int ts_pipe_new(struct ts_pipe **pp, const struct ts_input_opts *o, int nbuf)
{
    TS_ASSERT(nbuf >= 2);
    *pp = NULL;
    struct ts_pipe *r = calloc(1, sizeof *r);
    if (!r) return TS_ENOMEM;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->freed, NULL);
    if (o) r->o = *o;
    r->o.rotate = rotate;
    r->o.rotate_ctx = r;
    r->o.hold = hold;
    r->o.wait = wait_back;
    r->nbuf = nbuf;
    r->cur = nbuf - 1; /* the first rotation hands out buf[0] */
    r->bufsize = ts_input_block(&r->o) + TS_MAX_LINE + 1;
    int ok = (r->buf = calloc((size_t)nbuf, sizeof *r->buf)) && (r->busy = calloc((size_t)nbuf, sizeof *r->busy));
    for (int i = 0; ok && i < nbuf; i++) ok = (r->buf[i] = malloc(r->bufsize)) != NULL;
    if (!ok) {
        ts_pipe_free(r);
        return TS_ENOMEM;
    }
    *pp = r;
    return TS_OK;
}

int ts_pipe_decode(struct ts_pipe *r, struct ts_input *src, ts_pipe_fn fn, void *ctx, struct ts_err *err)
{
    r->fn = fn;
    r->ctx = ctx;
    int rc = ts_input_read_all(src, &r->o, deliver, r, err);
    if (r->oom) {
        ts_err_set(err, TS_ENOMEM, 0, ts_input_path(src), "out of memory");
        rc = TS_ENOMEM;
    }
    return rc;
}

void ts_pipe_release(struct ts_pipe *r, const struct ts_pipe_run *run)
{
    free(run->own);
    pthread_mutex_lock(&r->mu);
    int wake = run->buf >= 0 && --r->busy[run->buf] == 0;
    r->back[run->seq & (r->cap - 1)] = 1;
    while (r->taken < r->delivered && r->back[r->taken & (r->cap - 1)]) {
        r->back[r->taken & (r->cap - 1)] = 0;
        r->taken++;
        wake = 1;
    }
    if (wake) pthread_cond_broadcast(&r->freed);
    pthread_mutex_unlock(&r->mu);
}

void ts_pipe_stop(struct ts_pipe *r)
{
    pthread_mutex_lock(&r->mu);
    r->stop = 1;
    pthread_cond_broadcast(&r->freed);
    pthread_mutex_unlock(&r->mu);
}

/* ---- ts_pipe_read: one producer thread, the caller consumes ---- */

#define NBUF 8
#define NMSG 64

struct queue {
    struct ts_pipe *r; /* its mu guards the queue too */
    pthread_cond_t can_get, room;
    struct ts_pipe_run q[NMSG];
    int head, tail, count;
    int done; /* producer finished, with rc and err */
    int rc;
    struct ts_input *src;
    struct ts_err err;
};

static int enqueue(void *ctx, const struct ts_pipe_run *run)
{
    struct queue *q = ctx;
    struct ts_pipe *r = q->r;
    pthread_mutex_lock(&r->mu);
    while (q->count == NMSG && !r->stop) pthread_cond_wait(&q->room, &r->mu);
    const int stop = r->stop;
    if (!stop) {
        q->q[q->head] = *run;
        q->head = (q->head + 1) % NMSG;
        q->count++;
        pthread_cond_signal(&q->can_get);
    }
    pthread_mutex_unlock(&r->mu);
    if (stop) ts_pipe_release(r, run);
    return stop;
}

static void *produce(void *arg)
{
    struct queue *q = arg;
    const int rc = ts_pipe_decode(q->r, q->src, enqueue, q, &q->err);
    pthread_mutex_lock(&q->r->mu);
    q->rc = rc;
    q->done = 1;
    pthread_cond_signal(&q->can_get);
    pthread_mutex_unlock(&q->r->mu);
    return NULL;
}

int ts_pipe_read(struct ts_input *src, const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx, struct ts_err *err)
{
    struct queue q = {.src = src};
    if (ts_pipe_new(&q.r, o, NBUF) != TS_OK) return TS_ENOMEM;
    struct ts_pipe *r = q.r;
    pthread_cond_init(&q.can_get, NULL);
    pthread_cond_init(&q.room, NULL);
    pthread_t t;
    int rc;
    if (pthread_create(&t, NULL, produce, &q) != 0) {
        rc = ts_input_read_all(src, o, fn, ctx, err); /* no thread: read inline */
    } else {
        int stopped = 0;
        for (;;) {
            pthread_mutex_lock(&r->mu);
            while (q.count == 0 && !q.done) pthread_cond_wait(&q.can_get, &r->mu);
            if (q.count == 0) {
                pthread_mutex_unlock(&r->mu);
                break;
            }
            const struct ts_pipe_run m = q.q[q.tail];
            q.tail = (q.tail + 1) % NMSG;
            q.count--;
            pthread_cond_signal(&q.room);
            pthread_mutex_unlock(&r->mu);
            if (!stopped && fn(ctx, m.p, m.n) != 0) {
                stopped = 1;
                ts_pipe_stop(r);
                pthread_mutex_lock(&r->mu);
                pthread_cond_broadcast(&q.room);
                pthread_mutex_unlock(&r->mu);
            }
            ts_pipe_release(r, &m);
        }
        pthread_join(t, NULL);
        rc = q.rc;
        if (rc != TS_OK && rc != TS_ESTOP) *err = q.err;
        if (stopped && rc != TS_ENOMEM) rc = TS_ESTOP;
    }
    pthread_cond_destroy(&q.can_get);
    pthread_cond_destroy(&q.room);
    ts_pipe_free(r);
    return rc;
}
