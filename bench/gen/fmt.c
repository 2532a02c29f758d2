/* fmt.c — the larger writers. */
#include "fmt.h"

char *wus(char *w, u32 v, int width)
{
    char t[12];
    int n = 0;
    do t[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
    while (width-- > n) *w++ = ' ';
    while (n) *w++ = t[--n];
    return w;
}

char *wip4(char *w, u32 ip)
{
    w = wu(w, ip >> 24); *w++ = '.';
    w = wu(w, (ip >> 16) & 255); *w++ = '.';
    w = wu(w, (ip >> 8) & 255); *w++ = '.';
    return wu(w, ip & 255);
}

char *wmac(char *w, u64 m)
{
    for (int i = 5; i >= 0; i--) {
        w = whex(w, (m >> (8 * i)) & 255, 2);
        if (i) *w++ = ':';
    }
    return w;
}

char *wdatetime(char *w, const char *iso, u32 s)
{
    w = wstr(w, iso, 10);
    *w++ = ' ';
    w = wu0(w, s / 3600, 2); *w++ = ':';
    w = wu0(w, s / 60 % 60, 2); *w++ = ':';
    return wu0(w, s % 60, 2);
}
