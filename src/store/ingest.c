/* ingest.c — see ingest.h.
 *
 * A file goes through three modes as its content streams by:
 *   HEAD    its first line names the candidate streams (same head);
 *   VERIFY  the content is fingerprinted and compared with each candidate at
 *           every offset the database holds a fingerprint for; nothing is
 *           scanned. A candidate matched over its whole length switches to
 *   COUNT   everything from there on is scanned (new lines).
 * If every candidate fails, the content is new from byte 0, which has gone
 * by unscanned: the file is read a second time, counting all of it (rare:
 * a log whose first line equals another's). */
#define _GNU_SOURCE /* memrchr */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agg/conns.h"
#include "input/pipe.h"
#include "input/walk.h"
#include "store/fp.h"
#include "store/ingest.h"
#include "store/seen.h"
#include "store/streams.h"
#include "store/write.h"

/* ---- one file ------------------------------------------------------------ */

enum mode { M_HEAD, M_VERIFY, M_COUNT };

struct cand {
    const struct ts_streams_entry *k;
    size_t next; /* index of the next check */
};

struct file {
    /* set up per file */
    const char *path;
    struct ts_day_ref ref;
    int plain, force; /* force: count from 0 without looking for candidates */
    int spare;        /* more threads than files */
    struct ts_streams *ix;
    /* fingerprinting */
    struct ts_fp fp;
    uint64_t off, next_mark;
    struct ts_fp_val *marks;
    size_t nmarks, capmarks;
    /* identity */
    enum mode mode;
    uint64_t head, start;
    struct ts_streams_entry *match; /* the stream extended (COUNT), NULL: new stream */
    struct cand *cands;
    size_t ncands;
    int reread;
    /* the last line of a plain file is held until it is known to be complete */
    unsigned char *held;
    size_t nheld;
    int has_held;
    /* counting */
    struct ts_scanner *sc;  /* &scanner */
    struct ts_scanner scanner;
    struct ts_sesslog slog; /* what sessions need (SPEC §10.5), as a scan keeps it */
    struct ts_agg agg, conns;
    int rc;                 /* TS_ENOMEM */
    /* the outcome of read_file */
    struct ts_seen_id id;
    int has_id, seen;      /* seen: unchanged since an ingest read it (seen.h) */
    int frc;
    struct ts_err fe;
    uint64_t bytes;
};

static void take(struct file *f, const unsigned char *p, size_t n)
{
    while (n) {
        const size_t t = f->next_mark - f->off < n ? (size_t)(f->next_mark - f->off) : n;
        ts_fp_add(&f->fp, p, t);
        f->off += t;
        p += t;
        n -= t;
        if (f->off == f->next_mark) {
            if (f->nmarks == f->capmarks) {
                size_t cap = f->capmarks ? 2 * f->capmarks : 64;
                struct ts_fp_val *m = realloc(f->marks, cap * sizeof *m);
                if (!m) {
                    f->rc = TS_ENOMEM;
                    return;
                }
                f->marks = m;
                f->capmarks = cap;
            }
            f->marks[f->nmarks++] = ts_fp_value(&f->fp);
            f->next_mark += TS_FP_MARK;
        }
    }
}

/* The scanner's consumer: the aggregate and the conns counts as a scan
 * keeps them, plus what sessions need (SPEC §10.5). */
static int emit(void *ctx, const struct ts_line *L, ts_str day, ts_str host, uint64_t line)
{
    struct file *f = ctx;
    int rc = ts_agg_emit(&f->agg, L, day, host, line);
    if (!rc) rc = ts_conns_add(&f->conns, day, host, L->conn, L->cls, L->weight);
    if (!rc) rc = ts_sesslog_add(&f->slog, L, day, host, line);
    return rc;
}

static int count(struct file *f, const unsigned char *p, size_t n)
{
    take(f, p, n);
    if (f->sc->scanned) atomic_fetch_add_explicit(f->sc->scanned, (uint64_t)n, memory_order_relaxed);
    const int rc = ts_scan_block(f->sc, p, n);
    if (rc != TS_OK) f->rc = rc;
    return rc;
}

