/* pluto.re — the line lexer: syslog header, pluto prefix, Qno tag, event class.
 *
 * Compiled by re2c 3.0 (-W -Werror) into build/lexer/pluto.c; the generated
 * file is never committed. Each stage is its own DFA anchored where the
 * previous one stopped, so every rule is deterministic and no stage ever
 * backtracks: header -> (repeat) -> prefix -> tag -> story -> body.
 * All DFAs stop at the line's '\n' (re2c:sentinel = 10: no character class
 * of any rule holds it), so lines are lexed in place in the mapped or decoded
 * buffer with no bounds check. Not re2c's EOF rule (re2c:eof): with it, re2c
 * 3.0 lost a tag on a fallback (the program of "Jun 27 10:57:37 prog: word
 * word" ran to the ": "), and it rules out bit vectors (-b, Makefile), which
 * take the loops over a token's bytes (bench/NOTES.md §15). Field extraction
 * after the class is known is plain C on the body only (detail.c). */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lexer/body.h"
#include "lexer/bytes.h"
#include "lexer/detail.h"
#include "lexer/pluto.h"
#include "lexer/prefix.h"

typedef const unsigned char *cp;

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:sentinel = 10;
    re2c:tags = 1;

    d    = [0-9];
    sp   = " ";
    tod  = d d ":" d d ":" d d ("." d+)?;
    zone = "Z" | [+-] d d ":"? d d;
    mon  = [A-Za-z] [A-Za-z] [A-Za-z];
    mday = " " d | d d | d;
    dow  = [A-Z] [a-z] [a-z];
    tok  = [^ \n]+;
*/

/* English month abbreviations, and the other ASCII three-letter ones that
 * journalctl writes under a non-English LC_TIME ("abr 25", "okt 21" in
 * public posts): Spanish, Portuguese, German, Dutch, Italian. */
static int month_of(cp m)
{
    /* A perfect hash of the three letters, lowercased (the multiplier was
     * searched for: no two names share a slot of 64; a shared slot would be
     * an overridden initializer, which -Wextra reports). A loop over the
     * names cost 44 instructions a line, a switch 24 (bench/NOTES.md §15). */
#define M3(a, b, c) ((uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (uint32_t)(c))
#define SLOT(k) ((uint32_t)((k) * 0xf06d3fefu) >> 26)
#define MON(a, b, c, n) [SLOT(M3(a, b, c))] = {M3(a, b, c), n}
    static const struct {
        uint32_t key;
        int month;
    } k_months[64] = {
        MON('j', 'a', 'n', 1),  MON('e', 'n', 'e', 1),  MON('g', 'e', 'n', 1),  MON('f', 'e', 'b', 2),
        MON('f', 'e', 'v', 2),  MON('m', 'a', 'r', 3),  MON('m', 'r', 't', 3),  MON('a', 'p', 'r', 4),
        MON('a', 'b', 'r', 4),  MON('m', 'a', 'y', 5),  MON('m', 'a', 'i', 5),  MON('m', 'e', 'i', 5),
        MON('m', 'a', 'g', 5),  MON('j', 'u', 'n', 6),  MON('g', 'i', 'u', 6),  MON('j', 'u', 'l', 7),
        MON('l', 'u', 'g', 7),  MON('a', 'u', 'g', 8),  MON('a', 'g', 'o', 8),  MON('s', 'e', 'p', 9),
        MON('s', 'e', 't', 9),  MON('o', 'c', 't', 10), MON('o', 'k', 't', 10), MON('o', 'u', 't', 10),
        MON('o', 't', 't', 10), MON('n', 'o', 'v', 11), MON('d', 'e', 'c', 12), MON('d', 'e', 'z', 12),
        MON('d', 'i', 'c', 12),
    };
    const uint32_t k = M3(m[0] | 0x20, m[1] | 0x20, m[2] | 0x20); /* never 0: no empty slot matches */
    return k_months[SLOT(k)].key == k ? k_months[SLOT(k)].month : 0;
#undef MON
#undef SLOT
#undef M3
}

