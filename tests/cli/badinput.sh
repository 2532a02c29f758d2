#!/bin/sh
# tests/cli/badinput.sh — the bad-input matrix: every hostile or broken input
# next to a good one. The good input's hand-written expected report
# (corpus/expected/h1-openswan.peers.csv) must come out unchanged in every
# case, with the exact exit status (0 when the odd input is still valid data,
# 1 "partial" when it could not be read completely), and a broken input must
# be named on stderr with its reason.
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/badinput.sh   (from the repository root)
#
# Output: `ok NAME` / `FAIL NAME` per test and a final `N passed, M failed`.
# shellcheck disable=SC2086
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
GOOD=corpus/cases/h1-openswan.log
ARGS="--ref-date 2024-04-30"
WANT=corpus/expected/h1-openswan.peers.csv
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-bad.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

# check NAME WANT_STATUS STDERR_PATTERN (empty: stderr must be empty) -- ARGS...
check() {
    name=$1 want=$2 pat=$3
    shift 4
    "$TS" $ARGS "$@" > "$TMP/out" 2> "$TMP/err"
    st=$?
    why=""
    [ "$st" = "$want" ] || why="exit $st, want $want"
    cmp -s "$TMP/out" "$WANT" || why="$why; report differs from the good file's"
    if [ -n "$pat" ]; then
        grep -q -- "$pat" "$TMP/err" || why="$why; stderr lacks '$pat'"
    else
        [ -s "$TMP/err" ] && why="$why; unexpected stderr"
    fi
    if [ -z "$why" ]; then
        ok "bad:$name"
    else
        fail "bad:$name: $why"
        sed 's/^/    /' "$TMP/err" | head -5
        diff "$WANT" "$TMP/out" | head -10 | sed 's/^/    /'
    fi
}

# Valid but odd data: counted as nothing, exit 0, nothing to say.
: > "$TMP/empty.log"
check empty-file 0 "" -- "$GOOD" "$TMP/empty.log"
head -c 200000 /bin/ls > "$TMP/binary"
check binary-file 0 "" -- "$GOOD" "$TMP/binary"
# 100 MB without a newline: lexed on its first MiB, one line, no crash.
head -c 100000000 /dev/zero | tr '\0' 'x' > "$TMP/longline"
check long-line-no-newline 0 "" -- "$TMP/longline" "$GOOD"
# NUL bytes and invalid UTF-8 inside IKE lines of another host: the good host's rows are unchanged
printf 'Apr  2 10:00:00 other pluto[9]: "c\000x" #4: DPD: No response from peer - declaring peer dead\n' > "$TMP/nul.log"
printf 'Apr  2 10:00:00 other pluto[9]: "c" 198.51.100.99 #5: Peer ID is ID_FQDN: '"'"'\377\376'"'"'\n' >> "$TMP/nul.log"
"$TS" $ARGS "$GOOD" "$TMP/nul.log" > "$TMP/out" 2>"$TMP/err"; st=$?
if [ "$st" = 0 ] && grep -q '^2024-04-02,other,-,1,' "$TMP/out" && [ "$(grep -vc ',other,' "$TMP/out")" = "$(wc -l < "$WANT")" ]; then
    ok "bad:nul-and-invalid-utf8"
else
    fail "bad:nul-and-invalid-utf8 (exit $st)"; sed 's/^/    /' "$TMP/out"
fi
: > "$TMP/empty.zst"
check empty-zst-file 0 "" -- "$GOOD" "$TMP/empty.zst"

