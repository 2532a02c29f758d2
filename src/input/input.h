/* input.h — every byte tunnelstat reads comes through here.
 *
 * An input is a path ("-" = stdin). Its format is sniffed from its first bytes
 * (zstd 28 B5 2F FD or a skippable frame 5? 2A 4D 18, gzip 1F 8B, xz
 * FD 37 7A 58 5A 00, bzip2 "BZh1".."BZh9", else plain), never from its name;
 * the magic of a compressed format not read (lz4, 7-Zip, zip, lzip, lzma,
 * compress, lzop) fails the open. Plain regular files are mmapped in windows
 * (never the whole file at once, so RSS stays bounded); pipes, FIFOs, stdin
 * and files mmap refuses (sysfs, procfs, some FUSE) are read(); compressed
 * inputs are decoded in a streaming loop. Whatever the source, the
 * consumer receives runs of complete lines: see ts_linesink_fn. */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "base/ts.h"
#include "input/linesink.h"

/* TS_FMT_UNREAD is never returned by an open: such inputs fail with TS_EDATA. */
enum ts_input_fmt { TS_FMT_PLAIN, TS_FMT_ZSTD, TS_FMT_GZIP, TS_FMT_XZ, TS_FMT_BZIP2, TS_FMT_UNREAD };

/* Which library inflates gzip: AUTO is ISA-L when the build has it, else zlib. */
enum ts_input_inflater { TS_INFLATE_AUTO, TS_INFLATE_ZLIB, TS_INFLATE_ISAL };

struct ts_input_opts {
    size_t window;            /* mmap window / stream block; 0 = default (16 MiB / 256 KiB), max 1 GiB */
    int zstd_window_log_max;  /* 0 = libzstd default (27); up to 31 for --long=31 archives */
    enum ts_input_inflater inflater;
    ts_linesink_rotate_fn rotate;      /* NULL, or streams (not mapped files) rotate buffers */
    void *rotate_ctx;                  /* also hold's and wait's */
    ts_linesink_hold_fn hold;          /* NULL, or a consumer of in-place zstd runs (linesink.h) */
    ts_linesink_wait_fn wait;
};

/* The gzip inflater AUTO stands for in this build; "zlib 1.2.13" or
 * "ISA-L 2.30.0" for each (NULL for ISA-L in a build without it). */
enum ts_input_inflater ts_input_inflater_default(void);
const char *ts_input_inflater_version(enum ts_input_inflater which);

/* The stream block size o asks for (the default when o is NULL). */
size_t ts_input_block(const struct ts_input_opts *o);

struct ts_input; /* an opened input */

/* Opens path ("-" = stdin) and sniffs its format. path is borrowed, not
 * copied: it must stay valid while s is open, and while an err filled by
 * s is used (err->path points to it). */
int ts_input_open(const char *path, struct ts_input **out, struct ts_err *err);
void ts_input_close(struct ts_input *s);

enum ts_input_fmt ts_input_format(const struct ts_input *s);
const char *ts_input_path(const struct ts_input *s);
/* Modification time (seconds since the epoch), -1 for stdin/pipes. */
long long ts_input_mtime(const struct ts_input *s);
/* 1 for a plain regular file: it can be split and read by ranges. */
int ts_input_splittable(const struct ts_input *s);
/* Size in bytes of a regular file, -1 otherwise. */
long long ts_input_size(const struct ts_input *s);

/* Streams the whole (decoded) input. A truncated zstd/gzip stream gives
 * TS_ETRUNC after all complete lines were delivered; corrupt data TS_EDATA
 * likewise; read errors TS_EIO. err names the file. A plain file that shrinks
 * while mapped (SIGBUS) gives TS_ETRUNC, not a crash. */
int ts_input_read_all(struct ts_input *s, const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx,
                    struct ts_err *err);

/* For splittable sources: fills bounds[0..nparts] with newline-aligned
 * offsets, bounds[0] = 0, bounds[nparts] = size; each bounds[i] (0<i<nparts)
 * is just after a '\n' (parts may be empty when lines are long). */
int ts_input_split(struct ts_input *s, int nparts, long long *bounds, struct ts_err *err);

/* Streams the lines of [begin, end) of a splittable source (bounds from
 * ts_input_split). Same contract as ts_input_read_all. Thread-safe for
 * different ranges of the same source. */
int ts_input_read_range(struct ts_input *s, long long begin, long long end,
                      const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx, struct ts_err *err);

#endif
