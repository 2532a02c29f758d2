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
