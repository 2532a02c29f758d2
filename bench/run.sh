#!/bin/bash
# run.sh — tunnelstat against the usual tools on generated syslog archives.
#
#   make bench [BENCH_SIZE=2G] [BENCH_DIR=/tmp/tunnelstat-bench]
#   (or: BENCH_SIZE=200M TUNNELSTAT=build/tunnelstat GEN=build/gen NLCOUNT=build/nlcount bash bench/run.sh)
#
# Corpora (made by build/gen, reused while their parameters and bench/gen/
# are unchanged, or while build/gen still writes the same bytes: checked
# when only bench/gen/ changed) live in BENCH_DIR, never in the repository:
#   ike3-SIZE/   SIZE of syslog, 3% pluto lines; ike30-SIZE/ the same with 30%
#   each with router.log-YYYYMMDD (the name gives the year), a zstd copy
#   (level BENCH_ZSTD_LEVEL, -T0), a gzip -6 copy (pigz when installed: same
#   format) and truth.csv, the generator's ground-truth peers report;
#   z19-SIZE/    a small 3% corpus (BENCH_Z19_SIZE) compressed with zstd -19:
#   -19 runs at well under 1 MB/s on a 2-core machine, so a 2 GB copy at -19
#   would take about an hour.
# Scaling section (skipped with BENCH_SCALING=0): tunnelstat -j1 on 3% corpora
# of the sizes BENCH_SCALE_SIZES (ike3-SIZE/, plain file and truth.csv only)
# and on ike3-SIZE itself, and on two BENCH_PEERS_SIZE corpora (peersN-SIZE/)
# of BENCH_PEERS_FEW and BENCH_PEERS_MANY distinct peers: N distinct peers are
# min(1000, 60% of N) tunnel peers and the rest scanners, with the scan options
# BENCH_PEERS_SCAN in both (see bench/gen/main.c: the scanners are swept, so all of
# them show up once the corpus holds as many probes, ~55 000 per GiB).
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
BENCH_SCALING=${BENCH_SCALING:-1}
BENCH_SCALE_SIZES=${BENCH_SCALE_SIZES:-512M 1G}
BENCH_PEERS_SIZE=${BENCH_PEERS_SIZE:-2G}
BENCH_PEERS_FEW=${BENCH_PEERS_FEW:-10}
BENCH_PEERS_MANY=${BENCH_PEERS_MANY:-100000}
BENCH_PEERS_SCAN=${BENCH_PEERS_SCAN:---scan-frac 0.6 --scan-sweep}
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
for t in rg gawk mawk perl zstd gzip igzip libdeflate-gunzip /usr/bin/time; do
    command -v "$t" >/dev/null 2>&1 || die "$t is missing (run: make bench-deps)"
