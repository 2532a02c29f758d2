/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "input/input.h"
#include "input/walk.h"
#include "input/pipe.h"
#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"
#include "base/escape.h"
#include "explain/explain.h"
#include "explain/shapes.h"
#include "agg/conns.h"
#include "report/columns.h"
#include "report/html.h"
#include "cli/progress.h"
#include "report/render.h"
#include "report/report.h"
#include "report/summary.h"

char tdir[64];

void feeder_join(struct feeder *f)
{
    assert_int_equal(pthread_join(f->th, NULL), 0);
}

void buf_fill(struct buf *b, int c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const unsigned char ch = (unsigned char)c;
        buf_add(b, &ch, 1);
    }
}

/* Lines of exactly TS_MAX_LINE, one more, several times more, and a last
 * line without newline that is too long, each between short lines. */
void long_lines(struct buf *in, struct buf *want)
{
    const size_t M = TS_MAX_LINE;
    buf_str(in, "a\n");
    buf_fill(in, 'x', M);
    buf_str(in, "\nb\n");
    buf_fill(in, 'y', M + 1);
    buf_str(in, "\n");
    buf_fill(in, 'z', 3 * M + 5000);
    buf_str(in, "\nc\r\n");
    buf_fill(in, 'w', M + 5);

    buf_str(want, "a\n");
    buf_fill(want, 'x', M);
    buf_str(want, "\nb\n");
    buf_fill(want, 'y', M);
    buf_str(want, "\n");
    buf_fill(want, 'z', M);
    buf_str(want, "\nc\r\n");
    buf_fill(want, 'w', M);
    buf_str(want, "\n");
}

void *feed(void *arg)
{
    struct feeder *f = arg;
    int fd = f->fifo ? open(f->fifo, O_WRONLY) : f->fd;
    if (fd < 0) return NULL;
    for (size_t i = 0; i < f->n;) {
        size_t k = f->n - i < f->chunk ? f->n - i : f->chunk;
        ssize_t w = write(fd, f->p + i, k);
        if (w <= 0) break;
        i += (size_t)w;
    }
    close(fd);
    return NULL;
}

void feeder_start(struct feeder *f)
{
    assert_int_equal(pthread_create(&f->th, NULL, feed, f), 0);
}

int group_teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", tdir, tdir);
    return system(cmd) == 0 ? 0 : -1;
}

void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (n) assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

const char *tpath(char *out, const char *name)
{
    snprintf(out, 512, "%s/%s", tdir, name);
    return out;
}

int collect(void *ctx, const unsigned char *p, size_t n)
{
    struct coll *c = ctx;
    c->calls++;
    if (n == 0 || p[n - 1] != '\n') c->bad_run = 1;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n') continue;
        if (i + 1 - start > TS_MAX_LINE + 1) c->too_long = 1;
        start = i + 1;
    }
    if (c->slow && c->calls % 5 == 0) {
        const struct timespec ts = {0, 200000};
        nanosleep(&ts, NULL);
    }
    buf_add(&c->all, p, n);
    if (c->shrink && c->calls == 1) {
        assert_int_equal(truncate(c->shrink, 0), 0);
        if (c->touch_after_shrink) {
            volatile unsigned char x = p[n - 1]; /* page is gone: SIGBUS */
            (void)x;
        }
    }
    return c->stop_after && c->calls >= c->stop_after;
}

/* Reads path and checks the delivered text is exactly want. */
void expect_text(const char *path, size_t window, const void *want, size_t n)
{
    struct coll c = {0};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, window, 0, &c, &err), TS_OK);
    assert_int_equal(c.all.n, n);
    if (n) assert_memory_equal(c.all.p, want, n);
    coll_free(&c);
}

void buf_add(struct buf *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    if (n) memcpy(b->p + b->n, p, n);
    b->n += n;
}

void add_skippable(struct buf *b, unsigned nibble, const char *payload)
{
    const uint32_t magic = 0x184D2A50u + nibble, len = (uint32_t)strlen(payload);
    const unsigned char h[8] = {magic & 0xFF, magic >> 8 & 0xFF, magic >> 16 & 0xFF, magic >> 24,
                                len & 0xFF, len >> 8 & 0xFF, len >> 16 & 0xFF, len >> 24};
    buf_add(b, h, 8);
    buf_add(b, payload, len);
}

void buf_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* Deterministic log-like text of exactly n bytes ending in '\n': mostly
 * short lines, some CRLF, now and then a line of several KiB. */
