/* options.c — see options.h. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cli/options.h"
#include "explain/phrases.h"
#include "report/render.h"
#include "scan/linewalk.h"

/* --min-part's ceiling: a range is at least this; larger values only ever
 * mean "do not split", and 2 * the value must not overflow (a value near
 * 2^64 once turned into a negative part count and "out of memory"). */
#define MIN_PART_MAX ((uint64_t)1 << 40)

/* 1 when s is a whole decimal number that fits (no sign, no blanks). */
static int is_u64(const char *s, uint64_t *v)
{
    char *end;
    if (s[0] < '0' || s[0] > '9') return 0;
    errno = 0;
    const unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end) return 0;
    *v = x;
    return 1;
}

/* 1 when arg is a number in lo..hi. */
static int in_range(const char *arg, uint64_t lo, uint64_t hi, uint64_t *v)
{
    return is_u64(arg, v) && *v >= lo && *v <= hi;
}

/* ---- handlers shared by subcommands -------------------------------------- */
static int set_output(struct ts_options *o, const char *arg)
{
    if (!arg[0]) return ts_msg_usage(o->cmd, "--output wants a file name ('-' for standard output), not ''");
    o->output = strcmp(arg, "-") == 0 ? NULL : arg;
    return TS_EXIT_OK;
}

static int set_window(struct ts_options *o, const char *arg)
{
    uint64_t v;
    if (!in_range(arg, 10, 31, &v)) return ts_msg_usage(o->cmd, "--zstd-window-log-max wants 10..31, not '%s'", arg);
    o->in.zstd_window_log_max = (int)v;
    return TS_EXIT_OK;
}

static int set_inflate(struct ts_options *o, const char *arg)
{
    if (strcmp(arg, "zlib") == 0) o->in.inflater = TS_INFLATE_ZLIB;
    else if (strcmp(arg, "isal") != 0) return ts_msg_usage(o->cmd, "--inflate wants isal or zlib, not '%s'", arg);
    else if (!ts_input_inflater_version(TS_INFLATE_ISAL)) return ts_msg_usage(o->cmd, "--inflate isal: this build has no ISA-L (HAVE_ISAL=0)");
    else o->in.inflater = TS_INFLATE_ISAL;
    return TS_EXIT_OK;
}

static int set_help(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->help = 1;
    return TS_EXIT_OK;
}

static int set_version(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->version = 1;
    return TS_EXIT_OK;
}

/* ---- scan ------------------------------------------------------------------ */
static int set_report(struct ts_options *o, const char *arg)
{
    if (ts_report_by_name(arg, &o->report.kind) != TS_OK)
        return ts_msg_usage(o->cmd, "unknown report '%s' (peers, events, daily, conns, top, sessions, availability)",
                            arg);
    o->kind_given = 1;
    return TS_EXIT_OK;
}

static int set_format(struct ts_options *o, const char *arg)
{
    if (ts_render_format_by_name(arg, &o->report.format) != TS_OK)
        return ts_msg_usage(o->cmd, "unknown format '%s' (csv, table, jsonl, html, prom)", arg);
    return TS_EXIT_OK;
}

static int set_since(struct ts_options *o, const char *arg)
{
    if (ts_day_arg(arg, (long long)time(NULL), o->day_buf[0]) != 0)
        return ts_msg_usage(o->cmd, "--since wants YYYY-MM-DD, today, yesterday or -Nd, not '%s'", arg);
    o->since = o->day_buf[0];
    return TS_EXIT_OK;
}

static int set_until(struct ts_options *o, const char *arg)
{
    if (ts_day_arg(arg, (long long)time(NULL), o->day_buf[1]) != 0)
        return ts_msg_usage(o->cmd, "--until wants YYYY-MM-DD, today, yesterday or -Nd, not '%s'", arg);
    o->until = o->day_buf[1];
    return TS_EXIT_OK;
}

static int set_top(struct ts_options *o, const char *arg)
{
    if (!in_range(arg, 1, 1000000000, &o->top))
        return ts_msg_usage(o->cmd, "--top wants a number of peers 1..1000000000, not '%s'", arg);
    return TS_EXIT_OK;
}

static int set_progress(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->progress = 1;
    return TS_EXIT_OK;
}

static int set_no_progress(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->progress = 0;
    return TS_EXIT_OK;
}

