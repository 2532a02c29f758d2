#!/bin/sh
# tests/cli/ops.sh — the outputs for people on call: -f prom (checked by
# promtool, with the example alert rules), --fail-on (exit 5), --peers
# known|strangers|all and --peer-names. Expected rows are derived here, with
# awk, from the hand-written expected peers reports of corpus/expected/.
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/ops.sh   (from the repository root)
# shellcheck disable=SC2086
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-ops.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

H3=corpus/cases/h3-rfc3339.log
H3P=corpus/expected/h3-rfc3339.peers.csv
PCF=corpus/cases/peer-conn-fallback.log
PCFA="--ref-date 2024-07-31"
PCFP=corpus/expected/peer-conn-fallback.peers.csv

# ---------------------------------------------------------------- prom
if command -v promtool >/dev/null 2>&1; then
    for c in h3 pcf; do
        if [ $c = h3 ]; then a=""; f=$H3; else a=$PCFA; f=$PCF; fi
        "$TS" $a -f prom "$f" >"$TMP/$c.prom" 2>"$TMP/err"
        if promtool check metrics <"$TMP/$c.prom" >"$TMP/why" 2>&1; then ok "prom:promtool:$c"; else fail "prom:promtool:$c" "$TMP/why" "$TMP/$c.prom"; fi
    done
    if promtool check rules contrib/prometheus/alerts.yml >"$TMP/why" 2>&1; then ok "prom:alert-rules"; else fail "prom:alert-rules" "$TMP/why"; fi
elif [ "${CI:-}" = true ]; then
    fail "prom:promtool-installed"
else
    skip "prom:promtool" "promtool not installed: make deps-test"
fi
# dpd_dead per host, from the hand-written peers report
want=$(awk -F, 'NR > 1 { s[$2] += $4 } END { for (h in s) printf "tunnelstat_events{host=\"%s\",class=\"dpd_dead\"} %d\n", h, s[h] }' "$H3P" | tr -d '\r')
got=$("$TS" -f prom "$H3" | grep 'class="dpd_dead"')
if [ "$got" = "$want" ]; then ok "prom:dpd-per-host"; else echo "got $got, want $want" >"$TMP/why"; fail "prom:dpd-per-host" "$TMP/why"; fi
"$TS" -f prom -o "$TMP/out.prom" "$H3" && "$TS" -f prom "$H3" | grep -v timestamp_seconds >"$TMP/a" &&
    grep -v timestamp_seconds "$TMP/out.prom" >"$TMP/b"
if cmp -s "$TMP/a" "$TMP/b" && [ -z "$(ls -A "$TMP" | grep '^\.out\.prom')" ]; then ok "prom:output-file"; else fail "prom:output-file"; fi
# Tunnel series, worked out by hand from corpus/cases/sessions (SPEC §8):
# midnight.log: gw is observed 23:00:00..01:30:00 (9000 s); edge is up 60 s,
# night 8990 s, both ended by DPD; on Jun 7 alone gw is observed 5400 s,
# edge is up 0 s of it and night 5400 s. open.log: c is up at the end.
S=corpus/cases/sessions
"$TS" --ref-date 2024-06-30 -f prom "$S/midnight.log" | grep '^tunnelstat_tunnel_' >"$TMP/got"
printf '%s\n' 'tunnelstat_tunnel_up{host="gw",conn="edge",peer="192.0.2.45"} 0' \
    'tunnelstat_tunnel_up{host="gw",conn="night",peer="192.0.2.44"} 0' \
    'tunnelstat_tunnel_down_seconds{host="gw",conn="edge",peer="192.0.2.45"} 8940' \
    'tunnelstat_tunnel_down_seconds{host="gw",conn="night",peer="192.0.2.44"} 10' >"$TMP/want"
if cmp -s "$TMP/want" "$TMP/got"; then ok "prom:tunnels"; else diff "$TMP/want" "$TMP/got" >"$TMP/why"; fail "prom:tunnels" "$TMP/why"; fi
"$TS" --ref-date 2024-06-30 --since 2024-06-07 --until 2024-06-07 -f prom "$S/midnight.log" |
    grep '^tunnelstat_tunnel_down' >"$TMP/got"