static int num(cp a, cp b)
{
    int v = 0;
    for (; a < b; a++)
        if (*a >= '0' && *a <= '9') v = v * 10 + (*a - '0');
    return v;
}

/* A written date y ("YYYY-MM-DD", any separators) and time [t1, t2). */
static cp iso(struct ts_line *o, cp y, cp t1, cp t2, cp next)
{
    o->hdr = TS_HDR_ISO;
    o->year = num(y, y + 4);
    o->month = num(y + 5, y + 7);
    o->mday = num(y + 8, y + 10);
    o->time = ts_str_span(t1, t2);
    return next;
}

#if !defined(__SSE2__)
static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}
#endif

/* The common RFC 3164 stamp, "Mmm dd HH:MM:SS " or "Mmm  d HH:MM:SS ";
 * NULL for any other shape. Only the second rule of lex_stamp matches these
 * 16 bytes (no fraction, no ':' after the time, no 4-digit year at byte 4
 * or day name before a month), so the result is the DFA's, for a third of
 * its instructions (bench/NOTES.md §15). The line is at least 17 bytes with
 * its '\n', so the 16-byte load stays inside it. */
static cp stamp_3164(cp p, cp nl, struct ts_line *o)
{
    if (nl - p < 16) return NULL;
#if defined(__SSE2__)
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    /* signed compares: bytes from 0x80 are negative, so never a digit or letter */
    const __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const unsigned digit = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1))));
    const unsigned alpha = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1))));
    const unsigned space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    const unsigned colon = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
    if ((alpha & 0x0007) != 0x0007 || (space & 0x8048) != 0x8048 || (colon & 0x1200) != 0x1200
        || (digit & 0x6da0) != 0x6da0 || !((space | digit) & 0x0010))
        return NULL;
#else
    if (!(((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') && ((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z')
          && ((p[2] | 0x20) >= 'a' && (p[2] | 0x20) <= 'z') && p[3] == ' ' && (p[4] == ' ' || is_digit(p[4]))
          && is_digit(p[5]) && p[6] == ' ' && is_digit(p[7]) && is_digit(p[8]) && p[9] == ':'
          && is_digit(p[10]) && is_digit(p[11]) && p[12] == ':' && is_digit(p[13]) && is_digit(p[14])
          && p[15] == ' '))
        return NULL;
#endif
    if (!(o->month = month_of(p))) return p;
    o->hdr = TS_HDR_3164;
    o->mday = (p[4] == ' ' ? 0 : (p[4] - '0') * 10) + (p[5] - '0');
    o->time = ts_str_span(p + 7, p + 15);
    return p + 16;
}

/* Stage 1: the timestamp. Returns where the host part (or the message, for
 * H6/H7) starts; sets o->hdr. */
static cp lex_stamp(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp fast = stamp_3164(YYCURSOR, YYLIMIT, o);
    if (fast) return fast;
    cp start = YYCURSOR, YYMARKER, m, dd, t1, t2, y;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    pri = "<" d d? d? ">";

    pri? @m mon sp @dd mday sp @t1 tod @t2 ":" sp {
        if (!(o->month = month_of(m))) return start;
        o->hdr = TS_HDR_OWNLOG; o->mday = num(dd, t1); o->time = ts_str_span(t1, t2);
        return YYCURSOR;
    }
    pri? @m mon sp @dd mday sp @t1 tod @t2 sp {
        if (!(o->month = month_of(m))) return start;
        o->hdr = TS_HDR_3164; o->mday = num(dd, t1); o->time = ts_str_span(t1, t2);
        return YYCURSOR;
    }
    pri "1" sp @y d d d d "-" d d "-" d d "T" @t1 tod @t2 zone? sp {
        o->hdr = TS_HDR_5424;
        o->year = num(y, y + 4); o->month = num(y + 5, y + 7); o->mday = num(y + 8, y + 10);
        o->time = ts_str_span(t1, t2);
        return YYCURSOR;
    }
    // RFC 3339; journalctl short-full ("Tue 2024-01-02 03:04:05 CET"); the
    // same with a space for the T; Sophos UTM / Astaro ("2013:04:15-10:22:01").
    (dow sp)? @y d d d d "-" d d "-" d d [T ] @t1 tod @t2 zone? sp { return iso(o, y, t1, t2, YYCURSOR); }
    dow sp @y d d d d "-" d d "-" d d sp @t1 tod @t2 sp [A-Z]{2,5} sp { return iso(o, y, t1, t2, YYCURSOR); }
    @y d d d d ":" d d ":" d d "-" @t1 tod @t2 sp                    { return iso(o, y, t1, t2, YYCURSOR); }
    // busybox logread: "Tue Jan  2 03:04:05 2024 daemon.info pluto[1]: ", no host.
    dow sp @m mon sp @dd mday sp @t1 tod @t2 sp @y d d d d sp {
        if (!(o->month = month_of(m))) return start;
        o->hdr = TS_HDR_3164; o->year = num(y, y + 4); o->mday = num(dd, t1); o->time = ts_str_span(t1, t2);
        return YYCURSOR;
    }
    * { return start; }
    */
}

