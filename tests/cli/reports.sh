#!/bin/sh
# tests/cli/reports.sh — golden CLI tests for the report kinds daily, conns and
# top, the --since/--until day filter, the formats table, jsonl and html, the
# progress line, and `tunnelstat explain` (POSIX sh; runs under dash).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/reports.sh   (from the repository root;
#                                                                 `make cli` runs it)
#
# Expected files are in corpus/expected/ (the one golden directory):
# * <case>.<kind>.csv were written by hand from the hand-written corpus files
#   corpus/expected/<case>.{peers,events}.csv (h3 = h3-rfc3339, pcf =
#   peer-conn-fallback, seed = seed): daily sums the peers rows of a day; conns
#   sums the events rows' count by (day, host, conn) ("-" without a conn); top sums
#   the peers rows by (host, peer) and ranks by failures (every count column
#   but phase1_up, phase2_up, weak_crypto), then host, then peer.
# * <case>.<kind>.table and .jsonl are those CSV files laid out by the rules of
#   src/render.h (a one-off script did the padding; it never ran tunnelstat).
# * explain-*.txt are the team's own explanations: reviewed by hand line by
#   line against /work/shared/seed and the class table of SPEC.md §4; when the
#   wording in src/explain.c changes on purpose, review and update them.
# Output: `ok NAME` / `FAIL NAME` lines and a final `N passed, M failed`.

# shellcheck disable=SC2086
LC_ALL=C
export LC_ALL

TS=${TUNNELSTAT:?set TUNNELSTAT to the tunnelstat binary}
G=corpus/expected
if [ ! -d "$G" ]; then
    echo "reports.sh: run me from the repository root ($G not found)" >&2
    exit 2
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-reports.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM
unset NO_COLOR

# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

# golden NAME EXPECTED-FILE ARG...: tunnelstat ARG... must exit 0 and print EXPECTED-FILE.
golden() {
    _n=$1
    _e=$2
    shift 2
    "$TS" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
    _st=$?
    if [ $_st -eq 0 ] && cmp -s "$_e" "$TMP/out"; then
        ok "$_n"
    else
        { echo "exit $_st; tunnelstat $*"; cat "$TMP/err"; diff "$_e" "$TMP/out"; } >"$TMP/why" 2>&1
        fail "$_n" "$TMP/why"
    fi
}

# status NAME STATUS STDERR-PATTERN ARG...: exit status and a message on stderr.
status() {
    _n=$1
    _s=$2
    _p=$3
    shift 3
    "$TS" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
    _st=$?
    if [ $_st -eq "$_s" ] && { [ -z "$_p" ] || grep -q -e "$_p" "$TMP/err"; }; then
        ok "$_n"
    else
        { echo "exit $_st (want $_s); tunnelstat $*"; cat "$TMP/err"; } >"$TMP/why"
        fail "$_n" "$TMP/why"
    fi
}

H3=corpus/cases/h3-rfc3339.log
PCF=corpus/cases/peer-conn-fallback.log
PCFA="--ref-date 2024-07-31"
SEED=corpus/seed.log

# ------------------------------------------------------------ kinds x formats
for v in "" "-j 1" "-j 3 --min-part 1" "--no-prefilter"; do
    vn=$(printf '%s' "${v:-default}" | tr -d ' ')
    golden "reports:h3:daily:csv:$vn" $G/h3.daily.csv $v -r daily "$H3"
    golden "reports:h3:conns:csv:$vn" $G/h3.conns.csv $v -r conns "$H3"
    golden "reports:h3:top:csv:$vn" $G/h3.top.csv $v -r top "$H3"
    golden "reports:pcf:daily:csv:$vn" $G/pcf.daily.csv $v $PCFA -r daily "$PCF"
    golden "reports:pcf:conns:csv:$vn" $G/pcf.conns.csv $v $PCFA -r conns "$PCF"
    golden "reports:pcf:top:csv:$vn" $G/pcf.top.csv $v $PCFA -r top "$PCF"
