/* lifecycle.h — the next episode of a host. */
#ifndef GEN_LIFECYCLE_H
#define GEN_LIFECYCLE_H

#include "base.h"

struct ep;
struct host;

/* Builds the next episode of host h into its (empty) queue; now: the time
 * of the line being written, which decides whether a restart is due. */
void next_episode(struct ep *e, struct host *h, u64 now);

#endif
