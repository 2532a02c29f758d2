/* test_shapes.c — shapes (split from test_explain.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "explain/explain.h"
#include "explain/shapes.h"

static void shape(const char *msg, const char *want)
{
    struct ts_buf b = {0};
    ts_shapes_of(&b, S(msg));
    ts_buf_put(&b, "", 1);
    if (strcmp(b.p, want) != 0) fail_msg("shape of %s\n  got  %s\n  want %s", msg, b.p, want);
    ts_buf_free(&b);
}

static void test_shapes(void **state)
{
    (void)state;
    shape("sent Main Mode request", "sent Main Mode request");
    shape("proposal 1:IKE=AES_GCM_16_256-HMAC_SHA2_256-DH19 chosen", "proposal <n>:IKE=AES_GCM_16_256-HMAC_SHA2_256-DH19 chosen");
    shape("[Tunnel Negotiation Info] Initiator Received Main Mode 2nd packet from 124.x.x.x:500 #1895",
          "[Tunnel Negotiation Info] Initiator Received Main Mode 2nd packet from <ip>:<n> #<n>");
    shape("peer 2001:db8::7 said 'hello' and \"bye\" spi 0xdeadbeef 363c3bbb1 MODP1024 3DES deadbeefcafe",
          "peer <ip> said '<s>' and \"<s>\" spi <hex> <hex> MODP1024 3DES deadbeefcafe");
    shape("at 192.0.2.1: x", "at <ip>: x");

    struct ts_shapes s;
    ts_shapes_init(&s, 2);
    assert_int_equal(ts_shapes_add(&s, S("b from 192.0.2.1"), S("ex1"), 1), 0);
    assert_int_equal(ts_shapes_add(&s, S("a #5"), S("ex2"), 1), 0);
    assert_int_equal(ts_shapes_add(&s, S("b from 192.0.2.2"), S("ex3"), 2), 0);
    assert_int_equal(ts_shapes_add(&s, S("c"), S("ex4"), 1), 0); /* a third shape: over the limit */
    struct ts_shapes_row *rows;
    size_t n;
    assert_int_equal(ts_shapes_rows(&s, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].count, 3);
    assert_memory_equal(rows[0].shape.p, "b from <ip>", 11);
    assert_memory_equal(rows[0].example.p, "ex1", 3);
    assert_int_equal(rows[1].count, 1);
    assert_int_equal(s.lines, 5);
    assert_int_equal(s.dropped, 1);

    struct ts_buf b = {0};
    const struct ts_explain_opts o = {TS_LANG_EN, 0};
    ts_explain_unknown(&b, rows, n, s.lines, s.dropped, &o);
    ts_buf_put(&b, "", 1);
    assert_string_equal(b.p, "5 unclassified IKE lines in 2 shapes; please report new wordings with an example line.\n"
                             "\n"
                             "count  shape\n"
                             "    3  b from <ip>\n"
                             "       e.g. ex1\n"
                             "    1  a #<n>\n"
                             "       e.g. ex2\n"
                             "\n"
                             "1 more lines have shapes not listed (too many shapes).\n");
    b.n = 0;
    ts_explain_unknown(&b, NULL, 0, 0, 0, &o);
    ts_buf_put(&b, "", 1);
    assert_string_equal(b.p, "Every IKE line was classified.\n");
    ts_buf_free(&b);
    free(rows);
    ts_shapes_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
    };
    return cmocka_run_group_tests_name("shapes", tests, NULL, NULL) ? 1 : 0;
}
