/* test_scan.c — scan (split from test_core.c by module). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

/* ---- scanner cross-checks on a mixed buffer ---- */

static const char *k_mix[] = {
    "Jan  1 00:00:01 gw kernel: DROP IN=eth0 SRC=203.0.113.9 DST=192.0.2.1 PROTO=UDP SPT=500 DPT=500",
    "Jan  1 00:00:02 gw pluto[100]: \"g2g1\"[1] 203.0.113.5 #7: ISAKMP SA established",
    "Jan  1 00:00:03 gw pluto[100]: \"g2g1\" #7: DPD: No response from peer - declaring peer dead",
    "Jan  1 00:00:04 gw dnsmasq[5]: \"pluto\" #7: DHCPACK(br0) 192.168.1.20",
    "(g2gips3) #497: [Tunnel Authorize Fail] ignoring Delete SA payload: PROTO_IPSEC_ESP SA(0x64743869) not found",
    "(g2gips3)[2] 198.51.100.4 #497: [Tunnel Established] ISAKMP SA established",
    "002 \"conn\" #1: STATE_MAIN_I1: initiate",
    "Jan  1 00:00:05 gw: packet from 1.2.3.4:500: DPD: No response from peer - declaring peer dead",
    "Jan  1 00:00:06 gw pluto[100]: | debug line",
    "Aug  8 15:50:25: \"own\" 192.0.2.77 #1: initiating Main Mode",
    "packet from 198.51.100.8:500: [Tunnel Authorize Fail] no connection has been authorized with policy=PSK",
    "Jan  1 00:00:05 packet from 1.2.3.4:500: DPD: No response from peer - declaring peer dead",
    "Jan  1 00:00:07 gw sshd[9]: Accepted password for admin from 198.51.100.8 port 5000 ssh2",
    "Jan  2 00:00:08 gw pluto[100]: message repeated 2 times: [ \"g2g1\" #7: DPD: No response from peer - "
    "declaring peer dead]",
    "Jan  2 00:00:09 gw pluto[100]: \"g2g1\" #8: weird new wording",
};

static struct ts_buf mix(int copies)
{
    struct ts_buf b = {0};
    for (int k = 0; k < copies; k++)
        for (size_t i = 0; i < sizeof k_mix / sizeof k_mix[0]; i++) {
            ts_buf_str(&b, k_mix[i]);
            ts_buf_put(&b, i % 3 ? "\n" : "\r\n", i % 3 ? 1 : 2);
        }
    return b;
}

static void render(struct ts_agg *a, struct ts_buf *out)
{
    assert_int_equal(ts_agg_finish(a), 0);
    struct ts_agg_row *rows;
    size_t n;
    assert_int_equal(ts_agg_rows(a, &rows, &n), 0);
    for (size_t i = 0; i < n; i++) {
        ts_csv_text(out, rows[i].day, 0);
        ts_csv_text(out, rows[i].host, 0);
        ts_csv_text(out, rows[i].peer, 0);
        for (int c = 0; c < TS_NCLASS; c++) ts_csv_u64(out, rows[i].n->c[c]);
        ts_csv_eol(out);
    }
    free(rows);
}

static void scan_into(struct ts_agg *a, const struct ts_prefilter *pf, struct ts_prefilter_scratch *scr, const unsigned char *p,
                      size_t n, struct ts_scan_stats *st)
{
    struct ts_scanner s;
    memset(&s, 0, sizeof s);
    s.pf = pf;
    s.scratch = scr;
    s.emit = ts_agg_emit;
    s.emit_ctx = a;
    s.ref = (struct ts_day_ref){2024, 1, 10};
    if (n) assert_int_equal(ts_scan_block(&s, p, n), 0);
    if (st) *st = s.st;
    ts_scan_free(&s);
}

