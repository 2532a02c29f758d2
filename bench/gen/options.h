/* options.h — the command line of the generator. */
#ifndef GEN_OPTIONS_H
#define GEN_OPTIONS_H

#include "base.h"

#define MAX_PEERS 1048575 /* peer indexes (with [0] = '-') must fit the 20 bits of a truth key */

struct opts {
    u64 seed, size;
    double ike, crlf;
    int peers, hosts, days, files, rollover;
    int scanners, sweep;   /* scanners -1: max(400, 6 * peers) */
    double scan_frac;      /* share of scanner episodes; then 0.03 of debug bursts */
    int sy, sm, sd;        /* first day */
    const char *out, *truth;
    const char *truth_sessions, *truth_availability;
};

/* Fills o from argv (defaults first); with --rollover and no --start, centres
 * the span on New Year. Dies with a message on a bad option. */
void options_parse(struct opts *o, int argc, char **argv);

#endif
