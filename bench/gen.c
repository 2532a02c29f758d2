/* gen.c — seeded generator of router syslog archives with ground truth.
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
 * SPEC.md §6 is counted from those records, never by parsing the text. Peer
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
#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;

#define COUNTOF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void die(const char *fmt, const char *arg)
{
    fputs("gen: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) die("%s", "out of memory");
    return p;
}

/* ---- PRNG: xoshiro256** seeded by splitmix64 ------------------------------------------ */

static u64 rs[4];

static u64 splitmix(u64 *x)
{
    u64 z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static u64 rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }

static u64 rnd(void)
{
    const u64 r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
    rs[2] ^= rs[0];
    rs[3] ^= rs[1];
    rs[1] ^= rs[2];
    rs[0] ^= rs[3];
    rs[2] ^= t;
    rs[3] = rotl(rs[3], 45);
    return r;
}

/* Uniform in [0, n). */
static u32 rb(u32 n) { return (u32)(((rnd() >> 32) * (u64)n) >> 32); }
/* Uniform in [lo, hi]. */
static u32 rr(u32 lo, u32 hi) { return lo + rb(hi - lo + 1); }
/* True with probability p. */
static int rp(double p) { return (double)(rnd() >> 11) * 0x1p-53 < p; }
/* Index by cumulative weights cum[0..n-1] (non-decreasing, cum[n-1] > 0). */
static int rpick(const u64 *cum, int n)
{
    const u64 x = rnd() % cum[n - 1];
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (cum[mid] > x) hi = mid; else lo = mid + 1;
    }
    return lo;
}

/* ---- writers: format into a char buffer, return the new end ------------------------------ */

#define WS(w, s) (memcpy((w), (s), sizeof(s) - 1), (w) + sizeof(s) - 1)

static char *wstr(char *w, const char *s, size_t n)
{
    memcpy(w, s, n);
    return w + n;
}

static char *wz(char *w, const char *s) { return wstr(w, s, strlen(s)); }

static char *wu(char *w, u64 v)
{
    char t[24];
    int n = 0;
    do t[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    while (n) *w++ = t[--n];
    return w;
}

static char *wu0(char *w, u32 v, int width) /* zero-padded */
{
    for (int i = width - 1; i >= 0; i--, v /= 10) w[i] = (char)('0' + v % 10);
    return w + width;
}

static char *wus(char *w, u32 v, int width) /* space-padded */
{
    char t[12];
    int n = 0;
    do t[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    while (width-- > n) *w++ = ' ';
    while (n) *w++ = t[--n];
    return w;
}

static char *whex(char *w, u64 v, int digits)
{
    static const char hx[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; i--, v >>= 4) w[i] = hx[v & 15];
    return w + digits;
}

static char *wip4(char *w, u32 ip)
{
    w = wu(w, ip >> 24); *w++ = '.';
    w = wu(w, (ip >> 16) & 255); *w++ = '.';
    w = wu(w, (ip >> 8) & 255); *w++ = '.';
    return wu(w, ip & 255);
}

static char *wmac(char *w, u64 m)
{
    for (int i = 5; i >= 0; i--) {
        w = whex(w, (m >> (8 * i)) & 255, 2);
        if (i) *w++ = ':';
    }
    return w;
}

/* A random public-looking IPv4 address (no private, loopback, multicast). */
static u32 rpublic(void)
{
    for (;;) {
        const u32 ip = (u32)rnd();
        const u32 a = ip >> 24, b = (ip >> 16) & 255;
        if (a == 0 || a == 10 || a == 127 || a >= 224 || a == 100 || a == 169) continue;
        if ((a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168)) continue;
        if ((ip & 255) == 0 || (ip & 255) == 255) continue;
        return ip;
    }
}

/* ---- calendar ------------------------------------------------------------------------------ */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* The year SPEC §5 gives month-day (m, d) in a file whose reference date is ry-rm-rd. */
static int rule_year(int m, int d, int ry, int rm, int rd)
{
    /* R's month-day plus one day, as (month, day); Dec 31 + 1 accepts every month-day. */
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int lm = rm, ld = rd + 1;
    if (ld > mdays[rm - 1] || (rm == 2 && ld == 29 && !is_leap(ry))) { lm++; ld = 1; }
    if (lm == 13) return ry;
    int y = (m < lm || (m == lm && d <= ld)) ? ry : ry - 1;
    if (m == 2 && d == 29) while (!is_leap(y)) y--;
    return y;
}

static const char k_mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

struct day {
    int y, m, d;
    char iso[11];
};

/* ---- model ----------------------------------------------------------------------------------- */

enum { D_QNO, D_OPENSWAN, D_LIBRESWAN };

/* Report columns (SPEC §6), in order. */
enum {
    C_DPD_DEAD, C_UNKNOWN_SA, C_PSK_MISS, C_DEL_NOT_FOUND, C_DISCONNECT, C_RETR_TIMEOUT,
    C_AUTH_FAIL, C_ID_MISMATCH, C_NO_PROPOSAL, C_P2_NO_CONN, C_XAUTH_FAIL, C_NET_ERROR,
    C_P1_UP, C_P2_UP, C_WEAK, NCOL
};
static const char k_header[] =
    "day,host,peer,dpd_dead,unknown_sa,psk_policy_miss,delete_sa_not_found,disconnect,"
    "retransmit_timeout,auth_fail,id_mismatch,no_proposal,phase2_no_conn,xauth_fail,network_error,"
    "phase1_up,phase2_up,weak_crypto\r\n";

struct peer {
    char ip[40];
    u8 iplen, v6, weak, natted;
    u16 natport;
    u32 lanoct; /* peer LAN 10.a.b.0/24 */
    int idkind; /* 0 ID_IPV4_ADDR, 1 ID_FQDN, 2 ID_USER_FQDN */
    int num;
};

struct conn {
    char name[24];
    int namelen, host;
    int lit_state; /* 0: no peer ever written with this host+conn, 1: one (lit_peer), 2: several */
    int lit_peer;
};

struct link { /* a peer's tunnel to one host */
    int peer, host, conn, xauth;
    u32 run;            /* host run the state below belongs to */
    int up, stale;
    u32 isakmp, ipsec;  /* state serials */
    u8 isakmp_lit, ipsec_lit;
    u32 inst;
    u32 spi_in, spi_out;
};

/* A queued pluto line: rendered message, who it counts for. */
enum { A_PEER, A_DASH, A_CONN, A_NONE };
struct qline {
    u32 off, len, pid;
    u8 prog;        /* 0 pluto[pid], 1 ipsec__plutorun (no pid) */
    int8_t col;     /* report column or -1 */
    u16 rep;        /* message repeated N times (1 = plain) */
    u8 akind;       /* A_PEER / A_DASH / A_CONN / A_NONE (debug line: not an IKE line) */
    int aid;        /* peer or conn index */
    int litconn, litpeer; /* conn and peer written in the prefix, -1 if none */
};

struct host {
    char name[24];
    int namelen, dialect, idx;
    u32 pid, run, serial, inst;
    u32 *pids; int npids;
    u32 wan;
    u64 next_restart;
    int *links; int nlinks; u64 *cum;
    int *conns; int nconns;
    /* queue of rendered pluto lines */
    struct qline *q; int qn, qi, qcap;
    char *qbuf; u32 qlen, qbufcap;
    /* noise state */
    u32 pid_dnsmasq, pid_ntpd, pid_pppd, pid_udhcpd, pid_httpd, pid_sshd, pid_cron, pid_miniupnpd;
    u64 boot;
    u32 lan;
};

static struct peer *peers;      /* [0] is '-' */
static int npeers, ntunnel;     /* 1..ntunnel tunnel peers, then scanners */
static u64 *scan_cum; static int nscan;
static struct conn *conns; static int nconns, capconns;
static struct link *links; static int nlinks;
static struct host *hosts; static int nhosts; /* routers; hosts[nhosts] = log server (noise only) */
static u64 *host_ike_cum;

static const char *const k_host_names[] = {"qno-hq", "gw-branch-sh", "vpn-dc1", "qno-branch-gz",
                                           "edge-bj", "fw-wh", "qno-cd", "gw-xa"};

/* ---- truth accumulation: (day, host, peer) -> NCOL counters, open addressing ---------------- */

struct row { u64 key; u64 c[NCOL]; };
struct tmap { struct row *r; u64 cap, n; };
static struct tmap truth, pending; /* pending: key (day, conn) of lines left to the conn rule */

static u64 mix64(u64 k)
{
    k ^= k >> 33; k *= 0xff51afd7ed558ccdULL; k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53ULL;
    return k ^ (k >> 33);
}

static struct row *tget(struct tmap *m, u64 key)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct tmap nm = {xcalloc(m->cap ? m->cap * 2 : 1024, sizeof(struct row)), m->cap ? m->cap * 2 : 1024, 0};
        for (u64 i = 0; i < m->cap; i++) {
            if (!m->r[i].key) continue;
            u64 j = mix64(m->r[i].key) & (nm.cap - 1);
            while (nm.r[j].key) j = (j + 1) & (nm.cap - 1);
            nm.r[j] = m->r[i];
            nm.n++;
        }
        free(m->r);
        *m = nm;
    }
    u64 j = mix64(key) & (m->cap - 1);
    while (m->r[j].key && m->r[j].key != key) j = (j + 1) & (m->cap - 1);
    if (!m->r[j].key) { m->r[j].key = key; m->n++; }
    return &m->r[j];
}

/* key = 1 + (day << 40 | a << 20 | b): never 0 */
static u64 tkey(u64 day, u64 a, u64 b) { return 1 + ((day << 40) | (a << 20) | b); }
#define MAX_PEERS 1048575 /* peer indexes (with [0] = '-') must fit the 20 bits of b */

/* ---- options ---------------------------------------------------------------------------------- */

static u64 o_seed = 1, o_size = 64ULL << 20;
static double o_ike = 0.03, o_crlf = 0.0;
static int o_peers = 300, o_hosts = 4, o_days = 30, o_files = 0, o_rollover = 0;
static int o_scanners = -1, o_sweep = 0;  /* -1: max(400, 6 * o_peers) */
static double o_scan_frac = 0.12;          /* share of scanner episodes; then 0.03 of debug bursts */
static int o_sy = 2024, o_sm = 3, o_sd = 1, o_start_set = 0;
static const char *o_out = "-", *o_truth = NULL;

static u64 parse_size(const char *s)
{
    char *e;
    errno = 0;
    double v = strtod(s, &e);
    if (e == s || errno || v < 0) die("bad size: %s", s);
    switch (*e) {
    case 'k': case 'K': v *= 1024; e++; break;
    case 'm': case 'M': v *= 1024.0 * 1024; e++; break;
    case 'g': case 'G': v *= 1024.0 * 1024 * 1024; e++; break;
    default: break;
    }
    if (*e == 'i') e++;
    if (*e == 'B') e++;
    if (*e) die("bad size: %s", s);
    return (u64)v;
}

static long parse_long(const char *s, long lo, long hi)
{
    char *e;
    errno = 0;
    long v = strtol(s, &e, 10);
    if (e == s || *e || errno || v < lo || v > hi) die("bad number: %s", s);
    return v;
}

static double parse_frac(const char *s)
{
    char *e;
    double v = strtod(s, &e);
    if (e == s || *e || !(v >= 0 && v <= 1)) die("bad fraction: %s", s);
    return v;
}

static void usage(void)
{
    fputs("usage: gen [--seed N] [--size BYTES[K|M|G]] [--ike-frac F] [--peers N] [--scanners N]\n"
          "           [--scan-frac F] [--scan-sweep] [--hosts N] [--start YYYY-MM-DD] [--days N]\n"
          "           [--rollover] [--files N] [--crlf-frac F] [-o DIR|FILE|-] [--truth FILE]\n"
          "  --peers N       tunnel peers (default 300), picked per router with a Zipf 1.1 skew\n"
          "  --scanners N    scanner addresses (default max(400, 6 x --peers))\n"
          "  --scan-frac F   share of IKE episodes that are scanner probes (default 0.12, at most 0.97)\n"
          "  --scan-sweep    distributed scans: each probe from the next scanner in turn (every\n"
          "                  scanner probes once before any probes again), never repeated; the\n"
          "                  default draws 1-3 probes from one scanner with a Zipf 1.0 skew\n"
          "  Distinct peers in the truth: with --scan-sweep, the tunnel peers that show up (all of\n"
          "  them when there are a few) plus every scanner once the corpus has that many probes\n"
          "  (--scan-frac 0.6 --ike-frac 0.03: about 55 000 probes per 1G of --size).\n", stderr);
    exit(2);
}

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        char name[32];
        const char *eq = strchr(a, '=');
        if (a[0] == '-' && a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = 0;
            a = name;
            v = eq + 1;
        }
