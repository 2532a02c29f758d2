#!/bin/sh
# tests/cli/stream.sh — one compressed file or pipe whose blocks are scanned
# by several threads (agg/pool.c) gives the plain file's reports, every kind,
# at one to four threads, zstd, gzip and a pipe: line numbers of events in input
# order, sessions (their order of events), attribution of lines with neither
# host nor pid after restart banners in earlier blocks, "message repeated",
# and the --stats samples of unparsed lines (the first in input order).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat [GEN=/abs/path/to/gen] sh tests/cli/stream.sh
#
# Output: `ok NAME` / `FAIL NAME` per test and a final `N passed, M failed`.
# shellcheck disable=SC2086
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-stream.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
KINDS="peers events daily conns top sessions availability"

# report KIND FILE ARGS...: the report, events without their first column
# (the file name). FILE - reads $IN from a pipe.
report() {
    kind=$1 file=$2
    shift 2
    if [ "$file" = - ]; then
        cat "$IN" | "$TS" $A -r "$kind" "$@" - >"$TMP/r" 2>"$TMP/err" || return 1
    else
        "$TS" $A -r "$kind" "$@" "$file" >"$TMP/r" 2>"$TMP/err" || return 1
    fi
    case $kind in
    events) cut -d, -f2- "$TMP/r" ;;
    *) cat "$TMP/r" ;;
    esac
}

# samples FILE ARGS...: the --stats lines of unparsed lines and impossible
# timestamps, without the file name (FILE - reads $IN from a pipe).
samples() {
    file=$1
    shift
    if [ "$file" = - ]; then cat "$IN"; fi | "$TS" $A --stats "$@" "$file" 2>&1 >/dev/null | grep -E '^  (unparsed|invalid): ' | sed 's/^\(  [a-z ]*: \)[^:]*:/\1/'
}

# check NAME BASE: BASE.zst, BASE.gz and BASE from a pipe against BASE at
# -j1..-j4.
check() {
    name=$1 base=$2 IN=$2
    for k in $KINDS; do report "$k" "$base" -j1 >"$TMP/want.$k" || fail "stream:$name:plain-$k" "$TMP/err"; done
    samples "$base" -j1 >"$TMP/want.samples"
    for z in zst gz pipe; do
        f=$base.$z
        [ $z = pipe ] && f=-
        for j in 1 2 3 4; do
            bad=
            for k in $KINDS; do
                report "$k" "$f" -j$j >"$TMP/got" || bad="$bad $k(exit)"
                cmp -s "$TMP/want.$k" "$TMP/got" || bad="$bad $k"
            done
            samples "$f" -j$j >"$TMP/got"
            cmp -s "$TMP/want.samples" "$TMP/got" || bad="$bad samples"
            if [ -z "$bad" ]; then
                ok "stream:$name:$z-j$j"
            else
                echo "differ:$bad" >"$TMP/why"
                fail "stream:$name:$z-j$j" "$TMP/why"
            fi
        done
    done
}

