/* agg.c — see agg.h.
 *
 * Keys are fields packed as (u16 length, bytes), so any byte may occur in a
 * field and bytewise comparison of decoded fields gives the report order. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"


_Static_assert(TS_FIELD_KEEP == TS_ROWS_FIELD, "rows keep what the keys keep");

#define KEY_MAX (5 * (TS_FIELD_KEEP + 2) + 1)

static size_t pack(unsigned char *k, int nf, const ts_str *f)
{
    size_t n = 0;
    for (int i = 0; i < nf; i++) {
        size_t l = f[i].n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)f[i].n;
        k[n++] = (unsigned char)(l >> 8);
        k[n++] = (unsigned char)l;
        if (l) memcpy(k + n, f[i].p, l);
        n += l;
    }
    return n;
}

/* The nf fields of a packed key: TS_OK, or TS_EDATA when k is not one. */
static int unpack(const unsigned char *k, size_t kn, int nf, ts_str *f)
{
    size_t n = 0;
    for (int i = 0; i < nf; i++) {
        if (n + 2 > kn) return TS_EDATA;
        size_t l = (size_t)k[n] << 8 | k[n + 1];
        n += 2;
        if (n + l > kn) return TS_EDATA;
        f[i] = (ts_str){k + n, (ptrdiff_t)l};
        n += l;
    }
    return TS_OK;
}

void ts_agg_init(struct ts_agg *a)
{
    memset(a, 0, sizeof *a);
    ts_rows_init(&a->rows, &a->arena);
    ts_pending_init(&a->pending, &a->arena);
    ts_serials_init(&a->serials, &a->arena);
    ts_map_init(&a->conns, &a->arena, sizeof(struct peerval));
    ts_intern_init(&a->peers, &a->arena);
}

void ts_agg_move(struct ts_agg *dst, struct ts_agg *src)
{
    *dst = *src;
    dst->conns.arena = dst->peers.map.arena = &dst->arena;
    ts_rows_rehome(&dst->rows, &dst->arena);
    ts_pending_rehome(&dst->pending, &dst->arena);
    ts_serials_rehome(&dst->serials, &dst->arena);
    ts_agg_init(src);
}

void ts_agg_free(struct ts_agg *a)
{
    ts_rows_free(&a->rows);
    ts_pending_free(&a->pending);
    ts_serials_free(&a->serials);
    ts_map_free(&a->conns);
    ts_intern_free(&a->peers);
    ts_arena_free(&a->arena);
}

static int cmp_bytes(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* Whether a table of len entries may not grow (--max-keys). */
static int at_limit(const struct ts_agg *a, size_t len)
{
    return a->max_keys && len >= a->max_keys;
}

/* Peers are few next to the tunnels naming them: keep one copy of each.
 * *out stays NULL when p is new and the interner holds 2 x --max-keys
 * peers (a serial note may change peer, so notes alone do not bound it). */
static int intern(struct ts_agg *a, const unsigned char *p, size_t n, const unsigned char **out)
{
    *out = NULL;
    if (at_limit(a, ts_intern_len(&a->peers) / 2)) {
        uint32_t id;
        if (ts_intern_find(&a->peers, p, n, &id)) *out = a->peers.key[id];
        return TS_OK;
    }
    return ts_intern_keep(&a->peers, p, n, out);
}

/* Notes that the tunnel of (host, conn) was seen with peer; a conn seen
 * with two different peers is marked "several" (no attribution by conn). */
static int note_conn(struct ts_agg *a, const unsigned char *k, size_t kn, ts_str peer, int several)
{
    size_t pn = peer.n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)peer.n;
    struct ts_note_cache *nc = &a->conn_cache;
    if (!several && nc->v && nc->klen == kn && nc->v->n == pn && memcmp(nc->key, k, kn) == 0
        && memcmp(nc->v->p, peer.p, pn) == 0)
        return TS_OK; /* the same tunnel again: nothing would change */
    int created = 0;
    const int full = at_limit(a, ts_map_len(&a->conns));
    struct peerval *v = ts_map_lookup(&a->conns, k, kn, !full, &created, NULL);
    if (!v && full) {
        a->folds.conns++; /* a new conn past --max-keys: not noted */
        return TS_OK;
    }
    if (!v) return TS_ENOMEM;
    if (kn <= sizeof nc->key) {
        memcpy(nc->key, k, kn);
        nc->klen = kn;
        nc->v = v;
    }
    if (created || v->p == NULL) {
        const int rc = intern(a, peer.p, pn, &v->p);
        if (rc) return rc;
        v->n = v->p ? (uint32_t)pn : 0;
        v->several = several || !v->p; /* no peer kept: no attribution by this conn */
        if (!v->p) a->folds.conns++;
        return TS_OK;
    }
    if (several || cmp_bytes(peer.p, pn, v->p, v->n) != 0) v->several = 1;
    return TS_OK;
}

