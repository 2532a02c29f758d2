/* test_serials.c — serials (split from test_core.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

/* Serial notes: found again under exactly their (host, pid) key and serial
 * text, not under a different spelling of the same number. */
static void test_notes(void **state)
{
    (void)state;
    struct ts_arena ar = {0};
    struct ts_serials t;
    ts_serials_init(&t, &ar);
    static const char *serials[] = {"1", "01", "001", "18446744073709551616", "7"};
    const size_t ns = sizeof serials / sizeof serials[0];
    static const unsigned char peer[] = "10.0.0.1";
    for (int hp = 0; hp < 2000; hp++)
        for (size_t i = 0; i < ns; i++) {
            const unsigned char key[3] = {'h', (unsigned char)(hp >> 8), (unsigned char)hp};
            struct ts_serials_note *e;
            assert_int_equal(ts_serials_get(&t, key, 3, (ts_str){(const unsigned char *)serials[i], (ptrdiff_t)strlen(serials[i])}, 0, &e), TS_OK);
            assert_non_null(e);
            assert_null(e->p);
            e->p = peer;
            e->n = (uint32_t)(i + 1); /* which serial, to check below */
        }
    assert_int_equal(ts_serials_len(&t), 2000 * ns);
    for (int hp = 0; hp < 2000; hp += 7)
        for (size_t i = 0; i < ns; i++) {
            const unsigned char key[3] = {'h', (unsigned char)(hp >> 8), (unsigned char)hp};
            const struct ts_serials_note *e = ts_serials_find(&t, key, 3, (ts_str){(const unsigned char *)serials[i], (ptrdiff_t)strlen(serials[i])});
            assert_non_null(e);
            assert_int_equal(e->n, i + 1);
        }
    const unsigned char other[3] = {'x', 0, 0};
    assert_null(ts_serials_find(&t, other, 3, TS_S("1")));
    assert_null(ts_serials_find(&t, (const unsigned char *)"h\0\0", 3, TS_S("0001"))); /* odd text never noted */
    size_t pos = 0, seen = 0, hplen;
    const unsigned char *hpk;
    ts_str ser;
    char buf[24];
    for (const struct ts_serials_note *e; (e = ts_serials_next(&t, &pos, &hpk, &hplen, &ser, buf));) {
        assert_int_equal(hplen, 3);
        assert_int_equal((size_t)ser.n, strlen(serials[e->n - 1]));
        assert_memory_equal(ser.p, serials[e->n - 1], (size_t)ser.n);
        seen++;
    }
    assert_int_equal(seen, ts_serials_len(&t));
    ts_serials_free(&t);
    ts_arena_free(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notes),
    };
    return cmocka_run_group_tests_name("serials", tests, NULL, NULL) ? 1 : 0;
}
