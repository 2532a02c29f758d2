/* test_core.c — the pure cores: year rule, CSV cells, aggregate and peer
 * attribution, and the scanner's cross-checks (prefilter on/off, one
 * aggregate vs split + merge). Expectations come from SPEC.md. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg/agg.h"
#include "report/csv.h"
#include "scan/day.h"
#include "scan/scan.h"

static void test_year_rule(void **state)
{
    (void)state;
    struct ts_day_ref r;
    assert_int_equal(ts_day_ref_parse("2024-01-02", &r), 0);
    assert_int_equal(ts_day_year(12, 31, &r), 2023); /* Dec -> Jan rollover */
    assert_int_equal(ts_day_year(1, 2, &r), 2024);
    assert_int_equal(ts_day_year(1, 3, &r), 2024); /* R + 1 day */
    assert_int_equal(ts_day_year(1, 4, &r), 2023);
    assert_int_equal(ts_day_ref_parse("2023-12-31", &r), 0);
    assert_int_equal(ts_day_year(12, 31, &r), 2023);
    assert_int_equal(ts_day_year(1, 1, &r), 2024); /* R + 1 day is Jan 1 of the next year */
    /* Feb 29 */
    assert_int_equal(ts_day_ref_parse("2024-02-28", &r), 0);
    assert_int_equal(ts_day_year(2, 29, &r), 2024);
    assert_int_equal(ts_day_ref_parse("2025-01-15", &r), 0);
    assert_int_equal(ts_day_year(2, 29, &r), 2024);
    assert_int_equal(ts_day_ref_parse("2023-03-01", &r), 0);
    assert_int_equal(ts_day_year(2, 29, &r), 2020); /* 2023 has none: latest leap year before */
    assert_int_equal(ts_day_ref_parse("2024-02-29", &r), 0);
    assert_int_equal(ts_day_year(3, 1, &r), 2024); /* R + 1 day crosses into March */
    assert_int_equal(ts_day_year(3, 2, &r), 2023);
    /* bad reference dates */
    assert_int_not_equal(ts_day_ref_parse("2023-02-29", &r), 0);
    assert_int_not_equal(ts_day_ref_parse("2023-2-01", &r), 0);
    assert_int_not_equal(ts_day_ref_parse("2023-02-01x", &r), 0);
    /* names */
    assert_int_equal(ts_day_ref_from_name("/var/log/auth.log-20240102", &r), 0);
    assert_true(r.y == 2024 && r.m == 1 && r.d == 2);
    assert_int_equal(ts_day_ref_from_name("logs/2023-12-31.d/x-2024-06-30.log.zst", &r), 0);
    assert_true(r.y == 2024 && r.m == 6 && r.d == 30);
    assert_int_not_equal(ts_day_ref_from_name("messages.1", &r), 0);
    assert_int_not_equal(ts_day_ref_from_name("x-20241340.log", &r), 0);
    assert_int_not_equal(ts_day_ref_from_name("x-2024010299.log", &r), 0);
    char d[10];
    assert_int_equal(ts_day_format(2024, 2, 29, d), 10);
    assert_memory_equal(d, "2024-02-29", 10);
    assert_int_equal(ts_day_format(2023, 2, 29, d), 0);
    setenv("TZ", "UTC0", 1); /* the reference date is local: pin the zone */
    tzset();
    ts_day_ref_from_time(0, &r);
    assert_true(r.y == 1970 && r.m == 1 && r.d == 1);
}

static char *cell(ts_str s, int raw)
{
    static char out[1024];
    struct ts_buf b = {0};
    ts_csv_text(&b, s, raw);
    snprintf(out, sizeof out, "%.*s", (int)b.n, b.p ? b.p : "");
    ts_buf_free(&b);
    return out;
}

#define S(x) ((ts_str){(const unsigned char *)(x), (ptrdiff_t)strlen(x)})