/* Stage 2 (RFC 3164 / RFC 3339 headers): host, program, pid. Returns the
 * message start, or NULL when no host/program shape is recognised. */
/* H10: redaction damage glued host and program ("host.pluto[1]:",
 * "hostpluto[1]:"). A DFA cannot tag where the host ends without
 * backtracking, so the one token is searched for "pluto[" / "pluto:". */
static cp damaged(cp a, cp lim, struct ts_line *o)
{
    cp end = memchr(a, ' ', (size_t)(lim - a));
    if (!end || end - a < 6 || end[-1] != ':') return NULL;
    for (cp p = end - 6; p >= a; p--) {
        if (memcmp(p, "pluto", 5) != 0 || (p[5] != '[' && p[5] != ':')) continue;
        cp h = p;
        while (h > a && h[-1] == '.') h--;
        o->host = ts_str_span(a, h);
        o->prog = TS_S("pluto");
        if (p[5] == '[') {
            cp r = memchr(p, ']', (size_t)(end - p));
            if (!r) return NULL;
            o->pid = ts_str_span(p + 6, r);
        }
        return end + 1;
    }
    return NULL;
}

static cp host_prog(struct ts_line *o, cp h1, cp h2, cp p1, cp p2, cp i1, cp i2, cp next)
{
    o->host = ts_str_span(h1, h2);
    o->prog = ts_str_span(p1, p2);
    o->pid = ts_str_span(i1, i2);
    return next;
}

/* The common "HOST PROG[PID]: " or "HOST PROG: ", with a HOST that has no
 * ':', '[' or '.' and does not start with '<': then it is neither a
 * program, a facility, "[pluto]" nor "<fac.sev>", the only rule of lex_host
 * that matches is "@h1 tok @h2 sp @p1 prog @p2 pidp? ':' sp", and it has one
 * parse. NULL for any other shape, which the DFA then reads. */
static cp host_fast(cp q, cp nl, struct ts_line *o)
{
    cp h1 = q, i1 = NULL, i2 = NULL;
    if (*q == '<') return NULL;
    q = ts_bytes_until(q, nl, TS_BYTES_END_HOST);
    if (*q != ' ' || q == h1) return NULL;
    cp h2 = q++, p1 = q;
    q = ts_bytes_until(q, nl, TS_BYTES_END_PROG);
    if (q == p1) return NULL;
    cp p2 = q;
    if (*q == '[') {
        i1 = ++q;
        q = ts_bytes_digits(q);
        i2 = q;
        if (*q++ != ']') return NULL;
    }
    if (q[0] != ':' || q[1] != ' ') return NULL;
    /* host_prog's views, without its NULL checks: h1 < h2, p1 < p2 */
    o->host = (ts_str){h1, h2 - h1};
    o->prog = (ts_str){p1, p2 - p1};
    if (i1) o->pid = (ts_str){i1, i2 - i1};
    return q + 2;
}

