/* igzip.c — gzip through ISA-L (see igzip.h).
 *
 * The loop has the shape of decode.c's: refill the input when the inflater
 * has used it up, unless the last call filled the whole output block (it may
 * still hold output); inflate into the sink's free block; commit what came
 * out. ISA-L parses the gzip header and checks the trailer (CRC-32 and length)
 * itself; after a member's trailer next_in points just past it (its bit
 * buffer is empty), so the next member starts there after a reset.
 *
 * The header is read here, not by isal_inflate: ISA-L 2.30 loses the header
 * flags when a header arrives in pieces (from a pipe), and then reads a
 * file name or comment as deflate data. isal_read_gzip_header resumes
 * correctly when given the same header struct every time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input/igzip.h"

#if TS_HAVE_ISAL

#include <isa-l.h>
#include <zlib.h>

#define IN_CHUNK ((size_t)1 << 20)
#define STR_(x) #x
#define STR(x) STR_(x)

int ts_igzip_available(void) { return 1; }

const char *ts_igzip_version(void)
{
    return "ISA-L " STR(ISAL_MAJOR_VERSION) "." STR(ISAL_MINOR_VERSION) "." STR(ISAL_PATCH_VERSION);
}

/* In zlib's words where there is one, so a message does not depend on the build. */
static const char *reason(int rc)
{
    switch (rc) {
    case ISAL_INVALID_BLOCK: return "invalid block type";
    case ISAL_INVALID_SYMBOL: return "invalid code";
    case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER: return "incorrect header check";
    case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
    default: return "inflate error";
    }
}

static int corrupt(const char *path, struct ts_err *err, const char *why)
{
    ts_err_set(err, TS_EDATA, 0, path, "corrupt gzip data: %s", why);
    return TS_EDATA;
}

/* Zero padding after the last member (tapes, block devices) is passed over
 * as gzip -d does; anything else there must be a member. */
static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

/* isal_gzip_header_init leaves flags, which the reader keeps between
 * calls, unset. */
static void header_init(struct isal_gzip_header *h)
{
    memset(h, 0, sizeof *h);
    isal_gzip_header_init(h);
}

/* Reads (more of) a member's header; *done unless it needs more input.
 * Reserved flag bits are refused, as zlib and gzip -d do. */
static int header(struct inflate_state *st, struct isal_gzip_header *h, int *done, const char *path,
                  struct ts_err *err)
{
    const int hrc = isal_read_gzip_header(st, h);
    if (hrc < 0) return corrupt(path, err, reason(hrc));
    if (h->flags & 0xE0) return corrupt(path, err, "unknown header flags set");
    *done = hrc == 0;
    return TS_OK;
}

/* ISA-L decodes a few bits ahead: at a cut it may hold back the last one
 * or two literals whose bits did arrive, and so a last line whose newline
 * was one of them. zlib gives every byte the bits determine, as gzip -d
 * does, so a cut member of a regular file is inflated again by zlib from
 * its start at off and the bytes past the skip ISA-L gave are committed.
 * From a pipe those bytes are gone: the cut member may lose its last line. */
static int zlib_tail(const struct ts_decode_reader *r, long long off, uint64_t skip, unsigned char *in,
                     struct ts_linesink *sink)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 15 + 16) != Z_OK) return TS_ENOMEM;
    struct ts_decode_reader again = {.fd = r->fd, .positional = 1, .off = off};
    uint64_t seen = 0;
    int rc = TS_OK;
    for (;;) {
        size_t n = 0;
        if (zs.avail_in == 0) {
            /* a read error now changes nothing: the cut is reported */
            if (ts_decode_read(&again, in, IN_CHUNK, &n) != TS_OK || n == 0) break;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
        }
        unsigned char *o = ts_linesink_space(sink); /* scratch until past the skip */
        zs.next_out = o;
        zs.avail_out = (uInt)sink->block;
        const int zrc = inflate(&zs, Z_NO_FLUSH);
        const size_t got = sink->block - zs.avail_out;
        if (seen + got > skip) {
            const size_t from = skip > seen ? (size_t)(skip - seen) : 0;
            memmove(o, o + from, got - from);
            if ((rc = ts_linesink_commit(sink, got - from))) break;
        }
        seen += got;
        if (zrc != Z_OK) break;
    }
    inflateEnd(&zs);
    return rc;
}

static int igzip_loop(struct inflate_state *st, unsigned char *in, struct ts_decode_reader *r,
                      struct ts_linesink *sink, const char *path, struct ts_err *err)
{
    struct isal_gzip_header h;
    header_init(&h);
    int ended = 0, full = 0, padding = 0;
    long long member_off = r->off; /* where the current member starts (positional readers) */
    uint64_t member_out = 0;        /* bytes it gave so far */
    for (;;) {
        if (st->avail_in == 0 && !full) {
            size_t n;
            if (ts_decode_read(r, in, IN_CHUNK, &n) != TS_OK) {
                ts_err_set(err, TS_EIO, errno, path, "read failed");
                return TS_EIO;
            }
            if (n == 0) break;
            st->next_in = in;
            st->avail_in = (uint32_t)n;
        }
        if (ended && (padding || st->next_in[0] == 0)) {
            padding = 1;
            if (!all_zero(st->next_in, st->avail_in)) return corrupt(path, err, "bytes after the zero padding");
            st->avail_in = 0;
            continue;
        }
        if (ended) {
            isal_inflate_reset(st); /* keeps next_in, avail_in and crc_flag */
            header_init(&h);
            ended = 0;
            member_off = r->off - st->avail_in;
            member_out = 0;
        }
        if (!st->wrapper_flag) {
            int done = 0;
            const int rc = header(st, &h, &done, path, err);
            if (rc) return rc;
            if (!done) continue; /* it took all the input */
        }
        const uint32_t before = st->avail_in;
        st->next_out = ts_linesink_space(sink);
        st->avail_out = (uint32_t)sink->block;
        const int zrc = isal_inflate(st);
        if (zrc < 0) return corrupt(path, err, reason(zrc));
        const size_t got = sink->block - st->avail_out;
        full = st->avail_out == 0;
        if (st->block_state == ISAL_BLOCK_FINISH) {
            ended = 1;
            full = 0;
        } else if (!got && st->avail_in && st->avail_in == before) {
            return corrupt(path, err, "inflater made no progress"); /* never seen; no endless loop */
        }
        member_out += got;
        const int rc = ts_linesink_commit(sink, got);
        if (rc) return rc;
    }
    if (!ended) {
        const int rc = r->positional ? zlib_tail(r, member_off, member_out, in, sink) : TS_OK;
        if (rc) return rc;
        ts_err_set(err, TS_ETRUNC, 0, path, "truncated gzip stream");
        return TS_ETRUNC;
    }
    return TS_OK;
}

int ts_igzip_decode(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err)
{
    /* about 220 KiB of tables and history: on the heap, not the stack */
    struct inflate_state *st = malloc(sizeof *st);
    unsigned char *in = malloc(IN_CHUNK);
    int rc = TS_ENOMEM;
    if (st && in) {
        isal_inflate_init(st);
        st->crc_flag = ISAL_GZIP;
        rc = igzip_loop(st, in, r, sink, path, err);
    }
    free(in);
    free(st);
    return rc;
}

#else

int ts_igzip_available(void) { return 0; }

const char *ts_igzip_version(void) { return NULL; }

int ts_igzip_decode(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err)
{
    ts_err_set(err, TS_EUSAGE, 0, path, "this build has no ISA-L inflater");
    return TS_EUSAGE;
}

#endif