static void test_csv(void **state)
{
    (void)state;
    assert_string_equal(cell(S("plain"), 0), "plain");
    assert_string_equal(cell(S("a,b"), 0), "\"a,b\"");
    assert_string_equal(cell(S("say \"hi\""), 0), "\"say \"\"hi\"\"\"");
    assert_string_equal(cell(S("two\nlines"), 0), "\"two\nlines\"");
    assert_string_equal(cell(S("=cmd|' /C calc'!A0"), 0), "\"'=cmd|' /C calc'!A0\"");
    assert_string_equal(cell(S("=cmd"), 1), "=cmd");
    assert_string_equal(cell(S("+1"), 0), "\"'+1\"");
    assert_string_equal(cell(S("-x"), 0), "\"'-x\"");
    assert_string_equal(cell(S("@sum"), 0), "\"'@sum\"");
    assert_string_equal(cell(S("\tx"), 0), "\"'\tx\"");
    assert_string_equal(cell(S("-"), 0), "-");
    assert_string_equal(cell(S(""), 0), "");
    char big[400];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    char want[300];
    memset(want, 'a', 256);
    strcpy(want + 256, "...");
    assert_string_equal(cell(S(big), 0), want);
    struct ts_buf b = {0};
    ts_csv_text2(&b, S("ID_FQDN"), S("x,y"), 0);
    ts_csv_sep(&b);
    ts_csv_u64(&b, 18446744073709551615ull);
    ts_csv_eol(&b);
    assert_int_equal(b.n, strlen("\"ID_FQDN x,y\",18446744073709551615\r\n"));
    assert_memory_equal(b.p, "\"ID_FQDN x,y\",18446744073709551615\r\n", b.n);
    ts_buf_free(&b);
}

static struct ts_agg_obs obs(const char *day, const char *host, const char *pid, const char *ser, const char *conn,
                         const char *peer, int cls)
{
    return (struct ts_agg_obs){S(day), S(host), S(pid), S(ser), S(conn), S(peer), cls, 1};
}

static int add(struct ts_agg *a, const char *day, const char *host, const char *pid, const char *ser,
               const char *conn, const char *peer, int cls)
{
    struct ts_agg_obs o = obs(day, host, pid, ser, conn, peer, cls);
    return ts_agg_add(a, &o);
}

static const struct ts_agg_counts *find_row(struct ts_agg_row *rows, size_t n, const char *day, const char *host,
                                        const char *peer)
{
    for (size_t i = 0; i < n; i++)
        if (ts_str_eq(rows[i].day, S(day)) && ts_str_eq(rows[i].host, S(host)) && ts_str_eq(rows[i].peer, S(peer)))
            return rows[i].n;
    return NULL;
}

