/* decode.c — gzip, xz and bzip2 streaming decoders (see decode.h); zstd
 * has a ring of its own (zring.c).
 *
 * The loops have the same shape: refill the input when the decoder has
 * used it up, unless the last call filled the whole output block (the
 * decoder may then still hold output); decode into the sink's free block;
 * commit what came out. End of input is clean only if the last frame or
 * member was complete. */
#include <bzlib.h>
#include <errno.h>
#include <lzma.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input/decode.h"

#define IN_CHUNK ((size_t)1 << 20)

int ts_decode_read(struct ts_decode_reader *r, unsigned char *buf, size_t n, size_t *got)
{
    if (r->nhead) {
        size_t k = n < r->nhead ? n : r->nhead;
        memcpy(buf, r->head, k);
        r->head += k;
        r->nhead -= k;
        *got = k;
        return TS_OK;
    }
    for (;;) {
        ssize_t k = r->positional ? pread(r->fd, buf, n, (off_t)r->off) : read(r->fd, buf, n);
        if (k >= 0) {
            r->off += k;
            *got = (size_t)k;
            return TS_OK;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) { /* stdin left non-blocking by a parent */
            struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
            poll(&pfd, 1, -1);
        } else if (errno != EINTR) {
            return TS_EIO;
        }
    }
}

static int refill(struct ts_decode_reader *r, unsigned char *in, size_t *n, const char *path, struct ts_err *err)
{
    if (ts_decode_read(r, in, IN_CHUNK, n) == TS_OK) return TS_OK;
    ts_err_set(err, TS_EIO, errno, path, "read failed");
    return TS_EIO;
}

static int gzip_fail(int zrc, const z_stream *zs, const char *path, struct ts_err *err)
{
    if (zrc == Z_MEM_ERROR) return TS_ENOMEM;
    ts_err_set(err, TS_EDATA, 0, path, "corrupt gzip data: %s", zs->msg ? zs->msg : zError(zrc));
    return TS_EDATA;
}

/* Members are decoded one after another, as gzip -d does: after the end of
 * one, any further input must be the next member, or zero bytes to the end
 * (tape and block-device padding, which gzip -d also passes over without a
 * word). */
