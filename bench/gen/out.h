/* out.h — the corpus being written: files, line headers, the clock.
 *
 * The clock (now) is a function of the LF-terminated bytes written so far
 * (CRs not counted), so the text does not depend on --files or --crlf-frac
 * except for the CRs and the split points. Each line is formatted in place
 * in the output buffer: out_begin writes the syslog header, the caller the
 * program and message, out_end the line end. */
#ifndef GEN_OUT_H
#define GEN_OUT_H

#include "base.h"
#include "cal.h"
#include "options.h"
#include "rng.h"

#define OBUF (8u << 20)
#define LINE_MAX_GEN 4096

struct host;

struct out {
    int fd, crlf;
    char *buf;
    size_t n;
    u64 logical;         /* LF-terminated bytes written so far, CRs not counted */
    u64 lines, ike_lines;
    u64 now;             /* seconds since day 0 00:00:00 of the line being written */
    u64 stamp_for;
    char stamp[16];      /* "Mmm dd HH:MM:SS " */
    const struct cal *cal;
    const char *path;    /* -o */
    int files;           /* --files, 0 for one file */
    double crlf_frac;
    int nfiles, cur_file;
    u64 *file_end;       /* seconds: file i holds lines with now < file_end[i] */
    long *file_name_day;
    struct rng frng;     /* a stream of its own for the CRLF choices */
};

/* Plans the files (dies if the year rule cannot date a file's lines) and
 * creates the output directory; no file is opened yet. */
void out_init(struct out *o, const struct opts *op, const struct cal *c);
/* Opens the first file. */
void out_start(struct out *o);
/* Sets the clock, opening the next file(s) when it passes a rotation. */
void out_set_now(struct out *o, u64 now);
/* Starts a line of host h: "Mmm dd HH:MM:SS host ", returns where the program goes. */
char *out_begin(struct out *o, const struct host *h);
/* Ends the line at w. */
void out_end(struct out *o, char *w);
/* Flushes and closes the last file. */
void out_finish(struct out *o);

/* "prog[pid]: " */
char *wprog(char *w, const char *prog, size_t n, u32 pid);
#define PROG(w, lit, pid) wprog((w), (lit), sizeof(lit) - 1, (pid))

#endif
