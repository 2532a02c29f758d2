/* bytes.c — the byte class table of bytes.h. */
#include "lexer/bytes.h"

const unsigned char ts_bytes_class[256] = {
    ['\n'] = TS_BYTES_END_HOST | TS_BYTES_END_PROG | TS_BYTES_END_PEER,
    [' '] = TS_BYTES_END_HOST | TS_BYTES_END_PROG | TS_BYTES_END_PEER,
    [':'] = TS_BYTES_END_HOST | TS_BYTES_END_PROG,
    ['['] = TS_BYTES_END_HOST | TS_BYTES_END_PROG,
    ['.'] = TS_BYTES_END_HOST,
    ['='] = TS_BYTES_END_PEER,
    ['0'] = TS_BYTES_DIGIT, ['1'] = TS_BYTES_DIGIT, ['2'] = TS_BYTES_DIGIT, ['3'] = TS_BYTES_DIGIT,
    ['4'] = TS_BYTES_DIGIT, ['5'] = TS_BYTES_DIGIT, ['6'] = TS_BYTES_DIGIT, ['7'] = TS_BYTES_DIGIT,
    ['8'] = TS_BYTES_DIGIT, ['9'] = TS_BYTES_DIGIT,
};
