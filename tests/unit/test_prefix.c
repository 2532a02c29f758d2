/* test_prefix.c — the pluto prefix, tag and story (lexer/prefix.re) and the
 * header shapes pluto.re checks without its DFAs: each common shape next to
 * a near miss that the DFAs must take. Expected values written by hand from
 * SPEC.md §2. */
#include "testutil.h"

#include "lexcase.h"

static const struct lexcase k_shapes[] = {
    /* the common shape, every part */
    {"Mar  1 00:01:42 gw pluto[12]: \"c\"[3] 192.0.2.1:4500 #7: [Tunnel Established] ISAKMP SA established", IKE,
     "gw", "pluto", "12", "00:01:42", 0, 3, 1, "c", "3", "192.0.2.1", "4500", "7", "Tunnel Established",
     "phase1_up", ""},
    /* one space and one digit for the day; a host with dots */
    {"Mar 1 00:01:42 gw.example.com pluto[12]: \"c\" #1: initiating Main Mode", IKE, "gw.example.com", "pluto",
     "12", "00:01:42", 0, 3, 1, "c", "", "", "", "1", "", "phase1_start", ""},
    /* a fraction after the time */
    {"Mar 11 00:01:42.250 gw pluto: \"c\" #1: initiating Main Mode", IKE, "gw", "pluto", "", "00:01:42.250", 0, 3,
     11, "c", "", "", "", "1", "", "phase1_start", ""},
    /* instance numbers after the first are not kept */
    {"\"c\"[1][2] 192.0.2.1 #5: ISAKMP SA established", IKE, "", "", "", "", 0, 0, 0, "c", "1", "192.0.2.1", "",
     "5", "", "phase1_up", ""},
    /* an opportunistic instance's own client is not the peer */
    {"\"c\" 10.0.0.0/24=== ...192.0.2.7 #5: ISAKMP SA established", IKE, "", "", "", "", 0, 0, 0, "c", "", "192.0.2.7",
     "", "5", "", "phase1_up", ""},
    /* a peer that ends the prefix with ": " */
    {"(c)[4] 192.0.2.9: deleting other state", IKE, "", "", "", "", 0, 0, 0, "c", "4", "192.0.2.9", "", "", "",
     "sa_deleted", ""},
    /* an instance never closed: no prefix, the message starts with the name */
    {"Mar  1 00:01:42 gw pluto[12]: \"c\"[1 #2: x", IKE, "gw", "pluto", "12", "00:01:42", 0, 3, 1, "", "", "", "",
     "", "", "daemon", ""},
    /* a tag of more than 16 bytes, and one with a byte outside its class */
    {"\"c\" #1: [Tunnel Negotiation Information] ISAKMP SA established", IKE, "", "", "", "", 0, 0, 0, "c", "", "",
     "", "1", "Tunnel Negotiation Information", "phase1_up", ""},
    {"\"c\" #1: [Tunnel Negotiation Info!] ISAKMP SA established", IKE, "", "", "", "", 0, 0, 0, "c", "", "", "",
     "1", "", "other", ""},
};

TS_LEXCASE_TEST(test_shapes, k_shapes)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
    };
    return cmocka_run_group_tests_name("prefix", tests, NULL, NULL) ? 1 : 0;
}