static void start_head(struct file *f, const unsigned char *p, size_t n)
{
    f->head = ts_fp_head(p, ts_fp_head_len(p, n));
    /* Lines with neither host nor pid are one run per input (scan.h): here
     * per stream, named by its head, so every segment and every database
     * of that content names it alike. */
    f->sc->file = (int)(f->head & 0x7fffffff);
    f->mode = M_COUNT;
    f->start = 0;
    if (f->force) return;
    for (size_t i = 0; i < f->ix->n; i++) {
        const struct ts_streams_entry *k = &f->ix->e[i];
        if (k->head != f->head || !k->nchk) continue;
        struct cand *c = realloc(f->cands, (f->ncands + 1) * sizeof *c);
        if (!c) {
            f->rc = TS_ENOMEM;
            return;
        }
        f->cands = c;
        f->cands[f->ncands++] = (struct cand){k, 0};
    }
    if (f->ncands) f->mode = M_VERIFY;
}

/* Runs of complete lines in content order (after the hold-back). Non-zero
 * stops the read. */
static int process(struct file *f, const unsigned char *p, size_t n)
{
    if (f->mode == M_HEAD) start_head(f, p, n);
    while (n && !f->rc) {
        if (f->mode == M_COUNT) return count(f, p, n) != TS_OK;
        uint64_t next = UINT64_MAX;
        for (size_t i = 0; i < f->ncands; i++)
            if (f->cands[i].k && f->cands[i].k->chk[f->cands[i].next].off < next)
                next = f->cands[i].k->chk[f->cands[i].next].off;
        const size_t t = next - f->off < n ? (size_t)(next - f->off) : n;
        take(f, p, t);
        p += t;
        n -= t;
        if (f->off != next) continue;
        const struct ts_fp_val v = ts_fp_value(&f->fp);
        struct ts_streams_entry *done = NULL;
        size_t alive = 0;
        for (size_t i = 0; i < f->ncands; i++) {
            struct cand *c = &f->cands[i];
            if (!c->k) continue;
            if (c->k->chk[c->next].off == next) {
                if (memcmp(c->k->chk[c->next].v.b, v.b, 16) != 0) {
                    c->k = NULL; /* counted part differs: not this stream */
                    continue;
                }
                if (++c->next == c->k->nchk) done = (struct ts_streams_entry *)c->k;
            }
            alive++;
        }
        if (done) {
            /* No stream is a proper prefix of another of its head (ingest
             * extends the stream it matched), so the first complete match
             * is the one. */
            f->mode = M_COUNT;
            f->start = f->off;
            f->match = done;
            f->sc->epoch0 = done->epochs; /* the banners of what was counted before */
        } else if (!alive) {
            f->reread = 1;
            return 1;
        }
    }
    return f->rc != TS_OK;
}

static int on_lines(void *ctx, const unsigned char *p, size_t n)
{
    struct file *f = ctx;
    if (f->has_held) {
        f->has_held = 0;
        if (process(f, f->held, f->nheld)) return 1;
    }
    if (!f->plain) return process(f, p, n);
    const unsigned char *q = n > 1 ? memrchr(p, '\n', n - 1) : NULL;
    const size_t keep = q ? (size_t)(q + 1 - p) : 0;
    if (keep && process(f, p, keep)) return 1;
    memcpy(f->held, p + keep, n - keep);
    f->nheld = n - keep;
    f->has_held = 1;
    return 0;
}

/* 1 when the plain file at path ends in '\n' at size (its last line is complete). */
static int ends_in_newline(const char *path, long long size)
{
    if (size <= 0) return 1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    unsigned char c = 0;
    const ssize_t r = pread(fd, &c, 1, (off_t)(size - 1));
    close(fd);
    return r == 1 && c == '\n';
}

static void file_reset(struct file *f)
{
    ts_fp_init(&f->fp);
    f->off = 0;
    f->next_mark = TS_FP_MARK;
    f->nmarks = 0;
    f->mode = M_HEAD;
    f->head = f->start = 0;
    f->match = NULL;
    f->ncands = 0;
    f->reread = 0;
    f->has_held = 0;
    f->nheld = 0;
    f->sc->line = 0;
    f->sc->epoch = f->sc->epoch0 = 0;
    f->sc->epoch0_known = 1;
    ts_sesslog_free(&f->slog);
    ts_sesslog_init(&f->slog);
    ts_agg_free(&f->agg);
    ts_agg_init(&f->agg);
    ts_agg_free(&f->conns);
    ts_agg_init(&f->conns);
}

/* Reads the file once (twice when its content turns out to be new after
 * all). Returns the read's code: TS_OK, or a per-file error in e (the
 * complete lines before it were processed), or TS_ENOMEM in f->rc. */
