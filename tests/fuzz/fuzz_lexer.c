/* fuzz_lexer.c — libFuzzer: the lexer on arbitrary lines.
 * Every view it returns must lie inside the line, and lexing must be a pure
 * function of the bytes (same result twice). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexer/pluto.h"

static void inside(ts_str s, const unsigned char *a, const unsigned char *b)
{
    if (s.n < 0 || (s.n > 0 && (s.p < a || s.p + s.n > b))) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf = malloc(size + 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    /* The lexer's contract: one line, '\n' as sentinel. */
    for (size_t i = 0; i < size; i++)
        if (buf[i] == '\n') buf[i] = ' ';
    buf[size] = '\n';
    struct ts_line a, b;
    int k = ts_lex_line(buf, buf + size, &a);
    if (ts_lex_line(buf, buf + size, &b) != k || a.cls != b.cls) abort();
    const ts_str *f[] = {&a.time, &a.host, &a.prog, &a.pid, &a.rc, &a.conn, &a.instance, &a.peer,
                         &a.port, &a.serial, &a.tag, &a.state, &a.body, &a.d1, &a.d2};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i]->n && ts_str_eq(*f[i], TS_S("pluto"))) continue; /* may be a literal */
        if (f[i]->n && (ts_str_eq(*f[i], TS_S("in")) || ts_str_eq(*f[i], TS_S("out")))) continue;
        inside(*f[i], buf, buf + size + 1);
    }
    if (k == TS_LINE_IKE && (a.cls < 0 || a.cls >= TS_NCLASS || a.weight < 1)) abort();
    free(buf);
    return 0;
}
