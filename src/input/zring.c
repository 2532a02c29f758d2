/* zring.c — see zring.h.
 *
 * The ring follows libzstd's rule for round buffers (zstd.h, buffer-less
 * decompression): each block is decoded next to the previous one until
 * fewer than blockSizeMax bytes are left before the end, then at the start
 * again; the ring holds ZSTD_decodingBufferSize_min bytes so that what zstd
 * writes for one block never reaches the window of history behind it. On
 * top come LAG bytes for the lines not yet scanned.
 *
 * The ring is cut into SEG-byte segments. Each remembers how many runs had
 * been delivered when a run last pointed into it; before zstd may write into
 * a segment, the decoder waits until those runs are handed back. */
#define ZSTD_STATIC_LINKING_ONLY /* the buffer-less decoder */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "input/zring.h"

#define IN_CHUNK ((size_t)1 << 20) /* > a compressed block (ZSTD_BLOCKSIZE_MAX + 3) */
#define SEG ((size_t)1 << 18)      /* hand-off grain: the stream block of input.c */
/* Scanner lag, and room for the undelivered tail (a partial line of up to
 * TS_MAX_LINE bytes plus less than a segment) to stay clear of the block
 * being written. */
#define LAG ((size_t)4 << 20)
#define PREFIX (TS_MAX_LINE + 1)   /* before the ring: the partial line at a wrap */
#define WINDOWLOG_DEFAULT 27       /* ZSTD_WINDOWLOG_LIMIT_DEFAULT */
#define WILDCOPY 64                /* 2 * WILDCOPY_OVERLENGTH, libzstd's slack past a block */

struct zring {
    ZSTD_DCtx *dc;
    struct ts_decode_reader *r;
    struct ts_linesink *sink;
    const char *path;
    struct ts_err *err;
    int window_log_max;
    unsigned char *in; /* IN_CHUNK bytes, [ipos, iend) unread */
    size_t ipos, iend;
    int eof;
    unsigned char *mem;  /* PREFIX bytes, then the ring */
    unsigned char *ring; /* mem + PREFIX */
    size_t size;         /* ring bytes, a multiple of SEG */
    size_t w;            /* where the next block goes */
    long long line;      /* first undelivered byte; < 0 in the prefix */
    int skipping;        /* inside the skipped rest of a cut line */
    unsigned long long *mark;    /* per segment: runs to be handed back before it is written */
    unsigned long long released; /* runs known to be handed back */
};

/* At least n (<= IN_CHUNK) bytes at in + ipos, fewer only at the end of
 * input; *have = how many there are. */
static int ensure(struct zring *z, size_t n, size_t *have)
{
    while (z->iend - z->ipos < n && !z->eof) {
        if (IN_CHUNK - z->ipos < n) {
            memmove(z->in, z->in + z->ipos, z->iend - z->ipos);
            z->iend -= z->ipos;
            z->ipos = 0;
        }
        size_t got;
        if (ts_decode_read(z->r, z->in + z->iend, IN_CHUNK - z->iend, &got) != TS_OK) {
            ts_err_set(z->err, TS_EIO, errno, z->path, "read failed");
            return TS_EIO;
        }
        z->eof = got == 0;
        z->iend += got;
    }
    *have = z->iend - z->ipos;
    return TS_OK;
}

static void hold(struct zring *z, long long a, long long b)
{
    const size_t last = (size_t)(b - 1) / SEG; /* b > 0: a run ends with a '\n' in the ring */
    for (size_t i = a < 0 ? 0 : (size_t)a / SEG; i <= last; i++) z->mark[i] = z->sink->runs;
}

/* Returns once no run points into ring[a, b) any more (the prefix counts as
 * segment 0). */
static int clear(struct zring *z, size_t a, size_t b)
{
    for (size_t i = a / SEG; i < (b + SEG - 1) / SEG; i++) {
        if (z->mark[i] <= z->released) continue;
        if (z->sink->wait && z->sink->wait(z->sink->rotate_ctx, z->mark[i])) return TS_ESTOP;
        z->released = z->mark[i];
    }
    return TS_OK;
}

/* Delivers the complete lines of [line, w); what stays is a partial line of
 * at most TS_MAX_LINE bytes (a longer one is delivered cut). */
