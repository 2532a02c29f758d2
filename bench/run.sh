#!/bin/bash
# run.sh — tunnelstat against the usual tools on generated syslog archives.
#
#   make bench [BENCH_SIZE=2G] [BENCH_DIR=/tmp/tunnelstat-bench]
#   (or: BENCH_SIZE=200M TUNNELSTAT=build/tunnelstat GEN=build/gen NLCOUNT=build/nlcount bash bench/run.sh)
#
# Corpora (made by build/gen, reused while their parameters and bench/gen.c
# are unchanged) live in BENCH_DIR, never in the repository:
#   ike3-SIZE/   SIZE of syslog, 3% pluto lines; ike30-SIZE/ the same with 30%
#   each with router.log-YYYYMMDD (the name gives the year), a zstd copy
#   (level BENCH_ZSTD_LEVEL, -T0), a gzip -6 copy (pigz when installed: same
#   format) and truth.csv, the generator's ground-truth peers report;
#   z19-SIZE/    a small 3% corpus (BENCH_Z19_SIZE) compressed with zstd -19:
#   -19 runs at well under 1 MB/s on a 2-core machine, so a 2 GB copy at -19
#   would take about an hour.
# Every tool runs BENCH_RUNS times (median reported) on a warm page cache
# (the input is read with cat right before the runs of each tool); a tool
# whose first run takes longer than BENCH_SLOW seconds runs once. Peak RSS
# comes from /usr/bin/time -f %M. tunnelstat, awk and perl outputs are
# checked: tunnelstat against the truth, awk/perl against tunnelstat.
# Prints the table and writes it to BENCH_RESULTS (bench/results.md).
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/tunnelstat-bench}
BENCH_SIZE=${BENCH_SIZE:-2G}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_SLOW=${BENCH_SLOW:-12}
BENCH_ZSTD_LEVEL=${BENCH_ZSTD_LEVEL:-9}
BENCH_Z19_SIZE=${BENCH_Z19_SIZE:-64M}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_RESULTS=${BENCH_RESULTS:-$here/bench/results.md}
TUNNELSTAT=${TUNNELSTAT:-$here/build/tunnelstat}
GEN=${GEN:-$here/build/gen}
NLCOUNT=${NLCOUNT:-$here/build/nlcount}
NPROC=$(nproc)
T0=$(date +%s)

die() { echo "bench: $*" >&2; exit 1; }
# calc FORMAT EXPR — awk arithmetic, e.g. calc %.2f "3 / 7" (the expression is
# parenthesised: a bare > inside printf would redirect to a file)
calc() { awk "BEGIN { printf \"$1\", ($2) }"; }
for b in "$TUNNELSTAT" "$GEN" "$NLCOUNT"; do [ -x "$b" ] || die "$b is not built (run: make bench)"; done
for t in rg gawk mawk perl zstd gzip /usr/bin/time; do
    command -v "$t" >/dev/null 2>&1 || die "$t is missing (run: make bench-deps)"
