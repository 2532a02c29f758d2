/* escape.c — see escape.h. */
#include "base/escape.h"

int ts_escape_utf8_next(const unsigned char *p, const unsigned char *e, uint32_t *cp)
{
    const unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    uint32_t v, min;
    if (c >= 0xc2 && c <= 0xdf) n = 2, v = c & 0x1f, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef) n = 3, v = c & 0x0f, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4) n = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if (e - p < n) return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) return 0;
        v = v << 6 | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
    *cp = v;
    return n;
}

int ts_escape_utf8_width(uint32_t cp)
{
    /* East Asian Wide (W) and Fullwidth (F) blocks, coarsely: enough to align
     * Chinese text and the CJK punctuation the explanations use. */
    static const uint32_t wide[][2] = {
        {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x2e80, 0x303e},
        {0x3041, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
        {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe10, 0xfe19},
        {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f300, 0x1f64f},
        {0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
    };
    if (cp < 0x1100) return 1;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1]) return 2;
    return 1;
}

static void octal(struct ts_buf *b, unsigned c)
{
    char t[4] = {'\\', (char)('0' + (c >> 6 & 3)), (char)('0' + (c >> 3 & 7)), (char)('0' + (c & 7))};
    ts_buf_put(b, t, 4);
}

size_t ts_escape_term(struct ts_buf *b, ts_str s)
{
    const unsigned char *p = s.p, *e = s.p + (s.n > 0 ? s.n : 0);
    size_t cols = 0;
    while (p < e) {
        const unsigned char *q = p;
        while (q < e && *q >= 0x20 && *q < 0x7f) q++; /* printable ASCII run */
        ts_buf_put(b, p, (size_t)(q - p));
        cols += (size_t)(q - p);
        if ((p = q) == e) break;
        uint32_t cp;
        int n = ts_escape_utf8_next(p, e, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            int k = n ? n : 1;
            for (int i = 0; i < k; i++) octal(b, p[i]);
            cols += 4 * (size_t)k;
            p += k;
        } else {
            ts_buf_put(b, p, (size_t)n);
            cols += (size_t)ts_escape_utf8_width(cp);
            p += n;
        }
    }
    return cols;
}

void ts_escape_json(struct ts_buf *b, ts_str s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = s.p, *e = s.p + (s.n > 0 ? s.n : 0);
    while (p < e) {
        const unsigned char *q = p;
        while (q < e && *q >= 0x20 && *q < 0x7f && *q != '"' && *q != '\\') q++;
        ts_buf_put(b, p, (size_t)(q - p));
        if ((p = q) == e) break;
        uint32_t cp;
        int n = ts_escape_utf8_next(p, e, &cp);
        if (n == 0) {
            ts_buf_str(b, "\\ufffd");
            p++;
            continue;
        }
        p += n;
        switch (cp) {
        case '"': ts_buf_str(b, "\\\""); continue;
        case '\\': ts_buf_str(b, "\\\\"); continue;
        case '\b': ts_buf_str(b, "\\b"); continue;
        case '\f': ts_buf_str(b, "\\f"); continue;
        case '\n': ts_buf_str(b, "\\n"); continue;
        case '\r': ts_buf_str(b, "\\r"); continue;
        case '\t': ts_buf_str(b, "\\t"); continue;
        default: break;
        }
        if (cp < 0x20 || cp == 0x7f || cp == 0x2028 || cp == 0x2029) {
            char t[6] = {'\\', 'u', hex[cp >> 12 & 15], hex[cp >> 8 & 15], hex[cp >> 4 & 15], hex[cp & 15]};
            ts_buf_put(b, t, 6);
        } else {
            ts_buf_put(b, p - n, (size_t)n);
        }
    }
}

void ts_escape_html(struct ts_buf *b, ts_str s)
{
    const unsigned char *p = s.p, *e = s.p + (s.n > 0 ? s.n : 0);
    while (p < e) {
        const unsigned char *q = p;
        while (q < e && *q >= 0x20 && *q < 0x7f && !(*q == '&' || *q == '<' || *q == '>' || *q == '"' || *q == '\''))
            q++;
        ts_buf_put(b, p, (size_t)(q - p));
        if ((p = q) == e) break;
        uint32_t cp;
        int n = ts_escape_utf8_next(p, e, &cp);
        p += n ? n : 1;
        switch (n ? cp : 0xfffd) {
        case '&': ts_buf_str(b, "&amp;"); break;
        case '<': ts_buf_str(b, "&lt;"); break;
        case '>': ts_buf_str(b, "&gt;"); break;
        case '"': ts_buf_str(b, "&quot;"); break;
        case '\'': ts_buf_str(b, "&#39;"); break;
        case '\t':
        case '\n': ts_buf_put(b, p - 1, 1); break;
        default:
            if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) ts_buf_str(b, "\xef\xbf\xbd");
            else ts_buf_put(b, p - n, (size_t)n);
        }
    }
}
