/* fuzz_csv.c — libFuzzer: what the CSV writer writes parses back (RFC 4180)
 * to the same fields: the same bytes, or, when neutralised, "'" + the bytes;
 * when cut, the first TS_FIELD_CUT bytes + "...". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/csv.h"

/* Minimal RFC 4180 reader for one row: returns the number of fields, fills
 * (start,len) pairs into out (allocated by the caller), or -1 if malformed. */
static int parse_row(const char *p, size_t n, char **fields, size_t *lens, int max)
{
    size_t i = 0;
    int nf = 0;
    for (;;) {
        if (nf == max) return -1;
        char *f = malloc(n + 1);
        size_t fl = 0;
        if (i < n && p[i] == '"') {
            i++;
            for (;;) {
                if (i >= n) {
                    free(f);
                    return -1;
                }
                if (p[i] == '"') {
                    if (i + 1 < n && p[i + 1] == '"') {
                        f[fl++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                f[fl++] = p[i++];
            }
        } else {
            while (i < n && p[i] != ',' && p[i] != '\r') {
                if (p[i] == '"' || p[i] == '\n') {
                    free(f);
                    return -1;
                }
                f[fl++] = p[i++];
            }
        }
        fields[nf] = f;
        lens[nf++] = fl;
        if (i < n && p[i] == ',') {
            i++;
            continue;
        }
        if (i + 2 == n && p[i] == '\r' && p[i + 1] == '\n') return nf;
        for (int k = 0; k < nf; k++) free(fields[k]);
        return -1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const int raw = data[0] & 1;
    data++;
    size--;
    /* Split the input into up to 4 cells at 0xff bytes. */
    ts_str cells[4];
    int nc = 0;
    size_t start = 0;
    for (size_t i = 0; i <= size && nc < 4; i++) {
        if (i == size || data[i] == 0xff) {
            cells[nc++] = (ts_str){data + start, (ptrdiff_t)(i - start)};
            start = i + 1;
        }
    }
    struct ts_buf b = {0};
    for (int c = 0; c < nc; c++) {
        if (c) ts_csv_sep(&b);
        ts_csv_text(&b, cells[c], raw);
    }
    ts_csv_eol(&b);
    if (b.oom) abort();
    char *f[8];
    size_t l[8];
    int nf = parse_row(b.p, b.n, f, l, 8);
    if (nf != nc) abort();
    for (int c = 0; c < nc; c++) {
        const unsigned char *want = cells[c].p;
        size_t wn = (size_t)cells[c].n, off = 0;
        int cut = wn > TS_FIELD_CUT;
        if (cut) wn = TS_FIELD_CUT;
        int neutral = !raw && cells[c].n > 0 && !(cells[c].n == 1 && want[0] == '-')
            && memchr("=+-@\t\r", want[0], 6) != NULL;
        if (neutral) {
            if (l[c] < 1 || f[c][0] != '\'') abort();
            off = 1;
        }
        if (l[c] != off + wn + (cut ? 3 : 0)) abort();
        if (wn && memcmp(f[c] + off, want, wn) != 0) abort();
        if (cut && memcmp(f[c] + off + wn, "...", 3) != 0) abort();
        free(f[c]);
    }
    ts_buf_free(&b);
    return 0;
}