done
mkdir -p "$BENCH_DIR" || die "cannot create $BENCH_DIR"
tmp=$(mktemp -d "$BENCH_DIR/run.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# On INT/TERM stop this script's own descendants (found by parent pid), then exit.
# Long commands run as `cmd & wait $!`: bash runs a trap during wait, not
# while a foreground child runs.
kill_tree() {
    local c
    for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$c"; kill "$c" 2>/dev/null; done
}
trap 'trap - INT TERM; kill_tree $$; exit 130' INT TERM
log() { printf '[%4ds] %s\n' $(($(date +%s) - T0)) "$*" >&2; }

# ---- corpora ----------------------------------------------------------------
gensum=$(md5sum "$here/bench/gen.c" | cut -d' ' -f1)

# make_corpus DIR SIZE FRAC — generates DIR/router.log-* and DIR/truth.csv unless up to date.
make_corpus() {
    local dir=$1 size=$2 frac=$3
    local params="gen.c=$gensum seed=$BENCH_SEED size=$size ike-frac=$frac days=30 start=2024-03-01 hosts=4 peers=300"
    if [ -f "$dir/params" ] && [ "$(cat "$dir/params")" = "$params" ] && [ -f "$dir/truth.csv" ]; then
        log "reusing $dir"
        return
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    MADE="made in this run (included in the total run time)"
    log "generating $dir ($size, $frac pluto lines)"
    local t=$(date +%s.%N)
    "$GEN" --seed "$BENCH_SEED" --size "$size" --ike-frac "$frac" --days 30 --start 2024-03-01 \
        --hosts 4 --peers 300 --files 1 -o "$dir" --truth "$dir/truth.csv" 2>"$dir/gen.log" &
    wait $! || die "gen failed"
    echo "gen $size: $(calc %.2f "$(date +%s.%N) - $t") s" >>"$dir/gen.log"
    echo "$params" >"$dir/params"
}

# compress DIR KIND — adds the zstd / gzip / zstd-19 copy of DIR's log unless present.
compress() {
    local dir=$1 kind=$2 f
    f=$(ls "$dir"/router.log-* | grep -v -e '\.zst$' -e '\.gz$' | head -n 1)
    case $kind in
    zstd)
        [ -f "$f.zst" ] && [ -f "$dir/zst.done" ] && return
        MADE="made in this run (included in the total run time)"
        log "zstd -$BENCH_ZSTD_LEVEL -T0 $f"
        zstd -q -f -"$BENCH_ZSTD_LEVEL" -T0 "$f" -o "$f.zst" &
        wait $! && echo "$BENCH_ZSTD_LEVEL" >"$dir/zst.done";;
    zstd19)
        [ -f "$f.zst" ] && [ -f "$dir/zst.done" ] && return
        MADE="made in this run (included in the total run time)"
        log "zstd -19 -T0 $f"
        zstd -q -f -19 -T0 "$f" -o "$f.zst" &
        wait $! && echo 19 >"$dir/zst.done";;
    gzip)
        [ -f "$f.gz" ] && [ -f "$dir/gz.done" ] && return
        log "gzip -6 $f"
        MADE="made in this run (included in the total run time)"
        if command -v pigz >/dev/null 2>&1; then pigz -6 -p "$NPROC" -c "$f" >"$f.gz"; else gzip -6 -c "$f" >"$f.gz"; fi &&
            echo 6 >"$dir/gz.done";;
    esac
}

MADE="reused from an earlier run"
GZIP_TOOL="gzip -6"
command -v pigz >/dev/null 2>&1 && GZIP_TOOL="pigz -6 (gzip format)"
C3=$BENCH_DIR/ike3-$BENCH_SIZE
C30=$BENCH_DIR/ike30-$BENCH_SIZE
CZ=$BENCH_DIR/z19-$BENCH_Z19_SIZE
make_corpus "$C3" "$BENCH_SIZE" 0.03
make_corpus "$C30" "$BENCH_SIZE" 0.3
make_corpus "$CZ" "$BENCH_Z19_SIZE" 0.03
for d in "$C3" "$C30"; do
    # the gzip jobs run in the background while zstd uses the cores
    [ -f "$d/gz.done" ] || MADE="made in this run (included in the total run time)"
    compress "$d" gzip &
done
compress "$C3" zstd
compress "$C30" zstd
compress "$CZ" zstd19
wait
for d in "$C3" "$C30"; do [ -f "$d/gz.done" ] && [ -f "$d/zst.done" ] || die "compression of $d failed"; done
[ -f "$CZ/zst.done" ] || die "compression of $CZ failed"
log "corpora ready"

# ---- measuring --------------------------------------------------------------
ROWS=()       # markdown rows
REFSEC=""     # seconds of tunnelstat -j1 plain on the current corpus
LOGBYTES=0    # uncompressed size of the current corpus
TSOUT=""      # tunnelstat -j1 plain output of the current corpus