done
golden "reports:seed:daily:csv" $G/seed.daily.csv -r daily "$SEED"
for f in table jsonl; do
    golden "reports:h3:peers:$f" $G/h3.peers.$f -f $f "$H3"
    golden "reports:h3:daily:$f" $G/h3.daily.$f -r daily --format $f "$H3"
    golden "reports:h3:conns:$f" $G/h3.conns.$f -r conns -f $f "$H3"
    golden "reports:h3:top:$f" $G/h3.top.$f -r top -f $f "$H3"
    golden "reports:h3:events:$f" $G/h3.since.events.$f -r events -f $f --since 2025-04-07 "$H3"
    golden "reports:seed:no-rows:$f" $G/seed.since.daily.$f -r daily -f $f --since 2000-01-01 "$SEED"
done
golden "reports:format-csv-explicit" corpus/expected/h3-rfc3339.peers.csv -f csv "$H3"
if command -v zstd >/dev/null 2>&1; then
    zstd -q -c <"$PCF" >"$TMP/pcf.zst"
    golden "reports:pcf:conns:zstd" $G/pcf.conns.csv $PCFA -r conns "$TMP/pcf.zst"
fi

# The three ways of counting agree on the whole corpus: per-day sums of the
# peers rows = daily = per-day sums of the conns rows (the conns aggregate is
# a separate one, fed by the same scan), with 1 thread and with split ranges.
daysum() {
    tr -d '\r' | awk -F, -v k="$1" 'NR > 1 {
        for (i = k + 1; i <= NF; i++) s[$1 "," i] += $i
        if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    }
    END { for (j = 1; j <= n; j++) { d = order[j]; line = d; for (i = k + 1; i <= k + 15; i++) line = line "," s[d "," i] + 0; print line } }'
}
ALL="corpus/seed.log corpus/cases"
for v in "-j 1" "-j 3 --min-part 1"; do
    vn=$(printf '%s' "$v" | tr -d ' ')
    "$TS" --ref-date 2024-06-30 $v $ALL | daysum 3 >"$TMP/from-peers"
    "$TS" --ref-date 2024-06-30 $v -r daily $ALL | daysum 1 >"$TMP/from-daily"
    "$TS" --ref-date 2024-06-30 $v -r conns $ALL | daysum 3 >"$TMP/from-conns"
    if [ -s "$TMP/from-daily" ] && cmp -s "$TMP/from-peers" "$TMP/from-daily" && cmp -s "$TMP/from-daily" "$TMP/from-conns"; then
        ok "reports:corpus:peers=daily=conns:$vn"
    else
        { diff "$TMP/from-peers" "$TMP/from-daily"; diff "$TMP/from-daily" "$TMP/from-conns"; } >"$TMP/why"
        fail "reports:corpus:peers=daily=conns:$vn" "$TMP/why"
    fi
done

# ------------------------------------------------------------ day filter, --top
golden "reports:since:peers" $G/h3.since.peers.csv --since 2025-04-07 "$H3"
golden "reports:since-until-same-day:peers" $G/h3.since.peers.csv --since 2025-04-07 --until 2025-04-07 "$H3"
golden "reports:until:daily" $G/h3.until.daily.csv -r daily --until 2025-04-06 "$H3"
golden "reports:since:events" $G/h3.since.events.csv -r events --since 2025-04-07 "$H3"
golden "reports:since:top" $G/h3.since.top.csv --top 5 --since 2025-04-07 "$H3"
golden "reports:top-1" $G/h3.top1.csv --top 1 "$H3"
golden "reports:top-implies-kind" $G/h3.top.csv --top 10 "$H3"
golden "reports:top-explicit-kind" $G/h3.top1.csv -r top --top 1 "$H3"
golden "reports:since-drops-undated" $G/seed.since.daily.csv -r daily --since 2000-01-01 "$SEED"
head -n 1 corpus/expected/seed.peers.csv >"$TMP/seed-header"
golden "reports:until-drops-undated:peers" "$TMP/seed-header" --until 2999-12-31 "$SEED"

status "reports:usage:bad-since" 2 "since" --since 2025-4-7 "$H3"
status "reports:usage:bad-until" 2 "until" --until tomorrow "$H3"
status "reports:usage:since-after-until" 2 "after" --since 2025-04-08 --until 2025-04-07 "$H3"
status "reports:usage:bad-format" 2 "format" -f xml "$H3"
status "reports:usage:bad-report" 2 "daily" -r weekly "$H3"
status "reports:usage:top-zero" 2 "top" --top 0 "$H3"
status "reports:usage:top-with-peers" 2 "top" --top 3 -r peers "$H3"
status "reports:usage:html-with-report" 2 "dashboard" -f html -r daily "$H3"

