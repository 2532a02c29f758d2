/* run.c — see run.h. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "agg/banners.h"
#include "agg/conns.h"
#include "agg/run.h"
#include "agg/sesslog.h"
#include "input/pipe.h"
#include "input/walk.h"

struct plan {
    struct ts_run *r;
    const struct ts_run_opts *o;
    ts_err_fn on_err;
    void *ctx;
    int rc; /* fatal */
};

const char *ts_run_ref_source_name(int source)
{
    static const char *const names[] = {"option", "name", "mtime", "today"};
    return source >= 0 && source < 4 ? names[source] : "?";
}

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

/* Splits a large plain file into ranges. The file is opened only to find
 * the line starts and closed again: it is reopened when its first range
 * starts (see slots). f->path, not the walk's path, is what the input
 * keeps: the walk's buffer is gone once the walk ends. 0 if it was not
 * split (compressed, too small after all, or it failed: it is then read
 * whole, which reports why). */
static int split(struct plan *pl, struct ts_run_file *f, int idx, long long size)
{
    const size_t minp = pl->o->min_part ? pl->o->min_part : ((size_t)32 << 20);
    if (pl->o->threads < 2 || size <= 0 || size < 2 * (long long)minp) return 0;
    struct ts_input *src = NULL;
    struct ts_err e = {0};
    if (ts_input_open(f->path, &src, &e) != TS_OK) return 0;
    long long nparts = size / (long long)minp;
    if (nparts > 4LL * pl->o->threads) nparts = 4LL * pl->o->threads;
    long long *b = NULL;
    int done = 0;
    if (ts_input_splittable(src) && ts_input_size(src) == size) {
        if (!(b = malloc((size_t)(nparts + 1) * sizeof *b))) pl->rc = TS_ENOMEM;
        else if (ts_input_split(src, (int)nparts, b, &e) == TS_OK) done = 1;
    }
    ts_input_close(src);
    for (long long i = 0; done && i < nparts; i++)
        if (push_unit(pl->r, idx, b[i], b[i + 1])) pl->rc = TS_ENOMEM;
    if (done) {
        f->size = size;
        f->left = (int)nparts;
    }
    free(b);
    return done || pl->rc;
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
    if (pl->o->have_ref) {
        f->ref = pl->o->ref;
        f->ref_source = TS_REF_OPTION;
    } else if (ts_day_ref_from_name(path, &f->ref) == 0) {
        f->ref_source = TS_REF_NAME;
    } else if (have_st) {
        ts_day_ref_from_time((long long)st.st_mtime, &f->ref);
        f->ref_source = TS_REF_MTIME;
    } else {
        f->ref = pl->o->today;
        f->ref_source = TS_REF_TODAY;
    }

    const long long size = have_st && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    if (!split(pl, f, idx, size) && push_unit(r, idx, 0, -1)) pl->rc = TS_ENOMEM;
}

/* A few names of what the walk skipped, for --stats; specials also get a
 * notice now (code TS_OK: the run is not partial for them). */
static void on_skip(void *ctx, const char *path, enum ts_walk_skip why)
{
    struct plan *pl = ctx;
    struct ts_run *r = pl->r;
    r->skipped[why]++;
    if (r->nskipnames < TS_RUN_SKIPNAMES) {
        char *name = strdup(path);
        if (name) r->skipnames[r->nskipnames++] = name;
    }
    if (why != TS_WALK_SEEN && pl->on_err) {
        struct ts_err e;
        ts_walk_notice(&e, path, why);
        pl->on_err(pl->ctx, &e);
    }
}

static void on_walk_err(void *ctx, const struct ts_err *e)
{
    struct plan *pl = ctx;
    pl->r->partial = 1;
    if (pl->on_err) pl->on_err(pl->ctx, e);
}

/* Files open at once are bounded whatever -j and the number of inputs: a
 * unit takes a slot to open its file, a split file holds one slot from
 * its first range's start to its last range's end. Units are handed out
 * in order, so a worker that needs a slot holds none, and every open file
 * has a range being read or next in line: the slots always come back. */
