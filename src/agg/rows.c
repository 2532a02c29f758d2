/* rows.c — see rows.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/rows.h"
#include "base/hash.h"

/* Cache slots for the few (day, host) contexts. */
#define CTX_BITS 6
#define HOT_BITS 9 /* recent rows by their texts: 32 KiB */

_Static_assert(TS_NCLASS < TS_ROWS_DENSE, "a class fits beside the markers in cls");

static int empty(const void *e)
{
    return ((const struct ts_rows_entry *)e)->ctx == UINT32_MAX;
}

static int eq(const void *x, const void *y)
{
    const struct ts_rows_entry *e = x, *k = y;
    return e->ctx == k->ctx && e->peer == k->peer;
}

/* The context's id (a number this process gave in order of first sight)
 * and 24 bits of the peer text's keyed hash: a log writer can pick which
 * pairs exist but not these values, and the table's secret seed still
 * moves every home slot (table.h). The peer's part is known before its id,
 * so both slots a lookup reads are fetched at once (ts_rows_get). */
static uint64_t hash(const void *x)
{
    const struct ts_rows_entry *k = x;
    return (uint64_t)k->ctx * 0x9e3779b97f4a7c15ull ^ (uint64_t)k->tag * 0xc2b2ae3d27d4eb4full;
}

static const struct ts_table_type rows_type = {sizeof(struct ts_rows_entry), 0xff, empty, hash};

static int pempty(const void *e)
{
    return ((const struct ts_rows_peer *)e)->p == NULL;
}

static size_t plen(const unsigned char *p)
{
    return (size_t)p[-2] << 8 | p[-1];
}

/* key: a ts_rows_peer whose id is the text's length */
static int peq(const void *x, const void *y)
{
    const struct ts_rows_peer *e = x, *k = y;
    return e->tag == k->tag && plen(e->p) == k->id && memcmp(e->p, k->p, k->id) == 0;
}

static uint64_t phash(const void *x)
{
    return ((const struct ts_rows_peer *)x)->tag;
}

static const struct ts_table_type peer_type = {sizeof(struct ts_rows_peer), 0, pempty, phash};

void ts_rows_init(struct ts_rows *r, struct ts_arena *a)
{
    memset(r, 0, sizeof *r);
    ts_table_init(&r->t, &rows_type);
    ts_intern_init(&r->ctx, a);
    ts_table_init(&r->peers, &peer_type);
    r->arena = a;
    r->gen = 1;
}

void ts_rows_rehome(struct ts_rows *r, struct ts_arena *a)
{
    r->ctx.map.arena = r->arena = a;
}

void ts_rows_free(struct ts_rows *r)
{
    ts_intern_free(&r->ctx);
    ts_table_free(&r->peers);
    free(r->ptext);
    r->ptext = NULL;
    r->npeer = r->cappeer = 0;
    ts_table_free(&r->t);
    free(r->dense);
    free(r->ctxcache);
    free(r->hot);
    r->ctxcache = NULL;
    r->hot = NULL;
    r->dense = NULL;
    r->ndense = r->capdense = 0;
    r->gen++;
}

size_t ts_rows_len(const struct ts_rows *r)
{
    return r->t.len;
}

size_t ts_rows_bytes(const struct ts_rows *r)
{
    return ts_table_bytes(&r->t) + ts_intern_bytes(&r->ctx) + ts_table_bytes(&r->peers) + (size_t)r->cappeer * sizeof *r->ptext
           + (size_t)r->capdense * sizeof *r->dense
           + (r->hot ? ((size_t)1 << CTX_BITS) * sizeof *r->ctxcache
                            + ((size_t)1 << HOT_BITS) * sizeof *r->hot
                     : 0);
}

/* The cache slot of a text (hash.h: ts_hash_cheap); the interners behind
 * the cache are keyed. */
static size_t cslot(const unsigned char *k, size_t n, int bits)
{
    return (size_t)(ts_hash_cheap(k, n) >> (64 - bits));
}

/* The id of k in `in` through cache (2^bits slots): 1 found, 0 missing
 * (only without create: nothing is interned then), -1 out of memory. */