/* Notes that serial of (host, pid) was seen with peer, keeping the bytewise
 * smallest. k: the packed (host, pid, serial); its packed (host, pid) is
 * what precedes the serial's field. */
static int note_serial(struct ts_agg *a, const unsigned char *k, size_t kn, ts_str serial, ts_str peer)
{
    const size_t hplen = kn - 2 - (serial.n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)serial.n);
    const size_t pn = peer.n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)peer.n;
    struct ts_serial_cache *sc = &a->serial_cache;
    if (sc->klen && sc->klen == kn && sc->plen == pn && memcmp(sc->key, k, kn) == 0 && memcmp(sc->peer, peer.p, pn) == 0)
        return TS_OK; /* noted just before: noting again changes nothing */
    struct ts_serials_note *e;
    int rc = ts_serials_get(&a->serials, k, hplen, serial, a->max_keys, &e);
    if (rc) return rc;
    if (!e) {
        a->folds.serials++; /* a new serial past --max-keys: not noted */
        return TS_OK;
    }
    if (!e->p || cmp_bytes(peer.p, pn, e->p, e->n) < 0) {
        const unsigned char *ip; /* intern touches the peers only: e stays valid */
        if ((rc = intern(a, peer.p, pn, &ip))) return rc;
        if (!ip) {
            a->folds.serials++; /* peers full: the note keeps its peer, or none */
            return TS_OK;
        }
        e->p = ip;
        e->n = (uint32_t)pn;
    }
    sc->klen = 0;
    if (kn <= sizeof sc->key && pn <= sizeof sc->peer) {
        memcpy(sc->key, k, kn);
        memcpy(sc->peer, peer.p, pn);
        sc->klen = kn;
        sc->plen = pn;
    }
    return TS_OK;
}

static uint64_t rowsum(const uint64_t *c)
{
    uint64_t n = 0;
    for (int i = 0; i < TS_NCLASS; i++) n += c[i];
    return n;
}

/* The row of (day, host, peer), or NULL when it is missing and create is
 * 0, or out of memory. */
static struct ts_rows_entry *row(struct ts_agg *a, ts_str day, ts_str host, ts_str peer, int create, int *created)
{
    if (day.n > TS_FIELD_KEEP) day.n = TS_FIELD_KEEP;
    if (host.n > TS_FIELD_KEEP) host.n = TS_FIELD_KEEP;
    if (peer.n > TS_FIELD_KEEP) peer.n = TS_FIELD_KEEP;
    return ts_rows_get(&a->rows, day, host, peer, create, created);
}

/* The overflow row a key of (day, host) folds into: the row of (day, host)
 * while there are fewer than max_keys of those, then the row of the day,
 * then the one row of everything, so that the overflow rows are bounded
 * too. NULL when out of memory. */
