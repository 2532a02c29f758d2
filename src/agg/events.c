/* events.c — see events.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg/agg.h"
#include "agg/events.h"

#define NFIELDS 13
/* line (8), weight (4), class (1), then per field a 2-byte length. */
#define HEAD (8 + 4 + 1)
#define REC_MAX (HEAD + NFIELDS * (2 + TS_FIELD_KEEP))
#define READ_BUF ((size_t)256 << 10)

void ts_events_init(struct ts_events *l)
{
    memset(l, 0, sizeof *l);
    l->fd = -1;
    l->cap = TS_EVENTS_TAIL;
}

void ts_events_free(struct ts_events *l)
{
    if (l->fd >= 0) close(l->fd);
    free(l->tail);
    ts_events_init(l);
}

uint64_t ts_events_size(const struct ts_events *l)
{
    return l->flushed + l->n;
}

static const char *tmpdir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

static int spool_err(struct ts_err *err, int sys, const char *what)
{
    ts_err_set(err, TS_EOUT, sys, tmpdir(), "cannot %s the temporary file of the events report", what);
    return TS_EOUT;
}

/* The tail to the file, which is created (and unlinked) the first time. */
static int spill(struct ts_events *l, struct ts_err *err)
{
    if (l->fd < 0) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s/tunnelstat-events.XXXXXX", tmpdir()) >= (int)sizeof path)
            return spool_err(err, ENAMETOOLONG, "create");
        l->fd = mkstemp(path);
        if (l->fd < 0) return spool_err(err, errno, "create");
        unlink(path);
    }
    for (size_t done = 0; done < l->n;) {
        ssize_t w = write(l->fd, l->tail + done, l->n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return spool_err(err, w < 0 ? errno : ENOSPC, "write");
        done += (size_t)w;
    }
    l->flushed += l->n;
    l->n = 0;
    return TS_OK;
}

int ts_events_add(struct ts_events *l, const struct ts_event *e, struct ts_err *err)
{
    if (l->cap < REC_MAX) l->cap = REC_MAX;
    if (!l->tail && !(l->tail = malloc(l->cap))) return TS_ENOMEM;
    if (l->cap - l->n < REC_MAX) {
        int rc = spill(l, err);
        if (rc != TS_OK) return rc;
    }
    unsigned char *p = l->tail + l->n;
    memcpy(p, &e->line, 8);
    memcpy(p + 8, &e->weight, 4);
    p[12] = (unsigned char)e->cls;
    p += HEAD;
    const ts_str *f[NFIELDS] = {&e->day,  &e->time, &e->host,   &e->pid, &e->conn, &e->instance,
                                &e->peer, &e->port, &e->serial, &e->tag, &e->d1,   &e->d2, &e->run};
    for (int i = 0; i < NFIELDS; i++) {
        const uint16_t n = (uint16_t)(f[i]->n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (f[i]->n > 0 ? f[i]->n : 0));
        memcpy(p, &n, 2);
        if (n) memcpy(p + 2, f[i]->p, n);
        p += 2 + n;
    }
    l->n = (size_t)(p - l->tail);
    return TS_OK;
}

int ts_events_read_begin(struct ts_events_reader *r, const struct ts_events *l, uint64_t begin, uint64_t end)
{
    memset(r, 0, sizeof *r);
    r->l = l;
    r->off = begin;
    r->end = end;
    r->cap = READ_BUF;
    r->buf = malloc(r->cap);
    return r->buf ? TS_OK : TS_ENOMEM;
}

void ts_events_read_end(struct ts_events_reader *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}

/* Tops the buffer up from the file part, then from the tail. */
static int fetch(struct ts_events_reader *r, struct ts_err *err)
{
    memmove(r->buf, r->buf + r->pos, r->have - r->pos);
    r->have -= r->pos;
    r->pos = 0;
    const struct ts_events *l = r->l;
    while (r->have < r->cap && r->off < r->end) {
        size_t want = r->cap - r->have;
        if ((uint64_t)want > r->end - r->off) want = (size_t)(r->end - r->off);
        if (r->off >= l->flushed) {
            memcpy(r->buf + r->have, l->tail + (r->off - l->flushed), want);
        } else {
            if ((uint64_t)want > l->flushed - r->off) want = (size_t)(l->flushed - r->off);
            ssize_t g = pread(l->fd, r->buf + r->have, want, (off_t)r->off);
            if (g < 0 && errno == EINTR) continue;
            if (g <= 0) return spool_err(err, g < 0 ? errno : EIO, "read back");
            want = (size_t)g;
        }
        r->have += want;
        r->off += want;
    }
    return TS_OK;
}

int ts_events_next(struct ts_events_reader *r, struct ts_event *e, struct ts_err *err)
{
    if (r->have - r->pos < REC_MAX && r->off < r->end) {
        int rc = fetch(r, err);
        if (rc != TS_OK) return rc;
    }
    if (r->pos == r->have) return 0;
    const unsigned char *p = r->buf + r->pos, *const lim = r->buf + r->have;
    if (lim - p < HEAD) return spool_err(err, EIO, "decode");
    memset(e, 0, sizeof *e);
    memcpy(&e->line, p, 8);
    memcpy(&e->weight, p + 8, 4);
    e->cls = p[12];
    p += HEAD;
    ts_str *f[NFIELDS] = {&e->day,  &e->time, &e->host,   &e->pid, &e->conn, &e->instance,
                          &e->peer, &e->port, &e->serial, &e->tag, &e->d1,   &e->d2, &e->run};
    for (int i = 0; i < NFIELDS; i++) {
        uint16_t n;
        if (lim - p < 2) return spool_err(err, EIO, "decode");
        memcpy(&n, p, 2);
        if (lim - p - 2 < n) return spool_err(err, EIO, "decode");
        *f[i] = (ts_str){n ? p + 2 : NULL, n};
        p += 2 + n;
    }
    r->pos = (size_t)(p - r->buf);
    return 1;
}
