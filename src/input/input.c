/* input.c — opening inputs, sniffing their format, reading plain files.
 *
 * Plain regular files are mapped one window at a time, each window starting
 * at the page that holds the first unread line, so a line that crosses a
 * window end is simply read again from the next window: no copies, and only
 * one window is ever mapped. Pipes, FIFOs, stdin and regular files that
 * cannot be mapped go through read() into a streaming line sink; zstd, gzip,
 * xz and bzip2 through decode.c. stdin is always treated
 * as a stream, even when redirected from a file, so reading starts at its
 * current offset.
 *
 * A mapped file that shrinks under us raises SIGBUS on the next access to a
 * vanished page. A process-wide handler jumps back to the range reader that
 * armed a thread-local jump buffer (around the whole loop, consumer callback
 * included), which unmaps and returns TS_ETRUNC. A SIGBUS that no reader
 * armed goes to the previous handler, or kills as usual. */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "input/decode.h"
#include "input/igzip.h"
#include "input/input.h"
#include "input/linesink.h"
#include "input/zring.h"

#define DEFAULT_WINDOW ((size_t)16 << 20)
/* A stream block that stays in L2 while it is decoded, scanned (or, in a
 * pipeline, handed to the other core): 4 MiB blocks were 10-15% slower on
 * zstd input (bench/NOTES.md). */
#define DEFAULT_BLOCK ((size_t)256 << 10)
#define MAX_WINDOW ((size_t)1 << 30) /* zlib counts output in 32 bits */
#define SPLIT_PROBE 65536

struct ts_input {
    int fd;
    int is_stdin;
    int regular;   /* read with mmap/pread, never with the file offset */
    int mapped;    /* a regular file mmap can read */
    int consumed;  /* a stream was read: it cannot be read again */
    enum ts_input_fmt fmt;
    long long size, mtime;
    unsigned char head[8]; /* read from a stream while sniffing; fed first */
    size_t nhead;
    const char *path; /* the caller's: errors name it even after close */
};

enum ts_input_fmt ts_input_format(const struct ts_input *s) { return s->fmt; }
const char *ts_input_path(const struct ts_input *s) { return s->path; }
long long ts_input_mtime(const struct ts_input *s) { return s->mtime; }
long long ts_input_size(const struct ts_input *s) { return s->size; }

int ts_input_splittable(const struct ts_input *s)
{
    return s->mapped && s->fmt == TS_FMT_PLAIN;
}

static int starts(const unsigned char *b, size_t n, const char *magic, size_t len)
{
    return n >= len && memcmp(b, magic, len) == 0;
}

/* Formats known by their first bytes that are not read: named, never
 * taken for text (a log line starts with none of these). */
static const struct {
    const char *magic;
    size_t len;
    const char *name;
} k_unread[] = {
    {"\x04\x22\x4D\x18", 4, "lz4"},
    {"\x02\x21\x4C\x18", 4, "lz4 (legacy)"},
    {"7z\xBC\xAF\x27\x1C", 6, "7-Zip"},
    {"PK\x03\x04", 4, "zip"},
    {"PK\x05\x06", 4, "zip"},
    {"LZIP", 4, "lzip"},
    {"\x1F\x9D", 2, "compress (.Z)"},
    {"\x89LZO\0", 5, "lzop"},
    {"\x5D\0\0", 3, "lzma (alone)"},
};

static enum ts_input_fmt sniff(const unsigned char *b, size_t n, const char **unread)
{
    if (starts(b, n, "\x28\xB5\x2F\xFD", 4)) return TS_FMT_ZSTD;
    /* skippable frame, magic 0x184D2A50..5F little-endian (pzstd writes one first) */
    if (n >= 4 && (b[0] & 0xF0) == 0x50 && b[1] == 0x2A && b[2] == 0x4D && b[3] == 0x18)
        return TS_FMT_ZSTD;
    if (starts(b, n, "\x1F\x8B", 2)) return TS_FMT_GZIP;
    if (starts(b, n, "\xFD" "7zXZ\0", 6)) return TS_FMT_XZ;
    if (starts(b, n, "BZh", 3) && n >= 4 && b[3] >= '1' && b[3] <= '9') return TS_FMT_BZIP2;
    for (size_t i = 0; i < sizeof k_unread / sizeof k_unread[0]; i++)
        if (starts(b, n, k_unread[i].magic, k_unread[i].len)) {
            *unread = k_unread[i].name;
            return TS_FMT_UNREAD;
        }
    return TS_FMT_PLAIN;
}

