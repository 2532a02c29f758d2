/* merge.c — see merge.h.
 *
 * The other database is attached as "o" and folded with INSERT ... SELECT:
 * notes as joins (smallest peer; one peer or several), streams by content:
 *   new here        the stream and all its segments are copied;
 *   held in full    nothing (the other's count is a prefix of ours);
 *   longer there    its segments past our length are copied, or, when none
 *                   starts exactly there, one segment of its counters minus
 *                   ours (counters of the same lines are equal, so the
 *                   difference is the lines past our length; a negative
 *                   count means the two disagree, and nothing is merged). */
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>

#include "lexer/class.h"
#include "store/merge.h"
#include "store/streams.h"

/* Runs sql with n int64 parameters; TS_OK or the database's error. With
 * out, the first column of the first row is stored there. */
static int run(struct ts_db *db, struct ts_err *err, int64_t *out, const char *sql, int n, ...)
{
    sqlite3_stmt *st = ts_db_prepare(db, sql, err);
    if (!st) return TS_EOUT;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
    va_end(ap);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (out) {
            *out = sqlite3_column_int64(st, 0);
            out = NULL;
        }
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? TS_OK : ts_db_fail(db, err, "merging");
}

/* The columns of each per-segment table after its segment column. */
struct table {
    const char *name, *keys, *group; /* group: key columns a difference groups by */
    int classes;                     /* class counter columns follow the keys */
};
static const struct table k_tables[] = {
    {"counts", "day, host, peer", "day, host, peer", 1},
    {"conn_counts", "day, host, conn", "day, host, conn", 1},
    {"pending", "day, host, pid, conn, serial, class, n", "day, host, pid, conn, serial, class", 0},
    {"session_event", "line, t, host, pid, conn, peer, serial, run, kind, weight", NULL, 0},
    {"host_span", "host, first, last", NULL, 0},
};

static int copy_segment(struct ts_db *db, int64_t stream, int64_t oseg, struct ts_err *err)
{
    int rc = run(db, err, NULL,
                 "INSERT INTO main.segment(stream, start, end, end_hash, ref, path, ingested, lines)"
                 " SELECT ?1, start, end, end_hash, ref, path, ingested, lines FROM o.segment WHERE id = ?2",
                 2, stream, oseg);
    const int64_t seg = sqlite3_last_insert_rowid(db->h);
    char cols[2048], sql[4096];
    ts_db_class_cols(cols, sizeof cols, NULL, NULL);
    for (size_t t = 0; t < sizeof k_tables / sizeof k_tables[0] && rc == TS_OK; t++) {
        const struct table *T = &k_tables[t];
        snprintf(sql, sizeof sql, "INSERT INTO main.%s SELECT ?1, %s%s%s FROM o.%s WHERE segment = ?2", T->name,
                 T->keys, T->classes ? ", " : "", T->classes ? cols : "", T->name);
        rc = run(db, err, NULL, sql, 2, seg, oseg);
    }
    return rc;
}

/* One segment [a->len, e) of b's counters up to e minus a's: e is the end
 * of b's segment that straddles a->len (b's segments from e on are copied
 * as they are). "Up to e" is b's segments that start before a->len. */
