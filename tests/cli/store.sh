#!/bin/sh
# tests/cli/store.sh — the state database against scan (SPEC.md §10): nights
# of logrotate simulated on generated router logs, ingested at noon and at
# night, must give `report --db` byte-identical to `scan` over every distinct
# line, for every report kind and format:
#   numbered  messages -> messages.1 (delaycompress) -> messages.2.gz ...,
#             the oldest deleted; noon runs see a half-written last line;
#             one ingest is killed with SIGKILL mid-way and run again;
#   dateext   messages -> messages-YYYYMMDD -> messages-YYYYMMDD.zst;
#   copytruncate  messages copied to messages.1, then truncated in place.
# Also: merge is idempotent, shards merged equal one database, a merge of a
# noon-only database with a whole-night one (counters subtracted), --since
# with relative days, --output-dir, --host-from-path, and refusal of a foreign,
# corrupt or newer-schema file (left untouched) and of a locked database.
#   TUNNELSTAT=/abs/path/tunnelstat GEN=/abs/path/gen sh tests/cli/store.sh
# shellcheck disable=SC2086
set -u
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
GEN=${GEN:?set GEN}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ts-store.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
have() { command -v "$1" >/dev/null 2>&1; }

NIGHTS=8
"$GEN" --seed 7 --size 3M --ike-frac 0.25 --files $NIGHTS --rollover --hosts 4 --peers 60 \
    -o "$tmp/gen" 2>/dev/null || { echo "FAIL gen"; exit 1; }
days=$(ls "$tmp/gen" | sed 's/.*-\([0-9]\{8\}\)$/\1/')

# day_of YYYYMMDD -> YYYY-MM-DD
day_of() { echo "$1" | sed 's/\(....\)\(..\)\(..\)/\1-\2-\3/'; }

# The time a report was written is the one thing two runs may differ in.
untimed() { sed 's/<time class="generated">[^<]*<\/time>//; /^tunnelstat_last_success_timestamp_seconds /d'; }

# same NAME DB [REPORT-ARGS]: report --db equals scan of every generated file.
same() {
    name=$1 db=$2
    shift 2
    "$TS" scan "$@" "$tmp/gen" 2>/dev/null | untimed > "$tmp/want"
    if "$TS" report --db "$db" "$@" 2> "$tmp/err" | untimed > "$tmp/got" && cmp -s "$tmp/want" "$tmp/got"; then
        ok "$name"
    else
        diff "$tmp/want" "$tmp/got" > "$tmp/diff" 2>&1
        fail "$name" "$tmp/err" "$tmp/diff"
    fi
}

# every NAME DB: every kind and format.
every() {
    for k in peers daily conns top; do
        for f in csv table jsonl; do same "$1:$k:$f" "$2" -r $k -f $f; done
    done
    same "$1:html" "$2" -f html
    same "$1:top3" "$2" --top 3
    same "$1:known" "$2" --peers known -r top
    same "$1:prom" "$2" -f prom
    for k in sessions availability; do
        for f in csv table jsonl html; do same "$1:$k:$f" "$2" -r $k -f $f; done
    done
}

# ingest DB DIR: one nightly run; fails the test on a bad exit status.
ingest() {
    "$TS" ingest --db "$1" "$2" 2> "$tmp/ierr" || fail "ingest exit $?" "$tmp/ierr"
}

# Appends lines [from, to) of night n's file to $1, touching it to that day.
part() {
    f=$(ls "$tmp/gen" | sed -n "${2}p")
    sed -n "${3},$(($4 - 1))p" "$tmp/gen/$f" >> "$1"
}
lines_of() { f=$(ls "$tmp/gen" | sed -n "${1}p"); wc -l < "$tmp/gen/$f"; }
stamp() { touch -d "$(day_of "$(echo "$days" | sed -n "${2}p")") 12:00 UTC" "$1"; }

