#!/bin/sh
# gen_sessions.sh — the generator's session and availability truth checked
# for self-consistency and determinism (the analyzer is compared with it
# elsewhere, once `--report sessions` exists).
#
# For a few corpora (a New Year rollover in 4 logrotate files with CRLF; 9
# routers over a leap day; many peers): same seed, same truth files; the
# sessions truth does not change with --files or --crlf-frac (a session
# crossing a file boundary is one session); asking for the truths leaves the
# corpus and the peers truth as they were; then the files themselves:
#   sessions: header; sorted by host, conn, peer, start; end >= start;
#     seconds = end - start; ended_by one of dpd_dead, disconnect, restart,
#     open; sessions of one tunnel do not overlap and only the last may be
#     open; per (host, peer) sessions + rekeys = the phase2_up count of the
#     peers truth (every phase2_up line starts a session or is a rekey), and
#     sessions ended by dpd_dead / disconnect <= those counts;
#   availability: header; one row per (day, host, conn, peer), sorted;
#     up_seconds <= observed_seconds <= 86400; the sum of sessions is the
#     number of sessions, the sum of downs the number not ended `open`, the
#     sum of up_seconds the sum of seconds.
# Both truths must also equal what tests/gen_sessions.awk reads back from the
# corpus text (so the generator's event records say what its lines say).
# The checkers are shown to fail on damaged copies (rows swapped, a wrong
# duration, an overlap, an up time above the observed time, a row dropped).
#
#   GEN=build/gen sh tests/gen_sessions.sh
#
# Also checks that bench/gen/ includes only its own headers (it shares no code
# with tunnelstat). Prints `ok NAME` / `FAIL NAME` per check, then `N passed,
# M failed` (tests/cli/lib.sh); exits 1 if anything failed.
set -u
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")/.." && pwd)
GEN=${GEN:-$here/build/gen}
SEED=${SEED:-20240101}

. "$here/tests/cli/lib.sh"

if [ ! -x "$GEN" ]; then echo "gen_sessions.sh: $GEN is not built" >&2; fail "gen is built"; finish; exit 1; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ts-gensess.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# check NAME CMD... — ok when CMD succeeds; its output is shown on failure.
check() {
    name=$1; shift
    if "$@" >"$tmp/why" 2>&1; then ok "$name"; else head -n 8 "$tmp/why" >"$tmp/why8"; fail "$name" "$tmp/why8"; fi
}
# refuses NAME CMD... — ok when CMD (a checker given damaged input) fails saying where
# (FILE:LINE: what), not merely fails.
refuses() {
    name=$1; shift
    if "$@" >"$tmp/why" 2>&1; then fail "$name (accepted)"
    elif grep -q '^[^ ]*:[0-9][0-9]*: ' "$tmp/why"; then ok "$name"
    else fail "$name (the checker failed otherwise)" "$tmp/why"; fi
}

# Seconds since 1970 of "YYYY-MM-DD HH:MM:SS" (proleptic Gregorian, no zone).
AWK_TIME=$(cat "$here/tests/gen_days.awk")'
function secs(s) {
    if (length(s) != 19 || s !~ /^[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]$/) return -1
    return days(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0) * 86400 + \
        substr(s, 12, 2) * 3600 + substr(s, 15, 2) * 60 + substr(s, 18, 2)
}
function bad(what) { print FILENAME ":" FNR ": " what; err = 1 }
function isnum(x) { return x ~ /^[0-9]+$/ }
'

# check_sessions FILE — the sessions file on its own.
check_sessions() {
    awk -F, "$AWK_TIME"'
    { sub(/\r$/, "") }
    FNR == 1 { if ($0 != "host,conn,peer,start,end,seconds,ended_by,rekeys") bad("header"); next }
    {
        if (NF != 8) { bad("not 8 fields"); next }
        s = secs($4); e = secs($5)
        if (s < 0 || e < 0) { bad("bad time"); next }
        if (e < s) bad("end before start")
        if (!isnum($6) || $6 != e - s) bad("seconds " $6 " is not end - start " (e - s))
        if ($7 != "dpd_dead" && $7 != "disconnect" && $7 != "restart" && $7 != "open") bad("ended_by " $7)
        if (!isnum($8)) bad("rekeys " $8)
        k = $1 "\001" $2 "\001" $3 # \001 sorts below every byte of a field
        if (FNR > 2) {
            if (k == pk) {
                if (s < ps) bad("starts out of order")
                if (s < pe) bad("overlaps the previous session of the tunnel")
                if (pby == "open") bad("a session after an open one")
            } else if (k < pk) bad("tunnels out of order")
        }
        pk = k; ps = s; pe = e; pby = $7
    }
    END { if (FNR < 2) bad("no sessions"); exit err }' "$1"
}

