#!/bin/sh
# tests/cli/sessions.sh — `--report sessions` and `--report availability` on
# the hand-made cases of corpus/cases/sessions/ (POSIX sh).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/sessions.sh   (from the repository root;
#                                                                  `make cli` does exactly this)
#
# Each case (NAME.log, or the directory NAME.d) is run with --ref-date 2024-06-30
# and compared byte for byte with corpus/expected/sessions/NAME.{sessions,availability}.csv,
# which were worked out by hand from SPEC.md §8 (never copied from the program):
# plain, -j 1, -j 3 with every file split into one-line ranges (--min-part 1),
# --no-prefilter, and zstd and gzip copies. Then the other formats (table, jsonl:
# numbers as JSON numbers, no peer as null), --since/--until, --peers and
# --peer-names, derived by hand from the expected CSVs; the HTML availability page without a browser (one up bar per
# session, one tunnel row per tunnel, no script); and the usage errors.
# Output: `ok NAME` / `FAIL NAME` lines, then `N passed, M failed`.

# Option lists are word-split on purpose; they hold no glob characters.
# shellcheck disable=SC2086

LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT to the tunnelstat binary}
if [ ! -d corpus/cases/sessions ]; then
    echo "sessions.sh: run me from the repository root" >&2
    exit 2
fi
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-sess.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM

C=corpus/cases/sessions
E=corpus/expected/sessions
REF="--ref-date 2024-06-30"

# same NAME EXPECTED ARG...: tunnelstat ARG... exits 0 and prints EXPECTED.
same() {
    _n=$1
    _e=$2
    shift 2
    if "$TS" "$@" >"$TMP/out" 2>"$TMP/err" && cmp -s "$_e" "$TMP/out"; then
        ok "$_n"
    else
        diff "$_e" "$TMP/out" >"$TMP/diff" 2>&1
        fail "$_n" "$TMP/err" "$TMP/diff"
    fi
}

