/* db.h — the state database file (SPEC.md §10): opening it safely, its
 * schema, transactions, and the statements every store module shares.
 *
 * Nothing is written to a file before it is known to be a tunnelstat
 * database of a schema this program reads (or a new or empty file): the
 * SQLite header is read and checked by hand first, so a foreign or damaged
 * file is refused untouched. Errors are TS_EOUT (the database cannot be
 * used or written; the CLI exits 3) or TS_ENOMEM, with err naming the file. */
#ifndef TS_DB_H
#define TS_DB_H

#include <stdint.h>

#include <sqlite3.h>

#include "base/ts.h"

#define TS_DB_SCHEMA 1
#define TS_DB_APP_ID 0x54534442 /* "TSDB" */

struct ts_db {
    sqlite3 *h;
    const char *path; /* borrowed */
};

enum ts_db_mode { TS_DB_READ, TS_DB_WRITE };

/* TS_DB_WRITE creates a missing (or empty) file with the schema; TS_DB_READ
 * refuses a missing one. */
int ts_db_open(struct ts_db *db, const char *path, enum ts_db_mode mode, struct ts_err *err);
void ts_db_close(struct ts_db *db);

/* BEGIN IMMEDIATE (waits for another writer up to the busy timeout, then
 * refuses), COMMIT, ROLLBACK. */
int ts_db_begin(struct ts_db *db, struct ts_err *err);
int ts_db_commit(struct ts_db *db, struct ts_err *err);
void ts_db_rollback(struct ts_db *db);

/* Runs sql (no rows); TS_OK or TS_EOUT with err filled. */
int ts_db_exec(struct ts_db *db, const char *sql, struct ts_err *err);
/* Prepares sql; NULL with err filled on failure. */
sqlite3_stmt *ts_db_prepare(struct ts_db *db, const char *sql, struct ts_err *err);
/* Fills err from the connection's last error, "what: sqlite message". */
int ts_db_fail(struct ts_db *db, struct ts_err *err, const char *what);

/* The classes the database keeps counters of: those the reports count (the
 * peers columns, report/columns.h); the others change no report and are
 * not kept. Fills cls (TS_NCLASS entries) in class order; returns how many. */
int ts_db_classes(int *cls);
/* Their counter columns, "c1, c2, ..." in that order, optionally each
 * prefixed ("x." gives "x.c1, x.c2") or wrapped as "sum(c1), ..."; written
 * into buf (at least 1024 bytes). */
const char *ts_db_class_cols(char *buf, size_t n, const char *prefix, const char *wrap);

/* A session event's kind (agg/sessions.h) as stored: "pid", "up", "dpd",
 * "disc"; ts_db_kind_by_name gives -1 for any other text. */
const char *ts_db_kind_name(int kind);
int ts_db_kind_by_name(ts_str name);

/* Text of a column as a view; "" for NULL. Valid until the next step. */
ts_str ts_db_col(sqlite3_stmt *st, int i);
/* Binds a view as text (SQLITE_STATIC: bytes must outlive the step). */
int ts_db_bind(sqlite3_stmt *st, int i, ts_str s);

#endif
