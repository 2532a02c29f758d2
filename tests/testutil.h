/* testutil.h — what every unit test shares: cmocka's headers (first, in
 * the order cmocka needs), and the fixtures and helpers of more than one
 * test file (testutil.c): byte buffers, a temporary directory per group,
 * compressed fixtures, a consumer that checks the input layer's contract,
 * a FIFO writer thread, and report fixtures. */
#ifndef TS_TESTUTIL_H
#define TS_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>

#include "agg/agg.h"
#include "base/buf.h"
#include "base/ts.h"

/* A growable byte buffer for fixtures (test_input, test_decode, ...). */
struct buf {
    unsigned char *p;
    size_t n, cap;
};

/* A writer thread for pipes and FIFOs. */
struct feeder {
    const char *fifo; /* opened for writing by the thread, or */
    int fd;           /* an already open write end */
    const unsigned char *p;
    size_t n, chunk;
    pthread_t th;
};

/* What a consumer saw: all runs concatenated, plus contract checks. */
struct coll {
    struct buf all;
    int calls;
    int bad_run;       /* a run that was empty or did not end in '\n' */
    int too_long;      /* a line longer than TS_MAX_LINE + 1 with its '\n' */
    int stop_after;    /* return non-zero after this many calls */
    const char *shrink; /* truncate this file during the first call */
    int touch_after_shrink;
    int slow;          /* sleep now and then, so a producer thread runs ahead */
};

/* rows for the summaries: day, host, peer, counts */
struct fixture {
    struct ts_agg_counts n[6];
    struct ts_agg_row rows[6];
};

extern char tdir[64];

void feeder_join(struct feeder *f);

void buf_fill(struct buf *b, int c, size_t n);

/* Lines of exactly TS_MAX_LINE, one more, several times more, and a last
 * line without newline that is too long, each between short lines. */
void long_lines(struct buf *in, struct buf *want);

void *feed(void *arg);

void feeder_start(struct feeder *f);

int group_teardown(void **state);

void write_file(const char *path, const void *p, size_t n);

const char *tpath(char *out, const char *name);

int collect(void *ctx, const unsigned char *p, size_t n);

/* Reads path and checks the delivered text is exactly want. */
void expect_text(const char *path, size_t window, const void *want, size_t n);

void buf_add(struct buf *b, const void *p, size_t n);

void add_skippable(struct buf *b, unsigned nibble, const char *payload);

void buf_str(struct buf *b, const char *s);

/* Deterministic log-like text of exactly n bytes ending in '\n': mostly
 * short lines, some CRLF, now and then a line of several KiB. */
unsigned char *gen_text(size_t n, unsigned seed);

int read_path(const char *path, size_t window, int wlog, struct coll *c,
                     struct ts_err *err);

unsigned char *zstd_frame(const void *src, size_t n, size_t *outn);

/* Reads bytes through a fresh FIFO written in small chunks. */
int read_fifo(const void *bytes, size_t n, size_t window, struct coll *c,
                     struct ts_err *err);

unsigned char *gzip_member(const void *src, size_t n, size_t *outn);

/* ---- group setup ------------------------------------------------------- */

int group_setup(void **state);

void coll_free(struct coll *c);

int has(const struct ts_buf *b, const char *s);

ts_str S(const char *s);

void fixture(struct fixture *f);

#endif
