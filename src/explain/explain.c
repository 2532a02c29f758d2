/* explain.c — see explain.h. The words are in phrases.c. */
#include <string.h>

#include "base/escape.h"
#include "explain/explain.h"
#include "explain/phrases.h"
#include "explain/shapes.h"

/* Named values a template may use. */
struct field {
    const char *name;
    ts_str v;
};

static const char *const k_names[] = {"peer", "port",   "conn", "inst", "serial", "tag", "state",
                                      "host", "detail", "d1",   "d2",   "local",  "n",   "shapes"};

static int known(const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof k_names / sizeof k_names[0]; i++)
        if (strlen(k_names[i]) == n && memcmp(p, k_names[i], n) == 0) return 1;
    return 0;
}

int ts_explain_check(const char *t)
{
    int open = 0;
    while (*t) {
        if (t[0] == '[' && t[1] == '[') {
            if (open) return TS_EDATA;
            open = 1;
            t += 2;
        } else if (t[0] == ']' && t[1] == ']') {
            if (!open) return TS_EDATA;
            open = 0;
            t += 2;
        } else if (*t == '{') {
            const char *e = strchr(t, '}');
            if (!e || !known(t + 1, (size_t)(e - t - 1))) return TS_EDATA;
            t = e + 1;
        } else if (*t == '}') {
            return TS_EDATA;
        } else {
            t++;
        }
    }
    return open ? TS_EDATA : TS_OK;
}

static ts_str value(const struct field *f, int nf, const char *name, size_t n)
{
    for (int i = 0; i < nf; i++)
        if (strlen(f[i].name) == n && memcmp(f[i].name, name, n) == 0) return f[i].v;
    return (ts_str){NULL, 0};
}

/* [t, e) with its {names} filled in; sets *empty when one of them is empty. */
static void fill(struct ts_buf *b, const char *t, const char *e, const struct field *f, int nf, int *empty)
{
    while (t < e) {
        const char *o = memchr(t, '{', (size_t)(e - t));
        const char *c = o ? memchr(o, '}', (size_t)(e - o)) : NULL;
        if (!c) {
            ts_buf_put(b, t, (size_t)(e - t));
            return;
        }
        ts_buf_put(b, t, (size_t)(o - t));
        ts_str v = value(f, nf, o + 1, (size_t)(c - o - 1));
        if (v.n <= 0) {
            *empty = 1;
        } else if (v.n > TS_FIELD_CUT) { /* a field is cut like a report cell */
            ts_escape_term(b, (ts_str){v.p, TS_FIELD_CUT});
            ts_buf_str(b, "...");
        } else {
            ts_escape_term(b, v);
        }
        t = c + 1;
    }
}

/* The template, its optional parts dropped when they lack a field. */
static void expand(struct ts_buf *b, const char *t, const struct field *f, int nf)
{
    const char *end = t + strlen(t);
    while (t < end) {
        const char *o = strstr(t, "[[");
        const char *c = o ? strstr(o + 2, "]]") : NULL;
        int empty = 0;
        if (!c) {
            fill(b, t, end, f, nf, &empty);
            return;
        }
        fill(b, t, o, f, nf, &empty);
        const size_t mark = b->n;
        empty = 0;
        fill(b, o + 2, c, f, nf, &empty);
        if (empty && !b->oom) b->n = mark;
        t = c + 2;
    }
}

int ts_explain_pick(const struct ts_line *L)
{
    int dflt = -1;
    for (int i = 0; i < ts_phrases_nrows(); i++) {
        const struct ts_phrases_row *r = ts_phrases_get(i);
        if (r->cls != L->cls) continue;
        if (!r->when) {
            if (dflt < 0) dflt = i;
            continue;
        }
        if (r->when[0] == '=') {
            if (ts_str_eq(L->d1, (ts_str){(const unsigned char *)r->when + 1, (ptrdiff_t)strlen(r->when + 1)}))
                return i;
            continue;
        }
        for (const char *w = r->when; *w;) {
            const char *bar = strchr(w, '|');
            const size_t n = bar ? (size_t)(bar - w) : strlen(w);
            if (L->body.n >= (ptrdiff_t)n && memcmp(L->body.p, w, n) == 0) return i;
            w += n + (bar != NULL);
        }
    }
    return dflt;
}

/* ANSI colours: failures red, successes green, warnings yellow, the rest cyan. */
static const char *colour(int cls)
{
    switch (cls) {
    case TS_C_PHASE1_UP:
    case TS_C_PHASE2_UP:
    case TS_C_XAUTH_OK: return "\033[32m";
    case TS_C_WEAK_IKE:
    case TS_C_WEAK_ESP:
    case TS_C_RETRANSMIT:
    case TS_C_DPD_ACTION:
    case TS_C_NOTIFY_SENT:
    case TS_C_NOTIFY_RECEIVED:
    case TS_C_OTHER: return "\033[33m";
    default: break;
    }
    return ts_class_is_failure(cls) ? "\033[1;31m" : "\033[36m";
}

#define RESET "\033[0m"
#define DIM "\033[2m"
#define BOLD "\033[1m"

static void on(struct ts_buf *b, const struct ts_explain_opts *o, const char *sgr)
{
    if (o->color) ts_buf_str(b, sgr);
}