#define ARG() (v ? v : (i + 1 < argc ? argv[++i] : (usage(), "")))
        if (!strcmp(a, "--seed")) {
            const char *s = ARG();
            char *e;
            errno = 0;
            o_seed = (u64)strtoull(s, &e, 10);
            if (e == s || *e || errno || *s == '-') die("bad seed: %s", s);
        }
        else if (!strcmp(a, "--size")) o_size = parse_size(ARG());
        else if (!strcmp(a, "--ike-frac")) o_ike = parse_frac(ARG());
        else if (!strcmp(a, "--crlf-frac")) o_crlf = parse_frac(ARG());
        else if (!strcmp(a, "--peers")) o_peers = (int)parse_long(ARG(), 1, 100000);
        else if (!strcmp(a, "--scanners")) o_scanners = (int)parse_long(ARG(), 0, MAX_PEERS);
        else if (!strcmp(a, "--scan-frac")) {
            o_scan_frac = parse_frac(ARG());
            if (o_scan_frac > 0.97) die("%s", "--scan-frac must not exceed 0.97");
        } else if (!strcmp(a, "--scan-sweep")) o_sweep = 1;
        else if (!strcmp(a, "--hosts")) o_hosts = (int)parse_long(ARG(), 1, 200);
        else if (!strcmp(a, "--days")) o_days = (int)parse_long(ARG(), 1, 360);
        else if (!strcmp(a, "--files")) o_files = (int)parse_long(ARG(), 1, 10000);
        else if (!strcmp(a, "--rollover")) o_rollover = 1;
        else if (!strcmp(a, "--start")) {
            const char *s = ARG();
            if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &o_sy, &o_sm, &o_sd) != 3 || o_sm < 1 ||
                o_sm > 12 || o_sd < 1 || o_sd > 31)
                die("bad date: %s", s);
            o_start_set = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) o_out = ARG();
        else if (!strcmp(a, "--truth")) o_truth = ARG();
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) usage();
        else die("unknown option: %s", a);
#undef ARG
    }
}

/* ---- output ------------------------------------------------------------------------------------- */

#define OBUF (8u << 20)
#define LINE_MAX_GEN 4096

static struct {
    int fd, crlf;
    char *buf;
    size_t n;
    u64 logical;       /* LF-terminated bytes written so far, CRs not counted */
    u64 lines, ike_lines;
} out;

static void flush_out(void)
{
    size_t off = 0;
    while (off < out.n) {
        const ssize_t k = write(out.fd, out.buf + off, out.n - off);
        if (k < 0) {
            if (errno == EINTR) continue;
            die("write: %s", strerror(errno));
        }
        off += (size_t)k;
    }
    out.n = 0;
}

/* ---- generation state ---------------------------------------------------------------------- */

static long day0;          /* days_from_civil of the first day */
static struct day *days;   /* [0 .. o_days-1] */
static u64 span;           /* seconds */
static u64 now;            /* seconds since day 0 00:00:00 of the line being written */
static u64 stamp_for = ~0ULL;
static char stamp[16];     /* "Mmm dd HH:MM:SS " */

static void set_stamp(void)
{
    if (stamp_for == now) return;
    stamp_for = now;
    const struct day *d = &days[now / 86400];
    const u32 s = (u32)(now % 86400);
    char *w = stamp;
    w = wstr(w, k_mon + 3 * (d->m - 1), 3);
    *w++ = ' ';
    w = wus(w, (u32)d->d, 2);
    *w++ = ' ';
    w = wu0(w, s / 3600, 2); *w++ = ':';
    w = wu0(w, s / 60 % 60, 2); *w++ = ':';
    w = wu0(w, s % 60, 2); *w++ = ' ';
}

/* ---- conn literal tracking and truth at emission ---------------------------------------------- */

static void note_lit(int conn, int peer)
{
    struct conn *c = &conns[conn];
    if (c->lit_state == 0) { c->lit_state = 1; c->lit_peer = peer; }
    else if (c->lit_state == 1 && c->lit_peer != peer) c->lit_state = 2;
}

static void count(const struct qline *q, int host)
{
    if (q->col < 0) return;
    const u64 day = now / 86400;
    struct row *r;
    if (q->akind == A_CONN) r = tget(&pending, tkey(day, 0, (u64)q->aid));
    else r = tget(&truth, tkey(day, (u64)host, q->akind == A_PEER ? (u64)q->aid : 0));
    r->c[q->col] += q->rep;
}

/* ---- episode building -------------------------------------------------------------------------- */

/* Prefix forms of an abstract line. */
enum {
    F_NONE,      /* no prefix: daemon-level line */
    F_PACKET,    /* packet from P:port: */
    F_PEERED,    /* C[I] P[:port] #S:   -- may be written peerless as C #S: */
    F_PEERED_NS, /* C[I] P[:port]:      -- no state */
    F_CONN_SER,  /* C #S:               -- always peerless */
    F_CONN,      /* C:                  -- no peer, no state */
    F_BARESER,   /* #S: */
    F_DEBUG      /* "| ..." Libreswan debug line, body written as is */
};

struct st { u32 serial; int lit; };
struct aline {
    u8 form, prog, peerless;
    u8 textpeer; /* the body names the peer (SPEC §5: "from unknown peer P", "to P:500"...) */
    int8_t col;
    u16 rep;
    int st, peer, link;
    u16 port;
    u32 pid, boff, blen;
};
#define EP_MAX 1024
static struct {
    struct host *h;
    struct aline a[EP_MAX];
    int n;
    struct st st[8];
    int nst;
    char text[EP_MAX * 400];
    u32 tlen;
} ep;

static void ep_begin(struct host *h)
{
    ep.h = h;
    ep.n = ep.nst = 0;
    ep.tlen = 0;
}

/* A new state (fresh serial) of this episode; lit: some line will carry its peer. */
static int st_new(int lit)
{
    struct host *h = ep.h;
    ep.st[ep.nst].serial = h->serial++;
    ep.st[ep.nst].lit = lit;
    return ep.nst++;
}

/* An existing state: its literal status is final and kept. */
static int st_ref(u32 serial, int lit)
{
    ep.st[ep.nst].serial = serial;
    ep.st[ep.nst].lit = lit | 2; /* 2: referenced, do not force a literal line */
    return ep.nst++;
}

static int cur_link = -1, cur_peer = 0;
static double peerless_p = 0.15;

/* Starts an abstract line, returns where its body goes; finish with L_end(). */
static char *L(int form, int st, int col)
{
    if (ep.n >= EP_MAX) die("%s", "episode too long");
    struct aline *a = &ep.a[ep.n];
    memset(a, 0, sizeof *a);
    a->form = (u8)form;
    a->st = st;
    a->col = (int8_t)col;
    a->rep = 1;
    a->peer = cur_peer;
    a->link = cur_link;
    a->pid = ep.h->pid;
    if (form == F_PEERED || form == F_PEERED_NS || form == F_PACKET) {
        const struct peer *p = &peers[cur_peer];
        a->port = p->natted && form != F_PACKET ? p->natport : 0;
    }
    a->boff = ep.tlen;
    return ep.text + ep.tlen;
}

static struct aline *L_end(char *w)
{
    struct aline *a = &ep.a[ep.n++];
    a->blen = (u32)(w - (ep.text + a->boff));
    ep.tlen += a->blen;
    if (ep.tlen > sizeof ep.text - 400) die("%s", "episode text too long");
    return a;
}

/* The line names its peer in its body: the peer of the line and of its state. */
static void text_peer(struct aline *a) { a->textpeer = 1; }

/* Whether state s of this episode has its peer written on some line so far. */
static int st_lit(int s)
{
    if (ep.st[s].lit & 1) return 1;
    for (int i = 0; i < ep.n; i++)
        if (ep.a[i].st == s && ep.a[i].textpeer) return 1;
    return 0;
}

/* A line whose body is a constant string. */
static struct aline *Ls(int form, int st, int col, const char *body, size_t n)
{
    return L_end(wstr(L(form, st, col), body, n));
}
#define LS(form, st, col, lit) Ls((form), (st), (col), (lit), sizeof(lit) - 1)

static char *wpeer(char *w, int peer) { return wstr(w, peers[peer].ip, peers[peer].iplen); }

static char *wconn(char *w, int conn, int dialect)
{
    const struct conn *c = &conns[conn];
    *w++ = dialect == D_QNO ? '(' : '"';
    w = wstr(w, c->name, (size_t)c->namelen);
    *w++ = dialect == D_QNO ? ')' : '"';
    return w;
}

static void q_push(struct host *h, const char *msg, u32 len, const struct qline *tmpl)
{
    if (h->qn == h->qcap) {
        h->qcap = h->qcap ? h->qcap * 2 : 256;
        h->q = realloc(h->q, (size_t)h->qcap * sizeof *h->q);
        if (!h->q) die("%s", "out of memory");
    }
    if (h->qlen + len > h->qbufcap) {
        while (h->qlen + len > h->qbufcap) h->qbufcap = h->qbufcap ? h->qbufcap * 2 : 65536;
        h->qbuf = realloc(h->qbuf, h->qbufcap);
        if (!h->qbuf) die("%s", "out of memory");
    }
    struct qline *q = &h->q[h->qn++];
    *q = *tmpl;
    q->off = h->qlen;
    q->len = len;
    memcpy(h->qbuf + h->qlen, msg, len);
    h->qlen += len;
}

/* Decides which prefixed lines carry the peer, renders the episode into the host queue. */
static void ep_end(void)
{
    struct host *h = ep.h;
    const int dialect = h->dialect;
    /* per-line peerless choice */
    for (int i = 0; i < ep.n; i++) {
        struct aline *a = &ep.a[i];
        if (a->form == F_PEERED) {
            const struct st *s = &ep.st[a->st];
            a->peerless = !(s->lit & 1) || rp(peerless_p);
        }
    }
    /* a new lit state needs one line that writes its peer */
    for (int s = 0; s < ep.nst; s++) {
        if (ep.st[s].lit != 1) continue;
        int cand = -1, nc = 0, have = 0;
        for (int i = 0; i < ep.n; i++) {
            const struct aline *a = &ep.a[i];
            if (a->st != s || a->form != F_PEERED) continue;
            if (!a->peerless) have = 1;
            if (rb((u32)++nc) == 0) cand = i;
        }
        if (!have) {
            if (cand < 0) die("%s", "internal: a lit state without a prefixed line");
            ep.a[cand].peerless = 0;
        }
    }
    /* a state with a line naming its peer in the text is attributed by serial */
    int tl[8] = {0};
    for (int i = 0; i < ep.n; i++)
        if (ep.a[i].textpeer && ep.a[i].st >= 0) tl[ep.a[i].st] = 1;
    /* the link's state flags follow what was decided */
    char msg[LINE_MAX_GEN];
    for (int i = 0; i < ep.n; i++) {
        const struct aline *a = &ep.a[i];
        const struct st *s = a->st >= 0 ? &ep.st[a->st] : NULL;
        if (a->form == F_PACKET && peers[a->peer].v6) {
            /* the endpoint form of an IPv6 peer is left to the hand-written corpus */
            if (a->col >= 0) die("%s", "internal: counted packet-from line for an IPv6 peer");
            continue;
        }
        const int conn = a->link >= 0 ? links[a->link].conn : -1;
        struct qline q = {0};
        q.pid = a->pid;
        q.prog = a->prog;
        q.col = a->col;
        q.rep = a->rep;
        q.litconn = q.litpeer = -1;
        char *w = msg;
        if (a->rep > 1) {
            w = WS(w, "message repeated ");
            w = wu(w, a->rep);
            w = WS(w, " times: [ ");
        }
        switch (a->form) {
        case F_NONE:
            q.akind = A_DASH;
            break;
        case F_PACKET:
            w = WS(w, "packet from ");
            w = wpeer(w, a->peer);
            *w++ = ':';
            w = wu(w, a->port ? a->port : 500);
            w = WS(w, ": ");
            q.akind = A_PEER; q.aid = a->peer;
            break;
        case F_PEERED:
            w = wconn(w, conn, dialect);
            if (!a->peerless) {
                *w++ = '[';
                w = wu(w, links[a->link].inst);
                *w++ = ']';
                *w++ = ' ';
                w = wpeer(w, a->peer);
                if (a->port) { *w++ = ':'; w = wu(w, a->port); }
                q.akind = A_PEER; q.aid = a->peer;
                q.litconn = conn; q.litpeer = a->peer;
            } else if (a->textpeer) {
                q.akind = A_PEER; q.aid = a->peer;
                q.litconn = conn; q.litpeer = a->peer;
            } else if ((s->lit & 1) || tl[a->st]) {
                q.akind = A_PEER; q.aid = a->peer;
            } else {
                q.akind = A_CONN; q.aid = conn;
            }
            w = WS(w, " #");
            w = wu(w, s->serial);
            w = WS(w, ": ");
            break;
        case F_PEERED_NS:
            w = wconn(w, conn, dialect);
            *w++ = '[';
            w = wu(w, links[a->link].inst);
            *w++ = ']';
            *w++ = ' ';
            w = wpeer(w, a->peer);
            if (a->port) { *w++ = ':'; w = wu(w, a->port); }
            w = WS(w, ": ");
            q.akind = A_PEER; q.aid = a->peer;
            q.litconn = conn; q.litpeer = a->peer;
            break;
        case F_CONN_SER:
            w = wconn(w, conn, dialect);
            w = WS(w, " #");
            w = wu(w, s->serial);
            w = WS(w, ": ");
            if ((s->lit & 1) || tl[a->st]) { q.akind = A_PEER; q.aid = a->peer; }
            else { q.akind = A_CONN; q.aid = conn; }
            break;
        case F_CONN:
            w = wconn(w, conn, dialect);
            w = WS(w, ": ");
            q.akind = A_CONN; q.aid = conn;
            break;
        case F_BARESER:
            *w++ = '#';
            w = wu(w, s->serial);
            w = WS(w, ": ");
            if ((s->lit & 1) || tl[a->st]) { q.akind = A_PEER; q.aid = a->peer; }
            else q.akind = A_DASH;
            break;
        case F_DEBUG:
            q.akind = A_NONE;
            q.col = -1;
            break;
        }
        w = wstr(w, ep.text + a->boff, a->blen);
        if (a->rep > 1) *w++ = ']';
        q_push(h, msg, (u32)(w - msg), &q);
    }
}

