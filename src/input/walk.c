/* walk.c — expands command-line operands into input paths (walk.h).
 *
 * A directory is read whole, closed, sorted with strcmp and only then
 * visited, so the order is bytewise and one descriptor is open whatever
 * the depth. One set of (device, inode) keys spans all the operands of a
 * walk: a file or directory reached again under another name (named twice,
 * inside a directory also named, a hard link, a symlink) is passed to
 * on_skip instead, so nothing is read twice. A directory that is its own
 * ancestor (a symlink loop) is reported and skipped. Problems with one entry
 * go to on_err and the walk goes on. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/hash.h"
#include "base/table.h"
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

static int slot_empty(const void *e)
{
    return !((const struct slot *)e)->used;
}

static uint64_t dir_hash(struct dirkey k)
{
    return ts_hash_u64x2((uint64_t)k.dev, (uint64_t)k.ino);
}

static uint64_t slot_hash(const void *e)
{
    return dir_hash(((const struct slot *)e)->key);
}

static const struct ts_table_type seen_type = {sizeof(struct slot), 0, slot_empty, slot_hash};

struct walk {
    const struct ts_walk_cb *cb;
    char *path; /* the entry being visited */
    size_t pathcap;
    struct ts_table seen; /* of struct slot: every (device, inode) yielded or walked */
    int rc, stop;
};

static void report(struct walk *w, int code, int sys, const char *what)
{
    struct ts_err e;
    ts_err_set(&e, code, sys, w->path, "%s", what);
    if (w->cb->on_err) w->cb->on_err(w->cb->ctx, &e);
    if (!w->rc) w->rc = code;
    if (code == TS_ENOMEM) w->stop = 1;
}

static int same(struct dirkey a, struct dirkey b)
{
    return a.dev == b.dev && a.ino == b.ino;
}

static int slot_is(const void *e, const void *k)
{
    return same(((const struct slot *)e)->key, *(const struct dirkey *)k);
}

/* *added = 1 if k is new, 0 if seen before; TS_OK or TS_ENOMEM. */
static int remember(struct walk *w, struct dirkey k, int *added)
{
    *added = 0;
    if (ts_table_reserve(&w->seen) != TS_OK) return TS_ENOMEM;
    struct slot *e = ts_table_slot(&w->seen, dir_hash(k), &k, slot_is, slot_empty);
    if (e->used) return TS_OK;
    *e = (struct slot){k, 1};
    w->seen.len++;
    *added = 1;
    return TS_OK;
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

static void visit(struct walk *w, const struct ancestor *up, int operand);

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
                visit(w, &me, 0);
            else
                report(w, TS_ENOMEM, ENOMEM, "out of memory");
        }
        free(names[i]);
    }
    free(names);
    w->path[len] = '\0';
}

static void skip(struct walk *w, enum ts_walk_skip why)
{
    if (w->cb->on_skip) w->cb->on_skip(w->cb->ctx, w->path, why);
}

/* What a walk does not read: a FIFO in a directory may be a syslog pipe
 * destination that never ends, a socket or device is no log. */
static int special(const struct stat *st, enum ts_walk_skip *why)
{
    if (S_ISFIFO(st->st_mode)) *why = TS_WALK_FIFO;
    else if (S_ISSOCK(st->st_mode)) *why = TS_WALK_SOCKET;
    else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) *why = TS_WALK_DEVICE;
    else return 0;
    return 1;
}

/* The file at w->path (st from stat) to on_path, unless seen before. */
static void yield(struct walk *w, const struct stat *st)
{
    int added;
    if (remember(w, (struct dirkey){st->st_dev, st->st_ino}, &added) != TS_OK)
        report(w, TS_ENOMEM, ENOMEM, "out of memory");
    else if (!added) skip(w, TS_WALK_SEEN);
    else w->cb->on_path(w->cb->ctx, w->path);
}

static void visit(struct walk *w, const struct ancestor *up, int operand)
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
    enum ts_walk_skip why;
    if (S_ISREG(st.st_mode) || (operand && S_ISFIFO(st.st_mode))) {
        yield(w, &st);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (operand) report(w, TS_EIO, 0, "not a regular file, FIFO or directory; skipped");
        else if (special(&st, &why)) skip(w, why);
        return;
    }
    const struct dirkey key = {st.st_dev, st.st_ino};
    if (is_ancestor(up, key)) {
        report(w, TS_EIO, 0, "symlink loop; skipped");
        return;
    }
    int added;
    if (remember(w, key, &added) != TS_OK) report(w, TS_ENOMEM, ENOMEM, "out of memory");
    else if (!added) skip(w, TS_WALK_SEEN);
    else walk_dir(w, key, up);
}

/* stdin is one input however often "-" is named; when it is redirected
 * from a file also named as an operand, that file is read once too. */
static void visit_stdin(struct walk *w)
{
    struct stat st;
    if (fstat(0, &st) == 0) {
        yield(w, &st);
    } else {
        static const struct stat none; /* stdin closed: reading it reports why */
        yield(w, &none);
    }
}

int ts_walk_all(char *const *operands, int nops, const struct ts_walk_cb *cb)
{
    struct walk w = {.cb = cb};
    ts_table_init(&w.seen, &seen_type);
    for (int i = 0; i < nops && !w.stop; i++) {
        if (!set_path(&w, 0, "", operands[i])) {
            report(&w, TS_ENOMEM, ENOMEM, "out of memory");
        } else if (strcmp(operands[i], "-") == 0) {
            visit_stdin(&w);
        } else {
            visit(&w, NULL, 1);
        }
    }
    free(w.path);
    ts_table_free(&w.seen);
    return w.rc;
}

void ts_walk_notice(struct ts_err *e, const char *path, enum ts_walk_skip why)
{
    static const char *const what[] = {
        "already read under another name; skipped",
        "FIFO inside a directory; skipped (a FIFO is read only when named as an operand)",
        "socket inside a directory; skipped",
        "device inside a directory; skipped",
    };
    ts_err_set(e, TS_OK, 0, path, "%s", what[why]);
}

int ts_walk(const char *operand, ts_path_fn on_path, ts_err_fn on_err, void *ctx)
{
    const struct ts_walk_cb cb = {on_path, on_err, NULL, ctx};
    char *ops[] = {(char *)operand};
    return ts_walk_all(ops, 1, &cb);
}

ts_str ts_walk_host_of(const char *path)
{
    const char *end = strrchr(path, '/');
    while (end && end > path && end[-1] == '/') end--; /* "r1//messages" */
    if (!end || end == path) return (ts_str){0, 0};
    const char *b = end;
    while (b > path && b[-1] != '/') b--;
    return (ts_str){(const unsigned char *)b, end - b};
}
