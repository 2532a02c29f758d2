/* progress.c — see progress.h. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/progress.h"
#include "input/input.h"
#include "input/walk.h"

struct tally {
    uint64_t bytes;
    int unknown;
};

static void on_path(void *ctx, const char *path)
{
    struct tally *t = ctx;
    struct stat st;
    if (t->unknown) return;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        t->unknown = 1;
        return;
    }
    struct ts_input *s;
    struct ts_err e = {0};
    if (ts_input_open(path, &s, &e) != TS_OK) return;
    if (ts_input_format(s) != TS_FMT_PLAIN) t->unknown = 1;
    else t->bytes += (uint64_t)st.st_size;
    ts_input_close(s);
}

static void on_err(void *ctx, const struct ts_err *e)
{
    (void)ctx;
    (void)e;
}

uint64_t ts_progress_total(char *const *ops, int nops)
{
    struct tally t = {0, 0};
    for (int i = 0; i < nops && !t.unknown; i++) ts_walk(ops[i], on_path, on_err, &t);
    return t.unknown ? 0 : t.bytes;
}

static int bytes(char *out, size_t cap, uint64_t v)
{
    static const char *const unit[] = {"B", "kB", "MB", "GB", "TB"};
    double x = (double)v;
    int u = 0;
    while (x >= 1000 && u < 4) {
        x /= 1000;
        u++;
    }
    return u ? snprintf(out, cap, "%.2f %s", x, unit[u]) : snprintf(out, cap, "%llu B", (unsigned long long)v);
}

size_t ts_progress_format(char *out, size_t cap, uint64_t done, uint64_t total, double secs)
{
    char d[32], t[32];
    bytes(d, sizeof d, done);
    const double rate = secs > 0 ? (double)done / secs : 0;
    int n;
    if (total) {
        if (done > total) done = total;
        bytes(t, sizeof t, total);
        n = snprintf(out, cap, "%s of %s (%d%%)  %.2f GB/s", d, t, (int)((double)done * 100 / (double)total),
                     rate / 1e9);
        if (rate > 0 && n > 0 && (size_t)n < cap) {
            unsigned long long eta = (unsigned long long)((double)(total - done) / rate + 0.5);
            if (eta >= 3600)
                n += snprintf(out + n, cap - (size_t)n, "  ETA %llu:%02llu:%02llu", eta / 3600, eta / 60 % 60,
                              eta % 60);
            else
                n += snprintf(out + n, cap - (size_t)n, "  ETA %llu:%02llu", eta / 60, eta % 60);
        }
    } else {
        n = snprintf(out, cap, "%s  %.2f GB/s", d, rate / 1e9);
    }
    if (n < 0) n = 0;
    return (size_t)n < cap ? (size_t)n : cap ? cap - 1 : 0;
}
