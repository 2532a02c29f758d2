/* slots.h — how many inputs a run holds open at once.
 *
 * Files open at once are bounded whatever -j and the number of inputs: a
 * unit takes a slot to open its file, a split file holds one slot from
 * its first range's start to its last range's end. Units are handed out
 * in order, so a worker that needs a slot holds none, and every open file
 * has a range being read or next in line: the slots always come back. */
#ifndef TS_SLOTS_H
#define TS_SLOTS_H

#include <pthread.h>

#include "input/input.h"

/* Most input files open at once (and at most half the descriptor limit). */
#define TS_SLOTS_MAX 256

struct ts_slots {
    pthread_mutex_t mu; /* also guards what the run shares about split files (run.c) */
    pthread_cond_t freed;
    int open, max;
};

void ts_slots_init(struct ts_slots *sl);
void ts_slots_free(struct ts_slots *sl);
/* Opens path in a slot. The open itself runs unlocked: a FIFO operand
 * blocks in open() and in sniffing until its writer comes, and must not
 * hold up the other workers. A descriptor limit reached anyway (the
 * caller's own files) waits for another slot to be given back. */
int ts_slots_open(struct ts_slots *sl, const char *path, struct ts_input **src, struct ts_err *err);
void ts_slots_close(struct ts_slots *sl, struct ts_input *src);

#endif