static cp lex_host(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp fast = host_fast(YYCURSOR, YYLIMIT, o);
    if (fast) return fast;
    cp start, YYMARKER, h1, h2, p1, p2, i1, i2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
again:
    start = YYCURSOR;
    /*!re2c
    fac  = ("kern"|"user"|"mail"|"daemon"|"auth"|"syslog"|"lpr"|"news"|"uucp"|"cron"|"authpriv"
           |"ftp"|"ntp"|"security"|"console"|"local" [0-7]) "."
           ("emerg"|"alert"|"crit"|"err"|"error"|"warn"|"warning"|"notice"|"info"|"debug");
    prog = [^ \n:[]+;
    pidp = "[" @i1 d* @i2 "]";

    "<" d+ "." d+ ">" sp { goto again; }
    "[pluto]" sp { o->prog = TS_S("pluto"); return YYCURSOR; }
    // No host: none at all (VPN client managers), an empty one (two or more
    // spaces), or busybox logread.
    (sp+ | fac sp) @p1 prog @p2 pidp? ":" sp { return host_prog(o, NULL, NULL, p1, p2, i1, i2, YYCURSOR); }
    @p1 prog @p2 pidp? ":" sp {
        cp d = damaged(start, YYLIMIT, o); /* "host.pluto[1]:" is H10, not a program "host.pluto" */
        return d ? d : host_prog(o, NULL, NULL, p1, p2, i1, i2, YYCURSOR);
    }
    @h1 tok @h2 sp @p1 prog @p2 pidp? ":" sp { return host_prog(o, h1, h2, p1, p2, i1, i2, YYCURSOR); }
    @h1 tok @h2 sp fac sp @p1 prog @p2 pidp? ":" sp { return host_prog(o, h1, h2, p1, p2, i1, i2, YYCURSOR); }
    * { return damaged(start, YYLIMIT, o); }
    */
}

/* A bare "pluto[pid]: " with no date or host (container logs, a daemon's
 * captured stderr). */
static cp lex_bare(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp YYMARKER, p1, p2, i1, i2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    @p1 prog @p2 "[" @i1 d+ @i2 "]:" sp { return host_prog(o, NULL, NULL, p1, p2, i1, i2, YYCURSOR); }
    * { return NULL; }
    */
}

/* Stage 2 for RFC 5424: HOST APP PROCID MSGID SD. */
static cp lex_5424(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp YYMARKER, h1, h2, p1, p2, i1, i2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    sd = "-" | ("[" [^\]\n]* "]")+;
    @h1 tok @h2 sp @p1 tok @p2 sp @i1 tok @i2 sp tok sp sd sp {
        o->host = ts_str_span(h1, h2); o->prog = ts_str_span(p1, p2);
        if (!(i2 - i1 == 1 && *i1 == '-')) o->pid = ts_str_span(i1, i2);
        if (o->host.n == 1 && *h1 == '-') o->host.n = 0;
        return YYCURSOR;
    }
    * { return NULL; }
    */
}

/* rsyslog repeat compression: "message repeated N times: [ msg]". N has at
 * most 8 digits (rsyslog counts in an int); a longer count is not taken as
 * one, so a forged line cannot overflow it or ask for 10^15 event rows. */
static cp lex_repeat(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp start = YYCURSOR, YYMARKER, n1, n2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    "message repeated " @n1 d{1,8} @n2 " times: [" sp? {
        int n = num(n1, n2);
        o->weight = n > 0 ? (unsigned)n : 1;
        return YYCURSOR;
    }
    * { return start; }
    */
}

/* Whack console return code, only on headerless lines. */
static cp lex_rc(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp start = YYCURSOR, YYMARKER, r, e;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    @r (d d d | "1v2") @e sp+ { o->rc = ts_str_span(r, e); return YYCURSOR; }
    * { return start; }
    */
}

/* "Mmm dd HH:MM:SS.frac": the prefilter's shape test (byte 14 or 15 is
 * '.') selects exactly these, so only they may go without a host. */
static int has_fraction(ts_str t)
{
    return t.n > 8 && t.p[8] == '.';
}

/* "STATE_PARENT_I2: v2N_NO_PROPOSAL_CHOSEN": a story whose whole message is
 * the notify the peer answered with (Libreswan 3.x whack). The notify says
 * the class; any other story is a state change. */
