/* seen.c — see seen.h. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/seen.h"

#define EDGE ((size_t)64 << 10)

static void key(const struct ts_seen_id *id, unsigned char k[16])
{
    memcpy(k, &id->dev, 8);
    memcpy(k + 8, &id->ino, 8);
}

int ts_seen_load(struct ts_db *db, struct ts_seen *s, struct ts_err *err)
{
    memset(s, 0, sizeof *s);
    ts_map_init(&s->map, &s->arena, sizeof(struct ts_seen_id));
    sqlite3_stmt *st = ts_db_prepare(db, "SELECT dev, ino, size, mtime_ns, raw FROM file_seen", err);
    if (!st) return TS_EOUT;
    int rc = TS_OK, r;
    while (rc == TS_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        struct ts_seen_id id = {(uint64_t)sqlite3_column_int64(st, 0), (uint64_t)sqlite3_column_int64(st, 1),
                                sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3), {{0}}};
        if (sqlite3_column_bytes(st, 4) != 16) continue;
        memcpy(id.raw.b, sqlite3_column_blob(st, 4), 16);
        unsigned char k[16];
        key(&id, k);
        int created;
        struct ts_seen_id *v = ts_map_get(&s->map, k, 16, ts_map_hash(k, 16), 1, &created);
        if (!v) rc = TS_ENOMEM;
        else *v = id;
    }
    if (rc == TS_OK && r != SQLITE_DONE) rc = ts_db_fail(db, err, "reading the files seen");
    if (rc == TS_ENOMEM) ts_err_set(err, TS_ENOMEM, 0, db->path, "out of memory");
    sqlite3_finalize(st);
    return rc;
}

void ts_seen_free(struct ts_seen *s)
{
    ts_map_free(&s->map);
    ts_arena_free(&s->arena);
}

int ts_seen_id(const char *path, struct ts_seen_id *id)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return -1;
    struct stat st;
    unsigned char *buf = NULL;
    int rc = -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (buf = malloc(EDGE))) {
        id->dev = (uint64_t)st.st_dev;
        id->ino = (uint64_t)st.st_ino;
        id->size = (int64_t)st.st_size;
        id->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
        struct ts_fp h;
        ts_fp_init(&h);
        ts_fp_add(&h, &id->size, sizeof id->size);
        const ssize_t a = pread(fd, buf, EDGE, 0);
        if (a >= 0) ts_fp_add(&h, buf, (size_t)a);
        const off_t tail = st.st_size > (off_t)EDGE ? st.st_size - (off_t)EDGE : 0;
        const ssize_t b = a >= 0 ? pread(fd, buf, EDGE, tail) : -1;
        if (b >= 0) {
            ts_fp_add(&h, buf, (size_t)b);
            id->raw = ts_fp_value(&h);
            rc = 0;
        }
    }
    free(buf);
    close(fd);
    return rc;
}

int ts_seen_known(const struct ts_seen *s, const struct ts_seen_id *id)
{
    unsigned char k[16];
    key(id, k);
    const struct ts_seen_id *v = ts_map_get((struct ts_map *)&s->map, k, 16, ts_map_hash(k, 16), 0, NULL);
    return v && v->size == id->size && v->mtime_ns == id->mtime_ns && memcmp(v->raw.b, id->raw.b, 16) == 0;
}

int ts_seen_put(struct ts_db *db, const struct ts_seen_id *id, struct ts_err *err)
{
    sqlite3_stmt *st = ts_db_prepare(db, "INSERT OR REPLACE INTO file_seen VALUES (?, ?, ?, ?, ?)", err);
    if (!st) return TS_EOUT;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)id->dev);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)id->ino);
    sqlite3_bind_int64(st, 3, id->size);
    sqlite3_bind_int64(st, 4, id->mtime_ns);
    sqlite3_bind_blob(st, 5, id->raw.b, 16, SQLITE_STATIC);
    const int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? TS_OK : ts_db_fail(db, err, "writing the files seen");
}