static int read_file(struct file *f, const struct ts_run_opts *o, struct ts_err *e)
{
    for (int pass = 0; pass < 2; pass++) {
        file_reset(f);
        f->force = pass == 1;
        struct ts_input *src = NULL;
        int rc = ts_input_open(f->path, &src, e);
        if (rc != TS_OK) return rc;
        f->plain = ts_input_format(src) == TS_FMT_PLAIN;
        const long long size = ts_input_size(src);
        f->sc->ref = f->ref;
        /* Fewer files than threads: a compressed one is decoded on a thread
         * of its own, as a scan does. */
        if (f->spare && !f->plain) rc = ts_pipe_read(src, &o->in, on_lines, f, e);
        else rc = ts_input_read_all(src, &o->in, on_lines, f, e);
        ts_input_close(src);
        if (rc == TS_ESTOP) rc = TS_OK;
        if (f->rc) return f->rc;
        if (f->reread) continue;
        /* A plain file's last line counts once it ends in a newline (after
         * a read error it may be cut: it waits for the next ingest). */
        if (f->has_held && rc == TS_OK && ends_in_newline(f->path, size)) {
            f->has_held = 0;
            process(f, f->held, f->nheld);
            if (f->rc) return f->rc;
        }
        f->bytes += f->off;
        if (f->reread) continue;
        return rc;
    }
    return TS_OK;
}

/* Adds the file's new part as a segment (of a new stream or of the one it
 * extends) and updates the in-memory streams to match. */
static int put_file(struct ts_write *w, struct ts_streams *ix, struct file *f, struct ts_err *err)
{
    /* a worker matched against the run's first view of the streams: the
     * same stream in the view being written (its head was not touched) */
    if (f->match && !(f->match = ts_streams_find(ix, f->match->id))) return TS_ENOMEM;
    /* the marks past what the stream held before */
    const size_t first_mark = f->match ? (size_t)(f->match->len / TS_FP_MARK) : 0;
    const struct ts_write_seg seg = {
        f->match ? f->match->id : 0, f->head, f->start, f->off, f->match ? f->match->lines : 0, f->sc->line,
        f->sc->epoch0 + f->sc->epoch, ts_fp_value(&f->fp), f->marks + first_mark, f->nmarks > first_mark ? f->nmarks - first_mark : 0,
        f->ref, f->path, &f->agg, &f->conns, &f->slog,
    };
    int64_t stream;
    int rc = ts_write_segment(w, &seg, &stream, err);
    if (rc != TS_OK) return rc;
    struct ts_streams_entry *k = f->match;
    if (!k) {
        if (!(k = ts_streams_push(ix))) return TS_ENOMEM;
        k->id = stream;
        k->head = f->head;
    }
    for (size_t i = first_mark; i < f->nmarks && rc == TS_OK; i++)
        rc = ts_streams_add_check(k, (i + 1) * TS_FP_MARK, f->marks[i].b);
    if (rc == TS_OK) rc = ts_streams_add_check(k, f->off, seg.end_hash.b);
    k->len = f->off;
    k->lines += f->sc->line;
    k->epochs = seg.epochs;
    return rc;
}

/* ---- the run ----------------------------------------------------------------- */

struct paths {
    char **p;
    int n, cap, rc;
    struct ts_ingest_stats *stats;
    ts_err_fn on_err;
    void *ctx;
    struct stat own[3]; /* the database and its -wal and -shm files */
    int nown;
};

/* The database itself (an archive tree may hold it): never a log. */
static int is_own(const struct paths *ps, const char *path)
{
    struct stat st;
    if (!ps->nown || stat(path, &st) != 0) return 0;
    for (int i = 0; i < ps->nown; i++)
        if (st.st_dev == ps->own[i].st_dev && st.st_ino == ps->own[i].st_ino) return 1;
    return 0;
}

static void own_files(struct paths *ps, const char *db)
{
    static const char *const ext[] = {"", "-wal", "-shm"};
    char p[4096];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", db, ext[i]);
        if (stat(p, &ps->own[ps->nown]) == 0) ps->nown++;
    }
}

static void on_path(void *ctx, const char *path)
{
    struct paths *ps = ctx;
    if (ps->rc || is_own(ps, path)) return;
    if (ps->n == ps->cap) {
        int cap = ps->cap ? 2 * ps->cap : 64;
        char **p = realloc(ps->p, (size_t)cap * sizeof *p);
        if (!p) {
            ps->rc = TS_ENOMEM;
            return;
        }
        ps->p = p;
        ps->cap = cap;
    }
    if (!(ps->p[ps->n] = strdup(path))) ps->rc = TS_ENOMEM;
    else ps->n++;
}

static void on_walk_err(void *ctx, const struct ts_err *e)
{
    struct paths *ps = ctx;
    ps->stats->failed++;
    if (ps->on_err) ps->on_err(ps->ctx, e);
}

