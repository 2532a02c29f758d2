/* write.c — see write.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lexer/class.h"
#include "store/write.h"


enum { S_STREAM_NEW, S_STREAM_GROW, S_SEGMENT, S_COUNTS, S_CONN_COUNTS, S_PENDING, S_SERIAL, S_CONN, S_EVENT,
       S_SPAN, S_N };
_Static_assert((int)S_N == (int)TS_WRITE_NSTMT, "one prepared statement per kind of row");

int ts_write_init(struct ts_write *w, struct ts_db *db, struct ts_err *err)
{
    char cols[2048], qs[256];
    size_t k = 0;
    memset(w, 0, sizeof *w);
    w->ncls = ts_db_classes(w->cls);
    for (int c = 0; c < w->ncls; c++) {
        w->kept[w->cls[c]] = 1;
        k += (size_t)snprintf(qs + k, sizeof qs - k, ", ?");
    }
    char counts[4096], conn_counts[4096];
    ts_db_class_cols(cols, sizeof cols, NULL, NULL);
    snprintf(counts, sizeof counts, "INSERT INTO counts(segment, day, host, peer, %s) VALUES (?, ?, ?, ?%s)", cols, qs);
    snprintf(conn_counts, sizeof conn_counts, "INSERT INTO conn_counts(segment, day, host, conn, %s) VALUES (?, ?, ?, ?%s)",
             cols, qs);
    const char *sql[S_N] = {
        "INSERT INTO stream(head, length, hash, marks, epochs) VALUES (?, ?, ?, ?, ?)",
        "UPDATE stream SET length = ?, hash = ?, marks = marks || ?, epochs = ? WHERE id = ?",
        "INSERT INTO segment(stream, start, end, end_hash, ref, path, ingested, lines) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        counts,
        conn_counts,
        "INSERT INTO pending VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        /* notes are joins: the smallest peer; one peer or "several" */
        "INSERT INTO serial_note VALUES (?, ?, ?, ?) ON CONFLICT(host, pid, serial)"
        " DO UPDATE SET peer = excluded.peer WHERE excluded.peer < peer",
        "INSERT INTO conn_note VALUES (?, ?, ?, ?) ON CONFLICT(host, conn)"
        " DO UPDATE SET several = 1 WHERE several = 0 AND (excluded.several <> 0 OR excluded.peer <> peer)",
        "INSERT INTO session_event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO host_span VALUES (?, ?, ?, ?)",
    };
    w->db = db;
    w->now = (long long)time(NULL);
    for (int i = 0; i < S_N; i++)
        if (!(w->st[i] = ts_db_prepare(db, sql[i], err))) return TS_EOUT;
    return TS_OK;
}

void ts_write_free(struct ts_write *w)
{
    for (int i = 0; i < S_N; i++) sqlite3_finalize(w->st[i]);
}

/* Steps and resets st; TS_OK or the database's error. */
static int step(struct ts_write *w, sqlite3_stmt *st, struct ts_err *err)
{
    const int s = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return s == SQLITE_DONE ? TS_OK : ts_db_fail(w->db, err, "writing the database");
}

static int put_counts(struct ts_write *w, sqlite3_stmt *st, int64_t seg, const struct ts_agg *a, struct ts_err *err)
{
    int rc = TS_OK;
    struct ts_agg_row r;
    struct ts_agg_counts buf;
    for (size_t pos = 0; rc == TS_OK && ts_agg_next_row(a, &pos, &r, &buf);) {
        const ts_str f[3] = {r.day, r.host, r.peer};
        const struct ts_agg_counts *n = r.n;
        int any = 0;
        for (int c = 0; c < w->ncls; c++) any |= n->c[w->cls[c]] != 0;
        if (!any) continue; /* only classes no report counts */
        sqlite3_bind_int64(st, 1, seg);
        for (int k = 0; k < 3; k++) ts_db_bind(st, 2 + k, f[k]);
        for (int c = 0; c < w->ncls; c++) sqlite3_bind_int64(st, 5 + c, (sqlite3_int64)n->c[w->cls[c]]);
        rc = step(w, st, err);
    }
    return rc;
}

static int put_notes(struct ts_write *w, const struct ts_agg *a, struct ts_err *err)
{
    int rc = TS_OK;
    char buf[24];
    const unsigned char *hpk;
    size_t hplen, pos = 0;
    ts_str serial, hp[2];
    for (const struct ts_serials_note *e; rc == TS_OK && (e = ts_serials_next(&a->serials, &pos, &hpk, &hplen, &serial, buf));) {
        if (!e->p || ts_agg_unpack(hpk, hplen, 2, hp)) continue;
        sqlite3_stmt *st = w->st[S_SERIAL];
        ts_db_bind(st, 1, hp[0]);
        ts_db_bind(st, 2, hp[1]);
        ts_db_bind(st, 3, serial);
        ts_db_bind(st, 4, (ts_str){e->p, (ptrdiff_t)e->n});
        rc = step(w, st, err);
    }
    struct ts_map_item it;
    for (size_t at = 0; rc == TS_OK && ts_map_next(&a->conns, &at, &it);) {
        ts_str f[2];
        if (ts_agg_unpack(it.key, it.klen, 2, f)) continue;
        const struct peerval *v = it.val;
        sqlite3_stmt *st = w->st[S_CONN];
        ts_db_bind(st, 1, f[0]);
        ts_db_bind(st, 2, f[1]);
        ts_db_bind(st, 3, (ts_str){v->p, (ptrdiff_t)v->n});
        sqlite3_bind_int(st, 4, v->several != 0);
        rc = step(w, st, err);
    }
    return rc;
}

