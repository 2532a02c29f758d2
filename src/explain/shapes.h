/* shapes.h — `explain --unknown`: IKE lines no rule classified, grouped by
 * shape, so that a new firmware wording shows up as one row with a count
 * however many peers, serials and SPIs it was logged with (pure; no I/O).
 *
 * The shape of a message ("[Tag] body") keeps its words and replaces, where
 * they start at a word boundary: quoted text by "<s>" inside its quotes,
 * IPv4 addresses (redacted "124.x.x.x" too) and IPv6 addresses by <ip>,
 * 0x-numbers and runs of 8 or more hex digits (one a digit) by <hex>, other
 * runs of digits by <n>. Digits inside words (MODP1024, 3DES, 1st) are kept.
 * Shapes are cut to TS_SHAPE_MAX bytes. */
#ifndef TS_SHAPES_H
#define TS_SHAPES_H

#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/map.h"
#include "base/ts.h"

#define TS_SHAPE_MAX 200
#define TS_SHAPE_EXAMPLE 300

/* Appends the shape of msg. */
void ts_shapes_of(struct ts_buf *b, ts_str msg);

struct ts_shapes {
    struct ts_arena arena;
    struct ts_map map;  /* shape -> struct ts_shapes_row */
    size_t max;         /* distinct shapes kept; 0 = no limit */
    uint64_t lines;     /* lines added */
    uint64_t dropped;   /* lines of shapes beyond max */
    struct ts_buf tmp;
};

struct ts_shapes_row {
    uint64_t count;
    ts_str shape;
    ts_str example; /* the first line seen, as given (cut to TS_SHAPE_EXAMPLE) */
};

void ts_shapes_init(struct ts_shapes *s, size_t max);
void ts_shapes_free(struct ts_shapes *s);
/* Counts msg's shape weight times; example is kept when the shape is new.
 * TS_OK or TS_ENOMEM. */
int ts_shapes_add(struct ts_shapes *s, ts_str msg, ts_str example, uint64_t weight);
/* The rows, most frequent first, then bytewise by shape. *rows is malloc'd
 * (caller frees); they point into s. */
int ts_shapes_rows(const struct ts_shapes *s, struct ts_shapes_row **rows, size_t *n);

#endif
