/* operator.h — the CLI's side of the outputs for people on call: the
 * --peer-names file and the --fail-on alert lines. */
#ifndef TS_OPERATOR_H
#define TS_OPERATOR_H

#include <stdint.h>

#include "report/report.h"

/* --peer-names FILE into t: 0, or the exit status (2: unreadable or bad
 * file, 4: out of memory) with the file (and line) named on stderr. */
int ts_operator_load_names(const char *path, struct ts_names *t);
/* A ts_report_hit_fn: one "alert:" line on stderr, the host escaped. */
void ts_operator_on_alert(void *ctx, ts_str host, const struct ts_report_rule *rule, uint64_t count);

#endif
