/* walk.c — expands command-line operands into input paths (walk.h).
 *
 * A directory is read whole, closed, sorted with strcmp and only then
 * visited, so the order is bytewise and one descriptor is open whatever
 * the depth. Each directory is walked at most once per operand: one that is
 * its own ancestor (a symlink loop) is reported and skipped; one already
 * walked under another name (a second symlink to it) is passed over
 * silently, so its files are not read twice. Problems with one entry go to
 * on_err and the walk goes on. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/walk.h"

struct dirkey {
    dev_t dev;
    ino_t ino;
};

struct ancestor {
    struct dirkey key;
    const struct ancestor *up;
};

struct slot {
    struct dirkey key;
    int used;
};

struct walk {
    ts_path_fn on_path;
    ts_walk_err_fn on_err;
    void *ctx;
    char *path; /* the entry being visited */
    size_t pathcap;
    struct slot *seen; /* open addressing, power-of-two size */
    size_t nseen, seencap;
    int rc, stop;
};

static void report(struct walk *w, int code, int sys, const char *what)
{
    struct ts_err e;
    ts_err_set(&e, code, sys, w->path, "%s", what);
    if (w->on_err) w->on_err(w->ctx, &e);
    if (!w->rc) w->rc = code;
    if (code == TS_ENOMEM) w->stop = 1;
}

static int same(struct dirkey a, struct dirkey b)
{
    return a.dev == b.dev && a.ino == b.ino;
}

static size_t hash(struct dirkey k)
{
    uint64_t h = (uint64_t)k.dev * 0x9E3779B97F4A7C15u ^ (uint64_t)k.ino;
    h *= 0xFF51AFD7ED558CCDu;
    return (size_t)(h ^ h >> 32);
}

/* 1 if k was added, 0 if it was there already. */
static int insert(struct slot *t, size_t cap, struct dirkey k)
{
    size_t i = hash(k) & (cap - 1);
    for (; t[i].used; i = (i + 1) & (cap - 1))
        if (same(t[i].key, k)) return 0;
    t[i] = (struct slot){k, 1};
    return 1;
}

/* 1 if k is new, 0 if seen before, -1 out of memory. */
static int remember(struct walk *w, struct dirkey k)
{
    if (2 * (w->nseen + 1) > w->seencap) {
        const size_t cap = w->seencap ? 2 * w->seencap : 64;
        struct slot *t = calloc(cap, sizeof *t);
        if (!t) return -1;
        for (size_t i = 0; i < w->seencap; i++)
            if (w->seen[i].used) insert(t, cap, w->seen[i].key);
        free(w->seen);
        w->seen = t;
        w->seencap = cap;
    }
    const int added = insert(w->seen, w->seencap, k);
    w->nseen += (size_t)added;
    return added;
}

static int is_ancestor(const struct ancestor *a, struct dirkey k)
{
    for (; a; a = a->up)
        if (same(a->key, k)) return 1;
    return 0;
}

/* path = path[0..len) + sep + name; 0 if out of memory. */
static int set_path(struct walk *w, size_t len, const char *sep, const char *name)
{
    const size_t need = len + strlen(sep) + strlen(name) + 1;
    if (need > w->pathcap) {
        const size_t cap = need * 2;
        char *p = realloc(w->path, cap);
        if (!p) return 0;
        w->path = p;
        w->pathcap = cap;
    }
    strcpy(w->path + len, sep);
    strcat(w->path + len, name);
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of d except . and .., sorted; *count of them. */
static char **read_names(struct walk *w, DIR *d, size_t *count)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    int oom = 1;
    for (;;) {
        errno = 0;
        const struct dirent *de = readdir(d);
        if (!de) {
            if (errno) report(w, TS_EIO, errno, "cannot read directory");
            oom = 0;
            break;
        }
        const char *name = de->d_name;
        if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]))) continue;
        if (n == cap) {
            char **nv = realloc(v, (cap = cap ? 2 * cap : 32) * sizeof *v);
            if (!nv) break;
            v = nv;
        }
        if (!(v[n] = strdup(name))) break;
        n++;
    }
    if (oom) report(w, TS_ENOMEM, ENOMEM, "out of memory");
    if (n) qsort(v, n, sizeof *v, by_name);
    *count = n;
    return v;
}

static void visit(struct walk *w, const struct ancestor *up);

static void walk_dir(struct walk *w, struct dirkey key, const struct ancestor *up)
{
    const struct ancestor me = {key, up};
    DIR *d = opendir(w->path);
    if (!d) {
        report(w, TS_EIO, errno, "cannot open directory");
        return;
    }
    size_t n;
    char **names = read_names(w, d, &n);
    closedir(d);
    const size_t len = strlen(w->path);
    const char *sep = len && w->path[len - 1] == '/' ? "" : "/";
    for (size_t i = 0; i < n; i++) {
        if (!w->stop) {
            if (set_path(w, len, sep, names[i]))
                visit(w, &me);
            else
                report(w, TS_ENOMEM, ENOMEM, "out of memory");
        }
        free(names[i]);
    }
    free(names);
    w->path[len] = '\0';
}

static void visit(struct walk *w, const struct ancestor *up)
{
    struct stat st;
    if (lstat(w->path, &st) < 0) {
        report(w, TS_EIO, errno, "cannot stat");
        return;
    }
    if (S_ISLNK(st.st_mode) && stat(w->path, &st) < 0) {
        report(w, TS_EIO, errno, "cannot follow symlink");
        return;
    }
    if (S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)) {
        w->on_path(w->ctx, w->path);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        report(w, TS_EIO, 0, "not a regular file, FIFO or directory; skipped");
        return;
    }
    const struct dirkey key = {st.st_dev, st.st_ino};
    if (is_ancestor(up, key)) {
        report(w, TS_EIO, 0, "symlink loop; skipped");
        return;
    }
    const int added = remember(w, key);
    if (added < 0) report(w, TS_ENOMEM, ENOMEM, "out of memory");
    if (added > 0) walk_dir(w, key, up);
}

int ts_walk(const char *operand, ts_path_fn on_path, ts_walk_err_fn on_err, void *ctx)
{
    if (strcmp(operand, "-") == 0) {
        on_path(ctx, operand);
        return TS_OK;
    }
    struct walk w = {.on_path = on_path, .on_err = on_err, .ctx = ctx};
    if (set_path(&w, 0, "", operand)) {
        visit(&w, NULL);
    } else {
        struct ts_err e;
        ts_err_set(&e, TS_ENOMEM, ENOMEM, operand, "out of memory");
        if (on_err) on_err(ctx, &e);
        w.rc = TS_ENOMEM;
    }
    free(w.path);
    free(w.seen);
    return w.rc;
}