static void test_scan_crosschecks(void **state)
{
    (void)state;
    struct ts_buf in = mix(3);
    /* pf[0]: the walk finds the literal (always there); pf[1]: Hyperscan,
     * when built in and able to run here. */
    struct ts_prefilter *pf[2] = {NULL, NULL};
    struct ts_prefilter_scratch *scr[2] = {NULL, NULL};
    struct ts_err e;
    assert_int_equal(ts_prefilter_new(&pf[0], TS_PF_WALK, &e), TS_OK);
    assert_int_equal(ts_prefilter_scratch_new(pf[0], &scr[0], &e), TS_OK);
    const int npf = ts_prefilter_new(&pf[1], TS_PF_HYPERSCAN, &e) == TS_OK
                            && ts_prefilter_scratch_new(pf[1], &scr[1], &e) == TS_OK
                        ? 2
                        : 1;

    struct ts_agg whole;
    ts_agg_init(&whole);
    struct ts_scan_stats st0;
    scan_into(&whole, NULL, NULL, (const unsigned char *)in.p, in.n, &st0);
    struct ts_buf want = {0};
    render(&whole, &want);
    ts_agg_free(&whole);
    /* per copy, counted by hand from k_mix: 15 lines; IKE lines 2, 3, 5, 6, 7,
     * 10, 11, 15 and line 14 twice (repeated); one debug line */
    assert_int_equal(st0.lines, 3 * 15);
    assert_int_equal(st0.ike, 3 * 10);
    assert_int_equal(st0.debug, 3);
    assert_int_equal(st0.cls[TS_C_DPD_DEAD], 3 * 3);
    assert_int_equal(st0.cls[TS_C_OTHER], 3);

    for (int k = 0; k < npf; k++) {
        struct ts_agg a;
        ts_agg_init(&a);
        struct ts_scan_stats st1;
        scan_into(&a, pf[k], scr[k], (const unsigned char *)in.p, in.n, &st1);
        struct ts_buf got = {0};
        render(&a, &got);
        assert_int_equal(got.n, want.n);
        assert_memory_equal(got.p, want.p, want.n);
        assert_int_equal(st1.lines, st0.lines);
        assert_int_equal(st1.ike, st0.ike);
        assert_true(st1.candidates < st0.candidates);
        ts_buf_free(&got);
        ts_agg_free(&a);
    }

    /* Split at every line boundary into two aggregates, merge: same result. */
    for (size_t cut = 0; cut <= in.n; cut++) {
        if (cut != 0 && cut != in.n && in.p[cut - 1] != '\n') continue;
        for (int usepf = 0; usepf <= npf; usepf++) {
            const struct ts_prefilter *f = usepf ? pf[usepf - 1] : NULL;
            struct ts_prefilter_scratch *fs = usepf ? scr[usepf - 1] : NULL;
            struct ts_agg a, b;
            ts_agg_init(&a);
            ts_agg_init(&b);
            scan_into(&a, f, fs, (const unsigned char *)in.p, cut, NULL);
            scan_into(&b, f, fs, (const unsigned char *)in.p + cut, in.n - cut, NULL);
            assert_int_equal(ts_agg_merge(&b, &a), 0);
            struct ts_buf got = {0};
            render(&b, &got);
            if (got.n != want.n || memcmp(got.p, want.p, want.n) != 0) fail_msg("split at %zu differs", cut);
            ts_agg_free(&a);
            ts_agg_free(&b);
            /* The threads' way (run.c): merge notes, attribute each part
             * against them, merge rows. */
            ts_agg_init(&a);
            ts_agg_init(&b);
            scan_into(&a, f, fs, (const unsigned char *)in.p, cut, NULL);
            scan_into(&b, f, fs, (const unsigned char *)in.p + cut, in.n - cut, NULL);
            assert_int_equal(ts_agg_merge_notes(&b, &a), 0);
            assert_int_equal(ts_agg_attribute(&a, &b), 0);
            assert_int_equal(ts_agg_attribute(&b, &b), 0);
            assert_int_equal(ts_agg_merge_rows(&b, &a), 0);
            ts_agg_count_overflow(&b);
            got.n = 0;
            render(&b, &got); /* finish finds nothing left to attribute */
            if (got.n != want.n || memcmp(got.p, want.p, want.n) != 0) fail_msg("parted split at %zu differs", cut);
            ts_buf_free(&got);
            ts_agg_free(&a);
            ts_agg_free(&b);
        }
    }
    for (int k = 0; k < 2; k++) {
        ts_prefilter_scratch_free(scr[k]);
        ts_prefilter_free(pf[k]);
    }
    ts_buf_free(&want);
    ts_buf_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_crosschecks),
    };
    return cmocka_run_group_tests_name("scan", tests, NULL, NULL) ? 1 : 0;
}