printf '%s\n' 'tunnelstat_tunnel_down_seconds{host="gw",conn="edge",peer="192.0.2.45"} 5400' \
    'tunnelstat_tunnel_down_seconds{host="gw",conn="night",peer="192.0.2.44"} 0' >"$TMP/want"
if cmp -s "$TMP/want" "$TMP/got"; then ok "prom:tunnels-window"; else diff "$TMP/want" "$TMP/got" >"$TMP/why"; fail "prom:tunnels-window" "$TMP/why"; fi
"$TS" --ref-date 2024-06-30 -f prom "$S/open.log" | grep -q '^tunnelstat_tunnel_up{host="gw",conn="c",peer="203.0.113.77"} 1$' &&
    ok "prom:tunnel-open-is-up" || fail "prom:tunnel-open-is-up"
"$TS" -r daily -f prom "$H3" >/dev/null 2>"$TMP/err"
if [ $? -eq 2 ]; then ok "prom:no-report-kind"; else fail "prom:no-report-kind" "$TMP/err"; fi

# ---------------------------------------------------------------- --fail-on
"$TS" "$H3" >"$TMP/plain.csv"
"$TS" --fail-on dpd_dead=1 "$H3" >"$TMP/alert.csv" 2>"$TMP/err"
st=$?
if [ $st -eq 5 ] && cmp -s "$TMP/plain.csv" "$TMP/alert.csv" && grep -q 'alert: host gw6: 1 dpd_dead' "$TMP/err"; then
    ok "fail-on:reached"
else
    echo "exit $st" >"$TMP/why"
    fail "fail-on:reached" "$TMP/why" "$TMP/err"
fi
"$TS" --fail-on dpd_dead=2 --fail-on retransmit=1 "$H3" >/dev/null 2>"$TMP/err"
st=$?
if [ $st -eq 0 ] && [ ! -s "$TMP/err" ]; then ok "fail-on:not-reached"; else echo "exit $st" >"$TMP/why"; fail "fail-on:not-reached" "$TMP/why" "$TMP/err"; fi
"$TS" --fail-on disconnect=2 "$H3" >/dev/null 2>&1
st1=$?
"$TS" --fail-on disconnect=2 --since 2025-04-07 "$H3" >/dev/null 2>&1
st2=$?
if [ $st1 -eq 5 ] && [ $st2 -eq 0 ]; then ok "fail-on:window"; else echo "exit $st1 / $st2" >"$TMP/why"; fail "fail-on:window" "$TMP/why"; fi
for bad in dpd_dead=0 dpd_dead nope=3 dpd_dead=x =3; do
    "$TS" --fail-on "$bad" "$H3" >/dev/null 2>"$TMP/err"
    st=$?
    if [ $st -eq 2 ]; then ok "fail-on:usage:$bad"; else echo "exit $st" >"$TMP/why"; fail "fail-on:usage:$bad" "$TMP/why"; fi
done
"$TS" --fail-on dpd_dead=1 "$H3" "$TMP/missing.log" >/dev/null 2>&1
st=$?
if [ $st -eq 5 ]; then ok "fail-on:outranks-partial"; else echo "exit $st" >"$TMP/why"; fail "fail-on:outranks-partial" "$TMP/why"; fi

# ---------------------------------------------------------------- --peers
# known = a peer with phase1_up or phase2_up in any row (columns 16, 17)
kinds() { # PEERS-CSV KIND: the rows of that kind, header first
    awk -F, -v want="$2" '
        { sub(/\r$/, ""); line[NR] = $0; peer[NR] = $3; if (NR > 1 && $16 + $17 > 0) known[$3] = 1 }
        END {
            print line[1]
            for (i = 2; i <= NR; i++) {
                k = peer[i] == "-" ? "-" : (peer[i] in known ? "known" : "strangers")
                if (k == want) print line[i]
            }
        }' "$1"
}
for k in known strangers; do
    kinds "$H3P" $k >"$TMP/want"
    "$TS" --peers $k "$H3" | tr -d '\r' >"$TMP/got"
    if cmp -s "$TMP/want" "$TMP/got"; then ok "peers:h3:$k"; else diff "$TMP/want" "$TMP/got" >"$TMP/why"; fail "peers:h3:$k" "$TMP/why"; fi
    kinds "$PCFP" $k >"$TMP/want"
    "$TS" $PCFA --peers $k "$PCF" | tr -d '\r' >"$TMP/got"
    if cmp -s "$TMP/want" "$TMP/got"; then ok "peers:pcf:$k"; else diff "$TMP/want" "$TMP/got" >"$TMP/why"; fail "peers:pcf:$k" "$TMP/why"; fi
