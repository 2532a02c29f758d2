/* main.c — seeded generator of router syslog archives with ground truth.
 *
 * Independent of src/ on purpose: this program is the ground truth the
 * analyzer is checked against (tests/gen_truth.sh, bench/run.sh; the truth
 * files are described in bench/README.md), so it shares no code with
 * tunnelstat, not even the date or CSV helpers: a bug in a shared helper
 * would make both sides agree on a wrong answer. tests/gen_sessions.sh checks
 * that bench/gen/ includes only its own headers. Its modules use short local
 * names, not the ts_ prefix.
 *
 * Writes RFC 3164 syslog text as a central log server would store it for a
 * few IPsec routers: mostly noise (firewall drops, DHCP, PPPoE, NTP, sshd,
 * cron, web admin, and near-misses that mention pluto, peers, SAs or DPD from
 * programs that are not the IKE daemon), and a share of pluto lines that
 * follow whole tunnel lifecycles (Qno, Openswan and Libreswan wordings) for a
 * few hundred peers with Zipf-like skew, scanners, pluto restarts.
 *
 * Ground truth: every pluto line is built from an event record (host, pid,
 * serial, conn, the peer we meant, class column). The peers report of
 * SPEC.md §6 is counted from those records, never by parsing the text
 * (truth.c), and so are the tunnel sessions and availability (sessions.c). Peer
 * attribution (SPEC §5) is decided when an episode is built: a line without
 * an address names a serial only if that serial's peer is written on another
 * line of the same host/pid/serial, and every peerless line whose serial has
 * no such line is kept per (day, host, conn) and resolved at the end with the
 * conn rule (exactly one peer ever written with that host and conn) or '-'.
 *
 * Determinism: one xoshiro256** stream seeded with splitmix64(seed); no libc
 * randomness, no clock. The timestamp of a line is a function of the number of
 * LF-terminated bytes written before it (CRs not counted), so the text does
 * not depend on --files or --crlf-frac except for the CRs and the split.
 *
 * Usage: gen [--seed N] [--size 2G] [--ike-frac 0.03] [--peers 300]
 *            [--scanners N] [--scan-frac 0.12] [--scan-sweep]
 *            [--hosts 4] [--start YYYY-MM-DD] [--days 30] [--rollover]
 *            [--files N] [--crlf-frac F] [-o DIR|FILE|-] [--truth FILE]
 *            [--truth-sessions FILE] [--truth-availability FILE]
 * With --files N, -o names a directory that gets N files router.log-YYYYMMDD
 * (logrotate dateext: the name is the rotation day, so the year rule of SPEC §5
 * works from the name). Without --files, -o is one file (or - for stdout) and
 * the reference date to pass as --ref-date is printed on stderr.
 *
 * Peers: --peers N tunnel peers (each router picks its tunnels with a Zipf
 * 1.1 skew) and --scanners M scanner addresses (default max(400, 6N)). A
 * share --scan-frac of the IKE episodes (default 0.12) are scanner probes:
 * 1-3 "no connection has been authorized" lines, by default all from one
 * scanner drawn with a Zipf 1.0 skew, now and then collapsed by syslog into
 * "message repeated N times". So by default the number of distinct peers in
 * the truth is far from N: --peers 10 gives about 400 (most of them
 * scanners), --peers 100000 about 8 000 in 1G and 14 000 in 2G (the tail of
 * the skew is never drawn). --scan-sweep makes scans distributed, and the
 * count exact: each probe comes from the next scanner address in turn
 * (every scanner probes once before any probes again) and is never
 * repeated, so every scanner is in the truth once the corpus has at least M
 * probes (about 55 000 per 1G of --size with --scan-frac 0.6 and --ike-frac
 * 0.03). For about D distinct peers: a few tunnel peers (all or nearly all
 * show up: 998 of 1 000 below) and D minus those scanners, swept. At 2G
 * and --ike-frac 0.03, "--peers 6 --scanners 4 --scan-frac 0.6 --scan-sweep"
 * gives 10 distinct peers and "--peers 1000 --scanners 99000 --scan-frac 0.6
 * --scan-sweep" 99 998, with the same line count and a similar class mix.
 * Without these three options the output is byte for byte what it was
 * before they existed (--scanners and --scan-frac given at their default
 * values change nothing either). */
#include <stdio.h>
#include <stdlib.h>

#include "base.h"
#include "cal.h"
#include "episode.h"
#include "fmt.h"
#include "lifecycle.h"
#include "model.h"
#include "noise.h"
#include "options.h"
#include "out.h"
#include "rng.h"
#include "sessions.h"
#include "truth.h"

