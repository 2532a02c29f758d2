#!/bin/sh
# gen_tunnels.sh — tunnelstat's `--report sessions` and `--report availability`
# against the generator's truths (bench/README.md: --truth-sessions,
# --truth-availability), byte for byte.
#
# Three corpora (a New Year rollover in 4 logrotate files with CRLF and LF; 9
# routers over a leap day in one file; 2000 peers in 2 files), each read as a
# directory, as files, at -j 1, -j 2 and -j 3, with files split into ranges
# (--min-part 64 KiB and 4 KiB: sessions cross split points), with the
# prefilter off, from zstd and gzip copies, and from stdin as one stream.
#
#   TUNNELSTAT=build/tunnelstat GEN=build/gen sh tests/gen_tunnels.sh
#
# Prints `ok NAME` / `FAIL NAME` per check, then `N passed, M failed`.
set -u
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")/.." && pwd)
TS=${TUNNELSTAT:?set TUNNELSTAT to the tunnelstat binary}
GEN=${GEN:-$here/build/gen}
SEED=${SEED:-20240101}
. "$here/tests/cli/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ts-gentun.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

ROLL="--seed $SEED --size 4M --ike-frac 0.25 --crlf-frac 0.5 --rollover --hosts 4 --peers 120 --files 4"
LEAP="--seed $((SEED + 7)) --size 4M --ike-frac 0.5 --hosts 9 --peers 40 --days 3 --start 2024-02-28 --files 1"
MANY="--seed $((SEED + 3)) --size 6M --ike-frac 0.3 --peers 2000 --scanners 50 --scan-frac 0.3 --files 2"

# both NAME CORPUS-NAME ARG...: sessions and availability equal the truths
# (standard input: the file $IN)
IN=/dev/null
both() {
    name=$1 c=$2
    shift 2
    for r in sessions availability; do
        if "$TS" "$@" -r $r <"$IN" >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/$c.$r.csv" "$tmp/out"; then
            ok "truth:$c:$r:$name"
        else
            diff "$tmp/$c.$r.csv" "$tmp/out" | head -n 20 >"$tmp/diff"
            fail "truth:$c:$r:$name" "$tmp/err" "$tmp/diff"
        fi
    done
}

# shellcheck disable=SC2086 # option lists are split on purpose
for c in roll leap many; do
    case $c in roll) opts=$ROLL ;; leap) opts=$LEAP ;; many) opts=$MANY ;; esac
    if ! "$GEN" $opts -o "$tmp/$c" --truth-sessions "$tmp/$c.sessions.csv" \
        --truth-availability "$tmp/$c.availability.csv" 2>"$tmp/gen.err"; then
        fail "gen $c" "$tmp/gen.err"
        continue
    fi
    # The truths must hold what the test is about, or equality proves little.
    by=$(tr -d '\r' <"$tmp/$c.sessions.csv" | awk -F, 'NR > 1 { print $7 }' | sort -u | tr '\n' ' ')
    nights=$(tr -d '\r' <"$tmp/$c.sessions.csv" | awk -F, 'NR > 1 && substr($4, 1, 10) != substr($5, 1, 10)' | wc -l)
    dash=$(tr -d '\r' <"$tmp/$c.sessions.csv" | awk -F, 'NR > 1 && $3 == "-"' | wc -l)
    if [ "$by" = "disconnect dpd_dead open restart " ] && [ "$nights" -gt 0 ] && [ "$dash" -gt 0 ]; then
        ok "truth:$c:covers every ending, midnight and '-' tunnels"
    else
        echo "ended_by: $by; crossing midnight: $nights; '-' peer: $dash" >"$tmp/why"
        fail "truth:$c:covers every ending, midnight and '-' tunnels" "$tmp/why"
    fi
    files=$(ls "$tmp/$c" | wc -l)
    both "directory" $c "$tmp/$c"
    both "files" $c "$tmp/$c"/*
    both "-j1" $c -j 1 "$tmp/$c"
    both "-j2" $c -j 2 "$tmp/$c"
    both "-j3" $c -j 3 "$tmp/$c"
    both "-j2-split64k" $c -j 2 --min-part 65536 "$tmp/$c"
    both "-j3-split4k" $c -j 3 --min-part 4096 "$tmp/$c"
    both "-j3-split4k-noprefilter" $c -j 3 --min-part 4096 --no-prefilter "$tmp/$c"
    if [ "$c" = roll ]; then
        mkdir -p "$tmp/z" "$tmp/g"
        for f in "$tmp/$c"/*; do
            zstd -q -c "$f" >"$tmp/z/$(basename "$f").zst"
            gzip -c "$f" >"$tmp/g/$(basename "$f").gz"
        done
        both "zstd-j2" $c -j 2 "$tmp/z"
        both "gzip-j3" $c -j 3 "$tmp/g"
        last=$(ls "$tmp/$c" | tail -n 1)
        ref=$(echo "$last" | sed 's/.*\([0-9]\{4\}\)\([0-9][0-9]\)\([0-9][0-9]\)$/\1-\2-\3/')
        cat "$tmp/$c"/* >"$tmp/stdin.log"
        IN="$tmp/stdin.log"
        both "stdin" $c --ref-date "$ref" -
        IN=/dev/null
        [ "$files" -ge 4 ] && ok "truth:$c:several files ($files)" || fail "truth:$c:several files ($files)"
    fi
done
finish