# Broken compressed data: partial (1), named, the good file still counted.
# The broken archives hold router noise only, so whatever complete lines they
# yield add nothing and the report must equal the good file's.
NOISE=corpus/cases/noise-only.log
if command -v zstd >/dev/null; then
    zstd -q -c "$NOISE" > "$TMP/good.zst"
    size=$(wc -c < "$TMP/good.zst")
    head -c $((size - 9)) "$TMP/good.zst" > "$TMP/trunc.zst"
    check truncated-zst 1 "trunc.zst" -- "$GOOD" "$TMP/trunc.zst"
    cp "$TMP/good.zst" "$TMP/flipped.zst"
    printf '\377\377\377\377\377\377\377\377' | dd of="$TMP/flipped.zst" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
    check corrupted-zst 1 "flipped.zst" -- "$GOOD" "$TMP/flipped.zst"
    printf '\050\265\057\375' > "$TMP/magic-only.zst"
    check magic-only-zst 1 "magic-only.zst" -- "$GOOD" "$TMP/magic-only.zst"
    # needs a window larger than the default: refused (partial) unless allowed
    head -c 300000000 /dev/zero | zstd -q --long=31 -c > "$TMP/long31.zst" 2>/dev/null
    check zst-window-too-large 1 "long31.zst" -- "$GOOD" "$TMP/long31.zst"
    check zst-window-allowed 0 "" -- --zstd-window-log-max 31 "$GOOD" "$TMP/long31.zst"
    # concatenated frames of the good file == the good file
    head -n 7 "$GOOD" > "$TMP/a"; tail -n +8 "$GOOD" > "$TMP/b"
    zstd -q -c "$TMP/a" > "$TMP/cat.zst"; zstd -q -c "$TMP/b" >> "$TMP/cat.zst"
    check concatenated-zst-frames 0 "" -- "$TMP/cat.zst"
fi
gzip -c "$NOISE" > "$TMP/good.gz"
size=$(wc -c < "$TMP/good.gz")
head -c $((size - 12)) "$TMP/good.gz" > "$TMP/trunc.gz"
check truncated-gzip 1 "trunc.gz" -- "$GOOD" "$TMP/trunc.gz"

