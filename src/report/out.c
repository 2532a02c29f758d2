/* out.c — buffered report output; files are replaced atomically (out.h).
 *
 * A file report goes to a mkstemp temporary ".<base>.XXXXXX" beside the
 * file it replaces (the symlink's target when FILE is a symlink), so the
 * final rename cannot cross filesystems. Writes go through our own buffer
 * and write(2), never stdio, so every failure (ENOSPC on /dev/full, EPIPE
 * when SIGPIPE is ignored) is seen and kept: the first error sticks and is
 * returned by every later write and by commit. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#define PROC_MAGIC 0x9fa0 /* PROC_SUPER_MAGIC, linux/magic.h */
#endif

#include "report/out.h"

#define OUT_BUF ((size_t)64 << 10)
#define MAX_HOPS 40 /* symlinks followed, as the kernel's ELOOP limit */

struct ts_out {
    int fd;
    int own;          /* fd is ours to close (not stdout) */
    const char *path; /* as given, for messages ("-" for stdout) */
    char *target;     /* the file replaced: path with its symlinks followed */
    char *tmp;        /* the temporary; NULL when writing through */
    char *dir;        /* the target's directory, fsynced after the rename */
    int slot;         /* in g_temps, -1 if none */
    int have_old;     /* the target exists: old is its stat */
    struct stat old;
    int sys;          /* sticky errno of the first failure, 0 if none */
    const char *what; /* and what failed */
    size_t len;
    unsigned char buf[OUT_BUF];
};

/* ---- temporaries a signal handler may remove ------------------------------
 * A slot is filled before it is armed and disarmed before it is reused, with
 * the three signals blocked on this thread while it changes. The outputs are
 * opened and committed before the scan's threads start and after they end,
 * so no other thread can take the signal in between. */
#define SLOTS 4
static struct {
    char path[PATH_MAX];
    volatile sig_atomic_t armed;
} g_temps[SLOTS];

static void block(sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigaddset(&s, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &s, old);
}

static void unblock(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

void ts_out_signal_cleanup(void)
{
    for (int i = 0; i < SLOTS; i++)
        if (g_temps[i].armed) unlink(g_temps[i].path);
}

static void disarm(struct ts_out *o)
{
    if (o->slot >= 0) g_temps[o->slot].armed = 0;
    o->slot = -1;
}

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

/* The directory part of path with its slash ("a/b" -> "a/"), or "./". */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    char *d = malloc(n + 3);
    if (!d) return NULL;
    memcpy(d, n ? path : "./", n ? n : 2);
    d[n ? n : 2] = '\0';
    return d;
}

/* 1 when the directory holding path is /proc (or /dev/fd, which is it):
 * its links name open files (pipe:[123], a deleted file), not places. */
static int in_proc(const char *path)
{
#ifdef __linux__
    char *d = dir_of(path);
    struct statfs fs;
    const int r = d && statfs(d, &fs) == 0 && fs.f_type == PROC_MAGIC;
    free(d);
    return r;
#else
    (void)path;
    return 0;
#endif
}

/* *to = path with its symlinks followed, one hop at a time (a relative link
 * is read against the link's own directory); the last name need not exist.
 * *fdname when a hop is a /proc file-descriptor link. errno-style result. */
static int follow(const char *path, char **to, int *fdname)
{
    char *cur = strdup(path), link[PATH_MAX];
    for (int hop = 0; cur && hop < MAX_HOPS; hop++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode) || (*fdname = in_proc(cur))) {
            *to = cur;
            return 0;
        }
        const ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            free(cur);
            return errno;
        }
        link[n] = '\0';
        char *d = link[0] == '/' ? strdup("") : dir_of(cur);
        char *next = d ? malloc(strlen(d) + (size_t)n + 1) : NULL;
        if (next) strcat(strcpy(next, d), link);
        free(d);
        free(cur);
        cur = next;
    }
    if (!cur) return ENOMEM;
    free(cur);
    return ELOOP;
}

/* Records the temporary for the signal handler. With no slot free (more
 * than SLOTS outputs open at once) the file is still removed by commit and
 * abort, only not on a signal. */
static void arm(struct ts_out *o)
{
    for (int i = 0; i < SLOTS; i++) {
        if (g_temps[i].armed) continue;
        memcpy(g_temps[i].path, o->tmp, strlen(o->tmp) + 1);
        g_temps[i].armed = 1;
        o->slot = i;
        return;
    }
}