/* ---- body helpers ---------------------------------------------------------------------------- */

static char *wtag(char *w, int dialect, const char *tag)
{
    if (dialect != D_QNO) return w;
    *w++ = '[';
    w = wz(w, tag);
    return WS(w, "] ");
}

static char *wid(char *w, const struct peer *p, int quoted)
{
    switch (p->idkind) {
    case 0: w = WS(w, "ID_IPV4_ADDR: "); if (quoted) *w++ = '\''; w = wpeer(w, p - peers); break;
    case 1: w = WS(w, "ID_FQDN: "); if (quoted) *w++ = '\''; w = WS(w, "@branch"); w = wu(w, (u64)p->num);
            w = WS(w, ".example.cn"); break;
    default: w = WS(w, "ID_USER_FQDN: "); if (quoted) *w++ = '\''; w = WS(w, "vpn"); w = wu(w, (u64)p->num);
             w = WS(w, "@corp.example.cn"); break;
    }
    if (quoted) *w++ = '\'';
    return w;
}

static char *wwan(char *w, const struct host *h) { return wip4(w, h->wan); }

/* "ESP=>0xOUT <0xIN" (esp: "ESP", "ESP/NAT", "ESP/ESN"), as upstream plutos write it. */
static char *wspi_pair(char *w, const char *esp, const struct link *l)
{
    w = wz(w, esp);
    w = WS(w, "=>0x");
    w = whex(w, l->spi_out, 8);
    w = WS(w, " <0x");
    return whex(w, l->spi_in, 8);
}

static char *wsubnets(char *w, const struct host *h, const struct peer *p, int bogus)
{
    w = WS(w, "192.168.");
    w = wu(w, h->lan);
    w = WS(w, ".0/24===");
    w = wwan(w, h);
    w = WS(w, "...");
    w = wpeer(w, p - peers);
    w = WS(w, "===10.");
    w = wu(w, bogus ? 250 : p->lanoct >> 8);
    *w++ = '.';
    w = wu(w, bogus ? rb(250) : p->lanoct & 255);
    return WS(w, ".0/24");
}

static const char *const k_vids[] = {
    "draft-ietf-ipsec-nat-t-ike-03", "draft-ietf-ipsec-nat-t-ike-02_n", "RFC 3947", "Dead Peer Detection",
    "XAUTH", "Cisco-Unity", "FRAGMENTATION", "draft-ietf-ipsec-nat-t-ike-00", "strongSwan",
    "Openswan (this version) 2.6.38 ", "MS NT5 ISAKMPOAKLEY 00000009"};

/* ---- episodes ------------------------------------------------------------------------------------ */

static void ep_vendor_ids(int n)
{
    const int d = ep.h->dialect;
    for (int i = 0; i < n; i++) {
        char *w = L(F_PACKET, -1, -1);
        w = wtag(w, d, "Tunnel Negotiation Info");
        w = WS(w, "received Vendor ID payload [");
        w = wz(w, k_vids[rb(COUNTOF(k_vids))]);
        *w++ = ']';
        if (d == D_OPENSWAN && rp(0.3)) w = WS(w, " method set to=109");
        L_end(w);
    }
}

