/* streams.c — see streams.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/streams.h"

int ts_streams_add_check(struct ts_streams_entry *e, uint64_t off, const void *v)
{
    if (e->nchk && e->chk[e->nchk - 1].off == off) return TS_OK; /* a mark that is also a segment end */
    if (e->nchk == e->cap) {
        const size_t cap = e->cap ? 2 * e->cap : 8;
        struct ts_streams_check *c = realloc(e->chk, cap * sizeof *c);
        if (!c) return TS_ENOMEM;
        e->chk = c;
        e->cap = cap;
    }
    e->chk[e->nchk].off = off;
    memcpy(e->chk[e->nchk].v.b, v, 16);
    e->nchk++;
    return TS_OK;
}

static int cmp_check(const void *a, const void *b)
{
    const struct ts_streams_check *x = a, *y = b;
    return (x->off > y->off) - (x->off < y->off);
}

struct ts_streams_entry *ts_streams_push(struct ts_streams *s)
{
    if (s->n == s->cap) {
        const size_t cap = s->cap ? 2 * s->cap : 64;
        struct ts_streams_entry *e = realloc(s->e, cap * sizeof *e);
        if (!e) return NULL;
        s->e = e;
        s->cap = cap;
    }
    struct ts_streams_entry *e = &s->e[s->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void ts_streams_free(struct ts_streams *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->e[i].chk);
    free(s->e);
    memset(s, 0, sizeof *s);
}

struct ts_streams_entry *ts_streams_find(struct ts_streams *s, int64_t id)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (s->e[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->n && s->e[lo].id == id ? &s->e[lo] : NULL;
}

const struct ts_fp_val *ts_streams_at(const struct ts_streams_entry *e, uint64_t off)
{
    size_t lo = 0, hi = e->nchk;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (e->chk[mid].off < off) lo = mid + 1;
        else hi = mid;
    }
    return lo < e->nchk && e->chk[lo].off == off ? &e->chk[lo].v : NULL;
}

int ts_streams_load(struct ts_db *db, const char *schema, struct ts_streams *s, struct ts_err *err)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT id, head, length, marks, epochs FROM %s.stream ORDER BY id", schema);
    sqlite3_stmt *st = ts_db_prepare(db, sql, err);
    if (!st) return TS_EOUT;
    int rc = TS_OK, r = SQLITE_DONE;
    while (rc == TS_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        struct ts_streams_entry *e = ts_streams_push(s);
        if (!e) {
            rc = TS_ENOMEM;
            break;
        }
        e->id = sqlite3_column_int64(st, 0);
        e->head = (uint64_t)sqlite3_column_int64(st, 1);
        e->len = (uint64_t)sqlite3_column_int64(st, 2);
        e->epochs = (uint32_t)sqlite3_column_int64(st, 4);
        const unsigned char *m = sqlite3_column_blob(st, 3);
        const size_t nm = (size_t)sqlite3_column_bytes(st, 3) / 16;
        for (size_t i = 0; i < nm && rc == TS_OK; i++) rc = ts_streams_add_check(e, (i + 1) * TS_FP_MARK, m + 16 * i);
    }
    if (rc == TS_OK && r != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the streams");
    sqlite3_finalize(st);
    if (rc != TS_OK) goto out;
    snprintf(sql, sizeof sql, "SELECT stream, end, end_hash, lines FROM %s.segment ORDER BY stream, end", schema);
    if (!(st = ts_db_prepare(db, sql, err))) return TS_EOUT;
    while (rc == TS_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        struct ts_streams_entry *e = ts_streams_find(s, sqlite3_column_int64(st, 0));
        if (!e || sqlite3_column_bytes(st, 2) != 16) continue;
        e->lines += (uint64_t)sqlite3_column_int64(st, 3);
        rc = ts_streams_add_check(e, (uint64_t)sqlite3_column_int64(st, 1), sqlite3_column_blob(st, 2));
    }
    if (rc == TS_OK && r != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the segments");
    sqlite3_finalize(st);
    /* Marks and segment ends came in two runs: sort, keep one per offset. */
    for (size_t i = 0; i < s->n && rc == TS_OK; i++) {
        struct ts_streams_entry *e = &s->e[i];
        qsort(e->chk, e->nchk, sizeof *e->chk, cmp_check);
        size_t m = 0;
        for (size_t j = 0; j < e->nchk; j++)
            if (!m || e->chk[m - 1].off != e->chk[j].off) e->chk[m++] = e->chk[j];
        e->nchk = m;
    }
out:
    if (rc == TS_ENOMEM) ts_err_set(err, TS_ENOMEM, 0, db->path, "out of memory");
    return rc;
}
