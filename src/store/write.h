/* write.h — one ingested file's new lines into the database as a segment
 * (SPEC.md §10.4): the stream row, the segment row, and the segment's
 * unattributed pieces (counts, conn_counts, pending, notes joined in place,
 * session events, host spans). Used inside the ingest's transaction. */
#ifndef TS_WRITE_H
#define TS_WRITE_H

#include <stdint.h>

#include "agg/agg.h"
#include "agg/sesslog.h"
#include "base/map.h"
#include "scan/day.h"
#include "store/db.h"
#include "store/fp.h"

struct ts_write_seg {
    int64_t stream;        /* the stream extended; 0: a new stream of head */
    uint64_t head, start, end;
    uint64_t base_lines;   /* lines the stream held before start */
    uint64_t lines;        /* lines in [start, end) */
    uint32_t epochs;       /* restart banners in [0, end) */
    struct ts_fp_val end_hash;               /* of [0, end) */
    const struct ts_fp_val *marks;           /* the marks past the stream's old length */
    size_t nmarks;
    struct ts_day_ref ref;
    const char *path;
    const struct ts_agg *agg, *conns;        /* unfinished: pieces as counted */
    const struct ts_sesslog *slog;           /* session events (lines within the segment), host spans */
};

enum { TS_WRITE_NSTMT = 10 };
struct ts_write {
    struct ts_db *db;
    sqlite3_stmt *st[TS_WRITE_NSTMT];
    long long now;
    int cls[TS_NCLASS], ncls;   /* the classes kept (ts_db_classes) */
    unsigned char kept[TS_NCLASS];
};

int ts_write_init(struct ts_write *w, struct ts_db *db, struct ts_err *err);
void ts_write_free(struct ts_write *w);
/* *stream: the stream's id (new or extended). TS_OK or the database's error. */
int ts_write_segment(struct ts_write *w, const struct ts_write_seg *s, int64_t *stream, struct ts_err *err);

#endif