static int put_pending(struct ts_write *w, int64_t seg, const struct ts_agg *a, struct ts_err *err)
{
    int rc = TS_OK;
    struct ts_pending_item it;
    for (size_t pos = 0; rc == TS_OK && ts_pending_next(&a->pending, &pos, &it);) {
        ts_str f[4];
        if (!w->kept[it.cls] || ts_agg_unpack(it.ctxkey, it.ctxlen, 4, f)) continue;
        sqlite3_stmt *st = w->st[S_PENDING];
        sqlite3_bind_int64(st, 1, seg);
        for (int k = 0; k < 4; k++) ts_db_bind(st, 2 + k, f[k]);
        ts_db_bind(st, 6, it.serial);
        sqlite3_bind_text(st, 7, ts_class_name(it.cls), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)it.n);
        rc = step(w, st, err);
    }
    return rc;
}

/* Tunnel events are numbered by line in their stream (base: the lines
 * counted before this segment), so a merge can tell which it holds. */
static int put_sessions(struct ts_write *w, int64_t seg, const struct ts_write_seg *f, struct ts_err *err)
{
    int rc = TS_OK;
    for (size_t i = 0; i < f->slog->n && rc == TS_OK; i++) {
        const struct ts_sesslog_event *x = &f->slog->ev[i];
        sqlite3_stmt *st = w->st[S_EVENT];
        sqlite3_bind_int64(st, 1, seg);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)(f->base_lines + x->e.seq)); /* one unit: seq is the line */
        sqlite3_bind_int64(st, 3, x->e.t);
        const ts_str v[] = {x->e.host, x->e.pid, x->e.conn, x->e.peer, x->serial, x->run};
        for (int k = 0; k < 6; k++) ts_db_bind(st, 4 + k, v[k]);
        sqlite3_bind_text(st, 10, ts_db_kind_name((int)x->e.kind), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 11, x->e.weight);
        rc = step(w, st, err);
    }
    struct ts_map_item it;
    for (size_t pos = 0; rc == TS_OK && ts_map_next(&f->slog->hosts, &pos, &it);) {
        const struct ts_sesslog_host *h = it.val;
        sqlite3_stmt *st = w->st[S_SPAN];
        sqlite3_bind_int64(st, 1, seg);
        ts_db_bind(st, 2, (ts_str){it.key, (ptrdiff_t)it.klen});
        sqlite3_bind_int64(st, 3, h->first);
        sqlite3_bind_int64(st, 4, h->last);
        rc = step(w, st, err);
    }
    return rc;
}

int ts_write_segment(struct ts_write *w, const struct ts_write_seg *f, int64_t *stream, struct ts_err *err)
{
    const void *marks = f->nmarks ? (const void *)f->marks : (const void *)"";
    sqlite3_stmt *st;
    int rc;
    if (f->stream) {
        st = w->st[S_STREAM_GROW];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)f->end);
        sqlite3_bind_blob(st, 2, f->end_hash.b, 16, SQLITE_STATIC);
        sqlite3_bind_blob(st, 3, marks, (int)(16 * f->nmarks), SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, f->epochs);
        sqlite3_bind_int64(st, 5, f->stream);
        *stream = f->stream;
        rc = step(w, st, err);
    } else {
        st = w->st[S_STREAM_NEW];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)f->head);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)f->end);
        sqlite3_bind_blob(st, 3, f->end_hash.b, 16, SQLITE_STATIC);
        sqlite3_bind_blob(st, 4, marks, (int)(16 * f->nmarks), SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, f->epochs);
        rc = step(w, st, err);
        *stream = sqlite3_last_insert_rowid(w->db->h);
    }
    if (rc != TS_OK) return rc;
    char ref[11];
    snprintf(ref, sizeof ref, "%04d-%02d-%02d", f->ref.y, f->ref.m, f->ref.d);
    st = w->st[S_SEGMENT];
    sqlite3_bind_int64(st, 1, *stream);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)f->start);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)f->end);
    sqlite3_bind_blob(st, 4, f->end_hash.b, 16, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, ref, 10, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, f->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, w->now);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)f->lines);
    if ((rc = step(w, st, err)) != TS_OK) return rc;
    const int64_t seg = sqlite3_last_insert_rowid(w->db->h);
    if ((rc = put_counts(w, w->st[S_COUNTS], seg, f->agg, err)) != TS_OK) return rc;
    if ((rc = put_counts(w, w->st[S_CONN_COUNTS], seg, f->conns, err)) != TS_OK) return rc;
    if ((rc = put_pending(w, seg, f->agg, err)) != TS_OK) return rc;
    if ((rc = put_notes(w, f->agg, err)) != TS_OK) return rc;
    return put_sessions(w, seg, f, err);
}
