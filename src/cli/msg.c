/* msg.c — see msg.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/escape.h"
#include "cli/msg.h"
#include "cli/progress.h"

const char *const ts_msg_prog = "tunnelstat";

/* Escapes and writes n bytes and a newline in one stdio call, so lines
 * from the progress thread and the main thread do not interleave. */
static void put_line(const char *p, size_t n)
{
    struct ts_buf b = {0};
    ts_escape_term(&b, (ts_str){(const unsigned char *)p, (ptrdiff_t)n});
    ts_buf_put(&b, "\n", 1);
    ts_progress_hold();
    if (!b.oom) fwrite(b.p, 1, b.n, stderr);
    else fputs("tunnelstat: out of memory while printing a message\n", stderr);
    fflush(stderr);
    ts_progress_release();
    ts_buf_free(&b);
}

/* prefix (trusted) and the printf text, escaped as one line. */
static void vline(const char *prefix, const char *fmt, va_list ap)
{
    char small[512];
    const size_t k = strlen(prefix);
    va_list aq;
    va_copy(aq, ap);
    const int n = vsnprintf(small, sizeof small, fmt, aq);
    va_end(aq);
    if (n < 0) return;
    char *p = malloc(k + (size_t)n + 1);
    if (!p) {
        put_line(small, strlen(small));
        return;
    }
    memcpy(p, prefix, k);
    vsnprintf(p + k, (size_t)n + 1, fmt, ap);
    put_line(p, k + (size_t)n);
    free(p);
}

void ts_msg_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline("", fmt, ap);
    va_end(ap);
}

void ts_msg_err(const struct ts_err *e)
{
    char where[64] = "";
    if (e->line) snprintf(where, sizeof where, "line %lld: ", e->line);
    ts_msg_line("%s: %s%s%s%s%s%s", ts_msg_prog, e->path ? e->path : "", e->path ? ": " : "", where,
                e->msg[0] ? e->msg : "error", e->sys ? ": " : "", e->sys ? strerror(e->sys) : "");
}

int ts_msg_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline("tunnelstat: ", fmt, ap);
    va_end(ap);
    ts_msg_line("Try '%s%s%s --help'.", ts_msg_prog, cmd ? " " : "", cmd ? cmd : "");
    return TS_EXIT_USAGE;
}