static int gzip_loop(z_stream *zs, unsigned char *in, struct ts_decode_reader *r, struct ts_linesink *sink,
                     const char *path, struct ts_err *err)
{
    int ended = 0, full = 0, padding = 0;
    for (;;) {
        if (zs->avail_in == 0 && !full) {
            size_t n;
            if (refill(r, in, &n, path, err)) return TS_EIO;
            if (n == 0) break;
            zs->next_in = in;
            zs->avail_in = (uInt)n;
        }
        if (ended && (padding || zs->next_in[0] == 0)) {
            padding = 1;
            for (uInt i = 0; i < zs->avail_in; i++)
                if (zs->next_in[i]) {
                    ts_err_set(err, TS_EDATA, 0, path, "corrupt gzip data: bytes after the zero padding");
                    return TS_EDATA;
                }
            zs->avail_in = 0;
            continue;
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

/* ---- xz and bzip2 ------------------------------------------------------ */

/* liblzma's concatenated mode reads every stream and the padding between
 * them, as xz -d does; it tells a clean end from a cut one only when told
 * that the input is finished. */
static int xz_loop(lzma_stream *xs, unsigned char *in, struct ts_decode_reader *r, struct ts_linesink *sink,
                   const char *path, struct ts_err *err)
{
    lzma_action act = LZMA_RUN;
    int full = 0;
    for (;;) {
        if (xs->avail_in == 0 && act == LZMA_RUN && !full) {
            size_t n;
            if (refill(r, in, &n, path, err)) return TS_EIO;
            if (n == 0) act = LZMA_FINISH;
            xs->next_in = in;
            xs->avail_in = (size_t)n;
        }
        xs->next_out = ts_linesink_space(sink);
        xs->avail_out = sink->block;
        const lzma_ret ret = lzma_code(xs, act);
        full = xs->avail_out == 0;
        int rc = ts_linesink_commit(sink, sink->block - xs->avail_out);
        if (rc) return rc;
        if (ret == LZMA_STREAM_END) return TS_OK;
        if (ret == LZMA_OK || (ret == LZMA_BUF_ERROR && act == LZMA_RUN)) continue;
        if (ret == LZMA_MEM_ERROR) return TS_ENOMEM;
        if (ret == LZMA_BUF_ERROR) {
            ts_err_set(err, TS_ETRUNC, 0, path, "truncated xz stream");
            return TS_ETRUNC;
        }
        ts_err_set(err, TS_EDATA, 0, path, "corrupt xz data: %s",
                   ret == LZMA_FORMAT_ERROR    ? "not in xz format"
                   : ret == LZMA_OPTIONS_ERROR ? "unsupported options"
                   : ret == LZMA_DATA_ERROR    ? "data is corrupt"
                                               : "decoder error");
        return TS_EDATA;
    }
}

int ts_decode_xz(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err)
{
    lzma_stream xs = LZMA_STREAM_INIT;
    unsigned char *in = malloc(IN_CHUNK);
    if (!in || lzma_stream_decoder(&xs, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
        free(in);
        return TS_ENOMEM;
    }
    int rc = xz_loop(&xs, in, r, sink, path, err);
    lzma_end(&xs);
    free(in);
    return rc;
}

static int bzip2_fail(int bzrc, const char *path, struct ts_err *err)
{
    if (bzrc == BZ_MEM_ERROR) return TS_ENOMEM;
    ts_err_set(err, TS_EDATA, 0, path, "corrupt bzip2 data%s",
               bzrc == BZ_DATA_ERROR_MAGIC ? ": not a bzip2 stream" : "");
    return TS_EDATA;
}

/* Streams are decoded one after another, as bzip2 -d does. */
static int bzip2_loop(bz_stream *bs, unsigned char *in, struct ts_decode_reader *r, struct ts_linesink *sink,
                      const char *path, struct ts_err *err)
{
    int ended = 0, full = 0;
    for (;;) {
        if (bs->avail_in == 0 && !full) {
            size_t n;
            if (refill(r, in, &n, path, err)) return TS_EIO;
            if (n == 0) break;
            bs->next_in = (char *)in;
            bs->avail_in = (unsigned)n;
        }
        if (ended) {
            BZ2_bzDecompressEnd(bs);
            if (BZ2_bzDecompressInit(bs, 0, 0) != BZ_OK) return TS_ENOMEM;
            ended = 0;
        }
        bs->next_out = (char *)ts_linesink_space(sink);
        bs->avail_out = (unsigned)sink->block;
        const int bzrc = BZ2_bzDecompress(bs);
        const size_t got = sink->block - bs->avail_out;
        full = bs->avail_out == 0;
        if (bzrc == BZ_STREAM_END) {
            ended = 1;
            full = 0;
        } else if (bzrc != BZ_OK) {
            return bzip2_fail(bzrc, path, err);
        }
        int rc = ts_linesink_commit(sink, got);
        if (rc) return rc;
    }
    if (!ended) {
        ts_err_set(err, TS_ETRUNC, 0, path, "truncated bzip2 stream");
        return TS_ETRUNC;
    }
    return TS_OK;
}

int ts_decode_bzip2(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err)
{
    bz_stream bs;
    memset(&bs, 0, sizeof bs);
    unsigned char *in = malloc(IN_CHUNK);
    if (!in || BZ2_bzDecompressInit(&bs, 0, 0) != BZ_OK) {
        free(in);
        return TS_ENOMEM;
    }
    int rc = bzip2_loop(&bs, in, r, sink, path, err);
    BZ2_bzDecompressEnd(&bs);
    free(in);
    return rc;
}