# Every corpus case 200 times (about 8 MB, 32 blocks of 256 KiB): all the
# line shapes, headerless lines (their run depends on the restart banners
# before them), repeats, lines cut by block ends.
cat corpus/cases/*.log >"$TMP/one.log"
for i in $(seq 1 200); do cat "$TMP/one.log"; done >"$TMP/cases.log"
zstd -q -c "$TMP/cases.log" >"$TMP/cases.log.zst"
gzip -n -c "$TMP/cases.log" >"$TMP/cases.log.gz"
A="--ref-date 2024-06-30"
if [ "$(samples "$TMP/cases.log" -j1 | wc -l)" -ge 5 ] && grep -q 'message repeated' "$TMP/cases.log"; then
    ok "stream:cases-has-samples-and-repeats"
else
    fail "stream:cases-has-samples-and-repeats"
fi
check cases "$TMP/cases.log"

# The events spool cannot be made (TMPDIR missing) while blocks are being
# scanned: the run ends with status 3 and says why, whichever thread failed.
for j in 2 3; do
    TMPDIR=/nonexistent/dir timeout 120 "$TS" $A -j$j -r events "$TMP/cases.log.gz" >/dev/null 2>"$TMP/err"
    st=$?
    if [ $st = 3 ] && grep -q 'temporary file of the events report' "$TMP/err"; then
        ok "stream:spool-error-j$j"
    else
        echo "exit $st" >"$TMP/why"
        fail "stream:spool-error-j$j" "$TMP/why" "$TMP/err"
    fi
done

# Pluto's own log (no host, no pid): a line's run is the restart banners
# before it, counted across blocks; the same serial in every run names
# another peer, so a run numbered wrong attributes a peerless line wrong.
awk 'BEGIN {
    for (e = 0; e < 30000; e++) {
        printf "Mar  3 10:%02d:00.000001: Starting Pluto (Libreswan Version 5.1 XFRM(netkey)) pid:%d\n", e % 60, 400 + e
        printf "Mar  3 10:%02d:05.000002: \"rw\"[1] 198.51.%d.%d #1: ISAKMP SA established {auth=PRESHARED_KEY}\n", e % 60, e % 200, e % 250
        printf "Mar  3 10:%02d:09.000005: \"rw\"[1] #1: DPD: No response from peer - declaring peer dead\n", e % 60
    }
}' >"$TMP/own.log"
zstd -q -c "$TMP/own.log" >"$TMP/own.log.zst"
gzip -n -c "$TMP/own.log" >"$TMP/own.log.gz"
A="--ref-date 2024-06-30"
check ownlog "$TMP/own.log"

# Two inputs, the first compressed and scanned in blocks, the second plain:
# a tunnel up at the end of the first and declared dead in the same second
# at the start of the second is one session of 0 s, ended by DPD (the order
# of one second's events is their input order, across files too).
awk 'BEGIN { for (i = 0; i < 40000; i++) printf "Jun  4 21:%02d:00 gw kernel: filler line %d, nothing here\n", i % 60, i }' >"$TMP/a.log"
echo 'Jun  4 22:00:01 gw pluto[200]: "br1"[1] 203.0.113.5 #2: STATE_QUICK_R2: IPsec SA established tunnel mode {ESP=>0x0a000001 <0x0b000001}' >>"$TMP/a.log"
echo 'Jun  4 22:00:01 gw pluto[200]: "br1"[1] 203.0.113.5 #1: DPD: No response from peer - declaring peer dead' >"$TMP/b.log"
gzip -n -c "$TMP/a.log" >"$TMP/a.log.gz"
"$TS" $A -j1 -r sessions "$TMP/a.log" "$TMP/b.log" >"$TMP/want" 2>"$TMP/err"
for j in 2 3 4; do
    "$TS" $A -j$j -r sessions "$TMP/a.log.gz" "$TMP/b.log" >"$TMP/got" 2>"$TMP/err"
    if grep -q ',dpd_dead,' "$TMP/want" && cmp -s "$TMP/want" "$TMP/got"; then
        ok "stream:two-inputs-order-j$j"
    else
        diff "$TMP/want" "$TMP/got" >"$TMP/why"
        fail "stream:two-inputs-order-j$j" "$TMP/why" "$TMP/want"
    fi
done

# A generated corpus (30% IKE lines, sessions of many tunnels).
if [ -n "${GEN:-}" ] && [ -x "$GEN" ]; then
    "$GEN" --seed 5 --size 12M --ike-frac 0.3 -o "$TMP/gen.log" 2>/dev/null
    zstd -q -c "$TMP/gen.log" >"$TMP/gen.log.zst"
    gzip -n -c "$TMP/gen.log" >"$TMP/gen.log.gz"
    A="--ref-date 2024-03-30"
    check gen "$TMP/gen.log"
else
    skip "stream:gen" "GEN not set"
fi

# A plain file split into eight ranges that two threads read at once: the
# samples are the first in input order whichever thread read which range
# (two unparsed lines in the middle of each range).
A="--ref-date 2024-06-30"
awk 'BEGIN {
    for (r = 0; r < 8; r++)
        for (i = 0; i < 20000; i++) {
            if (i == 10000 || i == 10001)
                printf "Oct  5 07:00:%02d edge-r pluto[2900]: \"c%d\" #%d: sample line %d not in any class\n", r, r, i, i
            printf "Oct  5 07:01:00 edge-r kernel: filler line %05d of range %d, nothing to see here at all\n", i, r
        }
}' >"$TMP/ranges.log"
part=$(($(wc -c <"$TMP/ranges.log") / 8))
samples "$TMP/ranges.log" -j1 >"$TMP/want.samples"
bad=0
for k in 1 2 3 4 5 6 7 8 9 10; do
    samples "$TMP/ranges.log" -j2 --min-part $part >"$TMP/got"
    cmp -s "$TMP/want.samples" "$TMP/got" || bad=$((bad + 1))
done
if [ "$(wc -l <"$TMP/want.samples")" = 5 ] && [ $bad = 0 ]; then
    ok "stream:split-samples-first"
else
    diff "$TMP/want.samples" "$TMP/got" >"$TMP/why"
    fail "stream:split-samples-first" "$TMP/why"
fi

finish