/* Some regular files cannot be mapped (sysfs, some FUSE file systems:
 * ENODEV), or say size 0 yet have content (procfs): those are read(). */
static int can_map(int fd, long long size)
{
    if (size <= 0) return 0;
    void *p = mmap(NULL, 1, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return 0;
    munmap(p, 1);
    return 1;
}

/* Reads up to n bytes, *got of them (fewer only at end of input); off < 0:
 * at the file offset. TS_OK, or TS_EIO with errno set. */
static int read_upto(int fd, unsigned char *buf, size_t n, long long off, size_t *got)
{
    struct ts_decode_reader r = {.fd = fd, .positional = off >= 0, .off = off};
    *got = 0;
    while (*got < n) {
        size_t k;
        if (ts_decode_read(&r, buf + *got, n - *got, &k) != TS_OK) return TS_EIO;
        if (k == 0) break;
        *got += k;
    }
    return TS_OK;
}

/* fd < 0: nothing to close (also for stdin, which is not ours to close). */
static int open_fail(int fd, const char *path, int sys, const char *what, struct ts_err *err)
{
    if (fd >= 0) close(fd);
    ts_err_set(err, TS_EIO, sys, path, "%s", what);
    return TS_EIO;
}

int ts_input_open(const char *path, struct ts_input **out, struct ts_err *err)
{
    *out = NULL;
    const int is_stdin = strcmp(path, "-") == 0;
    const int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    const int ours = is_stdin ? -1 : fd;
    if (fd < 0) return open_fail(-1, path, errno, "cannot open", err);
    struct stat st;
    if (fstat(fd, &st) < 0) return open_fail(ours, path, errno, "cannot stat", err);
    if (S_ISDIR(st.st_mode)) return open_fail(ours, path, EISDIR, "cannot read", err);

    struct ts_input *s = malloc(sizeof *s);
    if (!s) {
        if (ours >= 0) close(ours);
        ts_err_set(err, TS_ENOMEM, ENOMEM, path, "out of memory");
        return TS_ENOMEM;
    }
    s->path = path;
    s->fd = fd;
    s->is_stdin = is_stdin;
    s->regular = !is_stdin && S_ISREG(st.st_mode);
    s->consumed = 0;
    s->size = s->regular ? (long long)st.st_size : -1;
    s->mtime = s->regular ? (long long)st.st_mtime : -1;
    size_t n;
    if (read_upto(fd, s->head, sizeof s->head, s->regular ? 0 : -1, &n) != TS_OK) {
        int e = errno;
        free(s);
        return open_fail(ours, path, e, "read failed", err);
    }
    const char *unread = NULL;
    s->fmt = sniff(s->head, n, &unread);
    s->nhead = s->regular ? 0 : n;
    s->mapped = s->regular && s->fmt == TS_FMT_PLAIN && can_map(fd, s->size);
    if (unread) {
        free(s);
        if (ours >= 0) close(ours);
        ts_err_set(err, TS_EDATA, 0, path, "%s compressed data: a format tunnelstat does not read; not read",
                   unread);
        return TS_EDATA;
    }
    *out = s;
    return TS_OK;
}

void ts_input_close(struct ts_input *s)
{
    if (!s) return;
    if (!s->is_stdin) close(s->fd);
    free(s);
}

/* ---- mapped windows ---------------------------------------------------- */

static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction bus_prev;
static _Thread_local sigjmp_buf *bus_jmp;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
    if (bus_jmp) siglongjmp(*bus_jmp, 1);
    if (bus_prev.sa_flags & SA_SIGINFO) {
        bus_prev.sa_sigaction(sig, si, uc);
    } else if (bus_prev.sa_handler != SIG_DFL && bus_prev.sa_handler != SIG_IGN) {
        bus_prev.sa_handler(sig);
    } else {
        /* Returning re-runs the faulting access, which now kills as it should. */
        signal(SIGBUS, SIG_DFL);
    }
}