/* v in decimal, in out. */
static ts_str num(char out[24], uint64_t v)
{
    int k = 24;
    do {
        out[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return (ts_str){(const unsigned char *)out + k, 24 - k};
}

static void word(struct ts_buf *b, int w, const struct ts_explain_opts *o, const struct field *f, int nf)
{
    expand(b, ts_phrases_words[w][o->lang], f, nf);
}

void ts_explain_line(struct ts_buf *b, ts_str where, ts_str line, int kind, const struct ts_line *L,
                     const struct ts_explain_opts *o)
{
    if (where.n > 0) {
        on(b, o, DIM);
        ts_escape_term(b, where);
        ts_buf_str(b, ":");
        on(b, o, RESET);
        ts_buf_str(b, " ");
    }
    const ptrdiff_t show = 2000; /* a 1 MiB line is not read on a terminal */
    ts_escape_term(b, line.n > show ? (ts_str){line.p, show} : line);
    if (line.n > show) ts_buf_str(b, "...");
    ts_buf_str(b, "\n");
    if (kind != TS_LINE_IKE) {
        on(b, o, DIM);
        ts_buf_str(b, "  -- ");
        word(b, kind == TS_LINE_DEBUG ? TS_W_DEBUG : TS_W_NOT_IKE, o, NULL, 0);
        on(b, o, RESET);
        ts_buf_str(b, "\n");
        return;
    }
    struct ts_buf detail = {0};
    if (L->d1.n > 0) ts_buf_put(&detail, L->d1.p, (size_t)L->d1.n);
    if (L->d2.n > 0) {
        if (detail.n) ts_buf_put(&detail, " ", 1);
        ts_buf_put(&detail, L->d2.p, (size_t)L->d2.n);
    }
    char n[24];
    const struct field f[] = {
        {"peer", L->peer},     {"port", L->port},   {"conn", L->conn},
        {"inst", L->instance}, {"serial", L->serial}, {"tag", L->tag},
        {"state", L->state},   {"host", L->host},   {"detail", {(const unsigned char *)detail.p, (ptrdiff_t)detail.n}},
        {"d1", L->d1},         {"d2", L->d2},       {"local", L->d1},
        {"n", num(n, L->weight)},
    };
    const int nf = (int)(sizeof f / sizeof f[0]);
    const int pick = ts_explain_pick(L);
    const struct ts_phrases_row *r = ts_phrases_get(pick >= 0 ? pick : ts_phrases_nrows() - 1); /* the last row: other */
    ts_buf_str(b, "  => ");
    on(b, o, colour(L->cls));
    ts_buf_str(b, ts_class_name(L->cls));
    on(b, o, RESET);
    ts_buf_str(b, ": ");
    expand(b, r->say[o->lang], f, nf);
    if (L->weight > 1) word(b, TS_W_REPEATED, o, f, nf);
    ts_buf_str(b, "\n");
    if (r->todo[o->lang]) {
        ts_buf_str(b, "     ");
        on(b, o, BOLD);
        word(b, TS_W_TODO, o, NULL, 0);
        on(b, o, RESET);
        expand(b, r->todo[o->lang], f, nf);
        ts_buf_str(b, "\n");
    }
    if (detail.oom) b->oom = 1;
    ts_buf_free(&detail);
}

/* Terminal columns of a phrase of ours (valid UTF-8). */
static size_t columns(const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + strlen(s);
    size_t cols = 0;
    while (p < e) {
        uint32_t cp;
        int n = ts_escape_utf8_next(p, e, &cp);
        cols += n ? (size_t)ts_escape_utf8_width(cp) : 1;
        p += n ? n : 1;
    }
    return cols;
}

static void spaces(struct ts_buf *b, size_t n)
{
    while (n--) ts_buf_put(b, " ", 1);
}

void ts_explain_unknown(struct ts_buf *b, const struct ts_shapes_row *rows, size_t n, uint64_t total,
                        uint64_t dropped, const struct ts_explain_opts *o)
{
    if (!total) {
        word(b, TS_W_UNKNOWN_NONE, o, NULL, 0);
        ts_buf_str(b, "\n");
        return;
    }
    char t[24], s[24];
    const struct field head[] = {{"n", num(t, total)}, {"shapes", num(s, n)}};
    word(b, TS_W_UNKNOWN_HEAD, o, head, 2);
    ts_buf_str(b, "\n\n");
    /* counts right-aligned under the heading, in the width of the largest */
    const char *count = ts_phrases_words[TS_W_COUNT][o->lang];
    const size_t cw = columns(count);
    size_t width = (size_t)num(t, n ? rows[0].count : 0).n;
    if (cw > width) width = cw;
    on(b, o, BOLD);
    spaces(b, width - cw);
    ts_buf_str(b, count);
    ts_buf_str(b, "  ");
    ts_buf_str(b, ts_phrases_words[TS_W_SHAPE][o->lang]);
    on(b, o, RESET);
    ts_buf_str(b, "\n");
    for (size_t i = 0; i < n; i++) {
        const ts_str c = num(t, rows[i].count);
        spaces(b, width - (size_t)c.n);
        ts_buf_put(b, c.p, (size_t)c.n);
        ts_buf_str(b, "  ");
        ts_escape_term(b, rows[i].shape);
        ts_buf_str(b, "\n");
        spaces(b, width + 2);
        on(b, o, DIM);
        word(b, TS_W_EXAMPLE, o, NULL, 0);
        ts_escape_term(b, rows[i].example);
        on(b, o, RESET);
        ts_buf_str(b, "\n");
    }
    if (dropped) {
        const struct field f[] = {{"n", num(t, dropped)}};
        ts_buf_str(b, "\n");
        word(b, TS_W_DROPPED, o, f, 1);
        ts_buf_str(b, "\n");
    }
}
