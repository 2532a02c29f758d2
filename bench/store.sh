#!/bin/bash
# store.sh — the state database's costs (issue 13, target 10):
#   1. the first ingest of a corpus against a plain scan of it (target <= 1.3x);
#   2. a night that adds one archive of 1/30 of the corpus, against the first
#      ingest (target <= 10%): the other 29 archives are still there;
#   3. report --db on a database of a million or more (day, host, peer) rows
#      (target < 1 s): rows written with SQL into a database of the corpus;
#   4. database size per GB of log.
#
#   make bench-store [BENCH_SIZE=200M] [BENCH_DIR=/tmp/tunnelstat-bench]
#   (or: BENCH_SIZE=200M TUNNELSTAT=build/tunnelstat GEN=build/gen bash bench/store.sh)
#
# The corpus (30 files router.log-YYYYMMDD, 30% pluto lines, 8 routers) is
# made by build/gen in BENCH_DIR/store-SIZE and kept. Every timing is the
# median of BENCH_RUNS runs on a warm page cache, with -j BENCH_THREADS.
# Prints a Markdown table.
set -u

BENCH_DIR=${BENCH_DIR:-/tmp/tunnelstat-bench}
BENCH_SIZE=${BENCH_SIZE:-200M}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_ROWS=${BENCH_ROWS:-1000000}
TS=${TUNNELSTAT:?set TUNNELSTAT}
GEN=${GEN:?set GEN}
command -v sqlite3 >/dev/null || { echo "store.sh: sqlite3 is not installed (make deps)" >&2; exit 1; }

dir=$BENCH_DIR/store-$BENCH_SIZE
if [ ! -d "$dir/g" ]; then
    mkdir -p "$dir"
    "$GEN" --seed 5 --size "$BENCH_SIZE" --ike-frac 0.3 --files 30 --hosts 8 --peers 300 -o "$dir/g" 2>/dev/null || exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/ts-benchstore.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
bytes=$(cat "$dir"/g/* | wc -c)
cat "$dir"/g/* > /dev/null

# "WALL CPU": medians over BENCH_RUNS runs of SETUP-FUNCTION COMMAND... of
# the elapsed seconds and of the CPU seconds (user + system), the steadier
# figure on a shared machine.
median() {
    setup=$1
    shift
    : > "$work/runs"
    for _ in $(seq "$BENCH_RUNS"); do
        $setup
        /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > /dev/null 2>&1
        awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time" >> "$work/runs"
    done
    m=$(((BENCH_RUNS + 1) / 2))
    printf '%s %s' "$(cut -d' ' -f1 "$work/runs" | sort -n | sed -n "${m}p")" \
        "$(cut -d' ' -f2 "$work/runs" | sort -n | sed -n "${m}p")"
}
nothing() { :; }
fresh() { rm -f "$work/first.db" "$work/first.db-wal" "$work/first.db-shm"; }
night() {
    rm -f "$work/night.db-wal" "$work/night.db-shm"
    cp "$work/29.db" "$work/night.db"
}

scan=$(median nothing "$TS" -j "$BENCH_THREADS" -o /dev/null "$dir/g")
first=$(median fresh "$TS" ingest -j "$BENCH_THREADS" --db "$work/first.db" "$dir/g")
"$TS" ingest -j "$BENCH_THREADS" --db "$work/first.db" "$dir/g" 2>/dev/null
dbsize=$(wc -c < "$work/first.db")
"$TS" -j "$BENCH_THREADS" "$dir/g" > "$work/scan.csv"
"$TS" report --db "$work/first.db" > "$work/report.csv"
check=$(cmp -s "$work/scan.csv" "$work/report.csv" && echo "= scan" || echo "DIFFERS from scan")

# 29 nights ingested; the 30th archive arrives
mkdir -p "$work/n"
for f in $(ls "$dir/g" | head -n 29); do ln -s "$dir/g/$f" "$work/n/$f"; done
"$TS" ingest -j "$BENCH_THREADS" --db "$work/29.db" "$work/n" 2>/dev/null
last=$(ls "$dir/g" | tail -n 1)
ln -s "$dir/g/$last" "$work/n/$last"
nightly=$(median night "$TS" ingest -j "$BENCH_THREADS" --db "$work/night.db" "$work/n")

# a year-sized database: the corpus plus BENCH_ROWS rows of one segment
cp "$work/first.db" "$work/year.db"
sqlite3 "$work/year.db" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $BENCH_ROWS - 1)
  INSERT INTO counts(segment, day, host, peer, dpd_dead, phase2_up)
  SELECT 1, printf('2025-%02d-%02d', 1 + i % 12, 1 + (i / 12) % 28), 'r' || (i / 336 % 20),
         '10.' || (i / 6720 % 256) || '.' || (i / 7 % 256) || '.' || (i % 7), i % 3, 1 FROM n;"
rows=$("$TS" report --db "$work/year.db" | wc -l)
# a million database rows that add up to a tenth as many report rows (the
# same keys in ten segments, as nightly segments of a fleet's year are)
cp "$work/first.db" "$work/year10.db"
sqlite3 "$work/year10.db" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $BENCH_ROWS - 1)
  INSERT INTO counts(segment, day, host, peer, dpd_dead, phase2_up)
  SELECT 1 + i % 10, printf('2025-%02d-%02d', 1 + i / 10 % 12, 1 + (i / 120) % 28), 'r' || (i / 3360 % 20),
         '10.' || (i / 67200 % 256) || '.' || (i / 70 % 256) || '.' || (i / 10 % 7), i % 3, 1 FROM n;"
rows10=$("$TS" report --db "$work/year10.db" | wc -l)
report10=$(median nothing "$TS" report --db "$work/year10.db" -o "$work/year10.csv")
report=$(median nothing "$TS" report --db "$work/year.db" -o "$work/year.csv")
report_daily=$(median nothing "$TS" report --db "$work/year.db" -r daily -o "$work/year-daily.csv")

gb=$(echo "scale=6; $bytes / 1000000000" | bc)
w() { echo "${1% *}"; }
c() { echo "${1#* }"; }
printf '| measure | elapsed s | CPU s | ratio (CPU) | target |\n|---|---:|---:|---|---|\n'
printf '| plain scan of %.3f GB (30 files) | %s | %s | | |\n' "$gb" "$(w "$scan")" "$(c "$scan")"
printf '| first ingest (report %s) | %s | %s | %.2fx the scan | <= 1.3x |\n' "$check" "$(w "$first")" "$(c "$first")" \
    "$(echo "$(c "$first") / $(c "$scan")" | bc -l)"
printf '| night adding 1 of 30 archives | %s | %s | %.1f%% of the first ingest | <= 10%% |\n' "$(w "$nightly")" \
    "$(c "$nightly")" "$(echo "100 * $(c "$nightly") / $(c "$first")" | bc -l)"
printf '| report --db, %s rows (peers, csv) | %s | %s | | < 1 s |\n' "$((rows - 1))" "$(w "$report")" "$(c "$report")"
printf '| report --db -r daily, same database | %s | %s | | |\n' "$(w "$report_daily")" "$(c "$report_daily")"
printf '| report --db, %s database rows into %s report rows | %s | %s | | < 1 s |\n' "$BENCH_ROWS" "$((rows10 - 1))" \
    "$(w "$report10")" "$(c "$report10")"
printf '| database size per GB of log | %.1f MB | | | |\n' "$(echo "$dbsize / 1000000 / $gb" | bc -l)"