static int bus_ours(void)
{
    struct sigaction cur;
    return sigaction(SIGBUS, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) &&
           cur.sa_sigaction == on_sigbus;
}

/* Checked on every range read rather than once: whoever resets SIGBUS
 * (a test harness does, per test) must not turn truncation into a crash. */
static void bus_install(void)
{
    if (bus_ours()) return;
    pthread_mutex_lock(&bus_lock);
    if (!bus_ours()) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, &bus_prev);
    }
    pthread_mutex_unlock(&bus_lock);
}

/* Lives on the heap: after siglongjmp, locals changed since sigsetjmp are
 * indeterminate, but this must still say what to unmap and free. */
struct mapper {
    struct ts_linesink sink;
    unsigned char *volatile map;
    volatile size_t maplen;
};

static void unmap(struct mapper *m)
{
    if (m->map) munmap(m->map, m->maplen);
    m->map = NULL;
}

static int map_at(const struct ts_input *s, struct mapper *m, long long off, size_t len,
                  struct ts_err *err)
{
    unmap(m);
#ifdef MAP_POPULATE
    /* Every byte is read: one populate beats a fault per 64 KiB (the 2 GB
     * 3% corpus: 0.19 s of faults down to 0.13 s, bench/NOTES.md). */
    const int flags = MAP_PRIVATE | MAP_POPULATE;
#else
    const int flags = MAP_PRIVATE;
#endif
    void *p = mmap(NULL, len, PROT_READ, flags, s->fd, (off_t)off);
    if (p == MAP_FAILED) {
        ts_err_set(err, TS_EIO, errno, s->path, "mmap failed");
        return TS_EIO;
    }
    posix_madvise(p, len, POSIX_MADV_SEQUENTIAL);
    m->maplen = len;
    m->map = p;
    return TS_OK;
}

static size_t page_size(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    return pg > 0 ? (size_t)pg : 4096;
}

static size_t window_of(const struct ts_input_opts *o, size_t dflt)
{
    size_t w = o && o->window ? o->window : dflt;
    return w > MAX_WINDOW ? MAX_WINDOW : w;
}

size_t ts_input_block(const struct ts_input_opts *o)
{
    return window_of(o, DEFAULT_BLOCK);
}

/* The skipped rest of a cut line ends after its '\n', or with the range. */
static long long skip_rest(const unsigned char *p, size_t n, long long pos, int *skipping)
{
    const unsigned char *q = memchr(p, '\n', n);
    if (!q) return pos + (long long)n;
    *skipping = 0;
    return pos + (q - p) + 1;
}

/* [pos, end): pos at a line start, end at a line end or the file end. */
static int scan_windows(const struct ts_input *s, struct mapper *m, long long pos, long long end,
                        size_t window, struct ts_err *err)
{
    const size_t pg = page_size();
    window = (window + pg - 1) / pg * pg;
    size_t want = window;
    int skipping = 0, rc;
    while (pos < end) {
        const long long base = pos - pos % (long long)pg;
        const long long limit = end - base < (long long)want ? end : base + (long long)want;
        if ((rc = map_at(s, m, base, (size_t)(limit - base), err))) return rc;
        const unsigned char *p = m->map + (pos - base);
        const size_t n = (size_t)(limit - pos);
        want = window;
        if (skipping) {
            pos = skip_rest(p, n, pos, &skipping);
            continue;
        }
        size_t used;
        if ((rc = ts_linesink_lines(&m->sink, p, n, &used))) return rc;
        pos += (long long)used;
        if (limit == end) {
            if (pos < end && (rc = ts_linesink_tail(&m->sink, p + used, n - used))) return rc;
            pos = end;
        } else if (used) {
            continue;
        } else if (n > TS_MAX_LINE) {
            if ((rc = ts_linesink_tail(&m->sink, p, TS_MAX_LINE))) return rc;
            pos += (long long)TS_MAX_LINE;
            skipping = 1;
        } else {
            /* The line outgrows the window: map enough to find its end or
             * to prove it must be cut. */
            want = (size_t)(pos - base) + TS_MAX_LINE + 1;
        }
    }
    return TS_OK;
}

