#!/bin/sh
# tests/systemd.sh — contrib/systemd units pass `systemd-analyze verify`
# (the service pointed at the built binary, as an install would point it at
# its own); skipped where systemd-analyze is missing.
#   TUNNELSTAT=/abs/path/tunnelstat sh tests/systemd.sh
set -u
TS=${TUNNELSTAT:?set TUNNELSTAT}
if ! command -v systemd-analyze >/dev/null 2>&1; then echo "skip systemd (no systemd-analyze)"; exit 0; fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ts-systemd.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")/.." && pwd)
sed "s#/usr/local/bin/tunnelstat#$TS#g" "$here/contrib/systemd/tunnelstat-nightly.service" > "$tmp/tunnelstat-nightly.service"
cp "$here/contrib/systemd/tunnelstat-nightly.timer" "$tmp/"
if systemd-analyze verify "$tmp/tunnelstat-nightly.service" "$tmp/tunnelstat-nightly.timer" > "$tmp/out" 2>&1 && [ ! -s "$tmp/out" ]; then
    echo "ok systemd-analyze verify"
    echo "1 passed, 0 failed"
else
    echo "FAIL systemd-analyze verify"
    sed 's/^/    /' "$tmp/out"
    echo "0 passed, 1 failed"
    exit 1
fi
