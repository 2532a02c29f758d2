/* events.h — the rows of `--report events`, kept per unit of work.
 *
 * A peerless event's peer is only known once all input was seen, so events
 * are stored (copied out of the input buffer into the list's arena) and
 * rendered after the scan. Line numbers are relative to the unit and made
 * absolute when the units of a file are joined. */
#ifndef TS_EVENTS_H
#define TS_EVENTS_H

#include <stdint.h>

#include "base/arena.h"
#include "base/ts.h"

struct ts_event {
    struct ts_event *next;
    uint64_t line; /* 1-based within the unit */
    uint32_t weight;
    int cls;
    ts_str day, time, host, pid, conn, instance, peer, port, serial, tag, d1, d2;
};

struct ts_events {
    struct ts_arena arena;
    struct ts_event *head, **tail;
    uint64_t n;
};

void ts_events_init(struct ts_events *l);
void ts_events_free(struct ts_events *l);
/* Copies e (strings included) to the end of l. TS_OK or TS_ENOMEM. */
int ts_events_add(struct ts_events *l, const struct ts_event *e);

#endif
