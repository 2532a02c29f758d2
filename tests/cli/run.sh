#!/bin/sh
# tests/cli/run.sh — golden CLI tests for tunnelstat (POSIX sh; runs under dash).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/run.sh     (from the repository root;
#                                                               `make cli` does exactly this)
#
# Every case of the hand-written corpus (corpus/seed.log, corpus/cases/*.log and the
# directory cases corpus/cases/*.d) is run with both reports and compared byte for byte
# with corpus/expected/<case>.{peers,events}.csv; extra arguments come from
# corpus/cases/<case>.args. Each case is also run with --no-prefilter, -j 1, -j 3, with the
# line walk forced to scalar, SSE2, AVX2 and AVX-512BW (--simd; a CPU without one runs its
# best), with the Hyperscan prefilter instead of the walk's own literal search (also with the
# scalar walk), and on
# zstd, gzip, xz, bzip2 and two-frame zstd copies made here in a temporary directory (for those the
# events `file` column names the copy, so it is mapped back to the original path before
# comparing). Then come the CLI contract tests (stdin, -o, exit statuses, --help,
# --version, truncated input ...).
#
# Output: one line per test, `ok NAME` or `FAIL NAME` (followed by indented details: a
# diff of expected vs actual, the exit status, stderr), and at the end exactly one line
# `N passed, M failed`. Exit status 0 only when nothing failed.
# Expected outputs are written by hand from SPEC.md (see corpus/README.md); never
# regenerate them from the program.

# Option lists ($args, $H1A, $v ...) are word-split on purpose; they hold no glob
# characters.
# shellcheck disable=SC2086

LC_ALL=C
export LC_ALL

if [ -z "${TUNNELSTAT:-}" ]; then
    echo "run.sh: set TUNNELSTAT to the tunnelstat binary" >&2
    exit 2
fi
TS=$TUNNELSTAT
if [ ! -x "$TS" ]; then
    echo "run.sh: $TS is not an executable file" >&2
    exit 2
fi
if [ ! -d corpus/cases ] || [ ! -d corpus/expected ]; then
    echo "run.sh: run me from the repository root (corpus/ not found)" >&2
    exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-cli.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM

# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
CR=$(printf '\r')
PEERS_HEADER='day,host,peer,dpd_dead,unknown_sa,psk_policy_miss,delete_sa_not_found,disconnect,retransmit_timeout,auth_fail,id_mismatch,no_proposal,phase2_no_conn,xauth_fail,network_error,phase1_up,phase2_up,weak_crypto'

# esc STRING: STRING quoted for use inside a sed regular expression (| delimiter).
esc() {
    printf '%s\n' "$1" | sed -e 's/[].[^$\\*|]/\\&/g'
}

# runts STDIN-FILE ARG...: runs tunnelstat; stdout -> $TMP/out, stderr -> $TMP/err,
# status -> $ST.
runts() {
    _in=$1
    shift
    "$TS" "$@" <"$_in" >"$TMP/out" 2>"$TMP/err"
    ST=$?
}

# status_note EXPECTED: writes the exit-status / stderr note for a failure report.
status_note() {
    {
        echo "exit status $ST (expected $1); command: $CMD"
        if [ -s "$TMP/err" ]; then
            echo "stderr:"
            head -n 10 "$TMP/err"
        fi
    } >"$TMP/note"
}

# cmp_out NAME EXPECTED-STATUS EXPECTED-FILE ACTUAL-FILE
cmp_out() {
    if [ "$ST" -eq "$2" ] && cmp -s "$3" "$4"; then
        ok "$1"
    else
        status_note "$2"
        diff "$3" "$4" >"$TMP/diff" 2>&1
        fail "$1" "$TMP/note" "$TMP/diff"
    fi
}

# golden NAME EXPECTED-FILE ARG...: tunnelstat ARG... must exit 0 and print EXPECTED-FILE.
golden() {
    _name=$1
    _exp=$2
    shift 2
    CMD="tunnelstat $*"
    runts /dev/null "$@"
    cmp_out "$_name" 0 "$_exp" "$TMP/out"
}