static int deliver(struct zring *z)
{
    if (!z->mem) return TS_OK; /* before the first frame's header */
    if (z->skipping) {
        const unsigned char *p = z->ring + z->line;
        const unsigned char *q = memchr(p, '\n', (size_t)((long long)z->w - z->line));
        z->line = q ? q + 1 - z->ring : (long long)z->w;
        z->skipping = !q;
    }
    const unsigned char *p = z->ring + z->line;
    const size_t n = (size_t)((long long)z->w - z->line);
    size_t used;
    int rc = ts_linesink_lines(z->sink, p, n, &used);
    if (used) {
        hold(z, z->line, z->line + (long long)used);
        z->line += (long long)used;
    }
    if (rc || n - used <= TS_MAX_LINE) return rc;
    z->line = (long long)z->w;
    z->skipping = 1;
    return ts_linesink_tail(z->sink, p + used, TS_MAX_LINE);
}

/* Writing goes back to the ring's start; the partial line moves to just
 * before it, so that it and its end are read in place as one line. */
static int wrap(struct zring *z)
{
    int rc = deliver(z);
    if (rc || (rc = clear(z, 0, 1))) return rc;
    TS_ASSERT(z->line >= 0); /* the ring is larger than a line: the last wrap's line was delivered */
    const size_t len = z->w - (size_t)z->line;
    if (len) memcpy(z->ring - len, z->ring + z->line, len);
    z->line = -(long long)len;
    z->w = 0;
    return TS_OK;
}

/* Returns once every run delivered is handed back (or the consumer stopped:
 * it then reads no run any more). */
static int drain(struct zring *z)
{
    if (z->sink->runs > z->released && z->sink->wait && z->sink->wait(z->sink->rotate_ctx, z->sink->runs))
        return TS_ESTOP;
    z->released = z->sink->runs;
    return TS_OK;
}

/* Bytes zstd may write for one block of this frame: the block and the
 * literals it may park after it. */
static size_t most(const ZSTD_frameHeader *h)
{
    return h->blockSizeMax + ZSTD_BLOCKSIZE_MAX + WILDCOPY;
}

/* A frame of known size below its window (a small file's) is decoded in one
 * piece, never wrapping, so its ring needs room for it rather than for the
 * window, and little for the scanner's lag. */
static int whole(const ZSTD_frameHeader *h)
{
    return h->frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN && h->frameContentSize < h->windowSize + LAG;
}

/* Makes the ring large enough for a frame with this header. A larger ring
 * starts empty but for the partial line, once every run is handed back. A
 * whole frame starts at the ring's start if it does not fit before the end. */
static int size_ring(struct zring *z, const ZSTD_frameHeader *h)
{
    size_t min;
    if (whole(h)) {
        min = (size_t)h->frameContentSize + most(h) + 2 * SEG;
    } else {
        min = ZSTD_decodingBufferSize_min(h->windowSize, ZSTD_CONTENTSIZE_UNKNOWN);
        if (ZSTD_isError(min) || min > SIZE_MAX / 2) return TS_ENOMEM;
        min += LAG;
    }
    const size_t size = (min + SEG - 1) / SEG * SEG;
    if (size <= z->size)
        return whole(h) && z->size - z->w < h->frameContentSize + most(h) ? wrap(z) : TS_OK;
    int rc = deliver(z);
    if (rc || (rc = drain(z))) return rc;
    unsigned char *mem = malloc(PREFIX + size);
    unsigned long long *mark = calloc(size / SEG, sizeof *mark);
    if (!mem || !mark) {
        free(mem);
        free(mark);
        return TS_ENOMEM;
    }
    const size_t len = (size_t)((long long)z->w - z->line);
    if (len) memcpy(mem + PREFIX - len, z->ring + z->line, len);
    free(z->mem);
    free(z->mark);
    z->mem = mem;
    z->ring = mem + PREFIX;
    z->mark = mark;
    z->size = size;
    z->line = -(long long)len;
    z->w = 0;
    if (z->sink->hold) z->sink->hold(z->sink->rotate_ctx, mem, mem + PREFIX + size);
    return TS_OK;
}

/* Problems in the data come after the complete lines decoded before them. */
/* code: ZSTD_error_no_error for a truncated stream. */
static int fail(struct zring *z, ZSTD_ErrorCode code)
{
    int rc = deliver(z);
    if (rc) return rc;
    if (code == ZSTD_error_no_error) {
        ts_err_set(z->err, TS_ETRUNC, 0, z->path, "truncated zstd stream");
        return TS_ETRUNC;
    }
    if (code == ZSTD_error_frameParameter_windowTooLarge) {
        const int limit = z->window_log_max ? z->window_log_max : WINDOWLOG_DEFAULT;
        ts_err_set(z->err, TS_EDATA, 0, z->path,
                   "zstd frame needs a window larger than 2^%d bytes (%s); "
                   "retry with --zstd-window-log-max 31",
                   limit, ZSTD_getErrorString(code));
    } else {
        ts_err_set(z->err, TS_EDATA, 0, z->path, "corrupt zstd data: %s", ZSTD_getErrorString(code));
    }
    return TS_EDATA;
}

