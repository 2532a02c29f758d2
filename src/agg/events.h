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

struct ts_ev {
    struct ts_ev *next;
    uint64_t line; /* 1-based within the unit */
    uint32_t weight;
    int cls;
    ts_str day, time, host, pid, conn, instance, peer, port, serial, tag, d1, d2;
    ts_str run; /* the pid that keys its attribution: the run of a line with neither host nor pid */
};

struct ts_evlist {
    struct ts_arena arena;
    struct ts_ev *head, **tail;
    uint64_t n;
};

void ts_evlist_init(struct ts_evlist *l);
void ts_evlist_free(struct ts_evlist *l);
/* Copies e (strings included) to the end of l. TS_OK or TS_ENOMEM. */
int ts_evlist_add(struct ts_evlist *l, const struct ts_ev *e);

#endif