static struct ts_rows_entry *overflow_row(struct ts_agg *a, ts_str day, ts_str host)
{
    ts_str f[2] = {day, host};
    a->folded = 1;
    for (int level = 0;; level++) {
        const int room = level == 2 || a->ovf_rows[level] < a->max_keys;
        int created = 0;
        struct ts_rows_entry *e = row(a, f[0], f[1], TS_S(TS_OVERFLOW_PEER), room, &created);
        if (e || room) {
            if (created) a->ovf_rows[level]++;
            return e;
        }
        f[1 - level] = TS_S(TS_OVERFLOW_PEER);
    }
}

/* A peerless count past --max-keys pending counters: counted now in an
 * overflow row, unattributed. */
static int fold_peerless(struct ts_agg *a, ts_str day, ts_str host, int cls, uint64_t n)
{
    struct ts_rows_entry *e = overflow_row(a, day, host);
    if (!e) return TS_ENOMEM;
    a->overflowed += n;
    a->folds.peerless += n;
    return ts_rows_add(&a->rows, e, cls, n);
}

/* count: whether what overflows is new (not already counted in a merged
 * aggregate's own overflow). */
static int add_row(struct ts_agg *a, ts_str day, ts_str host, ts_str peer, const uint64_t *add, int cls,
                   uint64_t w, int count)
{
    struct ts_rows_entry *e = row(a, day, host, peer, !at_limit(a, ts_rows_len(&a->rows)), NULL);
    if (!e && at_limit(a, ts_rows_len(&a->rows))) {
        /* Key flood: keep totals exact in an overflow row. */
        e = overflow_row(a, day, host);
        if (e && count) a->overflowed += add ? rowsum(add) : w;
    }
    if (!e) return TS_ENOMEM;
    if (!add) return ts_rows_add(&a->rows, e, cls, w);
    for (int i = 0; i < TS_NCLASS; i++) {
        const int rc = add[i] ? ts_rows_add(&a->rows, e, i, add[i]) : TS_OK;
        if (rc) return rc;
    }
    return TS_OK;
}

/* The next row of r as day, host, peer and counts (in buf or r): 0 at the
 * end. */
static int next_row(const struct ts_rows *r, size_t *pos, ts_str f[3], const uint64_t **c, uint64_t buf[TS_NCLASS])
{
    for (const struct ts_rows_entry *e; (e = ts_rows_next(r, pos));) {
        ts_rows_key(r, e, &f[0], &f[1], &f[2]);
        *c = ts_rows_counts(r, e, buf);
        return 1;
    }
    return 0;
}

int ts_agg_emit(void *agg, const struct ts_line *L, ts_str day, ts_str host, uint64_t line)
{
    (void)line;
    /* A line with neither host nor pid is keyed by its run (scan.h). */
    struct ts_agg_obs o = {day, host, L->run.n ? L->run : L->pid, L->serial, L->conn, L->peer, L->cls, L->weight};
    return ts_agg_add(agg, &o);
}

int ts_agg_add(struct ts_agg *a, const struct ts_agg_obs *o)
{
    unsigned char k[KEY_MAX];
    if (o->peer.n) {
        int rc = add_row(a, o->day, o->host, o->peer, NULL, o->cls, o->weight, 1);
        if (rc) return rc;
        if (o->serial.n) {
            const ts_str f[3] = {o->host, o->pid, o->serial};
            rc = note_serial(a, k, pack(k, 3, f), o->serial, o->peer);
            if (rc) return rc;
        }
        if (o->conn.n) {
            const ts_str f[2] = {o->host, o->conn};
            rc = note_conn(a, k, pack(k, 2, f), o->peer, 0);
            if (rc) return rc;
        }
        return TS_OK;
    }
    /* One small counter per ((day, host, pid, conn), serial, class):
     * peerless keys are many and each sees few classes. */
    const ts_str f[4] = {o->day, o->host, o->pid, o->conn};
    int kept;
    const int rc = ts_pending_add(&a->pending, k, pack(k, 4, f), o->serial, o->cls, o->weight, a->max_keys, &kept);
    return rc || kept ? rc : fold_peerless(a, o->day, o->host, o->cls, o->weight);
}

