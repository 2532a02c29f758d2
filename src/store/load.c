/* load.c — see load.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer/class.h"
#include "agg/sesslog.h"
#include "store/load.h"

/* The rows the report keeps (SPEC §6: a bound drops day "-"); since and
 * until are checked dates, so they are written into the SQL as they are. */
static void day_filter(char *w, size_t n, const char *since, const char *until)
{
    int k = 0;
    w[0] = 0;
    if (since || until) k = snprintf(w, n, " WHERE length(day) = 10");
    if (since) k += snprintf(w + k, n - (size_t)k, " AND day >= '%.10s'", since);
    if (until) snprintf(w + k, n - (size_t)k, " AND day <= '%.10s'", until);
}

static int load_counts(struct ts_db *db, const char *table, const char *where, struct ts_agg *a, struct ts_err *err)
{
    char cols[2048], sql[3072];
    int cls[TS_NCLASS];
    const int ncls = ts_db_classes(cls);
    ts_db_class_cols(cols, sizeof cols, NULL, NULL);
    snprintf(sql, sizeof sql, "SELECT day, host, %s, %s FROM %s%s", strcmp(table, "counts") ? "conn" : "peer", cols,
             table, where);
    sqlite3_stmt *st = ts_db_prepare(db, sql, err);
    if (!st) return TS_EOUT;
    int rc = TS_OK, s;
    struct ts_agg_counts n;
    memset(&n, 0, sizeof n);
    while (rc == TS_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < ncls; c++) n.c[cls[c]] = (uint64_t)sqlite3_column_int64(st, 3 + c);
        rc = ts_agg_add_counts(a, ts_db_col(st, 0), ts_db_col(st, 1), ts_db_col(st, 2), &n);
    }
    if (rc == TS_OK && s != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the counts");
    sqlite3_finalize(st);
    return rc;
}