static int map_range(const struct ts_input *s, long long begin, long long end, size_t window,
                     ts_linesink_fn fn, void *ctx, struct ts_err *err)
{
    bus_install();
    struct mapper *m = calloc(1, sizeof *m);
    if (!m) return TS_ENOMEM;
    ts_linesink_init(&m->sink, fn, ctx, 0);
    sigjmp_buf *const outer = bus_jmp;
    sigjmp_buf jb;
    int rc;
    if (sigsetjmp(jb, 1)) {
        bus_jmp = outer;
        ts_err_set(err, TS_ETRUNC, 0, s->path, "file shrank while being read");
        rc = TS_ETRUNC;
    } else {
        bus_jmp = &jb;
        rc = scan_windows(s, m, begin, end, window, err);
        bus_jmp = outer;
    }
    unmap(m);
    ts_linesink_free(&m->sink);
    free(m);
    return rc;
}

/* ---- streams and dispatch ---------------------------------------------- */

static int read_stream(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path,
                       struct ts_err *err)
{
    for (;;) {
        size_t n;
        if (ts_decode_read(r, ts_linesink_space(sink), sink->block, &n) != TS_OK) {
            ts_err_set(err, TS_EIO, errno, path, "read failed");
            return TS_EIO;
        }
        if (n == 0) return TS_OK;
        int rc = ts_linesink_commit(sink, n);
        if (rc) return rc;
    }
}

enum ts_input_inflater ts_input_inflater_default(void)
{
    return ts_igzip_available() ? TS_INFLATE_ISAL : TS_INFLATE_ZLIB;
}

const char *ts_input_inflater_version(enum ts_input_inflater which)
{
    static char zlib[32];
    if (which == TS_INFLATE_AUTO) which = ts_input_inflater_default();
    if (which == TS_INFLATE_ISAL) return ts_igzip_version();
    snprintf(zlib, sizeof zlib, "zlib %s", zlibVersion());
    return zlib;
}

static enum ts_input_inflater inflater(const struct ts_input_opts *o)
{
    return o && o->inflater != TS_INFLATE_AUTO ? o->inflater : ts_input_inflater_default();
}

static int decode(struct ts_input *s, const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx,
                  struct ts_err *err)
{
    struct ts_decode_reader r = {.fd = s->fd, .positional = s->regular, .head = s->head, .nhead = s->nhead};
    struct ts_linesink sink;
    const size_t block = window_of(o, DEFAULT_BLOCK);
    int rc = o && o->rotate ? ts_linesink_init_rotating(&sink, fn, ctx, block, o->rotate, o->rotate_ctx)
                            : ts_linesink_init(&sink, fn, ctx, block);
    if (rc == TS_OK && o) {
        sink.hold = o->hold;
        sink.wait = o->wait;
        sink.rotate_ctx = o->rotate_ctx;
    }
    if (rc == TS_OK) {
        if (s->fmt == TS_FMT_ZSTD)
            rc = ts_zring_decode(&r, o ? o->zstd_window_log_max : 0, &sink, s->path, err);
        else if (s->fmt == TS_FMT_GZIP && inflater(o) == TS_INFLATE_ISAL)
            rc = ts_igzip_decode(&r, &sink, s->path, err);
        else if (s->fmt == TS_FMT_GZIP)
            rc = ts_decode_gzip(&r, &sink, s->path, err);
        else if (s->fmt == TS_FMT_XZ)
            rc = ts_decode_xz(&r, &sink, s->path, err);
        else if (s->fmt == TS_FMT_BZIP2)
            rc = ts_decode_bzip2(&r, &sink, s->path, err);
        else
            rc = read_stream(&r, &sink, s->path, err);
    }
    if (rc == TS_OK) rc = ts_linesink_finish(&sink);
    ts_linesink_free(&sink);
    return rc;
}

