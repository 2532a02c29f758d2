#!/bin/sh
# tests/cli/inputs.sh — what a run reads (POSIX sh).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/inputs.sh   (from the repository root)
#
# Special files met in a directory walk are skipped with a notice (a FIFO
# there must not block the run); a FIFO named as an operand is read. Every
# file is read once however it is reached (named twice, inside a directory
# also named, hard link, symlink, stdin redirected from it), and --stats says
# what was skipped. Many split files under a low descriptor limit are all
# read. Regular files mmap cannot read (procfs, sysfs) are read().

LC_ALL=C
export LC_ALL
. tests/cli/lib.sh

TS=${TUNNELSTAT:?set TUNNELSTAT to the tunnelstat binary}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-in.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM
REF="--ref-date 2024-04-30"
H1=corpus/cases/h1-openswan.log
H1P=corpus/expected/h1-openswan.peers.csv
SEED=corpus/seed.log

# A run that must end on its own: a FIFO nobody writes to would block it.
run_bounded() {
    timeout 20 "$TS" "$@" >"$TMP/out" 2>"$TMP/err"
    ST=$?
}

# ---- special files in a walk
mkdir "$TMP/logdir"
cp "$H1" "$TMP/logdir/messages"
mkfifo "$TMP/logdir/xconsole"
ln -s /dev/zero "$TMP/logdir/zero"
run_bounded $REF "$TMP/logdir"
expect_out "walk:fifo-skipped:report" 0 "$H1P"
expect_err "walk:fifo-skipped:notice" 0 "logdir/xconsole: FIFO inside a directory; skipped"
expect_err "walk:device-skipped:notice" 0 "logdir/zero: device inside a directory; skipped"
run_bounded explain "$TMP/logdir"
if [ "$ST" -eq 0 ] && grep -q "logdir/xconsole: FIFO" "$TMP/err"; then ok "walk:fifo-skipped:explain"; else fail "walk:fifo-skipped:explain" "$TMP/err"; fi

# named as an operand, a FIFO is read
mkfifo "$TMP/pipe"
cat "$H1" >"$TMP/pipe" &
run_bounded $REF "$TMP/pipe"
wait
expect_out "operand:fifo-read" 0 "$H1P"

# ---- each file once
# h1 twice as much, for the cases that must not give it
cat "$H1" "$H1" >"$TMP/twice.log"
"$TS" $REF "$TMP/twice.log" >"$TMP/twice.peers"
if cmp -s "$TMP/twice.peers" "$H1P"; then fail "once:twice-differs (reference)"; fi
mkdir "$TMP/d"
cp "$H1" "$TMP/d/a.log"
ln "$TMP/d/a.log" "$TMP/d/hard.log"
ln -s a.log "$TMP/d/soft.log"
ln -s "$TMP/d" "$TMP/d-alias"
for c in "same-file-twice:$TMP/d/a.log $TMP/d/a.log" \
    "dir-and-file-inside:$TMP/d $TMP/d/a.log" \
    "file-then-its-dir:$TMP/d/a.log $TMP/d" \
    "dir-twice:$TMP/d $TMP/d" \
    "dir-and-symlink-to-it:$TMP/d $TMP/d-alias" \
    "hard-link:$TMP/d/hard.log $TMP/d/a.log" \
    "symlink:$TMP/d/soft.log $TMP/d/a.log" \
    "one-dir-with-links:$TMP/d"; do
    name=${c%%:*}
    # shellcheck disable=SC2086
    run $REF ${c#*:}
    expect_out "once:$name" 0 "$H1P"
done
"$TS" $REF - - <"$H1" >"$TMP/out" 2>"$TMP/err"
ST=$?
expect_out "once:stdin-twice" 0 "$H1P"
"$TS" $REF "$TMP/d/a.log" - <"$TMP/d/a.log" >"$TMP/out" 2>"$TMP/err"
ST=$?
expect_out "once:stdin-is-a-named-file" 0 "$H1P"

run --stats $REF "$TMP/d" "$TMP/d/a.log" "$TMP/d"
expect_out "once:stats:report" 0 "$H1P"
# d/a.log read; d/hard.log, d/soft.log, the operand d/a.log and the second d skipped
expect_err "once:stats:counts" 0 "skipped *4 already read under another name, 0 special files"
expect_err "once:stats:names" 0 "skipped .*: $TMP/d/hard.log, $TMP/d/soft.log, $TMP/d/a.log, \\.\\.\\.$"
expect_err "once:stats:inputs" 0 "inputs *1 "

# ---- descriptors: many split files under a low limit, whatever -j
mkdir "$TMP/many"
i=0
while [ $i -lt 60 ]; do
    cp "$SEED" "$TMP/many/f$i.log"
    i=$((i + 1))
done
"$TS" $REF -j 1 "$TMP/many" >"$TMP/many.peers"
for j in 4 64; do
    (
        ulimit -n 24 || exit 99
        exec "$TS" $REF -j $j --min-part 200 "$TMP/many" >"$TMP/out" 2>"$TMP/err"
    )
    ST=$?
    expect_out "fds:60-split-files:ulimit-24:-j$j" 0 "$TMP/many.peers"
done
# whole-file units (compressed: never split), one worker per file
mkdir "$TMP/manyz"
for f in "$TMP/many"/*.log; do zstd -q -c <"$f" >"$TMP/manyz/${f##*/}.zst"; done
(
    ulimit -n 24 || exit 99
    exec "$TS" $REF -j 64 "$TMP/manyz" >"$TMP/out" 2>"$TMP/err"
)
ST=$?
expect_out "fds:60-zstd-files:ulimit-24:-j64" 0 "$TMP/many.peers"

# ---- regular files mmap cannot read
if [ -r /proc/version ]; then
    run --stats /proc/version
    want=$(wc -c </proc/version)
    expect_err "procfs:read" 0 "bytes  *$want\$"
fi
for f in /sys/kernel/address_bits /sys/kernel/mm/transparent_hugepage/enabled; do
    [ -r "$f" ] || continue
    run --stats "$f"
    want=$(wc -c <"$f")
    if [ "$ST" -eq 0 ] && grep -q "bytes  *$want\$" "$TMP/err"; then ok "sysfs:read"; else fail "sysfs:read" "$TMP/err"; fi
    break
done

finish