static int merge_conns(struct ts_agg *dst, const struct ts_map *sm)
{
    struct ts_map_item it;
    for (size_t pos = 0; ts_map_next(sm, &pos, &it);) {
        const struct peerval *v = it.val;
        int rc = note_conn(dst, it.key, it.klen, (ts_str){v->p, (ptrdiff_t)v->n}, v->several);
        if (rc) return rc;
    }
    return TS_OK;
}

static int merge_serials(struct ts_agg *dst, const struct ts_serials *src)
{
    unsigned char k[KEY_MAX];
    char buf[24];
    const unsigned char *hpk;
    size_t hplen, pos = 0;
    ts_str serial;
    for (const struct ts_serials_note *e; (e = ts_serials_next(src, &pos, &hpk, &hplen, &serial, buf));) {
        if (!e->p) continue;
        memcpy(k, hpk, hplen);
        const size_t kn = hplen + pack(k + hplen, 1, &serial);
        int rc = note_serial(dst, k, kn, serial, (ts_str){e->p, (ptrdiff_t)e->n});
        if (rc) return rc;
    }
    return TS_OK;
}

int ts_agg_merge_rows(struct ts_agg *dst, const struct ts_agg *src)
{
    ts_str f[3];
    const uint64_t *c;
    uint64_t buf[TS_NCLASS];
    for (size_t pos = 0; next_row(&src->rows, &pos, f, &c, buf);) {
        int rc = add_row(dst, f[0], f[1], f[2], c, 0, 0, 0);
        if (rc) return rc;
    }
    dst->overflowed += src->overflowed;
    dst->folds.peerless += src->folds.peerless;
    dst->peerless += src->peerless;
    dst->folded |= src->folded;
    return TS_OK;
}

int ts_agg_merge_notes(struct ts_agg *dst, const struct ts_agg *src)
{
    dst->folds.serials += src->folds.serials;
    dst->folds.conns += src->folds.conns;
    int rc = merge_serials(dst, &src->serials);
    return rc ? rc : merge_conns(dst, &src->conns);
}

int ts_agg_merge(struct ts_agg *dst, const struct ts_agg *src)
{
    TS_ASSERT(dst != src);
    int rc = ts_agg_merge_rows(dst, src);
    if (rc) return rc;
    struct ts_pending_item it;
    for (size_t pos = 0; ts_pending_next(&src->pending, &pos, &it);) {
        int kept;
        if ((rc = ts_pending_add(&dst->pending, it.ctxkey, it.ctxlen, it.serial, it.cls, it.n, dst->max_keys, &kept)))
            return rc;
        ts_str f[4]; /* day, host, pid, conn */
        if (!kept && unpack(it.ctxkey, it.ctxlen, 4, f) == 0 && (rc = fold_peerless(dst, f[0], f[1], it.cls, it.n)))
            return rc;
    }
    return ts_agg_merge_notes(dst, src);
}

ts_str ts_agg_resolve(const struct ts_agg *a, ts_str host, ts_str pid, ts_str serial, ts_str conn,
                      int *source)
{
    unsigned char k[KEY_MAX];
    if (serial.n) {
        const ts_str f[2] = {host, pid};
        const struct ts_serials_note *e = ts_serials_find(&a->serials, k, pack(k, 2, f), serial);
        if (e && e->p) {
            if (source) *source = TS_SRC_SERIAL;
            return (ts_str){e->p, (ptrdiff_t)e->n};
        }
    }
    if (conn.n) {
        ts_str f[2] = {host, conn};
        size_t kn = pack(k, 2, f);
        const struct peerval *v = ts_map_find(&a->conns, k, kn);
        if (v && !v->several) {
            if (source) *source = TS_SRC_CONN;
            return (ts_str){v->p, (ptrdiff_t)v->n};
        }
    }
    if (source) *source = TS_SRC_NONE;
    return TS_S("-");
}

