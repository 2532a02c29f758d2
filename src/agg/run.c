/* run.c — see run.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agg/conns.h"
#include "agg/run.h"
#include "input/pipe.h"
#include "input/walk.h"

struct plan {
    struct ts_run *r;
    const struct ts_run_opts *o;
    ts_run_err_fn on_err;
    void *ctx;
    int rc; /* fatal */
};

static int push_unit(struct ts_run *r, int file, long long b, long long e)
{
    if (r->nunits == r->capunits) {
        int cap = r->capunits ? r->capunits * 2 : 16;
        struct ts_run_unit *u = realloc(r->units, (size_t)cap * sizeof *u);
        if (!u) return TS_ENOMEM;
        r->units = u;
        r->capunits = cap;
    }
    struct ts_run_unit *u = &r->units[r->nunits++];
    memset(u, 0, sizeof *u);
    u->file = file;
    u->begin = b;
    u->end = e;
    return TS_OK;
}

static void on_path(void *ctx, const char *path)
{
    struct plan *pl = ctx;
    struct ts_run *r = pl->r;
    if (pl->rc) return;
    if (r->nfiles == r->capfiles) {
        int cap = r->capfiles ? r->capfiles * 2 : 16;
        struct ts_run_file *f = realloc(r->files, (size_t)cap * sizeof *f);
        if (!f) {
            pl->rc = TS_ENOMEM;
            return;
        }
        r->files = f;
        r->capfiles = cap;
    }
    struct ts_run_file *f = &r->files[r->nfiles];
    memset(f, 0, sizeof *f);
    if (!(f->path = strdup(path))) {
        pl->rc = TS_ENOMEM;
        return;
    }
    const int idx = r->nfiles++;

    struct stat st;
    int have_st = strcmp(path, "-") != 0 && stat(path, &st) == 0;
    if (pl->o->have_ref) f->ref = pl->o->ref;
    else if (ts_day_ref_from_name(path, &f->ref) == 0) {
    } else if (have_st) ts_day_ref_from_time((long long)st.st_mtime, &f->ref);
    else f->ref = pl->o->today;

    long long size = have_st && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    const size_t minp = pl->o->min_part ? pl->o->min_part : ((size_t)32 << 20);
    if (pl->o->threads > 1 && size > 0 && size >= 2 * (long long)minp) {
        struct ts_err e = {0};
        if (ts_input_open(path, &f->src, &e) == TS_OK && ts_input_splittable(f->src)) {
            long long nparts = size / (long long)minp;
            if (nparts > 4LL * pl->o->threads) nparts = 4LL * pl->o->threads;
            long long *b = malloc((size_t)(nparts + 1) * sizeof *b);
            if (!b) {
                pl->rc = TS_ENOMEM;
                return;
            }
            if (ts_input_split(f->src, (int)nparts, b, &e) == TS_OK) {
                for (long long i = 0; i < nparts; i++)
                    if (push_unit(r, idx, b[i], b[i + 1])) pl->rc = TS_ENOMEM;
                free(b);
                return;
            }
            free(b);
        }
        /* Not splittable after all (compressed, or it changed): read it whole. */
        if (f->src) ts_input_close(f->src);
        f->src = NULL;
    }
    if (push_unit(r, idx, 0, -1)) pl->rc = TS_ENOMEM;
}

static void on_walk_err(void *ctx, const struct ts_err *e)
{
    struct plan *pl = ctx;
    pl->r->partial = 1;
    if (pl->on_err) pl->on_err(pl->ctx, e);
}

struct worker {
    struct ts_run *r;
    const struct ts_run_opts *o;
    const struct ts_prefilter *pf;
    atomic_int *next;
    int spare_cores; /* more threads than units: pipelines may use them */
    int attributing; /* a thread attributes this worker's pending counters */
    struct ts_scanner sc;
    struct ts_agg agg;
    struct ts_agg conns;
    struct ts_events *ev; /* the current unit's events, NULL unless wanted */
    int rc;
    struct ts_err err;
};

/* The scanner's consumer: every IKE line into this worker's aggregate and,
 * when asked for, the current unit's events and the conns counts. */
static int emit(void *ctx, const struct ts_line *L, ts_str day, ts_str host, uint64_t line)
{
    struct worker *w = ctx;
    int rc = ts_agg_emit(&w->agg, L, day, host, line);
    if (!rc && w->ev) {
        struct ts_event e = {NULL, line, L->weight, L->cls, day, L->time, host, L->pid, L->conn, L->instance,
                          L->peer, L->port, L->serial, L->tag, L->d1, L->d2};
        rc = ts_events_add(w->ev, &e);
    }
    if (!rc && w->o->conns) rc = ts_conns_add(&w->conns, day, host, L->conn, L->cls, L->weight);
    return rc;
}

