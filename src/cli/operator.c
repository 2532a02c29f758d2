/* operator.c — see operator.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cli/operator.h"

/* --peer-names FILE into t: TS_EXIT_OK, or TS_EXIT_USAGE with the file (and
 * line) named on stderr. */
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
    if (rc != TS_OK) ts_msg_err(&err);
    return rc == TS_OK ? TS_EXIT_OK : rc == TS_ENOMEM ? TS_EXIT_INTERNAL : TS_EXIT_USAGE;
}

void ts_operator_on_alert(void *ctx, ts_str host, const struct ts_report_rule *rule, uint64_t count)
{
    (void)ctx;
    /* the host is log text: ts_msg_line escapes it */
    ts_msg_line("%s: alert: host %.*s: %" PRIu64 " %.*s events in the report's window (--fail-on %s)", ts_msg_prog,
                (int)host.n, (const char *)host.p, count, (int)(strchr(rule->name, '=') - rule->name), rule->name,
                rule->name);
}
