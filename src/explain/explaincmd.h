/* explaincmd.h — the driver of `tunnelstat explain`: reads the inputs through the
 * input layer (directories walked, zstd/gzip decoded), lexes every line and
 * writes its explanation (explain.h) or, with `--unknown`, collects the
 * shapes of unclassified IKE lines (shapes.h) and writes their listing.
 *
 * Each line is explained on its own: a line without a peer in its prefix
 * is not attributed to one (the reports do that; see SPEC.md §5). */
#ifndef TS_GUIDE_H
#define TS_GUIDE_H

#include "explain/explain.h"
#include "input/input.h"

struct ts_explaincmd_opts {
    struct ts_explain_opts ex;
    int all;     /* also non-IKE and debug lines */
    int unknown; /* the unclassified-shapes listing instead */
    struct ts_input_opts in;
};

/* Where the explanation goes, a block at a time (the CLI's output file). */
typedef ts_buf_sink_fn ts_explaincmd_write_fn;

/* TS_OK (unreadable inputs set *partial, they do not fail the run), or a
 * fatal code with err filled: TS_ENOMEM, or the output's error. */
int ts_explaincmd_run(char *const *ops, int nops, const struct ts_explaincmd_opts *o, ts_explaincmd_write_fn write,
                 void *wctx, ts_err_fn on_err, void *ctx, int *partial, struct ts_err *err);

#endif
