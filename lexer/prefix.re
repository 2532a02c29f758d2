/* prefix.re — stages 3 and 4 of the line lexer (pluto.re): the pluto
 * prefix ("conn"[inst] peer #serial:), the Qno "[Tunnel ...]" tag and an
 * upstream "STATE_X: " story. Compiled by re2c like pluto.re (the line's
 * '\n' as sentinel); the common shapes are checked in plain C first and
 * anything else is left to the DFAs (bench/NOTES.md §15). */
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lexer/bytes.h"
#include "lexer/prefix.h"

typedef const unsigned char *cp;

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:sentinel = 10;
    re2c:tags = 1;

    d    = [0-9];
    sp   = " ";
    tok  = [^ \n]+;
*/

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
    // GitHub renders "#4" of a pasted log as a link to issue 4.
    sp "https://github.com/" [^ \n/]+ "/" [^ \n/]+ "/" ("issues" | "pull") "/" @s1 d+ @s2 ":" sp {
        o->serial = ts_str_span(s1, s2); return YYCURSOR;
    }
    // An opportunistic instance's own client ("192.0.1.0/24=== ...peer") is not the peer.
    sp [^ \n#] [^ \n]* "===" { continue; }
    // Libreswan 3 with logip=no.
    sp @e1 "<ip address>" @e2 {
        if (o->peer.p) return NULL;
        o->peer = ts_str_span(e1, e2); continue;
    }
    sp @e1 [^ \n#] [^ \n]* @e2 ":" sp {
        if (o->peer.p) return NULL;
        o->peer = ts_str_span(e1, e2); return YYCURSOR;
    }
    sp @e1 [^ \n#] [^ \n]* @e2 {
        if (o->peer.p) return NULL;
        o->peer = ts_str_span(e1, e2); continue;
    }
    * { return NULL; }
    */
    }
}

/* prefix_tail's common cases: " #S: ", ": ", " PEER #S: ", " PEER: " with a
 * PEER that has no '=' and does not start with '<' or 'h' (so none of the
 * "===", "<ip address>" and GitHub rules can match and the token rules have
 * one parse each). Anything else goes to the DFA from where this stopped;
 * the DFA keeps no state between its tokens but o->peer. */
static cp tail_fast(cp q, cp nl, struct ts_line *o)
{
    for (;;) {
        if (q[0] == ':') {
            if (q[1] == ' ') return q + 2;
            break;
        }
        if (q[0] != ' ') break;
        const unsigned char c = q[1];
        if (c == '#') {
            cp s1 = q + 2, r = s1;
            r = ts_bytes_digits(r);
            if (r > s1 && r[0] == ':' && r[1] == ' ') {
                o->serial = (ts_str){s1, r - s1};
                return r + 2;
            }
            break;
        }
        if (c == ' ' || c == '\n' || c == '<' || c == 'h') break;
        cp t = q + 1, e = ts_bytes_until(t, nl, TS_BYTES_END_PEER);
        if (*e == '=') break;
        if (o->peer.p) return NULL;
        if (e - t >= 2 && e[-1] == ':' && e[0] == ' ') {
            o->peer = (ts_str){t, e - 1 - t};
            return e + 1;
        }
        o->peer = (ts_str){t, e - t};
        q = e;
    }
    return prefix_tail(q, nl, o);
}

/* The first two rules of ts_prefix_lex, "CONN" or (CONN) and the instance
 * numbers, without the DFA: each has one parse, the longest. NULL when the
 * name is not closed on the line. */
static cp conn_fast(cp q, cp nl, cp *c1, cp *c2, cp *n1, cp *n2)
{
    *c1 = q + 1;
    *c2 = ts_bytes_until_char(q + 1, nl, *q == '"' ? '"' : ')');
    if (**c2 == '\n') return NULL;
    q = *c2 + 1;
    *n1 = *n2 = NULL;
    for (int first = 1; q[0] == '[' && (ts_bytes_class[q[1]] & TS_BYTES_DIGIT); first = 0) {
        cp r = q + 1;
        r = ts_bytes_digits(r);
        if (*r != ']') break;
        if (first) *n1 = q + 1, *n2 = r;
        q = r + 1;
    }
    return q;
}

