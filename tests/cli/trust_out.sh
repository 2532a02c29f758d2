#!/bin/sh
# tests/cli/trust_out.sh — the promises a nightly job run as root depends on
# (issue "Trust"): -o writes to what FILE is (device, FIFO, open-file name,
# symlink, mode and owner of an old report), a run that read nothing keeps
# the old report, SIGINT/SIGTERM/SIGHUP leave no temporary file, the small
# usage errors, a closed pipe, and untrusted text escaped on stderr.
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/trust_out.sh   (from the repository root)
#
# Output: `ok NAME` / `FAIL NAME` per test and a final `N passed, M failed`.
# shellcheck disable=SC2086
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
. tests/cli/lib.sh
GOOD=corpus/cases/h1-openswan.log
ARGS="--ref-date 2024-04-30"
WANT=corpus/expected/h1-openswan.peers.csv
T=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-trust.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
ESC=$(printf '\033')

# expect NAME CONDITION-COMMAND... : ok when the command succeeds
expect() {
    name=$1
    shift
    if "$@"; then ok "$name"; else fail "$name" "$T/err"; fi
}

# ---- -o writes to what FILE is -------------------------------------------
# A character device (a private copy of /dev/null; mknod needs root) must
# stay a device: the rename once replaced it with a regular file.
if mknod "$T/null" c 1 3 2>/dev/null; then
    "$TS" $ARGS -o "$T/null" "$GOOD" 2> "$T/err"
    st=$?
    expect out:char-device-written-through test "$st" = 0 -a -c "$T/null"
else
    skip out:char-device-written-through "mknod needs root"
fi

# A FIFO is written through: the reader gets the report, the FIFO stays.
mkfifo "$T/fifo"
timeout 10 cat "$T/fifo" > "$T/from-fifo" &
reader=$!
timeout 10 "$TS" $ARGS -o "$T/fifo" "$GOOD" 2> "$T/err"
st=$?
[ "$st" = 0 ] || kill "$reader" 2>/dev/null
wait "$reader"
expect out:fifo-written-through test "$st" = 0 -a -p "$T/fifo"
expect out:fifo-reader-gets-report cmp -s "$T/from-fifo" "$WANT"

# A name of an open file (/dev/stdout is one; a private link to it so that a
# failing build cannot replace the system's /dev/stdout).
ln -s /proc/self/fd/1 "$T/stdout"
"$TS" $ARGS -o "$T/stdout" "$GOOD" 2> "$T/err" | cat > "$T/piped"
expect out:fd-name-written-through cmp -s "$T/piped" "$WANT"
expect out:fd-name-link-kept test -L "$T/stdout"
"$TS" $ARGS -o /dev/fd/1 "$GOOD" > "$T/redirected" 2> "$T/err"
expect out:dev-fd-1-to-file cmp -s "$T/redirected" "$WANT"

# A symlink is followed (relative to its own directory) and its target
# replaced; the link stays a link. A dangling one creates its target.
mkdir "$T/real" "$T/links"
echo old > "$T/real/r.csv"
ln -s ../real/r.csv "$T/links/r.csv"
(cd "$T" && "$TS" $ARGS -o links/r.csv "$OLDPWD/$GOOD") 2> "$T/err"
expect out:symlink-stays-link test -L "$T/links/r.csv"
expect out:symlink-target-replaced cmp -s "$T/real/r.csv" "$WANT"
ln -s new.csv "$T/real/dangling.csv"
"$TS" $ARGS -o "$T/real/dangling.csv" "$GOOD" 2> "$T/err"
expect out:dangling-symlink-creates-target cmp -s "$T/real/new.csv" "$WANT"
expect out:dangling-symlink-stays-link test -L "$T/real/dangling.csv"

# An existing report keeps its mode (0640) and, as root, its owner/group.
echo old > "$T/mode.csv"
chmod 640 "$T/mode.csv"
owner=$(stat -c %u:%g "$T/mode.csv")
if [ "$(id -u)" = 0 ] && chown 65534:65534 "$T/mode.csv" 2>/dev/null; then owner=65534:65534; fi
"$TS" $ARGS -o "$T/mode.csv" "$GOOD" 2> "$T/err"
expect out:mode-0640-kept test "$(stat -c %a "$T/mode.csv")" = 640
expect out:owner-kept test "$(stat -c %u:%g "$T/mode.csv")" = "$owner"
expect out:mode-report-replaced cmp -s "$T/mode.csv" "$WANT"

