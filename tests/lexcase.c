/* lexcase.c — see lexcase.h. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "lexcase.h"
#include "lexer/pluto.h"

static void fmt_detail(char *buf, size_t n, const struct ts_line *o)
{
    if (o->d2.n)
        snprintf(buf, n, "%.*s%s%.*s", (int)o->d1.n, o->d1.p ? (const char *)o->d1.p : "", o->d1.n ? " " : "",
                 (int)o->d2.n, (const char *)o->d2.p);
    else
        snprintf(buf, n, "%.*s", (int)o->d1.n, o->d1.p ? (const char *)o->d1.p : "");
}

void ts_check_str(const char *what, const char *line, ts_str got, const char *want)
{
    char g[512];
    snprintf(g, sizeof g, "%.*s", (int)got.n, got.p ? (const char *)got.p : "");
    if (strcmp(g, want) != 0) fail_msg("%s: %s = '%s', want '%s'", line, what, g, want);
}

void ts_run_lexcases(const struct lexcase *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct lexcase *c = &t[i];
        char buf[2048];
        size_t len = strlen(c->line);
        memcpy(buf, c->line, len);
        buf[len] = '\n';
        struct ts_line o;
        int k = ts_lex_line((const unsigned char *)buf, (const unsigned char *)buf + len, &o);
        if (k != c->kind) fail_msg("%s: kind %d, want %d", c->line, k, c->kind);
        ts_check_str("host", c->line, o.host, c->host);
        ts_check_str("prog", c->line, o.prog, c->prog);
        ts_check_str("pid", c->line, o.pid, c->pid);
        ts_check_str("time", c->line, o.time, c->time);
        if (o.year != c->y || o.month != c->m || o.mday != c->d)
            fail_msg("%s: date %d-%d-%d, want %d-%d-%d", c->line, o.year, o.month, o.mday, c->y, c->m, c->d);
        if (k != TS_LINE_IKE) continue;
        ts_check_str("conn", c->line, o.conn, c->conn);
        ts_check_str("instance", c->line, o.instance, c->inst);
        ts_check_str("peer", c->line, o.peer, c->peer);
        ts_check_str("port", c->line, o.port, c->port);
        ts_check_str("serial", c->line, o.serial, c->serial);
        ts_check_str("tag", c->line, o.tag, c->tag);
        if (strcmp(ts_class_name(o.cls), c->cls) != 0)
            fail_msg("%s: class %s, want %s", c->line, ts_class_name(o.cls), c->cls);
        char d[600];
        fmt_detail(d, sizeof d, &o);
        if (strcmp(d, c->detail) != 0) fail_msg("%s: detail '%s', want '%s'", c->line, d, c->detail);
    }
}

