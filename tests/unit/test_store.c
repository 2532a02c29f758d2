/* test_store.c — the state database (SPEC.md §10): fingerprints, refusing
 * files that are not ours, and the identity rule on files in a temporary
 * directory (renamed, grown, half-written last line, compressed copy,
 * different content with the same first line), checked against scan's own
 * aggregate of the same lines; also the relative days of --since and the
 * host taken from a path. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "agg/run.h"
#include "input/walk.h"
#include "report/columns.h"
#include "scan/day.h"
#include "store/db.h"
#include "store/fp.h"
#include "store/ingest.h"
#include "store/load.h"

static void test_fp(void **state)
{
    (void)state;
    unsigned char buf[3000];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 131 + (i >> 7));
    /* the value at every offset equals a fresh hash of that prefix, however
     * the bytes were handed in */
    struct ts_fp whole;
    ts_fp_init(&whole);
    for (size_t cut = 0; cut <= sizeof buf; cut += 97) {
        struct ts_fp a, b;
        ts_fp_init(&a);
        ts_fp_add(&a, buf, cut);
        ts_fp_init(&b);
        for (size_t i = 0; i < cut; i += 7) ts_fp_add(&b, buf + i, cut - i < 7 ? cut - i : 7);
        const struct ts_fp_val va = ts_fp_value(&a), vb = ts_fp_value(&b);
        assert_memory_equal(va.b, vb.b, 16);
        ts_fp_add(&a, "", 0);
        const struct ts_fp_val again = ts_fp_value(&a);
        assert_memory_equal(va.b, again.b, 16); /* taking the value changes nothing */
    }
    /* any one changed byte, and any length, changes the value */
    struct ts_fp h;
    ts_fp_init(&h);
    ts_fp_add(&h, buf, sizeof buf);
    const struct ts_fp_val ref = ts_fp_value(&h);
    for (size_t i = 0; i < sizeof buf; i += 37) {
        buf[i] ^= 1;
        ts_fp_init(&h);
        ts_fp_add(&h, buf, sizeof buf);
        const struct ts_fp_val v = ts_fp_value(&h);
        assert_memory_not_equal(v.b, ref.b, 16);
        buf[i] ^= 1;
    }
    struct ts_fp z1, z2;
    ts_fp_init(&z1);
    ts_fp_init(&z2);
    ts_fp_add(&z2, "\0", 1);
    const struct ts_fp_val v1 = ts_fp_value(&z1), v2 = ts_fp_value(&z2);
    assert_memory_not_equal(v1.b, v2.b, 16);
    /* the head is the first line, at most TS_FP_HEAD bytes */
    assert_int_equal(ts_fp_head_len((const unsigned char *)"ab\ncd\n", 6), 3);
    memset(buf, 'x', sizeof buf);
    buf[sizeof buf - 1] = '\n';
    assert_int_equal(ts_fp_head_len(buf, sizeof buf), sizeof buf);
}

static char g_dir[64];

static const char *path(const char *name)
{
    static char p[4][160];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", g_dir, name);
    return p[k];
}