static int set_ref_date(struct ts_options *o, const char *arg)
{
    if (ts_day_ref_parse(arg, &o->run.ref) != 0) return ts_msg_usage(o->cmd, "--ref-date wants YYYY-MM-DD, not '%s'", arg);
    o->run.have_ref = 1;
    return TS_EXIT_OK;
}

/* Four digits, as in --ref-date: "25" is more likely 2025 than the year 25. */
static int set_year(struct ts_options *o, const char *arg)
{
    uint64_t v;
    if (strlen(arg) != 4 || !in_range(arg, 1, 9999, &v))
        return ts_msg_usage(o->cmd, "--year wants a four-digit year such as 2024, not '%s'", arg);
    o->run.ref = (struct ts_day_ref){(int)v, 12, 31};
    o->run.have_ref = 1;
    return TS_EXIT_OK;
}

static int set_threads(struct ts_options *o, const char *arg)
{
    uint64_t v;
    if (!in_range(arg, 1, 256, &v)) return ts_msg_usage(o->cmd, "--threads wants 1..256, not '%s'", arg);
    o->run.threads = (int)v;
    return TS_EXIT_OK;
}

static int set_no_prefilter(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->run.prefilter = TS_PF_NONE;
    return TS_EXIT_OK;
}

static int set_prefilter(struct ts_options *o, const char *arg)
{
    static const enum ts_prefilter_kind kinds[] = {TS_PF_WALK, TS_PF_HYPERSCAN, TS_PF_NONE};
    for (ptrdiff_t k = 0; k < TS_COUNTOF(kinds); k++)
        if (strcmp(arg, ts_prefilter_name(kinds[k])) == 0) {
            o->run.prefilter = kinds[k];
            return TS_EXIT_OK;
        }
    return ts_msg_usage(o->cmd, "--prefilter wants walk, hyperscan or none, not '%s'", arg);
}

static int set_simd(struct ts_options *o, const char *arg)
{
    static const enum ts_isa isas[] = {TS_ISA_AUTO, TS_ISA_SCALAR, TS_ISA_SSE2, TS_ISA_AVX2, TS_ISA_AVX512};
    for (ptrdiff_t k = 0; k < TS_COUNTOF(isas); k++)
        if (strcmp(arg, ts_linewalk_isa_name(isas[k])) == 0) {
            o->run.isa = isas[k];
            return TS_EXIT_OK;
        }
    return ts_msg_usage(o->cmd, "--simd wants auto, avx512bw, avx2, sse2 or scalar, not '%s'", arg);
}

static int set_max_keys(struct ts_options *o, const char *arg)
{
    if (!is_u64(arg, &o->run.max_keys)) return ts_msg_usage(o->cmd, "--max-keys wants a number, not '%s'", arg);
    return TS_EXIT_OK;
}

static int set_min_part(struct ts_options *o, const char *arg)
{
    uint64_t v;
    if (!in_range(arg, 1, MIN_PART_MAX, &v))
        return ts_msg_usage(o->cmd, "--min-part wants a byte count 1..1099511627776, not '%s'", arg);
    o->run.min_part = (size_t)v;
    return TS_EXIT_OK;
}

static int set_peers(struct ts_options *o, const char *arg)
{
    if (ts_summary_kind_by_name(arg, &o->peers) != TS_OK)
        return ts_msg_usage(o->cmd, "--peers takes known, strangers or all, not '%s'", arg);
    return TS_EXIT_OK;
}

static int set_fail_on(struct ts_options *o, const char *arg)
{
    if (o->nrules == TS_COUNTOF(o->rules)) return ts_msg_usage(o->cmd, "%s", "at most 32 --fail-on rules");
    if (ts_report_rule_parse(arg, &o->rules[o->nrules++]) != TS_OK)
        return ts_msg_usage(o->cmd, "--fail-on takes CLASS=N (a report column or class, N from 1), not '%s'", arg);
    return TS_EXIT_OK;
}

static int set_peer_names(struct ts_options *o, const char *arg)
{
    o->names_file = arg;
    return TS_EXIT_OK;
}

static int set_csv_raw(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->report.raw = 1;
    return TS_EXIT_OK;
}

static int set_stats(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->stats = 1;
    return TS_EXIT_OK;
}

static int set_host_from_path(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->run.host_from_path = 1;
    return TS_EXIT_OK;
}

