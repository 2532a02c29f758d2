/* igzip.h — gzip members inflated with ISA-L (Intel's igzip), when built with it.
 *
 * Private to the input modules. ISA-L inflates gzip -6 data several times
 * faster than zlib (bench/NOTES.md); zlib (decode.c) stays the fallback for
 * builds without it (HAVE_ISAL=0) and is chosen by TS_INFLATE_ZLIB. Both read
 * the same inputs the same way: members one after another, zero padding to
 * the end of input accepted, a cut member TS_ETRUNC, anything else TS_EDATA. */
#ifndef TS_IGZIP_H
#define TS_IGZIP_H

#include "input/decode.h"

/* 1 when this build has ISA-L. */
int ts_igzip_available(void);
/* "ISA-L 2.30.0", or NULL without it. */
const char *ts_igzip_version(void);

/* Same contract as ts_decode_gzip; TS_EUSAGE in a build without ISA-L. */
int ts_igzip_decode(struct ts_decode_reader *r, struct ts_linesink *sink, const char *path, struct ts_err *err);

#endif