# Nothing could be read: exit 1, the old report untouched, stdout empty.
echo "yesterday's report" > "$T/keep.csv"
"$TS" $ARGS -o "$T/keep.csv" "$T/missing.log" "$T/missing2.log" 2> "$T/err"
st=$?
expect out:nothing-read-exit-1 test "$st" = 1
expect out:nothing-read-keeps-old grep -qx "yesterday's report" "$T/keep.csv"
expect out:nothing-read-says-so grep -q "no input could be read" "$T/err"
"$TS" $ARGS "$T/missing.log" > "$T/stdout-empty" 2> "$T/err"
expect out:nothing-read-stdout-empty test ! -s "$T/stdout-empty"
# ... but one readable input among missing ones is a (partial) report.
"$TS" $ARGS -o "$T/keep.csv" "$T/missing.log" "$GOOD" 2> "$T/err"
st=$?
expect out:some-read-writes test "$st" = 1 -a "$(cat "$T/keep.csv")" = "$(cat "$WANT")"

# SIGINT, SIGTERM, SIGHUP during a run: no temporary left, the old report
# kept, and the status is the signal's (128+N). The input is a FIFO fed
# slowly, so the run is still reading when the signal comes. env resets the
# signals a non-interactive shell ignores for background jobs.
for sig in INT TERM HUP; do
    echo old > "$T/sig.csv"
    rm -f "$T/slow"
    mkfifo "$T/slow"
    { cat "$GOOD"; sleep 3; } > "$T/slow" &
    feeder=$!
    env --default-signal=INT,TERM,HUP "$TS" $ARGS -j 1 -o "$T/sig.csv" "$T/slow" 2> "$T/err" &
    pid=$!
    sleep 0.5
    kill -s "$sig" "$pid"
    wait "$pid" 2>/dev/null
    st=$?
    wait "$feeder"
    left=$(find "$T" -maxdepth 1 -name '.sig.csv.*' | wc -l)
    case $sig in INT) want_st=130 ;; TERM) want_st=143 ;; HUP) want_st=129 ;; esac
    expect "out:sig$sig-no-temporary" test "$left" = 0
    expect "out:sig$sig-old-report-kept" grep -qx old "$T/sig.csv"
    expect "out:sig$sig-status" test "$st" = "$want_st"
done

# ---- usage errors ---------------------------------------------------------
"$TS" $ARGS -o '' "$GOOD" > /dev/null 2> "$T/err"
expect usage:empty-output-name test $? = 2
"$TS" $ARGS -j 2 --min-part 18446744073709551615 "$GOOD" > /dev/null 2> "$T/err"
st=$?
expect usage:min-part-overflow test "$st" = 2
expect usage:min-part-not-oom sh -c "! grep -q 'out of memory' '$T/err'"
"$TS" --year 25 "$GOOD" > /dev/null 2> "$T/err"
expect usage:year-two-digits test $? = 2
"$TS" --year 2024 "$GOOD" > /dev/null 2> "$T/err"
expect usage:year-four-digits test $? = 0

# No operand and stdin a terminal: say so, exit 2, do not wait. script(1)
# gives the program a pty as stdin; timeout catches a program that waits.
if command -v script > /dev/null; then
    timeout 10 script -qec "$TS" /dev/null < /dev/null > "$T/err" 2>&1
    st=$?
    expect usage:stdin-terminal-exit-2 test "$st" = 2
    expect usage:stdin-terminal-says-so grep -q "standard input is a terminal" "$T/err"
    timeout 10 script -qec "$TS explain" /dev/null < /dev/null > "$T/err" 2>&1
    expect usage:explain-stdin-terminal-exit-2 test $? = 2
else
    skip usage:stdin-terminal "no script(1): package bsdutils"
fi

# ---- a closed pipe ends quietly ---------------------------------------------
# Enough rows to overflow the pipe after head has gone: the rest of the
# report meets EPIPE. Exit status as if written (0), nothing on stderr.
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do cat corpus/cases/*.log; done > "$T/many.log"
{ "$TS" --ref-date 2024-06-30 -r events "$T/many.log" 2> "$T/err"; echo $? > "$T/pipe-st"; } | head -n 1 > /dev/null
expect pipe:closed-status-0 test "$(cat "$T/pipe-st")" = 0
expect pipe:closed-quiet test ! -s "$T/err"

# ---- untrusted text escaped on stderr ----------------------------------------
# A file name with an escape sequence (OSC: retitle the terminal) in an error.
bad="$T/x${ESC}]0;owned$(printf '\007').log"
"$TS" $ARGS "$bad" > /dev/null 2> "$T/err"
expect term:error-path-escaped sh -c "! grep -q '$ESC' '$T/err' && grep -q 'x\\\\033]0;owned\\\\007.log' '$T/err'"
# An unparsed IKE line carrying an escape sequence, shown as a --stats sample.
printf 'Apr  2 10:00:00 h9 pluto[9]: "c" #4: zzz unknown \033[2J\033]0;owned\007 text\n' > "$T/esc.log"
"$TS" $ARGS --stats "$T/esc.log" > /dev/null 2> "$T/err"
expect term:stats-sample-escaped sh -c "grep -q 'unparsed: ' '$T/err' && ! grep -q '$ESC' '$T/err'"

finish
