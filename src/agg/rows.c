/* rows.c — see rows.h. */
#include <stdlib.h>
#include <string.h>

#include "agg/rows.h"

/* Cache slots: CTX_BITS for the few (day, host) contexts, PEER_BITS for
 * peers (24 KiB of cache, a tenth of the rows of a 10-peer day). */
#define CTX_BITS 6
#define PEER_BITS 9

static int empty(const void *e)
{
    return ((const struct ts_rows_entry *)e)->ctx == UINT32_MAX;
}

static int eq(const void *x, const void *y)
{
    const struct ts_rows_entry *e = x, *k = y;
    return e->ctx == k->ctx && e->peer == k->peer;
}

/* Not SipHash (hash.h): the ids are numbers this process gave in order of
 * first sight, not text from the log, so a log writer can pick which pairs
 * exist but not their values, and the table's secret seed still moves every
 * home slot (table.h). Two odd multipliers spread the small dense ids. */
static uint64_t hash(const void *x)
{
    const struct ts_rows_entry *k = x;
    return (uint64_t)k->ctx * 0x9e3779b97f4a7c15ull ^ (uint64_t)k->peer * 0xc2b2ae3d27d4eb4full;
}

static const struct ts_table_type rows_type = {sizeof(struct ts_rows_entry), 0xff, empty, hash};

void ts_rows_init(struct ts_rows *r, struct ts_arena *a)
{
    memset(r, 0, sizeof *r);
    ts_table_init(&r->t, &rows_type);
    ts_intern_init(&r->ctx, a);
    ts_intern_init(&r->peer, a);
    r->last_slot = SIZE_MAX;
}

void ts_rows_rehome(struct ts_rows *r, struct ts_arena *a)
{
    r->ctx.map.arena = r->peer.map.arena = a;
}

void ts_rows_free(struct ts_rows *r)
{
    ts_intern_free(&r->ctx);
    ts_intern_free(&r->peer);
    ts_table_free(&r->t);
    free(r->dense);
    free(r->ctxcache);
    free(r->peercache);
    r->ctxcache = r->peercache = NULL;
    r->dense = NULL;
    r->ndense = r->capdense = 0;
    r->last_slot = SIZE_MAX;
}

size_t ts_rows_len(const struct ts_rows *r)
{
    return r->t.len;
}

size_t ts_rows_bytes(const struct ts_rows *r)
{
    return ts_table_bytes(&r->t) + ts_intern_bytes(&r->ctx) + ts_intern_bytes(&r->peer)
           + (size_t)r->capdense * sizeof *r->dense
           + (r->ctxcache ? (((size_t)1 << CTX_BITS) + ((size_t)1 << PEER_BITS)) * sizeof *r->ctxcache : 0);
}

/* The cache slot of a text: a cheap unkeyed mix of its length and first
 * and last words, so that a hit costs no keyed hash. Crafted texts can only
 * make the cache miss; the interners behind it are keyed (hash.h). */
static size_t cslot(const unsigned char *k, size_t n, int bits)
{
    uint64_t a = 0, c = 0;
    if (n >= 8) {
        memcpy(&a, k, 8);
        memcpy(&c, k + n - 8, 8);
    } else {
        for (size_t i = 0; i < n; i++) a = a << 8 | k[i];
    }
    const uint64_t h = ((a ^ n) * 0x9e3779b97f4a7c15ull) ^ (c * 0x94d049bb133111ebull);
    return (size_t)(h >> (64 - bits));
}

/* The id of k in `in` through cache (2^bits slots): 1 found, 0 missing
 * (only without create: nothing is interned then), -1 out of memory. */
