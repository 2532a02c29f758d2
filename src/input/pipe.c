/* pipe.c — see pipe.h.
 *
 * The producer decodes straight into one of NBUF block buffers (the line
 * sink rotates through them, input.h) and queues each run of lines as a
 * pointer into its buffer: nothing is copied but the partial last line of a
 * block. A buffer is handed out again only when no queued or running run
 * points into it. zstd decodes into a ring of its own instead (zring.h):
 * its runs are queued in place too, and the decoder waits, before writing
 * over them, until the count of runs handed back says they were scanned. Runs from elsewhere (a cut over-long line is delivered
 * from the sink's own scratch) are copied, which is rare. Blocks are small
 * (256 KiB) so a block is still in cache when the scanning core reads it. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "input/pipe.h"

#define NBUF 8
#define NMSG 64

struct msg {
    const unsigned char *p;
    size_t n;
    int buf;            /* index of the buffer p points into, or -1 */
    unsigned char *own; /* NULL, or a malloc'd copy, freed once scanned */
};

struct ring {
    pthread_mutex_t mu;
    pthread_cond_t can_put, can_get;
    unsigned char *buf[NBUF];
    size_t bufsize;
    int busy[NBUF]; /* runs queued or being scanned that point into buf[i] */
    int cur;        /* the buffer the sink writes into */
    struct msg q[NMSG];
    int head, tail, count;
    const unsigned char *held_lo, *held_hi; /* the zstd ring: runs there stay in place */
    unsigned long long taken; /* runs handed back, in the order they were put */
    int done;  /* producer finished */
    int stop;  /* consumer asked to stop */
    int oom;
    struct ts_input *src;
    struct ts_input_opts o;
    struct ts_err err;
    int rc;
};

static unsigned char *rotate(void *ctx)
{
    struct ring *r = ctx;
    pthread_mutex_lock(&r->mu);
    const int next = (r->cur + 1) % NBUF;
    while (r->busy[next] && !r->stop) pthread_cond_wait(&r->can_put, &r->mu);
    unsigned char *b = r->stop ? NULL : r->buf[next];
    if (b) r->cur = next;
    pthread_mutex_unlock(&r->mu);
    return b;
}

/* Producer side only, like put's reading of held_lo/hi: no lock. */
static void hold(void *ctx, const unsigned char *lo, const unsigned char *hi)
{
    struct ring *r = ctx;
    r->held_lo = lo;
    r->held_hi = hi;
}

static int wait_taken(void *ctx, unsigned long long n)
{
    struct ring *r = ctx;
    pthread_mutex_lock(&r->mu);
    while (r->taken < n && !r->stop) pthread_cond_wait(&r->can_put, &r->mu);
    const int stop = r->stop;
    pthread_mutex_unlock(&r->mu);
    return stop;
}

static int put(void *ctx, const unsigned char *p, size_t n)
{
    struct ring *r = ctx;
    pthread_mutex_lock(&r->mu);
    const unsigned char *b = r->buf[r->cur];
    struct msg m = {p, n, r->cur, NULL};
    if (p >= r->held_lo && p + n <= r->held_hi) {
        m.buf = -1;
    } else if (p < b || p + n > b + r->bufsize) {
        pthread_mutex_unlock(&r->mu);
        if (!(m.own = malloc(n))) {
            pthread_mutex_lock(&r->mu);
            r->oom = 1;
            pthread_mutex_unlock(&r->mu);
            return 1;
        }
        memcpy(m.own, p, n);
        m.p = m.own;
        m.buf = -1;
        pthread_mutex_lock(&r->mu);
    }
    while (r->count == NMSG && !r->stop) pthread_cond_wait(&r->can_put, &r->mu);
    if (r->stop) {
        pthread_mutex_unlock(&r->mu);
        free(m.own);
        return 1;
    }
    if (m.buf >= 0) r->busy[m.buf]++;
    r->q[r->head] = m;
    r->head = (r->head + 1) % NMSG;
    r->count++;
    pthread_cond_signal(&r->can_get);
    pthread_mutex_unlock(&r->mu);
    return 0;
}

static void *produce(void *arg)
{
    struct ring *r = arg;
    int rc = ts_input_read_all(r->src, &r->o, put, r, &r->err);
    pthread_mutex_lock(&r->mu);
    r->rc = rc;
    r->done = 1;
    pthread_cond_signal(&r->can_get);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void ring_free(struct ring *r)
{
    for (int i = 0; i < NBUF; i++) free(r->buf[i]);
    pthread_cond_destroy(&r->can_put);
    pthread_cond_destroy(&r->can_get);
    pthread_mutex_destroy(&r->mu);
    free(r);
}

int ts_pipe_read(struct ts_input *src, const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx, struct ts_err *err)
{
    struct ring *r = calloc(1, sizeof *r);
    if (!r) return TS_ENOMEM;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->can_put, NULL);
    pthread_cond_init(&r->can_get, NULL);
    r->src = src;
    if (o) r->o = *o;
    r->o.rotate = rotate;
    r->o.rotate_ctx = r;
    r->o.hold = hold;
    r->o.wait = wait_taken;
    r->cur = NBUF - 1; /* the first rotation hands out buf[0] */
    r->bufsize = ts_input_block(&r->o) + TS_MAX_LINE + 1;
    for (int i = 0; i < NBUF; i++)
        if (!(r->buf[i] = malloc(r->bufsize))) {
            ring_free(r);
            return TS_ENOMEM;
        }
    pthread_t t;
    int rc;
    if (pthread_create(&t, NULL, produce, r) != 0) {
        rc = ts_input_read_all(src, o, fn, ctx, err); /* no thread: read inline */
        ring_free(r);
        return rc;
    }
    int stopped = 0;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (r->count == 0 && !r->done) pthread_cond_wait(&r->can_get, &r->mu);
        if (r->count == 0) {
            pthread_mutex_unlock(&r->mu);
            break;
        }
        const struct msg m = r->q[r->tail];
        r->tail = (r->tail + 1) % NMSG;
        r->count--;
        pthread_mutex_unlock(&r->mu);
        if (!stopped && fn(ctx, m.p, m.n) != 0) stopped = 1;
        free(m.own);
        pthread_mutex_lock(&r->mu);
        if (m.buf >= 0) r->busy[m.buf]--;
        r->taken++;
        if (stopped) r->stop = 1;
        pthread_cond_signal(&r->can_put);
        pthread_mutex_unlock(&r->mu);
    }
    pthread_join(t, NULL);
    rc = r->rc;
    if (rc != TS_OK && rc != TS_ESTOP) *err = r->err;
    if (r->oom) {
        ts_err_set(err, TS_ENOMEM, 0, ts_input_path(src), "out of memory");
        rc = TS_ENOMEM;
    } else if (stopped) {
        rc = TS_ESTOP;
    }
    ring_free(r);
    return rc;
}