/* Everything one run holds. */
struct gen {
    struct opts opt;
    struct cal cal;
    struct rng rng;    /* the one stream every draw of the text comes from */
    struct model model;
    struct out out;
    struct ep ep;      /* the episode being built (large: its text buffer) */
    struct truth truth;
    struct sessions sessions;
    int want_sessions;
};

/* Writes the next queued pluto line of host h and records it in the truth. */
static void emit_ike(struct gen *g, struct host *h)
{
    while (h->qi >= h->qn) next_episode(&g->ep, h, g->out.now);
    const struct qline *q = &h->q[h->qi++];
    char *w = out_begin(&g->out, h);
    if (q->prog == 1) w = WS(w, "ipsec__plutorun: ");
    else w = PROG(w, "pluto", q->pid);
    w = wstr(w, h->qbuf + q->off, q->len);
    out_end(&g->out, w);
    g->out.ike_lines++;
    if (q->akind == A_NONE) return;
    truth_line(&g->truth, &g->model, q, h->idx, g->out.now / 86400);
    if (g->want_sessions) sessions_line(&g->sessions, q, h->idx, g->out.now);
}

int main(int argc, char **argv)
{
    struct gen *g = xcalloc(1, sizeof *g);
    const struct opts *o = &g->opt;
    options_parse(&g->opt, argc, argv);
    cal_init(&g->cal, o->sy, o->sm, o->sd, o->days);
    const u64 span = g->cal.span;
    rng_seed(&g->rng, o->seed);
    out_init(&g->out, o, &g->cal);
    model_setup(&g->model, &g->rng, o, span);
    struct model *m = &g->model;
    for (int i = 0; i <= m->nhosts; i++) m->hosts[i].boot = 0 - (u64)rr(&g->rng, 3600, 90 * 86400);
    g->ep = (struct ep){.rng = &g->rng, .m = m, .cur_link = -1, .peerless_p = 0.15, .span = span,
                        .scan_frac = o->scan_frac};

    g->want_sessions = o->truth_sessions || o->truth_availability;
    if (g->want_sessions) sessions_init(&g->sessions, m->nhosts);

    out_start(&g->out);
    const double per_byte = (double)span / (double)(o->size ? o->size : 1);
    /* Pluto lines come in runs from one host (mean RUN lines); a run starts
     * with probability q such that the expected share of pluto lines is
     * --ike-frac: q*RUN / (q*RUN + 1 - q) = ike. */
    const double RUN = 4.0;
    const double q_run = o->ike >= 1.0 ? 1.0 : o->ike / (RUN - (RUN - 1.0) * o->ike);
    int run_left = 0;
    struct host *run_host = NULL;
    while (g->out.logical < o->size) {
        u64 now = (u64)((double)g->out.logical * per_byte);
        if (now >= span) now = span - 1;
        out_set_now(&g->out, now);
        if (run_left > 0 || rp(&g->rng, q_run)) {
            if (run_left == 0) {
                run_host = &m->hosts[rpick(&g->rng, m->host_ike_cum, m->nhosts)];
                run_left = 1;
                while (rp(&g->rng, 1.0 - 1.0 / RUN)) run_left++;
            }
            run_left--;
            emit_ike(g, run_host);
        } else {
            const int logsrv = rp(&g->rng, 0.15);
            emit_noise(&g->out, &g->rng, m, &m->hosts[logsrv ? m->nhosts : (int)rb(&g->rng, (u32)m->nhosts)], logsrv);
        }
    }
    /* finish the episodes under way so every serial's peer line is written */
    out_set_now(&g->out, span - 1);
    for (int i = 0; i < m->nhosts; i++)
        while (m->hosts[i].qi < m->hosts[i].qn) emit_ike(g, &m->hosts[i]);
    out_finish(&g->out);
    if (o->truth) truth_write(&g->truth, m, &g->cal, o->truth);
    if (g->want_sessions) sessions_write(&g->sessions, m, &g->cal, o->truth_sessions, o->truth_availability);
    const struct day *days = g->cal.days;
    if (!o->files) fprintf(stderr, "gen: ref-date %s (pass --ref-date %s)\n", days[o->days - 1].iso, days[o->days - 1].iso);
    fprintf(stderr, "gen: %llu lines, %llu pluto lines, %llu bytes, %d file(s), days %s..%s\n",
            (unsigned long long)g->out.lines, (unsigned long long)g->out.ike_lines,
            (unsigned long long)g->out.logical, g->out.nfiles, days[0].iso, days[o->days - 1].iso);
    return 0;
}