done
"$TS" --peers all "$H3" | cmp -s - "$H3P" && ok "peers:all" || fail "peers:all"
# events: every row's peer is of the kind asked for
"$TS" -r events --peers strangers "$H3" | tr -d '\r' | awk -F, 'NR > 1 { print $9 }' | sort -u >"$TMP/got"
kinds "$H3P" strangers | awk -F, 'NR > 1 { print $3 }' | sort -u >"$TMP/want"
if cmp -s "$TMP/want" "$TMP/got"; then ok "peers:events"; else diff "$TMP/want" "$TMP/got" >"$TMP/why"; fail "peers:events" "$TMP/why"; fi
"$TS" -r conns --peers known "$H3" >/dev/null 2>&1
[ $? -eq 2 ] && ok "peers:conns-refused" || fail "peers:conns-refused"
"$TS" --peers scanners "$H3" >/dev/null 2>&1
[ $? -eq 2 ] && ok "peers:usage" || fail "peers:usage"

# ---------------------------------------------------------------- --peer-names
printf 'address,name,site\n2001:db8:100::7,"Branch, Taipei",TPE\n' >"$TMP/names.csv"
"$TS" --peer-names "$TMP/names.csv" "$H3" | tr -d '\r' >"$TMP/got"
awk -F, 'BEGIN { OFS = "," } { sub(/\r$/, "") }
    NR == 1 { $3 = $3 ",peer_name"; print; next }
    { $3 = $3 "," ($3 == "2001:db8:100::7" ? "\"Branch, Taipei (TPE)\"" : ""); print }' "$H3P" >"$TMP/want"
if cmp -s "$TMP/want" "$TMP/got"; then ok "names:peers-csv"; else diff "$TMP/want" "$TMP/got" >"$TMP/why"; fail "names:peers-csv" "$TMP/why"; fi
"$TS" --peer-names "$TMP/names.csv" -r top -f jsonl "$H3" >"$TMP/got"
if grep -q '"peer":"2001:db8:100::7","peer_name":"Branch, Taipei (TPE)","peer_kind":"known"' "$TMP/got" &&
    grep -q '"peer":"2001:db8:100::9","peer_name":null' "$TMP/got"; then ok "names:top-jsonl"; else fail "names:top-jsonl" "$TMP/got"; fi
"$TS" --peer-names "$TMP/names.csv" -f prom "$H3" | grep -q 'peer_name="Branch, Taipei (TPE)"' && ok "names:prom" || fail "names:prom"
"$TS" --peer-names "$TMP/names.csv" -f html "$H3" | grep -q '<span class="nm">Branch, Taipei (TPE)</span>' && ok "names:html" || fail "names:html"
printf '192.0.2.1,a\n192.0.2.2\n' >"$TMP/bad.csv"
"$TS" --peer-names "$TMP/bad.csv" "$H3" >"$TMP/out" 2>"$TMP/err"
st=$?
if [ $st -eq 2 ] && grep -q "bad.csv: line 2: " "$TMP/err" && [ ! -s "$TMP/out" ]; then ok "names:bad-file"; else
    echo "exit $st" >"$TMP/why"
    fail "names:bad-file" "$TMP/why" "$TMP/err"
fi
"$TS" --peer-names "$TMP/nope.csv" "$H3" >/dev/null 2>"$TMP/err"
st=$?
if [ $st -eq 2 ] && grep -q "nope.csv" "$TMP/err"; then ok "names:missing-file"; else fail "names:missing-file" "$TMP/err"; fi

finish
