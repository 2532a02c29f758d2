/* cal.h — civil dates and the span of days the corpus covers.
 *
 * Time inside the generator is seconds since 00:00:00 of the first day; a
 * line's day is that divided by 86400, an index into cal.days. */
#ifndef GEN_CAL_H
#define GEN_CAL_H

#include "base.h"

struct day {
    int y, m, d;
    char iso[11]; /* YYYY-MM-DD */
};

struct cal {
    long day0;        /* days_from_civil of the first day */
    int ndays;
    struct day *days; /* [0 .. ndays], the last one the day after the span */
    u64 span;         /* seconds */
};

extern const char k_mon[]; /* "JanFeb...", three letters a month */

long days_from_civil(int y, int m, int d);
void civil_from_days(long z, int *y, int *m, int *d);
/* The year SPEC §5 gives month-day (m, d) in a file whose reference date is ry-rm-rd. */
int rule_year(int m, int d, int ry, int rm, int rd);
/* Fills c for ndays days from y-m-d (a valid date). */
void cal_init(struct cal *c, int y, int m, int d, int ndays);

#endif
