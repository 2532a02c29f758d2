/* out.c — buffered report output; files are replaced atomically (out.h).
 *
 * A file report goes to a mkstemp temporary ".<base>.XXXXXX" beside the
 * target, so the final rename cannot cross filesystems. Writes go through
 * our own buffer and write(2), never stdio, so every failure (ENOSPC on
 * /dev/full, EPIPE when SIGPIPE is ignored) is seen and kept: the first
 * error sticks and is returned by every later write and by commit. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/out.h"

#define OUT_BUF ((size_t)64 << 10)

struct ts_out {
    int fd;
    const char *path; /* as given, for messages ("-" for stdout) */
    char *tmp;        /* the temporary; NULL for stdout */
    char *dir;        /* the target's directory, fsynced after the rename */
    int sys;          /* sticky errno of the first failure, 0 if none */
    const char *what; /* and what failed */
    size_t len;
    unsigned char buf[OUT_BUF];
};

static int fail(const char *path, int sys, const char *what, struct ts_err *err)
{
    ts_err_set(err, TS_EOUT, sys, path, "%s", what);
    return TS_EOUT;
}

/* Keeps the first failure only: later ones are its consequences. */
static int stick(struct ts_out *o, int sys, const char *what)
{
    if (!o->sys) {
        o->sys = sys ? sys : EIO;
        o->what = what;
    }
    return TS_EOUT;
}

static int write_all(struct ts_out *o, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t k = write(o->fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return stick(o, k < 0 ? errno : EIO, "write failed");
        p += k;
        n -= (size_t)k;
    }
    return TS_OK;
}

static int flush(struct ts_out *o)
{
    if (o->sys) return TS_EOUT;
    const size_t n = o->len;
    o->len = 0;
    return write_all(o, o->buf, n);
}

/* "dir/base" -> "dir/" and ".base.XXXXXX" joined; "base" -> "./" likewise. */
static int name_temp(struct ts_out *o, const char *path)
{
    const char *slash = strrchr(path, '/');
    const size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    o->dir = malloc(dirlen + 3);
    o->tmp = malloc(dirlen + strlen(base) + 10);
    if (!o->dir || !o->tmp) return 0;
    if (dirlen) {
        memcpy(o->dir, path, dirlen);
        o->dir[dirlen] = '\0';
    } else {
        strcpy(o->dir, "./");
    }
    memcpy(o->tmp, path, dirlen);
    strcpy(o->tmp + dirlen, ".");
    strcat(o->tmp + dirlen, base);
    strcat(o->tmp + dirlen, ".XXXXXX");
    return 1;
}

static void free_out(struct ts_out *o)
{
    free(o->tmp);
    free(o->dir);
    free(o);
}

static int open_file(struct ts_out *o, const char *path, struct ts_err *err)
{
    struct stat st;
    const size_t n = strlen(path);
    if (!n || path[n - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return fail(path, EISDIR, "cannot write the report", err);
    if (!name_temp(o, path)) return fail(path, ENOMEM, "out of memory", err);
    o->fd = mkstemp(o->tmp);
    if (o->fd < 0) return fail(path, errno, "cannot create a file in the report's directory", err);
    fcntl(o->fd, F_SETFD, FD_CLOEXEC);
    return TS_OK;
}

int ts_out_open(const char *path, struct ts_out **out, struct ts_err *err)
{
    *out = NULL;
    struct ts_out *o = calloc(1, sizeof *o);
    if (!o) return fail(path ? path : "-", ENOMEM, "out of memory", err);
    o->fd = 1;
    o->path = "-";
    if (path && strcmp(path, "-") != 0) {
        o->path = path;
        if (open_file(o, path, err)) {
            free_out(o);
            return TS_EOUT;
        }
    }
    *out = o;
    return TS_OK;
}

static int report(const struct ts_out *o, struct ts_err *err)
{
    return fail(o->path, o->sys, o->what, err);
}

int ts_out_write(struct ts_out *o, const void *p, size_t n, struct ts_err *err)
{
    if (o->sys) return report(o, err);
    if (n > OUT_BUF - o->len) {
        if (flush(o)) return report(o, err);
        if (n >= OUT_BUF) return write_all(o, p, n) ? report(o, err) : TS_OK;
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
    return TS_OK;
}

/* Best effort: the rename is done and readers see the new report; a
 * directory that cannot be fsynced (some filesystems refuse) must not turn
 * that into a failure. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

/* mkstemp made the file 0600; a report is as readable as any new file. */
static int publish(struct ts_out *o)
{
    const mode_t mask = umask(0);
    umask(mask);
    if (fsync(o->fd) < 0) return stick(o, errno, "fsync failed");
    if (fchmod(o->fd, 0644 & ~mask) < 0) return stick(o, errno, "chmod failed");
    const int fd = o->fd;
    o->fd = -1;
    if (close(fd) < 0) return stick(o, errno, "close failed");
    if (rename(o->tmp, o->path) < 0) return stick(o, errno, "cannot rename the report into place");
    sync_dir(o->dir);
    return TS_OK;
}

int ts_out_commit(struct ts_out *o, struct ts_err *err)
{
    int rc = flush(o);
    if (o->tmp && !rc) rc = publish(o);
    if (rc) {
        rc = report(o, err);
        ts_out_abort(o);
        return rc;
    }
    free_out(o);
    return TS_OK;
}

void ts_out_abort(struct ts_out *o)
{
    if (!o) return;
    if (o->tmp) {
        if (o->fd >= 0) close(o->fd);
        unlink(o->tmp);
    }
    free_out(o);
}
