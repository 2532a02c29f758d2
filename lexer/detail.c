/* detail.c — the detail fields of a classified line (SPEC.md §4, "detail"
 * column): plain C on the body only, run once per recognised line, after
 * the DFAs of pluto.re have found the class and where its phrase ends. */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lexer/detail.h"

typedef const unsigned char *cp;

/* The first needle[0..n) in [a, b). memchr looks for needle[k], the byte
 * rarest in log text (a space or 'e' first made it stop at every word:
 * 150-200 instructions a call on the 30% corpus, bench/NOTES.md §15). */
static cp find_n(cp a, cp b, const char *needle, ptrdiff_t n, ptrdiff_t k)
{
    if (!a || b - a < n) return NULL;
    const cp lim = b - n + k + 1; /* the anchor of the last possible start, plus one */
    for (cp p = a + k; p < lim; p++) {
        p = memchr(p, needle[k], (size_t)(lim - p));
        if (!p) return NULL;
        if (memcmp(p - k, needle, (size_t)n) == 0) return p - k;
    }
    return NULL;
}
#define find(a, b, lit, k) find_n(a, b, lit, (ptrdiff_t)sizeof(lit) - 1, k)

static cp find_last(cp a, cp b, const char *needle)
{
    const size_t n = strlen(needle);
    for (cp p = b - (ptrdiff_t)n; p >= a; p--)
        if (memcmp(p, needle, n) == 0) return p;
    return NULL;
}

static cp skip_to(cp a, cp b, int c)
{
    cp p = a ? memchr(a, c, (size_t)(b - a)) : NULL;
    return p ? p : b;
}

/* Text after the needle up to the first stop char (or b). */
static ts_str after_n(cp a, cp b, const char *needle, ptrdiff_t n, ptrdiff_t k, int stop)
{
    cp p = find_n(a, b, needle, n, k);
    if (!p) return ts_str_span(NULL, NULL);
    p += n;
    return ts_str_span(p, stop ? skip_to(p, b, stop) : b);
}
#define after(a, b, lit, k, stop) after_n(a, b, lit, (ptrdiff_t)sizeof(lit) - 1, k, stop)

static ts_str word_at(cp p, cp b)
{
    cp q = p;
    while (q < b && *q != ' ' && *q != ',' && *q != ')' && *q != '}' && *q != '\'') q++;
    return ts_str_span(p, q);
}

