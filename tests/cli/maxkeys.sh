#!/bin/sh
# tests/cli/maxkeys.sh — --max-keys bounds every table the input can grow
# (README, SPEC.md §6): report rows and the overflow rows themselves, serial
# notes, conn notes and peerless counters, per thread; totals stay exact and
# the warning names what was folded.
# Usage: TUNNELSTAT=path/to/tunnelstat sh tests/cli/maxkeys.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
TS=${TUNNELSTAT:-./tunnelstat}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 3000 hosts, each with 2 lines naming a peer (a row, a serial note and a
# conn note each) and 2 peerless lines with a serial and conn of their own
# (2 pending counters, attributed to "-"): 12000 lines, 9000 rows, 6000
# serials, 6000 conns, 6000 peerless counters.
awk 'BEGIN {
    for (h = 0; h < 3000; h++) {
        for (p = 0; p < 2; p++)
            printf "Mar  1 10:00:00 gw%d pluto[7]: \"c%d\"[1] 10.0.%d.%d #%d: STATE_MAIN_R3: sent MR3, ISAKMP SA established\n", h, p, p, h % 250, p + 1
        for (p = 0; p < 2; p++)
            printf "Mar  1 10:00:01 gw%d pluto[8]: \"d%d\" #%d: max number of retransmissions (2) reached STATE_MAIN_I1\n", h, p, p + 9
    }
}' > "$TMP/flood.log"

# The sum of every count column of a CSV report.
total() {
    awk -F, 'NR > 1 { for (i = 4; i <= NF; i++) s += $i } END { print s + 0 }' "$1"
}

"$TS" -j1 --max-keys 0 --ref-date 2024-03-31 "$TMP/flood.log" > "$TMP/all.csv" 2> "$TMP/all.err"
want=$(total "$TMP/all.csv")
if [ "$want" = 12000 ] && [ "$(wc -l < "$TMP/all.csv")" = 9001 ]; then ok maxkeys:unbounded-baseline
else fail "maxkeys:unbounded-baseline (total $want)" "$TMP/all.err"; fi

max=100
for j in 1 2; do
    name=maxkeys:bounded-j$j
    "$TS" -j $j --max-keys $max --stats --ref-date 2024-03-31 "$TMP/flood.log" > "$TMP/out.csv" 2> "$TMP/err"
    st=$?
    rows=$(($(wc -l < "$TMP/out.csv") - 1))
    agg=$(grep '^  aggregate ' "$TMP/err")
    # "aggregate R rows, S serials, C conns, P peerless counters, N peers, M MiB"
    set -- $agg
    serials=${4:-x} conns=${6:-x} pending=${8:-x}
    bound=$((j * max))
    if [ "$st" = 0 ] && [ "$(total "$TMP/out.csv")" = "$want" ] \
        && [ "$rows" -le $((3 * max + 1)) ] \
        && [ "$serials" -le "$bound" ] 2>/dev/null && [ "$conns" -le "$bound" ] 2>/dev/null \
        && [ "$pending" -le "$bound" ] 2>/dev/null; then
        ok "$name"
    else
        echo "exit $st, total $(total "$TMP/out.csv") of $want, $rows rows; $agg" > "$TMP/why"
        fail "$name" "$TMP/why"
    fi
    w=$(grep 'warning: more distinct keys than --max-keys' "$TMP/err")
    case $w in
    *"rows of their day and host"*"rows of their day"*"peerless lines among them left unattributed"*"whose serial was not noted"*"whose conn was not noted"*)
        ok "maxkeys:warning-names-folds-j$j" ;;
    *) fail "maxkeys:warning-names-folds-j$j" "$TMP/err" ;;
    esac
done

# One serial noted again and again with an ever smaller peer: the serial
# note stays one entry, but each peer would be interned; the peers kept stay
# within 2 x --max-keys per thread.
awk 'BEGIN {
    for (i = 2999; i >= 0; i--)
        printf "Mar  1 10:00:00 gw pluto[7]: \"c\"[1] 10.%d.%d.1 #5: STATE_MAIN_R3: sent MR3, ISAKMP SA established\n", 10 + int(i / 250), 100 + i % 250
}' > "$TMP/smaller.log"
for j in 1 2; do
    "$TS" -j $j --max-keys 100 --stats --ref-date 2024-03-31 "$TMP/smaller.log" > "$TMP/out.csv" 2> "$TMP/err"
    agg=$(grep '^  aggregate ' "$TMP/err")
    set -- $agg
    peers=${11:-x}
    if [ "$(total "$TMP/out.csv")" = 3000 ] && [ "$peers" -le $((2 * j * 100)) ] 2>/dev/null; then ok maxkeys:peers-bounded-j$j
    else
        echo "total $(total "$TMP/out.csv"); $agg" > "$TMP/why"
        fail maxkeys:peers-bounded-j$j "$TMP/why"
    fi
done

# The overflow rows fold further: past max overflow rows of (day, host),
# into one row of the day; past max days of those, into one row of all.
awk 'BEGIN {
    for (d = 1; d <= 28; d++) for (h = 0; h < 40; h++) for (p = 0; p < 3; p++)
        printf "Feb %2d 10:00:00 gw%d pluto[7]: packet from 10.1.%d.%d:500: no connection has been authorized with policy=PSK\n", d, h, p, h
}' > "$TMP/days.log"
"$TS" -j1 --max-keys 20 --ref-date 2024-03-31 "$TMP/days.log" > "$TMP/out.csv" 2> "$TMP/err"
rows=$(($(wc -l < "$TMP/out.csv") - 1))
dayrows=$(grep -c '^2024-02-[0-9]*,(overflow),(overflow),' "$TMP/out.csv")
allrow=$(grep -c '^(overflow),(overflow),(overflow),' "$TMP/out.csv")
if [ "$(total "$TMP/out.csv")" = $((28 * 40 * 3)) ] && [ "$rows" -le 61 ] && [ "$dayrows" = 20 ] && [ "$allrow" = 1 ]; then
    ok maxkeys:overflow-rows-fold-further
else
    echo "total $(total "$TMP/out.csv"), rows $rows, day rows $dayrows, all-days row $allrow" > "$TMP/why"
    fail maxkeys:overflow-rows-fold-further "$TMP/why" "$TMP/err"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
