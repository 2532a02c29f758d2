/* main.c — the command line's steps: parse the options (options.c), run a
 * scan or an explanation, write the report, choose the exit status. The
 * only module that exits; everything it says goes through msg.c. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agg/run.h"
#include "cli/dbcmd.h"
#include "cli/msg.h"
#include "cli/operator.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "cli/usage.h"
#include "explain/explaincmd.h"
#include "report/out.h"
#include "report/report.h"
#include "scan/linewalk.h"

/* ---- signals -----------------------------------------------------------
 * SIGINT, SIGTERM, SIGHUP: remove the report's temporary file, then die of
 * the same signal (the shell sees 128+N, as without a handler). Only
 * async-signal-safe calls: unlink, signal, raise. A signal ignored when we
 * start (nohup) stays ignored. SIGPIPE is ignored: a closed pipe comes back
 * as EPIPE from write(2) and ends the output quietly (output_status). */
static void on_signal(int sig)
{
    ts_out_signal_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (ptrdiff_t i = 0; i < TS_COUNTOF(sigs); i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(sigs[i], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
}

/* ---- shared steps -------------------------------------------------------- */
static void on_input_err(void *ctx, const struct ts_err *e)
{
    (void)ctx;
    ts_msg_err(e);
}

static int open_out(const struct ts_options *o, struct ts_out **out)
{
    struct ts_err err = {0};
    if (ts_out_open(o->output, out, &err) == TS_OK) return TS_EXIT_OK;
    ts_msg_err(&err);
    return TS_EXIT_OUTPUT;
}

/* Writes or discards the output after rc (the writer's result) and returns
 * the exit status: status when all went well, or when the reader of a pipe
 * went away (EPIPE: it took what it wanted, as `| head` does). */
static int finish_out(struct ts_out *out, int rc, struct ts_err *err, int status)
{
    if (rc == TS_OK) rc = ts_out_commit(out, err);
    else ts_out_abort(out);
    if (rc == TS_OK || (rc == TS_EOUT && err->sys == EPIPE)) return status;
    ts_msg_err(err);
    return rc == TS_ENOMEM ? TS_EXIT_INTERNAL : TS_EXIT_OUTPUT;
}

/* ---- tunnelstat explain ------------------------------------------------- */
struct counted {
    struct ts_out *out;
    uint64_t bytes;
};

static int write_counted(void *ctx, const void *p, size_t n, struct ts_err *err)
{
    struct counted *c = ctx;
    c->bytes += n;
    return ts_out_write(c->out, p, n, err);
}

static int run_explain(const struct ts_options *o)
{
    struct counted c = {NULL, 0};
    if (open_out(o, &c.out) != TS_EXIT_OK) return TS_EXIT_OUTPUT;
    struct ts_err err = {0};
    int partial = 0;
    int rc = ts_explaincmd_run(o->ops, o->nops, &o->explain, write_counted, &c, on_input_err, NULL, &partial, &err);
    /* Nothing read and nothing to say: keep what FILE held (README). */
    if (rc == TS_OK && partial && c.bytes == 0) {
        ts_out_abort(c.out);
        ts_msg_line("%s: no input could be read: nothing written%s%s%s", ts_msg_prog, o->output ? " (" : "",
                    o->output ? o->output : "", o->output ? " left as it was)" : "");
        return TS_EXIT_PARTIAL;
    }
    return finish_out(c.out, rc, &err, partial ? TS_EXIT_PARTIAL : TS_EXIT_OK);
}

/* ---- tunnelstat [scan] ---------------------------------------------------- */
static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void print_stats(const struct ts_run *r, double secs, int threads, enum ts_prefilter_kind pf)
{
    const struct ts_scan_stats *s = &r->st;
    ts_msg_line("%s: stats", ts_msg_prog);
    ts_msg_line("  inputs            %d (%d units, %d threads)", r->nfiles, r->nunits, threads);
    ts_msg_line("  bytes             %" PRIu64, s->bytes);
    ts_msg_line("  lines             %" PRIu64, s->lines);
    ts_msg_line("  candidate lines   %" PRIu64 " (prefilter %s%s%s; line walk %s)", s->candidates,
                r->prefiltered ? ts_prefilter_name(pf) : "off", r->pf_note[0] ? ": " : "", r->pf_note,
                r->prefiltered ? ts_linewalk_isa_name(r->isa) : "memchr");
    ts_msg_line("  IKE lines         %" PRIu64, s->ike);
    ts_msg_line("  debug lines       %" PRIu64 " (skipped)", s->debug);
    ts_msg_line("  unparsed IKE      %" PRIu64 " (class other)", s->cls[TS_C_OTHER]);
    for (int i = 0; i < TS_NCLASS; i++)
        if (s->cls[i]) ts_msg_line("    %-20s %" PRIu64, ts_class_name(i), s->cls[i]);
    for (int i = 0; i < r->nsamples; i++) {
        const struct ts_scan_sample *x = &r->samples[i];
        ts_msg_line("  unparsed: %s:%" PRIu64 ": %.*s", r->files[x->file].path, x->line, (int)x->n, x->text);
    }
    ts_msg_line("  invalid timestamps %" PRIu64 " (IKE lines counted under day '-')", s->bad_time);
    for (int i = 0; i < r->nbad_samples; i++) {
        const struct ts_scan_sample *x = &r->bad_samples[i];
        ts_msg_line("  invalid: %s:%" PRIu64 ": %.*s", r->files[x->file].path, x->line, (int)x->n, x->text);
    }
    for (int i = 0; i < r->nfiles; i++)
        ts_msg_line("  reference date    %04d-%02d-%02d (%s) %s", r->files[i].ref.y, r->files[i].ref.m,
                    r->files[i].ref.d, ts_run_ref_source_name(r->files[i].ref_source), r->files[i].path);
    const uint64_t special = r->skipped[TS_WALK_FIFO] + r->skipped[TS_WALK_SOCKET] + r->skipped[TS_WALK_DEVICE];
    if (r->skipped[TS_WALK_SEEN] || special) {
        char names[1024];
        size_t k = 0;
        for (int i = 0; i < r->nskipnames && k < sizeof names; i++)
            k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : ": ", r->skipnames[i]);
        ts_msg_line("  skipped           %" PRIu64 " already read under another name, %" PRIu64 " special files%s%s",
                    r->skipped[TS_WALK_SEEN], special, names,
                    r->nskipnames < (int)(r->skipped[TS_WALK_SEEN] + special) ? ", ..." : "");
    }
    ts_msg_line("  aggregate         %zu rows, %zu serials, %zu conns, %" PRIu64 " peerless counters, %" PRIu32
                " peers, %.1f MiB",
                ts_rows_len(&r->agg.rows), ts_serials_len(&r->agg.serials), ts_map_len(&r->agg.conns), r->agg.peerless,
                ts_intern_len(&r->agg.peers), (double)ts_agg_bytes(&r->agg) / 1048576.0);
    if (r->agg.overflowed)
        ts_msg_line("  key overflow      %" PRIu64 " observations counted in '%s' rows", r->agg.overflowed,
                    TS_OVERFLOW_PEER);
    ts_msg_line("  elapsed           %.3f s", secs);
    ts_msg_line("  throughput        %.3f GB/s", secs > 0 ? (double)s->bytes / secs / 1e9 : 0.0);
}

/* 1 when every input failed before yielding a single line: then there is
 * no report to write, and FILE keeps the one it has (README "Exit status"). */
static int nothing_read(const struct ts_run *r)
{
    if (!r->partial) return 0;
    for (int i = 0; i < r->nunits; i++)
        if (r->units[i].rc == TS_OK || r->units[i].lines > 0) return 0;
    return 1;
}

/* --fail-on: the exit status once the report is out. An alert outranks an
 * unreadable input: counts only grow with more input, so a threshold
 * reached on what was read is reached. */
static int alerts(const struct ts_run *r, const struct ts_options *o, int status)
{
    long broken = 0;
    if (!o->nrules || status > TS_EXIT_PARTIAL) return status;
    if (ts_report_fail_on(r, &o->report, o->rules, o->nrules, ts_operator_on_alert, NULL, &broken) != TS_OK) {
        ts_msg_line("%s: out of memory while checking --fail-on", ts_msg_prog);
        return TS_EXIT_INTERNAL;
    }
    return broken ? TS_EXIT_ALERT : status;
}

/* The report step: the report written (or, with nothing read, not), the
 * notes that follow it on stderr, the exit status. */
static int report(const struct ts_run *r, const struct ts_options *o, struct ts_out *out,
                  const struct timespec *t0)
{
    int status = r->partial ? TS_EXIT_PARTIAL : TS_EXIT_OK;
    if (nothing_read(r)) {
        ts_out_abort(out);
        ts_msg_line("%s: no input could be read: no report written%s%s%s", ts_msg_prog,
                    o->output ? " (" : "", o->output ? o->output : "", o->output ? " left as it was)" : "");
    } else {
        struct ts_err err = {0};
        status = finish_out(out, ts_report_write(r, &o->report, out, &err), &err, status);
    }
    if (o->stats) print_stats(r, seconds_since(t0), o->run.threads, o->run.prefilter);
    if (r->agg.folded || r->agg.folds.serials || r->agg.folds.conns) {
        char folds[512];
        ts_agg_folds_text(&r->agg, folds, sizeof folds);
        ts_msg_line("%s: warning: more distinct keys than --max-keys %" PRIu64 " (totals stay exact): %s", ts_msg_prog,
                    o->run.max_keys, folds);
    }
    return alerts(r, o, status);
}

static int run_scan(struct ts_options *o)
{
    static struct ts_names names; /* lives until exit: the report opts point at it */
    if (o->names_file) {
        const int st = ts_operator_load_names(o->names_file, &names);
        if (st != TS_EXIT_OK) return st;
        o->report.names = &names;
    }
    struct ts_out *out = NULL;
    if (!o->outdir && open_out(o, &out) != TS_EXIT_OK) return TS_EXIT_OUTPUT;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!o->db && (o->progress == 1 || (o->progress < 0 && isatty(STDERR_FILENO))))
        o->run.scanned = ts_progress_start(o->ops, o->nops, o->progress == 1);
    struct ts_run r;
    struct ts_err err = {0};
    /* report --db: the same run, rebuilt from the state database */
    const int rc = o->db ? ts_dbcmd_load(o->db, &o->report, o->run.sessions, &r, &err)
                         : ts_run_scan(&r, o->ops, o->nops, &o->run, on_input_err, NULL, &err);
    ts_progress_stop();
    int status;
    if (rc != TS_OK) {
        ts_msg_err(&err);
        if (out) ts_out_abort(out);
        /* TS_EOUT: the events spool, or (report --db) the database */
        status = rc == TS_EOUT ? TS_EXIT_OUTPUT : TS_EXIT_INTERNAL;
    } else if (o->outdir) {
        status = ts_dbcmd_write_dir(&r, &o->report, o->outdir, &err);
        if (status != TS_OK) ts_msg_err(&err);
        status = status == TS_OK ? alerts(&r, o, TS_EXIT_OK) : status == TS_ENOMEM ? TS_EXIT_INTERNAL : TS_EXIT_OUTPUT;
    } else {
        status = report(&r, o, out, &t0);
    }
    ts_run_free(&r);
    return status;
}

int main(int argc, char **argv)
{
    catch_signals();
    struct ts_options o;
    const int rc = ts_options_parse(argc, argv, &o);
    if (rc != TS_EXIT_OK) return rc;
    const int explain = o.cmd && strcmp(o.cmd, "explain") == 0;
    if (o.help) {
        if (explain) ts_usage_explain();
        else if (o.cmd) ts_dbcmd_usage(o.cmd);
        else ts_usage_scan();
        return TS_EXIT_OK;
    }
    if (o.version) {
        ts_usage_version();
        return TS_EXIT_OK;
    }
    if (explain) return run_explain(&o);
    if (o.cmd && strcmp(o.cmd, "ingest") == 0) return ts_dbcmd_ingest(o.db, o.ops, o.nops, &o.run, on_input_err);
    if (o.cmd && strcmp(o.cmd, "merge") == 0) return ts_dbcmd_merge(o.db, o.ops, o.nops);
    return run_scan(&o); /* a scan, or report --db */
}
