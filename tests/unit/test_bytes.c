/* test_bytes.c — the lexer's byte scans (lexer/bytes.h): each scan against a
 * byte-by-byte reference written here from the class definitions, with the
 * stop byte at every offset of lines of every length around the 16-byte
 * blocks, so a block that reads or stops wrongly shows. */
#include "testutil.h"

#include <string.h>

#include "lexer/bytes.h"

/* The classes as bytes.h documents them: '\n' ends every token. */
static int stops(unsigned set, unsigned char c)
{
    if (c == '\n' || c == ' ') return 1;
    if ((set & (TS_BYTES_END_HOST | TS_BYTES_END_PROG)) && (c == ':' || c == '[')) return 1;
    if ((set & TS_BYTES_END_HOST) && c == '.') return 1;
    if ((set & TS_BYTES_END_PEER) && c == '=') return 1;
    return 0;
}

static const unsigned char *ref_until(const unsigned char *q, unsigned set)
{
    while (!stops(set, *q)) q++;
    return q;
}

static void test_until_every_offset(void **state)
{
    (void)state;
    static const unsigned sets[] = {TS_BYTES_END_HOST, TS_BYTES_END_PROG, TS_BYTES_END_PEER};
    static const unsigned char probes[] = {' ', ':', '[', '.', '=', ']', 'a', 0x80, 0xff, 0};
    unsigned char line[80];
    for (size_t len = 0; len < 70; len++)
        for (size_t at = 0; at <= len; at++)
            for (size_t k = 0; k < sizeof probes; k++) {
                memset(line, 'x', sizeof line);
                line[len] = '\n';
                if (at < len) line[at] = probes[k];
                for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
                    const unsigned char *got = ts_bytes_until(line, line + len, sets[s]);
                    if (got != ref_until(line, sets[s]))
                        fail_msg("set %u, length %zu, byte %02x at %zu: stopped at %td, want %td", sets[s], len,
                                 probes[k], at, got - line, ref_until(line, sets[s]) - line);
                }
                const unsigned char *c = ts_bytes_until_char(line, line + len, probes[k]);
                const unsigned char *want = line;
                while (*want != probes[k] && *want != '\n') want++;
                assert_ptr_equal(c, want);
            }
}

/* Only the first stop counts, wherever the later ones fall. */
static void test_until_first_of_many(void **state)
{
    (void)state;
    unsigned char line[64];
    memset(line, 'y', sizeof line);
    line[40] = '\n';
    line[17] = '=';
    line[3] = '.';
    line[30] = ' ';
    assert_ptr_equal(ts_bytes_until(line, line + 40, TS_BYTES_END_HOST), line + 3);
    assert_ptr_equal(ts_bytes_until(line, line + 40, TS_BYTES_END_PROG), line + 30);
    assert_ptr_equal(ts_bytes_until(line, line + 40, TS_BYTES_END_PEER), line + 17);
    assert_ptr_equal(ts_bytes_until(line + 18, line + 40, TS_BYTES_END_PEER), line + 30);
}

static void test_digits(void **state)
{
    (void)state;
    const unsigned char s[] = "0123456789/:a\n";
    assert_ptr_equal(ts_bytes_digits(s), s + 10);
    assert_ptr_equal(ts_bytes_digits(s + 10), s + 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_until_every_offset),
        cmocka_unit_test(test_until_first_of_many),
        cmocka_unit_test(test_digits),
    };
    return cmocka_run_group_tests_name("bytes", tests, NULL, NULL) ? 1 : 0;
}
