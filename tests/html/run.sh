#!/bin/sh
# tests/html/run.sh — the HTML dashboard in a real browser (headless Chromium,
# Debian's `chromium` package, installed by `make deps-html`; `make test` does).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/html/run.sh   (from the repository root;
#                                                              `make html` does exactly this)
#   SCREENSHOT=docs/report.png ...    also keeps the screenshot there (`make screenshot`)
#
# Renders the dashboard of the corpus and checks:
# * the page loads with no console message (a script error, or a blocked
#   external asset, would print one);
# * the DOM the browser built has one bar per (day, failure class) with a
#   non-zero count: the expected number is computed here with awk from the
#   CSV daily report of the same input, not from the HTML generator;
# * the top tables (known peers, strangers, no peer) have as many rows as
#   the CSV top report has of each peer_kind, and the heat map as many as it
#   has known peers with dated failures;
# * the per-router table has a row per router of the CSV peers report's
#   dated rows, each figure with its change since the previous period, the
#   header says when the page was made and which days the data covers, and
#   no column header is a raw report name (no "delete_sa_not_found");
# * over 62 days (a generated corpus) the heat map turns compact: squares
#   without figures under week labels, so it fits a page;
# * the page needs no JavaScript: it has no <script> and its own
#   Content-Security-Policy forbids scripts and external assets (headless
#   Chromium cannot dump or screenshot with JavaScript switched off, as it
#   drives the page through it, so the policy is what is checked);
# * the screenshot is a non-empty PNG.
# Without chromium the test fails under CI (CI=true) and is skipped locally.
# Output: `ok NAME` / `FAIL NAME` lines and a final `N passed, M failed`.

LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT to the tunnelstat binary}
if [ ! -f tests/cli/lib.sh ]; then
    echo "html/run.sh: run me from the repository root" >&2
    exit 2
fi
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

# shellcheck source=tests/html/lib.sh
. tests/html/lib.sh
if [ -z "$CHROMIUM" ]; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL html:chromium-installed"
        echo "    chromium is not installed: 'make deps-html' (part of 'make test') installs it"
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "html: chromium not installed, browser test skipped (run 'make deps-html' to install it)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-html.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM

INPUT="corpus/seed.log corpus/cases"
ARGS="--ref-date 2024-06-30"

# shellcheck disable=SC2086
if "$TS" $ARGS -f html $INPUT >"$TMP/report.html" 2>"$TMP/err" && [ -s "$TMP/report.html" ]; then
    ok "html:generated"
else
    fail "html:generated" "$TMP/err"
fi

