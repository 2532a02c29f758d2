# shellcheck shell=sh
# tests/html/lib.sh — headless Chromium for the browser tests (sourced; POSIX sh).
# Sets CHROMIUM to the browser's command, empty when none is installed; chrome ARG...
# runs it with a throwaway profile and no network, its log (console messages
# included) appended to $TMP/chrome.log.
CHROMIUM=
for c in chromium chromium-browser; do
    if command -v "$c" >/dev/null 2>&1; then
        CHROMIUM=$c
        break
    fi
done

chrome() {
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --enable-logging=stderr --v=0 \
        --user-data-dir="$(mktemp -d "$TMP/profile.XXXXXX")" "$@" 2>>"$TMP/chrome.log"
}