cp ts_prefix_lex(cp YYCURSOR, cp YYLIMIT, struct ts_line *o, int *has)
{
    cp start = YYCURSOR, YYMARKER, c1, c2, n1, n2, e1, e2, s1, s2, t;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    *has = 1;
    if ((*YYCURSOR == '"' || *YYCURSOR == '(') && (t = conn_fast(YYCURSOR, YYLIMIT, &c1, &c2, &n1, &n2)) != NULL) {
        YYCURSOR = t;
        goto conn;
    }
    /*!re2c
    inst = "[" @n1 d+ @n2 "]" ("[" d+ "]")*;   // "labeled"[1][2]: the first is kept

    ["] @c1 [^"\n]* @c2 ["] inst? { goto conn; }
    "(" @c1 [^)\n]* @c2 ")" inst? { goto conn; }
    ("packet" | "connection") " from " @e1 tok @e2 ":" sp {
        o->peer = ts_str_span(e1, e2);
        return YYCURSOR;
    }
    "#" @s1 d+ @s2 ":" sp+ { o->serial = ts_str_span(s1, s2); return YYCURSOR; }
    * { *has = 0; return start; }
    */
conn:
    o->conn = ts_str_span(c1, c2);
    o->instance = ts_str_span(n1, n2);
    t = tail_fast(YYCURSOR, YYLIMIT, o);
    if (t) return t;
    o->conn = o->instance = o->peer = o->serial = ts_str_span(NULL, NULL);
    *has = 0;
    return start;
}

/* The first byte at or after q that is not in the tag's [A-Za-z0-9 _-]
 * (the line's '\n' is not), 16 bytes at a time while they are in the line. */
static cp tag_end(cp q, cp nl)
{
#if defined(__SSE2__)
    for (; nl - q >= 16; q += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        const __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
        /* signed compares: bytes from 0x80 are negative, in no range */
        const __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        const __m128i other = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))),
                                           _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
        const unsigned out = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha, digit), other)) & 0xffff;
        if (out) return q + __builtin_ctz(out);
    }
#endif
    while ((*q >= '0' && *q <= '9') || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') || *q == ' ' || *q == '_' || *q == '-') q++;
    return q;
}

/* Stage 4: a Qno "[Tunnel ...]" tag, then an upstream "STATE_X: " story.
 * The tag's one rule, without the DFA: '[', a letter, tag_end, ']'. */
static cp lex_tag(cp q, cp nl, struct ts_line *o)
{
    if (q[0] != '[' || !(((q[1] | 0x20) >= 'a' && (q[1] | 0x20) <= 'z'))) return q;
    cp t2 = tag_end(q + 2, nl);
    if (*t2 != ']') return q;
    o->tag = (ts_str){q + 1, t2 - q - 1};
    return t2 + 1 + (t2[1] == ' ');
}

static cp lex_story(cp YYCURSOR, cp YYLIMIT, struct ts_line *o)
{
    cp start = YYCURSOR, YYMARKER, t1, t2;
    /*!stags:re2c format = 'cp @@ __attribute__((unused)) = NULL;\n'; */
    /*!re2c
    // Libreswan 5 names states without STATE_: MAIN_I1, IKE_SA_INIT_I,
    // ESTABLISHED_IKE_SA (v5.4 ikev1_states.c, ikev2_states.c).
    @t1 ("STATE_" [A-Z0-9_]+ | [A-Z] [A-Z0-9_]* "_" ("I" | "R" | "IR") d? | "ESTABLISHED_" ("IKE" | "CHILD") "_SA")
        @t2 ":" sp {
        o->state = ts_str_span(t1, t2); return YYCURSOR;
    }
    * { return start; }
    */
}


cp ts_prefix_tag_story(cp m, cp nl, struct ts_line *o)
{
    return lex_story(lex_tag(m, nl, o), nl, o);
}