# check_availability FILE SESSIONS — the availability file, and its sums against SESSIONS.
check_availability() {
    awk -F, "$AWK_TIME"'
    { sub(/\r$/, "") }
    FILENAME == ARGV[2] {
        if (FNR == 1) next
        nsess++; seconds += $6; if ($7 != "open") ndown++
        next
    }
    FNR == 1 { if ($0 != "day,host,conn,peer,up_seconds,observed_seconds,sessions,downs") bad("header"); next }
    {
        if (NF != 8) { bad("not 8 fields"); next }
        if (secs($1 " 00:00:00") < 0) bad("bad day " $1)
        for (i = 5; i <= 8; i++) if (!isnum($i)) bad("field " i " not a count")
        if ($5 + 0 > $6 + 0) bad("up_seconds " $5 " > observed_seconds " $6)
        if ($6 + 0 > 86400) bad("observed_seconds " $6 " > 86400")
        # \001 sorts below every byte of a field: the joined keys order as the tuples do
        k = $1 "\001" $2 "\001" $3 "\001" $4
        if (FNR > 2 && !(k > pk)) bad("rows out of order or repeated")
        pk = k
        sum_s += $7; sum_d += $8; sum_up += $5
    }
    END {
        if (sum_s != nsess) bad("sum of sessions " sum_s " != " nsess " sessions")
        if (sum_d != ndown) bad("sum of downs " sum_d " != " ndown " sessions not open at the end")
        if (sum_up != seconds) bad("sum of up_seconds " sum_up " != sum of seconds " seconds)
        exit err
    }' "$1" "$2"
}

# check_against_peers SESSIONS PEERS — every phase2_up line of the peers truth is a session
# start or a rekey; sessions ended by dpd_dead/disconnect are at most those lines.
check_against_peers() {
    awk -F, "$AWK_TIME"'
    { sub(/\r$/, "") }
    FNR == 1 { next }
    FILENAME == ARGV[1] {
        k = $1 SUBSEP $3
        up[k] += 1 + $8
        if ($7 == "dpd_dead") dpd[k]++
        if ($7 == "disconnect") disc[k]++
        seen[k] = 1
        next
    }
    {
        k = $2 SUBSEP $3
        p2[k] += $17; pd[k] += $4; pc[k] += $8
        seen[k] = 1
    }
    END {
        for (k in seen) {
            split(k, a, SUBSEP)
            if (up[k] + 0 != p2[k] + 0) bad(a[1] " " a[2] ": sessions + rekeys " (up[k] + 0) " != phase2_up " (p2[k] + 0))
            if (dpd[k] + 0 > pd[k] + 0) bad(a[1] " " a[2] ": more dpd_dead ends than dpd_dead lines")
            if (disc[k] + 0 > pc[k] + 0) bad(a[1] " " a[2] ": more disconnect ends than disconnect lines")
        }
        exit err
    }' "$1" "$2"
}

# has_all_ends SESSIONS — the corpus exercises every way a session ends and one crosses midnight.
has_all_ends() {
    awk -F, '{ sub(/\r$/, "") } FNR > 1 { by[$7]++; if (substr($4, 1, 10) != substr($5, 1, 10)) night++ }
    END { n = split("dpd_dead disconnect restart open", k, " ")
          for (i = 1; i <= n; i++) if (!by[k[i]]) { print "no session ended by " k[i]; e = 1 }
          if (!night) { print "no session crosses midnight"; e = 1 }
          exit e }' "$1"
}

same_files() { cmp "$1" "$2" && cmp "$3" "$4"; }

# ---- corpora ---------------------------------------------------------------
ROLL="--seed $SEED --size 4M --ike-frac 0.25 --crlf-frac 0.5 --rollover --hosts 4 --peers 120"
LEAP="--seed $((SEED + 7)) --size 4M --ike-frac 0.5 --hosts 9 --peers 40 --days 3 --start 2024-02-28 --files 1"
MANY="--seed $((SEED + 3)) --size 6M --ike-frac 0.3 --peers 2000 --scanners 50 --scan-frac 0.3 --files 2"

gen() { # gen NAME OPTS... — corpus in $tmp/NAME, truths $tmp/NAME.{peers,sess,avail}.csv
    n=$1; shift
    "$GEN" "$@" -o "$tmp/$n" --truth "$tmp/$n.peers.csv" --truth-sessions "$tmp/$n.sess.csv" \
        --truth-availability "$tmp/$n.avail.csv" 2>"$tmp/$n.err"
}

