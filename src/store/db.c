/* db.c — see db.h. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "agg/sessions.h"
#include "store/db.h"
#include "store/fp.h"
#include "lexer/class.h"
#include "report/columns.h"

int ts_db_fail(struct ts_db *db, struct ts_err *err, const char *what)
{
    const int code = db->h ? sqlite3_errcode(db->h) : SQLITE_NOMEM;
    if (code == SQLITE_NOMEM) {
        ts_err_set(err, TS_ENOMEM, 0, db->path, "%s: out of memory", what);
        return TS_ENOMEM;
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        ts_err_set(err, TS_EOUT, 0, db->path, "%s: the database is in use by another ingest or merge", what);
    else if (code == SQLITE_FULL)
        ts_err_set(err, TS_EOUT, ENOSPC, db->path, "%s: disk full; the database keeps its previous state", what);
    else
        ts_err_set(err, TS_EOUT, 0, db->path, "%s: %s", what, sqlite3_errmsg(db->h));
    return TS_EOUT;
}

int ts_db_exec(struct ts_db *db, const char *sql, struct ts_err *err)
{
    return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? TS_OK : ts_db_fail(db, err, "database");
}

sqlite3_stmt *ts_db_prepare(struct ts_db *db, const char *sql, struct ts_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
        ts_db_fail(db, err, "database");
        return NULL;
    }
    return st;
}

ts_str ts_db_col(sqlite3_stmt *st, int i)
{
    const unsigned char *p = sqlite3_column_text(st, i);
    return p ? (ts_str){p, sqlite3_column_bytes(st, i)} : TS_S("");
}

int ts_db_bind(sqlite3_stmt *st, int i, ts_str s)
{
    return sqlite3_bind_text(st, i, s.n ? (const char *)s.p : "", (int)s.n, SQLITE_STATIC);
}

static const char *const k_kinds[] = {"pid", "up", "dpd", "disc"}; /* by enum ts_sessions_kind */

const char *ts_db_kind_name(int kind)
{
    return kind >= 0 && kind < TS_COUNTOF(k_kinds) ? k_kinds[kind] : "?";
}

int ts_db_kind_by_name(ts_str name)
{
    for (int k = 0; k < TS_COUNTOF(k_kinds); k++)
        if (ts_str_eq(name, (ts_str){(const unsigned char *)k_kinds[k], (ptrdiff_t)strlen(k_kinds[k])})) return k;
    return -1;
}

int ts_db_classes(int *cls)
{
    int k = 0;
    for (int c = 0; c < TS_NCLASS; c++) {
        int shown = 0;
        for (int i = 0; i < ts_ncolumns; i++) shown |= ts_columns[i].cls[0] == c || ts_columns[i].cls[1] == c;
        if (shown) cls[k++] = c;
    }
    return k;
}

const char *ts_db_class_cols(char *buf, size_t n, const char *prefix, const char *wrap)
{
    int cls[TS_NCLASS];
    const int ncls = ts_db_classes(cls);
    size_t k = 0;
    buf[0] = 0;
    for (int i = 0; i < ncls && k < n; i++) {
        const int w = wrap ? snprintf(buf + k, n - k, "%s%s(%s\"%s\")", i ? ", " : "", wrap, prefix ? prefix : "",
                                      ts_class_name(cls[i]))
                           : snprintf(buf + k, n - k, "%s%s\"%s\"", i ? ", " : "", prefix ? prefix : "",
                                      ts_class_name(cls[i]));
        if (w < 0) break;
        k += (size_t)w;
    }
    return buf;
}

/* ---- schema ---------------------------------------------------------- */

/* Appends formatted SQL (fragments are short: names and fixed text). */
static void put(struct ts_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct ts_buf *b, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    const int w = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= sizeof tmp) b->oom = 1;
    else ts_buf_put(b, tmp, (size_t)w);
}