struct slots {
    pthread_mutex_t mu;
    pthread_cond_t freed;
    int open, max;
};

static void slots_init(struct slots *sl)
{
    pthread_mutex_init(&sl->mu, NULL);
    pthread_cond_init(&sl->freed, NULL);
    sl->open = 0;
    struct rlimit rl;
    /* half the descriptor limit: the rest is for the output, stdio and
     * whatever the caller holds */
    long long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (long long)rl.rlim_cur / 2
                                                                                        : TS_RUN_MAXOPEN;
    sl->max = max < 1 ? 1 : max > TS_RUN_MAXOPEN ? TS_RUN_MAXOPEN : (int)max;
}

static void slots_free(struct slots *sl)
{
    pthread_cond_destroy(&sl->freed);
    pthread_mutex_destroy(&sl->mu);
}

/* Opens path in a slot. The open itself runs unlocked: a FIFO operand
 * blocks in open() and in sniffing until its writer comes, and must not
 * hold up the other workers. A descriptor limit reached anyway (the
 * caller's own files) waits for another slot to be given back. */
static int slot_open(struct slots *sl, const char *path, struct ts_input **src, struct ts_err *err)
{
    pthread_mutex_lock(&sl->mu);
    for (;;) {
        while (sl->open >= sl->max) pthread_cond_wait(&sl->freed, &sl->mu);
        sl->open++;
        pthread_mutex_unlock(&sl->mu);
        const int rc = ts_input_open(path, src, err);
        pthread_mutex_lock(&sl->mu);
        if (rc == TS_OK) break;
        sl->open--;
        pthread_cond_broadcast(&sl->freed);
        if (!(err->sys == EMFILE || err->sys == ENFILE) || sl->open == 0) {
            pthread_mutex_unlock(&sl->mu);
            return rc;
        }
        pthread_cond_wait(&sl->freed, &sl->mu);
    }
    pthread_mutex_unlock(&sl->mu);
    return TS_OK;
}

static void slot_close(struct slots *sl, struct ts_input *src)
{
    ts_input_close(src);
    pthread_mutex_lock(&sl->mu);
    sl->open--;
    pthread_cond_broadcast(&sl->freed);
    pthread_mutex_unlock(&sl->mu);
}

/* The open source for range unit u: the file's first range to start opens
 * it, the others wait for that and share it. */
static int range_open(struct slots *sl, struct ts_run_file *f, struct ts_run_unit *u)
{
    pthread_mutex_lock(&sl->mu);
    while (f->opening) pthread_cond_wait(&sl->freed, &sl->mu);
    int rc = f->open_rc;
    if (!f->src && !rc) {
        f->opening = 1;
        pthread_mutex_unlock(&sl->mu);
        struct ts_input *src = NULL;
        rc = slot_open(sl, f->path, &src, &f->err);
        if (rc == TS_OK && (!ts_input_splittable(src) || ts_input_size(src) < f->size)) {
            ts_err_set(&f->err, TS_ETRUNC, 0, f->path, "file shrank or changed while being read");
            rc = TS_ETRUNC;
        }
        pthread_mutex_lock(&sl->mu);
        f->src = src;
        f->open_rc = rc;
        f->opening = 0;
        pthread_cond_broadcast(&sl->freed);
    } else if (rc) {
        u->repeat = 1; /* the file's first unit to fail says why */
    }
    if (rc) u->err = f->err;
    pthread_mutex_unlock(&sl->mu);
    return rc;
}

/* Range unit done: the file's last one gives its slot back. */
static void range_done(struct slots *sl, struct ts_run_file *f)
{
    pthread_mutex_lock(&sl->mu);
    struct ts_input *last = --f->left == 0 ? f->src : NULL;
    if (last) f->src = NULL;
    pthread_mutex_unlock(&sl->mu);
    if (last) slot_close(sl, last);
}

