# shellcheck shell=sh
# tests/cli/lib.sh — the result lines every shell test shares (sourced;
# POSIX sh). ok, fail and skip count the results; finish prints the closing
# "N passed, M failed[, K skipped]" line and returns 1 when anything failed.
PASS=0
FAIL=0
SKIP=0
LIB_CR=$(printf '\r')

# ok NAME
ok() {
    PASS=$((PASS + 1))
    echo "ok $1"
}

# fail NAME [DETAIL-FILE...]: prints FAIL and the detail files, indented
# (a CR shows as ^M, so a CRLF difference is visible).
fail() {
    FAIL=$((FAIL + 1))
    echo "FAIL $1"
    shift
    for f in "$@"; do
        [ -s "$f" ] && sed -e 's/^/    /' -e "s/$LIB_CR\$/^M/" "$f" | head -n 60
    done
    return 0
}

# run ARG...: tunnelstat ($TS) ARG...; stdout -> $TMP/out, stderr -> $TMP/err, status -> $ST.
run() {
    "$TS" "$@" >"$TMP/out" 2>"$TMP/err"
    ST=$?
}

# expect_out NAME STATUS EXPECTED-FILE: the last run exited STATUS and printed EXPECTED-FILE.
expect_out() {
    if [ "$ST" -eq "$2" ] && cmp -s "$3" "$TMP/out"; then
        ok "$1"
    else
        echo "exit $ST (expected $2)" >"$TMP/note"
        diff "$3" "$TMP/out" | head -n 10 >>"$TMP/note"
        fail "$1" "$TMP/note" "$TMP/err"
    fi
}

# expect_err NAME STATUS REGEX: the last run exited STATUS, a stderr line matching REGEX.
expect_err() {
    if [ "$ST" -eq "$2" ] && grep -q -e "$3" "$TMP/err"; then
        ok "$1"
    else
        echo "exit $ST (expected $2, stderr matching '$3')" >"$TMP/note"
        fail "$1" "$TMP/note" "$TMP/err"
    fi
}

# skip NAME WHY
skip() {
    SKIP=$((SKIP + 1))
    echo "skip $1 ($2)"
}

finish() {
    if [ "$SKIP" -gt 0 ]; then
        echo "$PASS passed, $FAIL failed, $SKIP skipped"
    else
        echo "$PASS passed, $FAIL failed"
    fi
    [ "$FAIL" -eq 0 ]
}