static ts_str hexword(cp p, cp b)
{
    cp q = p;
    if (b - q >= 2 && q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) q += 2;
    while (q < b && ((*q >= '0' && *q <= '9') || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f'))) q++;
    return ts_str_span(p, q);
}

static int is_name(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* The first notify name at or after p: a word of letters, digits and '_'
 * with an '_' in it (NO_PROPOSAL_CHOSEN), without Libreswan 3's "v2N_". */
static ts_str notify_at(cp p, cp b)
{
    while (p && p < b) {
        cp q = p;
        int under = 0;
        while (q < b && is_name(*q)) under |= *q++ == '_';
        if (under && q - p >= 4) {
            if (q - p > 4 && memcmp(p, "v2N_", 4) == 0) p += 4;
            return ts_str_span(p, q);
        }
        p = q < b ? q + 1 : q;
    }
    return ts_str_span(NULL, NULL);
}

static ts_str quoted(cp a, cp b, int last)
{
    cp q1 = memchr(a, '\'', (size_t)(b - a));
    if (!q1) return ts_str_span(NULL, NULL);
    cp q2 = last ? find_last(q1 + 1, b, "'") : memchr(q1 + 1, '\'', (size_t)(b - q1 - 1));
    return ts_str_span(q1 + 1, q2 ? q2 : b);
}

void ts_detail(struct ts_line *o, const unsigned char *rest, const unsigned char *eol)
{
    cp a = o->body.p, b = eol;
    switch (o->cls) {
    case TS_C_PHASE1_START:
    case TS_C_PHASE2_START:
    case TS_C_STATE_CHANGE:
        if (find(a, rest ? rest : a, " packet", 4)) {
            o->d1 = after(rest, b, " on ", 1, 0);
        } else if (o->cls == TS_C_STATE_CHANGE && o->state.n) {
            o->d1 = o->state;
        }
        break;
    case TS_C_PHASE1_UP: {
        cp l = memchr(a, '{', (size_t)(b - a));
        if (l) {
            cp r = find_last(l, b, "}");
            o->d1 = ts_str_span(l + 1, r ? r : b);
        }
        break;
    }
    case TS_C_PHASE2_UP: {
        cp p = find(a, b, "=>", 1);
        if (p) {
            o->d1 = hexword(p + 2, b);
            cp l = memchr(p, '<', (size_t)(b - p));
            if (l) {
                l++;
                while (l < b && *l == ' ') l++;
                o->d2 = hexword(l, b);
            }
        }
        break;
    }
    case TS_C_PEER_ID: {
        o->d1 = ts_str_span(rest, skip_to(rest, b, ':'));
        o->d2 = quoted(rest, b, 1);
        break;
    }
    case TS_C_ID_MISMATCH: o->d1 = quoted(a, b, 0); break;
    case TS_C_PSK_POLICY_MISS:
        o->d1 = after(a, b, "policy=", 6, 0);
        if (!o->d1.p) {
            ts_str s = after(a, b, "policy ", 5, 0);
            o->d1 = s.p ? s : after(a, b, "authby=", 6, 0);
        }
        break;
    case TS_C_RETRANSMIT_TIMEOUT: {
        ts_str s = after(a, b, "retransmissions (", 16, ')');
        if (!s.p) {
            s = after(a, b, "exceeded after ", 1, ' ');
        }
        o->d1 = s;
        break;
    }
    case TS_C_WEAK_IKE: o->d1 = ts_str_span(rest, skip_to(rest, b, ')')); break;
    case TS_C_WEAK_ESP:
    case TS_C_VENDOR_ID: o->d1 = ts_str_span(rest, skip_to(rest, b, ']')); break;
    case TS_C_NAT_T:
        if (find(a, rest, "Result using", 0)) {
            cp p = find_last(rest, b, ": ");
            if (p) o->d1 = ts_str_span(p + 2, b);
        }
        break;
    case TS_C_SPI:
        o->d1 = a[0] == 'I' ? TS_S("in") : TS_S("out");
        o->d2 = hexword(rest, b);
        break;
    case TS_C_UNKNOWN_SA: {
        ts_str s = after(a, b, "MSGID:", 0, 0);
        if (s.p) o->d1 = hexword(s.p, b);
        break;
    }
    case TS_C_NOTIFY_RECEIVED: {
        ts_str s = after(a, b, "payload, type ", 7, 0);
        if (!s.p) s = after(a, b, "informational payload ", 2, 0);
        o->d1 = s.p ? word_at(s.p, b) : notify_at(rest, b);
        break;
    }
    case TS_C_NOTIFY_SENT: o->d1 = word_at(rest, b); break;
    case TS_C_DELETE_SA: {
        cp p = find(a, b, "(0x", 0);
        if (p) {
            o->d1 = hexword(p + 1, b);
        } else if ((p = find(a, b, "State #", 6)) != NULL) {
            cp q = p + 6;
            cp r = q + 1;
            while (r < b && *r >= '0' && *r <= '9') r++;
            o->d1 = ts_str_span(q, r);
        }
        break;
    }
    case TS_C_DELETE_SA_NOT_FOUND: {
        /* "payload: PROTO SA(0xSPI)" (IKEv1), "request for PROTO SA(0xSPI)" (IKEv2) */
        cp p = find(a, b, " SA(0x", 3);
        cp c = find(a, b, "payload: ", 7);
        size_t k = 9;
        if (!c) {
            c = find(a, b, "request for ", 2);
            k = 12;
        }
        if (p && c && c + k <= p) {
            o->d1 = ts_str_span(c + k, p);
            o->d2 = hexword(p + 4, b);
        }
        break;
    }
    case TS_C_SA_DELETED: o->d1 = after(a, b, "(", 0, ')'); break;
    case TS_C_DISCONNECT: o->d1 = after(a, b, "{", 0, '}'); break;
    case TS_C_XAUTH_OK:
    case TS_C_XAUTH_FAIL: {
        ts_str s = after(a, b, "User ", 0, ':');
        if (!s.p) s = after(a, b, "user '", 5, '\'');
        if (!s.p) {
            s = after(a, b, "user=", 4, ' ');
            while (s.n > 0 && s.p[s.n - 1] == '.') s.n--; /* "user=carol." ends a sentence */
        }
        o->d1 = s;
        break;
    }
    default: break;
    }
    if (o->d1.p && o->d1.n == 0) o->d1.p = NULL;
}

/* The address at p, up to a space, ',', ';' or '}', when it looks like one:
 * a letter, digit or '[' first (redactions such as "X.X.X.X" are kept), a
 * '.' or ':' inside. endpoint: a port follows the
 * address, so a bare IPv6 address ("2001:db8::1:500") cannot be told from
 * its port and is not taken. */
static ts_str addr_at(cp p, cp b, int endpoint)
{
    cp q = p;
    int dots = 0, colons = 0;
    for (; q < b && *q != ' ' && *q != ',' && *q != ';' && *q != '}'; q++) {
        dots += *q == '.';
        colons += *q == ':';
    }
    if (q > p && q[-1] == ':' && (q == b || *q == ' ')) colons--, q--; /* "complainant A: ..." */
    const int alnum = (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
    if (q == p || !(dots || colons) || !(alnum || *p == '[')) return ts_str_span(NULL, NULL);
    if (endpoint && *p != '[' && colons > 1) return ts_str_span(NULL, NULL);
    return ts_str_span(p, q);
}

/* A peer named by one of these phrases ending at the space s (s > a), whose
 * byte before is one of 'r', 'o', 'm', 't': 1 and *r set when there is one.
 * "received on ADDR" names the local interface, so it is not among them. */
static int peer_at(cp a, cp b, cp s, int sending, ts_str *r)
{
    static const struct {
        const char *s;
        unsigned char n, endpoint;
    } k_before[] = {
        {"from unknown peer", 17, 0}, {"liveness_check - peer", 21, 0}, {"instance with peer", 18, 0},
        {" connection to", 14, 0},   {"complainant", 11, 0},           {" request to", 11, 1},
        {" request from", 13, 1},    {" response to", 12, 1},          {" response from", 14, 1},
        {" reply to", 9, 1},
    };
    const unsigned char c = s[-1];
    for (size_t i = 0; i < sizeof k_before / sizeof k_before[0]; i++) {
        const size_t n = k_before[i].n;
        /* the last byte, then the last four (one load), then all */
        if (k_before[i].s[n - 1] != c || (size_t)(s - a) < n || memcmp(s - 4, k_before[i].s + n - 4, 4) != 0
            || memcmp(s - n, k_before[i].s, n) != 0)
            continue;
        *r = addr_at(s + 1, b, k_before[i].endpoint);
        if (r->n) return 1;
    }
    /* "sending [encrypted ]notification NAME to ADDR:PORT" */
    if (sending && c == 'o' && s - a >= 3 && memcmp(s - 3, " to", 3) == 0 && find(a, s, "notification ", 4)) {
        *r = addr_at(s + 1, b, 1);
        if (r->n) return 1;
    }
    return 0;
}

static int ends_phrase(int c)
{
    return c == 'r' || c == 'o' || c == 'm' || c == 't';
}

/* A peer the message itself names after a phrase of peer_at (SPEC.md §5).
 * One pass over the spaces of the body: a phrase is tried only where the
 * byte before the space ends one ('r', 'o', 'm', 't'), since this runs on
 * every line without a prefix peer. */
ts_str ts_text_peer(const unsigned char *a, const unsigned char *b)
{
    if (!a || a >= b) return ts_str_span(NULL, NULL);
    const int sending = b - a > 8 && memcmp(a, "sending ", 8) == 0;
    ts_str r;
    /* The spaces after 'r', 'o', 'm' or 't', in order, 16 bytes at a time
     * (a memchr per space was 500 instructions a call, bench/NOTES.md §15).
     * A space at a has no byte before it and ends no phrase. */
    cp s = a + 1;
#if defined(__SSE2__)
    for (; b - s >= 16; s += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
        const __m128i prev = _mm_loadu_si128((const __m128i *)(const void *)(s - 1));
        const __m128i end = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(prev, _mm_set1_epi8('r')), _mm_cmpeq_epi8(prev, _mm_set1_epi8('o'))),
                                         _mm_or_si128(_mm_cmpeq_epi8(prev, _mm_set1_epi8('m')), _mm_cmpeq_epi8(prev, _mm_set1_epi8('t'))));
        for (unsigned k = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), end)); k; k &= k - 1)
            if (peer_at(a, b, s + __builtin_ctz(k), sending, &r)) return r;
    }
#endif
    for (; s < b; s++)
        if (*s == ' ' && ends_phrase(s[-1]) && peer_at(a, b, s, sending, &r)) return r;
    /* pam_unix's "... rhost=ADDR" */
    for (cp e = memchr(a, '=', (size_t)(b - a)); e; e = memchr(e + 1, '=', (size_t)(b - e - 1)))
        if (e - a >= 6 && memcmp(e - 6, " rhost", 6) == 0) return addr_at(e + 1, b, 0);
    return ts_str_span(NULL, NULL);
}
