/* ts.h — basics shared by every tunnelstat module.
 *
 * Strings inside the program are (pointer, length) views, never NUL-terminated
 * in the hot path; they point into the mapped or decoded input buffer until a
 * module copies them into an arena. Errors travel as a code plus a filled
 * struct ts_err; only main.c prints them. */
#ifndef TS_TS_H
#define TS_TS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const unsigned char *p;
    ptrdiff_t n;
} ts_str;

#define TS_S(lit) ((ts_str){(const unsigned char *)(lit), (ptrdiff_t)sizeof(lit) - 1})
#define TS_COUNTOF(a) ((ptrdiff_t)(sizeof(a) / sizeof((a)[0])))

/* Longest line handed to the lexer; longer lines are cut (SPEC §1). */
#define TS_MAX_LINE ((size_t)1 << 20)

/* Longest text field a report cell or an explanation prints before "..."
 * (SPEC §6): peer IDs and user names are attacker-chosen and unbounded. */
#define TS_FIELD_CUT 256

#ifdef TS_DEBUG
#define TS_ASSERT(c) ((c) ? (void)0 : __builtin_trap())
#else
#define TS_ASSERT(c) ((void)0)
#endif

enum ts_rc {
    TS_OK = 0,
    TS_EIO,     /* read/open/stat failed (errno in ts_err.sys) */
    TS_EDATA,   /* corrupt compressed data */
    TS_ETRUNC,  /* compressed stream ends early; complete lines were delivered */
    TS_ENOMEM,
    TS_EUSAGE,
    TS_EOUT,    /* report could not be written */
    TS_ESTOP,   /* a callback asked to stop */
    TS_ENOENGINE, /* an optional engine (Hyperscan) is unavailable: not built in, or not for this CPU */
    TS_EENGINE  /* an engine failed (Hyperscan compile or scan error) */
};

struct ts_err {
    int code;          /* enum ts_rc */
    int sys;           /* errno, 0 if none */
    const char *path;  /* borrowed; the input or output involved, NULL if none */
    long long line;    /* 0 if not about a line */
    char msg[256];
};

void ts_err_set(struct ts_err *e, int code, int sys, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The one error callback: told about an input that could not be read
 * completely (walk, run, explain), on the calling thread, in input order. */
typedef void (*ts_err_fn)(void *ctx, const struct ts_err *e);

/* The view [a, b); empty (with a NULL p when a is NULL) unless a < b. */
static inline ts_str ts_str_span(const unsigned char *a, const unsigned char *b)
{
    ts_str s = {a, (a && b && b > a) ? b - a : 0};
    return s;
}

/* A view of a C string (NULL: empty). */
static inline ts_str ts_str_c(const char *s)
{
    ptrdiff_t n = 0;
    while (s && s[n]) n++;
    return (ts_str){(const unsigned char *)s, n};
}

/* Bytewise order; a prefix sorts first. */
static inline int ts_str_cmp(ts_str a, ts_str b)
{
    const ptrdiff_t m = a.n < b.n ? a.n : b.n;
    for (ptrdiff_t i = 0; i < m; i++)
        if (a.p[i] != b.p[i]) return a.p[i] < b.p[i] ? -1 : 1;
    return (a.n > b.n) - (a.n < b.n);
}

static inline int ts_str_eq(ts_str a, ts_str b)
{
    if (a.n != b.n) return 0;
    for (ptrdiff_t i = 0; i < a.n; i++)
        if (a.p[i] != b.p[i]) return 0;
    return 1;
}

#endif
