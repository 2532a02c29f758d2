/* test_explain.c — explain (split from test_explain.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "explain/explain.h"
#include "explain/shapes.h"

static int has_str(const struct ts_buf *b, ts_str s)
{
    for (size_t i = 0; s.n > 0 && i + (size_t)s.n <= b->n; i++)
        if (memcmp(b->p + i, s.p, (size_t)s.n) == 0) return 1;
    return 0;
}

/* Renders one line (lexed) in lang into b. */
static int explain(struct ts_buf *b, const char *text, int lang, struct ts_line *L)
{
    static unsigned char line[4096];
    size_t n = strlen(text);
    assert_true(n < sizeof line);
    memcpy(line, text, n);
    line[n] = '\n';
    const int kind = ts_lex_line(line, line + n, L);
    const struct ts_explain_opts o = {lang, 0};
    b->n = 0;
    ts_explain_line(b, TS_S("f:1"), (ts_str){line, (ptrdiff_t)n}, kind, L, &o);
    assert_false(b->oom);
    return kind;
}

static void no_template_left(const struct ts_buf *b, const char *line)
{
    if (has(b, "{") && !strchr(line, '{')) fail_msg("unfilled {name} in: %.*s", (int)b->n, b->p);
    if (has(b, "[[") || has(b, "]]")) fail_msg("optional-part marks left in: %.*s", (int)b->n, b->p);
}

/* Every line of the vendor's guide, in every language. */
static void test_seed_lines(void **state)
{
    (void)state;
    FILE *f = fopen("corpus/seed.log", "rb");
    if (!f) fail_msg("corpus/seed.log not found: run from the repository root");
    char text[4096];
    int n = 0, variants = 0;
    struct ts_buf b = {0};
    while (fgets(text, sizeof text, f)) {
        size_t len = strcspn(text, "\r\n");
        text[len] = 0;
        n++;
        for (int l = 0; l < TS_NLANG; l++) {
            struct ts_line L;
            assert_int_equal(explain(&b, text, l, &L), TS_LINE_IKE);
            no_template_left(&b, text);
            /* the line itself, its class, and the fields the sentence names */
            if (!has(&b, text)) fail_msg("seed line %d not shown", n);
            char cls[64];
            snprintf(cls, sizeof cls, "  => %s: ", ts_class_name(L.cls));
            if (!has(&b, cls)) fail_msg("seed line %d: no class in %.*s", n, (int)b.n, b.p);
            if (L.peer.n && !has_str(&b, L.peer) && L.cls != TS_C_DELETE_SA_NOT_FOUND)
                fail_msg("seed line %d (%s): peer not named: %.*s", n, ts_phrases_lang_code(l), (int)b.n, b.p);
            if (ts_class_is_failure(L.cls) && !has(&b, ts_phrases_word(0, l)))
                fail_msg("seed line %d (%s): no advice for a failure", n, ts_phrases_lang_code(l));
            if (L.cls == TS_C_SPI || L.cls == TS_C_PHASE2_UP || L.cls == TS_C_PEER_ID) {
                if (!has_str(&b, L.d2)) fail_msg("seed line %d: %s not named", n, "d2");
            }
            if (l == 0) {
                int cl;
                const char *when, *say, *todo;
                ts_phrases_row(ts_explain_pick(&L), 0, &cl, &when, &say, &todo);
                assert_int_equal(cl, L.cls);
                variants += when != NULL;
            }
        }
    }
    fclose(f);
    assert_int_equal(n, 23);
    /* lines 1, 4, 5, 6, 8, 9, 11, 12, 13, 14 have wording-specific sentences */
    assert_int_equal(variants, 10);
    ts_buf_free(&b);
}

/* A line of every class with every field absent still reads as a sentence. */
static void test_every_class_bare(void **state)
{
    (void)state;
    struct ts_buf b = {0};
    for (int c = 0; c < TS_NCLASS; c++)
        for (int l = 0; l < TS_NLANG; l++) {
            struct ts_line L;
            memset(&L, 0, sizeof L);
            L.kind = TS_LINE_IKE;
            L.cls = c;
            L.weight = 1;
            const struct ts_explain_opts o = {l, 0};
            b.n = 0;
            ts_explain_line(&b, (ts_str){0, 0}, TS_S("x"), TS_LINE_IKE, &L, &o);
            no_template_left(&b, "");
            if (!has(&b, ts_class_name(c))) fail_msg("class %s not named", ts_class_name(c));
        }
    ts_buf_free(&b);
}

static void expect(const char *line, int lang, const char *want)
{
    struct ts_buf b = {0};
    struct ts_line L;
    explain(&b, line, lang, &L);
    ts_buf_put(&b, "", 1);
    if (strcmp(b.p, want) != 0) fail_msg("got:\n%s\nwant:\n%s", b.p, want);
    ts_buf_free(&b);
}