static int feed(void *ctx, const unsigned char *p, size_t n)
{
    struct ts_scanner *s = ctx;
    if (s->scanned) atomic_fetch_add_explicit(s->scanned, (uint64_t)n, memory_order_relaxed);
    return ts_scan_block(s, p, n) != TS_OK;
}

static void run_unit(struct worker *w, int ui)
{
    struct ts_run *r = w->r;
    struct ts_run_unit *u = &r->units[ui];
    struct ts_run_file *f = &r->files[u->file];
    struct ts_scanner *s = &w->sc;
    s->file = u->file;
    s->unit = (uint64_t)ui;
    s->ref = f->ref;
    s->line = 0;
    w->ev = w->o->events ? &u->ev : NULL;
    int rc;
    if (u->end >= 0) {
        rc = ts_input_read_range(f->src, u->begin, u->end, &w->o->in, feed, s, &u->err);
    } else {
        struct ts_input *src = NULL;
        rc = ts_input_open(f->path, &src, &u->err);
        if (rc == TS_OK) {
            /* A lone compressed input would leave a core idle: decode it on
             * a thread of its own. */
            if (w->spare_cores && ts_input_format(src) != TS_FMT_PLAIN)
                rc = ts_pipe_read(src, &w->o->in, feed, s, &u->err);
            else
                rc = ts_input_read_all(src, &w->o->in, feed, s, &u->err);
            ts_input_close(src);
        }
    }
    u->lines = s->line;
    if (rc == TS_ESTOP) rc = s->rc ? s->rc : TS_OK;
    if (rc == TS_ENOMEM || s->rc == TS_ENOMEM) {
        w->rc = TS_ENOMEM;
        ts_err_set(&w->err, TS_ENOMEM, 0, f->path, "out of memory");
    }
    u->rc = rc;
    if (rc != TS_OK && !u->err.path) u->err.path = f->path;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    for (;;) {
        int i = atomic_fetch_add(w->next, 1);
        if (i >= w->r->nunits || w->rc) break;
        run_unit(w, i);
    }
    return NULL;
}

static void *attribute(void *arg)
{
    struct worker *w = arg;
    w->rc = ts_agg_attribute(&w->agg, &w->r->agg);
    return NULL;
}

/* The workers' aggregates into r->agg, finished. Peerless lines are
 * attributed against everyone's notes, each worker its own, in parallel:
 * on a large input this was the longest serial step (agg.h). */
static int combine(struct ts_run *r, struct worker *w, int nt, pthread_t *tid)
{
    ts_agg_free(&r->agg);
    ts_agg_move(&r->agg, &w[0].agg); /* no copy for the first (often only) worker */
    int rc = TS_OK;
    for (int i = 1; i < nt && rc == TS_OK; i++) rc = ts_agg_merge_notes(&r->agg, &w[i].agg);
    if (rc != TS_OK) return rc;
    for (int i = 1; i < nt; i++) {
        w[i].rc = TS_OK;
        w[i].attributing = pthread_create(&tid[i], NULL, attribute, &w[i]) == 0;
    }
    rc = ts_agg_attribute(&r->agg, &r->agg);
    for (int i = 1; i < nt; i++) {
        if (w[i].attributing) pthread_join(tid[i], NULL);
        else attribute(&w[i]);
        if (rc == TS_OK) rc = w[i].rc;
    }
    for (int i = 1; i < nt && rc == TS_OK; i++) rc = ts_agg_merge_rows(&r->agg, &w[i].agg);
    if (rc == TS_OK) ts_agg_count_overflow(&r->agg);
    return rc;
}

static void add_stats(struct ts_scan_stats *d, const struct ts_scan_stats *s)
{
    d->bytes += s->bytes;
    d->lines += s->lines;
    d->candidates += s->candidates;
    d->ike += s->ike;
    d->debug += s->debug;
    for (int i = 0; i < TS_NCLASS; i++) d->cls[i] += s->cls[i];
}

