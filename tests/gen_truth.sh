#!/bin/sh
# gen_truth.sh — tunnelstat against the generator's ground truth.
#
# Builds a ~4 MB corpus with bench/gen/ (4 logrotate files, some CRLF, a
# Dec->Jan rollover, a quarter pluto lines) and checks that the peers report
# equals the generator's truth byte for byte: plain, zstd and gzip copies, a
# mixed archive, -j 1 / -j 2, --no-prefilter, stdin with --ref-date. Also
# checks that the generator is deterministic (and unchanged by --scanners and
# --scan-frac given at their defaults), that a small --scan-sweep corpus has
# exactly --peers + --scanners distinct peers and tunnelstat matches its
# truth, and that the admin scripts of the benchmark (bench/peers.awk under
# mawk and gawk, bench/peers.pl) agree.
#
#   TUNNELSTAT=build/tunnelstat GEN=build/gen sh tests/gen_truth.sh
#
# Prints `ok NAME` / `FAIL NAME` per check, `skip NAME` when a tool is
# missing, then `N passed, M failed`; exits 1 if anything failed.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
TUNNELSTAT=${TUNNELSTAT:-$here/tunnelstat}
GEN=${GEN:-$here/build/gen}
SEED=${SEED:-20240101}

# shellcheck source=tests/cli/lib.sh
. "$here/tests/cli/lib.sh"
have() { command -v "$1" >/dev/null 2>&1; }

for b in "$TUNNELSTAT" "$GEN"; do
    if [ ! -x "$b" ]; then echo "gen_truth.sh: $b is not built" >&2; echo "0 passed, 1 failed"; exit 1; fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ts-gentruth.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

GENOPTS="--seed $SEED --size 4M --ike-frac 0.25 --files 4 --crlf-frac 0.5 --rollover --hosts 4 --peers 120"

# same: NAME FILE — FILE must equal the truth byte for byte.
same() {
    if cmp -s "$2" "$tmp/truth.csv"; then ok "$1"; else
        fail "$1"
        diff "$tmp/truth.csv" "$2" 2>&1 | head -n 10 | sed 's/^/#   /'
    fi
}

# run: NAME ARGS... — runs tunnelstat with -o and compares with the truth.
run() {
    name=$1; shift
    rm -f "$tmp/out.csv"
    "$TUNNELSTAT" -o "$tmp/out.csv" "$@" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then fail "$name (exit $rc)"; sed 's/^/#   /' "$tmp/err" | head -n 5; return; fi
    same "$name" "$tmp/out.csv"
}

# ---- the generator --------------------------------------------------------
if "$GEN" $GENOPTS -o "$tmp/c" --truth "$tmp/truth.csv" 2>"$tmp/gen.err"; then ok "gen builds a corpus"; else
    fail "gen builds a corpus"; sed 's/^/#   /' "$tmp/gen.err"; finish; exit 1
