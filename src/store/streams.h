/* streams.h — the streams a database holds, in memory: per stream its head,
 * counted length and lines, and every offset it has a fingerprint for
 * (marks and segment ends), which is what a file or another database's
 * stream is compared against (SPEC.md §10.2). */
#ifndef TS_STREAMS_H
#define TS_STREAMS_H

#include <stdint.h>

#include "store/db.h"
#include "store/fp.h"

struct ts_streams_check {
    uint64_t off;
    struct ts_fp_val v;
};

struct ts_streams_entry {
    int64_t id;
    uint64_t head, len;
    uint64_t lines;                /* lines counted in [0, len) */
    uint32_t epochs;               /* pluto restart banners in [0, len) (scan.h) */
    struct ts_streams_check *chk;  /* ascending offsets, one per offset; the last is len */
    size_t nchk, cap;
};

struct ts_streams {
    struct ts_streams_entry *e; /* ascending ids */
    size_t n, cap;
};

/* Loads the streams of schema ("main", or an attached database's name).
 * TS_OK, TS_EOUT or TS_ENOMEM with err filled. */
int ts_streams_load(struct ts_db *db, const char *schema, struct ts_streams *s, struct ts_err *err);
void ts_streams_free(struct ts_streams *s);
/* A new entry at the end (ids must grow); NULL when out of memory. */
struct ts_streams_entry *ts_streams_push(struct ts_streams *s);
/* Appends a check past the last one (an equal offset is kept once). */
int ts_streams_add_check(struct ts_streams_entry *e, uint64_t off, const void *v16);
/* The entry of stream id, NULL if none. */
struct ts_streams_entry *ts_streams_find(struct ts_streams *s, int64_t id);
/* The fingerprint e holds at off, NULL if none. */
const struct ts_fp_val *ts_streams_at(const struct ts_streams_entry *e, uint64_t off);

#endif