# compressed copies: $TMP/z/NAME and $TMP/g/NAME, files and directories alike
mkdir -p "$TMP/z" "$TMP/g"
ncases=0
for p in "$C"/*.log "$C"/*.d; do
    n=$(basename "$p")
    if [ -d "$p" ]; then
        mkdir -p "$TMP/z/$n" "$TMP/g/$n"
        for f in "$p"/*; do
            zstd -q -c "$f" >"$TMP/z/$n/$(basename "$f").zst"
            gzip -c "$f" >"$TMP/g/$n/$(basename "$f").gz"
        done
    else
        zstd -q -c "$p" >"$TMP/z/$n"
        gzip -c "$p" >"$TMP/g/$n"
    fi
    base=${n%.log}
    for r in sessions availability; do
        want="$E/$base.$r.csv"
        if [ ! -f "$want" ]; then
            fail "sessions:$base:$r (no expected file $want)"
            continue
        fi
        same "sessions:$base:$r" "$want" $REF -r $r "$p"
        same "sessions:$base:$r:-j1" "$want" $REF -j 1 -r $r "$p"
        same "sessions:$base:$r:-j3-split" "$want" $REF -j 3 --min-part 1 -r $r "$p"
        same "sessions:$base:$r:no-prefilter" "$want" $REF --no-prefilter -r $r "$p"
        same "sessions:$base:$r:zstd" "$want" $REF -j 2 -r $r "$TMP/z/$n"
        same "sessions:$base:$r:gzip" "$want" $REF -r $r "$TMP/g/$n"
    done
    ncases=$((ncases + 1))
done
if [ "$ncases" -ge 9 ]; then ok "sessions:cases ($ncases)"; else fail "sessions:cases (only $ncases)"; fi

# ---- formats and days, on the midnight case (expected written from its CSV) --
M="$C/midnight.log"
cr() { for l in "$@"; do printf '%s\r\n' "$l"; done; }
lf() { for l in "$@"; do printf '%s\n' "$l"; done; }
lf '{"host":"gw","conn":"edge","peer":"192.0.2.45","start":"2024-06-06 23:59:00","end":"2024-06-07 00:00:00","seconds":60,"ended_by":"dpd_dead","rekeys":0}' \
   '{"host":"gw","conn":"night","peer":"192.0.2.44","start":"2024-06-06 23:00:10","end":"2024-06-07 01:30:00","seconds":8990,"ended_by":"dpd_dead","rekeys":0}' \
   >"$TMP/m.sessions.jsonl"
same "sessions:jsonl" "$TMP/m.sessions.jsonl" $REF -r sessions -f jsonl "$M"
lf '{"day":"2024-06-07","host":"gw","conn":"edge","peer":"192.0.2.45","up_seconds":0,"observed_seconds":5400,"sessions":0,"downs":1}' \
   '{"day":"2024-06-07","host":"gw","conn":"night","peer":"192.0.2.44","up_seconds":5400,"observed_seconds":5400,"sessions":0,"downs":1}' \
   >"$TMP/m.avail.since.jsonl"
same "availability:jsonl:since" "$TMP/m.avail.since.jsonl" $REF -r availability -f jsonl --since 2024-06-07 "$M"
lf 'host  conn   peer        start                end                  seconds  ended_by  rekeys' \
   '----  -----  ----------  -------------------  -------------------  -------  --------  ------' \
   'gw    edge   192.0.2.45  2024-06-06 23:59:00  2024-06-07 00:00:00       60  dpd_dead       0' \
   'gw    night  192.0.2.44  2024-06-06 23:00:10  2024-06-07 01:30:00     8990  dpd_dead       0' \
   >"$TMP/m.sessions.table"
same "sessions:table" "$TMP/m.sessions.table" $REF -r sessions -f table "$M"
cr 'day,host,conn,peer,up_seconds,observed_seconds,sessions,downs' \
   '2024-06-06,gw,edge,192.0.2.45,60,3600,1,0' \
   '2024-06-06,gw,night,192.0.2.44,3590,3600,1,0' >"$TMP/m.avail.until.csv"
same "availability:until" "$TMP/m.avail.until.csv" $REF -r availability --until 2024-06-06 "$M"
# a session is kept when one of its days is selected
same "sessions:since-keeps-overlapping" "$E/midnight.sessions.csv" $REF -r sessions --since 2024-06-07 "$M"
same "sessions:until-keeps-overlapping" "$E/midnight.sessions.csv" $REF -r sessions --until 2024-06-06 "$M"
cr 'host,conn,peer,start,end,seconds,ended_by,rekeys' >"$TMP/empty.sessions.csv"
same "sessions:since-after-all" "$TMP/empty.sessions.csv" $REF -r sessions --since 2024-06-08 "$M"

# --peers and --peer-names, on the restart case: the `-` tunnel is neither known
# nor a stranger; every other tunnel had a phase2_up, so it is known.
R="$C/restart.log"
cr 'host,conn,peer,start,end,seconds,ended_by,rekeys' \
   'gw,a,198.51.100.1,2024-06-08 12:00:00,2024-06-08 13:00:00,3600,disconnect,0' \
   'gw,a,198.51.100.1,2024-06-08 13:00:10,2024-06-08 14:00:00,3590,dpd_dead,0' >"$TMP/r.known.csv"
same "sessions:peers-known" "$TMP/r.known.csv" $REF -r sessions --peers known "$R"
same "sessions:peers-strangers" "$TMP/empty.sessions.csv" $REF -r sessions --peers strangers "$R"
printf '198.51.100.1,branch A\n' >"$TMP/names.csv"
cr 'day,host,conn,peer,peer_name,up_seconds,observed_seconds,sessions,downs' \
   '2024-06-08,gw,a,198.51.100.1,branch A,7190,7200,2,2' \
   '2024-06-08,gw,b,-,,3598,7200,1,1' >"$TMP/r.named.csv"
same "availability:peer-names" "$TMP/r.named.csv" $REF -r availability --peer-names "$TMP/names.csv" "$R"
lf '{"day":"2024-06-08","host":"gw","conn":"b","peer":null,"up_seconds":3598,"observed_seconds":7200,"sessions":1,"downs":1}' \
   >"$TMP/r.dash.jsonl"
"$TS" $REF -r availability -f jsonl "$R" 2>"$TMP/err" | grep '"conn":"b"' >"$TMP/out"
if cmp -s "$TMP/r.dash.jsonl" "$TMP/out"; then ok "availability:jsonl:no-peer-is-null"; else
    diff "$TMP/r.dash.jsonl" "$TMP/out" >"$TMP/diff"
    fail "availability:jsonl:no-peer-is-null" "$TMP/diff"
fi

# ---- the HTML availability page, without a browser ---------------------------
for r in availability sessions; do
    if "$TS" $REF -f html -r $r "$R" >"$TMP/a.html" 2>"$TMP/err"; then
        ups=$(grep -o '<rect class="up"' "$TMP/a.html" | wc -l)
        rows=$(grep -o '<tr class="tunnel"' "$TMP/a.html" | wc -l)
        ends=$(grep -o '<rect class="end"' "$TMP/a.html" | wc -l)
        # restart.log: 3 sessions (all ended other than open) of 2 tunnels
        if [ "$ups" -eq 3 ] && [ "$rows" -eq 2 ] && [ "$ends" -eq 3 ] && ! grep -qi '<script' "$TMP/a.html" \
            && grep -q "Content-Security-Policy" "$TMP/a.html" \
            && grep -q 'data-start="2024-06-08 12:00:05" data-end="2024-06-08 13:00:03" data-ended-by="restart"' "$TMP/a.html"; then
            ok "html:$r:strips"
        else
            echo "up bars $ups (want 3), tunnel rows $rows (want 2), end ticks $ends (want 3)" >"$TMP/why"
            fail "html:$r:strips" "$TMP/why" "$TMP/err"
        fi
    else
        fail "html:$r:strips" "$TMP/err"
    fi
done
# --since/--until set the days shown; log text is escaped
"$TS" $REF -f html -r availability --since 2024-06-07 --until 2024-06-07 "$M" >"$TMP/m.html" 2>/dev/null
if [ "$(grep -o '<rect class="up"' "$TMP/m.html" | wc -l)" -eq 2 ] && grep -q '2024-06-07 to 2024-06-07' "$TMP/m.html"; then
    ok "html:days"
else
    fail "html:days" "$TMP/m.html"
fi

# --peer-names: the name beside the peer (escaped), in the strip row and the day row
printf '198.51.100.1,<b> & co\n' >"$TMP/names2.csv"
"$TS" $REF -f html -r availability --peer-names "$TMP/names2.csv" "$R" >"$TMP/n.html" 2>/dev/null
if [ "$(grep -o '198.51.100.1 <span class="nm">&lt;b&gt; &amp; co</span>' "$TMP/n.html" | wc -l)" -eq 2 ]; then
    ok "html:peer-names"
else
    fail "html:peer-names" "$TMP/n.html"
fi

# ---- usage ---------------------------------------------------------------------
if "$TS" -f html -r peers "$M" >/dev/null 2>"$TMP/err"; then fail "usage:html-with-peers (accepted)"
elif [ $? -eq 2 ]; then ok "usage:html-with-peers"; else fail "usage:html-with-peers (status)" "$TMP/err"; fi
if "$TS" -r sessions --top 3 "$M" >/dev/null 2>"$TMP/err"; then fail "usage:top-with-sessions (accepted)"
elif [ $? -eq 2 ]; then ok "usage:top-with-sessions"; else fail "usage:top-with-sessions (status)" "$TMP/err"; fi

finish