static int diff_segment(struct ts_db *db, const struct ts_streams_entry *a, const struct ts_streams_entry *b,
                        int64_t straddler, const char *from, struct ts_err *err)
{
    sqlite3_stmt *st = ts_db_prepare(db,
                                     "INSERT INTO main.segment(stream, start, end, end_hash, ref, path, ingested, lines)"
                                     " SELECT ?1, ?2, end, end_hash, ref, ?5, ?6, (SELECT sum(lines) FROM o.segment"
                                     " WHERE stream = ?4 AND start < ?2) - ?7 FROM o.segment WHERE id = ?3",
                                     err);
    if (!st) return TS_EOUT;
    char path[300];
    snprintf(path, sizeof path, "merged from %s", from);
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)a->len);
    sqlite3_bind_int64(st, 3, straddler);
    sqlite3_bind_int64(st, 4, b->id);
    sqlite3_bind_text(st, 5, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
    sqlite3_bind_int64(st, 7, (sqlite3_int64)a->lines);
    const int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) return ts_db_fail(db, err, "merging");
    const int64_t seg = sqlite3_last_insert_rowid(db->h);
    char sums[3072], negs[3072], nonzero[3072], neg_cols[3072], cols[2048], sql[16384];
    ts_db_class_cols(cols, sizeof cols, NULL, NULL);
    ts_db_class_cols(sums, sizeof sums, NULL, "sum");
    ts_db_class_cols(negs, sizeof negs, NULL, "-");
    size_t k = 0, kn = 0;
    int cls[TS_NCLASS];
    const int ncls = ts_db_classes(cls);
    for (int i = 0; i < ncls; i++) {
        const char *name = ts_class_name(cls[i]);
        k += (size_t)snprintf(nonzero + k, sizeof nonzero - k, "%ssum(\"%s\") <> 0", i ? " OR " : "", name);
        kn += (size_t)snprintf(neg_cols + kn, sizeof neg_cols - kn, "%s\"%s\" < 0", i ? " OR " : "", name);
    }
    int rc = TS_OK;
    for (size_t t = 0; t < 3 && rc == TS_OK; t++) {
        const struct table *T = &k_tables[t];
        if (T->classes)
            snprintf(sql, sizeof sql,
                     "INSERT INTO main.%1$s SELECT ?1, %2$s, %3$s FROM (SELECT %2$s, %4$s FROM o.%1$s WHERE segment"
                     " IN (SELECT id FROM o.segment WHERE stream = ?2 AND start < ?4) UNION ALL SELECT %2$s, %5$s FROM main.%1$s"
                     " WHERE segment IN (SELECT id FROM main.segment WHERE stream = ?3 AND id <> ?1))"
                     " GROUP BY %2$s HAVING %6$s",
                     T->name, T->group, sums, cols, negs, nonzero);
        else
            snprintf(sql, sizeof sql,
                     "INSERT INTO main.%1$s SELECT ?1, %2$s, sum(n) FROM (SELECT %2$s, n FROM o.%1$s WHERE segment"
                     " IN (SELECT id FROM o.segment WHERE stream = ?2 AND start < ?4) UNION ALL SELECT %2$s, -n FROM main.%1$s"
                     " WHERE segment IN (SELECT id FROM main.segment WHERE stream = ?3 AND id <> ?1))"
                     " GROUP BY %2$s HAVING sum(n) <> 0",
                     T->name, T->group);
        rc = run(db, err, NULL, sql, 4, seg, b->id, a->id, (int64_t)a->len);
        int64_t bad = 0;
        snprintf(sql, sizeof sql, "SELECT count(*) FROM main.%s WHERE segment = ?1 AND (%s)", T->name,
                 T->classes ? neg_cols : "n < 0");
        if (rc == TS_OK) rc = run(db, err, &bad, sql, 1, seg);
        if (rc == TS_OK && bad) {
            ts_err_set(err, TS_EOUT, 0, from,
                       "counts a log both databases hold differently (another reference date?); nothing merged");
            return TS_EOUT;
        }
    }
    /* Session events are numbered by line in their stream: those past
     * ours. A pid event more than a scan would have is harmless (only a
     * change of pid is a restart), and spans join by min and max. */
    if (rc == TS_OK)
        rc = run(db, err, NULL,
                 "INSERT INTO main.session_event SELECT ?1, line, t, host, pid, conn, peer, serial, run, kind, weight"
                 " FROM o.session_event WHERE segment IN (SELECT id FROM o.segment WHERE stream = ?2"
                 " AND start < ?4) AND line > ?3",
                 4, seg, b->id, (int64_t)a->lines, (int64_t)a->len);
    if (rc == TS_OK)
        rc = run(db, err, NULL, "INSERT INTO main.host_span SELECT ?1, host, first, last FROM o.host_span WHERE segment = ?2",
                 2, seg, straddler);
    return rc;
}

