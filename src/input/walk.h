/* walk.h — command-line operands expanded into input paths (directories
 * walked), each file once. */
#ifndef TS_WALK_H
#define TS_WALK_H

#include "base/ts.h"

/* Why a path met in a walk is not handed on. */
enum ts_walk_skip {
    TS_WALK_SEEN,   /* the same file or directory (device, inode) came earlier */
    TS_WALK_FIFO,   /* met inside a directory: only FIFOs named as operands are read */
    TS_WALK_SOCKET,
    TS_WALK_DEVICE
};

typedef void (*ts_path_fn)(void *ctx, const char *path);
typedef void (*ts_walk_skip_fn)(void *ctx, const char *path, enum ts_walk_skip why);

struct ts_walk_cb {
    ts_path_fn on_path;
    ts_err_fn on_err;
    ts_walk_skip_fn on_skip; /* NULL: skipped silently */
    void *ctx;
};

/* Expands operands, in order, into input paths: a directory is walked
 * recursively, entries in bytewise name order. Regular files (and symlinks
 * to them) are yielded; sockets, FIFOs and devices met inside a directory
 * go to on_skip (a FIFO there may be a syslog pipe that never ends); named
 * as operands, FIFOs are yielded and sockets and devices are errors. "-" is
 * yielded as is. Every (device, inode) is yielded at most once across all
 * the operands: a file named twice, a directory and a file inside it, hard
 * links, symlinks and a second "-" go to on_skip as TS_WALK_SEEN. Problems
 * with one entry (permission denied, vanished, symlink loop) go to on_err
 * and the walk goes on. Returns TS_OK, or the first error code seen. The
 * path and the err handed to the callbacks are valid only during the call. */
int ts_walk_all(char *const *operands, int nops, const struct ts_walk_cb *cb);

/* Fills e with a notice (code TS_OK: nothing was lost) saying why path
 * was skipped, for the CLI to print. */
void ts_walk_notice(struct ts_err *e, const char *path, enum ts_walk_skip why);

/* ts_walk_all of one operand, skips silent. */
int ts_walk(const char *operand, ts_path_fn on_path, ts_err_fn on_err, void *ctx);

/* --host-from-path: the name of the directory holding path ("a/r1/messages"
 * gives "r1"), a view into path; empty when path has no directory part. */
ts_str ts_walk_host_of(const char *path);

#endif
