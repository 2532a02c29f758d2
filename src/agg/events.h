/* events.h — the rows of `--report events`, spooled to a temporary file.
 *
 * A peerless event's peer is only known once all input was seen, so events
 * are written out during the scan and read back, in input order, after the
 * aggregate is finished. Holding them in memory cost about 300 bytes each
 * (1 M events = 316 MiB); a spool holds at most TS_EVENTS_TAIL bytes in
 * memory and writes the rest to a file created in TMPDIR (default /tmp) and
 * unlinked at once, so nothing is left behind whatever ends the run. A spool
 * whose events fit in the tail never creates a file.
 *
 * One spool belongs to one thread while it writes; a unit of work is the
 * range of spool offsets [begin, end) it wrote (ts_events_size before and
 * after). Records are compact: the line number, count, class and the thirteen
 * text fields, each cut to TS_FIELD_KEEP bytes like the aggregate's keys. */
#ifndef TS_EVENTS_H
#define TS_EVENTS_H

#include <stdint.h>

#include "base/ts.h"

/* Bytes of records a spool keeps in memory before it writes them out. */
#define TS_EVENTS_TAIL ((size_t)1 << 20)

struct ts_event {
    uint64_t line; /* 1-based within the unit */
    uint32_t weight;
    int cls;
    ts_str day, time, host, pid, conn, instance, peer, port, serial, tag, d1, d2;
    ts_str run; /* the pid that keys its attribution: the run of a line with neither host nor pid */
};

struct ts_events {
    int fd;                 /* -1 until the tail first fills */
    uint64_t flushed;       /* bytes in the file */
    unsigned char *tail;    /* records not written out yet */
    size_t n, cap;          /* cap: TS_EVENTS_TAIL unless set lower (tests) */
};

void ts_events_init(struct ts_events *l);
/* Closes the file (already unlinked) and frees the tail. */
void ts_events_free(struct ts_events *l);
/* Offset after the last record added. */
uint64_t ts_events_size(const struct ts_events *l);
/* Appends e (strings copied). TS_OK, TS_ENOMEM, or TS_EOUT when the
 * temporary file cannot be created or written (err names TMPDIR). */
int ts_events_add(struct ts_events *l, const struct ts_event *e, struct ts_err *err);

/* Reads back the records of [begin, end) in order. */
struct ts_events_reader {
    const struct ts_events *l;
    uint64_t off, end;   /* next spool offset to fetch */
    unsigned char *buf;  /* fetched, [pos, have) not yet decoded */
    size_t pos, have, cap;
};
int ts_events_read_begin(struct ts_events_reader *r, const struct ts_events *l, uint64_t begin, uint64_t end);
/* 1 with *e filled (its strings valid until the next call), 0 at the end,
 * or TS_EOUT (err filled) when the file cannot be read back. */
int ts_events_next(struct ts_events_reader *r, struct ts_event *e, struct ts_err *err);
void ts_events_read_end(struct ts_events_reader *r);

#endif
