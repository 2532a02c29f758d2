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
# * the heat map and the top-peers table have as many rows as the CSV top
#   report says there are peers (dated failures only for the heat map);
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

CHROMIUM=
for c in chromium chromium-browser; do
    if command -v "$c" >/dev/null 2>&1; then
        CHROMIUM=$c
        break
    fi
done
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

# chrome ARG...: headless Chromium with a throwaway profile and no network;
# its log (console messages included) goes to $TMP/chrome.log.
chrome() {
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --enable-logging=stderr --v=0 \
        --user-data-dir="$(mktemp -d "$TMP/profile.XXXXXX")" "$@" 2>>"$TMP/chrome.log"
}

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
# Expected table rows, from the CSV top report (10 peers by default).
# shellcheck disable=SC2086
want_top=$("$TS" $ARGS -r top $INPUT | sed 1d | wc -l)
# shellcheck disable=SC2086
want_heat=$("$TS" $ARGS -r top --since 0001-01-01 $INPUT | sed 1d | wc -l)

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
    sed -n "/<table class=\"$1\">/,/<\/table>/p" "$TMP/dom.html" | grep -o '<tr>' | wc -l
}
got_heat=$(($(rows heat) - 1))
got_top=$(($(rows top) - 1))
if [ "$want_heat" -gt 0 ] && [ "$got_heat" -eq "$want_heat" ]; then ok "html:heat-map-rows ($got_heat)"; else
    echo "heat map rows $got_heat, want $want_heat" >"$TMP/why"
    fail "html:heat-map-rows" "$TMP/why"
fi
if [ "$want_top" -gt 0 ] && [ "$got_top" -eq "$want_top" ]; then ok "html:top-rows ($got_top)"; else
    echo "top rows $got_top, want $want_top" >"$TMP/why"
    fail "html:top-rows" "$TMP/why"
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