# Expected bars, from the CSV daily report: dated rows, failure columns != 0.
# shellcheck disable=SC2086
"$TS" $ARGS -r daily $INPUT | tr -d '\r' >"$TMP/daily.csv"
want_bars=$(awk -F, '
    NR == 1 { for (i = 2; i <= NF; i++) fail[i] = $i != "phase1_up" && $i != "phase2_up" && $i != "weak_crypto"; next }
    $1 != "-" { for (i = 2; i <= NF; i++) if (fail[i] && $i != 0) n++ }
    END { print n + 0 }' "$TMP/daily.csv")
# Expected table rows, from the CSV top report (10 peers of each kind by default).
# shellcheck disable=SC2086
"$TS" $ARGS -r top $INPUT | tr -d '\r' | sed 1d >"$TMP/top.csv"
want_known=$(awk -F, '$3 == "known"' "$TMP/top.csv" | wc -l)
want_strangers=$(awk -F, '$3 == "stranger"' "$TMP/top.csv" | wc -l)
want_none=$(awk -F, '$3 == "-"' "$TMP/top.csv" | wc -l)
# shellcheck disable=SC2086
want_heat=$("$TS" $ARGS -r top --since 0001-01-01 $INPUT | tr -d '\r' | awk -F, '$3 == "known"' | wc -l)
# shellcheck disable=SC2086
want_routers=$("$TS" $ARGS $INPUT | tr -d '\r' | awk -F, 'NR > 1 && $1 != "-" { print $2 }' | sort -u | wc -l)

: >"$TMP/chrome.log"
chrome --dump-dom "file://$TMP/report.html" >"$TMP/dom.html"
if grep -q '<svg class="chart"' "$TMP/dom.html" && grep -q '</html>' "$TMP/dom.html"; then
    ok "html:dom-loaded"
else
    fail "html:dom-loaded" "$TMP/chrome.log"
fi
got_bars=$(grep -o '<rect class="bar ' "$TMP/dom.html" | wc -l)
if [ "$want_bars" -gt 0 ] && [ "$got_bars" -eq "$want_bars" ]; then
    ok "html:bars ($got_bars)"
else
    echo "bars in the DOM: $got_bars; non-zero dated failure cells in the daily CSV: $want_bars" >"$TMP/why"
    fail "html:bars" "$TMP/why"
fi
rows() {
    sed -n "/<table class=\"$1[^\"]*\">/,/<\/table>/p" "$TMP/dom.html" | grep -o '<tr>' | wc -l
}
# count NAME GOT WANT
count() {
    if [ "$3" -gt 0 ] && [ "$2" -eq "$3" ]; then ok "html:$1 ($2)"; else
        echo "$1: $2 rows, want $3" >"$TMP/why"
        fail "html:$1" "$TMP/why"
    fi
}
count heat-map-rows $(($(rows heat) - 1)) "$want_heat"
count top-known-rows $(($(rows "top top-known") - 1)) "$want_known"
count top-strangers-rows $(($(rows "top top-strangers") - 1)) "$want_strangers"
if [ "$want_none" -gt 0 ]; then count top-none-rows $(($(rows "top top-none") - 1)) "$want_none"; fi
count routers-rows $(($(rows routers) - 1)) "$want_routers"
cells=$(sed -n '/<table class="routers">/,/<\/table>/p' "$TMP/dom.html" | grep -o '<td class="n">' | wc -l)
count routers-figures "$cells" $((want_routers * 7))
if grep -q '<time class="generated">20[0-9][0-9]-[01][0-9]-[0-3][0-9] ' "$TMP/dom.html" &&
    grep -q '<span class="range">20[0-9-]* to 20[0-9-]*</span>' "$TMP/dom.html"; then
    ok "html:generated-at-and-range"
else
    fail "html:generated-at-and-range"
fi
if sed -n '/<thead>/,/<\/thead>/p' "$TMP/dom.html" | grep -o '<th[^>]*>[^<]*</th>' | sed 's/<[^>]*>//g' | grep -q '_'; then
    sed -n '/<thead>/,/<\/thead>/p' "$TMP/dom.html" | grep -o '<th[^>]*>[^<]*_[^<]*</th>' | head -5 >"$TMP/why"
    fail "html:readable-headers" "$TMP/why"
else
    ok "html:readable-headers"
fi

# 62 days: the heat map is compact (week labels, no figure in the cells).
if [ -n "${GEN:-}" ] && [ -x "$GEN" ]; then
    "$GEN" --seed 3 --size 12M --days 62 --hosts 6 -o "$TMP/g62.log" >/dev/null 2>&1
    "$TS" -f html "$TMP/g62.log" >"$TMP/g62.html"
    chrome --dump-dom "file://$TMP/g62.html" >"$TMP/g62.dom.html"
    days=$("$TS" -r daily "$TMP/g62.log" | tr -d '\r' | awk -F, 'NR > 1 && $1 != "-"' | wc -l)
    weeks=$(sed -n '/<table class="heat compact">/,/<\/thead>/p' "$TMP/g62.dom.html" | grep -o '<th class="w"' | wc -l)
    figures=$(sed -n '/<table class="heat compact">/,/<\/table>/p' "$TMP/g62.dom.html" | grep -c '<td class="h"[^>]*>[0-9]')
    if [ "$days" -gt 31 ] && [ "$weeks" -eq $(((days + 6) / 7)) ] && [ "$figures" -eq 0 ]; then
        ok "html:compact-heat-map ($days days, $weeks week labels)"
        if [ -n "${SCREENSHOT:-}" ]; then
            chrome --screenshot="$TMP/g62.png" --window-size=1280,1700 --hide-scrollbars "file://$TMP/g62.html" >/dev/null
            cp "$TMP/g62.png" "$(dirname "$SCREENSHOT")/dashboard-62-days.png"
        fi
    else
        echo "days $days, week labels $weeks, cells with a figure $figures" >"$TMP/why"
        fail "html:compact-heat-map" "$TMP/why"
    fi
else
    skip "html:compact-heat-map" "GEN not set"
fi

chrome --screenshot="$TMP/report.png" --window-size=1200,1600 --hide-scrollbars "file://$TMP/report.html" >/dev/null
sig=$(head -c 8 "$TMP/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')
size=$(wc -c <"$TMP/report.png" 2>/dev/null || echo 0)
if [ "$sig" = 89504e470d0a1a0a ] && [ "$size" -gt 10000 ]; then
    ok "html:screenshot ($size bytes)"
    if [ -n "${SCREENSHOT:-}" ]; then cp "$TMP/report.png" "$SCREENSHOT" && echo "html: screenshot kept in $SCREENSHOT"; fi
else
    echo "signature '$sig', $size bytes" >"$TMP/why"
    fail "html:screenshot" "$TMP/why" "$TMP/chrome.log"
fi

if ! grep -qi '<script' "$TMP/report.html" &&
    grep -q "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" "$TMP/dom.html"; then
    ok "html:no-javascript"
else
    grep -n -i -e '<script' -e 'Content-Security' "$TMP/report.html" >"$TMP/why"
    fail "html:no-javascript" "$TMP/why"
fi

# No console message: no script error, no blocked asset, no CSP violation.
if grep -q 'CONSOLE' "$TMP/chrome.log"; then
    grep 'CONSOLE' "$TMP/chrome.log" >"$TMP/why"
    fail "html:no-page-errors" "$TMP/why"
else
    ok "html:no-page-errors"
fi

finish
