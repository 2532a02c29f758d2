#!/bin/sh
# tests/cli/archives.sh — compressed inputs at their edges (POSIX sh).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/archives.sh   (from the repository root)
#
# zstd frames whose decoded size is an exact multiple of the 256 KiB stream
# block, zstd of many windows, levels and frames (the ring of zring.c), through the direct read (-j 1), the decode thread (-j 2, one input)
# and explain; `split -b 1M` pieces compressed one by one; gzip with zero
# padding after the last member; xz and bzip2 (one and several streams, cut,
# corrupt); the magic of formats not read (exit 1, never read as text). The
# reference for every compressed copy is the same bytes read plain.

LC_ALL=C
export LC_ALL
. tests/cli/lib.sh

TS=${TUNNELSTAT:?set TUNNELSTAT to the tunnelstat binary}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-arch.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM
REF="--ref-date 2024-04-30"

# exact N OUT: N bytes of log lines (the seed corpus over and over), the last
# line cut so that the file ends in '\n' at exactly N bytes.
exact() {
    : >"$TMP/rep"
    while [ "$(wc -c <"$TMP/rep")" -lt "$1" ]; do cat corpus/seed.log corpus/cases/h1-openswan.log >>"$TMP/rep"; done
    head -c $(($1 - 1)) "$TMP/rep" >"$2"
    printf '\n' >>"$2"
}

# explained NAME PLAIN COPY: explain prints the same for both (file names mapped).
explained() {
    "$TS" explain "$2" 2>&1 | sed "s|^$2:|F:|" >"$TMP/e1"
    "$TS" explain "$3" >"$TMP/e2" 2>"$TMP/err"
    _got=$?
    sed -i "s|^$3:|F:|" "$TMP/e2"
    if [ "$_got" -eq 0 ] && [ -s "$TMP/e1" ] && cmp -s "$TMP/e1" "$TMP/e2"; then
        ok "$1"
    else
        echo "exit $_got: tunnelstat explain $3" >"$TMP/note"
        diff "$TMP/e1" "$TMP/e2" | head -n 10 >>"$TMP/note"
        fail "$1" "$TMP/note" "$TMP/err"
    fi
}

# ---- zstd: decoded sizes on the 256 KiB block (and half of one)
for kib in 128 256 1024 4096; do
    f=$TMP/x$kib.log
    exact $((kib * 1024)) "$f"
    zstd -q -c <"$f" >"$f.zst"
    "$TS" $REF "$f" >"$TMP/plain.peers"
    if [ "$(wc -l <"$TMP/plain.peers")" -gt 1 ]; then ok "zstd:${kib}KiB:reference-has-rows"; else fail "zstd:${kib}KiB:reference-has-rows"; fi
    run $REF -j 1 "$f.zst"
    expect_out "zstd:${kib}KiB:direct" 0 "$TMP/plain.peers"
    run $REF -j 2 "$f.zst"
    expect_out "zstd:${kib}KiB:decode-thread" 0 "$TMP/plain.peers"
    explained "zstd:${kib}KiB:explain" "$f" "$f.zst"
done

# split -b 1M: every piece but the last decodes to exactly 1 MiB.
exact $((3 * 1024 * 1024 + 1000)) "$TMP/whole.log"
mkdir "$TMP/pieces" "$TMP/zpieces"
split -b 1M "$TMP/whole.log" "$TMP/pieces/p."
for p in "$TMP/pieces"/p.*; do zstd -q -c <"$p" >"$TMP/zpieces/${p##*/}.zst"; done
"$TS" $REF "$TMP/pieces" >"$TMP/plain.peers"
run $REF -j 1 "$TMP/zpieces"
expect_out "zstd:split-1M-pieces:direct" 0 "$TMP/plain.peers"
run $REF -j 4 "$TMP/zpieces"
expect_out "zstd:split-1M-pieces:threads" 0 "$TMP/plain.peers"
explained "zstd:split-1M-piece:explain" "$TMP/pieces/p.aa" "$TMP/zpieces/p.aa.zst"

# ---- zstd decoded into the ring read in place: windows from 1 KiB to
# 128 MiB, levels 1 to 19, multi-threaded, long matching; each against
# zstd -dc and against the plain file's reports, read directly, through the
# decode thread and from standard input.
exact $((6 * 1024 * 1024 + 333)) "$TMP/ring.log"
head -c 2000000 "$TMP/ring.log" >"$TMP/ring19.log"
# the events report names the file in its first column: F for every copy
unname() { sed -i 's|^[^,]*/[^,/]*,|F,|' "$1"; }
for r in peers events; do
    "$TS" $REF -r $r "$TMP/ring.log" >"$TMP/ring.$r"
    "$TS" $REF -r $r "$TMP/ring19.log" >"$TMP/ring19.$r"