# ---- numbered, delaycompress, gzip ------------------------------------------
log=$tmp/num
mkdir -p "$log"
: > "$log/messages"
n=1
while [ $n -le $NIGHTS ]; do
    total=$(lines_of $n)
    half=$((total / 2))
    part "$log/messages" $n 1 $((half + 1))
    # noon: the next line is half written
    f=$(ls "$tmp/gen" | sed -n "${n}p")
    sed -n "$((half + 1))p" "$tmp/gen/$f" | head -c 20 >> "$log/messages"
    stamp "$log/messages" $n
    ingest "$tmp/num.db" "$log"
    # the rest of the day, the half line completed
    sed -n "$((half + 1))p" "$tmp/gen/$f" | tail -c +21 >> "$log/messages"
    part "$log/messages" $n $((half + 2)) $((total + 1))
    stamp "$log/messages" $n
    if [ $n -eq 4 ]; then
        # killed mid-way: blocked on a FIFO after the other files were read
        # (its transaction holds the new lines): the database keeps the noon state
        "$TS" report --db "$tmp/num.db" -r conns > "$tmp/beforekill" 2>&1
        mkfifo "$log/zz.fifo"
        "$TS" ingest --db "$tmp/num.db" "$log" "$log/zz.fifo" 2>/dev/null &
        pid=$!
        sleep 1
        if kill -KILL $pid 2>/dev/null; then ok numbered:killed; else fail "numbered:killed (ingest ended first)"; fi
        wait $pid 2>/dev/null
        rm -f "$log/zz.fifo"
        "$TS" report --db "$tmp/num.db" -r conns > "$tmp/afterkill" 2>&1
        if cmp -s "$tmp/beforekill" "$tmp/afterkill"; then ok numbered:kill-keeps-state; else
            fail numbered:kill-keeps-state "$tmp/afterkill"
        fi
    fi
    ingest "$tmp/num.db" "$log"
    # logrotate: rotate 3, delaycompress, compress
    rm -f "$log/messages.3.gz"
    [ -f "$log/messages.2.gz" ] && mv "$log/messages.2.gz" "$log/messages.3.gz"
    [ -f "$log/messages.1" ] && gzip -n "$log/messages.1" && mv "$log/messages.1.gz" "$log/messages.2.gz"
    mv "$log/messages" "$log/messages.1"
    : > "$log/messages"
    n=$((n + 1))
done
ingest "$tmp/num.db" "$log"
every numbered "$tmp/num.db"
if grep -q "0 with new lines" "$tmp/ierr"; then ok numbered:rerun-counts-nothing; else fail numbered:rerun-counts-nothing "$tmp/ierr"; fi

# ---- dateext + zstd, noon runs on the live file --------------------------------
if have zstd; then
    log=$tmp/dext
    mkdir -p "$log"
    : > "$log/messages"
    n=1
    for d in $days; do
        total=$(lines_of $n)
        part "$log/messages" $n 1 $((total / 3 + 1))
        stamp "$log/messages" $n
        ingest "$tmp/dext.db" "$log"
        part "$log/messages" $n $((total / 3 + 1)) $((total + 1))
        stamp "$log/messages" $n
        ingest "$tmp/dext.db" "$log"
        for old in "$log"/messages-*[0-9]; do
            [ -f "$old" ] && zstd -q --rm "$old"
        done
        mv "$log/messages" "$log/messages-$d"
        : > "$log/messages"
        ls "$log"/messages-*.zst 2>/dev/null | head -n -2 | xargs rm -f
        n=$((n + 1))
    done
    ingest "$tmp/dext.db" "$log"
    every dateext "$tmp/dext.db"
else
    echo "skip dateext (no zstd)"
fi

# ---- copytruncate ------------------------------------------------------------
log=$tmp/ct
mkdir -p "$log"
: > "$log/messages"
n=1
while [ $n -le $NIGHTS ]; do
    total=$(lines_of $n)
    part "$log/messages" $n 1 $((total / 2 + 1))
    stamp "$log/messages" $n
    ingest "$tmp/ct.db" "$log"
    part "$log/messages" $n $((total / 2 + 1)) $((total + 1))
    stamp "$log/messages" $n
    rm -f "$log/messages.2.gz"
    [ -f "$log/messages.1" ] && gzip -n "$log/messages.1" && mv "$log/messages.1.gz" "$log/messages.2.gz"
    cp -p "$log/messages" "$log/messages.1"
    : > "$log/messages"
    ingest "$tmp/ct.db" "$log"
    n=$((n + 1))
done
every copytruncate "$tmp/ct.db"

# the peers view of the database is the CSV report, attributed in SQL
if have sqlite3; then
    sqlite3 -csv -header "$tmp/num.db" "SELECT * FROM peers" | tr -d '\r' > "$tmp/got"
    "$TS" scan "$tmp/gen" | tr -d '\r' > "$tmp/want"
    if cmp -s "$tmp/want" "$tmp/got"; then ok view:peers; else diff "$tmp/want" "$tmp/got" > "$tmp/diff"; fail view:peers "$tmp/diff"; fi
fi

