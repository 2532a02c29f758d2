/* test_pending.c — pending (split from test_core.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

/* Peerless counters keep every serial's exact text: canonical numbers are
 * stored as numbers, anything else ("007", 20 digits) as itself. */
static void test_pend(void **state)
{
    (void)state;
    struct ts_arena ar = {0};
    struct ts_pending p;
    int kept;
    ts_pending_init(&p, &ar);
    static const char *serials[] = {"", "0", "7", "007", "07", "123456789012345678", "1234567890123456789",
                                    "99999999999999999999999", "42"};
    const size_t ns = sizeof serials / sizeof serials[0];
    /* every serial under 3 contexts and 2 classes, added i+1 times each; 5000
     * more numbered serials to make the table grow */
    for (int rep = 0; rep < 3; rep++)
        for (size_t i = 0; i < ns; i++)
            for (int ctx = 0; ctx < 3; ctx++)
                for (int cls = 0; cls < 2; cls++) {
                    const unsigned char key[2] = {'c', (unsigned char)ctx};
                    ts_str ser = {(const unsigned char *)serials[i], (ptrdiff_t)strlen(serials[i])};
                    assert_int_equal(ts_pending_add(&p, key, 2, ser, cls, i + 1, 0, &kept), TS_OK);
                }
    for (int i = 0; i < 5000; i++) {
        char b[16];
        const int n = snprintf(b, sizeof b, "%d", 1000 + i);
        assert_int_equal(ts_pending_add(&p, (const unsigned char *)"z", 1, (ts_str){(const unsigned char *)b, n}, 5, 1, 0, &kept),
                         TS_OK);
    }
    assert_int_equal(ts_pending_len(&p), ns * 3 * 2 + 5000);
    size_t seen = 0, big = 0;
    struct ts_pending_item it;
    for (size_t pos = 0; ts_pending_next(&p, &pos, &it);) {
        seen++;
        if (it.ctxlen == 1) {
            assert_int_equal(it.cls, 5);
            assert_int_equal(it.n, 1);
            big++;
            continue;
        }
        assert_int_equal(it.ctxlen, 2);
        size_t i = 0;
        while (i < ns && !(strlen(serials[i]) == (size_t)it.serial.n
                           && (it.serial.n == 0 || memcmp(serials[i], it.serial.p, (size_t)it.serial.n) == 0)))
            i++;
        assert_true(i < ns);
        assert_int_equal(it.n, 3 * (i + 1));
    }
    assert_int_equal(seen, ts_pending_len(&p));
    assert_int_equal(big, 5000);
    ts_pending_free(&p);
    ts_arena_free(&ar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pend),
    };
    return cmocka_run_group_tests_name("pending", tests, NULL, NULL) ? 1 : 0;
}