static int story_notify(struct ts_line *o)
{
    ts_str b = o->body;
    if (b.n > 4 && memcmp(b.p, "v2N_", 4) == 0) b = ts_str_span(b.p + 4, b.p + b.n);
    for (ptrdiff_t i = 0; i < b.n; i++)
        if (!((b.p[i] >= 'A' && b.p[i] <= 'Z') || b.p[i] == '_')) return TS_C_STATE_CHANGE;
    if (b.n < 6 || !memchr(b.p, '_', (size_t)b.n)) return TS_C_STATE_CHANGE;
    if (ts_str_eq(b, TS_S("NO_PROPOSAL_CHOSEN"))) return TS_C_NO_PROPOSAL;
    if (ts_str_eq(b, TS_S("TS_UNACCEPTABLE")) || ts_str_eq(b, TS_S("INVALID_SELECTORS"))) return TS_C_PHASE2_NO_CONN;
    if (ts_str_eq(b, TS_S("AUTHENTICATION_FAILED"))) return TS_C_AUTH_FAIL;
    return TS_C_NOTIFY_RECEIVED;
}

/* The digits of a port written "500" or, by Libreswan 5, "UDP/500". */
static ts_str port_of(cp a, cp b)
{
    if (b - a > 4 && (memcmp(a, "UDP/", 4) == 0 || memcmp(a, "TCP/", 4) == 0)) a += 4;
    cp q = a;
    while (q < b && *q >= '0' && *q <= '9') q++;
    return ts_str_span(a, q > a ? q : a);
}

static int is_pluto(ts_str prog)
{
    /* by length first: constant-size compares that the compiler inlines */
    switch (prog.n) {
    case 5: return memcmp(prog.p, "pluto", 5) == 0;
    case 14: return memcmp(prog.p, "ipsec_plutorun", 14) == 0;
    case 15: return memcmp(prog.p, "ipsec__plutorun", 15) == 0;
    default: return 0;
    }
}

/* GCC turns a memset of this struct (about 300 bytes) into `rep stos`,
 * whose start-up cost was 17% of ts_lex_line on the 30% corpus (perf
 * annotate); plain vector stores cost a few cycles. Unrolled, with one
 * overlapping store for the tail: 20 instructions instead of 77 a line
 * (bench/NOTES.md §15). */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static void zero_line(struct ts_line *o)
{
#if defined(__SSE2__)
    _Static_assert(sizeof *o >= 16, "the tail store overlaps the struct's last 16 bytes");
    unsigned char *b = (unsigned char *)o;
    const __m128i z = _mm_setzero_si128();
#pragma GCC unroll 32
    for (size_t i = 0; i + 16 <= sizeof *o; i += 16) _mm_storeu_si128((__m128i *)(void *)(b + i), z);
    _mm_storeu_si128((__m128i *)(void *)(b + sizeof *o - 16), z);
#else
    memset(o, 0, sizeof *o);
#endif
}

