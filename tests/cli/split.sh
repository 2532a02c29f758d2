#!/bin/sh
# tests/cli/split.sh — threads split plain files into newline-aligned ranges
# only when they are large; --min-part 1 forces every case of the corpus to
# be split into as many ranges as allowed, so that line numbers, attribution
# across ranges and the merge of per-thread aggregates are checked against
# the hand-written expected reports.
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/split.sh   (from the repository root)
# shellcheck disable=SC2086
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
# shellcheck source=tests/cli/lib.sh
. tests/cli/lib.sh
for f in corpus/seed.log corpus/cases/*.log corpus/cases/*.d; do
    n=$(basename "$f" .log)
    args=$(cat "corpus/cases/$n.args" 2>/dev/null)
    for r in peers events; do
        want="corpus/expected/$n.$r.csv"
        [ -f "$want" ] || continue
        for j in 2 3 5; do
            if "$TS" $args -r $r -j $j --min-part 1 "$f" 2>/dev/null | cmp -s - "$want"; then
                ok "split:$n:$r:j$j"
            else
                fail "split:$n:$r:j$j"
                "$TS" $args -r $r -j $j --min-part 1 "$f" 2>&1 | diff "$want" - | head -6 | sed 's/^/    /'
            fi
        done
    done
done
finish