static void class_table(struct ts_buf *b, const char *name, const char *key3)
{
    put(b, "CREATE TABLE %s(segment INTEGER NOT NULL, day TEXT NOT NULL, host TEXT NOT NULL, %s TEXT NOT NULL",
        name, key3);
    int cls[TS_NCLASS];
    const int ncls = ts_db_classes(cls);
    for (int i = 0; i < ncls; i++) put(b, ", \"%s\" INTEGER NOT NULL DEFAULT 0", ts_class_name(cls[i]));
    put(b, ");\nCREATE INDEX %s_segment ON %s(segment);\n", name, name);
}

/* The attributed peers view, the CSV's columns: SPEC §5's rule as joins. */
static void peers_view(struct ts_buf *b)
{
    const struct ts_columns_entry *cols = ts_columns;
    const int ncols = ts_ncolumns;
    put(b, "CREATE VIEW peers AS SELECT day, host, peer");
    for (int i = 0; i < ncols; i++) put(b, ", sum(\"%s\") AS \"%s\"", cols[i].name, cols[i].name);
    put(b, " FROM (SELECT day, host, peer");
    for (int i = 0; i < ncols; i++) {
        put(b, ", ");
        for (int k = 0; k < 2 && cols[i].cls[k] >= 0; k++) put(b, "%s\"%s\"", k ? " + " : "", ts_class_name(cols[i].cls[k]));
        put(b, " AS \"%s\"", cols[i].name);
    }
    put(b, " FROM counts UNION ALL SELECT p.day, p.host, coalesce(s.peer, CASE WHEN c.several = 0 THEN c.peer END, '-')");
    for (int i = 0; i < ncols; i++) {
        put(b, ", CASE WHEN p.class IN (");
        for (int k = 0; k < 2 && cols[i].cls[k] >= 0; k++) put(b, "%s'%s'", k ? ", " : "", ts_class_name(cols[i].cls[k]));
        put(b, ") THEN p.n ELSE 0 END");
    }
    put(b, " FROM pending p LEFT JOIN serial_note s ON p.serial <> '' AND s.host = p.host AND s.pid = p.pid"
           " AND s.serial = p.serial LEFT JOIN conn_note c ON p.conn <> '' AND c.host = p.host AND c.conn = p.conn)"
           " GROUP BY day, host, peer HAVING ");
    for (int i = 0; i < ncols; i++) put(b, "%ssum(\"%s\") > 0", i ? " OR " : "", cols[i].name);
    put(b, " ORDER BY day, host, peer;\n");
}

