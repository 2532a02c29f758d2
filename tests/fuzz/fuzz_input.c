/* fuzz_input.c — libFuzzer: arbitrary bytes as an input file (a memfd), so
 * the sniffer, the mmap windows, the line assembly and the zstd and gzip
 * decoders all see hostile data. Whatever happens: no crash, and every run
 * handed to the consumer ends in '\n' and is made of lines no longer than
 * TS_MAX_LINE + 1. A compressed input is read again through the decode
 * thread (pipe.c), which must deliver the same bytes and end the same way. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "agg/agg.h"
#include "input/input.h"
#include "input/pipe.h"
#include "scan/scan.h"

/* What a read delivered: a running hash and the byte count. */
struct sum {
    uint64_t h, n;
    struct ts_scanner *s; /* NULL: only sum */
};

static int feed(void *ctx, const unsigned char *p, size_t n)
{
    struct sum *x = ctx;
    if (n == 0 || p[n - 1] != '\n') abort();
    for (size_t i = 0; i < n; i++) x->h = (x->h ^ p[i]) * 0x100000001b3ull;
    x->n += n;
    return x->s && ts_scan_block(x->s, p, n) != TS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (fd < 0) fd = memfd_create("fuzz", 0);
    if (fd < 0 || ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size)) return 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    struct ts_input *src;
    struct ts_err err = {0};
    if (ts_input_open(path, &src, &err) != TS_OK) return 0;
    struct ts_agg agg;
    ts_agg_init(&agg);
    struct ts_scanner s;
    memset(&s, 0, sizeof s);
    s.emit = ts_agg_emit;
    s.emit_ctx = &agg;
    s.ref = (struct ts_day_ref){2024, 6, 30};
    struct ts_input_opts o = {0};
    o.window = 4096;
    struct sum a = {0, 0, &s};
    int rc = ts_input_read_all(src, &o, feed, &a, &err);
    if (rc != TS_OK && rc != TS_ETRUNC && rc != TS_EDATA && rc != TS_EIO) abort();
    if (ts_input_format(src) != TS_FMT_PLAIN) {
        struct sum b = {0, 0, NULL};
        struct ts_err err2 = {0};
        const int rc2 = ts_pipe_read(src, &o, feed, &b, &err2);
        if (rc2 != rc || b.n != a.n || b.h != a.h) abort();
    }
    ts_input_close(src);
    ts_scan_free(&s);
    ts_agg_free(&agg);
    return 0;
}
