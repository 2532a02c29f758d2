#!/bin/sh
# Runs every libFuzzer harness with seed corpora made from corpus/.
# Usage: sh tests/fuzz/run.sh [libFuzzer options, e.g. -max_total_time=20]
# Long runs: make fuzz FUZZ_TIME=3600 (or FUZZ_RUNS=10000000); new inputs are
# kept in build-fuzz/corpus-NAME and reused by the next run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
mkdir -p build-fuzz/corpus-lexer build-fuzz/corpus-scan build-fuzz/corpus-input build-fuzz/corpus-csv
# Seeds: every corpus line for the lexer, every corpus file (plain, zstd,
# gzip) for the scan, and a few cells for the CSV writer.
i=0
for f in corpus/*.log corpus/cases/*.log; do
    [ -f "$f" ] || continue
    while IFS= read -r line; do
        i=$((i + 1))
        printf '%s' "$line" > "build-fuzz/corpus-lexer/seed-$i"
    done < "$f"
    b=$(basename "$f" .log)
    cp "$f" "build-fuzz/corpus-scan/seed-$b"
    cp "$f" "build-fuzz/corpus-input/seed-$b"
    command -v zstd >/dev/null && zstd -qf "$f" -o "build-fuzz/corpus-input/seed-$b.zst"
    command -v gzip >/dev/null && gzip -c "$f" > "build-fuzz/corpus-input/seed-$b.gz"
done
printf '\000plain\377=cmd\377a,"b"\377-' > build-fuzz/corpus-csv/seed-1
printf '\001\t tab\377@x\377\r\n' > build-fuzz/corpus-csv/seed-2
status=0
for h in lexer scan input csv; do
    echo "== fuzz_$h"
    if ! "build-fuzz/fuzz_$h" "$@" -artifact_prefix=build-fuzz/ -print_final_stats=1 "build-fuzz/corpus-$h" 2> "build-fuzz/fuzz_$h.log"; then
        status=1
        tail -n 40 "build-fuzz/fuzz_$h.log"
    fi
    grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "build-fuzz/fuzz_$h.log" || true
done
exit $status
