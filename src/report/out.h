/* out.h — report output, atomic for files.
 *
 * Output goes where FILE is, the way a sysadmin reads the name:
 *  - a regular file, or a name that does not exist yet: the report is
 *    written to a temporary file in the same directory, fsynced, renamed
 *    over it, and the directory fsynced: readers see the old report or the
 *    new one, never a half-written one, and a failure (or abort, or SIGINT,
 *    SIGTERM, SIGHUP with ts_out_signal_cleanup in the handler) leaves the
 *    old report untouched and no temporary behind. A replaced report keeps
 *    its mode, and its owner and group where the process may set them. The
 *    rename gives the name a new inode: other hard links to the old report
 *    keep the old content;
 *  - a symbolic link: followed (relative links against the link's
 *    directory) and its final target replaced as above; the link stays;
 *  - anything else that exists (character device such as /dev/null, FIFO,
 *    socket) and the /proc names of open files (/dev/stdout, /dev/fd/N):
 *    opened for appending and written through, never replaced.
 * "-" or NULL writes to stdout (write errors such as /dev/full are still
 * reported). */
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
/* Async-signal-safe: removes the temporaries of the outputs open now (for
 * a handler of a fatal signal; the process must not go on writing them). */
void ts_out_signal_cleanup(void);

#endif
