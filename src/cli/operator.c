/* operator.c — see operator.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "cli/operator.h"

/* As main's: "tunnelstat: PATH: line N: message". */
static void ts_operator_print_err(const struct ts_err *e)
{
    fprintf(stderr, "tunnelstat: ");
    if (e->path) fprintf(stderr, "%s: ", e->path);
    if (e->line) fprintf(stderr, "line %lld: ", e->line);
    fputs(e->msg[0] ? e->msg : "error", stderr);
    if (e->sys) fprintf(stderr, ": %s", strerror(e->sys));
    fputc('\n', stderr);
}

/* --peer-names FILE into t: EXIT_OK, or EXIT_USAGE with the file (and line)
 * named on stderr. */
int ts_operator_load_names(const char *path, struct ts_names *t)
{
    struct ts_err err = {0};
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    size_t n = 0, cap = 0;
    int rc = f ? TS_OK : TS_EIO;
    if (!f) ts_err_set(&err, TS_EIO, errno, path, "cannot open the --peer-names file");
    while (rc == TS_OK) {
        if (n == cap) {
            char *q = realloc(p, cap = cap ? 2 * cap : 65536);
            if (!q) {
                rc = TS_ENOMEM;
                ts_err_set(&err, TS_ENOMEM, 0, path, "out of memory");
                break;
            }
            p = q;
        }
        const size_t k = fread(p + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                rc = TS_EIO;
                ts_err_set(&err, TS_EIO, errno, path, "cannot read the --peer-names file");
            }
            break;
        }
    }
    if (f) fclose(f);
    if (rc == TS_OK && (rc = ts_names_parse(t, p ? p : "", n, &err)) != TS_OK) err.path = path;
    free(p);
    if (rc != TS_OK) ts_operator_print_err(&err);
    return rc == TS_OK ? 0 : rc == TS_ENOMEM ? 4 : 2;
}

void ts_operator_on_alert(void *ctx, ts_str host, const struct ts_report_rule *rule, uint64_t count)
{
    (void)ctx;
    struct ts_buf h = {0};
    ts_escape_term(&h, host); /* a host name is log text */
    fprintf(stderr, "%s: alert: host %.*s: %" PRIu64 " %.*s events in the report's window (--fail-on %s)\n", "tunnelstat",
            h.oom ? 0 : (int)h.n, h.p ? h.p : "", count, (int)(strchr(rule->name, '=') - rule->name), rule->name,
            rule->name);
    ts_buf_free(&h);
}