/* 1 when a and b agree at every offset both hold a fingerprint for, up to
 * the shorter one's length (both start with the same head). */
static int same_content(const struct ts_streams_entry *a, const struct ts_streams_entry *b)
{
    const uint64_t m = a->len < b->len ? a->len : b->len;
    for (size_t i = 0; i < b->nchk && b->chk[i].off <= m; i++) {
        const struct ts_fp_val *v = ts_streams_at(a, b->chk[i].off);
        if (v && memcmp(v->b, b->chk[i].v.b, 16) != 0) return 0;
    }
    return 1;
}

static int grow(struct ts_db *db, struct ts_streams_entry *a, const struct ts_streams_entry *b, const char *from,
                struct ts_err *err)
{
    int64_t straddler = 0;
    int rc = run(db, err, &straddler, "SELECT id FROM o.segment WHERE stream = ?1 AND start < ?2 AND end > ?2", 2,
                 b->id, (int64_t)a->len);
    if (rc == TS_OK && straddler) rc = diff_segment(db, a, b, straddler, from, err);
    if (rc == TS_OK) {
        sqlite3_stmt *st = ts_db_prepare(db, "SELECT id FROM o.segment WHERE stream = ?1 AND start >= ?2 ORDER BY start", err);
        if (!st) return TS_EOUT;
        sqlite3_bind_int64(st, 1, b->id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)a->len);
        int r;
        while (rc == TS_OK && (r = sqlite3_step(st)) == SQLITE_ROW) rc = copy_segment(db, a->id, sqlite3_column_int64(st, 0), err);
        if (rc == TS_OK && r != SQLITE_DONE) rc = ts_db_fail(db, err, "merging");
        sqlite3_finalize(st);
    }
    if (rc == TS_OK)
        rc = run(db, err, NULL,
                 "UPDATE main.stream SET length = b.length, hash = b.hash, epochs = b.epochs,"
                 " marks = main.stream.marks || substr(b.marks, ?3 + 1)"
                 " FROM (SELECT length, hash, marks, epochs FROM o.stream WHERE id = ?2) AS b WHERE main.stream.id = ?1",
                 3, a->id, b->id, (int64_t)(16 * (a->len / TS_FP_MARK)));
    for (size_t i = 0; i < b->nchk && rc == TS_OK; i++)
        if (b->chk[i].off > a->len) rc = ts_streams_add_check(a, b->chk[i].off, b->chk[i].v.b);
    a->len = b->len;
    a->lines = b->lines;
    a->epochs = b->epochs;
    return rc;
}

static int add(struct ts_db *db, struct ts_streams *A, const struct ts_streams_entry *b, struct ts_err *err)
{
    int rc = run(db, err, NULL, "INSERT INTO main.stream(head, length, hash, marks, epochs) SELECT head, length, hash,"
                                " marks, epochs FROM o.stream WHERE id = ?1", 1, b->id);
    if (rc != TS_OK) return rc;
    const int64_t id = sqlite3_last_insert_rowid(db->h);
    sqlite3_stmt *st = ts_db_prepare(db, "SELECT id FROM o.segment WHERE stream = ?1 ORDER BY start", err);
    if (!st) return TS_EOUT;
    sqlite3_bind_int64(st, 1, b->id);
    int r;
    while (rc == TS_OK && (r = sqlite3_step(st)) == SQLITE_ROW) rc = copy_segment(db, id, sqlite3_column_int64(st, 0), err);
    if (rc == TS_OK && r != SQLITE_DONE) rc = ts_db_fail(db, err, "merging");
    sqlite3_finalize(st);
    struct ts_streams_entry *a = rc == TS_OK ? ts_streams_push(A) : NULL;
    if (rc == TS_OK && !a) rc = TS_ENOMEM;
    if (rc != TS_OK) return rc;
    a->id = id;
    a->head = b->head;
    a->len = b->len;
    a->lines = b->lines;
    for (size_t i = 0; i < b->nchk && rc == TS_OK; i++) rc = ts_streams_add_check(a, b->chk[i].off, b->chk[i].v.b);
    return rc;
}

