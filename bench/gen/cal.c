/* cal.c — proleptic Gregorian day numbers and the year rule of SPEC §5. */
#include "cal.h"

#include "fmt.h"

const char k_mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int rule_year(int m, int d, int ry, int rm, int rd)
{
    /* R's month-day plus one day, as (month, day); Dec 31 + 1 accepts every month-day. */
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int lm = rm, ld = rd + 1;
    if (ld > mdays[rm - 1] || (rm == 2 && ld == 29 && !is_leap(ry))) { lm++; ld = 1; }
    if (lm == 13) return ry;
    int y = (m < lm || (m == lm && d <= ld)) ? ry : ry - 1;
    if (m == 2 && d == 29) while (!is_leap(y)) y--;
    return y;
}

void cal_init(struct cal *c, int y, int m, int d, int ndays)
{
    c->day0 = days_from_civil(y, m, d);
    c->ndays = ndays;
    c->days = xcalloc((size_t)ndays + 1, sizeof *c->days);
    for (int i = 0; i <= ndays; i++) {
        struct day *dd = &c->days[i];
        civil_from_days(c->day0 + i, &dd->y, &dd->m, &dd->d);
        char *w = dd->iso;
        w = wu0(w, (u32)dd->y, 4); *w++ = '-';
        w = wu0(w, (u32)dd->m, 2); *w++ = '-';
        w = wu0(w, (u32)dd->d, 2); *w = 0;
    }
    c->span = (u64)ndays * 86400;
}
