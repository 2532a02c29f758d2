/* usage.c — see usage.h. Keep in step with README and tunnelstat.1. */
#include <bzlib.h>
#include <lzma.h>
#include <stdio.h>
#include <zlib.h>
#include <zstd.h>

#include "cli/usage.h"
#include "input/input.h"
#include "scan/linewalk.h"
#include "scan/prefilter.h"

#ifndef TS_VERSION
#define TS_VERSION "0.1.0"
#endif
#ifndef TS_RE2C_VERSION
#define TS_RE2C_VERSION "re2c"
#endif

void ts_usage_scan(void)
{
    fputs("Usage: tunnelstat [scan] [OPTIONS] [FILE|DIR|-]...\n"
          "       tunnelstat explain [--lang en|zh|zh-TW] [--all] [--unknown] [FILE|DIR|-]...  (see explain --help)\n"
          "       tunnelstat ingest --db FILE [OPTIONS] FILE|DIR...   (the state database: see ingest --help,\n"
          "       tunnelstat report --db FILE [OPTIONS]                report --help, merge --help)\n"
          "       tunnelstat merge --db FILE OTHER.db...\n"
          "Count IPsec VPN (pluto) events per day, router and peer in syslog archives.\n"
          "Inputs may be plain, zstd or gzip (detected by content); directories are walked;\n"
          "'-' reads standard input, as does no operand when standard input is not a terminal.\n"
          "\n"
          "  -r, --report KIND        peers (default): per day/host/peer counts;\n"
          "                           events: one row per IKE daemon line;\n"
          "                           daily: per day totals; conns: per day/host/conn;\n"
          "                           top: the peers with most failures (see --top);\n"
          "                           sessions: one row per tunnel session;\n"
          "                           availability: per day/tunnel up and observed time\n"
          "  -f, --format FMT         csv (default), table (aligned for a terminal),\n"
          "                           jsonl (one JSON object per row), html (dashboard:\n"
          "                           chart of failures per day, heat map, top peers;\n"
          "                           with -r sessions or availability: availability strips),\n"
          "                           prom (Prometheus text format for node_exporter's\n"
          "                           textfile collector: events per router and class,\n"
          "                           the --top peers' failures, run metadata)\n"
          "      --since DAY          only days on or after DAY (YYYY-MM-DD, today,\n"
          "                           yesterday or -Nd: N days before today, local time)\n"
          "      --until DAY          only days on or before DAY (the same forms)\n"
          "      --top N              the N peers with most failures (implies --report top;\n"
          "                           with --format html: peers in the heat map, default 10)\n"
          "      --peers KIND         known, strangers or all (default) peers\n"
          "      --peer-names FILE    CSV of address,name[,site]: a peer_name column\n"
          "      --fail-on CLASS=N    exit 5 when a host has N or more CLASS events\n"
          "                           (repeatable; a report column or a class)\n"
          "  -o, --output FILE        write the report to FILE (default: stdout): a regular\n"
          "                           file (or one a symlink points to) is replaced atomically\n"
          "                           keeping its mode; a device, FIFO or /dev/stdout is\n"
          "                           written through\n"
          "      --ref-date DATE      reference date YYYY-MM-DD for dates without a year\n"
          "      --host-from-path     each file's host is the name of its directory\n"
          "      --year YYYY          same as --ref-date YYYY-12-31\n"
          "  -j, --threads N          worker threads (default: online CPUs)\n"
          "      --prefilter ENGINE   what finds the lines to lex: walk (default: the line\n"
          "                           walk finds the literal \"pluto\" as it counts lines),\n"
          "                           hyperscan (a Hyperscan pass first) or none (every line);\n"
          "                           all give the same report\n"
          "      --no-prefilter       the same as --prefilter none\n"
          "      --simd ISA           line walk: auto (default: AVX2 where the CPU has it,\n"
          "                           else SSE2), avx512bw, avx2, sse2 or scalar\n"
          "      --max-keys N         entries per table (rows, peerless counters, serial\n"
          "                           and conn notes) before folding into overflow rows\n"
          "                           (default 1000000, 0 = unlimited)\n"
          "      --zstd-window-log-max N  accept zstd windows up to 2^N bytes (10..31)\n"
          "      --inflate LIB        gzip inflater: isal (default when built with ISA-L)\n"
          "                           or zlib; both give the same reports\n"
          "      --min-part BYTES     smallest range a large plain file is split into for\n"
          "                           threads (default 32 MiB, at most 1 TiB; for tuning)\n"
          "      --csv-raw            do not neutralise cells that look like formulas\n"
          "      --stats              print counters and throughput to stderr\n"
          "      --progress, --no-progress  progress line on stderr (default: when stderr\n"
          "                           is a terminal and the run takes over a second)\n"
          "  -h, --help               this help\n"
          "  -V, --version            version and library versions\n"
          "\n"
          "Exit status: 0 ok; 1 partial (some input unreadable, corrupt or truncated:\n"
          "named on stderr, everything else counted, report written; when no input could\n"
          "be read at all, no report is written and FILE keeps the previous one);\n"
          "2 usage error; 3 report could not be written; 4 internal error (out of memory);\n"
          "5 a --fail-on rule was reached (report written; outranks 1).\n"
          "A reader that closes the pipe early (| head) is not an error: the output stops\n"
          "quietly. Killed by SIGINT, SIGTERM or SIGHUP: no temporary file is left behind.\n",
          stdout);
}

void ts_usage_explain(void)
{
    fputs("Usage: tunnelstat explain [OPTIONS] [FILE|DIR|-]...\n"
          "Explain IKE daemon (pluto) log lines: for each line, its class, what it means\n"
          "with its fields filled in, and what to do about failures.\n"
          "\n"
          "      --lang LANG          en (default), zh (Simplified Chinese) or zh-TW\n"
          "                           (Traditional Chinese, Taiwan)\n"
          "      --all                also show lines that are not IKE daemon lines\n"
          "      --unknown            instead, list the IKE lines no rule classified,\n"
          "                           grouped by shape with counts and an example\n"
          "      --color[=WHEN]       auto (default: when stdout is a terminal and NO_COLOR\n"
          "                           is not set), always, never\n"
          "  -o, --output FILE        write to FILE as the reports do (see tunnelstat --help)\n"
          "      --zstd-window-log-max N  accept zstd windows up to 2^N bytes (10..31)\n"
          "  -h, --help               this help\n"
          "\n"
          "Exit status as for the reports (see tunnelstat --help).\n",
          stdout);
}

void ts_usage_version(void)
{
    printf("tunnelstat %s\n", TS_VERSION);
    printf("lexer: generated by %s\n", TS_RE2C_VERSION);
    printf("prefilter: %s by default; hyperscan: %s\n", ts_prefilter_name(TS_PF_DEFAULT), ts_prefilter_describe());
    printf("line walk: %s\n", ts_linewalk_isa_name(ts_linewalk_isa(TS_ISA_AUTO)));
    printf("zstd: %s\n", ZSTD_versionString());
    printf("zlib: %s\n", zlibVersion());
    printf("gzip: %s\n", ts_input_inflater_version(TS_INFLATE_AUTO));
    printf("xz (liblzma): %s\n", lzma_version_string());
    printf("bzip2: %s\n", BZ2_bzlibVersion());
}