/* Phase 1 as responder (new ISAKMP state), optionally stopping early. Returns the state. */
static int ep_phase1(struct link *l, int lit, int upto /* 0 full, 1 stop before auth */)
{
    const struct peer *p = &peers[l->peer];
    const int d = ep.h->dialect;
    char *w;
    ep_vendor_ids((int)rr(1, 3));
    const int s = st_new(lit);
    if (d == D_QNO) {
        w = L(F_PACKET, -1, -1);
        w = WS(w, "[Tunnel Negotiation Info] Responder Received Aggressive Mode 1st packet on ");
        w = wwan(w, ep.h);
        w = WS(w, ":500");
        L_end(w);
        if (upto == 1) return s;
        w = L(F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Peer ID is ");
        w = wid(w, p, 1);
        L_end(w);
        if (p->weak) {
            LS(F_PEERED, s, C_WEAK, "You should NOT use insecure IKE algorithms (OAKLEY_DES_CBC)!");
        }
        LS(F_PEERED, s, -1, "[Tunnel Negotiation Info] Responder Send Aggressive Mode 2nd packet");
        w = L(F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Received Aggressive Mode 3rd packet on ");
        w = wwan(w, ep.h);
        L_end(w);
        if (p->natted) {
            LS(F_PEERED, s, -1, "NAT-Traversal: Result using draft-ietf-ipsec-nat-t-ike-02/03: peer is NATed");
        }
        LS(F_PEERED, s, C_P1_UP, "[Tunnel Established] ISAKMP SA established");
        return s;
    }
    w = L(F_PEERED, s, -1);
    w = WS(w, "responding to Main Mode from unknown peer ");
    w = wpeer(w, l->peer);
    if (d == D_LIBRESWAN) w = WS(w, " on port 500");
    text_peer(L_end(w));
    if (d == D_OPENSWAN) {
        LS(F_PEERED, s, -1, "transition from state STATE_MAIN_R0 to state STATE_MAIN_R1");
    }
    LS(F_PEERED, s, -1, "STATE_MAIN_R1: sent MR1, expecting MI2");
    if (d == D_OPENSWAN || rp(0.5)) {
        w = L(F_PEERED, s, -1);
        w = WS(w, "NAT-Traversal: Result using RFC 3947 (NAT-Traversal): ");
        w = p->natted ? WS(w, "peer is NATed") : WS(w, "no NAT detected");
        L_end(w);
    }
    LS(F_PEERED, s, -1, "STATE_MAIN_R2: sent MR2, expecting MI3");
    if (upto == 1) return s;
    w = L(F_PEERED, s, -1);
    w = d == D_OPENSWAN ? WS(w, "Main mode peer ID is ") : WS(w, "Peer ID is ");
    w = wid(w, p, 1);
    L_end(w);
    if (p->weak && d == D_OPENSWAN) {
        LS(F_PEERED, s, C_WEAK, "You should NOT use insecure IKE algorithms (OAKLEY_DES_CBC)!");
    }
    w = L(F_PEERED, s, C_P1_UP);
    if (d == D_OPENSWAN) {
        w = WS(w, "STATE_MAIN_R3: sent MR3, ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=");
        w = p->weak ? WS(w, "oakley_des_cbc_64") : WS(w, "oakley_3des_cbc_192");
        w = WS(w, " prf=oakley_md5 group=modp1024}");
    } else {
        switch (rb(3)) {
        case 0: w = WS(w, "STATE_MAIN_R3: sent MR3, ISAKMP SA established {auth=PRESHARED_KEY cipher=aes_256 integ=sha group=MODP2048}"); break;
        case 1: w = WS(w, "IKE SA established {auth=PRESHARED_KEY cipher=aes_256 integ=sha group=MODP2048}"); break;
        default: w = WS(w, "IKE SA established {auth=PRESHARED_KEY cipher=AES_CBC_256 integ=HMAC_SHA2_256_128 group=MODP2048}"); break;
        }
    }
    L_end(w);
    if (d == D_OPENSWAN) {
        LS(F_PEERED, s, -1, "Dead Peer Detection (RFC 3706): enabled");
    }
    return s;
}

/* Phase 2 as responder on ISAKMP state s1; returns the IPsec state. */
static int ep_phase2(struct link *l, int s1, int lit)
{
    const struct peer *p = &peers[l->peer];
    const int d = ep.h->dialect;
    char *w;
    const int s = st_new(lit);
    l->spi_in = (u32)rnd();
    l->spi_out = (u32)rnd();
    if (d == D_QNO) {
        w = L(F_PEERED, s1, -1);
        w = WS(w, "[Tunnel Negotiation Info] Responder Received Quick Mode 1st packet on ");
        w = wwan(w, ep.h);
        w = p->natted ? WS(w, ":4500") : WS(w, ":500");
        L_end(w);
        w = L(F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] esp_ealg_id=");
        w = p->weak ? WS(w, "2-2,esp_ealg_keylen=0, key_len=64") : WS(w, "3-3,esp_ealg_keylen=0, key_len=192");
        w = WS(w, ",esp_aalg_id=1-1.\\012");
        L_end(w);
        if (p->weak) {
            LS(F_PEERED, s, C_WEAK, "[Tunnel Negotiation Info] You should NOT use insecure ESP algorithms [ESP_DES (64)]!");
        }
        w = L(F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Inbound SPI value = ");
        w = whex(w, l->spi_in, 8);
        L_end(w);
        w = L(F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Outbound SPI value = ");
        w = whex(w, l->spi_out, 8);
        L_end(w);
        LS(F_PEERED, s, -1, "[Tunnel Negotiation Info] Responder send Quick Mode 2nd packet");
        w = L(F_PEERED, s, -1);
        w = WS(w, "[Tunnel Negotiation Info] Responder Received Quick Mode 3rd packet on ");
        w = wwan(w, ep.h);
        w = p->natted ? WS(w, ":4500") : WS(w, ":500");
        L_end(w);
        LS(F_PEERED, s, -1, "[Tunnel Negotiation Info] Dead Peer Detection (RFC 3706) enabled");
        w = L(F_PEERED, s, C_P2_UP);
        w = WS(w, "[Tunnel Established] IPsec SA established {");
        w = WS(w, "ESP=>0x");
        w = whex(w, l->spi_out, 8);
        w = rp(0.5) ? WS(w, " < 0x") : WS(w, " <0x");
        w = whex(w, l->spi_in, 8);
        w = WS(w, " NATOA=0.0.0.0");
        switch (rb(3)) {
        case 0: break;
        case 1: *w++ = '}'; break;
        default: w = WS(w, " DPD}"); break;
        }
        L_end(w);
        return s;
    }
    if (rp(0.3)) {
        /* we initiate the Quick Mode (rekey from our side) */
        w = L(F_PEERED, s, -1);
        w = WS(w, "initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP {using isakmp#");
        w = wu(w, ep.st[s1].serial);
        w = WS(w, " msgid:");
        w = whex(w, rnd(), 8);
        w = WS(w, " proposal=AES(12)_128-SHA1(2)_160 pfsgroup=OAKLEY_GROUP_MODP1024}");
        L_end(w);
        if (d == D_OPENSWAN) {
            LS(F_PEERED, s, -1, "transition from state STATE_QUICK_I1 to state STATE_QUICK_I2");
        }
        w = L(F_PEERED, s, C_P2_UP);
        w = WS(w, "STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode {");
        w = wspi_pair(w, "ESP", l);
        w = WS(w, " xfrm=AES_128-HMAC_SHA1 NATOA=none NATD=none DPD=enabled}");
        L_end(w);
        return s;
    }
    w = L(F_PEERED, s, -1);
    w = WS(w, "the peer proposed: 10.");
    w = wu(w, p->lanoct >> 8); *w++ = '.'; w = wu(w, p->lanoct & 255);
    w = WS(w, ".0/24:0/0 -> 192.168.");
    w = wu(w, ep.h->lan);
    w = WS(w, ".0/24:0/0");
    L_end(w);
    w = L(F_PEERED, s, -1);
    w = WS(w, "responding to Quick Mode proposal {msgid:");
    w = whex(w, rnd(), 8);
    *w++ = '}';
    L_end(w);
    w = L(F_PEERED, s, -1);
    w = WS(w, "    us: 192.168.");
    w = wu(w, ep.h->lan);
    w = WS(w, ".0/24===");
    w = wwan(w, ep.h);
    L_end(w);
    w = L(F_PEERED, s, -1);
    w = WS(w, "  them: ");
    w = wpeer(w, l->peer);
    w = WS(w, "===10.");
    w = wu(w, p->lanoct >> 8); *w++ = '.'; w = wu(w, p->lanoct & 255);
    w = WS(w, ".0/24");
    L_end(w);
    if (p->weak && d == D_OPENSWAN) {
        LS(F_PEERED, s, C_WEAK, "You should NOT use insecure ESP algorithms [ESP_DES (64)]!");
    }
    if (d == D_OPENSWAN) {
        LS(F_PEERED, s, -1, "transition from state STATE_QUICK_R0 to state STATE_QUICK_R1");
    }
    LS(F_PEERED, s, -1, "STATE_QUICK_R1: sent QR1, inbound IPsec SA installed, expecting QI2");
    w = L(F_PEERED, s, C_P2_UP);
    w = WS(w, "STATE_QUICK_R2: IPsec SA established tunnel mode {");
    w = wspi_pair(w, p->natted ? "ESP/NAT" : "ESP", l);
    w = d == D_OPENSWAN ? WS(w, " xfrm=AES_128-HMAC_SHA1 NATOA=none NATD=none DPD=enabled}")
                        : WS(w, " xfrm=AES_CBC_256-HMAC_SHA1_96 NATOA=none NATD=none DPD=passive}");
    L_end(w);
    return s;
}

/* Marks a link established with states s1/s2 of the current episode. */
static void set_up(struct link *l, int s1, int s2)
{
    l->up = 1;
    l->stale = 0;
    l->run = ep.h->run;
    l->isakmp = ep.st[s1].serial;
    l->isakmp_lit = st_lit(s1);
    l->ipsec = ep.st[s2].serial;
    l->ipsec_lit = st_lit(s2);
}

/* Libreswan IKEv2: IKE_SA_INIT + IKE_AUTH establish the IKE SA and the first Child SA. */
static void ep_ikev2(struct link *l, double litp)
{
    const struct peer *p = &peers[l->peer];
    const int s1 = st_new(rp(litp)), s2 = st_new(rp(litp));
    const int resp = rp(0.7);
    l->spi_in = (u32)rnd();
    l->spi_out = (u32)rnd();
    char *w = L(F_PEERED, s1, -1);
    w = resp ? WS(w, "processing decrypted IKE_AUTH request: SK{IDi,AUTH,SA,TSi,TSr,N(INITIAL_CONTACT)}")
             : WS(w, "sent IKE_SA_INIT request to ");
    if (!resp) { w = wpeer(w, l->peer); w = WS(w, ":500"); }
    struct aline *a1 = L_end(w);
    if (!resp && !p->v6) text_peer(a1);
    w = L(F_PEERED, s1, C_P1_UP);
    w = resp ? WS(w, "responder established IKE SA; authenticated peer using authby=secret and ")
             : WS(w, "initiator established IKE SA; authenticated peer using authby=secret and ");
    w = wid(w, p, 1);
    L_end(w);
    w = L(F_PEERED, s2, C_P2_UP);
    w = resp ? WS(w, "responder established Child SA using #") : WS(w, "initiator established Child SA using #");
    w = wu(w, ep.st[s1].serial);
    w = WS(w, "; IPsec tunnel [10.");
    w = wu(w, p->lanoct >> 8); *w++ = '.'; w = wu(w, p->lanoct & 255);
    w = WS(w, ".0/24===192.168.");
    w = wu(w, ep.h->lan);
    w = WS(w, ".0/24] {");
    w = wspi_pair(w, "ESP/ESN", l);
    w = WS(w, " xfrm=AES_GCM_16_256-NONE DPD=passive}");
    L_end(w);
    set_up(l, s1, s2);
}

static void ep_handshake(struct link *l, double litp)
{
    l->inst = ++ep.h->inst;
    if (ep.h->dialect == D_LIBRESWAN && !l->xauth && rp(0.3)) {
        ep_ikev2(l, litp);
        return;
    }
    const int s1 = ep_phase1(l, rp(litp), 0);
    if (peers[l->peer].idkind != 0 && l->xauth) {
        char *w = L(F_PEERED, s1, -1);
        w = WS(w, "XAUTH: Sending Username/Password request (XAUTH_R0)");
        L_end(w);
        w = L(F_PEERED, s1, C_XAUTH_FAIL);
        w = WS(w, "XAUTH: User user");
        w = wu(w, (u64)peers[l->peer].num);
        w = WS(w, ": Authentication Failed: Incorrect Username or Password");
        struct aline *a = L_end(w);
        if (rp(0.5)) {
            w = L(F_PEERED, s1, -1);
            w = WS(w, "XAUTH: User user");
            w = wu(w, (u64)peers[l->peer].num);
            w = WS(w, ": Attempting to login");
            L_end(w);
        } else if (rp(0.3)) a->rep = (u16)rr(2, 4);
        w = L(F_PEERED, s1, -1);
        w = WS(w, "XAUTH: User user");
        w = wu(w, (u64)peers[l->peer].num);
        w = WS(w, ": Authentication Successful");
        L_end(w);
    }
    const int s2 = ep_phase2(l, s1, rp(litp));
    set_up(l, s1, s2);
}

static char *wdel_state(char *w, int d, const char *name)
{
    w = WS(w, "deleting state (");
    w = wz(w, name);
    *w++ = ')';
    if (d == D_LIBRESWAN) w = WS(w, " and sending notification");
    return w;
}

/* "deleting state (NAME)" for state st; the ISAKMP state's name depends on the dialect. */
static void del_line(int st, const char *name)
{
    const int d = ep.h->dialect;
    if (!name) name = d == D_QNO ? "STATE_AGGR_R2" : "STATE_MAIN_R3";
    L_end(wdel_state(L(F_PEERED, st, -1), d, name));
}

/* "sending [encrypted ]notification TYPE to PEER:500" for state st. */
static void notify_line(int st, const char *what)
{
    char *w = L(F_PEERED, st, -1);
    w = WS(w, "sending ");
    w = wz(w, what);
    w = WS(w, " to ");
    w = wpeer(w, cur_peer);
    struct aline *a = L_end(WS(w, ":500"));
    if (!peers[cur_peer].v6) text_peer(a);
}

static void ep_disconnect_line(struct link *l, int zero)
{
    const int d = ep.h->dialect;
    char *w;
    if (d == D_QNO) {
        w = L(zero ? F_PEERED_NS : F_PEERED, zero ? -1 : st_new(1), C_DISCONNECT);
        w = WS(w, "[Tunnel Disconnected] instance with peer ");
    } else {
        w = L(F_PEERED_NS, -1, C_DISCONNECT);
        if (d == D_OPENSWAN) {
            w = WS(w, "deleting connection \"");
            w = wstr(w, conns[l->conn].name, (size_t)conns[l->conn].namelen);
            w = WS(w, "\" instance with peer ");
        } else if (rp(0.5)) {
            w = WS(w, "deleting connection \"");
            w = wstr(w, conns[l->conn].name, (size_t)conns[l->conn].namelen);
            w = WS(w, "\"[");
            w = wu(w, l->inst);
            w = WS(w, "] ");
            w = wpeer(w, l->peer);
            w = WS(w, " instance with peer ");
        } else {
            w = WS(w, "deleting connection instance with peer ");
        }
    }
    w = wpeer(w, l->peer);
    w = WS(w, " {isakmp=#");
    w = wu(w, zero ? 0 : l->isakmp);
    w = WS(w, "/ipsec=#");
    w = wu(w, zero ? 0 : l->ipsec);
    *w++ = '}';
    L_end(w);
}

static void ep_dpd_dead(struct link *l)
{
    const int d = ep.h->dialect;
    const int s1 = st_ref(l->isakmp, l->isakmp_lit), s2 = st_ref(l->ipsec, l->ipsec_lit);
    char *w;
    if (d == D_LIBRESWAN) {
        w = L(F_PEERED, s1, C_DPD_DEAD);
        u32 v = rb(3);
        /* "liveness_check - peer P" names the peer: only for a state
         * whose earlier lines were attributed to it already. */
        if (v == 2 && !l->isakmp_lit) v = 0;
        if (v == 0) w = WS(w, "DPD action - restarting all connections that share this peer");
        else if (v == 1) w = WS(w, "IKEv2 liveness: action - restarting all connections that share this peer");
        else {
            w = WS(w, "liveness_check - peer ");
            w = wpeer(w, l->peer);
            w = WS(w, " has not responded in 32 seconds, with a timeout of 30, taking action restart");
        }
        L_end(w);
        w = L(F_PEERED, s2, -1);
        w = WS(w, "ESP traffic information: in=");
        w = wu(w, rr(1, 900));
        w = WS(w, "KB out=");
        w = wu(w, rr(1, 900));
        w = WS(w, "KB");
        L_end(w);
    } else {
        w = L(F_PEERED, s1, C_DPD_DEAD);
        w = wtag(w, d, "Tunnel Negotiation Fail");
        w = d == D_OPENSWAN && rp(0.3) ? WS(w, "DPD: Info: No response from peer - declaring peer dead")
                                       : WS(w, "DPD: No response from peer - declaring peer dead");
        L_end(w);
        w = L(F_PEERED, s1, -1);
        w = wtag(w, d, "Tunnel Negotiation Info");
        w = WS(w, "DPD: Terminating all SAs using this connection");
        L_end(w);
        if (d == D_OPENSWAN) {
            w = L(F_PEERED, s1, -1);
            w = rp(0.5) ? WS(w, "DPD: Clearing Connection") : WS(w, "DPD: Restarting Connection");
            L_end(w);
        }
    }
    del_line(s2, "STATE_QUICK_R2");
    del_line(s1, NULL);
    ep_disconnect_line(l, 1);
    l->up = 0;
}

static void ep_peer_disconnect(struct link *l)
{
    const int d = ep.h->dialect;
    const int s1 = st_ref(l->isakmp, l->isakmp_lit), s2 = st_ref(l->ipsec, l->ipsec_lit);
    char *w = L(F_PEERED, s1, -1);
    w = wtag(w, d, "Tunnel Negotiation Info");
    w = WS(w, "received Delete SA(0x");
    w = whex(w, l->spi_out, 8);
    w = WS(w, ") payload: deleting IPSEC State #");
    w = wu(w, ep.st[s2].serial);
    L_end(w);
    del_line(s2, "STATE_QUICK_R2");
    w = L(F_PEERED, s1, -1);
    w = WS(w, "received Delete SA payload: deleting ISAKMP State #");
    w = wu(w, ep.st[s1].serial);
    L_end(w);
    if (d == D_QNO) ep_disconnect_line(l, 0);
    del_line(s1, NULL);
    if (d != D_QNO) ep_disconnect_line(l, 1);
    if (rp(0.4)) {
        LS(F_PACKET, -1, -1, "received and ignored informational message");
    }
    l->up = 0;
}

static void ep_rekey_p2(struct link *l)
{
    const int d = ep.h->dialect;
    const int s1 = st_ref(l->isakmp, l->isakmp_lit), sold = st_ref(l->ipsec, l->ipsec_lit);
    const int s2 = ep_phase2(l, s1, rp(0.9));
    char *w;
    if (d != D_QNO && rp(0.5)) {
        w = L(F_PEERED, s1, -1);
        w = WS(w, "received Delete SA(0x");
        w = whex(w, (u32)rnd(), 8);
        w = WS(w, ") payload: deleting IPSEC State #");
        w = wu(w, ep.st[sold].serial);
        L_end(w);
    }
    del_line(sold, "STATE_QUICK_R2");
    l->ipsec = ep.st[s2].serial;
    l->ipsec_lit = st_lit(s2);
}

static void ep_rekey_p1(struct link *l)
{
    const int sold = st_ref(l->isakmp, l->isakmp_lit);
    LS(F_PEERED, sold, -1, "replacing stale ISAKMP SA");
    const int s1 = ep_phase1(l, rp(0.85), 0);
    del_line(sold, NULL);
    l->isakmp = ep.st[s1].serial;
    l->isakmp_lit = st_lit(s1);
}

static void ep_del_not_found(struct link *l)
{
    const int d = ep.h->dialect;
    const int s1 = st_ref(l->isakmp, l->isakmp_lit);
    char *w = L(rp(0.7) ? F_CONN_SER : F_PEERED, s1, C_DEL_NOT_FOUND);
    w = wtag(w, d, "Tunnel Authorize Fail");
    w = WS(w, "ignoring Delete SA payload: PROTO_IPSEC_ESP SA(0x");
    w = whex(w, (u32)rnd(), 8);
    w = WS(w, ") not found (maybe expired)");
    struct aline *a = L_end(w);
    if (rp(0.15)) a->rep = (u16)rr(2, 5);
    if (d != D_QNO && rp(0.5)) {
        LS(F_PEERED, s1, -1, "received and ignored informational message");
    }
}

static void ep_unknown_sa(struct link *l)
{
    const int d = ep.h->dialect;
    char *w;
    if (peers[l->peer].v6) return; /* v6 peers never get packet-from lines */
    const int n = (int)rr(1, 3);
    for (int i = 0; i < n; i++) {
        w = L(F_PACKET, -1, C_UNKNOWN_SA);
        switch (d == D_QNO ? 0 : rb(4)) {
        case 0:
            w = wtag(w, d, "Tunnel Authorize Fail");
            w = WS(w, "Informational Exchange is for an unknown (expired?) SA");
            if (d != D_QNO) { w = WS(w, " with MSGID:0x"); w = whex(w, rnd(), 8); }
            break;
        case 1: w = WS(w, "phase 1 message is part of an unknown exchange"); break;
        case 2: w = WS(w, "Quick Mode message is for a non-existent (expired?) ISAKMP SA"); break;
        default: w = WS(w, "Main Mode message is part of an unknown exchange"); break;
        }
        struct aline *a = L_end(w);
        if (rp(0.25)) a->rep = (u16)rr(2, 9);
    }
    l->stale = 0;
}

static void ep_retransmit_timeout(struct link *l)
{
    const int d = ep.h->dialect;
    const int s = st_new(d == D_QNO ? rp(0.6) : rp(0.2));
    l->inst = ++ep.h->inst;
    char *w = L(F_PEERED, s, -1);
    if (d == D_QNO) {
        w = WS(w, "[Tunnel Negotiation Info] Initiator Send Main Mode 1st packet on ");
        w = wwan(w, ep.h);
        w = WS(w, ":500");
    } else if (d == D_LIBRESWAN) {
        w = WS(w, "initiating IKEv1 Main Mode connection");
    } else {
        w = WS(w, "initiating Main Mode");
    }
    L_end(w);
    if (d == D_LIBRESWAN) {
        const int k = (int)rr(1, 3);
        for (int i = 0; i < k; i++) {
            w = L(F_PEERED, s, -1);
            w = WS(w, "STATE_MAIN_I1: retransmission; will wait ");
            w = wu(w, 1u << i);
            w = WS(w, " seconds for response");
            L_end(w);
        }
        LS(F_PEERED, s, C_RETR_TIMEOUT, "STATE_MAIN_I1: 60 second timeout exceeded after 7 retransmits.  No response (or no acceptable response) to our first IKEv1 message");
    } else {
        w = L(F_PEERED, s, C_RETR_TIMEOUT);
        w = wtag(w, d, "Tunnel Negotiation Fail");
        w = WS(w, "max number of retransmissions (2) reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message");
        L_end(w);
    }
    w = L(F_PEERED, s, -1);
    w = WS(w, "starting keying attempt ");
    w = wu(w, rr(2, 40));
    w = WS(w, " of an unlimited number");
    if (d == D_LIBRESWAN) w = WS(w, ", but releasing whack");
    L_end(w);
}

static void ep_auth_fail(struct link *l)
{
    const int d = ep.h->dialect;
    l->inst = ++ep.h->inst;
    const int s = ep_phase1(l, rp(0.9), 1);
    char *w;
    const int k = (int)rr(1, 3);
    for (int i = 0; i < k; i++) {
        w = L(F_PEERED, s, C_AUTH_FAIL);
        w = wtag(w, d, "Tunnel Authorize Fail");
        const int hash = rp(0.4);
        w = hash ? WS(w, "received Hash Payload does not match computed value")
                 : WS(w, "probable authentication failure (mismatch of preshared secrets?): malformed payload in packet");
        struct aline *a = L_end(w);
        if (rp(0.2)) a->rep = (u16)rr(2, 4);
        notify_line(s, hash ? "encrypted notification INVALID_HASH_INFORMATION"
                            : "encrypted notification PAYLOAD_MALFORMED");
    }
    if (rp(0.3)) {
        w = L(F_PEERED, s, C_RETR_TIMEOUT);
        w = d == D_LIBRESWAN ? WS(w, "STATE_MAIN_R2: 60 second timeout exceeded after 8 retransmits.  Possible authentication failure: no acceptable response to our first encrypted message")
                             : WS(w, "max number of retransmissions (2) reached STATE_MAIN_R2");
        L_end(w);
    }
}

static void ep_id_mismatch(struct link *l)
{
    const int d = ep.h->dialect;
    const struct peer *p = &peers[l->peer];
    l->inst = ++ep.h->inst;
    const int s = ep_phase1(l, rp(0.9), 1);
    char *w = L(F_PEERED, s, -1);
    w = d == D_OPENSWAN ? WS(w, "Main mode peer ID is ") : wtag(w, d, "Tunnel Negotiation Info");
    if (d != D_OPENSWAN) w = WS(w, "Peer ID is ");
    w = WS(w, "ID_FQDN: '@branch");
    w = wu(w, (u64)p->num + 1000);
    w = WS(w, ".example.cn'");
    L_end(w);
    w = L(F_PEERED, s, C_ID_MISMATCH);
    w = wtag(w, d, "Tunnel Authorize Fail");
    switch (d == D_LIBRESWAN ? rb(2) + 1 : d == D_OPENSWAN ? rb(2) * 3 : 0) {
    case 0: case 3:
        if (d == D_OPENSWAN && rp(0.5)) {
            w = WS(w, "no suitable connection for peer '@branch");
            w = wu(w, (u64)p->num + 1000);
            w = WS(w, ".example.cn'");
            break;
        }
        w = WS(w, "we require peer to have ID '");
        goto ids;
    case 1:
        w = WS(w, "we require IKEv1 peer to have ID '");
    ids:
        w = WS(w, "@branch");
        w = wu(w, (u64)p->num);
        w = WS(w, ".example.cn', but peer declares '@branch");
        w = wu(w, (u64)p->num + 1000);
        w = WS(w, ".example.cn'");
        break;
    default:
        w = WS(w, "Peer mismatch on first found connection and no better connection found");
        break;
    }
    L_end(w);
    notify_line(s, "encrypted notification INVALID_ID_INFORMATION");
}

static void ep_no_proposal(struct link *l)
{
    const int d = ep.h->dialect;
    char *w;
    l->inst = ++ep.h->inst;
    if (rp(0.5)) {
        ep_vendor_ids(1);
        const int s = st_new(rp(0.9));
        w = L(F_PEERED, s, -1);
        if (d == D_QNO) {
            w = WS(w, "[Tunnel Negotiation Info] Responder Received Main Mode 1st packet on ");
            w = wwan(w, ep.h);
            w = WS(w, ":500");
        } else {
            w = WS(w, "responding to Main Mode from unknown peer ");
            w = wpeer(w, l->peer);
        }
        struct aline *a = L_end(w);
        if (d != D_QNO) text_peer(a);
        w = L(F_PEERED, s, C_NO_PROPOSAL);
        w = wtag(w, d, "Tunnel Negotiation Fail");
        w = WS(w, "no acceptable Oakley Transform");
        L_end(w);
        notify_line(s, "notification NO_PROPOSAL_CHOSEN");
        if (rp(0.5)) {
            del_line(s, "STATE_MAIN_R0");
        }
        return;
    }
    const int s1 = ep_phase1(l, rp(0.9), 0);
    w = L(F_PEERED, s1, C_NO_PROPOSAL);
    w = wtag(w, d, "Tunnel Negotiation Fail");
    w = WS(w, "no acceptable Proposal in IPsec SA");
    L_end(w);
    notify_line(s1, "encrypted notification NO_PROPOSAL_CHOSEN");
    LS(F_PEERED, s1, -1, "ignoring informational payload, type NO_PROPOSAL_CHOSEN msgid=00000000");
}

static void ep_p2_no_conn(struct link *l)
{
    const int d = ep.h->dialect;
    l->inst = ++ep.h->inst;
    const int s1 = ep_phase1(l, rp(0.9), 0);
    char *w = L(F_PEERED, s1, C_P2_NO_CONN);
    w = wtag(w, d, "Tunnel Negotiation Fail");
    w = WS(w, "cannot respond to IPsec SA request because no connection is known for ");
    w = wsubnets(w, ep.h, &peers[l->peer], 1);
    L_end(w);
    notify_line(s1, "encrypted notification INVALID_ID_INFORMATION");
}

static void ep_net_error(struct link *l)
{
    const int form = l->up && l->run == ep.h->run ? (rp(0.5) ? F_PEERED : F_CONN_SER) : F_NONE;
    const int s = form == F_NONE ? -1 : st_ref(l->isakmp, l->isakmp_lit);
    char *w = L(form, s, C_NET_ERROR);
    w = WS(w, "ERROR: asynchronous network error report on eth1 (sport=500) for message to ");
    w = wpeer(w, l->peer);
    w = WS(w, " port 500, complainant ");
    w = wpeer(w, l->peer);
    w = rp(0.5) ? WS(w, ": No route to host [errno 113, origin ICMP type 3 code 1 (not authenticated)]")
                : WS(w, ": Connection refused [errno 111, origin ICMP type 3 code 3 (not authenticated)]");
    L_end(w);
}

static void ep_dpd_noise(struct link *l)
{
    const int d = ep.h->dialect;
    const int s1 = st_ref(l->isakmp, l->isakmp_lit);
    char *w = L(rp(0.5) ? F_PEERED : F_CONN_SER, s1, -1);
    switch (rb(3)) {
    case 0: w = WS(w, "DPD: received old or duplicate R_U_THERE"); break;
    case 1: w = WS(w, "ignoring informational payload, type IPSEC_INITIAL_CONTACT msgid=00000000"); break;
    default:
        w = wtag(w, d, "Tunnel Negotiation Info");
        w = WS(w, "retransmitting in response to duplicate packet; already STATE_MAIN_R3");
        break;
    }
    L_end(w);
    if (rp(0.3)) {
        LS(F_BARESER, s1, -1, "discarding duplicate packet; already STATE_MAIN_R3");
    }
}

static int scan_next; /* --scan-sweep: the next scanner of the round */

/* --scan-sweep: the scanners in turn, every one once before any again. */
static int next_swept(void)
{
    const int p = 1 + ntunnel + scan_next;
    scan_next = scan_next + 1 == nscan ? 0 : scan_next + 1;
    return p;
}

static void ep_scanner(void)
{
    const int d = ep.h->dialect;
    const int saved = cur_peer;
    cur_peer = o_sweep ? next_swept() : 1 + ntunnel + rpick(scan_cum, nscan);
    const int n = (int)rr(1, 3);
    char *w;
    if (rp(0.5)) ep_vendor_ids(1);
    for (int i = 0; i < n; i++) {
        if (o_sweep && i > 0) cur_peer = next_swept(); /* a distributed scan: one probe per address */
        w = L(F_PACKET, -1, C_PSK_MISS);
        const u32 v = d == D_QNO ? (rp(0.85) ? 0 : 1 + rb(3)) : d == D_LIBRESWAN ? 1 + rb(4) : 1 + rb(3);
        switch (v) {
        case 0: w = WS(w, "[Tunnel Authorize Fail] no connection has been authorized with policy=PSK"); break;
        case 1:
            w = WS(w, "initial Main Mode message received on ");
            w = wwan(w, ep.h);
            w = WS(w, ":500 but no connection has been authorized with policy");
            w = d == D_LIBRESWAN ? WS(w, " PSK") : WS(w, "=PSK");
            break;
        case 2:
            w = WS(w, "initial Aggressive Mode message from ");
            w = wpeer(w, cur_peer);
            w = WS(w, " but no (wildcard) connection has been configured with policy=PSK");
            break;
        case 3:
            w = WS(w, "initial Main Mode message received on ");
            w = wwan(w, ep.h);
            w = WS(w, ":500 but no connection has been authorized with policy=PSK+XAUTH");
            break;
        default:
            w = WS(w, "initial parent SA message received on ");
            w = wwan(w, ep.h);
            w = WS(w, ":500 but no suitable connection found with IKEv2 policy");
            break;
        }
        struct aline *a = L_end(w);
        if (!o_sweep && rp(0.3)) a->rep = (u16)rr(2, 30);
    }
    cur_peer = saved;
}

static void ep_debug_burst(void)
{
    const int n = (int)rr(2, 12);
    for (int i = 0; i < n; i++) {
        char *w = L(F_DEBUG, -1, -1);
        switch (rb(7)) {
        case 0:
            w = WS(w, "| processing: start state #");
            w = wu(w, ep.h->serial > 1 ? rb(ep.h->serial) + 1 : 1);
            w = WS(w, " connection \"");
            w = wz(w, conns[ep.h->conns[rb((u32)ep.h->nconns)]].name);
            w = WS(w, "\" (in process_md() at demux.c:392)");
            break;
        case 1: w = WS(w, "| DPD: No response from peer - declaring peer dead"); break;
        case 2:
            w = WS(w, "| \"");
            w = wz(w, conns[ep.h->conns[rb((u32)ep.h->nconns)]].name);
            w = WS(w, "\"[1] ");
            w = wip4(w, rpublic());
            w = WS(w, " #");
            w = wu(w, ep.h->serial > 1 ? rb(ep.h->serial) + 1 : 1);
            w = WS(w, ": ISAKMP SA established");
            break;
        case 3:
            w = WS(w, "|    ");
            for (int k = 0; k < 16; k++) { w = whex(w, rnd(), 2); *w++ = ' '; if (k % 4 == 3) *w++ = ' '; }
            w--;
            break;
        case 4: w = WS(w, "| packet from 203.0.113.77:500: no connection has been authorized with policy=PSK"); break;
        case 5:
            w = WS(w, "| suspend processing: connection \"");
            w = wz(w, conns[ep.h->conns[rb((u32)ep.h->nconns)]].name);
            w = WS(w, "\" #");
            w = wu(w, ep.h->serial);
            w = WS(w, " (in process_md() at demux.c:394)");
            break;
        default:
            w = WS(w, "| event_schedule: new EVENT_v1_RETRANSMIT-pe@0x55d5c8a0 timeout in ");
            w = wu(w, rr(1, 60));
            w = WS(w, " seconds for #");
            w = wu(w, ep.h->serial);
            break;
        }
        L_end(w);
    }
}

static void new_pid(struct host *h)
{
    for (;;) {
        u32 pid = (h->pid + rr(40, 4000)) % 32768;
        if (pid < 300) pid += 300;
        int used = 0;
        for (int i = 0; i < h->npids; i++) used |= h->pids[i] == pid;
        if (used) continue;
        h->pids = realloc(h->pids, (size_t)(h->npids + 1) * sizeof *h->pids);
        if (!h->pids) die("%s", "out of memory");
        h->pids[h->npids++] = pid;
        h->pid = pid;
        return;
    }
}

static void ep_restart(struct host *h)
{
    char *w;
    LS(F_NONE, -1, -1, "shutting down");
    int ndisc = 0;
    for (int i = 0; i < h->nlinks; i++) {
        struct link *l = &links[h->links[i]];
        if (!l->up || l->run != h->run) continue;
        cur_link = h->links[i];
        cur_peer = l->peer;
        if (ndisc++ < EP_MAX / 2) ep_disconnect_line(l, 1); /* huge --peers: the rest go silently */
        l->up = 0;
        l->stale = 1;
    }
    cur_link = -1;
    cur_peer = 0;
    LS(F_NONE, -1, -1, "forgetting secrets");
    w = L(F_NONE, -1, -1); w = WS(w, "shutting down interface eth1/eth1 "); w = wwan(w, h); w = WS(w, ":500"); L_end(w);
    w = L(F_NONE, -1, -1); w = WS(w, "pluto killed by SIGTERM, terminating without restart");
    ep.a[ep.n].prog = 1;
    L_end(w);
    /* firmware upgrade now and then */
    if (rp(0.2)) h->dialect = (int)rb(3);
    new_pid(h);
    h->run++;
    h->serial = 1;
    w = L(F_NONE, -1, -1); w = WS(w, "Starting Pluto subsystem..."); ep.a[ep.n].prog = 1; L_end(w);
    w = L(F_NONE, -1, -1);
    switch (h->dialect) {
    case D_QNO: w = WS(w, "Starting Pluto (strongSwan Version 2.8.11 THREADS SMARTCARD VENDORID)"); break;
    case D_OPENSWAN: w = WS(w, "Starting Pluto (Openswan Version 2.6.38; Vendor ID OEu\\134XeZ\\134z\\134cam) pid:"); w = wu(w, h->pid); break;
    default: w = WS(w, "Starting Pluto (Libreswan Version 3.32 XFRM(netkey) KLIPS FORK PTHREAD_SETSCHEDPRIO NSS (IPsec profile) DNSSEC FIPS_CHECK LABELED_IPSEC SECCOMP LIBCAP_NG XAUTH_PAM NETWORKMANAGER CURL(non-NSS) LDAP(non-NSS)) pid:"); w = wu(w, h->pid); break;
    }
    L_end(w);
    if (h->dialect != D_QNO) {
        LS(F_NONE, -1, -1, "NSS initialized");
    }
    if (h->dialect == D_OPENSWAN) {
        LS(F_NONE, -1, -1, "   NAT-Traversal support  [enabled]");
    }
    LS(F_NONE, -1, -1, "listening for IKE messages");
    w = L(F_NONE, -1, -1); w = WS(w, "adding interface eth1/eth1 "); w = wwan(w, h); w = WS(w, ":500"); L_end(w);
    w = L(F_NONE, -1, -1); w = WS(w, "adding interface eth1/eth1 "); w = wwan(w, h); w = WS(w, ":4500"); L_end(w);
    LS(F_NONE, -1, -1, "loading secrets from \"/etc/ipsec.secrets\"");
    for (int i = 0; i < h->nconns && i < 24; i++) {
        const struct conn *c = &conns[h->conns[i]];
        if (h->dialect == D_LIBRESWAN) {
            cur_link = -1;
            w = L(F_NONE, -1, -1);
            *w++ = '"'; w = wstr(w, c->name, (size_t)c->namelen); w = WS(w, "\": added IKEv1 connection");
        } else {
            w = L(F_NONE, -1, -1);
            w = WS(w, "added connection description \""); w = wstr(w, c->name, (size_t)c->namelen); *w++ = '"';
        }
        L_end(w);
    }
}

/* Builds the next episode of host h into its queue. */
static void next_episode(struct host *h)
{
    h->qn = h->qi = 0;
    h->qlen = 0;
    ep_begin(h);
    cur_link = -1;
    cur_peer = 0;
    if (now >= h->next_restart) {
        ep_restart(h);
        h->next_restart = now + (u64)(span / 3 < 5 * 86400 ? span / 3 : 5 * 86400) / 2 +
                          rnd() % (span / 3 < 5 * 86400 ? span / 3 + 1 : 5 * 86400);
        ep_end();
        return;
    }
    const double r = (double)(rnd() >> 11) * 0x1p-53;
    if (r < o_scan_frac) {
        ep_scanner();
    } else if (r < o_scan_frac + 0.03 && h->dialect == D_LIBRESWAN) { /* 0.12 + 0.03 == 0.15 exactly */
        ep_debug_burst();
    } else {
        const int li = h->links[rpick(h->cum, h->nlinks)];
        struct link *l = &links[li];
        cur_link = li;
        cur_peer = l->peer;
        if (l->run != h->run) { l->up = 0; }
        const double x = (double)(rnd() >> 11) * 0x1p-53;
        if (l->stale && x < 0.5 && !peers[l->peer].v6) {
            ep_unknown_sa(l);
        } else if (!l->up) {
            if (x < 0.55) ep_handshake(l, 0.95);
            else if (x < 0.65) ep_retransmit_timeout(l);
            else if (x < 0.72) ep_auth_fail(l);
            else if (x < 0.77) ep_id_mismatch(l);
            else if (x < 0.82) ep_no_proposal(l);
            else if (x < 0.86) ep_p2_no_conn(l);
            else if (x < 0.90) ep_net_error(l);
            else if (x < 0.95 && !peers[l->peer].v6) ep_unknown_sa(l);
            else ep_handshake(l, 0.6);
        } else {
            if (x < 0.28) ep_rekey_p2(l);
            else if (x < 0.43) ep_dpd_dead(l);
            else if (x < 0.55) ep_peer_disconnect(l);
            else if (x < 0.65) ep_del_not_found(l);
            else if (x < 0.75) ep_rekey_p1(l);
            else if (x < 0.85) ep_dpd_noise(l);
            else if (x < 0.92 && !peers[l->peer].v6) ep_unknown_sa(l);
            else ep_net_error(l);
        }
        if (h->dialect == D_LIBRESWAN && rp(0.25)) ep_debug_burst();
    }
    ep_end();
}

/* ---- line emission ---------------------------------------------------------------------------- */

static char *whosthdr(char *w, const struct host *h)
{
    w = wstr(w, stamp, 16);
    w = wstr(w, h->name, (size_t)h->namelen);
    *w++ = ' ';
    return w;
}

static char *wprog(char *w, const char *prog, size_t n, u32 pid)
{
    w = wstr(w, prog, n);
    *w++ = '[';
    w = wu(w, pid);
    return WS(w, "]: ");
}
#define PROG(w, lit, pid) wprog((w), (lit), sizeof(lit) - 1, (pid))

static void end_line(char *w)
{
    if (out.crlf) *w++ = '\r';
    *w++ = '\n';
    const size_t len = (size_t)(w - (out.buf + out.n));
    out.logical += len - (size_t)out.crlf;
    out.n += len;
    out.lines++;
    if (out.n > OBUF - LINE_MAX_GEN) flush_out();
}

static void emit_ike(struct host *h)
{
    while (h->qi >= h->qn) next_episode(h);
    const struct qline *q = &h->q[h->qi++];
    set_stamp();
    char *w = whosthdr(out.buf + out.n, h);
    if (q->prog == 1) w = WS(w, "ipsec__plutorun: ");
    else w = PROG(w, "pluto", q->pid);
    w = wstr(w, h->qbuf + q->off, q->len);
    end_line(w);
    out.ike_lines++;
    if (q->akind == A_NONE) return;
    if (q->litconn >= 0) note_lit(q->litconn, q->litpeer);
    count(q, h->idx);
}

static u32 h_uptime(const struct host *h) { return (u32)(now - h->boot); }

static char *wktime(char *w, const struct host *h)
{
    w = WS(w, "kernel: [");
    w = wus(w, h_uptime(h), 5);
    *w++ = '.';
    w = wu0(w, rb(1000000), 6);
    return WS(w, "] ");
}

/* iptables LOG: "ACTION IN=eth1 OUT= MAC=dst:src:08:00 SRC=scanner DST=wan" */
static char *wfw_head(char *w, const struct host *h, const char *action)
{
    w = wz(w, action);
    w = WS(w, " IN=eth1 OUT= MAC=");
    w = wmac(w, 0x001a2b3c4d00ULL | (u64)h->idx);
    *w++ = ':';
    w = wmac(w, rnd() & 0xffffffffffffULL);
    w = WS(w, ":08:00 SRC=");
    w = wip4(w, rpublic());
    w = WS(w, " DST=");
    return wwan(w, h);
}

static u32 rlanip(const struct host *h) { return (192u << 24) | (168u << 16) | (h->lan << 8) | rr(2, 250); }

static const char *const k_names[] = {"iPhone", "android-5f3a9c", "DESKTOP-7K2M1Q", "LAPTOP-OFFICE3", "printer-hp",
                                      "NAS", "ipcam-01", "Galaxy-S21", "MacBook-Pro", "raspberrypi"};
static const char *const k_users[] = {"root", "admin", "test", "oracle", "ubuntu", "pi", "user", "git", "guest", "pluto"};

/* Near-miss noise: pluto prefixes, peers, SAs and DPD in lines whose program
 * is not the IKE daemon (SPEC §2: such lines never count). Template fields:
 * %K kernel program and uptime stamp, %H web server pid, %J %M other daemon
 * pids, %D dnsmasq pid, %X xl2tpd pid, %P pluto's pid, %c a conn name of the
 * host, %i a public address (the same in one line), %x 8 random hex digits,
 * %l the host's LAN octet. */
static const char *const k_near[] = {
    "webadmin[%H]: VPN status: (%c)[3] %i #1895: [Tunnel Established] IPsec SA established {ESP=>0xbf9f49f7 < 0x363c3bbb NATOA=0.0.0.0",
    "webadmin[%H]: user admin saved tunnel \"%c\" #12: peer %i DPD enabled, declaring peer dead after 120 s",
    "%Kpluto[%P]: segfault at 0 ip 08049a1c sp bfb2c1f0 error 4 in pluto[8048000+9c000]",
    "charon: 09[IKE] DPD: No response from peer - declaring peer dead",
    "ipsec[%J]: 002 \"%c\" #12: initiating Main Mode",
    "logger: packet from %i:500: [Tunnel Authorize Fail] Informational Exchange is for an unknown (expired?) SA",
    "pluto-monitor[%M]: (%c) #497: [Tunnel Authorize Fail] ignoring Delete SA payload: PROTO_IPSEC_ESP SA(0x64743869) not found (maybe expired)",
    "ipsec_setup: Starting Openswan IPsec U2.6.38/K2.6.36.4...",
    "%Kxfrm_state: SA 0x%x not found for peer %i",
    "dnsmasq[%D]: query[A] pluto.example.com from 192.168.%l.23",
    "xl2tpd[%X]: Connection established to %i, 1701.  Local: 4711, Remote: 1 (ref=0/0).  LNS session is 'default'",
    "webadmin[%H]: message repeated 2 times: [ \"%c\"[1] %i #7: max number of retransmissions (2) reached STATE_MAIN_I1]",
};

static char *wnear(char *w, const struct host *h, const char *t, u32 ip, const struct conn *c)
{
    for (; *t; t++) {
        if (*t != '%') { *w++ = *t; continue; }
        switch (*++t) {
        case 'K': w = wktime(w, h); break;
        case 'H': w = wu(w, h->pid_httpd); break;
        case 'J': w = wu(w, h->pid_httpd + 7); break;
        case 'M': w = wu(w, h->pid_httpd + 3); break;
        case 'D': w = wu(w, h->pid_dnsmasq); break;
        case 'X': w = wu(w, h->pid_pppd + 1); break;
        case 'P': w = wu(w, h->pid); break;
        case 'c': w = wstr(w, c->name, (size_t)c->namelen); break;
        case 'i': w = wip4(w, ip); break;
        case 'x': w = whex(w, rnd(), 8); break;
        case 'l': w = wu(w, h->lan); break;
        default: die("%s", "internal: bad near-miss template"); break;
        }
    }
    return w;
}

static void emit_noise(struct host *h, int logsrv)
{
    set_stamp();
    char *w = whosthdr(out.buf + out.n, h);
    const u32 r = rb(1000);
    if (logsrv) {
        /* the log server itself: sshd, cron, ntp, and a strongSwan charon on the side */
        const u32 k = rb(100);
        if (k < 35) {
            if (rp(0.05)) h->pid_sshd = rr(1000, 60000);
            w = PROG(w, "sshd", h->pid_sshd);
            switch (rb(6)) {
            case 0: w = WS(w, "Failed password for invalid user "); w = wz(w, k_users[rb(COUNTOF(k_users))]);
                    w = WS(w, " from "); w = wip4(w, rpublic()); w = WS(w, " port "); w = wu(w, rr(1024, 65535));
                    w = WS(w, " ssh2"); break;
            case 1: w = WS(w, "Connection closed by authenticating user root "); w = wip4(w, rpublic());
                    w = WS(w, " port "); w = wu(w, rr(1024, 65535)); w = WS(w, " [preauth]"); break;
            case 2: w = WS(w, "Accepted publickey for backup from 192.168.1.5 port "); w = wu(w, rr(30000, 60000));
                    w = WS(w, " ssh2: RSA SHA256:3f9QmH1tq7cW0pX2vFJk0y2v9vH3H0c8mBq3r6sHc1E"); break;
            case 3: w = WS(w, "pam_unix(sshd:session): session closed for user backup"); break;
            case 4: w = WS(w, "Invalid user "); w = wz(w, k_users[rb(COUNTOF(k_users))]); w = WS(w, " from ");
                    w = wip4(w, rpublic()); w = WS(w, " port "); w = wu(w, rr(1024, 65535)); break;
            default: w = WS(w, "Received disconnect from "); w = wip4(w, rpublic()); w = WS(w, " port ");
                     w = wu(w, rr(1024, 65535)); w = WS(w, ":11: Bye Bye [preauth]"); break;
            }
        } else if (k < 55) {
            w = PROG(w, "CRON", h->pid_cron++);
            w = rp(0.5) ? WS(w, "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)")
                        : WS(w, "(root) CMD (/usr/local/bin/logarchive --rotate /srv/syslog >/dev/null 2>&1)");
        } else if (k < 65) {
            w = PROG(w, "rsyslogd", 611);
            w = WS(w, "imudp: ");
            w = wu(w, rr(1, 20));
            w = WS(w, " messages lost due to rate-limiting (");
            w = wu(w, rr(200, 2000));
            w = WS(w, " allowed within 5 seconds)");
        } else {
            /* charon near-misses: IKE words, but the program is not pluto */
            w = WS(w, "charon: ");
            w = wu0(w, rb(16), 2);
            switch (rb(6)) {
            case 0: w = WS(w, "[IKE] "); w = wip4(w, rpublic()); w = WS(w, " is initiating a Main Mode IKE_SA"); break;
            case 1: w = WS(w, "[IKE] sending DPD request"); break;
            case 2: w = WS(w, "[IKE] giving up after 5 retransmits"); break;
            case 3: w = WS(w, "[IKE] DPD: No response from peer - declaring peer dead"); break;
            case 4: w = WS(w, "[NET] packet from "); w = wip4(w, rpublic()); w = WS(w, ":500: no connection has been authorized with policy=PSK"); break;
            default: w = WS(w, "[IKE] received AUTHENTICATION_FAILED notify error"); break;
            }
        }
        end_line(w);
        return;
    }
    if (r < 330) {
        /* iptables LOG of the router firewall */
        w = wktime(w, h);
        const u32 proto = rb(10);
        w = wfw_head(w, h, rp(0.85) ? "DROP" : "ACCEPT");
        w = WS(w, " LEN=");
        w = wu(w, proto < 7 ? 40 + 4 * rb(6) : rr(60, 1400));
        w = WS(w, " TOS=0x00 PREC=0x00 TTL=");
        w = wu(w, rr(30, 250));
        w = WS(w, " ID=");
        w = wu(w, rb(65536));
        if (proto < 7) {
            static const u16 ports[] = {23, 22, 445, 3389, 8080, 80, 443, 1433, 5900, 2323, 8443, 3306};
            w = rp(0.5) ? WS(w, " DF PROTO=TCP SPT=") : WS(w, " PROTO=TCP SPT=");
            w = wu(w, rr(1024, 65535));
            w = WS(w, " DPT=");
            w = wu(w, ports[rb(COUNTOF(ports))]);
            w = WS(w, " WINDOW=");
            w = wu(w, rr(1024, 65535));
            w = WS(w, " RES=0x00 SYN URGP=0");
        } else if (proto < 9) {
            const int ike = rp(0.4);
            w = WS(w, " PROTO=UDP SPT=");
            w = wu(w, ike ? 500 : rr(1024, 65535));
            w = WS(w, " DPT=");
            w = wu(w, ike ? 500 : (rp(0.5) ? 161 : 1900));
            w = WS(w, " LEN=");
            w = wu(w, rr(20, 400));
        } else {
            w = WS(w, " PROTO=ICMP TYPE=8 CODE=0 ID=");
            w = wu(w, rb(65536));
            w = WS(w, " SEQ=");
            w = wu(w, rb(100));
        }
    } else if (r < 470) {
        const u32 ip = rlanip(h);
        const u64 mac = 0xa45e60000000ULL | ((ip & 255) * 0x10101ULL);
        w = PROG(w, "dnsmasq-dhcp", h->pid_dnsmasq);
        switch (rb(4)) {
        case 0: w = WS(w, "DHCPDISCOVER(br0) "); w = wmac(w, mac); break;
        case 1: w = WS(w, "DHCPOFFER(br0) "); w = wip4(w, ip); *w++ = ' '; w = wmac(w, mac); break;
        case 2: w = WS(w, "DHCPREQUEST(br0) "); w = wip4(w, ip); *w++ = ' '; w = wmac(w, mac); break;
        default: w = WS(w, "DHCPACK(br0) "); w = wip4(w, ip); *w++ = ' '; w = wmac(w, mac); *w++ = ' ';
                 w = wz(w, k_names[(ip & 255) % COUNTOF(k_names)]); break;
        }
    } else if (r < 510) {
        w = PROG(w, "udhcpd", h->pid_udhcpd);
        w = rp(0.5) ? WS(w, "sending OFFER of ") : WS(w, "sending ACK to ");
        w = wip4(w, rlanip(h));
    } else if (r < 540) {
        w = PROG(w, "ntpd", h->pid_ntpd);
        switch (rb(4)) {
        case 0: w = WS(w, "synchronized to "); w = wip4(w, rpublic()); w = WS(w, ", stratum 2"); break;
        case 1: w = WS(w, "time reset +"); w = wu(w, rb(2)); *w++ = '.'; w = wu0(w, rb(1000000), 6); w = WS(w, " s"); break;
        case 2: w = WS(w, "peer "); w = wip4(w, rpublic()); w = WS(w, " now invalid"); break;
        default: w = WS(w, "kernel time sync status change 2001"); break;
        }
    } else if (r < 560) {
        w = wktime(w, h);
        switch (rb(4)) {
        case 0: w = WS(w, "eth1: link up, 100Mbps, full-duplex, lpa 0x45E1"); break;
        case 1: w = WS(w, "eth1: link down"); break;
        case 2: w = WS(w, "br0: port 2(eth2) entered forwarding state"); break;
        default: w = WS(w, "nf_conntrack: table full, dropping packet"); break;
        }
    } else if (r < 640) {
        if (rp(0.03)) h->pid_sshd = rr(1000, 30000);
        w = PROG(w, "dropbear", h->pid_sshd);
        switch (rb(4)) {
        case 0: w = WS(w, "Bad password attempt for '"); w = wz(w, k_users[rb(COUNTOF(k_users))]); w = WS(w, "' from ");
                w = wip4(w, rpublic()); *w++ = ':'; w = wu(w, rr(1024, 65535)); break;
        case 1: w = WS(w, "Child connection from "); w = wip4(w, rpublic()); *w++ = ':'; w = wu(w, rr(1024, 65535)); break;
        case 2: w = WS(w, "Exit before auth (user 'admin', 0 fails): Exited normally"); break;
        default: w = WS(w, "Password auth succeeded for 'admin' from 192.168.1.10:"); w = wu(w, rr(40000, 60000)); break;
        }
    } else if (r < 700) {
        w = PROG(w, "pppd", h->pid_pppd);
        switch (rb(8)) {
        case 0: w = WS(w, "LCP terminated by peer"); break;
        case 1: w = WS(w, "Connection terminated."); break;
        case 2: w = WS(w, "PPP session is "); w = wu(w, rr(1, 65000)); break;
        case 3: w = WS(w, "local  IP address "); w = wwan(w, h); break;
        case 4: w = WS(w, "remote IP address "); w = wip4(w, (h->wan & 0xffffff00u) | 1); break;
        case 5: w = WS(w, "primary   DNS address 202.96.128.86"); break;
        case 6: w = WS(w, "No response to 5 echo-requests"); break;
        default: w = WS(w, "Serial link appears to be disconnected."); break;
        }
    } else if (r < 760) {
        w = PROG(w, "crond", h->pid_cron);
        w = WS(w, "USER root pid ");
        w = wu(w, rr(1000, 30000));
        w = rp(0.5) ? WS(w, " cmd /usr/sbin/ntpdate -s pool.ntp.org") : WS(w, " cmd run-parts /etc/periodic/15min");
    } else if (r < 800) {
        w = PROG(w, "httpd", h->pid_httpd);
        switch (rb(4)) {
        case 0: w = WS(w, "admin login successful from 192.168.1.10"); break;
        case 1: w = WS(w, "admin logout from 192.168.1.10"); break;
        case 2: w = WS(w, "login failed for user 'admin' from "); w = wip4(w, rpublic()); break;
        default: w = WS(w, "session timeout for user admin"); break;
        }
    } else if (r < 830) {
        w = PROG(w, "miniupnpd", h->pid_miniupnpd);
        w = WS(w, "add port mapping ");
        w = wu(w, rr(1024, 65535));
        w = WS(w, " UDP for 192.168.");
        w = wu(w, h->lan);
        *w++ = '.';
        w = wu(w, rr(2, 250));
        w = WS(w, " ok");
    } else if (r < 880) {
        /* near-misses: IKE-looking text from programs that are not the IKE daemon */
        const u32 ip = rpublic();
        const u32 c = (u32)h->conns[rb((u32)h->nconns)];
        w = wnear(w, h, k_near[rb(COUNTOF(k_near))], ip, &conns[c]);
    } else {
        w = wktime(w, h);
        w = wfw_head(w, h, "DROP");
        w = WS(w, " LEN=40 TOS=0x00 PREC=0x00 TTL=");
        w = wu(w, rr(30, 250));
        w = WS(w, " ID=");
        w = wu(w, rb(65536));
        w = WS(w, " PROTO=TCP SPT=");
        w = wu(w, rr(1024, 65535));
        w = WS(w, " DPT=");
        w = wu(w, rr(1, 65535));
        w = WS(w, " WINDOW=1024 RES=0x00 SYN URGP=0");
    }
    end_line(w);
}

/* ---- setup ---------------------------------------------------------------------------------------- */

static int add_conn(int host, const char *name)
{
    if (nconns == capconns) {
        capconns = capconns ? capconns * 2 : 256;
        conns = realloc(conns, (size_t)capconns * sizeof *conns);
        if (!conns) die("%s", "out of memory");
    }
    struct conn *c = &conns[nconns];
    memset(c, 0, sizeof *c);
    c->namelen = (int)strlen(name);
    memcpy(c->name, name, (size_t)c->namelen + 1);
    c->host = host;
    return nconns++;
}

static void zipf_cum(u64 *cum, int n, double s)
{
    double acc = 0;
    for (int i = 0; i < n; i++) {
        acc += 1.0 / pow(i + 1.0, s);
        cum[i] = (u64)(acc * 1e12) + (u64)i + 1;
    }
}

/* Set of the IPv4 peer addresses drawn so far: open addressing, a power-of-two
 * table at most half full (addresses are never 0, so 0 marks a free slot). */
struct ipset { u32 *slot; u32 mask; };

static void ipset_init(struct ipset *s, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n) cap *= 2;
    s->slot = xcalloc(cap, sizeof *s->slot);
    s->mask = (u32)(cap - 1);
}

/* Adds ip; returns 0 if it was already there. */
static int ipset_add(struct ipset *s, u32 ip)
{
    u32 j = (u32)mix64(ip) & s->mask;
    while (s->slot[j]) {
        if (s->slot[j] == ip) return 0;
        j = (j + 1) & s->mask;
    }
    s->slot[j] = ip;
    return 1;
}

static void setup(void)
{
    ntunnel = o_peers;
    nscan = o_scanners >= 0 ? o_scanners : o_peers * 6 < 400 ? 400 : o_peers * 6;
    if (1 + ntunnel + nscan > MAX_PEERS) die("%s", "--peers plus --scanners must be at most 1048574");
    if (nscan == 0 && o_scan_frac > 0) die("%s", "--scanners 0 needs --scan-frac 0");
    npeers = 1 + ntunnel + nscan;
    peers = xcalloc((size_t)npeers, sizeof *peers);
    struct ipset ips;
    ipset_init(&ips, (size_t)npeers);
    strcpy(peers[0].ip, "-");
    peers[0].iplen = 1;
    for (int i = 1; i < npeers; i++) {
        struct peer *p = &peers[i];
        p->num = i;
        if (i <= ntunnel && i % 53 == 17) {
            /* a few IPv6 tunnel peers (written bare in prefixes; never in packet-from lines) */
            char *w = WS(p->ip, "2001:db8:");
            w = whex(w, rr(1, 0xfff), 3);
            w = WS(w, "::");
            w = whex(w, rr(1, 0xff), 2);
            p->iplen = (u8)(w - p->ip);
            p->v6 = 1;
        } else {
            u32 ip;
            do ip = rpublic(); while (!ipset_add(&ips, ip));
            p->iplen = (u8)(wip4(p->ip, ip) - p->ip);
        }
        p->weak = rp(0.15);
        p->natted = !p->v6 && rp(0.3);
        p->natport = (u16)(rp(0.5) ? 4500 : rr(1024, 65000));
        p->lanoct = rr(1, 250) << 8 | rr(0, 250);
        p->idkind = p->v6 ? 1 : (int)rb(3);
    }
    free(ips.slot);
    scan_cum = xcalloc((size_t)nscan, sizeof *scan_cum);
    zipf_cum(scan_cum, nscan, 1.0);

    nhosts = o_hosts;
    hosts = xcalloc((size_t)nhosts + 1, sizeof *hosts);
    for (int i = 0; i <= nhosts; i++) {
        struct host *h = &hosts[i];
        h->idx = i;
        if (i == nhosts) strcpy(h->name, "logsrv");
        else if (i < COUNTOF(k_host_names)) strcpy(h->name, k_host_names[i]);
        else { char *w = WS(h->name, "rtr"); w = wu0(w, (u32)i, 3); *w = 0; }
        h->namelen = (int)strlen(h->name);
        h->dialect = i % 3 == 0 ? D_QNO : i % 3 == 1 ? D_OPENSWAN : D_LIBRESWAN;
        h->pid = rr(300, 3000);
        h->pids = xcalloc(1, sizeof *h->pids);
        h->pids[0] = h->pid;
        h->npids = 1;
        h->serial = rr(1, 400);
        h->inst = rr(1, 20);
        h->wan = rpublic();
        h->lan = (u32)(1 + i % 250);
        h->pid_dnsmasq = rr(300, 2000); h->pid_ntpd = rr(300, 2000); h->pid_pppd = rr(300, 2000);
        h->pid_udhcpd = rr(300, 2000); h->pid_httpd = rr(300, 2000); h->pid_sshd = rr(2000, 30000);
        h->pid_cron = rr(2000, 30000); h->pid_miniupnpd = rr(300, 2000);
        h->boot = 0;
        h->next_restart = (u64)rr(1, 100) * (span / 200) + span / 6;
    }
    /* links: each peer to a home host, some to a second one */
    links = xcalloc((size_t)ntunnel * 2, sizeof *links);
    for (int i = 1; i <= ntunnel; i++) {
        const int home = (int)rb((u32)nhosts);
        links[nlinks++] = (struct link){.peer = i, .host = home, .conn = -1, .run = ~0u};
        if (nhosts > 1 && rp(0.08)) {
            int other = (int)rb((u32)nhosts - 1);
            if (other >= home) other++;
            links[nlinks++] = (struct link){.peer = i, .host = other, .conn = -1, .run = ~0u};
        }
    }
    /* per host: shared (dynamic) conns, single-peer conns, an xauth road-warrior conn */
    for (int hi = 0; hi < nhosts; hi++) {
        struct host *h = &hosts[hi];
        int n = 0;
        for (int i = 0; i < nlinks; i++) n += links[i].host == hi;
        h->links = xcalloc((size_t)n + 1, sizeof *h->links);
        h->cum = xcalloc((size_t)n + 1, sizeof *h->cum);
        const int nshared = n / 8 + 1;
        h->conns = xcalloc((size_t)n + (size_t)nshared + 2, sizeof *h->conns);
        char name[24];
        for (int k = 0; k < nshared; k++) {
            char *w = WS(name, "g2gips");
            w = wu(w, (u64)k + 1);
            *w = 0;
            h->conns[h->nconns++] = add_conn(hi, name);
        }
        const int xconn = add_conn(hi, hi % 2 ? "rw-xauth" : "l2tp-psk");
        h->conns[h->nconns++] = xconn;
        int single = nshared + 1;
        for (int i = 0; i < nlinks; i++) {
            if (links[i].host != hi) continue;
            struct link *l = &links[i];
            h->links[h->nlinks++] = i;
            const u32 kind = rb(100);
            if (kind < 35) {
                char *w = rp(0.5) ? WS(name, "g2gips") : WS(name, "branch-");
                w = wu(w, (u64)single++);
                *w = 0;
                l->conn = add_conn(hi, name);
                h->conns[h->nconns++] = l->conn;
            } else if (kind < 45 && !peers[l->peer].v6) {
                l->conn = xconn;
                l->xauth = 1;
            } else {
                l->conn = h->conns[rb((u32)nshared)];
            }
        }
        /* Zipf over the host's links in a shuffled order */
        for (int i = h->nlinks - 1; i > 0; i--) {
            const int j = (int)rb((u32)i + 1), t = h->links[i];
            h->links[i] = h->links[j];
            h->links[j] = t;
        }
        zipf_cum(h->cum, h->nlinks, 1.1);
        if (h->nlinks == 0) {
            /* a host without tunnel peers still gets scanners: give it one link to itself */
            links = realloc(links, (size_t)(nlinks + 1) * sizeof *links);
            if (!links) die("%s", "out of memory");
            links[nlinks] = (struct link){.peer = 1, .host = hi, .conn = h->conns[0], .run = ~0u};
            h->links[h->nlinks++] = nlinks++;
            zipf_cum(h->cum, h->nlinks, 1.1);
        }
    }
    host_ike_cum = xcalloc((size_t)nhosts + 1, sizeof *host_ike_cum);
    u64 acc = 0;
    for (int i = 0; i < nhosts; i++) { acc += i == 0 ? 3 : 2; host_ike_cum[i] = acc; }
}

/* ---- files ------------------------------------------------------------------------------------------- */

static int nfiles, cur_file;
static u64 *file_end;   /* seconds: file i holds lines with now < file_end[i] */
static long *file_name_day;
static u64 file_rng[4]; /* separate stream for CRLF choices */

static void mkdirs(const char *dir)
{
    char tmp[4096];
    const size_t n = strlen(dir);
    if (n >= sizeof tmp) die("path too long: %s", dir);
    memcpy(tmp, dir, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(tmp, 0777) && errno != EEXIST) die("mkdir: %s", tmp);
        *p = '/';
    }
    if (mkdir(tmp, 0777) && errno != EEXIST) die("mkdir: %s", tmp);
}

static int file_crlf(void)
{
    u64 save[4];
    memcpy(save, rs, sizeof save);
    memcpy(rs, file_rng, sizeof rs);
    const int c = rp(o_crlf);
    memcpy(file_rng, rs, sizeof rs);
    memcpy(rs, save, sizeof rs);
    return c;
}

static void open_file(int i)
{
    if (out.fd > 2) {
        flush_out();
        if (close(out.fd)) die("close: %s", strerror(errno));
    }
    out.crlf = file_crlf();
    if (!o_files) {
        if (!strcmp(o_out, "-")) out.fd = 1;
        else if ((out.fd = open(o_out, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) die("cannot create %s", o_out);
        return;
    }
    char path[4200];
    int y, m, d;
    civil_from_days(file_name_day[i], &y, &m, &d);
    snprintf(path, sizeof path, "%s/router.log-%04d%02d%02d", o_out, y, m, d);
    if ((out.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) die("cannot create %s", path);
}

static void setup_files(void)
{
    nfiles = o_files ? o_files : 1;
    if (nfiles > o_days) die("%s", "--files must not exceed --days (one rotation per day at most)");
    file_end = xcalloc((size_t)nfiles, sizeof *file_end);
    file_name_day = xcalloc((size_t)nfiles, sizeof *file_name_day);
    for (int i = 0; i < nfiles; i++) {
        if (i == nfiles - 1) {
            file_end[i] = ~0ULL;
            file_name_day[i] = day0 + o_days; /* rotated the day after the last line */
        } else {
            const u64 dd = (u64)((long)(i + 1) * o_days / nfiles);
            file_end[i] = dd * 86400 + 6 * 3600 + 25 * 60; /* cron.daily at 06:25 */
            file_name_day[i] = day0 + (long)dd;
        }
    }
    if (!o_files) file_name_day[0] = day0 + o_days - 1;
    /* every line's month-day must get its true year from the reference date of its file */
    for (int i = 0; i < nfiles; i++) {
        int ry, rm, rd;
        civil_from_days(file_name_day[i], &ry, &rm, &rd);
        const u64 a = i ? file_end[i - 1] / 86400 : 0;
        const u64 b = file_end[i] == ~0ULL ? (u64)o_days - 1 : file_end[i] / 86400;
        for (u64 dd = a; dd <= b; dd++)
            if (rule_year(days[dd].m, days[dd].d, ry, rm, rd) != days[dd].y)
                die("%s", "a file would span more than the year rule allows; use more --files or fewer --days");
    }
}

/* ---- truth output ------------------------------------------------------------------------------------ */

static const struct row *sort_rows;
static int cmp_rows(const void *pa, const void *pb)
{
    const struct row *a = &sort_rows[*(const u64 *)pa], *b = &sort_rows[*(const u64 *)pb];
    const u64 ka = a->key - 1, kb = b->key - 1;
    const u64 da = ka >> 40, db = kb >> 40;
    if (da != db) return da < db ? -1 : 1;
    const int ha = (int)((ka >> 20) & 0xfffff), hb = (int)((kb >> 20) & 0xfffff);
    if (ha != hb) {
        const int c = strcmp(hosts[ha].name, hosts[hb].name);
        if (c) return c;
    }
    const int pa2 = (int)(ka & 0xfffff), pb2 = (int)(kb & 0xfffff);
    if (pa2 == pb2) return 0;
    const struct peer *x = &peers[pa2], *y = &peers[pb2];
    const int n = x->iplen < y->iplen ? x->iplen : y->iplen;
    const int c = memcmp(x->ip, y->ip, (size_t)n);
    if (c) return c;
    return x->iplen < y->iplen ? -1 : 1;
}

static void write_truth(void)
{
    /* resolve lines left to the conn rule */
    for (u64 i = 0; i < pending.cap; i++) {
        const struct row *p = &pending.r[i];
        if (!p->key) continue;
        const u64 k = p->key - 1;
        const struct conn *c = &conns[k & 0xfffff];
        const int peer = c->lit_state == 1 ? c->lit_peer : 0;
        struct row *r = tget(&truth, tkey(k >> 40, (u64)c->host, (u64)peer));
        for (int j = 0; j < NCOL; j++) r->c[j] += p->c[j];
    }
    u64 *idx = xcalloc(truth.n + 1, sizeof *idx);
    u64 n = 0;
    for (u64 i = 0; i < truth.cap; i++) {
        if (!truth.r[i].key) continue;
        int any = 0;
        for (int j = 0; j < NCOL; j++) any |= truth.r[i].c[j] != 0;
        if (any) idx[n++] = i;
    }
    sort_rows = truth.r;
    qsort(idx, n, sizeof *idx, cmp_rows);
    FILE *f = fopen(o_truth, "wb");
    if (!f) die("cannot create %s", o_truth);
    fputs(k_header, f);
    char line[512];
    for (u64 i = 0; i < n; i++) {
        const struct row *r = &truth.r[idx[i]];
        const u64 k = r->key - 1;
        char *w = line;
        w = wstr(w, days[k >> 40].iso, 10);
        *w++ = ',';
        const struct host *h = &hosts[(k >> 20) & 0xfffff];
        w = wstr(w, h->name, (size_t)h->namelen);
        *w++ = ',';
        w = wpeer(w, (int)(k & 0xfffff));
        for (int j = 0; j < NCOL; j++) {
            *w++ = ',';
            w = wu(w, r->c[j]);
        }
        w = WS(w, "\r\n");
        fwrite(line, 1, (size_t)(w - line), f);
    }
    if (fclose(f)) die("cannot write %s", o_truth);
    free(idx);
}

/* ---- main -------------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    if (o_rollover && !o_start_set) {
        /* centre the span on New Year */
        long nyd = days_from_civil(o_sy, 1, 1) - o_days / 2;
        civil_from_days(nyd, &o_sy, &o_sm, &o_sd);
    }
    day0 = days_from_civil(o_sy, o_sm, o_sd);
    {
        int y, m, d;
        civil_from_days(day0, &y, &m, &d);
        if (y != o_sy || m != o_sm || d != o_sd) die("%s", "bad --start date");
    }
    if (o_rollover) {
        int y, m, d;
        civil_from_days(day0 + o_days - 1, &y, &m, &d);
        if (y == o_sy) die("%s", "--rollover: the span does not cross New Year");
    }
    days = xcalloc((size_t)o_days + 1, sizeof *days);
    for (int i = 0; i <= o_days; i++) {
        struct day *d = &days[i];
        civil_from_days(day0 + i, &d->y, &d->m, &d->d);
        char *w = d->iso;
        w = wu0(w, (u32)d->y, 4); *w++ = '-';
        w = wu0(w, (u32)d->m, 2); *w++ = '-';
        w = wu0(w, (u32)d->d, 2); *w = 0;
    }
    span = (u64)o_days * 86400;
    u64 seed = o_seed;
    for (int i = 0; i < 4; i++) rs[i] = splitmix(&seed);
    u64 fseed = o_seed ^ 0x5eedf11e5ULL;
    for (int i = 0; i < 4; i++) file_rng[i] = splitmix(&fseed);
    if (o_files) mkdirs(o_out);
    setup_files();
    setup();
    for (int i = 0; i <= nhosts; i++) hosts[i].boot = 0 - (u64)rr(3600, 90 * 86400);

    out.buf = malloc(OBUF);
    if (!out.buf) die("%s", "out of memory");
    out.fd = -1;
    open_file(0);
    cur_file = 0;
    const double per_byte = (double)span / (double)(o_size ? o_size : 1);
    /* Pluto lines come in runs from one host (mean RUN lines); a run starts
     * with probability q such that the expected share of pluto lines is
     * o_ike: q*RUN / (q*RUN + 1 - q) = o_ike. */
    const double RUN = 4.0;
    const double q_run = o_ike >= 1.0 ? 1.0 : o_ike / (RUN - (RUN - 1.0) * o_ike);
    int run_left = 0;
    struct host *run_host = NULL;
    while (out.logical < o_size) {
        now = (u64)((double)out.logical * per_byte);
        if (now >= span) now = span - 1;
        while (now >= file_end[cur_file]) open_file(++cur_file);
        if (run_left > 0 || rp(q_run)) {
            if (run_left == 0) {
                run_host = &hosts[rpick(host_ike_cum, nhosts)];
                run_left = 1;
                while (rp(1.0 - 1.0 / RUN)) run_left++;
            }
            run_left--;
            emit_ike(run_host);
        } else {
            const int logsrv = rp(0.15);
            emit_noise(&hosts[logsrv ? nhosts : (int)rb((u32)nhosts)], logsrv);
        }
    }
    /* finish the episodes under way so every serial's peer line is written */
    now = span - 1;
    while (now >= file_end[cur_file]) open_file(++cur_file);
    for (int i = 0; i < nhosts; i++)
        while (hosts[i].qi < hosts[i].qn) emit_ike(&hosts[i]);
    flush_out();
    if (out.fd > 2 && close(out.fd)) die("close: %s", strerror(errno));
    if (o_truth) write_truth();
    if (!o_files) fprintf(stderr, "gen: ref-date %s (pass --ref-date %s)\n", days[o_days - 1].iso, days[o_days - 1].iso);
    fprintf(stderr, "gen: %llu lines, %llu pluto lines, %llu bytes, %d file(s), days %s..%s\n",
            (unsigned long long)out.lines, (unsigned long long)out.ike_lines, (unsigned long long)out.logical,
            nfiles, days[0].iso, days[o_days - 1].iso);
    return 0;
}