static int id_of(struct ts_intern *in, struct ts_rows_cached *cache, int bits, const unsigned char *k, size_t kn,
                 int create, uint32_t *id)
{
    struct ts_rows_cached *ce = &cache[cslot(k, kn, bits)];
    if (ce->n == kn && kn && memcmp(ce->k, k, kn) == 0) {
        *id = ce->id;
        return 1;
    }
    if (create) {
        if (ts_intern_id(in, k, kn, id)) return -1;
    } else if (!ts_intern_find(in, k, kn, id)) {
        return 0;
    }
    if (kn <= TS_ROWS_CKEY) {
        memcpy(ce->k, k, kn);
        ce->n = (uint32_t)kn;
        ce->id = *id;
    }
    return 1;
}

struct ts_rows_entry *ts_rows_get(struct ts_rows *r, const unsigned char *ctxkey, size_t ctxlen, ts_str peer,
                                  int create, int *created)
{
    struct ts_rows_entry k;
    if (created) *created = 0;
    if (!r->ctxcache) {
        r->ctxcache = calloc((size_t)1 << CTX_BITS, sizeof *r->ctxcache);
        r->peercache = calloc((size_t)1 << PEER_BITS, sizeof *r->peercache);
        if (!r->ctxcache || !r->peercache) {
            free(r->ctxcache);
            free(r->peercache);
            r->ctxcache = r->peercache = NULL;
            return NULL;
        }
    }
    int f = id_of(&r->ctx, r->ctxcache, CTX_BITS, ctxkey, ctxlen, create, &k.ctx);
    if (f == 1) f = id_of(&r->peer, r->peercache, PEER_BITS, peer.p, (size_t)peer.n, create, &k.peer);
    if (f != 1) return NULL;
    const size_t cap = r->t.cap;
    if (create ? ts_table_reserve(&r->t) != TS_OK : !cap) return NULL;
    if (r->t.cap != cap) r->last_slot = SIZE_MAX; /* the table grew: entries moved */
    if (r->last_slot != SIZE_MAX && r->last_row[0] == k.ctx && r->last_row[1] == k.peer)
        return ts_table_at(&r->t, r->last_slot);
    struct ts_rows_entry *e = ts_table_slot(&r->t, hash(&k), &k, eq, empty);
    if (empty(e)) {
        if (!create) return NULL;
        k.dense = UINT32_MAX;
        k.cls[0] = k.cls[1] = TS_ROWS_NONE;
        k.pad = 0;
        k.n[0] = k.n[1] = 0;
        *e = k;
        r->t.len++;
        if (created) *created = 1;
    }
    r->last_slot = (size_t)((unsigned char *)e - r->t.slots) / sizeof *e;
    r->last_row[0] = k.ctx;
    r->last_row[1] = k.peer;
    return e;
}

int ts_rows_add(struct ts_rows *r, struct ts_rows_entry *e, int cls, uint64_t n)
{
    if (e->dense != UINT32_MAX) {
        r->dense[e->dense][cls] += n;
        return TS_OK;
    }
    for (int i = 0; i < 2; i++) {
        if (e->cls[i] == cls || e->cls[i] == TS_ROWS_NONE) {
            e->cls[i] = (uint8_t)cls;
            e->n[i] += n;
            return TS_OK;
        }
    }
    /* a third class: the row's counts move to a vector of their own */
    if (r->ndense == r->capdense) {
        const uint32_t cap = r->capdense ? 2 * r->capdense : 64;
        uint64_t(*d)[TS_NCLASS] = realloc(r->dense, (size_t)cap * sizeof *d);
        if (!d) return TS_ENOMEM;
        r->dense = d;
        r->capdense = cap;
    }
    uint64_t *d = r->dense[r->ndense];
    memset(d, 0, sizeof *r->dense);
    d[e->cls[0]] = e->n[0];
    d[e->cls[1]] = e->n[1];
    d[cls] += n;
    e->dense = r->ndense++;
    return TS_OK;
}

