/* columns.h — the count columns of the peers report (and of daily, conns
 * and top), the classes each one adds up, and which of them are failures
 * (a column is a failure when its class is: ts_class_is_failure). Pure. */
#ifndef TS_COLUMNS_H
#define TS_COLUMNS_H

#include <stdint.h>

#include "agg/agg.h"

struct ts_columns_entry {
    const char *name;
    int cls[2];        /* -1 = unused */
    const char *label; /* for people: the dashboard's headers */
};
#define TS_NCOLUMNS 15
extern const struct ts_columns_entry ts_columns[TS_NCOLUMNS];
extern const int ts_ncolumns;

/* The value of column c for counts n. */
uint64_t ts_columns_value(const struct ts_agg_counts *n, int c);
/* 1 when any column of n is non-zero: the rows the reports show (a row
 * of only uncounted classes is left out). */
int ts_columns_any(const struct ts_agg_counts *n);
/* Every column's value of n in v, at once (a report row); 1 when any is
 * non-zero, as ts_columns_any. */
int ts_columns_all(const struct ts_agg_counts *n, uint64_t v[TS_NCOLUMNS]);
/* 1 when column c counts failures. */
int ts_columns_is_failure(int c);
/* The sum of the failure columns of n. */
uint64_t ts_columns_failures(const struct ts_agg_counts *n);

#endif
