/* test_buf.c — the one buffer layer (buf.c): appends, printf of any
 * length, decimal, the growth helper and its overflow check. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static void test_buf_writers(void **state)
{
    (void)state;
    struct ts_buf b = {0};
    ts_buf_str(&b, "a");
    ts_buf_u64(&b, 0);
    ts_buf_u64(&b, UINT64_MAX);
    ts_buf_printf(&b, "|%s|%d", "x", -3);
    char big[1000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ts_buf_printf(&b, "<%s>", big); /* past printf's first, fixed-size try */
    ts_buf_put(&b, "", 1);
    assert_false(b.oom);
    assert_int_equal(strlen(b.p), 1 + 1 + 20 + 5 + 1001);
    assert_memory_equal(b.p, "a018446744073709551615|x|-3<yyy", 31);
    assert_string_equal(b.p + strlen(b.p) - 2, "y>");
    ts_buf_free(&b);
}

static void test_buf_grow(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_int_equal(ts_buf_grow((void **)&a, &cap, 1, sizeof *a, 8), TS_OK);
    assert_int_equal(cap, 8);
    assert_int_equal(ts_buf_grow((void **)&a, &cap, 8, sizeof *a, 8), TS_OK);
    assert_int_equal(cap, 8);
    assert_int_equal(ts_buf_grow((void **)&a, &cap, 9, sizeof *a, 8), TS_OK);
    assert_int_equal(cap, 16);
    assert_int_equal(ts_buf_grow((void **)&a, &cap, 100, sizeof *a, 8), TS_OK);
    assert_int_equal(cap, 128);
    for (int i = 0; i < 100; i++) a[i] = i;
    /* a size that would overflow is refused, the array kept */
    assert_int_equal(ts_buf_grow((void **)&a, &cap, SIZE_MAX / 2, sizeof *a, 8), TS_ENOMEM);
    assert_int_equal(cap, 128);
    assert_int_equal(a[99], 99);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_writers),
        cmocka_unit_test(test_buf_grow),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL) ? 1 : 0;
}