done
# The baselines write to /dev/null: a regular file there (a program that
# replaced it by renaming a file over it) makes them pay for the writes.
[ -c /dev/null ] || die "/dev/null is not a character device: the baselines' times would be wrong"
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
gensum=$(cat "$here"/bench/gen/*.[ch] | md5sum | cut -d' ' -f1)

# plain_log DIR — DIR's uncompressed router.log-* (empty if none).
plain_log() {
    local f
    for f in "$1"/router.log-*; do case $f in *.zst | *.gz) ;; *) [ -f "$f" ] && echo "$f"; return;; esac; done
}

# make_corpus DIR SIZE FRAC [PEERS [GENOPTS]] — generates DIR/router.log-* and DIR/truth.csv unless up
# to date. GENOPTS: more gen options (word-split), e.g. "--scanners 4 --scan-frac 0.6 --scan-sweep".
# DIR/params records the options and the md5 of bench/gen/*.[ch]. When only the md5 differs, the
# generator is rerun into a pipe and compared with the kept log and truth: if it writes the
# same bytes the corpus and its compressed copies are kept and params updated (a 2 GB corpus
# costs a few seconds instead of regenerating and recompressing it).
make_corpus() {
    local dir=$1 size=$2 frac=$3 peers=${4:-300} extra=${5:-}
    local params="gen.c=$gensum seed=$BENCH_SEED size=$size ike-frac=$frac days=30 start=2024-03-01 hosts=4 peers=$peers${extra:+ $extra}"
    # shellcheck disable=SC2206 # GENOPTS is split on purpose
    local args=(--seed "$BENCH_SEED" --size "$size" --ike-frac "$frac" --days 30 --start 2024-03-01
        --hosts 4 --peers "$peers" $extra)
    if [ -f "$dir/params" ] && [ -f "$dir/truth.csv" ]; then
        local old f
        old=$(cat "$dir/params")
        if [ "$old" = "$params" ]; then
            log "reusing $dir"
            return
        fi
        f=$(plain_log "$dir")
        if [ -n "$f" ] && [ "${old#gen.c=* }" = "${params#gen.c=* }" ]; then
            log "bench/gen/ changed: checking that $dir is still what it writes"
            rm -f "$tmp/check-truth.csv"
            { "$GEN" "${args[@]}" -o - --truth "$tmp/check-truth.csv" 2>/dev/null | cmp -s - "$f"; } &
            if wait $! && cmp -s "$tmp/check-truth.csv" "$dir/truth.csv"; then
                echo "checked unchanged by gen.c=$gensum" >>"$dir/gen.log"
                echo "$params" >"$dir/params"
                log "reusing $dir (same bytes)"
                return
            fi
        fi
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    MADE="made in this run (included in the total run time)"
    log "generating $dir ($size, $frac pluto lines, --peers $peers${extra:+ $extra})"
    local t=$(date +%s.%N)
    "$GEN" "${args[@]}" --files 1 -o "$dir" --truth "$dir/truth.csv" 2>"$dir/gen.log" &
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

# make_parts DIR — DIR's log split at line ends into 4 files, each compressed like the
# whole (zstd level BENCH_ZSTD_LEVEL), in DIR/parts/ (the issue's "several compressed
# files spread over threads").
make_parts() {
    local dir=$1 f p
    f=$(plain_log "$dir")
    if [ -f "$dir/parts.done" ] && [ "$(cat "$dir/parts.done")" = "$BENCH_ZSTD_LEVEL" ]; then return; fi
    MADE="made in this run (included in the total run time)"
    log "splitting $f into 4 zstd -$BENCH_ZSTD_LEVEL parts"
    rm -rf "$dir/parts" "$dir/parts.done"
    mkdir -p "$dir/parts"
    split -n l/4 -a 1 --numeric-suffixes=1 "$f" "$dir/parts/$(basename "$f")." || die "split failed"
    for p in "$dir/parts/"*; do
        zstd -q --rm -"$BENCH_ZSTD_LEVEL" -T0 "$p" || die "zstd of $p failed"
    done
    echo "$BENCH_ZSTD_LEVEL" >"$dir/parts.done"
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
make_parts "$C3"
wait
for d in "$C3" "$C30"; do [ -f "$d/gz.done" ] && [ -f "$d/zst.done" ] || die "compression of $d failed"; done
[ -f "$CZ/zst.done" ] || die "compression of $CZ failed"
log "corpora ready"

# ---- measuring --------------------------------------------------------------
ROWS=()       # markdown rows
REFSEC=""     # seconds of tunnelstat -j1 plain on the current corpus
LOGBYTES=0    # uncompressed size of the current corpus
TSOUT=""      # tunnelstat -j1 plain output of the current corpus

warm() { if [ -d "$1" ]; then cat "$1"/* >/dev/null & wait $!; else cat "$@" >/dev/null & wait $!; fi; }

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# run_tool INPUTFILE CHECK OUT CMD... — OUT is null (stdout discarded) or a file name.
# CHECK: truth:FILE (output must equal FILE), ts (output must equal tunnelstat's), count, none.
# Sets M_RUNS, M_SEC (median seconds), M_RSS (median peak RSS, MiB), M_RES (check result).
run_tool() {
    local input=$1 check=$2 outf=$3
    shift 3
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
    local med rss
    med=$(median "${secs[@]}")
    rss=$(median "${rsss[@]}")
    rss=$(calc %.0f "$rss / 1024")
    if [ -z "$res" ]; then
        case $check in
        truth:*) if cmp -s "$tmp/$outf" "${check#truth:}"; then res="= truth"; else res="FAIL (differs from truth)"; fi;;
        ts) if cmp -s "$tmp/$outf" "$TSOUT"; then res="= tunnelstat"; else res="FAIL (differs from tunnelstat)"; fi;;
        count) res="$(tr -d ' \n' <"$tmp/$outf") lines";;
        *) res="";;
        esac
    fi
    M_RUNS=$runs M_SEC=$med M_RSS=$rss M_RES=$res
    case $res in FAIL*) FAILS=$((FAILS + 1));; esac
}
FAILS=0

# measure LABEL INPUTDESC INPUTFILE CHECK OUT CMD... — run_tool, then one row of the main table.
measure() {
    local label=$1 desc=$2
    shift 2
    run_tool "$@"
    local gbs ratio row
    gbs=$(calc %.3f "$LOGBYTES / $M_SEC / 1000000000")
    if [ "$label" = "tunnelstat -j1" ] && [[ $desc == *plain* ]]; then REFSEC=$M_SEC; fi
    if [ -n "$REFSEC" ]; then ratio=$(calc %.2f "$M_SEC / $REFSEC"); else ratio="?"; fi
    row=$(printf '| %s | %s | %d | %s | %s | %s | %s | %s |' "$label" "$desc" "$M_RUNS" "$M_SEC" "$gbs" "$ratio" "$M_RSS" "$M_RES")
    ROWS+=("$row")
    printf '%s\n' "$row"
}

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
# The seven headline phrases of issue 15 (DPD dead, unknown SA, PSK, Delete SA
# not found, instance with peer, ISAKMP SA and IPsec SA established).
HEADLINE=("declaring peer dead" "is for an unknown (expired?) SA" "no connection has been authorized"
    "ignoring Delete SA payload" "instance with peer" "ISAKMP SA established" "IPsec SA established")
HARGS=()
for p in "${HEADLINE[@]}"; do HARGS+=(-e "$p"); done

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
    # the other literal engine (bench/NOTES.md §16): Hyperscan's pass, then the line walk
    measure "tunnelstat -j1 --prefilter hyperscan" "$P" "$f" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 --prefilter hyperscan "$f"
    measure "tunnelstat -j1 --no-prefilter" "$P" "$f" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 --no-prefilter "$f"
    measure "tunnelstat -j$NPROC --no-prefilter" "$P" "$f" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" --no-prefilter "$f"
    measure "tunnelstat -j1" "$Z" "$z" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$z"
    measure "tunnelstat -j$NPROC" "$Z" "$z" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" "$z"
    if [ -d "$dir/parts" ]; then
        local Zp="$name zstd -$zl, 4 files ($(calc %.2f "$(cat "$dir"/parts/* | wc -c) / 1000000000") GB)"
        measure "tunnelstat -j1" "$Zp" "$dir/parts" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$dir/parts"
        measure "tunnelstat -j$NPROC" "$Zp" "$dir/parts" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" "$dir/parts"
    fi
    measure "tunnelstat -j1" "$G" "$g" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$g"
    measure "tunnelstat -j$NPROC" "$G" "$g" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" "$g"
    measure "tunnelstat -j$NPROC --inflate zlib" "$G" "$g" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j "$NPROC" --inflate zlib "$g"
    measure "cat >/dev/null" "$P" "$f" none null cat "$f"
    measure "nlcount (SSE2 newline count)" "$P" "$f" count n.txt "$NLCOUNT" "$f"
    measure "zstd -dc >/dev/null" "$Z" "$z" none null zstd -dc "$z"
    measure "gzip -dc >/dev/null" "$G" "$g" none null gzip -dc "$g"
    measure "igzip -dc >/dev/null" "$G" "$g" none null igzip -dc "$g"
    measure "libdeflate-gunzip -c >/dev/null" "$G" "$g" none null libdeflate-gunzip -c "$g"
    measure "rg -c -F (${#PHRASES[@]} phrases)" "$P" "$f" count n.txt rg -c -F "${EARGS[@]}" "$f"
    measure "rg -c -F (${#HEADLINE[@]} headline phrases)" "$P" "$f" count n.txt rg -c -F "${HARGS[@]}" "$f"
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

# ---- scaling ----------------------------------------------------------------
# tunnelstat -j1 on the plain 3% file of corpora of several sizes (× per byte
# relative to the smallest: 1.00 is linear) and of two peer counts (× relative
# to the few-peers corpus). SROWS: rows of the scaling table, SCALING: its text.
# distinct_peers TRUTH — peer addresses in a truth report (column 3; '-' not counted).
distinct_peers() { tail -n +2 "$1" | cut -d, -f3 | grep -vx -e - | sort -u | wc -l; }
# psk_share TRUTH — psk_policy_miss (column 6) as a % of all counted events of a truth report.
psk_share() { awk -F, 'NR > 1 { for (i = 4; i <= NF; i++) t += $i; p += $6 } END { printf "%.0f", t ? 100 * p / t : 0 }' "$1"; }
# peer_split N — for N distinct peers sets P_TUN (tunnel peers: 60% of N, at most 1000) and
# P_SCAN (scanners: the rest).
peer_split() {
    [ "$1" -ge 2 ] 2>/dev/null || die "a peers target must be a number >= 2 (got '$1')"
    P_TUN=$(($1 * 6 / 10))
    [ $P_TUN -le 1000 ] || P_TUN=1000
    P_SCAN=$(($1 - P_TUN))
}
# scale_run KIND DIR NAME GENOPTS — measures one corpus; sets S_SEC, S_BYTES, S_DP (distinct
# peers) and S_ROW (minus the × and later cells).
scale_run() {
    local kind=$1 dir=$2 name=$3 opts=$4 f
    f=$(plain_log "$dir")
    S_BYTES=$(stat -c %s "$f")
    LOGBYTES=$S_BYTES
    run_tool "$f" "truth:$dir/truth.csv" ts.csv "$TUNNELSTAT" -j 1 "$f"
    S_SEC=$M_SEC
    S_DP=$(distinct_peers "$dir/truth.csv")
    S_ROW=$(printf '| %s | 3%% plain %s GB (%s) | %s | %d | %d | %s | %s |' "$kind" \
        "$(calc %.3f "$S_BYTES / 1000000000")" "$name" "$opts" "$S_DP" \
        "$M_RUNS" "$M_SEC" "$(calc %.3f "$S_BYTES / $M_SEC / 1000000000")")
}
# near_target D N — "met" if D distinct peers are within 5% (at least 2) of the target N.
near_target() {
    if [ "$(calc %d "(($1 - $2) ^ 2 <= (($2 / 20 > 2 ? $2 / 20 : 2)) ^ 2)")" = 1 ]; then echo met; else echo missed; fi
}
# scale_row ROW RATIO — completes S_ROW-style ROW with the × and the remaining cells of the last run.
scale_row() {
    local row="$1 $2 | $M_RSS | $M_RES |"
    SROWS+=("$row")
    printf '%s\n' "$row"
}
SROWS=()
SCALING=()
if [ "$BENCH_SCALING" != 0 ]; then
    S0=$(date +%s)
    main_made=$MADE
    MADE="reused from an earlier run"
    sdirs=("$C3")
    for s in $BENCH_SCALE_SIZES; do
        d=$BENCH_DIR/ike3-$s
        [[ " ${sdirs[*]} " == *" $d "* ]] && continue
        make_corpus "$d" "$s" 0.03
        sdirs+=("$d")
    done
    PF=$BENCH_DIR/peers$BENCH_PEERS_FEW-$BENCH_PEERS_SIZE
    PM=$BENCH_DIR/peers$BENCH_PEERS_MANY-$BENCH_PEERS_SIZE
    peer_split "$BENCH_PEERS_FEW"
    few_opts="--peers $P_TUN --scanners $P_SCAN"
    make_corpus "$PF" "$BENCH_PEERS_SIZE" 0.03 "$P_TUN" "--scanners $P_SCAN $BENCH_PEERS_SCAN"
    peer_split "$BENCH_PEERS_MANY"
    many_opts="--peers $P_TUN --scanners $P_SCAN"
    make_corpus "$PM" "$BENCH_PEERS_SIZE" 0.03 "$P_TUN" "--scanners $P_SCAN $BENCH_PEERS_SCAN"
    scale_made=$MADE
    MADE=$main_made
    S1=$(date +%s)
    log "scaling: corpora ready in $((S1 - S0)) s; benchmarking tunnelstat -j1"
    # smallest first: the size rows are relative to it
    mapfile -t sdirs < <(for d in "${sdirs[@]}"; do echo "$(stat -c %s "$(plain_log "$d")") $d"; done | sort -n | cut -d' ' -f2-)
    base_sec="" base_bytes="" lo="" hi=""
    for d in "${sdirs[@]}"; do
        scale_run size "$d" "${d##*/}" "\`--peers 300\`"
        [ -n "$base_sec" ] || { base_sec=$S_SEC; base_bytes=$S_BYTES; }
        r=$(calc %.2f "($S_SEC / $S_BYTES) / ($base_sec / $base_bytes)")
        scale_row "$S_ROW" "$r"
        if [ -z "$lo" ] || [ "$(calc %d "($r < $lo)")" = 1 ]; then lo=$r; fi
        if [ -z "$hi" ] || [ "$(calc %d "($r > $hi)")" = 1 ]; then hi=$r; fi
    done
    scale_run peers "$PF" "${PF##*/}" "\`$few_opts\`"
    few_sec=$S_SEC few_dp=$S_DP
    scale_row "$S_ROW" 1.00
    scale_run peers "$PM" "${PM##*/}" "\`$many_opts\`"
    many_dp=$S_DP
    pr=$(calc %.2f "$S_SEC / $few_sec")
    scale_row "$S_ROW" "$pr"
    dpv="$(near_target "$few_dp" "$BENCH_PEERS_FEW") / $(near_target "$many_dp" "$BENCH_PEERS_MANY")"
    # the size rows are judged with the tolerance of the peers target
    lin="missed"
    [ "$(calc %d "($lo >= 0.90 && $hi <= 1.10)")" = 1 ] && lin="met"
    pv="missed"
    [ "$(calc %d "($pr <= 1.10)")" = 1 ] && pv="met"
    S2=$(date +%s)
    log "scaling section: $((S2 - S0)) s (corpus generation $((S1 - S0)) s)"
    SCALING=(
        "### Scaling (one thread, plain, 3%)"
        ""
        "* Target (issue 4, target 6): time linear in input size (0.5, 1, 2 GB) and insensitive to the number of distinct peers (10 vs 100 000 peers within 10%)."
        "* \`tunnelstat -j1 FILE\`, measured and checked against the truth as above, on 3% corpora from bench/gen/ (seed $BENCH_SEED, 30 days, 4 routers): size rows $BENCH_SCALE_SIZES and $BENCH_SIZE with \`--peers 300\`; peers rows $BENCH_PEERS_SIZE for $BENCH_PEERS_FEW and $BENCH_PEERS_MANY distinct peers. Corpora kept in $BENCH_DIR, $scale_made; this section took $((S2 - S0)) s, $((S1 - S0)) s of it generating corpora."
        "* Peers corpora: N distinct peers are made of min(1000, 60% of N) tunnel peers (\`--peers\`) and the rest scanners (\`--scanners\`), both with \`$BENCH_PEERS_SCAN\`: 60% of the IKE episodes are distributed scans, each probe from the next scanner address in turn, so every scanner is in the truth once the corpus holds as many probes (about 55 000 per GiB of log). The two differ only in those address pools: same ike-frac, line count and kinds of traffic. psk_policy_miss is $(psk_share "$PF/truth.csv")% and $(psk_share "$PM/truth.csv")% of their counted events ($(psk_share "$C3/truth.csv")% in ike3-$BENCH_SIZE, whose scanners are 12% of the episodes). Distinct peers $few_dp and $many_dp, within 5% of $BENCH_PEERS_FEW and $BENCH_PEERS_MANY: $dpv."
        "* ×: size rows (s / byte) / (s / byte of the smallest corpus), 1.00 = linear; peers rows s / s of the $BENCH_PEERS_FEW-peer corpus. distinct peers: addresses in the truth report."
        "* Size: × $lo to $hi; linear within ±10% (the tolerance of the peers target; the issue gives none for size): $lin. Peers: × $pr (target ≤ 1.10): $pv."
        ""
        "| scaling | input | gen options | distinct peers | runs | s (median) | GB/s | × | peak RSS MiB | check |"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
        "${SROWS[@]}"
    )
fi
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
NULLNOTE=""
if [ ! -c /dev/null ]; then
    NULLNOTE="* **/dev/null was replaced by a regular file during this run: the baselines that write to it were slowed down; the run does not count.**"
    FAILS=$((FAILS + 1))
fi

# ---- report -----------------------------------------------------------------
ver() { "$@" 2>&1 | head -n 1; }
{
    echo "# tunnelstat benchmark"
    echo
    echo "Generated by \`make bench BENCH_SIZE=$BENCH_SIZE\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); total run time $(($(date +%s) - T0)) s."
    echo
    echo "* Machine: $NPROC CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)."
    echo "* Load average at start / end: $LOAD0 / $LOAD1 (the machine may be shared: compare ratios, not absolute times)."
    [ -z "$NULLNOTE" ] || echo "$NULLNOTE"
    echo "* Corpora (bench/gen/, seed $BENCH_SEED, 30 days, 4 routers, 300 peers; kept in $BENCH_DIR, $MADE): $BENCH_SIZE of RFC 3164 syslog with 3% and with 30% pluto lines, one file each (\`router.log-20240331\`: the name gives the year)."
    echo "  zstd copies at -$BENCH_ZSTD_LEVEL -T0: zstd -19 runs at well under 1 MB/s here (about an hour for 2 GB), so -19 is measured on a separate $BENCH_Z19_SIZE corpus (last rows). gzip copies made with $GZIP_TOOL."
    echo "* Each tool: $BENCH_RUNS runs on a warm page cache (input read with cat right before), median wall time; a tool whose first run exceeds $BENCH_SLOW s runs once (see runs)."
    echo "  GB/s = uncompressed log bytes (10^9) per second. × = seconds / seconds of \`tunnelstat -j1\` on the plain file of the same corpus (lower is faster). RSS: peak, /usr/bin/time -f %M."
    echo "* check: tunnelstat reports compared byte for byte with the generator's truth; the awk and perl scripts compute the same full peers report (serial and conn attribution included) and are compared with tunnelstat's; rg/grep only count the lines holding one of the phrases (the number shown)."
    echo "* rg maps the file, so its peak RSS counts the mapped page-cache pages; libdeflate-gunzip inflates the whole file into one buffer."
    echo "* Versions: $(ver "$TUNNELSTAT" --version); $(ver rg --version); $(ver grep --version); $(ver mawk -W version); $(ver gawk --version); $(perl -e 'print "perl $^V"'); $(ver zstd --version); $(ver gzip --version); igzip $(igzip --version 2>&1 | grep -o -m1 '[0-9][0-9.]*'); libdeflate-gunzip $(libdeflate-gunzip -V 2>&1 | grep -o -m1 'v[0-9][0-9.]*')."
    echo
    echo "| tool | input | runs | s (median) | GB/s | × ts -j1 plain | peak RSS MiB | check |"
    echo "|---|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
    if [ ${#SCALING[@]} -gt 0 ]; then echo; printf '%s\n' "${SCALING[@]}"; fi
} >"$tmp/table.md"
{
    sed -n '1,/^\* Versions:/p' "$tmp/table.md"
    echo
    echo "### Targets (issues 4 and 15), from the tables below (bench/targets.awk)"
    echo
    awk -f "$here/bench/targets.awk" "$tmp/table.md"
    echo
    echo "### All measurements"
    sed '1,/^\* Versions:/d' "$tmp/table.md"
} >"$tmp/results.md"
cp "$tmp/results.md" "$BENCH_RESULTS"
# README.md shows the same, between its bench markers (without the title line).
if [ "$BENCH_RESULTS" = "$here/bench/results.md" ] && grep -q '^<!-- bench:begin -->$' "$here/README.md"; then
    awk -v res="$tmp/results.md" '
        /^<!-- bench:begin -->$/ { print; while ((getline l < res) > 0) if (l !~ /^# tunnelstat benchmark$/) print l; skip = 1; next }
        /^<!-- bench:end -->$/ { skip = 0 }
        !skip' "$here/README.md" >"$tmp/README.md" && cp "$tmp/README.md" "$here/README.md"
fi
echo
cat "$BENCH_RESULTS"
log "done; results in $BENCH_RESULTS"
[ $FAILS -eq 0 ] || { echo "bench: $FAILS check(s) failed" >&2; exit 1; }
