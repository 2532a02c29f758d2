/* progress.c — see progress.h. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/ts.h"
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
    const struct ts_walk_cb cb = {on_path, on_err, NULL, &t};
    ts_walk_all(ops, nops, &cb);
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

/* ---- the progress thread ----------------------------------------------- */
struct ui {
    struct ts_progress p;
    char *const *ops;
    int nops;
    int tty, forced, stop, shown;
    struct timespec t0;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t tid;
};
static struct ui g_ui;
static int g_running;

static double since_start(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void print_line(struct ui *u, int last)
{
    char text[160];
    const uint64_t done = atomic_load_explicit(&u->p.done, memory_order_relaxed);
    ts_progress_format(text, sizeof text, done, u->p.total, since_start(&u->t0));
    if (u->tty) fprintf(stderr, "\rtunnelstat: %s\033[K%s", text, last ? "\n" : "");
    else fprintf(stderr, "tunnelstat: %s\n", text);
    fflush(stderr);
    u->shown = 1;
}

static void wait_200ms(struct ui *u)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += 200000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&u->cv, &u->mu, &t);
}

static void *loop(void *arg)
{
    struct ui *u = arg;
    const uint64_t total = ts_progress_total(u->ops, u->nops); /* meanwhile the scan has begun */
    pthread_mutex_lock(&u->mu);
    u->p.total = total;
    double last = -1;
    while (!u->stop) {
        wait_200ms(u);
        const double now = since_start(&u->t0);
        if (u->stop || now < (u->forced ? 0.0 : 1.0)) continue;
        if (u->tty || now - last >= 1.0) {
            print_line(u, 0);
            last = now;
        }
    }
    if (u->shown || u->forced) print_line(u, 1);
    pthread_mutex_unlock(&u->mu);
    return NULL;
}

_Atomic uint64_t *ts_progress_start(char *const *ops, int nops, int forced)
{
    struct ui *u = &g_ui;
    TS_ASSERT(!g_running);
    memset(u, 0, sizeof *u);
    u->ops = ops;
    u->nops = nops;
    u->forced = forced;
    u->tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &u->t0);
    pthread_mutex_init(&u->mu, NULL);
    pthread_cond_init(&u->cv, NULL);
    if (pthread_create(&u->tid, NULL, loop, u) != 0) return NULL;
    g_running = 1;
    return &u->p.done;
}

void ts_progress_stop(void)
{
    struct ui *u = &g_ui;
    if (!g_running) return;
    pthread_mutex_lock(&u->mu);
    u->stop = 1;
    pthread_cond_signal(&u->cv);
    pthread_mutex_unlock(&u->mu);
    pthread_join(u->tid, NULL);
    g_running = 0;
}

void ts_progress_hold(void)
{
    if (!g_running) return;
    pthread_mutex_lock(&g_ui.mu);
    if (g_ui.shown && g_ui.tty) fputs("\r\033[K", stderr);
}

void ts_progress_release(void)
{
    if (g_running) pthread_mutex_unlock(&g_ui.mu);
}