static int create(struct ts_db *db, struct ts_err *err)
{
    struct ts_buf b = {0};
    put(&b, "PRAGMA application_id = %d;\nPRAGMA user_version = %d;\n", TS_DB_APP_ID, TS_DB_SCHEMA);
    put(&b, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
            "INSERT INTO meta VALUES ('program', 'tunnelstat'), ('schema', '%d'), ('mark', '%llu');\n"
            "CREATE TABLE stream(id INTEGER PRIMARY KEY, head INTEGER NOT NULL, length INTEGER NOT NULL,"
            " hash BLOB NOT NULL, marks BLOB NOT NULL, epochs INTEGER NOT NULL DEFAULT 0);\n"
            "CREATE INDEX stream_head ON stream(head);\n"
            "CREATE TABLE segment(id INTEGER PRIMARY KEY, stream INTEGER NOT NULL REFERENCES stream(id),"
            " start INTEGER NOT NULL, end INTEGER NOT NULL, end_hash BLOB NOT NULL, ref TEXT NOT NULL,"
            " path TEXT NOT NULL, ingested INTEGER NOT NULL, lines INTEGER NOT NULL);\n"
            "CREATE INDEX segment_stream ON segment(stream, end);\n",
        TS_DB_SCHEMA, (unsigned long long)TS_FP_MARK);
    put(&b, "CREATE TABLE pending(segment INTEGER NOT NULL, day TEXT NOT NULL, host TEXT NOT NULL,"
            " pid TEXT NOT NULL, conn TEXT NOT NULL, serial TEXT NOT NULL, class TEXT NOT NULL,"
            " n INTEGER NOT NULL);\n"
            "CREATE INDEX pending_segment ON pending(segment);\n"
            "CREATE TABLE serial_note(host TEXT NOT NULL, pid TEXT NOT NULL, serial TEXT NOT NULL,"
            " peer TEXT NOT NULL, PRIMARY KEY(host, pid, serial)) WITHOUT ROWID;\n"
            "CREATE TABLE conn_note(host TEXT NOT NULL, conn TEXT NOT NULL, peer TEXT NOT NULL,"
            " several INTEGER NOT NULL, PRIMARY KEY(host, conn)) WITHOUT ROWID;\n"
            "CREATE TABLE session_event(segment INTEGER NOT NULL, line INTEGER NOT NULL, t INTEGER NOT NULL,"
            " host TEXT NOT NULL, pid TEXT NOT NULL, conn TEXT NOT NULL, peer TEXT NOT NULL, serial TEXT NOT NULL,"
            " run TEXT NOT NULL, kind TEXT NOT NULL, weight INTEGER NOT NULL);\n"
            "CREATE INDEX session_event_segment ON session_event(segment);\n"
            "CREATE TABLE host_span(segment INTEGER NOT NULL, host TEXT NOT NULL, first INTEGER NOT NULL,"
            " last INTEGER NOT NULL);\n"
            "CREATE INDEX host_span_segment ON host_span(segment);\n"
            "CREATE TABLE file_seen(dev INTEGER NOT NULL, ino INTEGER NOT NULL, size INTEGER NOT NULL,"
            " mtime_ns INTEGER NOT NULL, raw BLOB NOT NULL, PRIMARY KEY(dev, ino)) WITHOUT ROWID;\n");
    class_table(&b, "counts", "peer");
    class_table(&b, "conn_counts", "conn");
    peers_view(&b);
    ts_buf_put(&b, "", 1);
    if (b.oom) {
        ts_buf_free(&b);
        ts_err_set(err, TS_ENOMEM, 0, db->path, "out of memory");
        return TS_ENOMEM;
    }
    int rc = ts_db_exec(db, b.p, err);
    ts_buf_free(&b);
    return rc;
}

/* ---- opening ---------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads the 100-byte SQLite header: 1 = a file to create into (missing or
 * empty), 0 = a tunnelstat database of a schema this program reads, or
 * TS_EOUT with err saying why it is refused. */
static int check_header(const char *path, enum ts_db_mode mode, struct ts_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT && mode == TS_DB_WRITE) return 1;
        ts_err_set(err, TS_EOUT, errno, path, "cannot open the database");
        return -TS_EOUT;
    }
    unsigned char h[100];
    ssize_t n = read(fd, h, sizeof h);
    const int e = errno;
    close(fd);
    if (n < 0) {
        ts_err_set(err, TS_EOUT, e, path, "cannot read the database");
        return -TS_EOUT;
    }
    if (n == 0) {
        if (mode == TS_DB_WRITE) return 1;
        ts_err_set(err, TS_EOUT, 0, path, "empty file: not a tunnelstat database (nothing was ingested into it)");
        return -TS_EOUT;
    }
    if (n < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
        ts_err_set(err, TS_EOUT, 0, path, "not a tunnelstat database (not an SQLite file); left untouched");
        return -TS_EOUT;
    }
    if (be32(h + 68) != TS_DB_APP_ID) {
        ts_err_set(err, TS_EOUT, 0, path, "an SQLite database, but not tunnelstat's (application_id); left untouched");
        return -TS_EOUT;
    }
    if (be32(h + 60) > TS_DB_SCHEMA) {
        ts_err_set(err, TS_EOUT, 0, path,
                   "written by a newer tunnelstat (schema %u; this one reads %d); left untouched", be32(h + 60),
                   TS_DB_SCHEMA);
        return -TS_EOUT;
    }
    return 0;
}

/* Before writing, the whole file is checked (PRAGMA quick_check): a write
 * must not build on damaged pages. A reader relies on SQLite's own checks
 * of the pages it reads (SQLITE_CORRUPT fails the report, nothing is
 * written), which spares a year-sized database a full pass per report. */