static int set_db(struct ts_options *o, const char *arg)
{
    if (!arg[0]) return ts_msg_usage(o->cmd, "%s", "--db wants a file name, not ''");
    o->db = arg;
    return TS_EXIT_OK;
}

static int set_output_dir(struct ts_options *o, const char *arg)
{
    if (!arg[0]) return ts_msg_usage(o->cmd, "%s", "--output-dir wants a directory, not ''");
    o->outdir = arg;
    return TS_EXIT_OK;
}

const struct ts_options_opt ts_options_scan[] = {
    {"report", required_argument, 'r', set_report},
    {"format", required_argument, 'f', set_format},
    {"since", required_argument, 0, set_since},
    {"until", required_argument, 0, set_until},
    {"top", required_argument, 0, set_top},
    {"output", required_argument, 'o', set_output},
    {"ref-date", required_argument, 0, set_ref_date},
    {"year", required_argument, 0, set_year},
    {"threads", required_argument, 'j', set_threads},
    {"no-prefilter", no_argument, 0, set_no_prefilter},
    {"prefilter", required_argument, 0, set_prefilter},
    {"simd", required_argument, 0, set_simd},
    {"max-keys", required_argument, 0, set_max_keys},
    {"zstd-window-log-max", required_argument, 0, set_window},
    {"inflate", required_argument, 0, set_inflate},
    {"min-part", required_argument, 0, set_min_part},
    {"csv-raw", no_argument, 0, set_csv_raw},
    {"stats", no_argument, 0, set_stats},
    {"progress", no_argument, 0, set_progress},
    {"no-progress", no_argument, 0, set_no_progress},
    {"peers", required_argument, 0, set_peers},
    {"fail-on", required_argument, 0, set_fail_on},
    {"peer-names", required_argument, 0, set_peer_names},
    {"host-from-path", no_argument, 0, set_host_from_path},
    {"help", no_argument, 'h', set_help},
    {"version", no_argument, 'V', set_version},
    {NULL, 0, 0, NULL},
};

/* ---- explain ---------------------------------------------------------------- */
static int set_lang(struct ts_options *o, const char *arg)
{
    if (ts_phrases_lang_by_name(arg, &o->explain.ex.lang) != TS_OK)
        return ts_msg_usage(o->cmd, "unknown language '%s' (en, zh, zh-TW)", arg);
    return TS_EXIT_OK;
}

static int set_all(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->explain.all = 1;
    return TS_EXIT_OK;
}

static int set_unknown(struct ts_options *o, const char *arg)
{
    (void)arg;
    o->explain.unknown = 1;
    return TS_EXIT_OK;
}

static int set_color(struct ts_options *o, const char *arg)
{
    o->color = arg ? arg : "always";
    if (strcmp(o->color, "auto") && strcmp(o->color, "always") && strcmp(o->color, "never"))
        return ts_msg_usage(o->cmd, "--color wants auto, always or never, not '%s'", o->color);
    return TS_EXIT_OK;
}

const struct ts_options_opt ts_options_explain[] = {
    {"lang", required_argument, 0, set_lang},
    {"all", no_argument, 0, set_all},
    {"unknown", no_argument, 0, set_unknown},
    {"color", optional_argument, 0, set_color},
    {"colour", optional_argument, 0, set_color},
    {"output", required_argument, 'o', set_output},
    {"zstd-window-log-max", required_argument, 0, set_window},
    {"help", no_argument, 'h', set_help},
    {NULL, 0, 0, NULL},
};

/* ---- the state database: ingest, report --db, merge ------------------------ */
const struct ts_options_opt ts_options_ingest[] = {
    {"db", required_argument, 0, set_db},
    {"ref-date", required_argument, 0, set_ref_date},
    {"year", required_argument, 0, set_year},
    {"threads", required_argument, 'j', set_threads},
    {"no-prefilter", no_argument, 0, set_no_prefilter},
    {"prefilter", required_argument, 0, set_prefilter},
    {"simd", required_argument, 0, set_simd},
    {"zstd-window-log-max", required_argument, 0, set_window},
    {"host-from-path", no_argument, 0, set_host_from_path},
    {"help", no_argument, 'h', set_help},
    {NULL, 0, 0, NULL},
};

