/* usage.h — the --help and --version texts (stdout). */
#ifndef TS_USAGE_H
#define TS_USAGE_H

void ts_usage_scan(void);
void ts_usage_explain(void);
void ts_usage_version(void);

#endif