done
unname "$TMP/ring.events"
unname "$TMP/ring19.events"
n=0
for spec in "-1" "-9 -T0" "-3 --long=27" "-1 --zstd=wlog=10" "-6 -T0 --zstd=wlog=17" "19:-19 --zstd=wlog=12" "19:-19"; do
    n=$((n + 1))
    src=ring
    case $spec in 19:*) src=ring19 spec=${spec#19:} ;; esac
    # from stdin: the frame keeps the window asked for, whatever its size
    zstd -q $spec -c <"$TMP/$src.log" >"$TMP/r$n.zst"
    if zstd -dc "$TMP/r$n.zst" | cmp -s - "$TMP/$src.log"; then ok "zstd-ring:$n:zstd-dc"; else fail "zstd-ring:$n:zstd-dc"; fi
    for r in peers events; do
        run $REF -r $r -j 1 "$TMP/r$n.zst"
        unname "$TMP/out"
        expect_out "zstd-ring:$n($spec):$r:direct" 0 "$TMP/$src.$r"
        run $REF -r $r -j 2 "$TMP/r$n.zst"
        unname "$TMP/out"
        expect_out "zstd-ring:$n($spec):$r:decode-thread" 0 "$TMP/$src.$r"
    done
    run $REF -j 2 - <"$TMP/r$n.zst"
    expect_out "zstd-ring:$n($spec):stdin" 0 "$TMP/$src.peers"
done
# several frames of different windows, skippable frames between them, a
# line that runs on from one frame into the next
head -c 1500000 "$TMP/ring.log" | zstd -q -1 -c >"$TMP/multi.zst"
printf '\120\052\115\030\004\000\000\000skip' >>"$TMP/multi.zst"
tail -c +1500001 "$TMP/ring.log" | head -c 3000000 | zstd -q -19 --zstd=wlog=11 -c >>"$TMP/multi.zst"
tail -c +4500001 "$TMP/ring.log" | zstd -q --long=24 -c >>"$TMP/multi.zst"
printf '\137\052\115\030\000\000\000\000' >>"$TMP/multi.zst"
if zstd -dc "$TMP/multi.zst" | cmp -s - "$TMP/ring.log"; then ok "zstd-ring:multi:zstd-dc"; else fail "zstd-ring:multi:zstd-dc"; fi
for j in 1 2; do
    run $REF -r events -j $j "$TMP/multi.zst"
    unname "$TMP/out"
    expect_out "zstd-ring:multi-frame-skippable:-j$j" 0 "$TMP/ring.events"
done
run $REF -r events - <"$TMP/multi.zst"
sed -i 's|^-,|F,|' "$TMP/out"
expect_out "zstd-ring:multi-frame-skippable:stdin" 0 "$TMP/ring.events"
# the window limit: a 1 MiB window needs --zstd-window-log-max 20
zstd -q -1 --zstd=wlog=20 -c <"$TMP/ring.log" >"$TMP/w20.zst"
run $REF --zstd-window-log-max 19 "$TMP/w20.zst"
expect_err "zstd-ring:window-limit:named" 1 'w20\.zst: zstd frame needs a window larger than 2^19 bytes'
run $REF --zstd-window-log-max 20 -j 2 "$TMP/w20.zst"
expect_out "zstd-ring:window-limit:allowed" 0 "$TMP/ring.peers"
# cut and corrupt: the lines before, then the file named, exit 1
size=$(wc -c <"$TMP/r4.zst")
for cut in 5 100 $((size / 3)) $((size - 4)) $((size - 1)); do
    head -c $cut "$TMP/r4.zst" >"$TMP/cut.zst"
    run $REF "$TMP/cut.zst"
    expect_err "zstd-ring:cut-at-$cut" 1 'cut\.zst: truncated zstd stream'
done
{ head -c $((size / 2)) "$TMP/r4.zst"; printf 'XXXXXXXXXXXXXXXX'; tail -c +$((size / 2 + 17)) "$TMP/r4.zst"; } >"$TMP/bad.zst"
run $REF "$TMP/bad.zst"
expect_err "zstd-ring:corrupt" 1 'bad\.zst: corrupt zstd data'

# ---- gzip: zero padding after the last member is accepted, as gzip -d does
f=$TMP/x1024.log
gzip -n -c <"$f" >"$TMP/pad.gz"
head -c 4096 /dev/zero >>"$TMP/pad.gz"
"$TS" $REF "$f" >"$TMP/plain.peers"
run $REF -j 1 "$TMP/pad.gz"
expect_out "gzip:zero-padding" 0 "$TMP/plain.peers"
run $REF -j 2 "$TMP/pad.gz"
expect_out "gzip:zero-padding:decode-thread" 0 "$TMP/plain.peers"
{ gzip -n -c <"$f"; gzip -n -c <"$f"; head -c 100 /dev/zero; } >"$TMP/pad2.gz"
cat "$f" "$f" >"$TMP/twice.log"
"$TS" $REF "$TMP/twice.log" >"$TMP/twice.peers"
run $REF "$TMP/pad2.gz"
expect_out "gzip:two-members-then-padding" 0 "$TMP/twice.peers"
# garbage after the padding is not padding: everything is counted, exit 1
{ cat "$TMP/pad.gz"; printf 'x'; } >"$TMP/padjunk.gz"
run $REF "$TMP/padjunk.gz"
expect_out "gzip:junk-after-padding:counted" 1 "$TMP/plain.peers"
run $REF "$TMP/padjunk.gz"
expect_err "gzip:junk-after-padding:named" 1 'padjunk\.gz: corrupt gzip data'

# ---- xz and bzip2
for kind in xz bzip2; do
    case $kind in xz) e=xz ;; bzip2) e=bz2 ;; esac
    $kind -c <"$f" >"$TMP/one.$e"
    run $REF "$TMP/one.$e"
    expect_out "$kind:equals-plain" 0 "$TMP/plain.peers"
    run $REF -j 2 "$TMP/one.$e"
    expect_out "$kind:equals-plain:decode-thread" 0 "$TMP/plain.peers"
    explained "$kind:explain" "$f" "$TMP/one.$e"
    # several streams, as `cat a.xz b.xz` or a parallel compressor makes
    head -n 100 "$f" | $kind -c >"$TMP/multi.$e"
    tail -n +101 "$f" | $kind -c >>"$TMP/multi.$e"
    run $REF "$TMP/multi.$e"
    expect_out "$kind:two-streams" 0 "$TMP/plain.peers"
    run $REF - <"$TMP/multi.$e"
    expect_out "$kind:stdin" 0 "$TMP/plain.peers"
    size=$(wc -c <"$TMP/one.$e")
    head -c $((size - 20)) "$TMP/one.$e" >"$TMP/cut.$e"
    run $REF "$TMP/cut.$e"
    expect_err "$kind:truncated" 1 "cut\.$e: truncated $kind stream"
    # a corrupt middle: header intact, data flipped
    { head -c 60 "$TMP/one.$e"; head -c 2000 /dev/zero | tr '\0' '\125'; tail -c +2061 "$TMP/one.$e"; } >"$TMP/bad.$e"
    run $REF "$TMP/bad.$e"
    expect_err "$kind:corrupt" 1 "bad\.$e: corrupt $kind data"
