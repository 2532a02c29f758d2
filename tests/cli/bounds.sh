#!/bin/sh
# tests/cli/bounds.sh — work and memory that must not grow with what a log
# line claims or with --top (issue 10, item 7):
#   * the HTML heat map places each row with a search among the top peers,
#     not a scan of all of them (that was quadratic in --top);
#   * `--report events` spools its rows to a temporary file: the rows held in
#     memory stay bounded whatever the number of events;
#   * `message repeated N times` is one events row with count N.
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/bounds.sh   (from the repository root)
# The time limits below are hang guards, far above the expected run times (a
# second or two, more under ASan); the quadratic heat map took minutes.
LC_ALL=C
export LC_ALL
TS=${TUNNELSTAT:?set TUNNELSTAT}
. tests/cli/lib.sh
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tunnelstat-bounds.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' HUP INT TERM

# 200 000 distinct peers, each with one dpd_dead on Mar 1 or Mar 2.
awk 'BEGIN { for (i = 0; i < 200000; i++)
    printf "Mar %2d 10:00:00 gw pluto[7]: \"c\"[1] 10.%d.%d.%d #1: DPD: No response from peer - declaring peer dead\n",
        1 + i % 2, int(i / 65536), int(i / 256) % 256, i % 256 }' >"$TMP/many.log"
timeout 120 "$TS" --ref-date 2024-06-30 --format html --top 200000 "$TMP/many.log" >"$TMP/many.html" 2>"$TMP/err"
st=$?
# Every peer has a cell with 1 in the heat map: 200 000 of them.
cells=$(grep -o ': 1">1</td>' "$TMP/many.html" | wc -l)
if [ "$st" = 0 ] && [ "$cells" -eq 200000 ]; then ok heatmap:top-200000; else
    echo "status $st, $cells cells of 1" >"$TMP/why"
    fail heatmap:top-200000 "$TMP/why" "$TMP/err"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
