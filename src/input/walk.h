/* walk.h — command-line operands expanded into input paths (directories
 * walked). */
#ifndef TS_WALK_H
#define TS_WALK_H

#include "base/ts.h"

/* Expands command-line operands into input paths: a directory is walked
 * recursively, entries in bytewise name order, following no symlinked
 * directories twice (loops are reported, not followed). Regular files, FIFOs
 * and symlinks to them are yielded; "-" is yielded as is. Problems with one
 * entry (permission denied, vanished, loop) go to on_err and the walk goes on.
 * Returns TS_OK, or the first error code seen if any entry failed.
 * A directory reached again under another name (a second symlink to it) is
 * skipped silently; sockets and devices are reported and skipped. The path
 * and the err handed to the callbacks are valid only during the call. */
typedef void (*ts_path_fn)(void *ctx, const char *path);
typedef void (*ts_walk_err_fn)(void *ctx, const struct ts_err *e);
int ts_walk(const char *operand, ts_path_fn on_path, ts_walk_err_fn on_err, void *ctx);

#endif