int ts_agg_attribute(struct ts_agg *a, const struct ts_agg *notes)
{
    struct ts_pending_item it;
    for (size_t pos = 0; ts_pending_next(&a->pending, &pos, &it);) {
        ts_str f[4]; /* day, host, pid, conn */
        if (unpack(it.ctxkey, it.ctxlen, 4, f)) continue;
        const ts_str peer = ts_agg_resolve(notes, f[1], f[2], it.serial, f[3], NULL);
        int rc = add_row(a, f[0], f[1], peer, NULL, it.cls, it.n, 1);
        if (rc) return rc;
    }
    a->peerless += ts_pending_len(&a->pending);
    ts_pending_free(&a->pending);
    return TS_OK;
}

void ts_agg_count_overflow(struct ts_agg *a)
{
    if (!a->max_keys || !a->folded) return; /* no overflow row: nothing to count */
    /* With threads, keys fold in every worker and again in the merge:
     * count what the overflow rows finally hold. */
    a->overflowed = 0;
    memset(a->folds.rows, 0, sizeof a->folds.rows);
    ts_str f[3];
    const uint64_t *c;
    uint64_t buf[TS_NCLASS];
    for (size_t pos = 0; next_row(&a->rows, &pos, f, &c, buf);) {
        if (!ts_str_eq(f[2], TS_S(TS_OVERFLOW_PEER))) continue;
        const uint64_t n = rowsum(c);
        const ts_str ovf = TS_S(TS_OVERFLOW_PEER);
        const int level = !ts_str_eq(f[1], ovf) ? 0 : !ts_str_eq(f[0], ovf) ? 1 : 2; /* (day, host), day, all */
        a->folds.rows[level] += n;
        a->overflowed += n;
    }
}

int ts_agg_finish(struct ts_agg *a)
{
    int rc = ts_agg_attribute(a, a);
    if (!rc) ts_agg_count_overflow(a);
    return rc;
}

size_t ts_agg_bytes(const struct ts_agg *a)
{
    return a->arena.total + ts_rows_bytes(&a->rows) + ts_map_bytes(&a->conns) + ts_intern_bytes(&a->peers)
           + ts_serials_bytes(&a->serials) + ts_pending_bytes(&a->pending);
}

void ts_agg_folds_text(const struct ts_agg *a, char *buf, size_t n)
{
    const struct ts_agg_folds *f = &a->folds;
    const struct {
        uint64_t v;
        const char *what;
    } part[] = {
        {f->rows[0], "observations counted in '" TS_OVERFLOW_PEER "' rows of their day and host"},
        {f->rows[1], "in '" TS_OVERFLOW_PEER "' rows of their day"},
        {f->rows[2], "in the one '" TS_OVERFLOW_PEER "' row of all days"},
        {f->peerless, "peerless lines among them left unattributed"},
        {f->serials, "lines whose serial was not noted for attribution"},
        {f->conns, "lines whose conn was not noted for attribution"},
    };
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
        if (!part[i].v || used >= n) continue;
        const int w = snprintf(buf + used, n - used, "%s%" PRIu64 " %s", used ? "; " : "", part[i].v, part[i].what);
        if (w > 0) used += (size_t)w;
    }
}

/* Recent counts of rows without a vector of their own, by (class, count):
 * most such rows are a scanner's one probe, and rows with equal counts
 * share one vector (a block of 264 bytes per row was 26 MB at 100 000
 * peers, all of it written). */
#define SHARED 1024

struct rows_out {
    const struct ts_rows *r;
    struct ts_agg_row *rows;
    struct ts_agg_counts *spill; /* the next free counts of a row without a vector */
    struct {
        uint64_t key; /* 0: none */
        const struct ts_agg_counts *c;
    } shared[SHARED];
};

