#!/bin/sh
# tests/cli/dates.sh — the year rule at New Year, the reference date read
# from the mtime in local time, --stats naming where each reference date came
# from, and impossible timestamps counted (SPEC.md §5).
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/dates.sh   (from the repository root)
# Expected days are worked out by hand from SPEC.md §5, written in each test.
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
. tests/cli/lib.sh
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-dates.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM

dpd() { # dpd MONTH-DAY TIME: one dpd_dead line of host h, peer 192.0.2.1
    printf '%s %s h pluto[1]: "c"[1] 192.0.2.1 #1: DPD: No response from peer - declaring peer dead\n' "$1" "$2"
}
# days FILE: the day column of the events report of FILE (extra args first)
days() {
    "$TS" -r events "$@" 2>"$TMP/err" | tr -d '\r' | sed 1d | cut -d, -f3 | tr '\n' ' '
}
check() { # check NAME WANT GOT
    if [ "$2" = "$3" ]; then ok "$1"; else
        printf 'want: %s\ngot:  %s\n' "$2" "$3" >"$TMP/why"
        fail "$1" "$TMP/why" "$TMP/err"
    fi
}

{ dpd 'Dec 30' 10:00:00; dpd 'Dec 31' 23:59:00; dpd 'Jan  1' 00:00:05; dpd 'Jan  2' 00:00:00; } >"$TMP/ny.log"
# R = 2023-12-31, R + 1 day = 2024-01-01: Jan 1 is 2024-01-01 (on or before
# it), Jan 2 is after it, so the year before: 2023-01-02.
want='2023-12-30 2023-12-31 2024-01-01 2023-01-02 '
check year:newyear:ref-date "$want" "$(days --ref-date 2023-12-31 "$TMP/ny.log")"
check year:newyear:year "$want" "$(days --year 2023 "$TMP/ny.log")"
cp "$TMP/ny.log" "$TMP/messages-20231231"
check year:newyear:name "$want" "$(days "$TMP/messages-20231231")"
# R = 2024-02-28 (leap year): R + 1 = Feb 29, so Feb 29 is 2024's, Mar 1 2023's.
{ dpd 'Feb 29' 01:00:00; dpd 'Mar  1' 01:00:00; } >"$TMP/leap.log"
check year:leap-r+1 '2024-02-29 2023-03-01 ' "$(days --ref-date 2024-02-28 "$TMP/leap.log")"

# The file rotated at 06:25 on Jan 1 on a UTC+8 server: its mtime is
# 2023-12-31 22:25 UTC. In local time (TZ=XXX-8 is UTC+8 in POSIX form, no
# zone database needed) R = 2024-01-01; R + 1 = Jan 2, so Jan 2 is 2024's too.
touch -d '2023-12-31 22:25:00 UTC' "$TMP/ny.log"
check year:mtime-local '2023-12-30 2023-12-31 2024-01-01 2024-01-02 ' "$(TZ=XXX-8 days "$TMP/ny.log")"
# The same file read in UTC: R = 2023-12-31, the New Year rule as above.
check year:mtime-utc "$want" "$(TZ=UTC0 days "$TMP/ny.log")"
# On a UTC-5 server the file rotated at 00:10 Jan 1 local is 05:10 UTC.
touch -d '2024-01-01 05:10:00 UTC' "$TMP/ny.log"
check year:mtime-west '2023-12-30 2023-12-31 2024-01-01 2024-01-02 ' "$(TZ=XXX5 days "$TMP/ny.log")"

# --stats: where each input's reference date came from.
touch -d '2023-12-31 22:25:00 UTC' "$TMP/ny.log"
TZ=XXX-8 "$TS" --stats "$TMP/ny.log" "$TMP/messages-20231231" - <"$TMP/leap.log" >/dev/null 2>"$TMP/err"
TZ=XXX-8 "$TS" --stats --year 2020 "$TMP/ny.log" >/dev/null 2>"$TMP/err2"
today=$(TZ=XXX-8 date +%Y-%m-%d)
if grep -qx "  reference date    2024-01-01 (mtime) $TMP/ny.log" "$TMP/err" \
    && grep -qx "  reference date    2023-12-31 (name) $TMP/messages-20231231" "$TMP/err" \
    && grep -qx "  reference date    $today (today) -" "$TMP/err" \
    && grep -qx "  reference date    2020-12-31 (option) $TMP/ny.log" "$TMP/err2"; then
    ok stats:reference-date
else
    fail stats:reference-date "$TMP/err" "$TMP/err2"
fi

# Impossible timestamps: day "-", counted, shown (escaped) in --stats.
esc=$(printf '\033')
{
    dpd 'Feb 31' 10:00:00
    dpd 'Jan 00' 10:00:00
    dpd 'Jan  5' 25:00:00
    dpd 'Jan  5' 10:61:00
    printf '2025-13-45T10:00:00Z h pluto[1]: "c"[1] 192.0.2.1 #1: DPD: No response from peer - declaring peer dead\n'
    printf '2023-02-29T10:00:00Z h pluto[1]: "c%s[2J"[1] 192.0.2.1 #1: DPD: No response from peer - declaring peer dead\n' "$esc"
    dpd 'Jan  5' 23:59:60
    printf 'Mar  3 10:00:00 h pluto[1]: message repeated 3 times: [ "c"[1] 192.0.2.1 #1: DPD: No response from peer - declaring peer dead]\n'
    printf 'Mar 32 10:00:00 h pluto[1]: message repeated 3 times: [ "c"[1] 192.0.2.1 #1: DPD: No response from peer - declaring peer dead]\n'
} >"$TMP/bad.log"
# Jan 5 23:59:60 is a leap second (valid); Mar 3 is valid; the rest are not.
# (A repeated message is one events row.)
got=$(days --ref-date 2024-06-30 "$TMP/bad.log")
check invalid:day-dash '- - - - - - 2024-01-05 2024-03-03 - ' "$got"
"$TS" --stats --ref-date 2024-06-30 "$TMP/bad.log" >"$TMP/out" 2>"$TMP/err"
tr -d '\r' <"$TMP/out" | grep '^-,h,' >"$TMP/dash"
# 6 lines plus 3 repetitions of Mar 32: 9 dpd_dead under day "-".
if grep -qx "  invalid timestamps 9 (IKE lines counted under day '-')" "$TMP/err" \
    && [ "$(grep -c '^  invalid: ' "$TMP/err")" = 5 ] \
    && grep -q "^  invalid: $TMP/bad.log:1: Feb 31 10:00:00 h pluto" "$TMP/err" \
    && grep -q "^  invalid: $TMP/bad.log:5: 2025-13-45T10:00:00Z h pluto" "$TMP/err" \
    && grep -qx -- '-,h,192.0.2.1,9,0,0,0,0,0,0,0,0,0,0,0,0,0,0' "$TMP/dash"; then
    ok invalid:stats
else
    fail invalid:stats "$TMP/err" "$TMP/dash"
fi
sed -n 6p "$TMP/bad.log" >"$TMP/esc.log"
"$TS" --stats "$TMP/esc.log" >/dev/null 2>"$TMP/err"
sed -n '/invalid: .*:1:/p' "$TMP/err" >"$TMP/six"
# The ESC byte of that line is printed as \033, never raw.
if grep -q 'c\\033\[2J' "$TMP/six" && ! grep -q "$esc" "$TMP/err"; then ok invalid:escaped; else
    fail invalid:escaped "$TMP/six"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