static int verify(struct ts_db *db, enum ts_db_mode mode, struct ts_err *err)
{
    sqlite3_stmt *st = ts_db_prepare(db, "SELECT value FROM meta WHERE key = 'program'", err);
    if (!st) {
        ts_err_set(err, TS_EOUT, 0, db->path, "not a tunnelstat database (no meta table) or corrupt; left untouched");
        return TS_EOUT;
    }
    const int ok = sqlite3_step(st) == SQLITE_ROW && ts_str_eq(ts_db_col(st, 0), TS_S("tunnelstat"));
    sqlite3_finalize(st);
    if (!ok) {
        ts_err_set(err, TS_EOUT, 0, db->path, "not a tunnelstat database (meta) or corrupt; left untouched");
        return TS_EOUT;
    }
    if (mode == TS_DB_READ) return TS_OK;
    if (!(st = ts_db_prepare(db, "PRAGMA quick_check", err))) return TS_EOUT;
    const int rc = sqlite3_step(st);
    const int fine = rc == SQLITE_ROW && ts_str_eq(ts_db_col(st, 0), TS_S("ok"));
    char first[160];
    snprintf(first, sizeof first, "%.*s", rc == SQLITE_ROW ? (int)ts_db_col(st, 0).n : 0,
             rc == SQLITE_ROW ? (const char *)ts_db_col(st, 0).p : "");
    sqlite3_finalize(st);
    if (!fine) {
        if (rc != SQLITE_ROW) return ts_db_fail(db, err, "corrupt database; left untouched");
        ts_err_set(err, TS_EOUT, 0, db->path, "corrupt database (%s); left untouched", first);
        return TS_EOUT;
    }
    return TS_OK;
}

int ts_db_open(struct ts_db *db, const char *path, enum ts_db_mode mode, struct ts_err *err)
{
    memset(db, 0, sizeof *db);
    db->path = path;
    const int fresh = check_header(path, mode, err);
    if (fresh < 0) return -fresh;
    const int flags = mode == TS_DB_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        int rc = ts_db_fail(db, err, "cannot open the database");
        ts_db_close(db);
        db->path = path;
        return rc;
    }
    sqlite3_busy_timeout(db->h, 5000);
    sqlite3_extended_result_codes(db->h, 0);
    int rc = TS_OK;
    if (fresh) {
        rc = ts_db_exec(db, "PRAGMA journal_mode = WAL", err);
        if (rc == TS_OK) rc = ts_db_begin(db, err);
        if (rc == TS_OK) {
            /* Two ingests creating one file: the second one finds the schema. */
            sqlite3_stmt *st = ts_db_prepare(db, "SELECT count(*) FROM sqlite_schema", err);
            int empty = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
            sqlite3_finalize(st);
            rc = empty ? create(db, err) : verify(db, mode, err);
            if (rc == TS_OK) rc = ts_db_commit(db, err);
            else ts_db_rollback(db);
        }
    } else {
        rc = verify(db, mode, err);
        if (rc == TS_OK && mode == TS_DB_WRITE) rc = ts_db_exec(db, "PRAGMA journal_mode = WAL", err);
    }
    if (rc == TS_OK && mode == TS_DB_WRITE) rc = ts_db_exec(db, "PRAGMA synchronous = NORMAL", err);
    if (rc != TS_OK) {
        ts_db_close(db);
        db->path = path;
    }
    return rc;
}

void ts_db_close(struct ts_db *db)
{
    if (db->h) sqlite3_close_v2(db->h);
    memset(db, 0, sizeof *db);
}

int ts_db_begin(struct ts_db *db, struct ts_err *err)
{
    if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) return TS_OK;
    return ts_db_fail(db, err, "cannot start writing");
}

int ts_db_commit(struct ts_db *db, struct ts_err *err)
{
    if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) return TS_OK;
    const int rc = ts_db_fail(db, err, "cannot commit, the database keeps its previous state");
    ts_db_rollback(db);
    return rc;
}

void ts_db_rollback(struct ts_db *db)
{
    if (db->h && !sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}