# golden_mapped NAME EXPECTED-FILE PREFIX SUFFIX ARG...: like golden, but in the actual
# events report the first cell PREFIX<path>SUFFIX is turned back into <path>.
golden_mapped() {
    _name=$1
    _exp=$2
    _pre=$(esc "$3")
    _suf=$(esc "$4")
    shift 4
    CMD="tunnelstat $*"
    runts /dev/null "$@"
    sed -e "s|^$_pre\\([^,]*\\)$_suf,|\\1,|" "$TMP/out" >"$TMP/mapped"
    cmp_out "$_name" 0 "$_exp" "$TMP/mapped"
}

# compress_copy KIND PATH: makes $TMP/KIND/PATH.EXT (a file) or $TMP/KIND/PATH/ (a
# directory whose files each get .EXT); prints the operand to pass.
#   KIND: zstd | gzip | xz | bzip2 | zstd2 (two zstd frames: first half of the lines,
#   then the rest)
compress_one() {
    case $1 in
    zstd) zstd -q -c <"$2" >"$3" ;;
    gzip) gzip -n -c <"$2" >"$3" ;;
    xz) xz -c <"$2" >"$3" ;;
    bzip2) bzip2 -c <"$2" >"$3" ;;
    zstd2)
        _n=$(wc -l <"$2")
        _h=$((_n / 2))
        { head -n "$_h" "$2" | zstd -q -c; tail -n "+$((_h + 1))" "$2" | zstd -q -c; } >"$3"
        ;;
    esac
}
# ext KIND: the file name ending of compress_one's output.
ext() {
    case $1 in zstd | zstd2) echo .zst ;; gzip) echo .gz ;; xz) echo .xz ;; bzip2) echo .bz2 ;; esac
}
compress_copy() {
    _ext=$(ext "$1")
    if [ -d "$2" ]; then
        mkdir -p "$TMP/$1/$2"
        for _f in "$2"/*; do
            [ -f "$_f" ] || continue
            compress_one "$1" "$_f" "$TMP/$1/$2/${_f##*/}$_ext"
        done
        printf '%s\n' "$TMP/$1/$2"
    else
        mkdir -p "$TMP/$1/${2%/*}"
        compress_one "$1" "$2" "$TMP/$1/$2$_ext"
        printf '%s\n' "$TMP/$1/$2$_ext"
    fi
}

have_zstd=1
have_gzip=1
command -v zstd >/dev/null 2>&1 || have_zstd=0
command -v gzip >/dev/null 2>&1 || have_gzip=0

