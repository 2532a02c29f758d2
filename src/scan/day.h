/* day.h — the day of a line (SPEC.md §5): RFC 3164 dates carry no year, so
 * the year comes from a per-file reference date R. Pure functions: the same
 * line and R give the same day in any chunk, thread or machine. */
#ifndef TS_DAY_H
#define TS_DAY_H

#include "base/ts.h"

struct ts_day_ref {
    int y, m, d;
};

/* "YYYY-MM-DD" (exactly): TS_OK, or TS_EUSAGE for anything else. */
int ts_day_ref_parse(const char *s, struct ts_day_ref *r);
/* First YYYYMMDD or YYYY-MM-DD (a valid date) in the base name of path:
 * TS_OK, or TS_EDATA when the name holds none. */
int ts_day_ref_from_name(const char *path, struct ts_day_ref *r);
/* Local calendar date of t (seconds since the epoch; TZ honoured). */
void ts_day_ref_from_time(long long t, struct ts_day_ref *r);

int ts_day_is_leap(int y);
/* Year of month-day (m, d) seen in a file with reference date r: that of
 * the latest such date on or before r + 1 day (SPEC.md §5). */
int ts_day_year(int m, int d, const struct ts_day_ref *r);
/* Writes "YYYY-MM-DD" (10 bytes, no NUL) and returns 10; returns 0 (and
 * writes nothing) for an impossible date. */
int ts_day_format(int y, int m, int d, char out[10]);

/* A --since/--until argument: YYYY-MM-DD, "today", "yesterday" or "-Nd"
 * (N days before today), today being the local date at time now. Writes
 * "YYYY-MM-DD" and a NUL into out; 0 on success, -1 if s is none of these. */
int ts_day_arg(const char *s, long long now, char out[11]);

#endif