static int id_of(struct ts_intern *in, struct ts_rows_cached *cache, int bits, const unsigned char *k, size_t kn,
                 int create, uint32_t *id)
{
    struct ts_rows_cached *ce = &cache[cslot(k, kn, bits)];
    if (ce->n == kn && kn && memcmp(ce->k, k, kn) == 0) { /* n 0 is an empty slot: "" is looked up */
        *id = ce->id;
        return 1;
    }
    if (create) {
        if (ts_intern_id(in, k, kn, id)) return -1;
    } else if (!ts_intern_find(in, k, kn, id)) {
        return 0;
    }
    if (kn && kn <= TS_ROWS_CKEY) {
        memcpy(ce->k, k, kn);
        ce->n = (uint32_t)kn;
        ce->id = *id;
    }
    return 1;
}

static uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static uint32_t load32(const unsigned char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* A number made of the first 8 bytes of p[0..n) (all when fewer). */
static inline uint64_t word(const unsigned char *p, size_t n)
{
    if (n >= 8) return load64(p);
    if (n >= 4) return (uint64_t)load32(p) << 32 | load32(p + n - 4);
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w = w << 8 | p[i];
    return w;
}

/* Whether a[0..n) equals b[0..n): the short fields of a row (days,
 * hosts, addresses) in two overlapping loads each, no call. */
static inline int eqn(const unsigned char *a, const unsigned char *b, size_t n)
{
    if (n >= 8 && n <= 16) return load64(a) == load64(b) && load64(a + n - 8) == load64(b + n - 8);
    if (n >= 4 && n < 8) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
    return n == 0 || memcmp(a, b, n) == 0;
}

/* The hot-cache slot of a row: like cslot, cheap and unkeyed. */
static inline size_t hslot(ts_str day, ts_str host, ts_str peer)
{
    const size_t dn = (size_t)day.n, hn = (size_t)host.n, pn = (size_t)peer.n;
    const uint64_t d = dn >= 8 ? word(day.p + dn - 8, 8) : word(day.p, dn);
    const uint64_t p2 = pn >= 8 ? word(peer.p + pn - 8, 8) : 0;
    const uint64_t h = ((word(peer.p, pn) ^ (pn << 56)) * 0x9e3779b97f4a7c15ull) ^ (p2 * 0x94d049bb133111ebull)
                       ^ ((d ^ word(host.p, hn) ^ hn) * 0xbf58476d1ce4e5b9ull);
    return (size_t)(h >> (64 - HOT_BITS));
}

/* memcmp and memcpy of n bytes where p may be NULL when n is 0 */
static int same(const unsigned char *k, ts_str s)
{
    return eqn(k, s.p, (size_t)s.n);
}

static void put_bytes(unsigned char *k, ts_str s)
{
    if (s.n) memcpy(k, s.p, (size_t)s.n);
}

static int hot_eq(const struct ts_rows_hot *c, ts_str day, ts_str host, ts_str peer)
{
    return c->dn == day.n && c->hn == host.n && c->pn == peer.n && same(c->k, day) && same(c->k + day.n, host)
           && same(c->k + day.n + host.n, peer);
}

/* The packed context key of (day, host): day's length (2 bytes), day,
 * host; k holds TS_ROWS_CTXMAX bytes. */
static size_t pack_ctx(unsigned char *k, ts_str day, ts_str host)
{
    k[0] = (unsigned char)((size_t)day.n >> 8);
    k[1] = (unsigned char)day.n;
    put_bytes(k + 2, day);
    put_bytes(k + 2 + day.n, host);
    return 2 + (size_t)day.n + (size_t)host.n;
}

static void unpack_ctx(const unsigned char *k, size_t kn, ts_str *day, ts_str *host)
{
    const size_t dn = (size_t)k[0] << 8 | k[1];
    *day = (ts_str){k + 2, (ptrdiff_t)dn};
    *host = (ts_str){k + 2 + dn, (ptrdiff_t)(kn - 2 - dn)};
}

/* The row of the ids in k, through the table alone. */
static struct ts_rows_entry *probe(struct ts_rows *r, struct ts_rows_entry *k, int create, int *created)
{
    const size_t cap = r->t.cap;
    if (create ? ts_table_reserve(&r->t) != TS_OK : !cap) return NULL;
    if (r->t.cap != cap) r->gen++; /* the table grew: entries moved, the hot cache is stale */
    struct ts_rows_entry *e = ts_table_slot(&r->t, hash(k), k, eq, empty);
    if (!empty(e)) return e;
    if (!create) return NULL;
    k->n = 0;
    k->cls = TS_ROWS_NONE;
    *e = *k;
    r->t.len++;
    if (created) *created = 1;
    return e;
}

static int alloc_caches(struct ts_rows *r)
{
    r->ctxcache = calloc((size_t)1 << CTX_BITS, sizeof *r->ctxcache);
    r->hot = calloc((size_t)1 << HOT_BITS, sizeof *r->hot);
    if (r->ctxcache && r->hot) return TS_OK;
    free(r->ctxcache);
    free(r->hot);
    r->ctxcache = NULL;
    r->hot = NULL;
    return TS_ENOMEM;
}

/* The id of peer k: 1 found, 0 missing (only without create), -1 out of
 * memory. */
static int peer_id(struct ts_rows *r, const unsigned char *k, size_t kn, uint64_t h, int create, uint32_t *id)
{
    const struct ts_rows_peer key = {k, (uint32_t)(h >> 32), (uint32_t)kn};
    if (create ? ts_table_reserve(&r->peers) != TS_OK : !r->peers.cap) return create ? -1 : 0;
    struct ts_rows_peer *e = ts_table_slot(&r->peers, key.tag, &key, peq, pempty);
    if (e->p) {
        *id = e->id;
        return 1;
    }
    if (!create) return 0;
    if (r->npeer == r->cappeer) {
        const uint32_t cap = r->cappeer ? 2 * r->cappeer : 256;
        const unsigned char **t = realloc(r->ptext, (size_t)cap * sizeof *t);
        if (!t) return -1;
        r->ptext = t;
        r->cappeer = cap;
    }
    unsigned char *t = ts_arena_alloc(r->arena, kn + 2, 1);
    if (!t) return -1;
    t[0] = (unsigned char)(kn >> 8);
    t[1] = (unsigned char)kn;
    if (kn) memcpy(t + 2, k, kn);
    *e = (struct ts_rows_peer){t + 2, key.tag, r->npeer};
    r->peers.len++;
    r->ptext[r->npeer] = t + 2;
    *id = r->npeer++;
    return 1;
}

struct ts_rows_entry *ts_rows_get(struct ts_rows *r, ts_str day, ts_str host, ts_str peer, int create, int *created)
{
    if (created) *created = 0;
    if (!r->hot && alloc_caches(r)) return NULL;
    TS_ASSERT(day.n <= TS_ROWS_FIELD && host.n <= TS_ROWS_FIELD);
    struct ts_rows_hot *c = &r->hot[hslot(day, host, peer)];
    if (c->gen == r->gen && hot_eq(c, day, host, peer)) return ts_table_at(&r->t, c->slot);
    unsigned char k[TS_ROWS_CTXMAX];
    const size_t kn = pack_ctx(k, day, host);
    struct ts_rows_entry key;
    int f = id_of(&r->ctx, r->ctxcache, CTX_BITS, k, kn, create, &key.ctx);
    if (f != 1) return NULL;
    /* Both slots this lookup will read, asked for before the first is
     * awaited: with 100 000 peers each is a miss in the last-level cache. */
    const uint64_t h = ts_hash(peer.p, (size_t)peer.n);
    key.tag = (uint32_t)h & 0xffffff;
    if (r->peers.cap) __builtin_prefetch(ts_table_at(&r->peers, ts_table_home(&r->peers, h >> 32)));
    if (r->t.cap) __builtin_prefetch(ts_table_at(&r->t, ts_table_home(&r->t, hash(&key))));
    if ((f = peer_id(r, peer.p, (size_t)peer.n, h, create, &key.peer)) != 1) return NULL;
    struct ts_rows_entry *e = probe(r, &key, create, created);
    if (e && (size_t)(day.n + host.n + peer.n) <= sizeof c->k) {
        c = &r->hot[hslot(day, host, peer)];
        c->slot = (uint32_t)((size_t)((unsigned char *)e - r->t.slots) / sizeof *e);
        c->gen = r->gen;
        c->dn = (uint16_t)day.n;
        c->hn = (uint16_t)host.n;
        c->pn = (uint16_t)peer.n;
        put_bytes(c->k, day);
        put_bytes(c->k + day.n, host);
        put_bytes(c->k + day.n + host.n, peer);
    }
    return e;
}

int ts_rows_add(struct ts_rows *r, struct ts_rows_entry *e, int cls, uint64_t n)
{
    if (e->cls == TS_ROWS_DENSE) {
        r->dense[e->n][cls] += n;
        return TS_OK;
    }
    if ((e->cls == cls || e->cls == TS_ROWS_NONE) && n <= UINT32_MAX - e->n) {
        e->cls = (uint8_t)cls;
        e->n += (uint32_t)n;
        return TS_OK;
    }
    /* a second class, or a count past 32 bits: the row's counts move to a
     * vector of their own */
    if (r->ndense == r->capdense) {
        const uint32_t cap = r->capdense ? 2 * r->capdense : 64;
        uint64_t(*d)[TS_NCLASS] = realloc(r->dense, (size_t)cap * sizeof *d);
        if (!d) return TS_ENOMEM;
        r->dense = d;
        r->capdense = cap;
    }
    uint64_t *d = r->dense[r->ndense];
    memset(d, 0, sizeof *r->dense);
    if (e->cls != TS_ROWS_NONE) d[e->cls] = e->n;
    d[cls] += n;
    e->cls = TS_ROWS_DENSE;
    e->n = r->ndense++;
    return TS_OK;
}

const uint64_t *ts_rows_counts(const struct ts_rows *r, const struct ts_rows_entry *e, uint64_t buf[TS_NCLASS])
{
    if (e->cls == TS_ROWS_DENSE) return r->dense[e->n];
    memset(buf, 0, TS_NCLASS * sizeof *buf);
    if (e->cls != TS_ROWS_NONE) buf[e->cls] = e->n;
    return buf;
}

void ts_rows_key(const struct ts_rows *r, const struct ts_rows_entry *e, ts_str *day, ts_str *host, ts_str *peer)
{
    unpack_ctx(r->ctx.key[e->ctx], r->ctx.klen[e->ctx], day, host);
    *peer = (ts_str){r->ptext[e->peer], (ptrdiff_t)plen(r->ptext[e->peer])};
}


/* Ordering (ts_rows_order): each context and each peer gets its rank among
 * the texts of its interner, and the rows are sorted by the integer
 * (context rank, peer rank). 124 k rows of 100 000 peers: 239 M
 * instructions to qsort the rows by their three texts, about 60 M so. */

/* A text with its first 16 bytes as two big-endian words (zero-padded):
 * most peers differ there, so most compares read no text in the arena. */
typedef int (*cmp_fn)(const unsigned char *, size_t, const unsigned char *, size_t);
struct text {
    uint64_t w[2];
    const unsigned char *p;
    uint32_t n, id;
    cmp_fn cmp; /* NULL: bytewise */
};

static int bytewise(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
    const int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* Context keys in report order: day, then host, bytewise. */
static int cmp_ctx(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
    ts_str x[2], y[2];
    unpack_ctx(a, an, &x[0], &x[1]);
    unpack_ctx(b, bn, &y[0], &y[1]);
    const int c = bytewise(x[0].p, (size_t)x[0].n, y[0].p, (size_t)y[0].n);
    return c ? c : bytewise(x[1].p, (size_t)x[1].n, y[1].p, (size_t)y[1].n);
}

static int cmp_text(const void *x, const void *y)
{
    const struct text *a = x, *b = y;
    if (a->cmp) return a->cmp(a->p, a->n, b->p, b->n);
    if (a->w[0] != b->w[0]) return a->w[0] < b->w[0] ? -1 : 1;
    if (a->w[1] != b->w[1]) return a->w[1] < b->w[1] ? -1 : 1;
    return bytewise(a->p, a->n, b->p, b->n); /* equal prefixes, or padding against NUL bytes */
}

/* Sorts texts by their prefix words, least significant byte first (a
 * byte that all of them share costs one counting pass), then each run of
 * equal prefixes by the whole texts. tmp: room for n more. */
static void sort_texts(struct text *t, struct text *tmp, uint32_t n)
{
    for (int pass = 0; pass < 16; pass++) {
        const int w = pass < 8 ? 1 : 0, shift = (pass % 8) * 8;
        size_t count[257] = {0};
        for (uint32_t i = 0; i < n; i++) count[((t[i].w[w] >> shift) & 0xff) + 1]++;
        int spread = 1;
        for (int d = 0; d < 256 && spread; d++) spread = count[d + 1] != n;
        if (!spread) continue; /* every text has the same byte here */
        for (int d = 0; d < 256; d++) count[d + 1] += count[d];
        for (uint32_t i = 0; i < n; i++) tmp[count[(t[i].w[w] >> shift) & 0xff]++] = t[i];
        memcpy(t, tmp, (size_t)n * sizeof *t);
    }
    for (uint32_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && t[j].w[0] == t[i].w[0] && t[j].w[1] == t[i].w[1];) j++;
        if (j - i > 1) qsort(t + i, j - i, sizeof *t, cmp_text);
    }
}

/* The n texts of key (lengths in klen, or before each text: plen) in
 * order, bytewise or by cmp when given, and rank[id], each text's place in
 * that order. TS_OK or TS_ENOMEM (then nothing to free). */
static int ranks(const unsigned char *const *key, const uint32_t *klen, uint32_t n, cmp_fn cmp, struct text **sorted,
                 uint32_t **rank)
{
    struct text *t = malloc(((size_t)n + 1) * sizeof *t), *tmp = cmp ? NULL : malloc(((size_t)n + 1) * sizeof *t);
    *rank = malloc(((size_t)n + 1) * sizeof **rank);
    if (!t || !*rank || (!cmp && !tmp)) {
        free(t);
        free(tmp);
        free(*rank);
        return TS_ENOMEM;
    }
    for (uint32_t i = 0; i < n; i++) {
        unsigned char pre[16] = {0};
        const uint32_t kn = klen ? klen[i] : (uint32_t)plen(key[i]);
        if (kn) memcpy(pre, key[i], kn < 16 ? kn : 16);
        uint64_t w[2] = {0, 0};
        for (int j = 0; j < 16; j++) w[j / 8] = w[j / 8] << 8 | pre[j];
        t[i] = (struct text){{w[0], w[1]}, key[i], kn, i, cmp};
    }
    if (cmp) qsort(t, n, sizeof *t, cmp_text); /* contexts: a few per day */
    else sort_texts(t, tmp, n);
    free(tmp);
    for (uint32_t i = 0; i < n; i++) (*rank)[t[i].id] = i;
    *sorted = t;
    return TS_OK;
}

/* Sorts n (key, value) pairs by key, least significant byte first; keys
 * below 2^bits. tmp: room for n more. */
static void radix(uint64_t (*kv)[2], uint64_t (*tmp)[2], size_t n, int bits)
{
    for (int shift = 0; shift < bits; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++) count[((kv[i][0] >> shift) & 0xff) + 1]++;
        for (int d = 0; d < 256; d++) count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++) {
            const size_t at = count[(kv[i][0] >> shift) & 0xff]++;
            tmp[at][0] = kv[i][0];
            tmp[at][1] = kv[i][1];
        }
        memcpy(kv, tmp, n * sizeof *kv);
    }
}

