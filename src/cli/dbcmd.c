/* dbcmd.c — see dbcmd.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/dbcmd.h"
#include "cli/msg.h"
#include "report/render.h"
#include "store/ingest.h"
#include "store/load.h"
#include "store/merge.h"

void ts_dbcmd_usage(const char *cmd)
{
    FILE *f = stdout;
    const char *prog = ts_msg_prog;
    static const char *const tail =
        "\n"
        "The state database (SQLite) keeps what was counted, unattributed, so reports\n"
        "from it equal a scan of every distinct line ever ingested (SPEC.md §10).\n"
        "Exit status: 0 ok; 1 partial (some input unreadable: named on stderr, the rest\n"
        "counted); 2 usage error; 3 the database or report could not be used or written\n"
        "(it keeps its previous state); 4 internal error (out of memory).\n";
    if (strcmp(cmd, "ingest") == 0)
        fprintf(f,
                "Usage: %s ingest --db FILE [OPTIONS] FILE|DIR...\n"
                "Count into the state database FILE (created if missing) whatever the inputs\n"
                "hold that it has not counted yet: an archive is known by its decoded content,\n"
                "whatever its name or compression; a grown file adds only its new lines.\n"
                "Prints one summary line on stderr.\n"
                "\n"
                "      --db FILE            the state database\n"
                "      --host-from-path     each file's host is the name of its directory\n"
                "      --ref-date DATE, --year Y, -j N, --prefilter E, --no-prefilter,\n"
                "      --simd ISA,\n"
                "      --zstd-window-log-max N  as for scan (see %s --help)\n"
                "  -h, --help               this help\n",
                prog, prog);
    else if (strcmp(cmd, "report") == 0)
        fprintf(f,
                "Usage: %s report --db FILE [-r KIND] [-f FMT] [--since D] [--until D] [--top N]\n"
                "                         [-o FILE | --output-dir DIR]\n"
                "Render a report from the state database alone (no log is read): any kind\n"
                "but events, in any format, as scan renders it.\n"
                "\n"
                "      --db FILE            the state database\n"
                "  -r, --report KIND        peers (default), daily, conns, top, sessions, availability\n"
                "  -f, --format FMT         csv (default), table, jsonl, html, prom\n"
                "      --since D, --until D  days: YYYY-MM-DD, today, yesterday, -Nd (local time)\n"
                "      --top N              the N peers with most failures\n"
                "      --peers KIND, --peer-names FILE, --fail-on CLASS=N  as for scan\n"
                "  -o, --output FILE        write atomically to FILE (default: stdout)\n"
                "      --output-dir DIR     write every kind into DIR, each atomically: peers,\n"
                "                           daily, conns, top (.csv, or as -f) and dashboard.html\n"
                "      --csv-raw            do not neutralise cells that look like formulas\n"
                "  -h, --help               this help\n",
                prog);
    else
        fprintf(f,
                "Usage: %s merge --db FILE OTHER.db...\n"
                "Fold other state databases into FILE (created if missing), each in one transaction:\n"
                "content both hold is counted once, so merging a database twice changes\n"
                "nothing, and shards ingested on several machines merge into the database\n"
                "one machine would have built.\n"
                "\n"
                "      --db FILE            the state database written\n"
                "  -h, --help               this help\n",
                prog);
    fputs(tail, f);
}

static int status_of(int rc)
{
    return rc == TS_ENOMEM ? TS_EXIT_INTERNAL : TS_EXIT_OUTPUT;
}

static double since_start(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int ts_dbcmd_ingest(const char *path, char *const *paths, int npaths, const struct ts_run_opts *o, ts_err_fn on_input_err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct ts_err err = {0};
    struct ts_db db;
    int rc = ts_db_open(&db, path, TS_DB_WRITE, &err);
    struct ts_ingest_stats st = {0};
    if (rc == TS_OK) rc = ts_ingest(&db, paths, npaths, o, on_input_err, NULL, &st, &err);
    ts_db_close(&db);
    if (rc != TS_OK) {
        ts_msg_err(&err);
        return status_of(rc);
    }
    ts_msg_line("%s: ingest: %d archives, %d with new lines, %d already counted (%d unchanged)%s; %" PRIu64
                " bytes read, %" PRIu64 " new (%" PRIu64 " lines); %.3f s",
                ts_msg_prog, st.files, st.counted, st.skipped, st.unchanged, st.failed ? ", some unreadable" : "",
                st.bytes, st.counted_bytes, st.lines, since_start(&t0));
    return st.failed ? TS_EXIT_PARTIAL : TS_EXIT_OK;
}

static int write_one(const struct ts_run *r, const struct ts_report_opts *ro, const char *output, struct ts_err *err)
{
    struct ts_out *out = NULL;
    int rc = ts_out_open(output, &out, err);
    if (rc != TS_OK) return rc;
    rc = ts_report_write(r, ro, out, err);
    if (rc == TS_OK) rc = ts_out_commit(out, err);
    else ts_out_abort(out);
    return rc;
}

/* --output-dir: every kind, each file written atomically. */
int ts_dbcmd_write_dir(const struct ts_run *r, const struct ts_report_opts *ro, const char *dir, struct ts_err *err)
{
    static const int kinds[] = {TS_REPORT_PEERS, TS_REPORT_DAILY, TS_REPORT_CONNS, TS_REPORT_TOP};
    static const char *const names[] = {"peers", "daily", "conns", "top"};
    static const char *const ext[] = {"csv", "txt", "jsonl"};
    static char paths[5][4096]; /* ts_err keeps a borrowed path: these outlive the call */
    const int fmt = ro->format == TS_FORMAT_HTML ? TS_FORMAT_CSV : ro->format;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ts_err_set(err, TS_EOUT, errno, dir, "--output-dir: not a directory");
        return TS_EOUT;
    }
    int rc = TS_OK;
    for (int i = 0; i < 5 && rc == TS_OK; i++) {
        struct ts_report_opts o = *ro;
        if (i < 4) {
            o.kind = kinds[i];
            o.format = fmt;
            snprintf(paths[i], sizeof paths[i], "%s/%s.%s", dir, names[i], ext[fmt]);
        } else {
            o.kind = TS_REPORT_PEERS;
            o.format = TS_FORMAT_HTML;
            snprintf(paths[i], sizeof paths[i], "%s/dashboard.html", dir);
        }
        rc = write_one(r, &o, paths[i], err);
    }
    return rc;
}

int ts_dbcmd_load(const char *path, const struct ts_report_opts *ro, int sessions, struct ts_run *r, struct ts_err *err)
{
    struct ts_db db;
    memset(r, 0, sizeof *r);
    int rc = ts_db_open(&db, path, TS_DB_READ, err);
    if (rc == TS_OK)
        rc = ts_load_run(&db, ro->days.since, ro->days.until, sessions, r, err);
    else {
        ts_agg_init(&r->agg);
        ts_agg_init(&r->conns);
    }
    ts_db_close(&db);
    return rc;
}

int ts_dbcmd_merge(const char *path, char *const *others, int n)
{
    struct ts_err err = {0};
    struct ts_db db;
    int rc = ts_db_open(&db, path, TS_DB_WRITE, &err);
    struct ts_merge_stats st = {0};
    if (rc == TS_OK) rc = ts_merge(&db, others, n, &st, &err);
    ts_db_close(&db);
    if (rc != TS_OK) {
        ts_msg_err(&err);
        return status_of(rc);
    }
    ts_msg_line("%s: merge: %d databases, %d streams new, %d grown, %d already held", ts_msg_prog, n, st.added,
                st.grown, st.held);
    return TS_EXIT_OK;
}