# ---- merge -------------------------------------------------------------------
"$TS" ingest --db "$tmp/all.db" "$tmp/gen" 2>/dev/null
mkdir -p "$tmp/s1" "$tmp/s2"
for f in $(ls "$tmp/gen" | head -n 4); do cp -p "$tmp/gen/$f" "$tmp/s1/"; done
for f in $(ls "$tmp/gen" | tail -n +5); do cp -p "$tmp/gen/$f" "$tmp/s2/"; done
"$TS" ingest --db "$tmp/s1.db" "$tmp/s1" 2>/dev/null
"$TS" ingest --db "$tmp/s2.db" "$tmp/s2" 2>/dev/null
"$TS" merge --db "$tmp/m.db" "$tmp/s1.db" "$tmp/s2.db" 2>/dev/null || fail "merge exit $?"
every merged-shards "$tmp/m.db"
sqlite3 "$tmp/m.db" .dump > "$tmp/dump1" 2>/dev/null
"$TS" merge --db "$tmp/m.db" "$tmp/s2.db" "$tmp/s1.db" "$tmp/all.db" 2>/dev/null
sqlite3 "$tmp/m.db" .dump > "$tmp/dump2" 2>/dev/null
if [ -s "$tmp/dump1" ] && cmp -s "$tmp/dump1" "$tmp/dump2"; then ok merge:idempotent; else fail merge:idempotent; fi
"$TS" merge --db "$tmp/m.db" "$tmp/m.db" 2>/dev/null
sqlite3 "$tmp/m.db" .dump > "$tmp/dump3" 2>/dev/null
if [ $? -eq 0 ] && cmp -s "$tmp/dump1" "$tmp/dump3"; then ok merge:itself; else fail merge:itself; fi
"$TS" merge --db "$tmp/m2.db" "$tmp/num.db" "$tmp/ct.db" "$tmp/all.db" 2>/dev/null
every merged-scenarios "$tmp/m2.db"

# a noon-only database and a night database of the same live file: the
# night's counters minus the noon's
f1=$(ls "$tmp/gen" | head -n 1)
mkdir -p "$tmp/noon" "$tmp/night"
total=$(lines_of 1)
part "$tmp/noon/messages" 1 1 $((total / 2 + 1))
stamp "$tmp/noon/messages" 1
cp -p "$tmp/gen/$f1" "$tmp/night/messages"
stamp "$tmp/night/messages" 1
"$TS" ingest --db "$tmp/noon.db" "$tmp/noon" 2>/dev/null
"$TS" ingest --db "$tmp/night.db" "$tmp/night" 2>/dev/null
"$TS" merge --db "$tmp/noon.db" "$tmp/night.db" 2>/dev/null
"$TS" scan -r conns "$tmp/gen/$f1" > "$tmp/want" 2>/dev/null
"$TS" report --db "$tmp/noon.db" -r conns > "$tmp/got" 2>&1
if cmp -s "$tmp/want" "$tmp/got"; then ok merge:subtract; else fail merge:subtract "$tmp/got"; fi

# the other database counted the same live file in two parts, the first of
# which straddles what this one counted: its first part minus ours, then its
# second part as it is
mkdir -p "$tmp/third" "$tmp/halves"
part "$tmp/third/messages" 1 1 $((total / 3 + 1))
stamp "$tmp/third/messages" 1
part "$tmp/halves/messages" 1 1 $((total / 2 + 1))
stamp "$tmp/halves/messages" 1
"$TS" ingest --db "$tmp/third.db" "$tmp/third" 2>/dev/null
"$TS" ingest --db "$tmp/halves.db" "$tmp/halves" 2>/dev/null
part "$tmp/halves/messages" 1 $((total / 2 + 1)) $((total + 1))
stamp "$tmp/halves/messages" 1
"$TS" ingest --db "$tmp/halves.db" "$tmp/halves" 2>/dev/null
"$TS" merge --db "$tmp/third.db" "$tmp/halves.db" 2>/dev/null
for k in peers conns sessions availability; do
    "$TS" scan -r $k "$tmp/gen/$f1" > "$tmp/want" 2>/dev/null
    "$TS" report --db "$tmp/third.db" -r $k > "$tmp/got" 2>&1
    if cmp -s "$tmp/want" "$tmp/got"; then ok merge:subtract-then-copy:$k; else
        diff "$tmp/want" "$tmp/got" | head > "$tmp/diff"
        fail merge:subtract-then-copy:$k "$tmp/diff"
    fi
done