static int make_temp(struct ts_out *o, struct ts_err *err)
{
    const char *slash = strrchr(o->target, '/');
    const size_t dl = slash ? (size_t)(slash - o->target) + 1 : 0;
    const char *base = o->target + dl;
    if (!(o->tmp = malloc(dl + strlen(base) + 10))) return fail(o->path, ENOMEM, "out of memory", err);
    memcpy(o->tmp, o->target, dl);
    strcat(strcat(strcpy(o->tmp + dl, "."), base), ".XXXXXX");
    if (strlen(o->tmp) >= PATH_MAX) return fail(o->path, ENAMETOOLONG, "cannot create a file in the report's directory", err);
    sigset_t old;
    block(&old);
    o->fd = mkstemp(o->tmp);
    const int sys = errno;
    if (o->fd >= 0) {
        o->own = 1;
        arm(o);
    }
    unblock(&old);
    if (o->fd < 0) {
        free(o->tmp);
        o->tmp = NULL;
        return fail(o->path, sys, "cannot create a file in the report's directory", err);
    }
    fcntl(o->fd, F_SETFD, FD_CLOEXEC);
    return TS_OK;
}

/* A device, FIFO or /dev/stdout: opened and written as the shell's ">>"
 * would, never replaced (a rename over /dev/null would replace the
 * system's /dev/null with a regular file). */
static int open_through(struct ts_out *o, struct ts_err *err)
{
    o->fd = open(o->path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
    if (o->fd < 0) return fail(o->path, errno, "cannot open the report for writing", err);
    o->own = 1;
    return TS_OK;
}

static int open_file(struct ts_out *o, const char *path, struct ts_err *err)
{
    struct stat st;
    const size_t n = strlen(path);
    if (!n) return fail(path, ENOENT, "cannot write the report", err);
    if (path[n - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return fail(path, EISDIR, "cannot write the report", err);
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) return open_through(o, err);
    int fdname = 0;
    const int sys = follow(path, &o->target, &fdname);
    if (sys) return fail(path, sys, "cannot follow the report's symbolic link", err);
    if (fdname) return open_through(o, err);
    o->have_old = stat(o->target, &o->old) == 0 && S_ISREG(o->old.st_mode);
    if (!(o->dir = dir_of(o->target))) return fail(path, ENOMEM, "out of memory", err);
    return make_temp(o, err);
}

static void free_out(struct ts_out *o)
{
    free(o->tmp);
    free(o->dir);
    free(o->target);
    free(o);
}

int ts_out_open(const char *path, struct ts_out **out, struct ts_err *err)
{
    *out = NULL;
    struct ts_out *o = calloc(1, sizeof *o);
    if (!o) return fail(path ? path : "-", ENOMEM, "out of memory", err);
    o->fd = 1;
    o->slot = -1;
    o->path = "-";
    if (path && strcmp(path, "-") != 0) {
        o->path = path;
        o->fd = -1;
        if (open_file(o, path, err)) {
            ts_out_abort(o);
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
    TS_ASSERT(o->fd >= 0 || o->sys); /* open, not yet committed */
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

/* A report replacing one keeps its owner and group (where we may: root, or
 * a group we are in) and its mode; a new one is as readable as any new file
 * (mkstemp made it 0600). The owner first: chown clears set-id bits. */
static int set_mode(struct ts_out *o)
{
    if (!o->have_old) {
        const mode_t mask = umask(0);
        umask(mask);
        return fchmod(o->fd, 0644 & ~mask);
    }
    if ((o->old.st_uid != geteuid() || o->old.st_gid != getegid()) &&
        fchown(o->fd, o->old.st_uid, o->old.st_gid) != 0)
        (void)!fchown(o->fd, (uid_t)-1, o->old.st_gid);
    return fchmod(o->fd, o->old.st_mode & 07777);
}

static int close_own(struct ts_out *o)
{
    if (!o->own) return 0;
    const int fd = o->fd;
    o->fd = -1;
    o->own = 0;
    return close(fd);
}

static int publish(struct ts_out *o)
{
    if (fsync(o->fd) < 0) return stick(o, errno, "fsync failed");
    if (set_mode(o) < 0) return stick(o, errno, "chmod failed");
    if (close_own(o) < 0) return stick(o, errno, "close failed");
    sigset_t old;
    block(&old);
    const int r = rename(o->tmp, o->target);
    const int sys = errno;
    if (r == 0) {
        disarm(o);
        free(o->tmp);
        o->tmp = NULL;
    }
    unblock(&old);
    if (r < 0) return stick(o, sys, "cannot rename the report into place");
    sync_dir(o->dir);
    return TS_OK;
}

int ts_out_commit(struct ts_out *o, struct ts_err *err)
{
    int rc = flush(o);
    if (!rc && o->tmp) rc = publish(o);
    if (!rc && close_own(o) < 0) rc = stick(o, errno, "close failed");
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
    sigset_t old;
    block(&old);
    close_own(o);
    if (o->tmp) unlink(o->tmp);
    disarm(o);
    unblock(&old);
    free_out(o);
}