int ts_lex_line(const unsigned char *p, const unsigned char *nl, struct ts_line *o)
{
    zero_line(o);
    o->weight = 1;
    cp eol = (nl > p && nl[-1] == '\r') ? nl - 1 : nl;

    cp m = lex_stamp(p, nl, o);
    int indented = 0;
    if (o->hdr == TS_HDR_NONE && m < nl && (*m == ' ' || *m == '\t')) {
        /* A pasted log indented as a quote: the syslog header after the
         * blanks counts, as long as its program is pluto (below). */
        cp q = m;
        while (q < nl && (*q == ' ' || *q == '\t')) q++;
        cp m2 = lex_stamp(q, nl, o);
        if (o->hdr == TS_HDR_3164 || o->hdr == TS_HDR_ISO || o->hdr == TS_HDR_5424) {
            m = m2;
            indented = 1;
        } else {
            zero_line(o);
            o->weight = 1;
        }
    }
    int pluto = 0;
    if (o->hdr == TS_HDR_3164 || o->hdr == TS_HDR_ISO || o->hdr == TS_HDR_5424) {
        cp h = o->hdr == TS_HDR_5424 ? lex_5424(m, nl, o) : lex_host(m, nl, o);
        if (!h && !indented && o->hdr == TS_HDR_3164 && has_fraction(o->time)) {
            /* A VPN client manager's own log: "Jun 29 11:39:04.572 004 "c"
             * #1: ...", time stamp then whack output, no host. Like H6 it
             * is recognised by its pluto prefix. */
            o->hdr = TS_HDR_OWNLOG;
            o->host = o->prog = o->pid = ts_str_span(NULL, NULL);
            m = lex_rc(m, nl, o);
        } else if (!h || !is_pluto(o->prog)) {
            /* A timestamp with no host/program shape after it is not
             * pluto's: only H6/H7 lines may be recognised by their message. */
            return o->kind = TS_LINE_NOT_IKE;
        } else {
            pluto = 1;
            m = h;
            while (o->host.n > 0 && o->host.p[o->host.n - 1] == '.') o->host.n--;
            if (ts_str_eq(o->host, TS_S("(none)"))) o->host = ts_str_span(NULL, NULL); /* Sophos UTM */
        }
    } else if (o->hdr == TS_HDR_NONE) {
        cp h = lex_bare(m, nl, o);
        if (h && is_pluto(o->prog)) {
            pluto = 1;
            m = h;
        } else {
            o->prog = o->pid = ts_str_span(NULL, NULL);
        }
    }
    if (pluto) {
        cp r = lex_repeat(m, nl, o);
        if (r != m) {
            m = r;
            if (eol > m && eol[-1] == ']') eol--;
        }
        if (m < eol && m[0] == '|') return o->kind = TS_LINE_DEBUG;
    } else if (o->hdr == TS_HDR_NONE) {
        m = lex_rc(m, nl, o);
    }
    int has = 0;
    m = ts_prefix_lex(m, nl, o, &has);
    if (!pluto && !has) {
        /* Pluto's own log restarts with this banner: the serials start
         * again, so a headerless run ends there (SPEC.md §5). */
        o->restart = o->hdr == TS_HDR_OWNLOG && nl - m >= 14 && memcmp(m, "Starting Pluto", 14) == 0;
        return o->kind = TS_LINE_NOT_IKE;
    }
    o->kind = TS_LINE_IKE;
    m = ts_prefix_tag_story(m, nl, o);
    if (m > eol) m = eol;
    o->body = ts_str_span(m, eol);
    if (o->body.p == NULL) o->body.p = m;

    cp rest = NULL;
    o->cls = ts_body_class(m, nl, &rest);
    if (rest && rest > eol) rest = eol;
    if (o->cls == TS_C_OTHER && o->state.n) o->cls = story_notify(o);
    if (ts_str_eq(o->tag, TS_S("Tunnel Disconnected"))) o->cls = TS_C_DISCONNECT;
    ts_detail(o, rest ? rest : m, eol);
    if (!o->peer.n) o->peer = ts_text_peer(o->body.p, eol);

    if (o->peer.n) {
        /* An opportunistic instance writes " ...peer" and maybe "===client":
         * the peer is the address between. */
        cp a = o->peer.p, b = a + o->peer.n;
        if (b - a > 3 && memcmp(a, "...", 3) == 0) a += 3;
        for (cp q = memchr(a, '=', (size_t)(b - a)); q && b - q >= 3; q = memchr(q + 1, '=', (size_t)(b - q - 1)))
            if (q[1] == '=' && q[2] == '=') {
                b = q;
                break;
            }
        o->peer = ts_str_span(a, b);
        /* Split "addr:port", "[v6]:port", Libreswan 5 "addr:UDP/500"; bare
         * IPv6 keeps its colons. */
        if (*a == '[') {
            cp r = memchr(a, ']', (size_t)(b - a));
            if (r) {
                o->peer = ts_str_span(a + 1, r);
                if (r + 1 < b && r[1] == ':') o->port = port_of(r + 2, b);
            }
        } else {
            cp c = memchr(a, ':', (size_t)(b - a));
            if (c && !memchr(c + 1, ':', (size_t)(b - c - 1))) {
                ts_str port = port_of(c + 1, b);
                if (port.n && port.p + port.n == b) {
                    o->peer = ts_str_span(a, c);
                    o->port = port;
                }
            }
        }
    }
    return o->kind;
}