# what sessions need (SPEC §10.5) is kept whole through ingests and merges:
# the tunnel events of a stream by line, the first and last time of each host
# (pid events may be more where a stream was counted in more segments)
sessions() {
    sqlite3 "$1" "SELECT s.head, e.line, e.t, e.host, e.pid, e.conn, e.peer, e.serial, e.kind, e.weight
                  FROM session_event e JOIN segment g ON g.id = e.segment JOIN stream s ON s.id = g.stream
                  WHERE e.kind <> 'pid' ORDER BY 1, 2;
                  SELECT host, min(first), max(last) FROM host_span GROUP BY host ORDER BY 1;"
}
sessions "$tmp/all.db" > "$tmp/want"
for d in num ct m m2; do
    sessions "$tmp/$d.db" > "$tmp/got"
    if [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"; then ok "sessions-data:$d"; else
        diff "$tmp/want" "$tmp/got" | head > "$tmp/diff"
        fail "sessions-data:$d" "$tmp/diff"
    fi
done
sessions "$tmp/night.db" > "$tmp/want"
for d in noon third; do
    sessions "$tmp/$d.db" > "$tmp/got"
    if cmp -s "$tmp/want" "$tmp/got"; then ok sessions-data:subtract:$d; else fail sessions-data:subtract:$d; fi
done

# ---- options -----------------------------------------------------------------
last=$(day_of "$(echo "$days" | tail -n 1)")
same since-date "$tmp/all.db" --since "$last"
today=$(date +%F)
"$TS" report --db "$tmp/all.db" --since today > "$tmp/got" 2>&1
"$TS" scan --since "$today" "$tmp/gen" > "$tmp/want" 2>&1
if cmp -s "$tmp/want" "$tmp/got"; then ok since-today; else fail since-today "$tmp/got"; fi
mkdir -p "$tmp/out"
if "$TS" report --db "$tmp/all.db" --output-dir "$tmp/out" 2>"$tmp/err" \
    && untimed < "$tmp/out/dashboard.html" > "$tmp/out/dashboard.html.untimed" \
    && "$TS" scan -r daily "$tmp/gen" | cmp -s - "$tmp/out/daily.csv" \
    && "$TS" scan -f html "$tmp/gen" | untimed | cmp -s - "$tmp/out/dashboard.html.untimed" \
    && [ -s "$tmp/out/peers.csv" ] && [ -s "$tmp/out/conns.csv" ] && [ -s "$tmp/out/top.csv" ]; then
    ok output-dir
else
    fail output-dir "$tmp/err"
fi
mkdir -p "$tmp/hp/router-a"
cp "$tmp/gen/$f1" "$tmp/hp/router-a/messages"
"$TS" ingest --db "$tmp/hp.db" --host-from-path "$tmp/hp" 2>/dev/null
"$TS" report --db "$tmp/hp.db" > "$tmp/got" 2>&1
"$TS" scan --host-from-path "$tmp/hp" > "$tmp/want" 2>&1
if cmp -s "$tmp/want" "$tmp/got" && [ "$(cut -d, -f2 "$tmp/got" | sort -u | tr '\n' ' ')" = "host router-a " ]; then
    ok host-from-path
else
    fail host-from-path "$tmp/got"
fi

# one compressed file and spare threads: decoded on a thread of its own
gzip -c "$tmp/gen/$f1" > "$tmp/one.gz"
"$TS" ingest -j 3 --db "$tmp/one.db" "$tmp/one.gz" 2>/dev/null
"$TS" scan -r conns "$tmp/one.gz" > "$tmp/want" 2>&1
"$TS" report --db "$tmp/one.db" -r conns > "$tmp/got" 2>&1
if cmp -s "$tmp/want" "$tmp/got"; then ok decode-thread; else fail decode-thread "$tmp/got"; fi

# pluto's own logs (no host, no pid): each input is a run of its own, so
# serial #1 of one log takes nothing from serial #1 of another, whether the
# logs were ingested together, apart, or one of them in two parts
mkdir -p "$tmp/own1" "$tmp/own2"
printf 'Nov 18 10:00:00: "a"[1] 192.0.2.10 #1: STATE_MAIN_R3: sent MR3, ISAKMP SA established\n' > "$tmp/own1/pluto.log"
printf 'Nov 18 11:00:00: "b"[1] 192.0.2.5 #1: STATE_MAIN_R3: sent MR3, ISAKMP SA established\n' > "$tmp/own2/pluto.log"
"$TS" ingest --db "$tmp/runs.db" --ref-date 2021-11-30 "$tmp/own1" "$tmp/own2" 2>/dev/null
printf 'Nov 18 11:00:05: "b"[1] #1: DPD: No response from peer - declaring peer dead\n' >> "$tmp/own2/pluto.log"
"$TS" ingest --db "$tmp/runs.db" --ref-date 2021-11-30 "$tmp/own2" 2>/dev/null
"$TS" scan --ref-date 2021-11-30 "$tmp/own1" "$tmp/own2" > "$tmp/want" 2>&1
"$TS" report --db "$tmp/runs.db" > "$tmp/got" 2>&1
if cmp -s "$tmp/want" "$tmp/got"; then ok runs-per-input; else diff "$tmp/want" "$tmp/got" > "$tmp/diff"; fail runs-per-input "$tmp/diff"; fi

# a database kept inside the archive tree is not read as a log
mkdir -p "$tmp/own"
cp "$tmp/gen/$f1" "$tmp/own/messages"
"$TS" ingest --db "$tmp/own/vpn.db" "$tmp/own" 2>/dev/null
"$TS" ingest --db "$tmp/own/vpn.db" "$tmp/own" 2> "$tmp/err"
if grep -q "ingest: 1 archives, 0 with new lines" "$tmp/err"; then ok own-database; else fail own-database "$tmp/err"; fi

# ---- help, usage and a partial ingest ------------------------------------------
for c in ingest report merge; do
    if "$TS" $c --help 2>&1 | grep -q -- "--db FILE"; then ok help:$c; else fail help:$c; fi
done
"$TS" ingest "$tmp/gen" 2>/dev/null
[ $? -eq 2 ] && ok usage:no-db || fail usage:no-db
"$TS" report --db "$tmp/all.db" -r events 2>/dev/null
[ $? -eq 2 ] && ok usage:no-events || fail usage:no-events
mkdir -p "$tmp/partial"
cp "$tmp/gen/$f1" "$tmp/partial/messages"
gzip -c "$tmp/gen/$(ls "$tmp/gen" | sed -n 2p)" | head -c 3000 > "$tmp/partial/messages.1.gz"
"$TS" ingest --db "$tmp/partial.db" "$tmp/partial" 2> "$tmp/err"
st=$?
"$TS" scan "$tmp/partial" > "$tmp/want" 2>/dev/null
"$TS" report --db "$tmp/partial.db" > "$tmp/got" 2>&1
if [ $st -eq 1 ] && grep -q "messages.1.gz" "$tmp/err" && cmp -s "$tmp/want" "$tmp/got"; then ok partial; else
    echo "exit $st" >> "$tmp/err"
    fail partial "$tmp/err"
fi

# ---- refusals: the file is left untouched --------------------------------------
refused() {
    cp "$2" "$tmp/before"
    "$TS" ingest --db "$2" "$tmp/gen" 2> "$tmp/err"
    st=$?
    if [ $st -eq 3 ] && cmp -s "$2" "$tmp/before" && grep -q "$3" "$tmp/err"; then ok "refuse:$1"; else
        echo "exit $st" >> "$tmp/err"
        fail "refuse:$1" "$tmp/err"
    fi
}
printf 'not a database\n' > "$tmp/text.db"
refused text "$tmp/text.db" "not a tunnelstat database"
sqlite3 "$tmp/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
refused foreign "$tmp/other.db" "not tunnelstat's"
cp "$tmp/s1.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "PRAGMA user_version = 99;"
refused newer "$tmp/newer.db" "newer tunnelstat"
cp "$tmp/s1.db" "$tmp/corrupt.db"
sz=$(wc -c < "$tmp/corrupt.db")
dd if=/dev/urandom of="$tmp/corrupt.db" bs=1 seek=$((sz / 2)) count=4096 conv=notrunc 2>/dev/null
refused corrupt "$tmp/corrupt.db" "corrupt"
# a full disk (a file size limit): refused at commit, the previous state kept
"$TS" ingest --db "$tmp/full.db" "$tmp/gen/$f1" 2>/dev/null
"$TS" report --db "$tmp/full.db" > "$tmp/before" 2>&1
sh -c 'trap "" XFSZ; ulimit -f 200; exec "$0" ingest --db "$1" "$2"' "$TS" "$tmp/full.db" "$tmp/gen" 2> "$tmp/err"
st=$?
"$TS" report --db "$tmp/full.db" > "$tmp/got" 2>&1
if [ $st -eq 3 ] && cmp -s "$tmp/before" "$tmp/got"; then ok refuse:disk-full; else
    echo "exit $st" >> "$tmp/err"
    fail refuse:disk-full "$tmp/err"
fi
# a second writer waits, then is refused while the first holds the lock
( sqlite3 "$tmp/s1.db" "BEGIN IMMEDIATE; SELECT 1;" ".shell sleep 8" "COMMIT;" >/dev/null 2>&1 & )
sleep 1
"$TS" ingest --db "$tmp/s1.db" "$tmp/gen" 2> "$tmp/err"
st=$?
if [ $st -eq 3 ] && grep -q "in use" "$tmp/err"; then ok refuse:locked; else fail refuse:locked "$tmp/err"; fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