const struct ts_options_opt ts_options_report[] = {
    {"db", required_argument, 0, set_db},
    {"report", required_argument, 'r', set_report},
    {"format", required_argument, 'f', set_format},
    {"since", required_argument, 0, set_since},
    {"until", required_argument, 0, set_until},
    {"top", required_argument, 0, set_top},
    {"output", required_argument, 'o', set_output},
    {"output-dir", required_argument, 0, set_output_dir},
    {"csv-raw", no_argument, 0, set_csv_raw},
    {"peers", required_argument, 0, set_peers},
    {"fail-on", required_argument, 0, set_fail_on},
    {"peer-names", required_argument, 0, set_peer_names},
    {"help", no_argument, 'h', set_help},
    {NULL, 0, 0, NULL},
};

const struct ts_options_opt ts_options_merge[] = {
    {"db", required_argument, 0, set_db},
    {"help", no_argument, 'h', set_help},
    {NULL, 0, 0, NULL},
};

/* ---- reading ------------------------------------------------------------- */
#define MAX_OPTS 32

int ts_options_read(const struct ts_options_opt *table, int argc, char **argv, struct ts_options *o, int *next)
{
    struct option lo[MAX_OPTS + 1];
    char shorts[2 * MAX_OPTS + 1];
    int n = 0, ns = 0;
    for (; table[n].name; n++) {
        TS_ASSERT(n < MAX_OPTS);
        const struct ts_options_opt *t = &table[n];
        lo[n] = (struct option){t->name, t->has_arg, NULL, t->letter ? t->letter : 256 + n};
        if (!t->letter) continue;
        shorts[ns++] = t->letter;
        if (t->has_arg != no_argument) shorts[ns++] = ':';
        if (t->has_arg == optional_argument) shorts[ns++] = ':';
    }
    lo[n] = (struct option){0, 0, 0, 0};
    shorts[ns] = '\0';
    optind = 0; /* glibc: start afresh (tests parse more than once) */
    int c;
    while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        int k = c >= 256 ? c - 256 : -1;
        for (int i = 0; k < 0 && i < n; i++)
            if (table[i].letter && table[i].letter == c) k = i;
        if (c == '?' || k < 0 || k >= n) {
            ts_msg_line("Try '%s%s%s --help'.", ts_msg_prog, o->cmd ? " " : "", o->cmd ? o->cmd : "");
            return TS_EXIT_USAGE;
        }
        const int rc = table[k].set(o, optarg);
        if (rc != TS_EXIT_OK) return rc;
    }
    *next = optind;
    return TS_EXIT_OK;
}

static void defaults(struct ts_options *o)
{
    memset(o, 0, sizeof *o);
    const long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o->run.threads = ncpu > 0 ? (int)ncpu : 1;
    o->run.prefilter = TS_PF_DEFAULT;
    o->run.max_keys = 1000000;
    ts_day_ref_from_time((long long)time(NULL), &o->run.today);
    o->report.kind = TS_REPORT_PEERS;
    o->report.format = TS_FORMAT_CSV;
    o->progress = -1;
    o->peers = TS_PEERS_ALL;
    o->color = "auto";
}

/* The combinations one option cannot check alone. */
static int check_scan(struct ts_options *o)
{
    if (o->since && o->until && strcmp(o->since, o->until) > 0)
        return ts_msg_usage(o->cmd, "--since %s is after --until", o->since);
    const int tunnels = o->report.kind == TS_REPORT_SESSIONS || o->report.kind == TS_REPORT_AVAILABILITY;
    if (o->report.format == TS_FORMAT_HTML && o->kind_given && !tunnels)
        return ts_msg_usage(o->cmd, "%s", "--format html writes the dashboard (chart, heat map, top peers), or with "
                                          "--report sessions or availability the availability strips: it takes no other --report");
    if (o->report.format == TS_FORMAT_PROM && o->kind_given)
        return ts_msg_usage(o->cmd, "%s", "--format prom writes its own series (events per router, top peers' failures): it takes no --report");
    /* --top selects the top report; the dashboard and prom are views of everything. */
    const int whole = (o->report.format == TS_FORMAT_HTML && !tunnels) || o->report.format == TS_FORMAT_PROM;
    if (o->top && !o->kind_given && !whole) o->report.kind = TS_REPORT_TOP;
    if (o->top && o->report.kind != TS_REPORT_TOP && !whole)
        return ts_msg_usage(o->cmd, "%s", "--top goes with --report top, --format html or --format prom");
    if (whole) o->report.kind = TS_REPORT_PEERS;
    if (o->peers != TS_PEERS_ALL && o->report.kind == TS_REPORT_CONNS)
        return ts_msg_usage(o->cmd, "%s", "--peers does not go with --report conns: its rows count lines by connection, not by peer");
    o->report.days = (struct ts_summary_days){o->since, o->until, 0};
    o->report.top = o->top ? (size_t)o->top : 10;
    o->report.now = (int64_t)time(NULL);
    o->report.peers = o->peers;
    o->run.events = o->report.kind == TS_REPORT_EVENTS;
    o->run.sessions = tunnels || o->report.format == TS_FORMAT_PROM; /* prom's tunnel series */
    o->run.conns = o->report.kind == TS_REPORT_CONNS;
    o->run.in = o->in;
    return TS_EXIT_OK;
}

