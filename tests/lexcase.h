/* lexcase.h — one expected lexing of one line, and the table runner the
 * lexer tests share (lexcase.c). Expected values are written by hand. */
#ifndef TS_LEXCASE_H
#define TS_LEXCASE_H

#include <stddef.h>

#include "base/ts.h"

struct lexcase {
    const char *line;
    int kind;
    const char *host, *prog, *pid, *time;
    int y, m, d;
    const char *conn, *inst, *peer, *port, *serial, *tag;
    const char *cls;
    const char *detail; /* "d1" or "d1 d2" */
};

#define IKE TS_LINE_IKE
#define NOT TS_LINE_NOT_IKE
#define DBG TS_LINE_DEBUG

/* Lexes every line of t[0..n) and fails (cmocka) on the first field that
 * differs; fields after the class are checked on IKE lines only. */
void ts_run_lexcases(const struct lexcase *t, size_t n);
/* Fails when got differs from want ("" for an absent field). */
void ts_check_str(const char *what, const char *line, ts_str got, const char *want);

/* A cmocka test that runs one table. */
#define TS_LEXCASE_TEST(fn, table) \
    static void fn(void **state) \
    { \
        (void)state; \
        ts_run_lexcases(table, sizeof table / sizeof table[0]); \
    }

#endif
