/* day.c — see day.h. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan/day.h"

int ts_day_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ts_day_is_leap(y) ? 29 : n[m - 1];
}

static int valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

/* 1 when s starts with n digits, their value in *v. */
static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

int ts_day_ref_parse(const char *s, struct ts_day_ref *r)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return TS_EUSAGE;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) || !valid(y, m, d)) return TS_EUSAGE;
    *r = (struct ts_day_ref){y, m, d};
    return TS_OK;
}

int ts_day_ref_from_name(const char *path, struct ts_day_ref *r)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (i > 0 && base[i - 1] >= '0' && base[i - 1] <= '9') continue;
        int y, m, d, ok;
        if (!digits(base + i, 4, &y)) continue;
        size_t end;
        if (i + 10 <= n && base[i + 4] == '-' && base[i + 7] == '-') {
            ok = digits(base + i + 5, 2, &m) && digits(base + i + 8, 2, &d);
            end = i + 10;
        } else {
            ok = digits(base + i + 4, 2, &m) && digits(base + i + 6, 2, &d);
            end = i + 8;
        }
        if (end < n && base[end] >= '0' && base[end] <= '9') continue;
        if (ok && valid(y, m, d)) {
            *r = (struct ts_day_ref){y, m, d};
            return TS_OK;
        }
    }
    return TS_EDATA;
}

void ts_day_ref_from_time(long long t, struct ts_day_ref *r)
{
    /* Local time, as logrotate and syslog see it: on a UTC+8 server the file
     * rotated at 06:25 on Jan 1 has a UTC date of Dec 31. */
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) gmtime_r(&tt, &tm);
    *r = (struct ts_day_ref){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

int ts_day_year(int m, int d, const struct ts_day_ref *r)
{
    /* The latest (m, d) on or before R + 1 day; the extra day absorbs a clock
     * or time-zone skew of a few hours (a Jan 1 line in a file of Dec 31). */
    int ly = r->y, lm = r->m, ld = r->d + 1;
    if (ld > mdays(ly, lm)) {
        ld = 1;
        if (++lm > 12) {
            lm = 1;
            ly++;
        }
    }
    int y = (m < lm || (m == lm && d <= ld)) ? ly : ly - 1;
    if (m == 2 && d == 29)
        while (y > 1 && !ts_day_is_leap(y)) y--;
    return y;
}

int ts_day_format(int y, int m, int d, char out[10])
{
    if (!valid(y, m, d)) return 0;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    return 10;
}

int ts_day_arg(const char *s, long long now, char out[11])
{
    struct ts_day_ref r;
    if (ts_day_ref_parse(s, &r) == 0) {
        memcpy(out, s, 10);
        out[10] = 0;
        return 0;
    }
    long back = -1;
    if (strcmp(s, "today") == 0) back = 0;
    else if (strcmp(s, "yesterday") == 0) back = 1;
    else if (s[0] == '-' && s[1] >= '0' && s[1] <= '9') {
        char *end;
        back = strtol(s + 1, &end, 10);
        if (strcmp(end, "d") != 0 || back > 3660000) return -1;
    }
    if (back < 0) return -1;
    /* Noon of today minus N days, normalised by mktime: no daylight-saving
     * change moves noon to another date. */
    const time_t t = (time_t)now;
    struct tm tm;
    if (!localtime_r(&t, &tm)) return -1;
    tm.tm_mday -= (int)back;
    tm.tm_hour = 12;
    tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    if (mktime(&tm) == (time_t)-1 || !ts_day_format(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out)) return -1;
    out[10] = 0;
    return 0;
}