int ts_rows_order(const struct ts_rows *r, void (*put)(void *ctx, size_t i, const struct ts_rows_item *it), void *ctx)
{
    const size_t len = r->t.len;
    const uint64_t np = r->npeer;
    struct text *ct = NULL, *pt = NULL;
    uint32_t *cr = NULL, *pr = NULL;
    int rc = ranks((const unsigned char *const *)r->ctx.key, r->ctx.klen, ts_intern_len(&r->ctx), cmp_ctx, &ct, &cr);
    if (rc == TS_OK && (rc = ranks(r->ptext, NULL, r->npeer, NULL, &pt, &pr)) != TS_OK) {
        free(ct);
        free(cr);
        return rc;
    }
    if (rc) return rc;
    uint64_t(*kv)[2] = malloc((len ? 2 * len : 1) * sizeof *kv);
    if (kv) {
        size_t m = 0;
        for (size_t pos = 0; ts_table_next(&r->t, &pos);) {
            const struct ts_rows_entry *e = ts_table_at(&r->t, pos - 1);
            kv[m][0] = cr[e->ctx] * np + pr[e->peer];
            kv[m++][1] = (uint64_t)e->n << 8 | e->cls; /* what the row holds travels with its key */
        }
        const uint64_t top = (uint64_t)ts_intern_len(&r->ctx) * np;
        radix(kv, kv + len, m, top ? 64 - __builtin_clzll(top) : 0);
        /* the texts in rank order are read in order: no lookup per row */
        for (size_t i = 0; i < m; i++) {
            const struct text *c = &ct[kv[i][0] / np], *p = &pt[kv[i][0] % np];
            struct ts_rows_item it;
            it.e.ctx = it.e.peer = 0;
            it.e.tag = 0;
            it.e.n = (uint32_t)(kv[i][1] >> 8);
            it.e.cls = kv[i][1] & 0xff;
            unpack_ctx(c->p, c->n, &it.day, &it.host);
            it.peer = (ts_str){p->p, (ptrdiff_t)p->n};
            put(ctx, i, &it);
        }
    } else {
        rc = TS_ENOMEM;
    }
    free(kv);
    free(ct);
    free(cr);
    free(pt);
    free(pr);
    return rc;
}

const struct ts_rows_entry *ts_rows_next(const struct ts_rows *r, size_t *pos)
{
    return ts_table_next(&r->t, pos);
}