const uint64_t *ts_rows_counts(const struct ts_rows *r, const struct ts_rows_entry *e, uint64_t buf[TS_NCLASS])
{
    if (e->dense != UINT32_MAX) return r->dense[e->dense];
    memset(buf, 0, TS_NCLASS * sizeof *buf);
    for (int i = 0; i < 2; i++)
        if (e->cls[i] != TS_ROWS_NONE) buf[e->cls[i]] += e->n[i];
    return buf;
}

void ts_rows_key(const struct ts_rows *r, const struct ts_rows_entry *e, const unsigned char **ctxkey, size_t *ctxlen,
                 ts_str *peer)
{
    *ctxkey = r->ctx.key[e->ctx];
    *ctxlen = r->ctx.klen[e->ctx];
    *peer = (ts_str){r->peer.key[e->peer], (ptrdiff_t)r->peer.klen[e->peer]};
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

static int cmp_text(const void *x, const void *y)
{
    const struct text *a = x, *b = y;
    if (a->cmp) return a->cmp(a->p, a->n, b->p, b->n);
    if (a->w[0] != b->w[0]) return a->w[0] < b->w[0] ? -1 : 1;
    if (a->w[1] != b->w[1]) return a->w[1] < b->w[1] ? -1 : 1;
    return bytewise(a->p, a->n, b->p, b->n); /* equal prefixes, or padding against NUL bytes */
}

/* rank[id]: the place of text id among the texts of `in`, bytewise, or by
 * cmp when given; NULL when out of memory. */
static uint32_t *ranks(const struct ts_intern *in, cmp_fn cmp)
{
    const uint32_t n = ts_intern_len(in);
    struct text *t = malloc(((size_t)n + 1) * sizeof *t);
    uint32_t *rank = malloc(((size_t)n + 1) * sizeof *rank);
    if (!t || !rank) {
        free(t);
        free(rank);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        unsigned char pre[16] = {0};
        memcpy(pre, in->key[i], in->klen[i] < 16 ? in->klen[i] : 16);
        uint64_t w[2] = {0, 0};
        for (int j = 0; j < 16; j++) w[j / 8] = w[j / 8] << 8 | pre[j];
        t[i] = (struct text){{w[0], w[1]}, in->key[i], in->klen[i], i, cmp};
    }
    qsort(t, n, sizeof *t, cmp_text);
    for (uint32_t i = 0; i < n; i++) rank[t[i].id] = i;
    free(t);
    return rank;
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

int ts_rows_order(const struct ts_rows *r, cmp_fn cmp_ctx, const struct ts_rows_entry ***out, size_t *n)
{
    *n = 0;
    *out = NULL;
    const size_t len = r->t.len;
    const uint64_t np = ts_intern_len(&r->peer);
    uint32_t *cr = ranks(&r->ctx, cmp_ctx), *pr = ranks(&r->peer, NULL);
    uint64_t(*kv)[2] = malloc((len ? 2 * len : 1) * sizeof *kv);
    const struct ts_rows_entry **o = malloc((len ? len : 1) * sizeof *o);
    int rc = cr && pr && kv && o ? TS_OK : TS_ENOMEM;
    if (rc == TS_OK) {
        size_t m = 0;
        for (size_t pos = 0; ts_table_next(&r->t, &pos);) {
            const struct ts_rows_entry *e = ts_table_at(&r->t, pos - 1);
            kv[m][0] = cr[e->ctx] * np + pr[e->peer];
            kv[m++][1] = pos - 1;
        }
        const uint64_t top = (uint64_t)ts_intern_len(&r->ctx) * np;
        radix(kv, kv + len, m, top ? 64 - __builtin_clzll(top) : 0);
        for (size_t i = 0; i < m; i++) o[i] = ts_table_at(&r->t, (size_t)kv[i][1]);
        *n = m;
        *out = o;
        o = NULL;
    }
    free(o);
    free(kv);
    free(cr);
    free(pr);
    return rc;
}

const struct ts_rows_entry *ts_rows_next(const struct ts_rows *r, size_t *pos)
{
    return ts_table_next(&r->t, pos);
}
