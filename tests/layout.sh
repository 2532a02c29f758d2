#!/bin/sh
# tests/layout.sh — the house rules of README "Design", checked on the code:
#   1. an #include runs down the stages, never up or sideways:
#        cli → store → report | explain → agg → scan → lexer → input → base
#      (a file may include its own folder and any folder below its own);
#   2. no circle of includes between files, inside a folder or across;
#   3. no C or re2c source under src/ or lexer/ longer than 600 lines.
# Usage: sh tests/layout.sh [ROOT]   (ROOT: the checkout, default: here)
set -u
root=${1:-.}
cd "$root" || exit 2

rank() {
    case $1 in
    base) echo 0 ;; input) echo 1 ;; lexer) echo 2 ;; scan) echo 3 ;; agg) echo 4 ;;
    report | explain) echo 5 ;; store) echo 6 ;; cli) echo 7 ;; *) echo -1 ;;
    esac
}

# The folder a file lives in: src/STAGE/x.c -> STAGE, lexer/x -> lexer.
stage_of() {
    case $1 in
    src/*/*) s=${1#src/}; echo "${s%%/*}" ;;
    lexer/*) echo lexer ;;
    *) echo "?" ;;
    esac
}

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

files=$(find src lexer -type f \( -name '*.c' -o -name '*.h' -o -name '*.re' \) | LC_ALL=C sort)
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT

for f in $files; do
    from=$(stage_of "$f")
    rf=$(rank "$from")
    if [ "$rf" -lt 0 ]; then
        bad "$f: not in a stage folder (src/base, src/input, ...)"
        continue
    fi
    # Quoted includes only; system headers are <...>.
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r l; do
        n=${l%%:*}
        inc=$(printf '%s\n' "$l" | sed 's/^[^"]*"\([^"]*\)".*/\1/')
        case $inc in
        lexer/*) target=$inc ;;
        */*) target=src/$inc ;;
        *) echo "FAIL $f:$n: include \"$inc\" names no stage folder"; continue ;;
        esac
        if [ ! -f "$target" ]; then
            echo "FAIL $f:$n: include \"$inc\": no such file"
            continue
        fi
        to=$(stage_of "$target")
        rt=$(rank "$to")
        if [ "$to" != "$from" ] && [ "$rt" -ge "$rf" ]; then
            echo "FAIL $f:$n: $from may not include $to (\"$inc\"): includes run down the stages"
        fi
        echo "${f%.*} ${target%.*}" >> "$edges"
    done
done > "$edges.out"
while IFS= read -r l; do bad "${l#FAIL }"; done < "$edges.out"
rm -f "$edges.out"
[ "$fail" -eq 0 ] && ok

# A module is its .c and .h together: x.c including x.h is no edge.
loops=$(awk '$1 != $2' "$edges" | tsort 2>&1 >/dev/null | grep -v '^tsort: -: input contains a loop:$')
if [ -n "$loops" ]; then
    bad "include circle between modules:"
    printf '%s\n' "$loops" | sed 's/^tsort: /    /'
else
    ok
fi

long=0
for f in $files; do
    case $f in *.h) continue ;; esac
    n=$(wc -l < "$f")
    if [ "$n" -gt 600 ]; then
        bad "$f: $n lines (at most 600)"
        long=1
    fi
done
[ "$long" -eq 0 ] && ok

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