static int check_explain(struct ts_options *o)
{
    if (strcmp(o->color, "auto") == 0) {
        const char *nc = getenv("NO_COLOR");
        o->explain.ex.color = !o->output && isatty(STDOUT_FILENO) && !(nc && nc[0]);
    } else {
        o->explain.ex.color = strcmp(o->color, "always") == 0;
    }
    o->explain.in = o->in;
    return TS_EXIT_OK;
}

/* ingest, report --db, merge: what their operands must be. */
static int check_db(struct ts_options *o, int noperands)
{
    const int report = strcmp(o->cmd, "report") == 0;
    if (!o->db) return ts_msg_usage(o->cmd, "%s", "--db FILE is required");
    if (report && noperands) return ts_msg_usage(o->cmd, "%s", "report --db reads no log: it takes no FILE or DIR");
    if (!report && !noperands)
        return ts_msg_usage(o->cmd, "%s", strcmp(o->cmd, "ingest") == 0 ? "name the archives to read (FILE or DIR)"
                                                                          : "name the databases to merge (OTHER.db)");
    for (int i = 0; i < o->nops && strcmp(o->cmd, "ingest") == 0; i++)
        if (strcmp(o->ops[i], "-") == 0) return ts_msg_usage(o->cmd, "%s", "ingest reads files, not standard input");
    if (!report) return TS_EXIT_OK;
    const int rc = check_scan(o);
    if (rc != TS_EXIT_OK) return rc;
    if (o->report.kind == TS_REPORT_EVENTS)
        return ts_msg_usage(o->cmd, "%s", "report --db has every report but events (it keeps no line)");
    if (o->outdir && o->output) return ts_msg_usage(o->cmd, "%s", "--output-dir and --output: one or the other");
    return TS_EXIT_OK;
}

int ts_options_parse(int argc, char **argv, struct ts_options *o)
{
    static char *stdin_only[] = {"-", NULL};
    static const struct {
        const char *name;
        const struct ts_options_opt *table;
    } cmds[] = {{"explain", ts_options_explain}, {"ingest", ts_options_ingest}, {"report", ts_options_report},
                {"merge", ts_options_merge}, {"scan", ts_options_scan}};
    defaults(o);
    const struct ts_options_opt *table = ts_options_scan;
    for (ptrdiff_t i = 0; argc > 1 && i < TS_COUNTOF(cmds); i++) {
        if (strcmp(argv[1], cmds[i].name) != 0) continue;
        table = cmds[i].table;
        if (table != ts_options_scan) o->cmd = cmds[i].name;
        argv[1] = argv[0]; /* getopt sees the subcommand's words only */
        argv++;
        argc--;
        break;
    }
    int next = 1;
    int rc = ts_options_read(table, argc, argv, o, &next);
    if (rc != TS_EXIT_OK || o->help || o->version) return rc;
    if (o->cmd && strcmp(o->cmd, "explain") != 0) {
        o->ops = argv + next;
        o->nops = argc - next;
        return check_db(o, o->nops);
    }
    o->stdin_implied = next >= argc;
    o->ops = o->stdin_implied ? stdin_only : argv + next;
    o->nops = o->stdin_implied ? 1 : argc - next;
    /* Waiting in silence for a terminal to type a log is never what was meant. */
    if (o->stdin_implied && isatty(STDIN_FILENO))
        return ts_msg_usage(o->cmd, "%s", "no input given and standard input is a terminal (name a FILE or DIR, or '-' to type)");
    return o->cmd ? check_explain(o) : check_scan(o);
}