static int cmp_sample(const void *a, const void *b)
{
    const struct ts_scan_sample *x = a, *y = b;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

int ts_run_scan(struct ts_run *r, char *const *ops, int nops, const struct ts_run_opts *o,
                ts_run_err_fn on_err, void *ctx, struct ts_err *err)
{
    memset(r, 0, sizeof *r);
    ts_agg_init(&r->agg);
    r->agg.max_keys = o->max_keys;
    ts_agg_init(&r->conns);
    r->conns.max_keys = o->max_keys;
    struct plan pl = {r, o, on_err, ctx, 0};
    for (int i = 0; i < nops && !pl.rc; i++) ts_walk(ops[i], on_path, on_walk_err, &pl);
    if (pl.rc) {
        ts_err_set(err, pl.rc, 0, NULL, "out of memory while listing inputs");
        return pl.rc;
    }
    /* The unit array moved while it grew: event lists point into their
     * units, so they are set up only now. */
    for (int i = 0; i < r->nunits; i++) ts_events_init(&r->units[i].ev);

    struct ts_prefilter *pf = NULL;
    if (o->prefilter) {
        struct ts_err pe = {0};
        if (ts_prefilter_new(&pf, &pe) != TS_OK) snprintf(r->pf_note, sizeof r->pf_note, "%s", pe.msg);
    }
    r->prefiltered = pf != NULL;
    r->isa = ts_linewalk_isa(o->isa);

    int nt = o->threads < 1 ? 1 : o->threads;
    if (nt > r->nunits && r->nunits > 0) nt = r->nunits;
    struct worker *w = calloc((size_t)nt, sizeof *w);
    pthread_t *tid = calloc((size_t)nt, sizeof *tid);
    atomic_int next = 0;
    int rc = (w && tid) ? TS_OK : TS_ENOMEM;
    int started = 0;
    for (int i = 0; i < nt && rc == TS_OK; i++) {
        w[i].r = r;
        w[i].o = o;
        w[i].next = &next;
        w[i].spare_cores = o->threads > r->nunits;
        ts_agg_init(&w[i].agg);
        w[i].agg.max_keys = o->max_keys;
        w[i].sc.emit = emit;
        w[i].sc.emit_ctx = &w[i];
        ts_agg_init(&w[i].conns);
        w[i].conns.max_keys = o->max_keys;
        w[i].sc.scanned = o->scanned;
        if (pf && ts_prefilter_scratch_new(pf, &w[i].sc.scratch, err) == TS_OK) w[i].sc.pf = pf;
        else if (pf) rc = TS_ENOMEM;
        w[i].sc.isa = ts_linewalk_isa(o->isa);
    }
    for (int i = 0; i < nt && rc == TS_OK; i++) {
        if (i == nt - 1 || pthread_create(&tid[i], NULL, work, &w[i]) != 0) {
            work(&w[i]); /* the calling thread takes the last share */
        } else {
            started++;
        }
    }
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);

    for (int i = 0; w && i < nt; i++) {
        if (rc == TS_OK && w[i].rc) {
            rc = w[i].rc;
            *err = w[i].err;
        }
        if (rc == TS_OK && o->conns) rc = ts_agg_merge(&r->conns, &w[i].conns);
        add_stats(&r->st, &w[i].sc.st);
        for (int k = 0; k < w[i].sc.nsamples; k++)
            if (r->nsamples < TS_SAMPLES) r->samples[r->nsamples++] = w[i].sc.samples[k];
        ts_prefilter_scratch_free(w[i].sc.scratch);
        ts_scan_free(&w[i].sc);
        ts_agg_free(&w[i].conns);
    }
    if (rc == TS_OK && w) rc = combine(r, w, nt, tid);
    for (int i = 0; w && i < nt; i++) ts_agg_free(&w[i].agg);
    free(w);
    free(tid);
    ts_prefilter_free(pf);
    if (rc != TS_OK) {
        if (!err->code) ts_err_set(err, rc, 0, NULL, "out of memory");
        return rc;
    }

    /* Place units: line numbers continue across the ranges of one file. */
    uint64_t base = 0;
    for (int i = 0; i < r->nunits; i++) {
        struct ts_run_unit *u = &r->units[i];
        if (i == 0 || u->file != r->units[i - 1].file) base = 0;
        u->base = base;
        base += u->lines;
        if (u->rc != TS_OK) {
            r->partial = 1;
            if (on_err) on_err(ctx, &u->err);
        }
    }
    qsort(r->samples, (size_t)r->nsamples, sizeof r->samples[0], cmp_sample);
    for (int i = 0; i < r->nsamples; i++) r->samples[i].line += r->units[r->samples[i].unit].base;
    return TS_OK;
}

void ts_run_free(struct ts_run *r)
{
    for (int i = 0; i < r->nfiles; i++) {
        if (r->files[i].src) ts_input_close(r->files[i].src);
        free(r->files[i].path);
    }
    for (int i = 0; i < r->nunits; i++) ts_events_free(&r->units[i].ev);
    free(r->files);
    free(r->units);
    ts_agg_free(&r->agg);
    ts_agg_free(&r->conns);
    memset(r, 0, sizeof *r);
}