/* Codes the lower layers return without a message get one here. */
static int finish_rc(int rc, const struct ts_input *s, struct ts_err *err)
{
    if (rc == TS_ESTOP) ts_err_set(err, rc, 0, s->path, "stopped by the consumer");
    if (rc == TS_ENOMEM) ts_err_set(err, rc, ENOMEM, s->path, "out of memory");
    return rc;
}

int ts_input_read_all(struct ts_input *s, const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx,
                    struct ts_err *err)
{
    if (ts_input_splittable(s))
        return finish_rc(map_range(s, 0, s->size, window_of(o, DEFAULT_WINDOW), fn, ctx, err), s,
                         err);
    if (s->consumed) {
        ts_err_set(err, TS_EUSAGE, 0, s->path, "a stream can be read only once");
        return TS_EUSAGE;
    }
    s->consumed = !s->regular;
    return finish_rc(decode(s, o, fn, ctx, err), s, err);
}

int ts_input_read_range(struct ts_input *s, long long begin, long long end,
                      const struct ts_input_opts *o, ts_linesink_fn fn, void *ctx, struct ts_err *err)
{
    if (!ts_input_splittable(s) || begin < 0 || begin > end || end > s->size) {
        ts_err_set(err, TS_EUSAGE, 0, s->path, "bad range %lld..%lld", begin, end);
        return TS_EUSAGE;
    }
    return finish_rc(map_range(s, begin, end, window_of(o, DEFAULT_WINDOW), fn, ctx, err), s, err);
}

/* ---- splitting --------------------------------------------------------- */

/* *at = the offset just after the first '\n' at or after from; size if
 * there is none. TS_OK or TS_EIO. */
static int next_line(const struct ts_input *s, long long from, unsigned char *buf, long long *at,
                     struct ts_err *err)
{
    while (from < s->size) {
        size_t n;
        if (read_upto(s->fd, buf, SPLIT_PROBE, from, &n) != TS_OK) {
            ts_err_set(err, TS_EIO, errno, s->path, "read failed");
            return TS_EIO;
        }
        if (n == 0) break; /* shrank since open */
        const unsigned char *q = memchr(buf, '\n', n);
        if (q) {
            *at = from + (q - buf) + 1;
            return TS_OK;
        }
        from += (long long)n;
    }
    *at = s->size;
    return TS_OK;
}

int ts_input_split(struct ts_input *s, int nparts, long long *bounds, struct ts_err *err)
{
    if (!ts_input_splittable(s) || nparts < 1) {
        ts_err_set(err, TS_EUSAGE, 0, s->path, "cannot split into %d parts", nparts);
        return TS_EUSAGE;
    }
    unsigned char *buf = malloc(SPLIT_PROBE);
    if (!buf) return finish_rc(TS_ENOMEM, s, err);
    const long long size = s->size, step = size / nparts, extra = size % nparts;
    bounds[0] = 0;
    for (int i = 1; i < nparts; i++) {
        /* size * i / nparts without overflow */
        long long at = step * i + extra * i / nparts;
        if (at < bounds[i - 1]) at = bounds[i - 1];
        /* at is a line start if the byte before it is '\n' */
        bounds[i] = 0;
        if (at > 0 && next_line(s, at - 1, buf, &bounds[i], err) != TS_OK) {
            free(buf);
            return TS_EIO;
        }
    }
    bounds[nparts] = size;
    free(buf);
    return TS_OK;
}
