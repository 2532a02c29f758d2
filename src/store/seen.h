/* seen.h — the shortcut for unchanged files (SPEC.md §10.2): every regular
 * file an ingest read completely is recorded by device, inode, size,
 * modification time and a fingerprint of its first and last 64 KiB of raw
 * bytes; a file found again with all five equal holds bytes already read, so
 * the next ingest skips it without decoding it. Only a shortcut: a file
 * that differs in any of them goes through the content identity rule. */
#ifndef TS_SEEN_H
#define TS_SEEN_H

#include <stdint.h>

#include "base/arena.h"
#include "base/map.h"
#include "store/db.h"
#include "store/fp.h"

struct ts_seen_id {
    uint64_t dev, ino;
    int64_t size, mtime_ns;
    struct ts_fp_val raw;
};

struct ts_seen {
    struct ts_arena arena;
    struct ts_map map; /* dev, ino -> struct ts_seen_id */
};

int ts_seen_load(struct ts_db *db, struct ts_seen *s, struct ts_err *err);
void ts_seen_free(struct ts_seen *s);
/* The identity of the regular file at path: 0, or -1 (not a regular file,
 * unreadable). */
int ts_seen_id(const char *path, struct ts_seen_id *id);
/* 1 when the database recorded id as it is. Read only: threads may ask. */
int ts_seen_known(const struct ts_seen *s, const struct ts_seen_id *id);
/* Records id (replacing what its device and inode had). */
int ts_seen_put(struct ts_db *db, const struct ts_seen_id *id, struct ts_err *err);

#endif