# shellcheck disable=SC2086 # option lists are split on purpose
{
    check "gen writes the rollover corpus and its truths" gen roll $ROLL --files 4
    check "gen: the same seed gives the same session truths" sh -c "
        '$GEN' $ROLL --files 4 -o '$tmp/roll2' --truth-sessions '$tmp/roll2.sess.csv' \
            --truth-availability '$tmp/roll2.avail.csv' 2>/dev/null &&
        cmp '$tmp/roll.sess.csv' '$tmp/roll2.sess.csv' && cmp '$tmp/roll.avail.csv' '$tmp/roll2.avail.csv'"
    check "gen: the session truths do not depend on --files or CRLF (one plain file)" sh -c "
        '$GEN' $ROLL --crlf-frac 0 -o '$tmp/roll1.log' --truth-sessions '$tmp/roll1.sess.csv' \
            --truth-availability '$tmp/roll1.avail.csv' 2>/dev/null &&
        cmp '$tmp/roll.sess.csv' '$tmp/roll1.sess.csv' && cmp '$tmp/roll.avail.csv' '$tmp/roll1.avail.csv'"
    check "gen: asking for the session truths changes neither the corpus nor the peers truth" sh -c "
        '$GEN' $ROLL --files 4 -o '$tmp/roll3' --truth '$tmp/roll3.peers.csv' 2>/dev/null &&
        cmp '$tmp/roll.peers.csv' '$tmp/roll3.peers.csv' &&
        for f in '$tmp'/roll/*; do cmp \"\$f\" '$tmp/roll3/'\"\$(basename \"\$f\")\" || exit 1; done"
    "$GEN" $ROLL --seed $((SEED + 1)) --files 4 -o "$tmp/other" --truth-sessions "$tmp/other.sess.csv" 2>/dev/null
    if cmp -s "$tmp/roll.sess.csv" "$tmp/other.sess.csv"; then fail "gen: another seed gives other sessions"; else
        ok "gen: another seed gives other sessions"; fi
    check "gen writes the leap-day corpus (9 routers)" gen leap $LEAP
    check "gen writes the many-peers corpus" gen many $MANY
}

for n in roll leap many; do
    check "$n: sessions well formed, sorted, not overlapping" check_sessions "$tmp/$n.sess.csv"
    check "$n: availability well formed, sorted, sums match the sessions" check_availability "$tmp/$n.avail.csv" "$tmp/$n.sess.csv"
    check "$n: sessions + rekeys = phase2_up lines of the peers truth" check_against_peers "$tmp/$n.sess.csv" "$tmp/$n.peers.csv"
done
# the truths read back from the text by an independent script: the event records say what the lines say
for n in roll leap many; do
    for kind in sessions availability; do
        short=sess; [ $kind = availability ] && short=avail
        if awk -v out=$kind -f "$here/tests/gen_days.awk" -f "$here/tests/gen_sessions.awk" "$tmp/$n"/* >"$tmp/$n.$short.text.csv" 2>"$tmp/why" &&
            cmp -s "$tmp/$n.$short.csv" "$tmp/$n.$short.text.csv"; then ok "$n: $kind truth = $kind read from the text"
        else
            { cat "$tmp/why"; diff "$tmp/$n.$short.csv" "$tmp/$n.$short.text.csv"; } 2>&1 | head -n 8 >"$tmp/why8"
            fail "$n: $kind truth = $kind read from the text" "$tmp/why8"
        fi
    done
done
check "roll: sessions end by dpd_dead, disconnect, restart and open, and cross midnight" has_all_ends "$tmp/roll.sess.csv"
if grep -q '^2023-12-31,' "$tmp/roll.avail.csv" && grep -q '^2024-01-01,' "$tmp/roll.avail.csv"; then
    ok "roll: availability on both sides of New Year"; else fail "roll: availability on both sides of New Year"; fi
if grep -q '^2024-02-29,' "$tmp/leap.avail.csv"; then ok "leap: availability on Feb 29"; else fail "leap: availability on Feb 29"; fi

# ---- the checkers catch damage -----------------------------------------------
s=$tmp/roll.sess.csv a=$tmp/roll.avail.csv
awk 'NR == 3 { l = $0; next } { print } NR == 4 { print l }' "$s" >"$tmp/bad1.csv"
refuses "checker catches two sessions swapped" check_sessions "$tmp/bad1.csv"
awk -F, -v OFS=, 'NR == 2 { $6 = $6 + 1 } { print }' "$s" >"$tmp/bad2.csv"
refuses "checker catches a wrong duration" check_sessions "$tmp/bad2.csv"
awk 'NR == 2 { print } { print }' "$s" >"$tmp/bad3.csv"
refuses "checker catches overlapping sessions" check_sessions "$tmp/bad3.csv"
awk -F, -v OFS=, 'NR == 2 { $5 = $6 + 1 } { print }' "$a" >"$tmp/bad4.csv"
refuses "checker catches up_seconds above observed_seconds" check_availability "$tmp/bad4.csv" "$s"
awk 'NR != 5' "$a" >"$tmp/bad5.csv"
refuses "checker catches an availability row dropped" check_availability "$tmp/bad5.csv" "$s"
awk -F, -v OFS=, 'NR == 2 { $8 = $8 + 1 } { print }' "$s" >"$tmp/bad6.csv"
refuses "checker catches a rekey too many" check_against_peers "$tmp/bad6.csv" "$tmp/roll.peers.csv"

# ---- the generator stays independent of tunnelstat -----------------------------
# every quoted #include of bench/gen/ names one of its own headers
grep -h '^#include "' "$here"/bench/gen/*.[ch] | sed 's/^#include "\(.*\)".*/\1/' | sort -u >"$tmp/inc"
while read -r h; do [ -f "$here/bench/gen/$h" ] || echo "bench/gen/ includes $h"; done <"$tmp/inc" >"$tmp/why"
if [ -s "$tmp/inc" ] && [ ! -s "$tmp/why" ]; then ok "bench/gen/ includes only its own headers"; else
    fail "bench/gen/ includes only its own headers" "$tmp/why"; fi

finish