done

# ---- formats not read: named, exit 1, never read as text
printf '\004\042\115\030' >"$TMP/magic.lz4"
printf '7z\274\257\047\034' >"$TMP/magic.7z"
printf 'PK\003\004' >"$TMP/magic.zip"
printf 'LZIP' >"$TMP/magic.lz"
printf '\135\000\000' >"$TMP/magic.lzma"
for m in lz4:lz4 7z:7-Zip zip:zip lz:lzip "lzma:lzma (alone)"; do
    ext=${m%%:*}
    name=${m#*:}
    # the log lines after the magic must not be counted
    cat "$f" >>"$TMP/magic.$ext"
    : >"$TMP/empty.log"
    "$TS" $REF "$TMP/empty.log" >"$TMP/empty.peers"
    # beside a readable (empty) input, so that a report is written at all
    run $REF "$TMP/empty.log" "$TMP/magic.$ext"
    expect_out "unread:$ext:not-counted" 1 "$TMP/empty.peers"
    run $REF "$TMP/magic.$ext"
    expect_err "unread:$ext:named" 1 "magic\.$ext: $name compressed data"
done
if command -v lz4 >/dev/null 2>&1; then
    lz4 -q -c <"$f" >"$TMP/real.lz4"
    run $REF "$TMP/real.lz4"
    expect_err "unread:lz4-tool-output" 1 "real\.lz4: lz4 compressed data"
fi

finish