static int merge_one(struct ts_db *db, const char *from, struct ts_merge_stats *ms, struct ts_err *err)
{
    struct ts_streams A = {0}, B = {0};
    int rc = ts_streams_load(db, "main", &A, err);
    if (rc == TS_OK) rc = ts_streams_load(db, "o", &B, err);
    if (rc == TS_OK)
        rc = run(db, err, NULL,
                 "INSERT INTO main.serial_note SELECT host, pid, serial, peer FROM o.serial_note WHERE true"
                 " ON CONFLICT(host, pid, serial) DO UPDATE SET peer = excluded.peer WHERE excluded.peer < peer",
                 0);
    if (rc == TS_OK)
        rc = run(db, err, NULL,
                 "INSERT INTO main.conn_note SELECT host, conn, peer, several FROM o.conn_note WHERE true"
                 " ON CONFLICT(host, conn) DO UPDATE SET several = 1"
                 " WHERE several = 0 AND (excluded.several <> 0 OR excluded.peer <> peer)",
                 0);
    for (size_t i = 0; i < B.n && rc == TS_OK; i++) {
        const struct ts_streams_entry *b = &B.e[i];
        struct ts_streams_entry *a = NULL;
        for (size_t j = 0; j < A.n && !a; j++)
            if (A.e[j].head == b->head && same_content(&A.e[j], b)) a = &A.e[j];
        if (!a) {
            rc = add(db, &A, b, err);
            ms->added++;
        } else if (b->len <= a->len) {
            ms->held++;
        } else {
            rc = grow(db, a, b, from, err);
            ms->grown++;
        }
    }
    ts_streams_free(&A);
    ts_streams_free(&B);
    if (rc == TS_ENOMEM && !err->code) ts_err_set(err, TS_ENOMEM, 0, db->path, "out of memory");
    return rc;
}

int ts_merge(struct ts_db *db, char *const *others, int n, struct ts_merge_stats *ms, struct ts_err *err)
{
    memset(ms, 0, sizeof *ms);
    struct stat self;
    const int have_self = stat(db->path, &self) == 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (have_self && stat(others[i], &st) == 0 && st.st_dev == self.st_dev && st.st_ino == self.st_ino)
            continue; /* a database holds all of itself */
        /* The other file is checked like any database before it is attached. */
        struct ts_db o;
        int rc = ts_db_open(&o, others[i], TS_DB_READ, err);
        ts_db_close(&o);
        if (rc != TS_OK) return rc;
        sqlite3_stmt *at = ts_db_prepare(db, "ATTACH ?1 AS o", err);
        if (!at) return TS_EOUT;
        sqlite3_bind_text(at, 1, others[i], -1, SQLITE_STATIC);
        const int r = sqlite3_step(at);
        sqlite3_finalize(at);
        if (r != SQLITE_DONE) return ts_db_fail(db, err, "cannot attach the other database");
        /* what is merged is checked as a write would check its own file */
        sqlite3_stmt *qc = ts_db_prepare(db, "PRAGMA o.quick_check", err);
        const int fine = qc && sqlite3_step(qc) == SQLITE_ROW && ts_str_eq(ts_db_col(qc, 0), TS_S("ok"));
        sqlite3_finalize(qc);
        if (!fine) {
            ts_err_set(err, TS_EOUT, 0, others[i], "corrupt database; nothing merged from it");
            rc = TS_EOUT;
        }
        if (rc == TS_OK) rc = ts_db_begin(db, err);
        if (rc == TS_OK) {
            rc = merge_one(db, others[i], ms, err);
            if (rc == TS_OK) rc = ts_db_commit(db, err);
            else ts_db_rollback(db);
        }
        ts_db_exec(db, "DETACH o", NULL);
        if (rc != TS_OK) return rc;
    }
    return TS_OK;
}
