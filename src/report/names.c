/* names.c — see names.h. */
#include <stdlib.h>
#include <string.h>

#include "report/names.h"

enum cell_end { CELL_MORE, CELL_LAST, CELL_UNCLOSED };

/* One CSV cell from *p (< e) into out (unquoted); *p moves past the cell and
 * its comma. CELL_LAST at end of line (or input), CELL_MORE before another
 * cell, CELL_UNCLOSED on an unterminated quote. */
static enum cell_end cell(const char **p, const char *e, char *out, size_t *n)
{
    const char *s = *p;
    *n = 0;
    if (s < e && *s == '"') {
        for (s++;; s++) {
            if (s >= e) return CELL_UNCLOSED;
            if (*s == '"') {
                if (s + 1 < e && s[1] == '"') {
                    out[(*n)++] = '"';
                    s++;
                    continue;
                }
                s++;
                break;
            }
            out[(*n)++] = *s;
        }
    } else {
        for (; s < e && *s != ',' && *s != '\n'; s++) out[(*n)++] = *s;
    }
    if (*n && out[*n - 1] == '\r' && (s >= e || *s == '\n')) (*n)--;
    if (s < e && *s == '\r') s++;
    if (s < e && *s == ',') {
        *p = s + 1;
        return CELL_MORE;
    }
    *p = s < e ? s + 1 : s;
    return CELL_LAST;
}

static int cmp(const void *a, const void *b)
{
    const struct ts_names_entry *x = a, *y = b;
    const int c = ts_str_cmp(x->addr, y->addr);
    /* the later line first among equals, so the dedup below keeps it */
    return c ? c : (x->name.p < y->name.p) - (x->name.p > y->name.p);
}

static int bad(struct ts_err *err, long long line, const char *what)
{
    ts_err_set(err, TS_EDATA, 0, NULL, "%s", what);
    err->line = line;
    return TS_EDATA;
}

int ts_names_parse(struct ts_names *t, const char *p, size_t len, struct ts_err *err)
{
    memset(t, 0, sizeof *t);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += p[i] == '\n';
    /* every cell's text fits in len bytes; a display name adds " ()" */
    t->text = malloc(2 * len + 4 * lines + 1);
    t->e = malloc(lines * sizeof *t->e);
    char *cellbuf = malloc(len + 1);
    if (!t->text || !t->e || !cellbuf) {
        free(cellbuf);
        ts_names_free(t);
        return TS_ENOMEM;
    }
    const char *s = p, *e = p + len;
    size_t used = 0;
    int rc = TS_OK;
    for (long long ln = 1; s < e && rc == TS_OK; ln++) {
        char *at = t->text + used;
        size_t cn[3] = {0, 0, 0}, k = 0;
        enum cell_end end = CELL_MORE;
        const char *cells[3];
        char *w = at;
        while (end == CELL_MORE) {
            size_t n;
            end = cell(&s, e, cellbuf, &n);
            if (end == CELL_UNCLOSED) {
                rc = bad(err, ln, "a quoted cell is not closed");
                break;
            }
            if (k < 3) {
                memcpy(w, cellbuf, n);
                cells[k] = w;
                cn[k++] = n;
                w += n;
            }
        }
        if (rc != TS_OK) break;
        if (k == 1 && cn[0] == 0) continue;                    /* blank line */
        if (cn[0] && cells[0][0] == '#') continue;              /* comment */
        if (ln == 1 && cn[0] == 7 && memcmp(cells[0], "address", 7) == 0) continue;
        if (k < 2 || !cn[0] || !cn[1]) {
            rc = bad(err, ln, "expected address,name[,site]");
            break;
        }
        /* display name after the cells: "name" or "name (site)" */
        char *d = w;
        memcpy(d, cells[1], cn[1]);
        size_t dn = cn[1];
        if (k == 3 && cn[2]) {
            memcpy(d + dn, " (", 2);
            memcpy(d + dn + 2, cells[2], cn[2]);
            dn += 2 + cn[2];
            d[dn++] = ')';
        }
        t->e[t->n++] = (struct ts_names_entry){{(const unsigned char *)cells[0], (ptrdiff_t)cn[0]},
                                               {(const unsigned char *)d, (ptrdiff_t)dn}};
        used = (size_t)(d + dn - t->text);
    }
    free(cellbuf);
    if (rc != TS_OK) {
        ts_names_free(t);
        return rc;
    }
    qsort(t->e, t->n, sizeof *t->e, cmp);
    size_t u = 0;
    for (size_t i = 0; i < t->n; i++)
        if (u == 0 || !ts_str_eq(t->e[u - 1].addr, t->e[i].addr)) t->e[u++] = t->e[i];
    t->n = u;
    return TS_OK;
}

void ts_names_free(struct ts_names *t)
{
    free(t->text);
    free(t->e);
    memset(t, 0, sizeof *t);
}

ts_str ts_names_get(const struct ts_names *t, ts_str peer)
{
    if (!t || !t->n) return (ts_str){0, 0};
    const struct ts_names_entry key = {peer, {0, 0}};
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const int c = ts_str_cmp(t->e[mid].addr, key.addr);
        if (c == 0) return t->e[mid].name;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return (ts_str){0, 0};
}