struct worker {
    struct ts_run *r;
    const struct ts_run_opts *o;
    const struct ts_prefilter *pf;
    atomic_int *next;
    struct slots *slots;
    int spare_cores; /* more threads than units: pipelines may use them */
    int attributing; /* a thread attributes this worker's pending counters */
    int spool;       /* index of ev in r->spools */
    struct ts_scanner sc;
    struct ts_agg agg;
    struct ts_agg conns;
    struct ts_events *ev; /* this thread's spool, NULL unless events are wanted */
    struct ts_sesslog *slog; /* session events, NULL unless wanted; handed to the run */
    int cur;              /* the current unit */
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
        struct ts_event e = {line, L->weight, L->cls, day, L->time, host, L->pid, L->conn, L->instance,
                          L->peer, L->port, L->serial, L->tag, L->d1, L->d2,
                             L->run.n ? L->run : L->pid};
        rc = ts_events_add(w->ev, &e, &w->err);
        if (rc == TS_EOUT) w->rc = rc;
    }
    if (!rc && w->o->conns) rc = ts_conns_add(&w->conns, day, host, L->conn, L->cls, L->weight);
    if (!rc && w->slog) rc = ts_sesslog_add(w->slog, L, day, host, line);
    return rc;
}

static int feed(void *ctx, const unsigned char *p, size_t n)
{
    struct ts_scanner *s = ctx;
    if (s->scanned) atomic_fetch_add_explicit(s->scanned, (uint64_t)n, memory_order_relaxed);
    return ts_scan_block(s, p, n) != TS_OK;
}

/* The scanner's epoch_fn (scan.h): the restart banners before the current
 * unit. The first part of a split file to ask counts them for every part. */