# ------------------------------------------------------------ html (without a browser)
# Bars = non-zero failure cells of the dated daily rows: h3 has dpd_dead,
# psk_policy_miss, disconnect, auth_fail on 04-06 and disconnect on 04-07.
"$TS" -f html "$H3" >"$TMP/h3.html" 2>"$TMP/err"
st=$?
bars=$(grep -o '<rect class="bar ' "$TMP/h3.html" | wc -l)
if [ $st -eq 0 ] && [ "$bars" -eq 5 ] &&
    grep -q 'data-day="2025-04-07" data-class="disconnect" data-count="1"' "$TMP/h3.html" &&
    grep -q 'data-day="2025-04-06" data-class="auth_fail" data-count="1"' "$TMP/h3.html" &&
    ! grep -qi -e '<script' -e 'src=' -e 'href=' -e '@import' -e 'url(' "$TMP/h3.html" &&
    tail -n 1 "$TMP/h3.html" | grep -q '</html>'; then
    ok "reports:html:h3"
else
    { echo "exit $st, $bars bars"; cat "$TMP/err"; } >"$TMP/why"
    fail "reports:html:h3" "$TMP/why"
fi
"$TS" -f html --since 2025-04-07 "$H3" >"$TMP/h3s.html" 2>/dev/null
bars=$(grep -o '<rect class="bar ' "$TMP/h3s.html" | wc -l)
if [ "$bars" -eq 1 ]; then ok "reports:html:since"; else echo "$bars bars" >"$TMP/why"; fail "reports:html:since" "$TMP/why"; fi
# A hostile host name is escaped, never markup.
printf 'Jan  5 10:00:00 <img%%20src=x> pluto[1]: "a" 192.0.2.1 #1: DPD: No response from peer - declaring peer dead\n' >"$TMP/evil.log"
"$TS" -f html --ref-date 2024-06-30 "$TMP/evil.log" >"$TMP/evil.html" 2>/dev/null
if grep -q '&lt;img%20src=x&gt;' "$TMP/evil.html" && ! grep -q '<img' "$TMP/evil.html"; then
    ok "reports:html:escaped"
else
    grep -n 'img' "$TMP/evil.html" >"$TMP/why"
    fail "reports:html:escaped" "$TMP/why"
fi

# ------------------------------------------------------------ progress
"$TS" --progress "$H3" >"$TMP/out" 2>"$TMP/err"
if cmp -s "$TMP/out" corpus/expected/h3-rfc3339.peers.csv && grep -q 'GB/s' "$TMP/err" &&
    grep -q '(100%)' "$TMP/err"; then
    ok "reports:progress-forced"
else
    cat "$TMP/err" >"$TMP/why"
    fail "reports:progress-forced" "$TMP/why"
fi
"$TS" --progress - <"$H3" >/dev/null 2>"$TMP/err"
if grep -q 'GB/s' "$TMP/err" && ! grep -q '%' "$TMP/err"; then ok "reports:progress-stdin-no-eta"; else fail "reports:progress-stdin-no-eta" "$TMP/err"; fi
"$TS" "$H3" >/dev/null 2>"$TMP/err"
if [ ! -s "$TMP/err" ]; then ok "reports:progress-off-when-not-a-terminal"; else fail "reports:progress-off-when-not-a-terminal" "$TMP/err"; fi
"$TS" --progress --no-progress "$H3" >/dev/null 2>"$TMP/err"
if [ ! -s "$TMP/err" ]; then ok "reports:no-progress"; else fail "reports:no-progress" "$TMP/err"; fi

