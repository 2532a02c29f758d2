/* decode.c — zstd and gzip streaming decoders (see decode.h).
 *
 * Both loops have the same shape: refill the input when the decoder has
 * used it up, unless the last call filled the whole output block (the
 * decoder may then still hold output); decode into the sink's free block;
 * commit what came out. End of input is clean only if the last frame or
 * member was complete. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "input/decode.h"

#define IN_CHUNK ((size_t)1 << 20)
#define WINDOWLOG_DEFAULT 27 /* ZSTD_WINDOWLOG_LIMIT_DEFAULT, outside the stable API */

long ts_decode_read(struct ts_decode_reader *r, unsigned char *buf, size_t n)
{
    if (r->nhead) {
        size_t k = n < r->nhead ? n : r->nhead;
        memcpy(buf, r->head, k);
        r->head += k;
        r->nhead -= k;
        return (long)k;
    }
    for (;;) {
        ssize_t k = r->positional ? pread(r->fd, buf, n, (off_t)r->off) : read(r->fd, buf, n);
        if (k >= 0) {
            r->off += k;
            return (long)k;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) { /* stdin left non-blocking by a parent */
            struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
            poll(&pfd, 1, -1);
        } else if (errno != EINTR) {
            return -1;
        }
    }
}

static long refill(struct ts_decode_reader *r, unsigned char *in, const char *path, struct ts_err *err)
{
    long n = ts_decode_read(r, in, IN_CHUNK);
    if (n < 0) ts_err_set(err, TS_EIO, errno, path, "read failed");
    return n;
}

static int zstd_fail(size_t ret, int window_log_max, const char *path, struct ts_err *err)
{
    if (ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge) {
        int limit = window_log_max ? window_log_max : WINDOWLOG_DEFAULT;
        ts_err_set(err, TS_EDATA, 0, path,
                   "zstd frame needs a window larger than 2^%d bytes (%s); "
                   "retry with --zstd-window-log-max 31",
                   limit, ZSTD_getErrorName(ret));
    } else {
        ts_err_set(err, TS_EDATA, 0, path, "corrupt zstd data: %s", ZSTD_getErrorName(ret));
    }
    return TS_EDATA;
}

static int zstd_loop(ZSTD_DCtx *dc, unsigned char *in, struct ts_decode_reader *r, int window_log_max,
                     struct ts_linesink *sink, const char *path, struct ts_err *err)
{
    ZSTD_inBuffer zin = {in, 0, 0};
    size_t ret = 1; /* non-zero: inside a frame (or before the first) */
    int full = 0;
    for (;;) {
        if (zin.pos == zin.size && !full) {
            long n = refill(r, in, path, err);
            if (n < 0) return TS_EIO;
            if (n == 0) break;
            zin.size = (size_t)n;
            zin.pos = 0;
        }
        ZSTD_outBuffer zout = {ts_linesink_space(sink), sink->block, 0};
        ret = ZSTD_decompressStream(dc, &zout, &zin);
        if (ZSTD_isError(ret)) return zstd_fail(ret, window_log_max, path, err);
        full = zout.pos == zout.size;
        int rc = ts_linesink_commit(sink, zout.pos);
        if (rc) return rc;
    }
    if (ret) {
        ts_err_set(err, TS_ETRUNC, 0, path, "truncated zstd stream");
        return TS_ETRUNC;
    }
    return TS_OK;
}

int ts_decode_zstd(struct ts_decode_reader *r, int window_log_max, struct ts_linesink *sink, const char *path,
                 struct ts_err *err)
{
    int rc = TS_ENOMEM;
    ZSTD_DCtx *dc = ZSTD_createDCtx();
    unsigned char *in = malloc(IN_CHUNK);
    if (!dc || !in) goto out;
    if (window_log_max) {
        size_t e = ZSTD_DCtx_setParameter(dc, ZSTD_d_windowLogMax, window_log_max);
        if (ZSTD_isError(e)) {
            ts_err_set(err, TS_EUSAGE, 0, path, "zstd window log max %d: %s", window_log_max,
                       ZSTD_getErrorName(e));
            rc = TS_EUSAGE;
            goto out;
        }
    }
    rc = zstd_loop(dc, in, r, window_log_max, sink, path, err);
out:
    free(in);
    ZSTD_freeDCtx(dc);
    return rc;
}

static int gzip_fail(int zrc, const z_stream *zs, const char *path, struct ts_err *err)
{
    if (zrc == Z_MEM_ERROR) return TS_ENOMEM;
    ts_err_set(err, TS_EDATA, 0, path, "corrupt gzip data: %s", zs->msg ? zs->msg : zError(zrc));
    return TS_EDATA;
}

/* Members are decoded one after another, as gzip -d does: after the end of
 * one, any further input must be the next member. */
static int gzip_loop(z_stream *zs, unsigned char *in, struct ts_decode_reader *r, struct ts_linesink *sink,
                     const char *path, struct ts_err *err)
{
    int ended = 0, full = 0;
    for (;;) {
        if (zs->avail_in == 0 && !full) {
            long n = refill(r, in, path, err);
            if (n < 0) return TS_EIO;
            if (n == 0) break;
            zs->next_in = in;
            zs->avail_in = (uInt)n;
        }
        if (ended && inflateReset(zs) != Z_OK) return gzip_fail(Z_STREAM_ERROR, zs, path, err);
        ended = 0;
        zs->next_out = ts_linesink_space(sink);
        zs->avail_out = (uInt)sink->block;
        int zrc = inflate(zs, Z_NO_FLUSH);
        size_t got = sink->block - zs->avail_out;
        full = zs->avail_out == 0;
        if (zrc == Z_STREAM_END) {
            ended = 1;
            full = 0;
        } else if (zrc != Z_OK && !(zrc == Z_BUF_ERROR && zs->avail_in == 0)) {
            return gzip_fail(zrc, zs, path, err);
        }
        int rc = ts_linesink_commit(sink, got);
        if (rc) return rc;
    }
    if (!ended) {
        ts_err_set(err, TS_ETRUNC, 0, path, "truncated gzip stream");
        return TS_ETRUNC;
    }
    return TS_OK;
}

int ts_decode_gzip(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    unsigned char *in = malloc(IN_CHUNK);
    if (!in || inflateInit2(&zs, 15 + 32) != Z_OK) { /* 32: accept the gzip wrapper */
        free(in);
        return TS_ENOMEM;
    }
    int rc = gzip_loop(&zs, in, r, sink, path, err);
    inflateEnd(&zs);
    free(in);
    return rc;
}