static void put_file(const char *name, const char *text, const char *mode)
{
    FILE *f = fopen(path(name), mode);
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_refuse(void **state)
{
    (void)state;
    struct ts_db db;
    struct ts_err err = {0};
    put_file("text.db", "hello, not a database\n", "w");
    assert_int_equal(ts_db_open(&db, path("text.db"), TS_DB_WRITE, &err), TS_EOUT);
    assert_non_null(strstr(err.msg, "not a tunnelstat database"));
    struct stat st;
    assert_int_equal(stat(path("text.db"), &st), 0);
    assert_int_equal(st.st_size, 22); /* untouched */
    assert_int_equal(ts_db_open(&db, path("missing.db"), TS_DB_READ, &err), TS_EOUT);
    /* a new file gets the schema; it opens again, read only */
    assert_int_equal(ts_db_open(&db, path("new.db"), TS_DB_WRITE, &err), TS_OK);
    ts_db_close(&db);
    assert_int_equal(ts_db_open(&db, path("new.db"), TS_DB_READ, &err), TS_OK);
    ts_db_close(&db);
    /* newer schema: the header says so, nothing is opened for writing */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(path("new.db"), &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(ts_db_open(&db, path("new.db"), TS_DB_WRITE, &err), TS_EOUT);
    assert_non_null(strstr(err.msg, "newer tunnelstat"));
}

/* Two routers' lines; the peerless DPD line of r1 is attributed by serial
 * to a peer only named in the second part. */
static const char k_part1[] =
    "Mar  3 10:00:01 r1 pluto[100]: \"t1\" #5: initiating Main Mode\n"
    "Mar  3 10:00:02 r1 pluto[100]: \"t1\" #5: DPD: No response from peer - declaring peer dead\n"
    "Mar  3 10:00:03 r2 pluto[200]: \"t2\"[1] 192.0.2.9 #7: STATE_MAIN_R3: sent MR3, ISAKMP SA established\n";
static const char k_part2[] =
    "Mar  3 11:00:01 r1 pluto[100]: \"t1\"[1] 198.51.100.4 #5: STATE_MAIN_I4: ISAKMP SA established\n"
    "Mar  4 09:00:00 r2 pluto[200]: \"t2\"[1] 192.0.2.9 #8: STATE_QUICK_R2: IPsec SA established tunnel mode\n";

struct rows {
    struct ts_agg_row *r;
    size_t n;
};

static void rows_of_scan(const char *file, struct ts_run *run, struct rows *out)
{
    struct ts_run_opts o = {0};
    o.threads = 1;
    o.have_ref = 1;
    o.ref = (struct ts_day_ref){2026, 12, 31};
    struct ts_err err = {0};
    char *ops[] = {(char *)file};
    assert_int_equal(ts_run_scan(run, ops, 1, &o, NULL, NULL, &err), TS_OK);
    assert_int_equal(ts_agg_rows(&run->agg, &out->r, &out->n), TS_OK);
}

static void ingest(const char *db_path, const char *what, int *counted, int *skipped)
{
    struct ts_db db;
    struct ts_err err = {0};
    assert_int_equal(ts_db_open(&db, db_path, TS_DB_WRITE, &err), TS_OK);
    struct ts_run_opts o = {0};
    o.threads = 1;
    o.have_ref = 1;
    o.ref = (struct ts_day_ref){2026, 12, 31};
    char *ops[] = {(char *)what};
    struct ts_ingest_stats st;
    assert_int_equal(ts_ingest(&db, ops, 1, &o, NULL, NULL, &st, &err), TS_OK);
    ts_db_close(&db);
    *counted = st.counted;
    *skipped = st.skipped;
}

/* The database's peers rows equal scan's rows of file (rows of classes no
 * report counts are kept by scan, not by the database: both count as 0). */
static void check_db(const char *db_path, const char *file)
{
    struct ts_run want, got;
    struct rows w, g;
    rows_of_scan(file, &want, &w);
    struct ts_db db;
    struct ts_err err = {0};
    assert_int_equal(ts_db_open(&db, db_path, TS_DB_READ, &err), TS_OK);
    assert_int_equal(ts_load_run(&db, NULL, NULL, 0, &got, &err), TS_OK);
    ts_db_close(&db);
    assert_int_equal(ts_agg_rows(&got.agg, &g.r, &g.n), TS_OK);
    size_t k = 0; /* scan's rows that show something, in order */
    for (size_t i = 0; i < w.n; i++)
        if (ts_columns_any(w.r[i].n)) w.r[k++] = w.r[i];
    w.n = k;
    assert_int_equal(g.n, w.n);
    for (size_t i = 0; i < w.n; i++) {
        assert_true(ts_str_eq(g.r[i].day, w.r[i].day));
        assert_true(ts_str_eq(g.r[i].host, w.r[i].host));
        assert_true(ts_str_eq(g.r[i].peer, w.r[i].peer));
        for (int c = 0; c < ts_ncolumns; c++) /* the counters the reports show (SPEC §10.1) */
            assert_int_equal(ts_columns_value(g.r[i].n, c), ts_columns_value(w.r[i].n, c));
    }
    free(w.r);
    free(g.r);
    ts_run_free(&want);
    ts_run_free(&got);
}

static void test_identity(void **state)
{
    (void)state;
    int counted, skipped;
    mkdir(path("logs"), 0755);
    /* noon: the first part and half of the next line */
    put_file("logs/messages", k_part1, "w");
    put_file("logs/messages", "Mar  3 11:00:01 r1 plu", "a");
    ingest(path("a.db"), path("logs"), &counted, &skipped);
    assert_int_equal(counted, 1);
    put_file("whole1", k_part1, "w");
    check_db(path("a.db"), path("whole1")); /* the half line is not counted */
    /* night: the line completed and more; rotated; ingested twice */
    put_file("logs/messages", k_part2 + strlen("Mar  3 11:00:01 r1 plu"), "a");
    assert_int_equal(rename(path("logs/messages"), path("logs/messages.1")), 0);
    put_file("logs/messages", "", "w");
    ingest(path("a.db"), path("logs"), &counted, &skipped);
    assert_int_equal(counted, 1);
    ingest(path("a.db"), path("logs"), &counted, &skipped);
    assert_int_equal(counted, 0);
    put_file("whole", k_part1, "w");
    put_file("whole", k_part2, "a");
    check_db(path("a.db"), path("whole")); /* attributed across the two ingests */
    /* a gzip copy of the same content is known; the renamed file deleted */
    gzFile z = gzopen(path("logs/messages.2.gz"), "wb");
    assert_non_null(z);
    gzputs(z, k_part1);
    gzputs(z, k_part2);
    gzclose(z);
    unlink(path("logs/messages.1"));
    ingest(path("a.db"), path("logs"), &counted, &skipped);
    assert_int_equal(counted, 0);
    check_db(path("a.db"), path("whole"));
    /* same first line, different content past the counted length: new,
     * counted from its start (found different at a fingerprinted offset) */
    static const char other[] =
        "Mar  3 10:00:01 r1 pluto[100]: \"t1\" #5: initiating Main Mode\n"
        "Mar  3 10:00:09 r1 pluto[100]: \"t1\" #9: DPD: No response from peer - declaring peer dead\n"
        "Mar  3 10:00:10 r1 pluto[100]: \"t1\" #9: DPD: No response from peer - declaring peer dead\n"
        "Mar  3 10:00:11 r1 pluto[100]: \"t1\" #9: DPD: No response from peer - declaring peer dead\n"
        "Mar  3 10:00:12 r1 pluto[100]: \"t1\" #9: DPD: No response from peer - declaring peer dead\n"
        "Mar  3 10:00:13 r1 pluto[100]: \"t1\"[3] 203.0.113.5 #9: STATE_MAIN_I4: ISAKMP SA established\n";
    assert_true(strlen(other) > strlen(k_part1) + strlen(k_part2));
    put_file("logs/other", other, "w");
    ingest(path("a.db"), path("logs/other"), &counted, &skipped);
    assert_int_equal(counted, 1);
    put_file("whole", other, "a");
    check_db(path("a.db"), path("whole"));
}

static void test_day_arg(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    char d[11];
    const long long t = 1709287200; /* 2024-03-01 10:00:00 UTC */
    assert_int_equal(ts_day_arg("today", t, d), 0);
    assert_string_equal(d, "2024-03-01");
    assert_int_equal(ts_day_arg("yesterday", t, d), 0);
    assert_string_equal(d, "2024-02-29");
    assert_int_equal(ts_day_arg("-366d", t, d), 0);
    assert_string_equal(d, "2023-03-01");
    assert_int_equal(ts_day_arg("-0d", t, d), 0);
    assert_string_equal(d, "2024-03-01");
    assert_int_equal(ts_day_arg("2025-12-31", t, d), 0);
    assert_string_equal(d, "2025-12-31");
    assert_int_not_equal(ts_day_arg("-3", t, d), 0);
    assert_int_not_equal(ts_day_arg("3d", t, d), 0);
    assert_int_not_equal(ts_day_arg("-d", t, d), 0);
    assert_int_not_equal(ts_day_arg("tomorrow", t, d), 0);
    assert_int_not_equal(ts_day_arg("2025-02-29", t, d), 0);
}

static void test_host_of(void **state)
{
    (void)state;
    assert_true(ts_str_eq(ts_walk_host_of("logs/r1/messages"), TS_S("r1")));
    assert_true(ts_str_eq(ts_walk_host_of("/var/log/r-2//messages.1.gz"), TS_S("r-2")));
    assert_true(ts_str_eq(ts_walk_host_of("r3/messages"), TS_S("r3")));
    assert_int_equal(ts_walk_host_of("messages").n, 0);
    assert_int_equal(ts_walk_host_of("/messages").n, 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "%s/ts-store-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fp),       cmocka_unit_test(test_refuse),  cmocka_unit_test(test_identity),
        cmocka_unit_test(test_day_arg),  cmocka_unit_test(test_host_of),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