static int unit_epoch0(void *ctx, uint32_t *out)
{
    struct worker *w = ctx;
    struct ts_run *r = w->r;
    const int fi = r->units[w->cur].file;
    struct ts_run_file *f = &r->files[fi];
    pthread_mutex_lock(&f->mu);
    if (!f->epochs_done) {
        int i = w->cur;
        while (i > 0 && r->units[i - 1].file == fi) i--;
        for (uint32_t n = 0; i < r->nunits && r->units[i].file == fi && f->epochs_rc == TS_OK; i++) {
            struct ts_run_unit *u = &r->units[i];
            u->epoch0 = n;
            if (i + 1 < r->nunits && r->units[i + 1].file == fi)
                f->epochs_rc = ts_banners_count(f->src, u->begin, u->end, &w->o->in, &n);
        }
        f->epochs_done = 1;
    }
    *out = r->units[w->cur].epoch0;
    const int rc = f->epochs_rc;
    pthread_mutex_unlock(&f->mu);
    return rc;
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
    s->line = s->epoch = s->epoch0 = 0;
    s->epoch0_known = u->begin <= 0;
    w->cur = ui;
    u->spool = w->spool;
    if (w->ev) u->ev_begin = u->ev_end = ts_events_size(w->ev);
    s->host = w->o->host_from_path ? ts_walk_host_of(f->path) : (ts_str){0, 0};
    if (w->slog) ts_sesslog_unit(w->slog, (uint64_t)ui);
    int rc;
    if (u->end >= 0) {
        rc = range_open(w->slots, f, u);
        if (rc == TS_OK) rc = ts_input_read_range(f->src, u->begin, u->end, &w->o->in, feed, s, &u->err);
        range_done(w->slots, f);
    } else {
        struct ts_input *src = NULL;
        rc = slot_open(w->slots, f->path, &src, &u->err);
        if (rc == TS_OK) {
            /* A lone compressed input would leave a core idle: decode it on
             * a thread of its own. */
            if (w->spare_cores && ts_input_format(src) != TS_FMT_PLAIN)
                rc = ts_pipe_read(src, &w->o->in, feed, s, &u->err);
            else
                rc = ts_input_read_all(src, &w->o->in, feed, s, &u->err);
            slot_close(w->slots, src);
        }
    }
    u->lines = s->line;
    if (w->ev) u->ev_end = ts_events_size(w->ev);
    if (rc == TS_ESTOP) rc = s->rc ? s->rc : TS_OK;
    if (rc == TS_ENOMEM || s->rc == TS_ENOMEM) {
        w->rc = TS_ENOMEM;
        ts_err_set(&w->err, TS_ENOMEM, 0, f->path, "out of memory");
    }
    if (rc == TS_EENGINE && !u->err.msg[0]) ts_err_set(&u->err, rc, 0, f->path, "Hyperscan failed while scanning");
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

/* The workers' session logs into the run, attributed against the merged
 * notes (combine done), and the sessions built. */
static int sessions(struct ts_run *r, struct worker *w, int nt)
{
    if (!(r->slogs = calloc((size_t)nt, sizeof *r->slogs))) return TS_ENOMEM;
    for (int i = 0; i < nt; i++) {
        r->slogs[r->nslogs++] = w[i].slog;
        w[i].slog = NULL;
    }
    int rc = ts_sesslog_gather(r->slogs, r->nslogs, &r->agg, &r->sev, &r->nsev, &r->spans, &r->nspans);
    return rc ? rc : ts_sessions_build(r->sev, r->nsev, r->spans, r->nspans, &r->sessions, &r->nsessions);
}

static void add_stats(struct ts_scan_stats *d, const struct ts_scan_stats *s)
{
    d->bytes += s->bytes;
    d->lines += s->lines;
    d->candidates += s->candidates;
    d->ike += s->ike;
    d->debug += s->debug;
    d->bad_time += s->bad_time;
    for (int i = 0; i < TS_NCLASS; i++) d->cls[i] += s->cls[i];
}

static int cmp_sample(const void *a, const void *b)
{
    const struct ts_scan_sample *x = a, *y = b;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Workers' samples, while there is room. */
static void gather(struct ts_scan_sample *all, int *n, const struct ts_scan_sample *s, int ns)
{
    for (int k = 0; k < ns && *n < TS_SAMPLES; k++) all[(*n)++] = s[k];
}

/* In input order, with line numbers made absolute. */
static void place(const struct ts_run *r, struct ts_scan_sample *all, int *n)
{
    qsort(all, (size_t)*n, sizeof all[0], cmp_sample);
    for (int i = 0; i < *n; i++) all[i].line += r->units[all[i].unit].base;
}

int ts_run_scan(struct ts_run *r, char *const *ops, int nops, const struct ts_run_opts *o,
                ts_err_fn on_err, void *ctx, struct ts_err *err)
{
    TS_ASSERT(o->threads >= 1 && nops >= 1);
    memset(r, 0, sizeof *r);
    ts_agg_init(&r->agg);
    r->agg.max_keys = o->max_keys;
    ts_agg_init(&r->conns);
    r->conns.max_keys = o->max_keys;
    struct plan pl = {r, o, on_err, ctx, 0};
    const struct ts_walk_cb cb = {on_path, on_walk_err, on_skip, &pl};
    ts_walk_all(ops, nops, &cb);
    if (pl.rc) {
        ts_err_set(err, pl.rc, 0, NULL, "out of memory while listing inputs");
        return pl.rc;
    }
    for (int i = 0; i < r->nfiles; i++) r->files[i].mu_ok = pthread_mutex_init(&r->files[i].mu, NULL) == 0;
    struct ts_prefilter *pf = NULL;
    if (o->prefilter) {
        struct ts_err pe = {0};
        if (ts_prefilter_new(&pf, o->prefilter, &pe) != TS_OK) snprintf(r->pf_note, sizeof r->pf_note, "%s", pe.msg);
    }
    r->prefiltered = pf != NULL;
    r->isa = ts_linewalk_isa(o->isa);

    int nt = o->threads < 1 ? 1 : o->threads;
    if (nt > r->nunits && r->nunits > 0) nt = r->nunits;
    struct worker *w = calloc((size_t)nt, sizeof *w);
    pthread_t *tid = calloc((size_t)nt, sizeof *tid);
    atomic_int next = 0;
    struct slots slots;
    slots_init(&slots);
    if (o->events && (r->spools = calloc((size_t)nt, sizeof *r->spools))) {
        r->nspools = nt;
        for (int i = 0; i < nt; i++) {
            ts_events_init(&r->spools[i]);
            if (o->events_tail) r->spools[i].cap = o->events_tail;
        }
    }
    int rc = (w && tid && (r->spools || !o->events)) ? TS_OK : TS_ENOMEM;
    int started = 0;
    for (int i = 0; i < nt && rc == TS_OK; i++) {
        w[i].r = r;
        w[i].o = o;
        w[i].next = &next;
        w[i].slots = &slots;
        w[i].spare_cores = o->threads > r->nunits;
        ts_agg_init(&w[i].agg);
        w[i].agg.max_keys = o->max_keys;
        w[i].spool = i;
        w[i].ev = o->events ? &r->spools[i] : NULL;
        w[i].sc.emit = emit;
        w[i].sc.emit_ctx = &w[i];
        w[i].sc.epoch_fn = unit_epoch0;
        w[i].sc.epoch_ctx = &w[i];
        ts_agg_init(&w[i].conns);
        w[i].conns.max_keys = o->max_keys;
        w[i].sc.scanned = o->scanned;
        if (pf && ts_prefilter_scratch_new(pf, &w[i].sc.scratch, err) == TS_OK) w[i].sc.pf = pf;
        else if (pf) rc = TS_ENOMEM;
        w[i].sc.isa = ts_linewalk_isa(o->isa);
        if (o->sessions && rc == TS_OK) {
            if ((w[i].slog = malloc(sizeof *w[i].slog))) ts_sesslog_init(w[i].slog);
            else rc = TS_ENOMEM;
        }
    }
    for (int i = 0; i < nt && rc == TS_OK; i++) {
        if (i == nt - 1 || pthread_create(&tid[i], NULL, work, &w[i]) != 0) {
            work(&w[i]); /* the calling thread takes the last share */
        } else {
            started++;
        }
    }
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
    slots_free(&slots);

    for (int i = 0; w && i < nt; i++) {
        if (rc == TS_OK && w[i].rc) {
            rc = w[i].rc;
            *err = w[i].err;
        }
        if (rc == TS_OK && o->conns) rc = ts_agg_merge(&r->conns, &w[i].conns);
        add_stats(&r->st, &w[i].sc.st);
        gather(r->samples, &r->nsamples, w[i].sc.samples, w[i].sc.nsamples);
        gather(r->bad_samples, &r->nbad_samples, w[i].sc.bad_samples, w[i].sc.nbad_samples);
        ts_prefilter_scratch_free(w[i].sc.scratch);
        ts_scan_free(&w[i].sc);
        ts_agg_free(&w[i].conns);
    }
    if (rc == TS_OK && w) rc = combine(r, w, nt, tid);
    if (rc == TS_OK && w && o->sessions) rc = sessions(r, w, nt);
    for (int i = 0; w && i < nt; i++)
        if (w[i].slog) {
            ts_sesslog_free(w[i].slog);
            free(w[i].slog);
        }
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
            if (on_err && !u->repeat) on_err(ctx, &u->err);
        }
    }
    place(r, r->samples, &r->nsamples);
    place(r, r->bad_samples, &r->nbad_samples);
    return TS_OK;
}

void ts_run_free(struct ts_run *r)
{
    for (int i = 0; i < r->nfiles; i++) {
        if (r->files[i].src) ts_input_close(r->files[i].src);
        if (r->files[i].mu_ok) pthread_mutex_destroy(&r->files[i].mu);
        free(r->files[i].path);
    }
    for (int i = 0; i < r->nspools; i++) ts_events_free(&r->spools[i]);
    free(r->spools);
    for (int i = 0; i < r->nslogs; i++) {
        ts_sesslog_free(r->slogs[i]);
        free(r->slogs[i]);
    }
    free(r->slogs);
    free(r->sev);
    free(r->spans);
    free(r->sessions);
    for (int i = 0; i < r->nskipnames; i++) free(r->skipnames[i]);
    free(r->files);
    free(r->units);
    ts_agg_free(&r->agg);
    ts_agg_free(&r->conns);
    memset(r, 0, sizeof *r);
}