static int load_pending(struct ts_db *db, const char *where, struct ts_agg *a, struct ts_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT day, host, pid, conn, serial, class, n FROM pending%s", where);
    sqlite3_stmt *st = ts_db_prepare(db, sql, err);
    if (!st) return TS_EOUT;
    int rc = TS_OK, s;
    while (rc == TS_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const ts_str cls = ts_db_col(st, 5);
        int c;
        if (ts_class_by_name((const char *)cls.p, cls.n, &c) != TS_OK) {
            ts_err_set(err, TS_EOUT, 0, db->path, "corrupt database: unknown class '%.*s'", (int)cls.n, cls.p);
            rc = TS_EOUT;
            break;
        }
        rc = ts_agg_add_pending(a, ts_db_col(st, 0), ts_db_col(st, 1), ts_db_col(st, 2), ts_db_col(st, 3),
                                ts_db_col(st, 4), c, (uint64_t)sqlite3_column_int64(st, 6));
    }
    if (rc == TS_OK && s != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the pending counts");
    sqlite3_finalize(st);
    return rc;
}

static int load_notes(struct ts_db *db, struct ts_agg *a, struct ts_err *err)
{
    sqlite3_stmt *st = ts_db_prepare(db, "SELECT host, pid, serial, peer FROM serial_note", err);
    if (!st) return TS_EOUT;
    int rc = TS_OK, s;
    while (rc == TS_OK && (s = sqlite3_step(st)) == SQLITE_ROW)
        rc = ts_agg_add_serial_note(a, ts_db_col(st, 0), ts_db_col(st, 1), ts_db_col(st, 2), ts_db_col(st, 3));
    if (rc == TS_OK && s != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the serial notes");
    sqlite3_finalize(st);
    if (rc != TS_OK) return rc;
    if (!(st = ts_db_prepare(db, "SELECT host, conn, peer, several FROM conn_note", err))) return TS_EOUT;
    while (rc == TS_OK && (s = sqlite3_step(st)) == SQLITE_ROW)
        rc = ts_agg_add_conn_note(a, ts_db_col(st, 0), ts_db_col(st, 1), ts_db_col(st, 2), sqlite3_column_int(st, 3));
    if (rc == TS_OK && s != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the conn notes");
    sqlite3_finalize(st);
    return rc;
}

/* Sessions (SPEC §8, §10.5): the stored events, ordered as a scan of the
 * streams in the order they were first ingested would read them (seq:
 * stream, then line), attributed against the loaded notes, and built. The
 * strings live in a session log's arena that the run owns and frees. */
static int load_sessions(struct ts_db *db, struct ts_run *r, struct ts_err *err)
{
    struct ts_sesslog *log = malloc(sizeof *log);
    if (!log || !(r->slogs = malloc(sizeof *r->slogs))) {
        free(log);
        return TS_ENOMEM;
    }
    ts_sesslog_init(log);
    r->slogs[0] = log;
    r->nslogs = 1;
    int64_t n = 0;
    sqlite3_stmt *st = ts_db_prepare(db, "SELECT count(*) FROM session_event", err);
    if (!st) return TS_EOUT;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!(r->sev = malloc((size_t)(n ? n : 1) * sizeof *r->sev))) return TS_ENOMEM;
    if (!(st = ts_db_prepare(db, "SELECT g.stream, e.line, e.t, e.host, e.pid, e.conn, e.peer, e.serial, e.run,"
                                 " e.kind, e.weight FROM session_event e JOIN segment g ON g.id = e.segment", err)))
        return TS_EOUT;
    int rc = TS_OK, s;
    while (rc == TS_OK && (s = sqlite3_step(st)) == SQLITE_ROW && r->nsev < (size_t)n) {
        struct ts_sesslog_event x;
        memset(&x, 0, sizeof x);
        x.e.seq = (uint64_t)sqlite3_column_int64(st, 0) << 40 | (uint64_t)sqlite3_column_int64(st, 1);
        x.e.t = sqlite3_column_int64(st, 2);
        ts_str *f[] = {&x.e.host, &x.e.pid, &x.e.conn, &x.e.peer, &x.serial, &x.run};
        for (int k = 0; k < 6 && rc == TS_OK; k++) {
            const ts_str v = ts_db_col(st, 3 + k);
            *f[k] = (ts_str){v.n ? ts_arena_dup(&log->arena, v.p, (size_t)v.n) : v.p, v.n};
            if (!f[k]->p) rc = TS_ENOMEM;
        }
        const int kind = ts_db_kind_by_name(ts_db_col(st, 9));
        if (rc == TS_OK && kind < 0) {
            ts_err_set(err, TS_EOUT, 0, db->path, "corrupt database: unknown session event kind");
            rc = TS_EOUT;
        }
        x.e.kind = (uint32_t)kind;
        x.e.weight = (uint32_t)sqlite3_column_int64(st, 10);
        if (rc == TS_OK) r->sev[r->nsev++] = ts_sesslog_resolve(&x, &r->agg);
    }
    if (rc == TS_OK && s != SQLITE_DONE && s != SQLITE_ROW) rc = ts_db_fail(db, err, "reading the session events");
    sqlite3_finalize(st);
    if (rc != TS_OK) return rc;
    ts_sessions_sort(r->sev, r->nsev);
    if (!(st = ts_db_prepare(db, "SELECT host, min(first), max(last) FROM host_span GROUP BY host", err))) return TS_EOUT;
    size_t cap = 0;
    while (rc == TS_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
        if (r->nspans == cap) {
            cap = cap ? 2 * cap : 64;
            struct ts_sessions_span *v = realloc(r->spans, cap * sizeof *v);
            if (!v) {
                rc = TS_ENOMEM;
                break;
            }
            r->spans = v;
        }
        const ts_str h = ts_db_col(st, 0);
        const unsigned char *p = h.n ? ts_arena_dup(&log->arena, h.p, (size_t)h.n) : h.p;
        if (!p) rc = TS_ENOMEM;
        r->spans[r->nspans++] = (struct ts_sessions_span){{p, h.n}, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2)};
    }
    if (rc == TS_OK && s != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the host spans");
    sqlite3_finalize(st);
    if (rc != TS_OK) return rc;
    ts_sessions_sort_spans(r->spans, r->nspans);
    return ts_sessions_build(r->sev, r->nsev, r->spans, r->nspans, &r->sessions, &r->nsessions);
}

int ts_load_run(struct ts_db *db, const char *since, const char *until, int sessions, struct ts_run *r,
                struct ts_err *err)
{
    memset(r, 0, sizeof *r);
    ts_agg_init(&r->agg);
    ts_agg_init(&r->conns);
    char where[96];
    day_filter(where, sizeof where, since, until);
    /* One read transaction: an ingest committing meanwhile is seen whole or not at all. */
    int rc = ts_db_exec(db, "BEGIN", err);
    if (rc == TS_OK) rc = load_counts(db, "counts", where, &r->agg, err);
    if (rc == TS_OK) rc = load_pending(db, where, &r->agg, err);
    if (rc == TS_OK) rc = load_notes(db, &r->agg, err);
    if (rc == TS_OK) rc = load_counts(db, "conn_counts", where, &r->conns, err);
    /* the bytes and lines a scan of everything ingested would read */
    sqlite3_stmt *st = rc == TS_OK ? ts_db_prepare(db, "SELECT sum(end - start), sum(lines) FROM segment", err) : NULL;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        r->st.bytes = (uint64_t)sqlite3_column_int64(st, 0);
        r->st.lines = (uint64_t)sqlite3_column_int64(st, 1);
    } else if (rc == TS_OK) {
        rc = ts_db_fail(db, err, "reading the segments");
    }
    sqlite3_finalize(st);
    if (rc == TS_OK) rc = ts_agg_finish(&r->agg);
    if (rc == TS_OK && sessions) rc = load_sessions(db, r, err);
    ts_db_rollback(db);
    if (rc == TS_ENOMEM && !err->code) ts_err_set(err, TS_ENOMEM, 0, db->path, "out of memory");
    return rc;
}
