/* msg.h — everything the command line says on stderr, and its exit statuses.
 *
 * File names, log lines and error texts come from the inputs and may hold
 * any byte: a forged syslog line must not move the cursor or retitle the
 * terminal. So every piece of untrusted text on stderr goes through one
 * escape (base/escape.h, the same as `explain` and `-f table`): controls,
 * DEL and invalid UTF-8 come out as \ooo. The progress line (progress.h) is
 * cleared first, so messages never mix with it. */
#ifndef TS_MSG_H
#define TS_MSG_H

#include <stddef.h>

#include "base/ts.h"

/* README "Exit status". An early-closed pipe is not an error (README). */
enum ts_msg_exit {
    TS_EXIT_OK = 0,
    TS_EXIT_PARTIAL = 1,
    TS_EXIT_USAGE = 2,
    TS_EXIT_OUTPUT = 3,
    TS_EXIT_INTERNAL = 4,
    TS_EXIT_ALERT = 5 /* a --fail-on rule was reached */
};

extern const char *const ts_msg_prog;

/* One line on stderr: the printf text escaped whole (the CLI's own words
 * are printable ASCII, so only what the arguments brought in changes), then
 * a newline. */
void ts_msg_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "tunnelstat: PATH: line N: message: strerror", escaped. */
void ts_msg_err(const struct ts_err *e);
/* A usage error (printf text, escaped) and the --help hint of cmd (NULL:
 * the top level); returns TS_EXIT_USAGE. */
int ts_msg_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