# A truncated archive counts exactly its complete lines. gzip(1) prints the
# prefix it could decode, so that prefix (minus a partial last line) is the
# expectation. zstd(1) prints nothing on error, so the zstd archive is a
# complete frame followed by a frame cut after its header: exactly the
# first frame's lines must count.
cat corpus/cases/*.log > "$TMP/one.log"
for i in $(seq 1 200); do cat "$TMP/one.log"; done > "$TMP/big.log"
gzip -c "$TMP/big.log" > "$TMP/big.gzip"
head -c $(($(wc -c < "$TMP/big.gzip") * 2 / 3)) "$TMP/big.gzip" > "$TMP/cut.gzip"
gzip -dc "$TMP/cut.gzip" > "$TMP/prefix.raw" 2>/dev/null
head -n "$(wc -l < "$TMP/prefix.raw")" "$TMP/prefix.raw" > "$TMP/prefix.gzip"
if command -v zstd >/dev/null; then
    zstd -q -c "$TMP/big.log" > "$TMP/cut.zstd"
    zstd -q -c "$TMP/one.log" | head -c 6 >> "$TMP/cut.zstd"
    cp "$TMP/big.log" "$TMP/prefix.zstd"
fi
for z in gzip zstd; do
    [ -f "$TMP/cut.$z" ] || continue
    lines=$(wc -l < "$TMP/prefix.$z")
    "$TS" --ref-date 2024-06-30 -r events "$TMP/prefix.$z" | cut -d, -f2- > "$TMP/want.ev"
    "$TS" --ref-date 2024-06-30 -r events "$TMP/cut.$z" > "$TMP/got.full" 2> "$TMP/err"
    st=$?
    cut -d, -f2- "$TMP/got.full" > "$TMP/got.ev"
    if [ "$st" = 1 ] && [ "$lines" -gt 1000 ] && cmp -s "$TMP/want.ev" "$TMP/got.ev" && grep -q "truncated" "$TMP/err"; then
        ok "bad:truncated-$z-counts-complete-lines"
    else
        fail "bad:truncated-$z-counts-complete-lines (exit $st, $lines lines)"
        sed 's/^/    /' "$TMP/err"
        diff "$TMP/want.ev" "$TMP/got.ev" | head -5 | sed 's/^/    /'
    fi
done

gzip -c "$TMP/a" > "$TMP/multi.gz"; gzip -c "$TMP/b" >> "$TMP/multi.gz"
check multi-member-gzip 0 "" -- "$TMP/multi.gz"

# File system trouble: partial (1), named, the rest counted.
check missing-file 1 "nope.log" -- "$GOOD" "$TMP/nope.log"
mkdir -p "$TMP/loop/sub"
ln -s .. "$TMP/loop/sub/up"
cp "$GOOD" "$TMP/loop/good.log"
check symlink-loop 1 "loop" -- "$TMP/loop"
ln -s "$TMP/gone.log" "$TMP/dangling.log"
check dangling-symlink 1 "dangling.log" -- "$GOOD" "$TMP/dangling.log"
mkfifo "$TMP/fifo"
cat "$GOOD" > "$TMP/fifo" &
check fifo 0 "" -- "$TMP/fifo"
wait
# permission denied needs a user whom root's bypass does not cover
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    cp "$GOOD" "$TMP/secret.log"; chmod 000 "$TMP/secret.log"
    cp "$GOOD" "$TMP/open.log"; chmod 644 "$TMP/open.log"; chmod 755 "$TMP"
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$TS" $ARGS "$TMP/open.log" "$TMP/secret.log" > "$TMP/out" 2> "$TMP/err"
    st=$?
    if [ "$st" = 1 ] && cmp -s "$TMP/out" "$WANT" && grep -q "secret.log" "$TMP/err" && grep -qi "permission denied" "$TMP/err"; then
        ok "bad:permission-denied"
    else
        fail "bad:permission-denied (exit $st)"; sed 's/^/    /' "$TMP/err"
    fi
elif [ "$(id -u)" != 0 ]; then
    cp "$GOOD" "$TMP/secret.log"; chmod 000 "$TMP/secret.log"
    check permission-denied 1 "secret.log" -- "$GOOD" "$TMP/secret.log"
else
    echo "ok bad:permission-denied # skipped: no setpriv/nobody to drop root"
fi

# Mixed: a directory holding the good file and every bad file above gives
# the good file's report and exit 1.
mkdir "$TMP/mixed"
cp "$GOOD" "$TMP/mixed/good.log"
cp "$TMP/trunc.gz" "$TMP/binary" "$TMP/empty.log" "$TMP/mixed/" 2>/dev/null
[ -f "$TMP/flipped.zst" ] && cp "$TMP/flipped.zst" "$TMP/trunc.zst" "$TMP/mixed/"
check mixed-directory 1 "trunc.gz" -- "$TMP/mixed"

# Key flood: 200000 distinct spoofed peers with --max-keys 1000: at most 1000
# ordinary rows plus the overflow row, a warning, and the exact total.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "Mar  1 10:00:00 gw pluto[7]: packet from 10.%d.%d.%d:500: no connection has been authorized with policy=PSK\n", int(i / 65536), int(i / 256) % 256, i % 256 }' > "$TMP/flood.log"
for j in 1 2; do
    "$TS" -j $j --max-keys 1000 --ref-date 2024-03-31 "$TMP/flood.log" > "$TMP/out" 2> "$TMP/err"
    st=$?
    total=$(awk -F, 'NR > 1 { s += $6 } END { print s + 0 }' "$TMP/out")
    rows=$(($(wc -l < "$TMP/out") - 1))
    over=$(grep -c ',(overflow),' "$TMP/out")
    if [ "$st" = 0 ] && [ "$total" = 200000 ] && [ "$rows" -le 1001 ] && [ "$over" = 1 ] \
        && grep -q "warning: more distinct keys than --max-keys 1000" "$TMP/err"; then
        ok "bad:key-flood-j$j"
    else
        fail "bad:key-flood-j$j (exit $st, total $total, rows $rows, overflow rows $over)"
        sed 's/^/    /' "$TMP/err"
    fi
done

finish
