#!/bin/sh
# tests/cli/inflate.sh — gzip input inflated by ISA-L (the default when the
# build has it) and by zlib (--inflate zlib) gives the same reports as the
# plain text, at one and two threads, from files and pipes, and the same exit
# status and messages on cut and damaged archives; the bad-input matrix
# (badinput.sh) runs again with zlib. Without ISA-L only the zlib half runs.
#
#   TUNNELSTAT=/abs/path/to/tunnelstat [GEN=/abs/path/to/gen] sh tests/cli/inflate.sh
#
# Output: `ok NAME` / `FAIL NAME` per test and a final `N passed, M failed`.
# shellcheck disable=SC2086
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-inflate.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
A="--ref-date 2024-06-30"

if "$TS" --inflate isal --version >"$TMP/v" 2>&1; then
    INFS="isal zlib"
    if grep -q '^gzip: ISA-L' "$TMP/v"; then ok "inflate:version-names-isal"; else fail "inflate:version-names-isal" "$TMP/v"; fi
else
    INFS="zlib"
    skip "inflate:isal" "this build has no ISA-L"
    "$TS" --version >"$TMP/v"
    if grep -q '^gzip: zlib' "$TMP/v"; then ok "inflate:version-names-zlib"; else fail "inflate:version-names-zlib" "$TMP/v"; fi
fi

# same NAME WANT [STDIN] -- ARGS...: the report equals WANT for every inflater
# (events without their first column, the file name).
same() {
    name=$1 want=$2 in=/dev/null
    [ "$3" = -- ] || { in=$3; shift; }
    shift 3
    for inf in $INFS; do
        "$TS" $A --inflate "$inf" "$@" <"$in" >"$TMP/got" 2>"$TMP/err"
        st=$?
        case $name in *events*) cut -d, -f2- "$TMP/got" >"$TMP/got.cut" && mv "$TMP/got.cut" "$TMP/got";; esac
        if [ "$st" = 0 ] && cmp -s "$want" "$TMP/got"; then
            ok "inflate:$name:$inf"
        else
            echo "exit $st" >"$TMP/why"
            diff "$want" "$TMP/got" | head -n 5 >>"$TMP/why"
            fail "inflate:$name:$inf" "$TMP/why" "$TMP/err"
        fi
    done
}

# Every corpus case 200 times (about 8 MB): all the line shapes, many members' worth.
cat corpus/cases/*.log >"$TMP/one.log"
for i in $(seq 1 200); do cat "$TMP/one.log"; done >"$TMP/big.log"
"$TS" $A -r events "$TMP/big.log" | cut -d, -f2- >"$TMP/want.events" || fail "inflate:plain-events"
"$TS" $A "$TMP/big.log" >"$TMP/want.peers" || fail "inflate:plain-peers"
gzip -1 -n -c "$TMP/big.log" >"$TMP/fast.gz"
gzip -9 -n -c "$TMP/big.log" >"$TMP/best.gz"
split -n l/3 "$TMP/big.log" "$TMP/part."
for p in "$TMP"/part.*; do gzip -n -c "$p"; done >"$TMP/members.gz"
for z in fast best members; do
    for j in 1 2; do
        same "$z-j$j-events" "$TMP/want.events" -- -j $j -r events "$TMP/$z.gz"
    done
done
same "pipe-peers" "$TMP/want.peers" "$TMP/members.gz" -- -j 2 -

# A generated corpus (30% IKE lines) against the generator's truth.
if [ -n "${GEN:-}" ] && [ -x "$GEN" ]; then
    "$GEN" --seed 3 --size 16M --ike-frac 0.3 -o "$TMP/gen.log" --truth "$TMP/truth.csv" 2>/dev/null
    gzip -6 -n -c "$TMP/gen.log" >"$TMP/gen.gz"
    A="--ref-date 2024-03-30"
    same "gen-truth" "$TMP/truth.csv" -- "$TMP/gen.gz"
    A="--ref-date 2024-06-30"
else
    skip "inflate:gen-truth" "GEN not set"
fi

# Cut and damaged archives: the same exit status, message and complete lines.
size=$(wc -c <"$TMP/best.gz")
head -c $((size / 3)) "$TMP/best.gz" >"$TMP/cut1.gz"
head -c $((size - 5)) "$TMP/best.gz" >"$TMP/cut2.gz"
cp "$TMP/best.gz" "$TMP/flip.gz"
printf '\377\377\377\377' | dd of="$TMP/flip.gz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
cp "$TMP/best.gz" "$TMP/crc.gz"
printf '\0' | dd of="$TMP/crc.gz" bs=1 seek=$((size - 6)) conv=notrunc 2>/dev/null
for bad in cut1 cut2 flip crc; do
    first=""
    for inf in $INFS; do
        "$TS" $A -r events --inflate "$inf" "$TMP/$bad.gz" >"$TMP/out.$inf" 2>"$TMP/err.$inf"
        echo "exit $?" >>"$TMP/err.$inf"
        if [ -z "$first" ]; then first=$inf; continue; fi
        if cmp -s "$TMP/out.$first" "$TMP/out.$inf" && cmp -s "$TMP/err.$first" "$TMP/err.$inf"; then
            ok "inflate:$bad:same"
        else
            diff "$TMP/err.$first" "$TMP/err.$inf" >"$TMP/why"
            diff "$TMP/out.$first" "$TMP/out.$inf" | head -n 5 >>"$TMP/why"
            fail "inflate:$bad:same" "$TMP/why"
        fi
    done
    if grep -q '^exit 1$' "$TMP/err.$first" && grep -q "$bad.gz" "$TMP/err.$first"; then
        ok "inflate:$bad:partial"
    else
        fail "inflate:$bad:partial" "$TMP/err.$first"
    fi
done

# The bad-input matrix with zlib (the default run of it uses the default inflater).
if [ "$INFS" != zlib ]; then
    printf '#!/bin/sh\nexec "%s" --inflate zlib "$@"\n' "$TS" >"$TMP/ts-zlib"
    chmod 755 "$TMP" "$TMP/ts-zlib" # its permission test runs as nobody
    if TUNNELSTAT="$TMP/ts-zlib" sh tests/cli/badinput.sh >"$TMP/bad.out" 2>&1; then
        ok "inflate:badinput-with-zlib"
    else
        grep -v '^ok ' "$TMP/bad.out" >"$TMP/why"
        fail "inflate:badinput-with-zlib" "$TMP/why"
    fi
fi
finish