fi
"$GEN" $GENOPTS -o "$tmp/c2" --truth "$tmp/truth2.csv" 2>/dev/null
det=1
for f in "$tmp"/c/*; do cmp -s "$f" "$tmp/c2/$(basename "$f")" || det=0; done
cmp -s "$tmp/truth.csv" "$tmp/truth2.csv" || det=0
[ "$(ls "$tmp/c" | wc -l)" -eq "$(ls "$tmp/c2" | wc -l)" ] || det=0
if [ $det -eq 1 ]; then ok "gen is deterministic (same seed, same bytes)"; else fail "gen is deterministic (same seed, same bytes)"; fi
rm -rf "$tmp/c2" "$tmp/truth2.csv"
"$GEN" $GENOPTS --seed $((SEED + 1)) -o "$tmp/c3" --truth "$tmp/truth3.csv" 2>/dev/null
if cmp -s "$tmp/truth.csv" "$tmp/truth3.csv" || cmp -s "$tmp/c/$(ls "$tmp/c" | head -n 1)" "$tmp/c3/$(ls "$tmp/c3" | head -n 1)"; then
    fail "gen: another seed gives another corpus"; else ok "gen: another seed gives another corpus"; fi
rm -rf "$tmp/c3" "$tmp/truth3.csv"
# --scanners and --scan-frac at their defaults (max(400, 6 x 120), 0.12) change nothing
"$GEN" $GENOPTS --scanners 720 --scan-frac 0.12 -o "$tmp/c4" --truth "$tmp/truth4.csv" 2>/dev/null
det=1
for f in "$tmp"/c/*; do cmp -s "$f" "$tmp/c4/$(basename "$f")" || det=0; done
cmp -s "$tmp/truth.csv" "$tmp/truth4.csv" || det=0
if [ $det -eq 1 ]; then ok "gen: default --scanners/--scan-frac given explicitly, same bytes"; else
    fail "gen: default --scanners/--scan-frac given explicitly, same bytes"; fi
rm -rf "$tmp/c4" "$tmp/truth4.csv"

cr=$(printf '\r')
ncrlf=0 nlf=0
for f in "$tmp"/c/*; do
    if head -n 1 "$f" | grep -q "$cr"; then ncrlf=$((ncrlf + 1)); else nlf=$((nlf + 1)); fi
done
if [ $ncrlf -gt 0 ] && [ $nlf -gt 0 ]; then ok "corpus mixes CRLF ($ncrlf) and LF ($nlf) files"; else fail "corpus mixes CRLF ($ncrlf) and LF ($nlf) files"; fi
first=$(ls "$tmp/c" | head -n 1) last=$(ls "$tmp/c" | tail -n 1)
y1=$(echo "$first" | sed 's/.*\([0-9]\{4\}\)[0-9]\{4\}$/\1/')
y2=$(echo "$last" | sed 's/.*\([0-9]\{4\}\)[0-9]\{4\}$/\1/')
if [ "$y1" != "$y2" ]; then ok "corpus spans New Year ($first .. $last)"; else fail "corpus spans New Year ($first .. $last)"; fi
if [ "$(wc -l < "$tmp/truth.csv")" -gt 200 ]; then ok "truth has rows ($(($(wc -l < "$tmp/truth.csv") - 1)))"; else fail "truth has rows"; fi

# ---- tunnelstat on the corpus ---------------------------------------------
run "plain directory" "$tmp/c"
run "plain files" "$tmp"/c/*
run "-j 1" -j 1 "$tmp/c"
run "-j 2" -j 2 "$tmp/c"
run "-j 7" -j 7 "$tmp/c"
run "--no-prefilter" --no-prefilter "$tmp/c"
run "--no-prefilter -j 1" --no-prefilter -j 1 "$tmp/c"
run "--report peers" --report peers "$tmp/c"

"$TUNNELSTAT" "$tmp/c" >"$tmp/stdout.csv" 2>/dev/null
same "report on stdout" "$tmp/stdout.csv"

ref=$(echo "$last" | sed 's/.*\([0-9]\{4\}\)\([0-9][0-9]\)\([0-9][0-9]\)$/\1-\2-\3/')
cat "$tmp"/c/* | "$TUNNELSTAT" --ref-date "$ref" -o "$tmp/out.csv" - 2>/dev/null
same "stdin with --ref-date $ref" "$tmp/out.csv"

if have zstd; then
    mkdir "$tmp/z"
    for f in "$tmp"/c/*; do zstd -q -3 "$f" -o "$tmp/z/$(basename "$f").zst"; done
    run "zstd copies" "$tmp/z"
    run "zstd copies -j 1" -j 1 "$tmp/z"
    run "zstd copies -j 2 --no-prefilter" -j 2 --no-prefilter "$tmp/z"
else
    skip "zstd copies" "zstd not installed"
fi
if have gzip; then
    mkdir "$tmp/g"
    for f in "$tmp"/c/*; do gzip -c "$f" >"$tmp/g/$(basename "$f").gz"; done
    run "gzip copies" "$tmp/g"
    run "gzip copies -j 1" -j 1 "$tmp/g"
else
    skip "gzip copies" "gzip not installed"
fi
if have zstd && have gzip; then
    # logrotate with delaycompress: the newest file plain, older ones compressed
    mkdir "$tmp/m"
    i=0
    for f in "$tmp"/c/*; do
        b=$(basename "$f")
        case $((i % 3)) in
        0) cp "$tmp/g/$b.gz" "$tmp/m/";;
        1) cp "$tmp/z/$b.zst" "$tmp/m/";;
        *) cp "$f" "$tmp/m/";;
        esac
        i=$((i + 1))
    done
    run "mixed plain/zstd/gzip archive" -j 2 "$tmp/m"
fi

# ---- a swept corpus: exactly --peers + --scanners distinct peers ------------
# (the benchmark's peers corpora, small: ~1 900 probes for 300 scanners)
"$GEN" --seed $SEED --size 4M --ike-frac 0.25 --files 2 --hosts 4 --peers 5 --scanners 300 --scan-frac 0.6 \
    --scan-sweep -o "$tmp/s" --truth "$tmp/s-truth.csv" 2>/dev/null
np=$(tail -n +2 "$tmp/s-truth.csv" | cut -d, -f3 | grep -vx -e - | sort -u | wc -l)
if [ "$np" -eq 305 ]; then ok "gen --scan-sweep: 5 + 300 distinct peers in the truth"; else
    fail "gen --scan-sweep: 5 + 300 distinct peers in the truth (got $np)"; fi
"$TUNNELSTAT" -j 2 -o "$tmp/out.csv" "$tmp/s" 2>"$tmp/err"
if cmp -s "$tmp/out.csv" "$tmp/s-truth.csv"; then ok "swept corpus"; else
    fail "swept corpus"; diff "$tmp/s-truth.csv" "$tmp/out.csv" 2>&1 | head -n 10 | sed 's/^/#   /'; fi

# ---- the benchmark's admin scripts compute the same report ----------------
for awk in mawk gawk; do
    if have $awk; then
        LC_ALL=C $awk -f "$here/bench/peers.awk" "$tmp"/c/* >"$tmp/awk.csv" 2>"$tmp/err"
        same "bench/peers.awk under $awk" "$tmp/awk.csv"
    else
        skip "bench/peers.awk under $awk" "$awk not installed"
    fi
done
if have perl; then
    perl "$here/bench/peers.pl" "$tmp"/c/* >"$tmp/pl.csv" 2>"$tmp/err"
    same "bench/peers.pl" "$tmp/pl.csv"
else
    skip "bench/peers.pl" "perl not installed"
fi

finish
