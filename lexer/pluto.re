/* pluto.re — the line lexer: syslog header, pluto prefix, Qno tag, event class.
 *
 * Compiled by re2c 3.0 (-W -Werror) into build/lexer/pluto.c; the generated
 * file is never committed. Each stage is its own DFA anchored where the
 * previous one stopped, so every rule is deterministic and no stage ever
 * backtracks: header -> (repeat) -> prefix -> tag -> story -> body.
 * All DFAs use the line's '\n' as sentinel (re2c:eof = 10), so lines are lexed
 * in place in the mapped or decoded buffer. Field extraction after the class
 * is known is plain C on the body only (detail.c). */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lexer/detail.h"
#include "lexer/pluto.h"

typedef const unsigned char *cp;

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:eof = 10;
    re2c:tags = 1;

    d    = [0-9];
    sp   = " ";
    tod  = d d ":" d d ":" d d ("." d+)?;
    zone = "Z" | [+-] d d ":"? d d;
    mon  = [A-Za-z] [A-Za-z] [A-Za-z];
    mday = " " d | d d | d;
    tok  = [^ \n]+;
*/

static int month_of(cp m)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    char lo[3];
    for (int i = 0; i < 3; i++) lo[i] = (char)(m[i] | 0x20);
    for (int i = 0; i < 12; i++)
        if (memcmp(names + 3 * i, lo, 3) == 0) return i + 1;
    return 0;
}

static int num(cp a, cp b)
{
    int v = 0;
    for (; a < b; a++)
        if (*a >= '0' && *a <= '9') v = v * 10 + (*a - '0');
    return v;
}

/* Stage 1: the timestamp. Returns where the host part (or the message, for
 * H6/H7) starts; sets o->hdr. */
