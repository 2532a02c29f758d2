/* out.h — report output, atomic for files.
 *
 * A file report is written to a temporary file in the target's directory,
 * fsynced, renamed over the target, and the directory fsynced: readers see
 * the old report or the new one, never a half-written one, and a failure
 * leaves the old report untouched and no temporary behind. "-" or NULL
 * writes to stdout (write errors such as /dev/full are still reported). */
#ifndef TS_OUT_H
#define TS_OUT_H

#include <stddef.h>

#include "base/ts.h"

struct ts_out;

/* path is borrowed: it must stay valid until commit or abort (errors name
 * it; stdout is named "-"). An unwritable directory fails here. */
int ts_out_open(const char *path, struct ts_out **out, struct ts_err *err);
/* Buffered; errors are sticky and reported here or by commit. */
int ts_out_write(struct ts_out *o, const void *p, size_t n, struct ts_err *err);
/* Flushes, fsyncs, renames into place and frees o. */
int ts_out_commit(struct ts_out *o, struct ts_err *err);
/* Discards everything written, removes the temporary, frees o. */
void ts_out_abort(struct ts_out *o);

#endif