# ------------------------------------------------------------ explain
golden "explain:seed:en" $G/explain-seed.en.txt explain "$SEED"
golden "explain:seed:zh" $G/explain-seed.zh.txt explain --lang zh "$SEED"
golden "explain:seed:zh-TW" $G/explain-seed.zh-TW.txt explain --lang zh-TW "$SEED"
"$TS" explain - <"$SEED" >"$TMP/out" 2>&1
if cmp -s $G/explain-seed-stdin.en.txt "$TMP/out"; then ok "explain:seed:stdin"; else fail "explain:seed:stdin" "$TMP/out"; fi
golden "explain:all" $G/explain-h10.all.txt explain --all corpus/cases/h10-damaged.log
UNK="corpus/cases/classes-misc.log corpus/cases/h2-journal.log corpus/cases/h3-rfc3339.log corpus/cases/h7-whack.log"
golden "explain:unknown:en" $G/explain-unknown.en.txt explain --unknown $UNK
golden "explain:unknown:zh" $G/explain-unknown.zh.txt explain --unknown --lang zh $UNK
golden "explain:unknown:zh-TW" $G/explain-unknown.zh-TW.txt explain --unknown --lang zh-TW $UNK
if command -v zstd >/dev/null 2>&1; then
    zstd -q -c <"$SEED" >"$TMP/seed.zst"
    "$TS" explain "$TMP/seed.zst" | sed "s|^$TMP/seed.zst:|$SEED:|" >"$TMP/out"
    if cmp -s $G/explain-seed.en.txt "$TMP/out"; then ok "explain:zstd"; else diff $G/explain-seed.en.txt "$TMP/out" >"$TMP/why"; fail "explain:zstd" "$TMP/why"; fi
fi
# IKE lines only by default: every seed line is one, no h10 sshd line is.
n=$("$TS" explain corpus/cases/h10-damaged.log | grep -c 'sshd')
if [ "$n" -eq 0 ]; then ok "explain:ike-only"; else echo "$n sshd lines" >"$TMP/why"; fail "explain:ike-only" "$TMP/why"; fi
# Colour: never into a pipe by default; always on request; NO_COLOR wins over auto.
esc=$(printf '\033')
if ! "$TS" explain "$SEED" | grep -q "$esc"; then ok "explain:no-colour-in-pipe"; else fail "explain:no-colour-in-pipe"; fi
if "$TS" explain --color=always "$SEED" | grep -q "$esc\\[1;31mdpd_dead"; then ok "explain:colour-always"; else fail "explain:colour-always"; fi
if "$TS" explain --color "$SEED" | grep -q "$esc"; then ok "explain:colour-flag"; else fail "explain:colour-flag"; fi
if command -v script >/dev/null 2>&1; then
    script -qc "NO_COLOR=1 $TS explain $SEED" /dev/null >"$TMP/tty" 2>&1
    if grep -q 'dpd_dead' "$TMP/tty" && ! grep -q "$esc" "$TMP/tty"; then ok "explain:no-color-env"; else fail "explain:no-color-env" "$TMP/tty"; fi
    script -qc "$TS explain $SEED" /dev/null >"$TMP/tty" 2>&1
    if grep -q "$esc\\[1;31mdpd_dead" "$TMP/tty"; then ok "explain:colour-on-terminal"; else fail "explain:colour-on-terminal" "$TMP/tty"; fi
fi
status "explain:usage:bad-lang" 2 "language" explain --lang fr "$SEED"
status "explain:usage:bad-colour" 2 "color" explain --color=sometimes "$SEED"
status "explain:usage:unknown-option" 2 "" explain --nope "$SEED"
status "explain:missing-input" 1 "does-not-exist" explain "$SEED" "$TMP/does-not-exist.log"
if "$TS" explain "$SEED" "$TMP/does-not-exist.log" 2>/dev/null | cmp -s - $G/explain-seed.en.txt; then
    ok "explain:missing-input-rest-explained"
else
    fail "explain:missing-input-rest-explained"
fi
status "explain:help" 0 "" explain --help
if grep -q -e '--unknown' "$TMP/out" && grep -q -e '--lang' "$TMP/out"; then ok "explain:help-text"; else fail "explain:help-text" "$TMP/out"; fi
"$TS" explain -o "$TMP/ex.txt" "$SEED" >"$TMP/out" 2>&1
if [ ! -s "$TMP/out" ] && cmp -s "$TMP/ex.txt" $G/explain-seed.en.txt; then ok "explain:output-file"; else fail "explain:output-file" "$TMP/out"; fi
if [ -w /dev/full ]; then
    "$TS" explain "$SEED" >/dev/full 2>/dev/null
    st=$?
    if [ $st -eq 3 ]; then ok "explain:stdout-full"; else echo "exit $st" >"$TMP/why"; fail "explain:stdout-full" "$TMP/why"; fi
fi

finish