/* A FIFO, socket or device inside a directory: a notice, as a scan gives,
 * not a failure; a file met twice is read once, silently. */
static void on_skip(void *ctx, const char *path, enum ts_walk_skip why)
{
    struct paths *ps = ctx;
    if (why == TS_WALK_SEEN || !ps->on_err) return;
    struct ts_err e;
    ts_walk_notice(&e, path, why);
    ps->on_err(ps->ctx, &e);
}

static void file_ref(const char *path, const struct ts_run_opts *o, struct ts_day_ref *ref)
{
    struct stat st;
    if (o->have_ref) *ref = o->ref;
    else if (ts_day_ref_from_name(path, ref) == 0) {
    } else if (stat(path, &st) == 0) ts_day_ref_from_time((long long)st.st_mtime, ref);
    else *ref = o->today;
}

static int file_init(struct file *f, const struct ts_prefilter *pf, const struct ts_run_opts *o)
{
    memset(f, 0, sizeof *f);
    f->sc = &f->scanner;
    f->scanner.isa = ts_linewalk_isa(o->isa);
    f->scanner.scanned = o->scanned;
    f->scanner.emit = emit;
    f->scanner.emit_ctx = f;
    ts_sesslog_init(&f->slog);
    ts_agg_init(&f->agg);
    ts_agg_init(&f->conns);
    struct ts_err pe = {0};
    if (pf && ts_prefilter_scratch_new(pf, &f->scanner.scratch, &pe) == TS_OK) f->scanner.pf = pf;
    return (f->held = malloc(TS_MAX_LINE + 2)) ? TS_OK : TS_ENOMEM;
}

static void file_free(struct file *f)
{
    if (!f->sc) return;
    file_reset(f);
    free(f->held);
    free(f->marks);
    free(f->cands);
    ts_agg_free(&f->agg);
    ts_agg_free(&f->conns);
    ts_sesslog_free(&f->slog);
    ts_prefilter_scratch_free(f->scanner.scratch);
    ts_scan_free(&f->scanner);
}

static void read_one(struct file *f, const char *path, struct ts_streams *ix, const struct ts_seen *seen,
                     const struct ts_run_opts *o)
{
    f->path = path;
    f->ix = ix;
    file_ref(path, o, &f->ref);
    f->sc->host = o->host_from_path ? ts_walk_host_of(path) : (ts_str){0, 0};
    memset(&f->fe, 0, sizeof f->fe);
    f->bytes = 0;
    f->has_id = ts_seen_id(path, &f->id) == 0;
    f->seen = f->has_id && seen && ts_seen_known(seen, &f->id);
    if (f->seen) {
        file_reset(f);
        f->frc = TS_OK;
        return;
    }
    f->frc = read_file(f, o, &f->fe);
}

/* ---- threads: workers read files, the calling thread writes in order ---- */

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int next, n, stop;
    struct file **done; /* done[i]: file i read, waiting to be written */
    char **paths;
    struct ts_streams *view; /* the streams as the run began (read only) */
    const struct ts_seen *seen;
    const struct ts_run_opts *o;
};

struct worker {
    struct pool *p;
    struct file f;
    pthread_t tid;
    int started;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    struct pool *p = w->p;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        const int i = p->stop || p->next >= p->n ? -1 : p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i < 0) break;
        read_one(&w->f, p->paths[i], p->view, p->seen, p->o);
        pthread_mutex_lock(&p->mu);
        p->done[i] = &w->f;
        pthread_cond_broadcast(&p->cv);
        while (p->done[i] && !p->stop) pthread_cond_wait(&p->cv, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
    return NULL;
}