static int skip(struct zring *z, unsigned long long n)
{
    while (n) {
        size_t have;
        int rc = ensure(z, 1, &have);
        if (rc) return rc;
        if (!have) return fail(z, ZSTD_error_no_error);
        const size_t k = have < n ? have : (size_t)n;
        z->ipos += k;
        n -= k;
    }
    return TS_OK;
}

static int frame(struct zring *z, const ZSTD_frameHeader *h)
{
    const size_t cap_max = most(h);
    ZSTD_decompressBegin(z->dc);
    for (size_t k; (k = ZSTD_nextSrcSizeToDecompress(z->dc)) != 0;) {
        size_t have;
        int rc = ensure(z, k, &have);
        if (rc) return rc;
        if (have < k) return fail(z, ZSTD_error_no_error);
        if (z->size - z->w < h->blockSizeMax && (rc = wrap(z))) return rc;
        const size_t cap = z->size - z->w < cap_max ? z->size - z->w : cap_max;
        if ((rc = clear(z, z->w, z->w + cap))) return rc;
        const size_t got = ZSTD_decompressContinue(z->dc, z->ring + z->w, cap, z->in + z->ipos, k);
        if (ZSTD_isError(got)) return fail(z, ZSTD_getErrorCode(got));
        z->ipos += k;
        z->w += got;
        if ((long long)z->w - z->line >= (long long)SEG && (rc = deliver(z))) return rc;
    }
    return TS_OK;
}

static int frames(struct zring *z)
{
    const unsigned long long limit =
        z->window_log_max ? 1ULL << z->window_log_max : (1ULL << WINDOWLOG_DEFAULT) + 1;
    for (;;) {
        size_t have, need;
        int rc = ensure(z, 1, &have);
        if (rc) return rc;
        if (!have) return TS_OK; /* between frames: a clean end */
        ZSTD_frameHeader h;
        while ((need = ZSTD_getFrameHeader(&h, z->in + z->ipos, have)) != 0 && !ZSTD_isError(need)) {
            if ((rc = ensure(z, need, &have))) return rc;
            if (have < need) return fail(z, ZSTD_error_no_error);
        }
        if (ZSTD_isError(need)) return fail(z, ZSTD_getErrorCode(need));
        if (h.frameType == ZSTD_skippableFrame) {
            z->ipos += ZSTD_SKIPPABLEHEADERSIZE; /* 1.5.4 leaves h.headerSize 0 for these */
            if ((rc = skip(z, h.frameContentSize))) return rc;
            continue;
        }
        /* The buffer-less decoder has no window limit of its own. */
        if (h.windowSize > limit) return fail(z, ZSTD_error_frameParameter_windowTooLarge);
        if ((rc = size_ring(z, &h)) || (rc = frame(z, &h))) return rc;
    }
}

int ts_zring_decode(struct ts_decode_reader *r, int window_log_max, struct ts_linesink *sink, const char *path,
                    struct ts_err *err)
{
    struct zring z = {.r = r, .sink = sink, .path = path, .err = err, .window_log_max = window_log_max};
    int rc = TS_ENOMEM;
    z.dc = ZSTD_createDCtx();
    z.in = malloc(IN_CHUNK);
    if (!z.dc || !z.in) goto out;
    if (window_log_max) { /* only to check the value as libzstd's streaming decoder would */
        const size_t e = ZSTD_DCtx_setParameter(z.dc, ZSTD_d_windowLogMax, window_log_max);
        if (ZSTD_isError(e)) {
            ts_err_set(err, TS_EUSAGE, 0, path, "zstd window log max %d: %s", window_log_max,
                       ZSTD_getErrorName(e));
            rc = TS_EUSAGE;
            goto out;
        }
    }
    rc = frames(&z);
    if (rc == TS_OK) rc = deliver(&z);
    if (rc == TS_OK && !z.skipping && (long long)z.w > z.line)
        rc = ts_linesink_tail(sink, z.ring + z.line, (size_t)((long long)z.w - z.line));
    drain(&z); /* the ring is freed below */
out:
    free(z.in);
    free(z.mem);
    free(z.mark);
    ZSTD_freeDCtx(z.dc);
    return rc;
}
