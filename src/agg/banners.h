/* banners.h — pluto restart banners in a range of a file.
 *
 * A line with neither host nor pid (console captures, pluto's own log) is
 * in the run of its input and of the "Starting Pluto" banners before it in
 * that input (SPEC.md §5). A part of a split file, or a block of a stream,
 * does not see the parts before it: the run counts their banners with this. */
#ifndef TS_BANNERS_H
#define TS_BANNERS_H

#include <stdint.h>

#include "input/input.h"

/* Adds to *n the restart banners (ts_line.restart) of the whole lines of
 * [begin, end) of src. TS_OK, or the read error. */
int ts_banners_count(struct ts_input *src, long long begin, long long end, const struct ts_input_opts *in,
                     uint32_t *n);
/* The restart banners of the whole lines p[0..n) (a stream's block, pool.h). */
uint32_t ts_banners_in(const unsigned char *p, size_t n);

#endif