static void test_attribution(void **state)
{
    (void)state;
    struct ts_agg a;
    ts_agg_init(&a);
    /* serial seen with a peer only after the peerless line */
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "497", "g2g3", "", TS_C_DELETE_SA_NOT_FOUND), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "497", "g2g3", "10.0.0.9", TS_C_PHASE1_UP), 0);
    /* same serial under another pid (a restart) must not borrow that peer */
    assert_int_equal(add(&a, "2024-01-01", "gw", "8", "497", "g2g4", "", TS_C_DPD_DEAD), 0);
    /* conn fallback: one peer ever seen for host+conn */
    assert_int_equal(add(&a, "2024-01-02", "gw", "8", "12", "solo", "", TS_C_DPD_DEAD), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "3", "solo", "10.0.0.5", TS_C_PEER_ID), 0);
    /* two peers for a conn: no fallback */
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "4", "duo", "10.0.0.6", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "5", "duo", "10.0.0.7", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "6", "duo", "", TS_C_UNKNOWN_SA), 0);
    /* a serial naming two peers: the bytewise smallest */
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "40", "x", "10.0.0.30", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "40", "x", "10.0.0.20", TS_C_PEER_ID), 0);
    assert_int_equal(add(&a, "2024-01-01", "gw", "7", "40", "x", "", TS_C_AUTH_FAIL), 0);
    assert_int_equal(ts_agg_finish(&a), 0);
    struct ts_agg_row *rows;
    size_t n;
    assert_int_equal(ts_agg_rows(&a, &rows, &n), 0);
    const struct ts_agg_counts *c = find_row(rows, n, "2024-01-01", "gw", "10.0.0.9");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_DELETE_SA_NOT_FOUND], 1);
    assert_int_equal(c->c[TS_C_PHASE1_UP], 1);
    c = find_row(rows, n, "2024-01-01", "gw", "-");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_DPD_DEAD], 1);   /* pid 8, serial 497, conn g2g4: nothing known */
    assert_int_equal(c->c[TS_C_UNKNOWN_SA], 1); /* conn duo has two peers */
    c = find_row(rows, n, "2024-01-02", "gw", "10.0.0.5");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_DPD_DEAD], 1);
    c = find_row(rows, n, "2024-01-01", "gw", "10.0.0.20");
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_AUTH_FAIL], 1);
    /* sorted bytewise by day, host, peer */
    for (size_t i = 1; i < n; i++) {
        char x[300], y[300];
        snprintf(x, sizeof x, "%.*s|%.*s|%.*s", (int)rows[i - 1].day.n, rows[i - 1].day.p, (int)rows[i - 1].host.n,
                 rows[i - 1].host.p, (int)rows[i - 1].peer.n, rows[i - 1].peer.p);
        snprintf(y, sizeof y, "%.*s|%.*s|%.*s", (int)rows[i].day.n, rows[i].day.p, (int)rows[i].host.n,
                 rows[i].host.p, (int)rows[i].peer.n, rows[i].peer.p);
        assert_true(strcmp(x, y) < 0);
    }
    free(rows);
    ts_agg_free(&a);
}

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
    struct ts_prefilter *pf = NULL;
    struct ts_prefilter_scratch *scr = NULL;
    struct ts_err e;
    int have_pf = ts_prefilter_new(&pf, &e) == TS_OK && ts_prefilter_scratch_new(pf, &scr, &e) == TS_OK;

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

    if (have_pf) {
        struct ts_agg a;
        ts_agg_init(&a);
        struct ts_scan_stats st1;
        scan_into(&a, pf, scr, (const unsigned char *)in.p, in.n, &st1);
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
        for (int usepf = 0; usepf <= have_pf; usepf++) {
            struct ts_agg a, b;
            ts_agg_init(&a);
            ts_agg_init(&b);
            scan_into(&a, usepf ? pf : NULL, scr, (const unsigned char *)in.p, cut, NULL);
            scan_into(&b, usepf ? pf : NULL, scr, (const unsigned char *)in.p + cut, in.n - cut, NULL);
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
            scan_into(&a, usepf ? pf : NULL, scr, (const unsigned char *)in.p, cut, NULL);
            scan_into(&b, usepf ? pf : NULL, scr, (const unsigned char *)in.p + cut, in.n - cut, NULL);
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
    ts_prefilter_scratch_free(scr);
    ts_prefilter_free(pf);
    ts_buf_free(&want);
    ts_buf_free(&in);
}

/* Peerless counters keep every serial's exact text: canonical numbers are
 * stored as numbers, anything else ("007", 20 digits) as itself. */
static void test_pend(void **state)
{
    (void)state;
    struct ts_arena ar = {0};
    struct ts_pending p;
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
                    assert_int_equal(ts_pending_add(&p, key, 2, ser, cls, i + 1), TS_OK);
                }
    for (int i = 0; i < 5000; i++) {
        char b[16];
        const int n = snprintf(b, sizeof b, "%d", 1000 + i);
        assert_int_equal(ts_pending_add(&p, (const unsigned char *)"z", 1, (ts_str){(const unsigned char *)b, n}, 5, 1),
                         TS_OK);
    }
    assert_int_equal(p.len, ns * 3 * 2 + 5000);
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
    assert_int_equal(seen, p.len);
    assert_int_equal(big, 5000);
    ts_pending_free(&p);
    ts_arena_free(&ar);
}

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
            struct ts_serials_note *e = ts_serials_get(&t, key, 3, (ts_str){(const unsigned char *)serials[i], (ptrdiff_t)strlen(serials[i])});
            assert_non_null(e);
            assert_null(e->p);
            e->p = peer;
            e->n = (uint32_t)(i + 1); /* which serial, to check below */
        }
    assert_int_equal(t.len, 2000 * ns);
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
    assert_int_equal(seen, t.len);
    ts_serials_free(&t);
    ts_arena_free(&ar);
}

static void test_key_flood(void **state)
{
    (void)state;
    struct ts_agg a;
    ts_agg_init(&a);
    a.max_keys = 10;
    char peer[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(peer, sizeof peer, "10.0.%d.%d", i / 256, i % 256);
        assert_int_equal(add(&a, "2024-01-01", "gw", "1", "", "", peer, TS_C_PSK_POLICY_MISS), 0);
    }
    assert_int_equal(ts_agg_finish(&a), 0);
    struct ts_agg_row *rows;
    size_t n;
    assert_int_equal(ts_agg_rows(&a, &rows, &n), 0);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) total += rows[i].n->c[TS_C_PSK_POLICY_MISS];
    assert_int_equal(total, 1000);
    assert_true(n <= 11);
    const struct ts_agg_counts *c = find_row(rows, n, "2024-01-01", "gw", TS_OVERFLOW_PEER);
    assert_non_null(c);
    assert_int_equal(c->c[TS_C_PSK_POLICY_MISS], 990);
    free(rows);
    ts_agg_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_rule),   cmocka_unit_test(test_csv),
        cmocka_unit_test(test_attribution), cmocka_unit_test(test_scan_crosschecks),
        cmocka_unit_test(test_pend),
        cmocka_unit_test(test_notes),    cmocka_unit_test(test_key_flood),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL) ? 1 : 0;
}
