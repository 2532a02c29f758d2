/* test_table.c — the table core (base/table.h) and its keyed hash
 * (base/hash.h): SipHash against the published vectors, growth and
 * iteration, and hash flooding: keys that all collide under the unkeyed
 * hash used before cost no more probes than random keys. Probes are
 * counted by the core (ts_table.probes), so nothing here is timed. */
#include "testutil.h"

#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/table.h"
#include "base/ts.h"

/* SipHash-2-4 with key 00 01 .. 0f, as in the SipHash paper (appendix A)
 * and its reference test vectors: the same code runs 1-3 for the tables. */
static void test_siphash_vectors(void **state)
{
    (void)state;
    const uint64_t k[2] = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};
    unsigned char m[64];
    for (int i = 0; i < 64; i++) m[i] = (unsigned char)i;
    assert_true(ts_hash_sip(k, 2, 4, m, 0) == 0x726fdb47dd0e0e31ull);
    assert_true(ts_hash_sip(k, 2, 4, m, 15) == 0xa129ca6149be45e5ull);
    /* the two entry points of the run's key agree with each other */
    unsigned char two[16];
    const uint64_t a = 0x1122334455667788ull, b = 42;
    for (int i = 0; i < 8; i++) {
        two[i] = (unsigned char)(a >> (8 * i));
        two[8 + i] = (unsigned char)(b >> (8 * i));
    }
    assert_true(ts_hash(two, 16) == ts_hash_u64x2(a, b));
    assert_true(ts_hash(two, 16) != ts_hash(two, 15));
    assert_true(ts_hash_seed() != ts_hash_seed());
}

/* The unkeyed hash every table used before (map.c, up to this change). */
static uint64_t old_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    return h;
}

/* Key i of 16 bytes that collides fully under old_hash: any first word,
 * then a second word that cancels the state the first left, so that every
 * key reaches the same state (each step is xor-then-mix, invertible). */
static void crafted_key(uint64_t i, unsigned char k[16])
{
    const uint64_t w0 = i * 0x9e3779b97f4a7c15ull + 1;
    uint64_t h = (0x9e3779b97f4a7c15ull ^ (16 * 0xff51afd7ed558ccdull)) ^ w0;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
    const uint64_t w1 = h ^ 0x5151515151515151ull;
    memcpy(k, &w0, 8);
    memcpy(k + 8, &w1, 8);
}

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

#define FLOOD 40000

/* Probes to insert FLOOD keys (crafted or random) into a map, then find
 * each once more. */
static uint64_t probes_for(int crafted)
{
    struct ts_arena ar = TS_ARENA_INIT;
    struct ts_map m;
    ts_map_init(&m, &ar, sizeof(uint64_t));
    unsigned char k[16];
    for (int pass = 0; pass < 2; pass++) {
        uint64_t s = 88172645463325252ull; /* the same keys in both passes */
        for (uint64_t i = 0; i < FLOOD; i++) {
            if (crafted) crafted_key(i, k);
            else {
                const uint64_t a = xorshift(&s), b = xorshift(&s);
                memcpy(k, &a, 8);
                memcpy(k + 8, &b, 8);
            }
            int created;
            uint64_t *v = ts_map_lookup(&m, k, sizeof k, 1, &created, NULL);
            assert_non_null(v);
            assert_int_equal(created, pass == 0);
            if (pass == 0) *v = i;
            assert_true(*v == i);
        }
    }
    assert_int_equal(ts_map_len(&m), FLOOD);
    const uint64_t n = m.t.probes;
    ts_map_free(&m);
    ts_arena_free(&ar);
    return n;
}

static void test_flood(void **state)
{
    (void)state;
    unsigned char k[16];
    crafted_key(0, k);
    const uint64_t h0 = old_hash(k, sizeof k);
    for (uint64_t i = 1; i < FLOOD; i++) { /* the keys do collide under the old hash */
        crafted_key(i, k);
        assert_true(old_hash(k, sizeof k) == h0);
    }
    const uint64_t crafted = probes_for(1), random = probes_for(0);
    print_message("probes for %d keys: crafted %llu, random %llu\n", FLOOD, (unsigned long long)crafted,
                  (unsigned long long)random);
    assert_true(crafted <= 3 * random);
}

/* A layer of 16-byte entries (key 0 = empty) to test the core alone. */
struct pair {
    uint64_t key, val;
};
static int pair_empty(const void *e)
{
    return ((const struct pair *)e)->key == 0;
}
static int pair_eq(const void *e, const void *k)
{
    return ((const struct pair *)e)->key == *(const uint64_t *)k;
}
static uint64_t pair_hash(const void *e)
{
    return ts_hash_u64x2(((const struct pair *)e)->key, 0);
}
static const struct ts_table_type pair_type = {sizeof(struct pair), 0, pair_empty, pair_hash};

static void test_grow_iterate(void **state)
{
    (void)state;
    struct ts_table t;
    ts_table_init(&t, &pair_type);
    assert_null(ts_table_next(&t, &(size_t){0}));
    for (uint64_t i = 1; i <= 10000; i++) {
        assert_int_equal(ts_table_reserve(&t), TS_OK);
        struct pair *e = ts_table_slot(&t, ts_hash_u64x2(i, 0), &i, pair_eq, pair_empty);
        assert_true(pair_empty(e));
        *e = (struct pair){i, i * 3};
        t.len++;
    }
    assert_true(t.cap >= 10000 * 4 / 3 && (t.cap & (t.cap - 1)) == 0);
    for (uint64_t i = 1; i <= 10000; i++) { /* every key found after the moves */
        size_t n;
        const struct pair *e = ts_table_find(&t, ts_hash_u64x2(i, 0), &i, pair_eq, pair_empty, &n);
        assert_true(e->key == i && e->val == i * 3);
    }
    uint64_t sum = 0, count = 0;
    size_t pos = 0;
    for (const struct pair *e; (e = ts_table_next(&t, &pos));) {
        sum += e->key;
        count++;
    }
    assert_true(count == 10000 && sum == 10000ull * 10001 / 2);
    ts_table_free(&t);
}

/* Two maps of the same keys place them differently (seeded home slots), so
 * copying one into the other in slot order is not an insert in home order. */
static void test_seeds_differ(void **state)
{
    (void)state;
    struct ts_arena ar = TS_ARENA_INIT;
    struct ts_map a, b;
    ts_map_init(&a, &ar, 1);
    ts_map_init(&b, &ar, 1);
    assert_true(a.t.seed != b.t.seed);
    ts_map_free(&a);
    ts_map_free(&b);
    ts_arena_free(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_siphash_vectors),
        cmocka_unit_test(test_flood),
        cmocka_unit_test(test_grow_iterate),
        cmocka_unit_test(test_seeds_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