unsigned char *gen_text(size_t n, unsigned seed)
{
    unsigned char *p = malloc(n);
    assert_non_null(p);
    unsigned x = seed * 2654435761u + 1;
    size_t i = 0;
    while (i < n) {
        x = x * 1103515245u + 12345u;
        size_t len = (x >> 16) % 200;
        if ((x >> 8) % 50 == 0) len = 3000 + (x >> 4) % 9000;
        for (size_t k = 0; k < len && i < n - 1; k++, i++) p[i] = (unsigned char)('a' + (i + k) % 26);
        if ((x >> 12) % 7 == 0 && i < n - 1) p[i++] = '\r';
        p[i++] = '\n';
    }
    p[n - 1] = '\n';
    return p;
}

int read_path(const char *path, size_t window, int wlog, struct coll *c,
                     struct ts_err *err)
{
    struct ts_input *s;
    int rc = ts_input_open(path, &s, err);
    if (rc) return rc;
    const struct ts_input_opts o = {.window = window, .zstd_window_log_max = wlog};
    rc = ts_input_read_all(s, &o, collect, c, err);
    ts_input_close(s);
    assert_int_equal(c->bad_run, 0);
    assert_int_equal(c->too_long, 0);
    return rc;
}

unsigned char *zstd_frame(const void *src, size_t n, size_t *outn)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    assert_non_null(c);
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
    const size_t cap = ZSTD_compressBound(n);
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    *outn = ZSTD_compress2(c, out, cap, src, n);
    assert_false(ZSTD_isError(*outn));
    ZSTD_freeCCtx(c);
    return out;
}

/* Reads bytes through a fresh FIFO written in small chunks. */
int read_fifo(const void *bytes, size_t n, size_t window, struct coll *c,
                     struct ts_err *err)
{
    char path[512];
    tpath(path, "fifo");
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    struct feeder f = {.fifo = path, .p = bytes, .n = n, .chunk = 1000};
    feeder_start(&f);
    const int rc = read_path(path, window, 0, c, err);
    feeder_join(&f);
    unlink(path);
    return rc;
}

unsigned char *gzip_member(const void *src, size_t n, size_t *outn)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    const size_t cap = deflateBound(&zs, (uLong)n) + 64;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    zs.next_in = (unsigned char *)(uintptr_t)src;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *outn = cap - zs.avail_out;
    deflateEnd(&zs);
    return out;
}

/* ---- group setup ------------------------------------------------------- */

int group_setup(void **state)
{
    (void)state;
    snprintf(tdir, sizeof tdir, "/tmp/ts-test-XXXXXX");
    return mkdtemp(tdir) ? 0 : -1;
}

void coll_free(struct coll *c)
{
    free(c->all.p);
    memset(c, 0, sizeof *c);
}

int has(const struct ts_buf *b, const char *s)
{
    const size_t n = strlen(s);
    for (size_t i = 0; i + n <= b->n; i++)
        if (memcmp(b->p + i, s, n) == 0) return 1;
    return 0;
}

ts_str S(const char *s)
{
    return (ts_str){(const unsigned char *)s, (ptrdiff_t)strlen(s)};
}

void fixture(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *const k[6][3] = {
        {"-", "gw", "192.0.2.9"},          {"2024-01-01", "gw", "192.0.2.1"}, {"2024-01-01", "gw", "192.0.2.2"},
        {"2024-01-02", "gw", "192.0.2.1"}, {"2024-01-02", "hq", "192.0.2.1"}, {"2024-01-03", "gw", "192.0.2.3"},
    };
    f->n[0].c[TS_C_DPD_DEAD] = 9;
    f->n[1].c[TS_C_DPD_DEAD] = 2;
    f->n[1].c[TS_C_PHASE1_UP] = 5;
    f->n[2].c[TS_C_AUTH_FAIL] = 3;
    f->n[2].c[TS_C_WEAK_ESP] = 4;
    f->n[3].c[TS_C_UNKNOWN_SA] = 1;
    f->n[3].c[TS_C_DISCONNECT] = 1;
    f->n[4].c[TS_C_AUTH_FAIL] = 3;
    f->n[5].c[TS_C_STATE_CHANGE] = 8; /* no report column: not a row of any report */
    for (int i = 0; i < 6; i++) f->rows[i] = (struct ts_agg_row){S(k[i][0]), S(k[i][1]), S(k[i][2]), &f->n[i]};
}