static void test_fields_and_optional_parts(void **state)
{
    (void)state;
    expect("(g2gips18)[16] 124.x.x.x #1872: [Tunnel Negotiation Fail] DPD: No response from peer - declaring peer "
           "dead",
           TS_LANG_EN,
           "f:1: (g2gips18)[16] 124.x.x.x #1872: [Tunnel Negotiation Fail] DPD: No response from peer - declaring "
           "peer dead\n"
           "  => dpd_dead: Dead Peer Detection got no answer from the peer 124.x.x.x: the VPN connection g2gips18 "
           "is declared dead.\n"
           "     What to do: The peer or its WAN link is down: check that the remote router is powered on and "
           "online (ping its WAN address); if it happens often, check the line quality or lengthen the DPD "
           "interval and timeout on both sides.\n");
    /* no peer, no conn: the parts naming them are left out */
    expect("#7: DPD: No response from peer - declaring peer dead", TS_LANG_ZH,
           "f:1: #7: DPD: No response from peer - declaring peer dead\n"
           "  => dpd_dead: DPD 监测机制未检测到有效的 VPN 对端，宣告此 VPN 联机已断。\n"
           "     处理建议：对端或其 WAN 线路已断：确认远端路由器已开机且能上网（可 ping 其 WAN 地址）；若经常发生，"
           "请检查线路质量，或在两端加大 DPD 间隔与超时。\n");
    expect("packet from 218.x.x.x:500: [Tunnel Authorize Fail] no connection has been authorized with policy=PSK",
           TS_LANG_ZH,
           "f:1: packet from 218.x.x.x:500: [Tunnel Authorize Fail] no connection has been authorized with "
           "policy=PSK\n"
           "  => psk_policy_miss: 对端 218.x.x.x 请求建立 VPN，但未能找到对应的 VPN 联机设定：其地址或认证方式（PSK）"
           "与所有通道都不符。\n"
           "     处理建议：若是自己的对端，请核对两端通道的远程网关地址与认证方式（预共享密钥）；陌生地址多半是网络扫描"
           "，可以不理会。\n");
    /* Taiwan's words, not only Traditional characters: 連線, 位址, 預先共用金鑰 */
    expect("packet from 218.x.x.x:500: [Tunnel Authorize Fail] no connection has been authorized with policy=PSK",
           TS_LANG_ZH_TW,
           "f:1: packet from 218.x.x.x:500: [Tunnel Authorize Fail] no connection has been authorized with "
           "policy=PSK\n"
           "  => psk_policy_miss: 對端 218.x.x.x 請求建立 VPN，但未能找到對應的 VPN 連線設定：其位址或認證方式（PSK）"
           "與所有通道都不符。\n"
           "     處理建議：若是自己的對端，請核對兩端通道的遠端閘道器位址與認證方式（預先共用金鑰）；陌生位址多半是網路掃描"
           "，可以不理會。\n");
    /* a repeated message says how often it was logged */
    expect("Jan  2 00:00:08 gw pluto[100]: message repeated 3 times: [ \"g2g1\" #7: received Delete SA payload: "
           "deleting ISAKMP State #7]",
           TS_LANG_EN,
           "f:1: Jan  2 00:00:08 gw pluto[100]: message repeated 3 times: [ \"g2g1\" #7: received Delete SA "
           "payload: deleting ISAKMP State #7]\n"
           "  => delete_sa: The peer deleted an SA (#7): normal at rekey, or when the peer closes the tunnel. "
           "(logged 3 times)\n");
    /* not an IKE line, a debug line */
    expect("Jan  2 00:00:08 gw sshd[9]: Accepted password for pluto", TS_LANG_EN,
           "f:1: Jan  2 00:00:08 gw sshd[9]: Accepted password for pluto\n  -- not an IKE daemon line\n");
    expect("Jan  2 00:00:08 gw pluto[9]: | helper 1 starting", TS_LANG_ZH,
           "f:1: Jan  2 00:00:08 gw pluto[9]: | helper 1 starting\n  -- Libreswan 调试信息，不计入统计\n");
    /* control characters and escape sequences from the log never reach the terminal */
    expect("Jan  2 00:00:08 gw pluto[9]: \"a\" #1: XAUTH: User \033[2Jbob: Authentication Failed", TS_LANG_EN,
           "f:1: Jan  2 00:00:08 gw pluto[9]: \"a\" #1: XAUTH: User \\033[2Jbob: Authentication Failed\n"
           "  => xauth_fail: XAUTH login failed for user \\033[2Jbob.\n"
           "     What to do: Check the VPN client's user name and password, and the users configured on the "
           "router.\n");
}

static void test_colour(void **state)
{
    (void)state;
    static unsigned char line[] = "#7: DPD: No response from peer - declaring peer dead\n";
    struct ts_line L;
    const unsigned char *nl = line + sizeof line - 2;
    assert_int_equal(ts_lex_line(line, nl, &L), TS_LINE_IKE);
    struct ts_buf b = {0};
    const struct ts_explain_opts o = {TS_LANG_EN, 1};
    ts_explain_line(&b, TS_S("f:1"), (ts_str){line, nl - line}, TS_LINE_IKE, &L, &o);
    assert_true(has(&b, "\033[1;31mdpd_dead\033[0m"));
    ts_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_lines),
        cmocka_unit_test(test_every_class_bare),
        cmocka_unit_test(test_fields_and_optional_parts),
        cmocka_unit_test(test_colour),
    };
    return cmocka_run_group_tests_name("explain", tests, NULL, NULL) ? 1 : 0;
}
