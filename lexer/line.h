/* line.h — what the lexer says about one line: its kind, its header shape
 * and struct ts_line, whose ts_str fields all point into the caller's
 * buffer. */
#ifndef TS_LINE_H
#define TS_LINE_H

#include "base/ts.h"
#include "lexer/class.h"

enum ts_linekind {
    TS_LINE_NOT_IKE = 0, /* another program, or headerless without a pluto prefix */
    TS_LINE_DEBUG,       /* Libreswan "| " debug line of the IKE daemon: skipped */
    TS_LINE_IKE
};

enum ts_hdr {
    TS_HDR_NONE = 0, /* H7: no header (or whack console output) */
    TS_HDR_3164,     /* H1 H2 H4 H5 H8 H9 H10, optionally after <PRI> */
    TS_HDR_OWNLOG,   /* H6: pluto's own log file, time only */
    TS_HDR_ISO,      /* H3 */
    TS_HDR_5424      /* H11 */
};

struct ts_line {
    int kind;            /* enum ts_linekind */
    int hdr;             /* enum ts_hdr */
    int year, month, mday; /* year 0 when not written (RFC 3164); month 0 when no date */
    ts_str time;         /* as written, with fraction, without zone */
    ts_str host, prog, pid;
    ts_str rc;           /* whack return code */
    ts_str conn, instance, peer, port, serial, tag, state;
    ts_str body;         /* message after prefix, tag and story, CR stripped */
    int cls;             /* enum ts_class, valid when kind == TS_LINE_IKE */
    ts_str d1, d2;       /* detail: rendered "d1" or "d1 d2" */
    unsigned weight;     /* "message repeated N times" gives N, else 1 */
    int restart;         /* a restart banner of pluto's own log (H6 "Starting Pluto"), not an IKE line */
    ts_str run;          /* set by the scanner: the run of a line with neither host nor pid (SPEC.md §5) */
};

#endif
