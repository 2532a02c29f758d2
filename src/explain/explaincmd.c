/* explaincmd.c — see explaincmd.h. Inputs are read one after the other, in the order
 * given (directories in bytewise name order), and the explanation of each
 * line is written as soon as it is lexed: the output starts at once and
 * memory stays flat however large the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain/explaincmd.h"
#include "explain/shapes.h"
#include "input/walk.h"

/* Distinct shapes kept by --unknown before further ones are only counted. */
#define MAX_SHAPES 10000

struct guide {
    const struct ts_explaincmd_opts *o;
    ts_explaincmd_write_fn write;
    void *wctx;
    ts_err_fn on_err;
    void *ctx;
    int *partial;
    int rc; /* fatal */
    struct ts_err *err;
    const char *path;
    uint64_t line;
    struct ts_buf b, where, msg;
    struct ts_shapes shapes;
};

static int flush(struct guide *g, int force)
{
    if (g->b.oom || g->where.oom || g->msg.oom) {
        ts_err_set(g->err, TS_ENOMEM, 0, NULL, "out of memory");
        return TS_ENOMEM;
    }
    return ts_buf_flush(&g->b, force ? 0 : (size_t)64 << 10, g->write, g->wctx, g->err);
}

/* "path:line" of the current line. */
static ts_str where(struct guide *g)
{
    char n[24];
    int k = snprintf(n, sizeof n, ":%llu", (unsigned long long)g->line);
    g->where.n = 0;
    ts_buf_str(&g->where, g->path);
    ts_buf_put(&g->where, n, (size_t)k);
    return (ts_str){(const unsigned char *)g->where.p, g->where.oom ? 0 : (ptrdiff_t)g->where.n};
}

static int unknown(struct guide *g, ts_str line, const struct ts_line *L)
{
    g->msg.n = 0;
    if (L->tag.n > 0) {
        ts_buf_put(&g->msg, "[", 1);
        ts_buf_put(&g->msg, L->tag.p, (size_t)L->tag.n);
        ts_buf_put(&g->msg, "] ", 2);
    }
    if (L->body.n > 0) ts_buf_put(&g->msg, L->body.p, (size_t)L->body.n);
    const size_t m = g->msg.n;
    ts_str w = where(g);
    ts_buf_put(&g->msg, w.p, (size_t)w.n);
    ts_buf_put(&g->msg, ": ", 2);
    ts_buf_put(&g->msg, line.p, (size_t)line.n);
    if (g->msg.oom) return TS_ENOMEM;
    const unsigned char *p = (const unsigned char *)g->msg.p;
    return ts_shapes_add(&g->shapes, (ts_str){p, (ptrdiff_t)m}, (ts_str){p + m, (ptrdiff_t)(g->msg.n - m)},
                         L->weight);
}

static int on_lines(void *ctx, const unsigned char *p, size_t n)
{
    struct guide *g = ctx;
    const unsigned char *end = p + n;
    while (p < end) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
        g->line++;
        struct ts_line L;
        const int kind = ts_lex_line(p, nl, &L);
        const ts_str line = {p, (nl > p && nl[-1] == '\r' ? nl - 1 : nl) - p};
        int rc = TS_OK;
        if (g->o->unknown) {
            if (kind == TS_LINE_IKE && L.cls == TS_C_OTHER) rc = unknown(g, line, &L);
            if (rc) ts_err_set(g->err, rc, 0, NULL, "out of memory");
        } else if (kind == TS_LINE_IKE || g->o->all) {
            ts_explain_line(&g->b, where(g), line, kind, &L, &g->o->ex);
            rc = flush(g, 0);
        }
        if (rc) {
            g->rc = rc;
            return 1;
        }
        p = nl + 1;
    }
    return 0;
}

static void input_err(struct guide *g, const struct ts_err *e)
{
    *g->partial = 1;
    if (g->on_err) g->on_err(g->ctx, e);
}

static void on_walk_err(void *ctx, const struct ts_err *e)
{
    input_err(ctx, e);
}

/* A special file met in a directory is named, not counted as a failure;
 * a file already read is passed over in silence. */
static void on_skip(void *ctx, const char *path, enum ts_walk_skip why)
{
    struct guide *g = ctx;
    if (why == TS_WALK_SEEN || !g->on_err) return;
    struct ts_err e;
    ts_walk_notice(&e, path, why);
    g->on_err(g->ctx, &e);
}

static void on_path(void *ctx, const char *path)
{
    struct guide *g = ctx;
    if (g->rc) return;
    g->path = path;
    g->line = 0;
    struct ts_input *src = NULL;
    struct ts_err e = {0};
    int rc = ts_input_open(path, &src, &e);
    if (rc == TS_OK) {
        rc = ts_input_read_all(src, &g->o->in, on_lines, g, &e);
        if (rc == TS_ESTOP) rc = TS_OK; /* stopped by a fatal error, recorded in g */
    }
    if (rc != TS_OK) {
        if (!e.path) e.path = path;
        input_err(g, &e);
    }
    if (src) ts_input_close(src);
}

int ts_explaincmd_run(char *const *ops, int nops, const struct ts_explaincmd_opts *o, ts_explaincmd_write_fn write,
                 void *wctx,
                 ts_err_fn on_err, void *ctx, int *partial, struct ts_err *err)
{
    struct guide g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.write = write;
    g.wctx = wctx;
    g.on_err = on_err;
    g.ctx = ctx;
    g.partial = partial;
    g.err = err;
    *partial = 0;
    ts_shapes_init(&g.shapes, MAX_SHAPES);
    const struct ts_walk_cb cb = {on_path, on_walk_err, on_skip, &g};
    ts_walk_all(ops, nops, &cb);
    if (!g.rc && o->unknown) {
        struct ts_shapes_row *rows;
        size_t n;
        if (ts_shapes_rows(&g.shapes, &rows, &n) == TS_OK) {
            ts_explain_unknown(&g.b, rows, n, g.shapes.lines, g.shapes.dropped, &o->ex);
            free(rows);
        } else {
            g.b.oom = 1;
        }
    }
    if (!g.rc) g.rc = flush(&g, 1);
    ts_shapes_free(&g.shapes);
    ts_buf_free(&g.b);
    ts_buf_free(&g.where);
    ts_buf_free(&g.msg);
    return g.rc;
}
