/* err.c — filling struct ts_err; printing is main.c's job. */
#include <stdarg.h>
#include <stdio.h>

#include "base/ts.h"

void ts_err_set(struct ts_err *e, int code, int sys, const char *path, const char *fmt, ...)
{
    if (!e) return;
    e->code = code;
    e->sys = sys;
    e->path = path;
    e->line = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}
