# shellcheck shell=sh
# tests/cli/lib.sh — the result lines shared by tests/cli/reports.sh and
# tests/html/run.sh (sourced; POSIX sh). PASS and FAIL count the results; the
# caller prints the closing "N passed, M failed".
PASS=0
FAIL=0

# ok NAME
ok() {
    PASS=$((PASS + 1))
    echo "ok $1"
}

# fail NAME [DETAIL-FILE...]: prints FAIL and the detail files, indented.
fail() {
    FAIL=$((FAIL + 1))
    echo "FAIL $1"
    shift
    for f in "$@"; do [ -s "$f" ] && sed 's/^/    /' "$f" | head -n 40; done
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