static void put_row(void *ctx, size_t i, const struct ts_rows_item *it)
{
    struct rows_out *o = ctx;
    const uint64_t key = (uint64_t)it->e.n << 8 | it->e.cls | 1ull << 63;
    const size_t at = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 54);
    const struct ts_agg_counts *c;
    if (it->e.cls != TS_ROWS_DENSE && o->shared[at].key == key) {
        c = o->shared[at].c;
    } else {
        c = (const struct ts_agg_counts *)(const void *)ts_rows_counts(o->r, &it->e, o->spill->c);
        if (c == o->spill) {
            o->shared[at].key = key;
            o->shared[at].c = o->spill++;
        }
    }
    o->rows[i] = (struct ts_agg_row){it->day, it->host, it->peer, c};
}

int ts_agg_rows(const struct ts_agg *a, struct ts_agg_row **rows, size_t *n)
{
    *n = 0;
    const size_t len = ts_rows_len(&a->rows);
    /* The counts of rows without a vector of their own follow the rows in
     * the same block, so that freeing *rows frees them too. */
    const size_t ninline = len - a->rows.ndense; /* each vector is one row's */
    *rows = malloc((len ? len : 1) * sizeof **rows + ninline * sizeof(struct ts_agg_counts));
    if (!*rows) return TS_ENOMEM;
    struct rows_out *o = calloc(1, sizeof *o);
    if (!o) {
        free(*rows);
        *rows = NULL;
        return TS_ENOMEM;
    }
    o->r = &a->rows;
    o->rows = *rows;
    o->spill = (struct ts_agg_counts *)(void *)(*rows + len);
    const int rc = ts_rows_order(&a->rows, put_row, o);
    free(o);
    if (rc) {
        free(*rows);
        *rows = NULL;
        return TS_ENOMEM;
    }
    *n = len;
    return TS_OK;
}

int ts_agg_next_row(const struct ts_agg *a, size_t *pos, struct ts_agg_row *row, struct ts_agg_counts *buf)
{
    ts_str f[3];
    const uint64_t *c;
    if (!next_row(&a->rows, pos, f, &c, buf->c)) return 0;
    *row = (struct ts_agg_row){f[0], f[1], f[2], (const struct ts_agg_counts *)(const void *)c};
    return 1;
}

int ts_agg_unpack(const unsigned char *k, size_t kn, int nf, ts_str *f)
{
    return unpack(k, kn, nf, f);
}

int ts_agg_add_counts(struct ts_agg *a, ts_str day, ts_str host, ts_str peer, const struct ts_agg_counts *n)
{
    return add_row(a, day, host, peer, n->c, 0, 0, 1);
}

int ts_agg_add_pending(struct ts_agg *a, ts_str day, ts_str host, ts_str pid, ts_str conn, ts_str serial, int cls,
                       uint64_t n)
{
    unsigned char k[KEY_MAX];
    const ts_str f[4] = {day, host, pid, conn};
    int kept;
    const int rc = ts_pending_add(&a->pending, k, pack(k, 4, f), serial, cls, n, a->max_keys, &kept);
    return rc || kept ? rc : fold_peerless(a, day, host, cls, n);
}

int ts_agg_add_serial_note(struct ts_agg *a, ts_str host, ts_str pid, ts_str serial, ts_str peer)
{
    unsigned char k[KEY_MAX];
    const ts_str f[3] = {host, pid, serial};
    return note_serial(a, k, pack(k, 3, f), serial, peer);
}

int ts_agg_add_conn_note(struct ts_agg *a, ts_str host, ts_str conn, ts_str peer, int several)
{
    unsigned char k[KEY_MAX];
    const ts_str f[2] = {host, conn};
    return note_conn(a, k, pack(k, 2, f), peer, several);
}