static cp lex_stamp(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
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
    @y d d d d "-" d d "-" d d "T" @t1 tod @t2 zone? sp {
        o->hdr = TS_HDR_ISO;
        o->year = num(y, y + 4); o->month = num(y + 5, y + 7); o->mday = num(y + 8, y + 10);
        o->time = ts_str_span(t1, t2);
        return YYCURSOR;
    }
    * { return start; }
    $ { return start; }
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

static cp lex_host(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
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
    @h1 tok @h2 sp @p1 prog @p2 pidp? ":" sp { return host_prog(o, h1, h2, p1, p2, i1, i2, YYCURSOR); }
    @h1 tok @h2 sp fac sp @p1 prog @p2 pidp? ":" sp { return host_prog(o, h1, h2, p1, p2, i1, i2, YYCURSOR); }
    * { return damaged(start, YYLIMIT, o); }
    $ { return damaged(start, YYLIMIT, o); }
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
    $ { return NULL; }
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
    $ { return start; }
    */
}

/* Whack console return code, only on headerless lines. */
static cp lex_rc(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp start = YYCURSOR, YYMARKER, r;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    @r (d d d | "1v2") sp { o->rc = ts_str_span(r, YYCURSOR - 1); return YYCURSOR; }
    * { return start; }
    $ { return start; }
    */
}

/* Stage 3: the pluto prefix. Sets *has to 1 when one was found. The part
 * after the connection name is lexed token by token (prefix_tail), which
 * keeps every tag deterministic. */
static cp prefix_tail(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp YYMARKER, e1, e2, s1, s2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    for (;;) {
    /*!re2c
    ":" sp { return YYCURSOR; }
    sp "#" @s1 d+ @s2 ":" sp { o->serial = ts_str_span(s1, s2); return YYCURSOR; }
    sp @e1 [^ \n#] [^ \n]* @e2 ":" sp {
        if (o->peer.p) return NULL;
        o->peer = ts_str_span(e1, e2); return YYCURSOR;
    }
    sp @e1 [^ \n#] [^ \n]* @e2 {
        if (o->peer.p) return NULL;
        o->peer = ts_str_span(e1, e2); continue;
    }
    * { return NULL; }
    $ { return NULL; }
    */
    }
}

static cp lex_prefix(cp YYCURSOR, cp YYLIMIT, struct ts_line *o, int *has)
{
    cp start = YYCURSOR, YYMARKER, c1, c2, n1, n2, e1, e2, s1, s2, t;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    *has = 1;
    /*!re2c
    inst = "[" @n1 d+ @n2 "]";

    ["] @c1 [^"\n]* @c2 ["] inst? { goto conn; }
    "(" @c1 [^)\n]* @c2 ")" inst? { goto conn; }
    ("packet" | "connection") " from " @e1 tok @e2 ":" sp {
        o->peer = ts_str_span(e1, e2);
        return YYCURSOR;
    }
    "#" @s1 d+ @s2 ":" sp { o->serial = ts_str_span(s1, s2); return YYCURSOR; }
    * { *has = 0; return start; }
    $ { *has = 0; return start; }
    */
conn:
    o->conn = ts_str_span(c1, c2);
    o->instance = ts_str_span(n1, n2);
    t = prefix_tail(YYCURSOR, YYLIMIT, o);
    if (t) return t;
    o->conn = o->instance = o->peer = o->serial = ts_str_span(NULL, NULL);
    *has = 0;
    return start;
}

/* Stage 4: a Qno "[Tunnel ...]" tag, then an upstream "STATE_X: " story. */
static cp lex_tag(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp start = YYCURSOR, YYMARKER, t1, t2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    "[" @t1 [A-Za-z] [A-Za-z0-9 _-]* @t2 "]" sp? { o->tag = ts_str_span(t1, t2); return YYCURSOR; }
    * { return start; }
    $ { return start; }
    */
}

static cp lex_story(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp start = YYCURSOR, YYMARKER, t1, t2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    @t1 ("STATE_" [A-Z0-9_]+ | ("IKE_SA_INIT" | "IKE_AUTH" | "CREATE_CHILD_SA" | "PARENT") "_" [IR] d?) @t2 ":" sp {
        o->state = ts_str_span(t1, t2); return YYCURSOR;
    }
    * { return start; }
    $ { return start; }
    */
}

/* Stage 5: the event class. *rest is set to where the matched phrase ends. */
static int lex_body(cp YYCURSOR, cp YYLIMIT, cp *rest)
{
    cp YYMARKER;
#define C(id) do { *rest = YYCURSOR; return TS_C_##id; } while (0)
    /*!re2c
    any  = [^\n]*;
    nth  = d ("st" | "nd" | "rd" | "th");
    mode = "Main" | "Aggressive" | "Quick";
    verb = "Send" | "send" | "Received" | "received";
    m12  = "Main" | "Aggressive";

    "initiating Main Mode" | "initiating IKEv1 Main Mode" | "initiating Aggressive Mode"
        | "responding to Main Mode" | "responding to Aggressive Mode"
        | "Responder " ("Received" | "received") " " m12 " Mode 1st packet"
        | "Initiator " ("Send" | "send") " " m12 " Mode 1st packet"        { C(PHASE1_START); }
    "Responder " ("Received" | "received") " Quick Mode 1st packet"
        | "Initiator " ("Send" | "send") " Quick Mode 1st packet"
        | "initiating Quick Mode" | "responding to Quick Mode"             { C(PHASE2_START); }
    (("Responder" | "Initiator") " ")? verb " " mode " Mode " nth " packet" { C(STATE_CHANGE); }

    "ISAKMP SA established" | "IKE SA established" | "sent " [A-Z]+ d ", ISAKMP SA established"
        | ("initiator " | "responder ")? "established IKE SA"               { C(PHASE1_UP); }
    "IPsec SA established" | "sent " [A-Z]+ d ", IPsec SA established"
        | ("initiator " | "responder ")? "established Child SA"             { C(PHASE2_UP); }

    "Peer ID is " | "Main mode peer ID is " | "Aggressive mode peer ID is " { C(PEER_ID); }
    "we require peer to have ID" | "we require IKEv1 peer to have ID"
        | "no suitable connection for peer" | "Peer mismatch on first found connection" { C(ID_MISMATCH); }

    "no connection has been authorized"
        | "initial " any "no connection has been authorized"
        | "initial Main Mode message received on " any " forbids connection"
        | "initial Aggressive Mode message from " any "connection has been configured"
        | "initial Aggressive Mode packet claiming to be from"
        | "initial parent SA message received on"
        | "dropping " any "no suitable connection found with IKEv2 policy"   { C(PSK_POLICY_MISS); }

    "probable authentication failure" | "received Hash Payload does not match computed value"
        | "Signature check" | "no RSA public key known" | "unable to locate my private key"
        | "too many (" d+ ") malformed payloads" | "received " d+ " malformed payload notifies"
                                                                           { C(AUTH_FAIL); }
    "max number of retransmissions" | d+ " second timeout exceeded after"  { C(RETRANSMIT_TIMEOUT); }
    "retransmission; will wait" | "retransmitting in response to duplicate packet"
        | "discarding duplicate packet" | "starting keying attempt" | "scheduling retry attempt"
        | "Quick Mode I1 message is unacceptable because it uses a previously used Message ID"
                                                                           { C(RETRANSMIT); }
    "You should NOT use insecure IKE algorithms ("                         { C(WEAK_IKE); }
    "You should NOT use insecure ESP algorithms ["                         { C(WEAK_ESP); }
    "no acceptable Oakley Transform" | "no acceptable Proposal in IPsec SA" { C(NO_PROPOSAL); }
    "NAT-Traversal: Result using" | "new NAT mapping for"                  { C(NAT_T); }
    ("received" | "ignoring" | "ignoring unknown") " Vendor ID payload ["  { C(VENDOR_ID); }
    "cannot respond to IPsec SA request because no connection is known for" { C(PHASE2_NO_CONN); }
    "Inbound SPI value = " | "Outbound SPI value = "                       { C(SPI); }

    "Dead Peer Detection (RFC 3706) enabled" | "Dead Peer Detection (RFC 3706): enabled" { C(DPD_ENABLED); }
    "DPD: No response from peer - declaring peer dead"
        | "DPD: Info: No response from peer - declaring peer dead"
        | "DPD action - " | "liveness_check - peer " | "IKEv2 liveness: action - " { C(DPD_DEAD); }
    "DPD: " | "terminating SAs using this connection"                      { C(DPD_ACTION); }

    "Informational Exchange is for an unknown (expired?) SA"
        | "encrypted Informational Exchange message is invalid because"
        | ("Main Mode" | "phase 1" | "Phase 1") " message is part of an unknown exchange"
        | "Quick Mode message is for a non-existent (expired?) ISAKMP SA"
        | "Quick Mode message is unacceptable because it is for an incomplete ISAKMP SA"
                                                                           { C(UNKNOWN_SA); }
    "ignoring informational payload" | "received and ignored informational message" { C(NOTIFY_RECEIVED); }
    "sending notification " | "sending encrypted notification "            { C(NOTIFY_SENT); }
    "received Delete SA payload" | "received Delete SA(0x"                 { C(DELETE_SA); }
    "ignoring Delete SA payload"                                           { C(DELETE_SA_NOT_FOUND); }
    "deleting state" | "deleting other state" | "deleting IKE SA" | "deleting Child SA" { C(SA_DELETED); }
    "deleting connection " any "instance with peer" | "instance with peer" { C(DISCONNECT); }
    "XAUTH: User " any "Authentication Successful"                         { C(XAUTH_OK); }
    "XAUTH: User " any "Authentication Failed" | "XAUTH FAILED" | "PAM: authentication of user"
        | "Expected MODE_CFG_REPLY is missing"
        | "XAUTH: Username or password request was received, but"          { C(XAUTH_FAIL); }
    "ERROR: asynchronous network error report"                             { C(NETWORK_ERROR); }

    "Starting Pluto" | "Plutorun started" | "pluto killed by" | "listening for IKE messages"
        | "adding interface" | "shutting down" | "loading secrets" | "forgetting secrets"
        | "added connection description" | "added IKEv1 connection" | "added IKEv2 connection"
        | "deleting connection" | "deleting non-instance connection" | "NSS initialized"
        | "leak detective found no leaks" | sp                               { C(DAEMON); }

    "transition from state" | "esp_ealg_id=" | "the peer proposed:" | "replacing stale"
        | "not replacing stale" | "ESP traffic information:" | "XAUTH: "
        | "Configured DPD (RFC 3706) support not enabled"
        | "Dead Peer Detection (RFC 3706): not enabled"                    { C(STATE_CHANGE); }

    * { *rest = NULL; return TS_C_OTHER; }
    $ { *rest = NULL; return TS_C_OTHER; }
    */
#undef C
}

static int is_pluto(ts_str prog)
{
    return ts_str_eq(prog, TS_S("pluto")) || ts_str_eq(prog, TS_S("ipsec__plutorun"))
        || ts_str_eq(prog, TS_S("ipsec_plutorun"));
}

/* GCC turns a memset of this struct (about 340 bytes) into `rep stos`,
 * whose start-up cost was 17% of ts_lex_line on the 30% corpus (perf
 * annotate); plain vector stores cost a few cycles. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static void zero_line(struct ts_line *o)
{
#if defined(__SSE2__)
    unsigned char *b = (unsigned char *)o;
    size_t i = 0;
    for (; i + 16 <= sizeof *o; i += 16) _mm_storeu_si128((__m128i *)(void *)(b + i), _mm_setzero_si128());
    for (; i < sizeof *o; i++) b[i] = 0;
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
    int pluto = 0;
    if (o->hdr == TS_HDR_3164 || o->hdr == TS_HDR_ISO || o->hdr == TS_HDR_5424) {
        cp h = o->hdr == TS_HDR_5424 ? lex_5424(m, nl, o) : lex_host(m, nl, o);
        /* A timestamp with no host/program shape after it is not pluto's:
         * only H6/H7 lines may be recognised by their message alone. */
        if (!h || !is_pluto(o->prog)) return o->kind = TS_LINE_NOT_IKE;
        pluto = 1;
        m = h;
        while (o->host.n > 0 && o->host.p[o->host.n - 1] == '.') o->host.n--;
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
    m = lex_prefix(m, nl, o, &has);
    if (!pluto && !has) return o->kind = TS_LINE_NOT_IKE;
    o->kind = TS_LINE_IKE;
    m = lex_tag(m, nl, o);
    m = lex_story(m, nl, o);
    if (m > eol) m = eol;
    o->body = ts_str_span(m, eol);
    if (o->body.p == NULL) o->body.p = m;

    cp rest = NULL;
    o->cls = lex_body(m, nl, &rest);
    if (rest && rest > eol) rest = eol;
    if (o->cls == TS_C_OTHER && o->state.n) o->cls = TS_C_STATE_CHANGE;
    if (ts_str_eq(o->tag, TS_S("Tunnel Disconnected"))) o->cls = TS_C_DISCONNECT;
    ts_detail(o, rest ? rest : m, eol);

    if (o->peer.n) {
        /* Split "addr:port", "[v6]:port"; bare IPv6 keeps its colons. */
        cp a = o->peer.p, b = a + o->peer.n;
        if (*a == '[') {
            cp r = memchr(a, ']', (size_t)(b - a));
            if (r) {
                o->peer = ts_str_span(a + 1, r);
                if (r + 1 < b && r[1] == ':') o->port = ts_str_span(r + 2, b);
            }
        } else {
            cp c = memchr(a, ':', (size_t)(b - a));
            if (c && !memchr(c + 1, ':', (size_t)(b - c - 1))) {
                cp q = c + 1;
                while (q < b && *q >= '0' && *q <= '9') q++;
                if (q == b && q > c + 1) {
                    o->peer = ts_str_span(a, c);
                    o->port = ts_str_span(c + 1, b);
                }
            }
        }
    }
    return o->kind;
}