int ts_ingest(struct ts_db *db, char *const *ops, int nops, const struct ts_run_opts *o, ts_err_fn on_err,
              void *ctx, struct ts_ingest_stats *stats, struct ts_err *err)
{
    memset(stats, 0, sizeof *stats);
    struct paths ps = {NULL, 0, 0, 0, stats, on_err, ctx, {{0}}, 0};
    own_files(&ps, db->path);
    const struct ts_walk_cb cb = {on_path, on_walk_err, on_skip, &ps};
    ts_walk_all(ops, nops, &cb);
    struct ts_streams ix = {0}, view = {0};
    struct ts_seen seen = {0};
    struct ts_write w = {0};
    struct ts_prefilter *pf = NULL;
    struct file mainf = {0};
    const int nw = o->threads > 1 && ps.n > 1 ? (o->threads < ps.n ? o->threads : ps.n) : 0;
    struct worker *wk = nw ? calloc((size_t)nw, sizeof *wk) : NULL;
    struct pool pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, ps.n, 0,
                        calloc((size_t)ps.n + 1, sizeof(struct file *)), ps.p, &view, &seen, o};
    uint64_t *touched = calloc((size_t)ps.n + 1, sizeof *touched); /* heads written in this run */
    size_t ntouched = 0;
    int rc = ps.rc ? ps.rc : (pool.done && touched && (wk || !nw)) ? TS_OK : TS_ENOMEM;
    if (rc == TS_OK) rc = ts_db_begin(db, err);
    const int began = rc == TS_OK;
    if (rc == TS_OK) rc = ts_streams_load(db, "main", &ix, err);
    if (rc == TS_OK) rc = ts_seen_load(db, &seen, err);
    if (rc == TS_OK && nw) rc = ts_streams_load(db, "main", &view, err);
    if (rc == TS_OK) rc = ts_write_init(&w, db, err);
    if (rc == TS_OK && o->prefilter) {
        struct ts_err pe = {0};
        if (ts_prefilter_new(&pf, o->prefilter, &pe) != TS_OK) pf = NULL;
    }
    if (rc == TS_OK) rc = file_init(&mainf, pf, o);
    mainf.spare = o->threads > ps.n;
    for (int i = 0; i < nw && rc == TS_OK; i++) {
        wk[i].p = &pool;
        rc = file_init(&wk[i].f, pf, o);
        wk[i].f.spare = o->threads > ps.n;
        if (rc == TS_OK) wk[i].started = pthread_create(&wk[i].tid, NULL, work, &wk[i]) == 0;
    }
    for (int i = 0; i < ps.n && rc == TS_OK; i++) {
        struct file *f = &mainf;
        if (nw) {
            pthread_mutex_lock(&pool.mu);
            while (!pool.done[i]) pthread_cond_wait(&pool.cv, &pool.mu);
            f = pool.done[i];
            pthread_mutex_unlock(&pool.mu);
            /* Read against the streams as the run began: when this run has
             * written a stream of the same head since, read it again. */
            for (size_t k = 0; k < ntouched && f->frc != TS_ENOMEM; k++)
                if (touched[k] == f->head && f->mode != M_HEAD) {
                    f = &mainf;
                    break;
                }
        }
        if (f == &mainf) read_one(f, ps.p[i], &ix, &seen, o);
        if (f->frc == TS_ENOMEM) rc = TS_ENOMEM;
        stats->files++;
        stats->bytes += f->bytes;
        if (rc == TS_OK && f->frc != TS_OK) {
            stats->failed++;
            if (!f->fe.path) f->fe.path = f->path;
            if (on_err) on_err(ctx, &f->fe);
        }
        if (rc == TS_OK && f->mode == M_COUNT && f->off > f->start) {
            rc = put_file(&w, &ix, f, err);
            touched[ntouched++] = f->head;
            stats->counted++;
            stats->counted_bytes += f->off - f->start;
            stats->lines += f->sc->line;
        } else if (f->frc == TS_OK) {
            stats->skipped++;
            stats->unchanged += f->seen;
        }
        /* read whole, its content is known now: next time, a fingerprint */
        if (rc == TS_OK && f->frc == TS_OK && f->has_id && !f->seen) rc = ts_seen_put(db, &f->id, err);
        if (nw) {
            pthread_mutex_lock(&pool.mu);
            pool.done[i] = NULL;
            pthread_cond_broadcast(&pool.cv);
            pthread_mutex_unlock(&pool.mu);
        }
    }
    pthread_mutex_lock(&pool.mu);
    pool.stop = 1;
    pthread_cond_broadcast(&pool.cv);
    pthread_mutex_unlock(&pool.mu);
    for (int i = 0; i < nw; i++) {
        if (wk[i].started) pthread_join(wk[i].tid, NULL);
        file_free(&wk[i].f);
    }
    if (rc == TS_ENOMEM && !err->code) ts_err_set(err, TS_ENOMEM, 0, db->path, "out of memory");
    ts_write_free(&w);
    if (began) {
        if (rc == TS_OK) rc = ts_db_commit(db, err);
        else ts_db_rollback(db);
    }
    file_free(&mainf);
    ts_prefilter_free(pf);
    ts_streams_free(&ix);
    ts_streams_free(&view);
    ts_seen_free(&seen);
    free(wk);
    free(pool.done);
    free(touched);
    for (int i = 0; i < ps.n; i++) free(ps.p[i]);
    free(ps.p);
    return rc;
}