# ---------------------------------------------------------------- corpus cases
for c in corpus/seed.log corpus/cases/*.log corpus/cases/*.d; do
    [ -e "$c" ] || continue
    case $c in
    *.d) name=${c##*/} ;;
    *) name=${c##*/}; name=${name%.log} ;;
    esac
    argsf=${c%.log}.args
    [ -d "$c" ] && argsf=$c.args
    args=
    [ -f "$argsf" ] && args=$(cat "$argsf")
    expP=corpus/expected/$name.peers.csv
    expE=corpus/expected/$name.events.csv
    if [ ! -f "$expP" ] || [ ! -f "$expE" ]; then
        echo "missing $expP or $expE" >"$TMP/note"
        fail "$name:expected-files" "$TMP/note"
        continue
    fi
    for variant in default --no-prefilter "-j 1" "-j 3" "--simd scalar" "--simd sse2" "--simd avx2" \
        "--simd avx512bw" "--prefilter hyperscan" "--prefilter hyperscan --simd scalar" "--prefilter none"; do
        v=$variant
        [ "$v" = default ] && v=
        vn=$(printf '%s' "$variant" | tr -d ' ')
        # $args and $v are word-split on purpose (they hold options).
        golden "$name:peers:$vn" "$expP" $args $v --report peers "$c"
        golden "$name:events:$vn" "$expE" $args $v --report events "$c"
    done
    for kind in zstd gzip xz bzip2 zstd2; do
        tool=$kind
        [ "$kind" = zstd2 ] && tool=zstd
        command -v "$tool" >/dev/null 2>&1 || { echo "$tool not installed" >"$TMP/note"; fail "$name:$kind" "$TMP/note"; continue; }
        ext=$(ext "$kind")
        op=$(compress_copy "$kind" "$c")
        golden "$name:peers:$kind" "$expP" $args --report peers "$op"
        golden_mapped "$name:events:$kind" "$expE" "$TMP/$kind/" "$ext" $args --report events "$op"
    done
done

# ---------------------------------------------------------------- CLI contract
H1=corpus/cases/h1-openswan.log
H1A="--ref-date 2024-04-30"
H1P=corpus/expected/h1-openswan.peers.csv
H1E=corpus/expected/h1-openswan.events.csv
H3=corpus/cases/h3-rfc3339.log
SEED=corpus/seed.log

# `scan` subcommand = default.
golden "cli:scan-subcommand" corpus/expected/seed.peers.csv scan --report peers "$SEED"
golden "cli:default-report-is-peers" corpus/expected/seed.peers.csv "$SEED"
golden "cli:long-option-equals" "$H1E" --ref-date=2024-04-30 --report=events "$H1"

# Two operands: reports of files that share no host are the concatenation of theirs.
sed -n '2,$p' corpus/expected/h3-rfc3339.peers.csv | cat "$H1P" - >"$TMP/two.peers"
sed -n '2,$p' corpus/expected/h3-rfc3339.events.csv | cat "$H1E" - >"$TMP/two.events"
golden "cli:two-operands:peers" "$TMP/two.peers" $H1A --report peers "$H1" "$H3"
golden "cli:two-operands:events" "$TMP/two.events" $H1A --report events "$H1" "$H3"

# stdin: "-" and no operand. The events `file` cell is "-" for stdin.
sed -e "s|^$(esc "$H1"),|-,|" "$H1E" >"$TMP/stdin.events"
sed -e "s|^$(esc "$SEED"),|-,|" corpus/expected/seed.events.csv >"$TMP/stdin-seed.events"
CMD="tunnelstat $H1A --report peers - < $H1"
runts "$H1" $H1A --report peers -
cmp_out "cli:stdin-dash:peers" 0 "$H1P" "$TMP/out"
CMD="tunnelstat $H1A --report events - < $H1"
runts "$H1" $H1A --report events -
cmp_out "cli:stdin-dash:events" 0 "$TMP/stdin.events" "$TMP/out"
CMD="tunnelstat $H1A --report peers < $H1"
runts "$H1" $H1A --report peers
cmp_out "cli:stdin-no-operand:peers" 0 "$H1P" "$TMP/out"
CMD="tunnelstat --report events < $SEED"
runts "$SEED" --report events
cmp_out "cli:stdin-no-operand:events" 0 "$TMP/stdin-seed.events" "$TMP/out"
CMD="tunnelstat -j 3 --report events - < $SEED"
runts "$SEED" -j 3 --report events -
cmp_out "cli:stdin-dash-j3:events" 0 "$TMP/stdin-seed.events" "$TMP/out"
if [ $have_zstd = 1 ]; then
    zstd -q -c <"$H1" >"$TMP/stdin.zst"
    CMD="tunnelstat $H1A --report peers - < h1.zst"
    runts "$TMP/stdin.zst" $H1A --report peers -
    cmp_out "cli:stdin-zstd:peers" 0 "$H1P" "$TMP/out"
fi

# Directory operand (walked in bytewise name order); a trailing-slash-free path.
golden "cli:directory-operand" corpus/expected/dateext.d.peers.csv --report peers corpus/cases/dateext.d

# -o FILE: the report goes to FILE, nothing to stdout; an existing FILE is replaced.
mkdir -p "$TMP/o"
CMD="tunnelstat -o OUT $H1A --report peers $H1"
runts /dev/null -o "$TMP/o/report.csv" $H1A --report peers "$H1"
if [ "$ST" -eq 0 ] && [ ! -s "$TMP/out" ] && cmp -s "$H1P" "$TMP/o/report.csv"; then
    ok "cli:output-file"
else
    status_note 0
    { echo "stdout bytes: $(wc -c <"$TMP/out")"; diff "$H1P" "$TMP/o/report.csv"; } >"$TMP/diff" 2>&1
    fail "cli:output-file" "$TMP/note" "$TMP/diff"
fi
CMD="tunnelstat --output OUT $H1A --report events $H1   (OUT exists)"
runts /dev/null --output "$TMP/o/report.csv" $H1A --report events "$H1"
if [ "$ST" -eq 0 ] && [ ! -s "$TMP/out" ] && cmp -s "$H1E" "$TMP/o/report.csv"; then
    ok "cli:output-file-replaced"
else
    status_note 0
    { echo "stdout bytes: $(wc -c <"$TMP/out")"; diff "$H1E" "$TMP/o/report.csv"; } >"$TMP/diff" 2>&1
    fail "cli:output-file-replaced" "$TMP/note" "$TMP/diff"
fi
leftover=
for f in "$TMP/o"/* "$TMP/o"/.[!.]* "$TMP/o"/..?*; do
    [ -e "$f" ] || continue
    [ "${f##*/}" = report.csv ] || leftover="$leftover ${f##*/}"
done
if [ -z "$leftover" ]; then
    ok "cli:output-no-temporaries"
else
    echo "left in the output directory: $leftover" >"$TMP/note"
    fail "cli:output-no-temporaries" "$TMP/note"
fi

# expect_status NAME STATUS STDOUT-MUST-BE-EMPTY(1/0) STDERR-PATTERN ARG...
expect_status() {
    _name=$1
    _st=$2
    _empty=$3
    _pat=$4
    shift 4
    CMD="tunnelstat $*"
    runts /dev/null "$@"
    _why=
    [ "$ST" -eq "$_st" ] || _why="exit status"
    if [ "$_empty" = 1 ] && [ -s "$TMP/out" ]; then _why="$_why stdout-not-empty"; fi
    if [ -n "$_pat" ] && ! grep -qi -e "$_pat" "$TMP/err"; then _why="$_why stderr-lacks:$_pat"; fi
    if [ -z "$_why" ]; then
        ok "$_name"
    else
        status_note "$_st"
        echo "problem: $_why" >>"$TMP/note"
        fail "$_name" "$TMP/note"
    fi
}

# Usage errors: exit 2, no report on stdout, a message on stderr.
expect_status "cli:usage:unknown-option" 2 1 . --no-such-option "$SEED"
expect_status "cli:usage:bad-report" 2 1 . --report nope "$SEED"
expect_status "cli:usage:bad-ref-date-month" 2 1 . --ref-date 2024-13-01 "$SEED"
expect_status "cli:usage:bad-ref-date-word" 2 1 . --ref-date yesterday "$SEED"
expect_status "cli:usage:bad-year" 2 1 . --year abc "$SEED"
expect_status "cli:usage:missing-argument" 2 1 . "$SEED" --report
expect_status "cli:usage:bad-threads" 2 1 . -j abc "$SEED"
expect_status "cli:usage:bad-prefilter" 2 1 "--prefilter wants walk, hyperscan or none" --prefilter grep "$SEED"

# --help / --version.
expect_status "cli:help" 0 0 "" --help
if grep -q -e '--report' "$TMP/out"; then ok "cli:help-mentions-report"; else fail "cli:help-mentions-report" "$TMP/out"; fi
expect_status "cli:help-short" 0 0 "" -h
expect_status "cli:version" 0 0 "" --version
if grep -qi 'tunnelstat' "$TMP/out" && grep -i 'zstd' "$TMP/out" | grep -q '[0-9]\.[0-9]' &&
    grep -i 'zlib' "$TMP/out" | grep -q '[0-9]\.[0-9]' && grep -i 'liblzma' "$TMP/out" | grep -q '[0-9]\.[0-9]' &&
    grep -i 'bzip2' "$TMP/out" | grep -q '[0-9]\.[0-9]'; then
    ok "cli:version-mentions-libraries"
else
    echo "--version must name tunnelstat and the zstd, zlib, liblzma and bzip2 versions" >"$TMP/note"
    fail "cli:version-mentions-libraries" "$TMP/note" "$TMP/out"
fi
expect_status "cli:version-short" 0 0 "" -V

# A missing input among good ones: exit 1, named on stderr, the good one fully counted.
for order in after before; do
    if [ $order = after ]; then
        set -- "$H1" "$TMP/does-not-exist.log"
    else
        set -- "$TMP/does-not-exist.log" "$H1"
    fi
    for rep in peers events; do
        if [ $rep = peers ]; then exp=$H1P; else exp=$H1E; fi
        CMD="tunnelstat $H1A --report $rep $*"
        runts /dev/null $H1A --report $rep "$@"
        if [ "$ST" -eq 1 ] && grep -q 'does-not-exist\.log' "$TMP/err" && cmp -s "$exp" "$TMP/out"; then
            ok "cli:missing-input-$order:$rep"
        else
            status_note 1
            diff "$exp" "$TMP/out" >"$TMP/diff" 2>&1
            fail "cli:missing-input-$order:$rep" "$TMP/note" "$TMP/diff"
        fi
    done
done
set --

# Truncated and corrupt compressed input: exit 1, the file named on stderr, a report
# (at least its header) still written when a line could be read.
if [ $have_zstd = 1 ]; then
    i=0
    : >"$TMP/big.log"
    while [ $i -lt 400 ]; do
        cat "$H1" >>"$TMP/big.log"
        i=$((i + 1))
    done
    zstd -q -c <"$TMP/big.log" >"$TMP/big.zst"
    size=$(wc -c <"$TMP/big.zst")
    head -c $((size / 2)) "$TMP/big.zst" >"$TMP/truncated.zst"
    CMD="tunnelstat $H1A truncated.zst"
    runts /dev/null $H1A "$TMP/truncated.zst"
    first=$(head -n 1 "$TMP/out" | tr -d "$CR")
    # Half a stream may end before its first complete line: then nothing was
    # read, and no report is written (README "Exit status").
    if grep -q 'no input could be read' "$TMP/err"; then first=$PEERS_HEADER; [ -s "$TMP/out" ] && first=; fi
    if [ "$ST" -eq 1 ] && grep -q 'truncated\.zst' "$TMP/err" && grep -qi 'truncat' "$TMP/err" &&
        [ "$first" = "$PEERS_HEADER" ]; then
        ok "cli:truncated-zstd"
    else
        status_note 1
        fail "cli:truncated-zstd" "$TMP/note" "$TMP/out"
    fi
    printf '\050\265\057\375this is not a zstd frame at all\n' >"$TMP/corrupt.zst"
    expect_status "cli:corrupt-zstd" 1 0 'corrupt\.zst' $H1A "$TMP/corrupt.zst"
    # A --long=30 stream from a pipe needs a 1 GiB window: refused by default (the file
    # is unreadable: exit 1), decoded with --zstd-window-log-max 31.
    if zstd -q --long=30 -c <"$H1" >"$TMP/long.zst" 2>/dev/null; then
        expect_status "cli:zstd-long-window-refused" 1 0 'long\.zst' $H1A "$TMP/long.zst"
        golden "cli:zstd-window-log-max" "$H1P" $H1A --zstd-window-log-max 31 "$TMP/long.zst"
    fi
fi
if [ $have_gzip = 1 ]; then
    [ -f "$TMP/big.log" ] || cat "$H1" "$H1" "$H1" >"$TMP/big.log"
    gzip -n -c <"$TMP/big.log" >"$TMP/big.gz"
    size=$(wc -c <"$TMP/big.gz")
    head -c $((size / 2)) "$TMP/big.gz" >"$TMP/truncated.gz"
    expect_status "cli:truncated-gzip" 1 0 'truncated\.gz' $H1A "$TMP/truncated.gz"
fi

# A line longer than 1 MiB is lexed from its first 1 MiB and counts as one line; the
# rest of it (here: text that looks like another peer's line) is not a line of its own.
L1='Jan  9 10:00:00 gw-long pluto[55]: "big"[1] 192.0.2.200 #1: DPD: No response from peer - declaring peer dead '
L2='Jan  9 10:00:01 gw-long pluto[55]: "big"[1] 192.0.2.200 #1: DPD: No response from peer - declaring peer dead'
L3='Jan  9 10:00:02 gw-long pluto[55]: "big"[1] 192.0.2.201 #1: DPD: No response from peer - declaring peer dead'
{
    printf '%s' "$L1"
    head -c 1100000 /dev/zero | tr '\0' x
    printf ' %s\n%s\n' "$L3" "$L2"
} >"$TMP/long-line.log"
printf '%s\r\n' "$PEERS_HEADER" \
    '2024-01-09,gw-long,192.0.2.200,2,0,0,0,0,0,0,0,0,0,0,0,0,0,0' >"$TMP/long-line.peers"
printf '%s\r\n' 'file,line,day,time,host,pid,conn,instance,peer,port,serial,tag,class,detail,peer_source,count' \
    "$TMP/long-line.log,1,2024-01-09,10:00:00,gw-long,55,big,1,192.0.2.200,,1,,dpd_dead,,line,1" \
    "$TMP/long-line.log,2,2024-01-09,10:00:01,gw-long,55,big,1,192.0.2.200,,1,,dpd_dead,,line,1" \
    >"$TMP/long-line.events"
for v in default -j3 --no-prefilter; do
    vv=$v
    [ "$v" = default ] && vv=
    [ "$v" = -j3 ] && vv="-j 3"
    golden "cli:long-line:peers:$v" "$TMP/long-line.peers" --ref-date 2024-01-31 $vv "$TMP/long-line.log"
    golden "cli:long-line:events:$v" "$TMP/long-line.events" --ref-date 2024-01-31 $vv --report events "$TMP/long-line.log"
done

# Options that must not change the report.
golden "cli:stats-keeps-report" "$H1P" $H1A --stats "$H1"
# --stats names the prefilter that ran: the walk by default.
for pfk in walk hyperscan none; do
    pfa="--prefilter $pfk"
    [ $pfk = walk ] && pfa=
    runts /dev/null $H1A --stats $pfa "$H1"
    if grep -q "(prefilter $pfk[;:]" "$TMP/err" || { [ $pfk = none ] && grep -q "(prefilter off;" "$TMP/err"; } ||
        { [ $pfk = hyperscan ] && grep -q "(prefilter off: " "$TMP/err"; }; then
        ok "cli:stats-prefilter:$pfk"
    else
        fail "cli:stats-prefilter:$pfk" "$TMP/err"
    fi
done

# The report cannot be written: exit 3.
expect_status "cli:output-dir-missing" 3 1 . -o "$TMP/no/such/dir/report.csv" "$SEED"
# ... here because the target is a directory: it is left as it was, no temporary remains.
mkdir -p "$TMP/o2/target"
echo keep >"$TMP/o2/target/keep"
expect_status "cli:output-onto-directory" 3 1 . -o "$TMP/o2/target" "$SEED"
if [ -d "$TMP/o2/target" ] && [ "$(ls -A "$TMP/o2")" = target ] && [ "$(ls -A "$TMP/o2/target")" = keep ]; then
    ok "cli:output-onto-directory-untouched"
else
    ls -lA "$TMP/o2" "$TMP/o2/target" >"$TMP/note" 2>&1
    fail "cli:output-onto-directory-untouched" "$TMP/note"
fi
if [ -w /dev/full ]; then
    CMD="tunnelstat $SEED > /dev/full"
    "$TS" "$SEED" </dev/null >/dev/full 2>"$TMP/err"
    ST=$?
    if [ "$ST" -eq 3 ]; then ok "cli:stdout-full"; else status_note 3; fail "cli:stdout-full" "$TMP/note"; fi
fi

finish
