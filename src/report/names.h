/* names.h — `--peer-names FILE`: a name (and site) for peer addresses, shown
 * beside the address in the reports (pure: the CLI reads the file).
 *
 * The file is CSV (RFC 4180: quoted fields may hold commas and doubled
 * quotes; LF or CRLF), one peer a line: address,name[,site]. A first line
 * whose address cell is "address" is a header. Blank lines and lines whose
 * first cell starts with '#' are skipped. The display name is "name", or
 * "name (site)" with a site. A later line for the same address wins. */
#ifndef TS_NAMES_H
#define TS_NAMES_H

#include <stddef.h>

#include "base/ts.h"

struct ts_names_entry {
    ts_str addr, name; /* name: the display name, in the names' own copy */
};

struct ts_names {
    char *text;                     /* the display names, one allocation */
    struct ts_names_entry *e;       /* sorted by address, distinct */
    size_t n;
};

/* Parses p[0..len). TS_OK; TS_EDATA with err's line and message (a line
 * with fewer than two cells, an empty address or name, an unterminated
 * quote); TS_ENOMEM. */
int ts_names_parse(struct ts_names *t, const char *p, size_t len, struct ts_err *err);
void ts_names_free(struct ts_names *t);
/* The display name of peer, empty when it has none (or t is NULL). */
ts_str ts_names_get(const struct ts_names *t, ts_str peer);

#endif