warm() { cat "$@" >/dev/null & wait $!; }

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure LABEL INPUTDESC INPUTFILE CHECK OUT CMD... — OUT is null (stdout discarded) or a file name.
# CHECK: truth:FILE (output must equal FILE), ts (output must equal tunnelstat's), count, none.
measure() {
    local label=$1 desc=$2 input=$3 check=$4 outf=$5
    shift 5
    local secs=() rsss=() i t0 t1 rc sec res="" runs=0
    warm "$input"
    for ((i = 0; i < BENCH_RUNS; i++)); do
        t0=$(date +%s%N)
        if [ "$outf" = null ]; then
            /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" &
        else
            /usr/bin/time -f %M -o "$tmp/rss" "$@" >"$tmp/$outf" 2>"$tmp/err" &
        fi
        wait $!
        rc=$?
        t1=$(date +%s%N)
        sec=$(calc %.3f "($t1 - $t0) / 1000000000")
        secs+=("$sec")
        rsss+=("$(tail -n 1 "$tmp/rss")")
        runs=$((runs + 1))
        if [ $rc -ne 0 ]; then res="FAIL (exit $rc)"; sed 's/^/    /' "$tmp/err" | head -n 3 >&2; break; fi
        if [ "$(calc %d "($sec > $BENCH_SLOW)")" = 1 ]; then break; fi
    done
    local med rss gbs ratio
    med=$(median "${secs[@]}")
    rss=$(median "${rsss[@]}")
    rss=$(calc %.0f "$rss / 1024")
    gbs=$(calc %.3f "$LOGBYTES / $med / 1000000000")
    if [ -z "$res" ]; then
        case $check in
        truth:*) if cmp -s "$tmp/$outf" "${check#truth:}"; then res="= truth"; else res="FAIL (differs from truth)"; fi;;
        ts) if cmp -s "$tmp/$outf" "$TSOUT"; then res="= tunnelstat"; else res="FAIL (differs from tunnelstat)"; fi;;
        count) res="$(tr -d ' \n' <"$tmp/$outf") lines";;
        *) res="";;
        esac
    fi
    if [ "$label" = "tunnelstat -j1" ] && [[ $desc == *plain* ]]; then REFSEC=$med; fi
    if [ -n "$REFSEC" ]; then ratio=$(calc %.2f "$med / $REFSEC"); else ratio="?"; fi
    local row
    row=$(printf '| %s | %s | %d | %s | %s | %s | %s | %s |' "$label" "$desc" "$runs" "$med" "$gbs" "$ratio" "$rss" "$res")
    ROWS+=("$row")
    printf '%s\n' "$row"
    case $res in FAIL*) FAILS=$((FAILS + 1));; esac
}
FAILS=0

# Phrases of the counted classes, as an admin would grep for them.
PHRASES=("declaring peer dead" "DPD action - " "liveness_check - peer " "is for an unknown (expired?) SA"
    "part of an unknown exchange" "non-existent (expired?) ISAKMP SA" "no connection has been authorized"
    "no (wildcard) connection has been configured" "ignoring Delete SA payload" "instance with peer"
    "max number of retransmissions" "second timeout exceeded after" "probable authentication failure"
    "Hash Payload does not match" "to have ID" "Peer mismatch on first found connection"
    "no suitable connection for peer" "no acceptable Oakley Transform" "no acceptable Proposal in IPsec SA"
    "no connection is known for" "Authentication Failed" "asynchronous network error report"
    "ISAKMP SA established" "IKE SA established" "IPsec SA established" "established Child SA"
    "You should NOT use insecure")
EARGS=()
for p in "${PHRASES[@]}"; do EARGS+=(-e "$p"); done

