/* out.c — buffered writes, logrotate file names, the syslog header. */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "model.h"

static void flush_out(struct out *o)
{
    size_t off = 0;
    while (off < o->n) {
        const ssize_t k = write(o->fd, o->buf + off, o->n - off);
        if (k < 0) {
            if (errno == EINTR) continue;
            die("write: %s", strerror(errno));
        }
        off += (size_t)k;
    }
    o->n = 0;
}

static void set_stamp(struct out *o)
{
    if (o->stamp_for == o->now) return;
    o->stamp_for = o->now;
    const struct day *d = &o->cal->days[o->now / 86400];
    const u32 s = (u32)(o->now % 86400);
    char *w = o->stamp;
    w = wstr(w, k_mon + 3 * (d->m - 1), 3);
    *w++ = ' ';
    w = wus(w, (u32)d->d, 2);
    *w++ = ' ';
    w = wu0(w, s / 3600, 2); *w++ = ':';
    w = wu0(w, s / 60 % 60, 2); *w++ = ':';
    w = wu0(w, s % 60, 2); *w++ = ' ';
}

char *out_begin(struct out *o, const struct host *h)
{
    set_stamp(o);
    char *w = o->buf + o->n;
    w = wstr(w, o->stamp, 16);
    w = wstr(w, h->name, (size_t)h->namelen);
    *w++ = ' ';
    return w;
}

char *wprog(char *w, const char *prog, size_t n, u32 pid)
{
    w = wstr(w, prog, n);
    *w++ = '[';
    w = wu(w, pid);
    return WS(w, "]: ");
}

void out_end(struct out *o, char *w)
{
    if (o->crlf) *w++ = '\r';
    *w++ = '\n';
    const size_t len = (size_t)(w - (o->buf + o->n));
    o->logical += len - (size_t)o->crlf;
    o->n += len;
    o->lines++;
    if (o->n > OBUF - LINE_MAX_GEN) flush_out(o);
}

static void mkdirs(const char *dir)
{
    char tmp[4096];
    const size_t n = strlen(dir);
    if (n >= sizeof tmp) die("path too long: %s", dir);
    memcpy(tmp, dir, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, 0777) && errno != EEXIST) die("mkdir: %s", tmp);
        *p = '/';
    }
    if (mkdir(tmp, 0777) && errno != EEXIST) die("mkdir: %s", tmp);
}

static void open_file(struct out *o, int i)
{
    if (o->fd > 2) {
        flush_out(o);
        if (close(o->fd)) die("close: %s", strerror(errno));
    }
    o->crlf = rp(&o->frng, o->crlf_frac);
    if (!o->files) {
        if (!strcmp(o->path, "-")) o->fd = 1;
        else if ((o->fd = open(o->path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) die("cannot create %s", o->path);
        return;
    }
    char path[4200];
    int y, m, d;
    civil_from_days(o->file_name_day[i], &y, &m, &d);
    snprintf(path, sizeof path, "%s/router.log-%04d%02d%02d", o->path, y, m, d);
    if ((o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) die("cannot create %s", path);
}

void out_init(struct out *o, const struct opts *op, const struct cal *c)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->stamp_for = ~0ULL;
    o->cal = c;
    o->path = op->out;
    o->files = op->files;
    o->crlf_frac = op->crlf;
    rng_seed(&o->frng, op->seed ^ 0x5eedf11e5ULL);
    if (o->files) mkdirs(o->path);
    const int ndays = c->ndays;
    const long day0 = c->day0;
    o->nfiles = o->files ? o->files : 1;
    if (o->nfiles > ndays) die("%s", "--files must not exceed --days (one rotation per day at most)");
    o->file_end = xcalloc((size_t)o->nfiles, sizeof *o->file_end);
    o->file_name_day = xcalloc((size_t)o->nfiles, sizeof *o->file_name_day);
    for (int i = 0; i < o->nfiles; i++) {
        if (i == o->nfiles - 1) {
            o->file_end[i] = ~0ULL;
            o->file_name_day[i] = day0 + ndays; /* rotated the day after the last line */
        } else {
            const u64 dd = (u64)((long)(i + 1) * ndays / o->nfiles);
            o->file_end[i] = dd * 86400 + 6 * 3600 + 25 * 60; /* cron.daily at 06:25 */
            o->file_name_day[i] = day0 + (long)dd;
        }
    }
    if (!o->files) o->file_name_day[0] = day0 + ndays - 1;
    /* every line's month-day must get its true year from the reference date of its file */
    for (int i = 0; i < o->nfiles; i++) {
        int ry, rm, rd;
        civil_from_days(o->file_name_day[i], &ry, &rm, &rd);
        const u64 a = i ? o->file_end[i - 1] / 86400 : 0;
        const u64 b = o->file_end[i] == ~0ULL ? (u64)ndays - 1 : o->file_end[i] / 86400;
        for (u64 dd = a; dd <= b; dd++)
            if (rule_year(c->days[dd].m, c->days[dd].d, ry, rm, rd) != c->days[dd].y)
                die("%s", "a file would span more than the year rule allows; use more --files or fewer --days");
    }
}

void out_start(struct out *o)
{
    o->buf = malloc(OBUF);
    if (!o->buf) die("%s", "out of memory");
    open_file(o, 0);
}

void out_set_now(struct out *o, u64 now)
{
    o->now = now;
    while (now >= o->file_end[o->cur_file]) open_file(o, ++o->cur_file);
}

void out_finish(struct out *o)
{
    flush_out(o);
    if (o->fd > 2 && close(o->fd)) die("close: %s", strerror(errno));
}
