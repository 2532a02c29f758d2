/* options.c — parsing the command line. */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"

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
          "           [--truth-sessions FILE] [--truth-availability FILE]\n"
          "  --peers N       tunnel peers (default 300), picked per router with a Zipf 1.1 skew\n"
          "  --scanners N    scanner addresses (default max(400, 6 x --peers))\n"
          "  --scan-frac F   share of IKE episodes that are scanner probes (default 0.12, at most 0.97)\n"
          "  --scan-sweep    distributed scans: each probe from the next scanner in turn (every\n"
          "                  scanner probes once before any probes again), never repeated; the\n"
          "                  default draws 1-3 probes from one scanner with a Zipf 1.0 skew\n"
          "  Distinct peers in the truth: with --scan-sweep, the tunnel peers that show up (all of\n"
          "  them when there are a few) plus every scanner once the corpus has that many probes\n"
          "  (--scan-frac 0.6 --ike-frac 0.03: about 55 000 probes per 1G of --size).\n"
          "  --truth FILE    the peers report (SPEC section 6) this corpus must give\n"
          "  --truth-sessions FILE, --truth-availability FILE\n"
          "                  the tunnel sessions and the daily availability it must give\n"
          "                  (formats in bench/README.md)\n", stderr);
    exit(2);
}

void options_parse(struct opts *o, int argc, char **argv)
{
    *o = (struct opts){.seed = 1, .size = 64ULL << 20, .ike = 0.03, .peers = 300, .hosts = 4, .days = 30,
                       .scanners = -1, .scan_frac = 0.12, .sy = 2024, .sm = 3, .sd = 1, .out = "-"};
    int start_set = 0;
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
            o->seed = (u64)strtoull(s, &e, 10);
            if (e == s || *e || errno || *s == '-') die("bad seed: %s", s);
        }
        else if (!strcmp(a, "--size")) o->size = parse_size(ARG());
        else if (!strcmp(a, "--ike-frac")) o->ike = parse_frac(ARG());
        else if (!strcmp(a, "--crlf-frac")) o->crlf = parse_frac(ARG());
        else if (!strcmp(a, "--peers")) o->peers = (int)parse_long(ARG(), 1, 100000);
        else if (!strcmp(a, "--scanners")) o->scanners = (int)parse_long(ARG(), 0, MAX_PEERS);
        else if (!strcmp(a, "--scan-frac")) {
            o->scan_frac = parse_frac(ARG());
            if (o->scan_frac > 0.97) die("%s", "--scan-frac must not exceed 0.97");
        } else if (!strcmp(a, "--scan-sweep")) o->sweep = 1;
        else if (!strcmp(a, "--hosts")) o->hosts = (int)parse_long(ARG(), 1, 200);
        else if (!strcmp(a, "--days")) o->days = (int)parse_long(ARG(), 1, 360);
        else if (!strcmp(a, "--files")) o->files = (int)parse_long(ARG(), 1, 10000);
        else if (!strcmp(a, "--rollover")) o->rollover = 1;
        else if (!strcmp(a, "--start")) {
            const char *s = ARG();
            if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &o->sy, &o->sm, &o->sd) != 3 || o->sm < 1 ||
                o->sm > 12 || o->sd < 1 || o->sd > 31)
                die("bad date: %s", s);
            start_set = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) o->out = ARG();
        else if (!strcmp(a, "--truth")) o->truth = ARG();
        else if (!strcmp(a, "--truth-sessions")) o->truth_sessions = ARG();
        else if (!strcmp(a, "--truth-availability")) o->truth_availability = ARG();
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) usage();
        else die("unknown option: %s", a);
#undef ARG
    }
    if (o->rollover && !start_set) {
        /* centre the span on New Year */
        const long nyd = days_from_civil(o->sy, 1, 1) - o->days / 2;
        civil_from_days(nyd, &o->sy, &o->sm, &o->sd);
    }
    int y, m, d;
    civil_from_days(days_from_civil(o->sy, o->sm, o->sd), &y, &m, &d);
    if (y != o->sy || m != o->sm || d != o->sd) die("%s", "bad --start date");
    if (o->rollover) {
        civil_from_days(days_from_civil(o->sy, o->sm, o->sd) + o->days - 1, &y, &m, &d);
        if (y == o->sy) die("%s", "--rollover: the span does not cross New Year");
    }
}