# bench_corpus DIR NAME — the full tool list on one corpus.
bench_corpus() {
    local dir=$1 name=$2 f z g
    f=$(ls "$dir"/router.log-* | grep -v -e '\.zst$' -e '\.gz$' | head -n 1)
    z=$f.zst g=$f.gz
    LOGBYTES=$(stat -c %s "$f")
    REFSEC=""
    local gb zl
    gb=$(calc %.2f "$LOGBYTES / 1000000000")
    zl=$(cat "$dir/zst.done")
    local P="$name plain ${gb} GB"
    local Z="$name zstd -$zl ($(calc %.2f "$(stat -c %s "$z") / 1000000000") GB)"
    local G="$name gzip -6 ($(calc %.2f "$(stat -c %s "$g") / 1000000000") GB)"
    log "benchmarking $name ($f)"
    TSOUT=$tmp/ts-ref-$name.csv
    measure "tunnelstat -j1" "$P" "$f" "truth:$dir/truth.csv" ts1.csv "$TUNNELSTAT" -j 1 "$f"
    cp "$tmp/ts1.csv" "$TSOUT"
    measure "tunnelstat -j$NPROC" "$P" "$f" "truth:$dir/truth.csv" tsn.csv "$TUNNELSTAT" -j "$NPROC" "$f"
    measure "tunnelstat -j1 --no-prefilter" "$P" "$f" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 --no-prefilter "$f"
    measure "tunnelstat -j$NPROC --no-prefilter" "$P" "$f" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" --no-prefilter "$f"
    measure "tunnelstat -j1" "$Z" "$z" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$z"
    measure "tunnelstat -j$NPROC" "$Z" "$z" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" "$z"
    measure "tunnelstat -j1" "$G" "$g" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$g"
    measure "tunnelstat -j$NPROC" "$G" "$g" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" "$g"
    measure "cat >/dev/null" "$P" "$f" none null cat "$f"
    measure "nlcount (SSE2 newline count)" "$P" "$f" count n.txt "$NLCOUNT" "$f"
    measure "zstd -dc >/dev/null" "$Z" "$z" none null zstd -dc "$z"
    measure "gzip -dc >/dev/null" "$G" "$g" none null gzip -dc "$g"
    measure "rg -c -F (${#PHRASES[@]} phrases)" "$P" "$f" count n.txt rg -c -F "${EARGS[@]}" "$f"
    measure "LC_ALL=C grep -c -F (${#PHRASES[@]} phrases) \\| cat" "$P" "$f" count n.txt \
        bash -c 'f=$1; shift; LC_ALL=C grep -c -F "$@" "$f" | cat' grep "$f" "${EARGS[@]}"
    measure "mawk -f bench/peers.awk" "$P" "$f" ts awk.csv env LC_ALL=C mawk -f "$here/bench/peers.awk" "$f"
    measure "gawk -f bench/peers.awk" "$P" "$f" ts awk.csv env LC_ALL=C gawk -f "$here/bench/peers.awk" "$f"
    measure "perl bench/peers.pl" "$P" "$f" ts pl.csv perl "$here/bench/peers.pl" "$f"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
bench_corpus "$C3" "3%"
bench_corpus "$C30" "30%"
# the small -19 corpus: decoder speed at the level archives are often made with
f=$(ls "$CZ"/router.log-* | grep -v -e '\.zst$' -e '\.gz$' | head -n 1)
LOGBYTES=$(stat -c %s "$f")
REFSEC=""
log "benchmarking the zstd -19 corpus ($f)"
P="3% plain $(calc %.3f "$LOGBYTES / 1000000000") GB (small corpus)"
Z="3% zstd -19 ($(calc %.3f "$(stat -c %s "$f.zst") / 1000000000") GB, small corpus)"
measure "tunnelstat -j1" "$P" "$f" "truth:$CZ/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$f"
measure "tunnelstat -j1" "$Z" "$f.zst" "truth:$CZ/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$f.zst"
measure "tunnelstat -j$NPROC" "$Z" "$f.zst" "truth:$CZ/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" "$f.zst"
measure "zstd -dc >/dev/null" "$Z" "$f.zst" none null zstd -dc "$f.zst"
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report -----------------------------------------------------------------
ver() { "$@" 2>&1 | head -n 1; }
{
    echo "# tunnelstat benchmark"
    echo
    echo "Generated by \`make bench BENCH_SIZE=$BENCH_SIZE\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); total run time $(($(date +%s) - T0)) s."
    echo
    echo "* Machine: $NPROC CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)."
    echo "* Load average at start / end: $LOAD0 / $LOAD1 (the machine may be shared: compare ratios, not absolute times)."
    echo "* Corpora (bench/gen.c, seed $BENCH_SEED, 30 days, 4 routers, 300 peers; kept in $BENCH_DIR, $MADE): $BENCH_SIZE of RFC 3164 syslog with 3% and with 30% pluto lines, one file each (\`router.log-20240331\`: the name gives the year)."
    echo "  zstd copies at -$BENCH_ZSTD_LEVEL -T0: zstd -19 runs at well under 1 MB/s here (about an hour for 2 GB), so -19 is measured on a separate $BENCH_Z19_SIZE corpus (last rows). gzip copies made with $GZIP_TOOL."
    echo "* Each tool: $BENCH_RUNS runs on a warm page cache (input read with cat right before), median wall time; a tool whose first run exceeds $BENCH_SLOW s runs once (see runs)."
    echo "  GB/s = uncompressed log bytes (10^9) per second. × = seconds / seconds of \`tunnelstat -j1\` on the plain file of the same corpus (lower is faster). RSS: peak, /usr/bin/time -f %M."
    echo "* check: tunnelstat reports compared byte for byte with the generator's truth; the awk and perl scripts compute the same full peers report (serial and conn attribution included) and are compared with tunnelstat's; rg/grep only count the lines holding one of the phrases (the number shown)."
    echo "* rg maps the file, so its peak RSS counts the mapped page-cache pages."
    echo "* Versions: $(ver "$TUNNELSTAT" --version); $(ver rg --version); $(ver grep --version); $(ver mawk -W version); $(ver gawk --version); $(perl -e 'print "perl $^V"'); $(ver zstd --version); $(ver gzip --version)."
    echo
    echo "| tool | input | runs | s (median) | GB/s | × ts -j1 plain | peak RSS MiB | check |"
    echo "|---|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
} >"$tmp/results.md"
cp "$tmp/results.md" "$BENCH_RESULTS"
echo
cat "$BENCH_RESULTS"
log "done; results in $BENCH_RESULTS"
[ $FAILS -eq 0 ] || { echo "bench: $FAILS check(s) failed" >&2; exit 1; }
