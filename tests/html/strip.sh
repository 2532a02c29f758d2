#!/bin/sh
# tests/html/strip.sh — the availability page (`-f html -r availability`) in a
# real browser (headless Chromium, as tests/html/run.sh).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/html/strip.sh   (from the repository root;
#                                                                `make html` does exactly this)
#   STRIP_INPUT="DIR" STRIP_ARGS="" SCREENSHOT=docs/availability.png ...
#                                     another input, and keep the screenshot (`make screenshot`)
#
# Checks, in the DOM the browser built: one up bar per session of the CSV
# sessions report of the same input, one strip row per tunnel (distinct host,
# conn, peer of that report), one end tick per session not ended `open`; no
# script and the page's own Content-Security-Policy; no console message; a
# non-empty PNG screenshot. Without chromium: fails under CI, skipped elsewhere.
# Output: `ok NAME` / `FAIL NAME` lines and a final `N passed, M failed`.

LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT to the tunnelstat binary}
if [ ! -f tests/cli/lib.sh ]; then
    echo "html/strip.sh: run me from the repository root" >&2
    exit 2
fi
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh

# shellcheck source=tests/html/lib.sh
. tests/html/lib.sh
if [ -z "$CHROMIUM" ]; then
    if [ "${CI:-}" = true ]; then
        fail "html:strip:chromium-installed"
        finish
        exit 1
    fi
    skip "html:strip" "chromium not installed; 'make deps-html' installs it"
    finish
    exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-strip.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM

INPUT=${STRIP_INPUT:-corpus/cases/sessions/restart.log corpus/cases/sessions/midnight.log corpus/cases/sessions/two-peers.log}
ARGS=${STRIP_ARGS---ref-date 2024-06-30}


# shellcheck disable=SC2086
if "$TS" $ARGS -f html -r availability $INPUT >"$TMP/a.html" 2>"$TMP/err" && [ -s "$TMP/a.html" ]; then
    ok "html:strip:generated"
else
    fail "html:strip:generated" "$TMP/err"
fi
# shellcheck disable=SC2086
"$TS" $ARGS -r sessions $INPUT | tr -d '\r' | sed 1d >"$TMP/sessions.csv"
want_up=$(wc -l <"$TMP/sessions.csv")
want_rows=$(cut -d, -f1-3 "$TMP/sessions.csv" | sort -u | wc -l)
want_ends=$(awk -F, '$7 != "open"' "$TMP/sessions.csv" | wc -l)

: >"$TMP/chrome.log"
chrome --dump-dom "file://$TMP/a.html" >"$TMP/dom.html"
got_up=$(grep -o '<rect class="up"' "$TMP/dom.html" | wc -l)
got_rows=$(grep -o '<tr class="tunnel">' "$TMP/dom.html" | wc -l)
got_ends=$(grep -o '<rect class="end"' "$TMP/dom.html" | wc -l)
if [ "$want_up" -gt 0 ] && [ "$got_up" -eq "$want_up" ] && [ "$got_rows" -eq "$want_rows" ] && [ "$got_ends" -eq "$want_ends" ]; then
    ok "html:strip:bars ($got_up sessions, $got_rows tunnels, $got_ends downs)"
else
    echo "DOM: $got_up up bars, $got_rows tunnel rows, $got_ends end ticks; CSV: $want_up sessions, $want_rows tunnels, $want_ends not open" >"$TMP/why"
    fail "html:strip:bars" "$TMP/why"
fi

chrome --screenshot="$TMP/a.png" --window-size=1300,${STRIP_HEIGHT:-700} --hide-scrollbars "file://$TMP/a.html" >/dev/null
sig=$(head -c 8 "$TMP/a.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')
size=$(wc -c <"$TMP/a.png" 2>/dev/null || echo 0)
if [ "$sig" = 89504e470d0a1a0a ] && [ "$size" -gt 10000 ]; then
    ok "html:strip:screenshot ($size bytes)"
    if [ -n "${SCREENSHOT:-}" ]; then cp "$TMP/a.png" "$SCREENSHOT" && echo "html: screenshot kept in $SCREENSHOT"; fi
else
    echo "signature '$sig', $size bytes" >"$TMP/why"
    fail "html:strip:screenshot" "$TMP/why" "$TMP/chrome.log"
fi

if ! grep -qi '<script' "$TMP/a.html" &&
    grep -q "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" "$TMP/dom.html"; then
    ok "html:strip:no-javascript"
else
    fail "html:strip:no-javascript"
fi
if grep -q 'CONSOLE' "$TMP/chrome.log"; then
    grep 'CONSOLE' "$TMP/chrome.log" >"$TMP/why"
    fail "html:strip:no-page-errors" "$TMP/why"
else
    ok "html:strip:no-page-errors"
fi
finish
