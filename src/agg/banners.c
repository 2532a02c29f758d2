/* banners.c — see banners.h. */
#include <string.h>

#include "agg/banners.h"
#include "lexer/pluto.h"

/* A ts_lines_fn: adds to *ctx the restart banners among whole lines. */
static int count_banners(void *ctx, const unsigned char *p, size_t n)
{
    uint32_t *c = ctx;
    const unsigned char *end = p + n;
    for (const unsigned char *q = p; q < end;) {
        const unsigned char *hit = memchr(q, 'S', (size_t)(end - q));
        if (!hit) break;
        if (end - hit < 14 || memcmp(hit, "Starting Pluto", 14) != 0) {
            q = hit + 1;
            continue;
        }
        const unsigned char *ls = hit;
        while (ls > p && ls[-1] != '\n') ls--;
        const unsigned char *nl = memchr(hit, '\n', (size_t)(end - hit));
        if (!nl) break;
        struct ts_line L;
        ts_lex_line(ls, nl, &L);
        *c += (uint32_t)L.restart;
        q = nl + 1;
    }
    return 0;
}

int ts_banners_count(struct ts_input *src, long long begin, long long end, const struct ts_input_opts *in,
                     uint32_t *n)
{
    struct ts_err e = {0};
    return ts_input_read_range(src, begin, end, in, count_banners, n, &e);
}

uint32_t ts_banners_in(const unsigned char *p, size_t n)
{
    uint32_t c = 0;
    count_banners(&c, p, n);
    return c;
}
