#!/bin/sh
# tests/cli/real.sh — tunnelstat against the labels of corpus/real/ (lines
# published by people running pluto, labelled by reading, never from the
# program's output; corpus/real/README.md).
#
#   TUNNELSTAT=/abs/path/to/tunnelstat sh tests/cli/real.sh   (from the repository root)
#
# Every corpus/real/*.log is read on its own (one capture, one run of
# serials) with `--report events`; each labelled line is compared with the
# event row of the same line. Prints the recall/precision table per class,
# then checks:
#   * recall: every line labelled with a counted class (a column of the peers
#     report) is found with that class and the labelled peer: at least 97%;
#   * precision: no line is counted in a class its label does not have (a
#     line labelled `-`, `other` or another class);
#   * `other`: at most 10% of the labelled IKE lines come out as `other`.
# Exit status 0 only when all hold.
LC_ALL=C
export LC_ALL
. tests/cli/lib.sh
TS=${TUNNELSTAT:?set TUNNELSTAT}
REAL=corpus/real
[ -f "$REAL/labels.tsv" ] || { echo "real.sh: $REAL/labels.tsv not found (run from the repository root)" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ts-real.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# One events report per capture, tagged with the capture's name.
: >"$TMP/events"
for f in "$REAL"/*.log; do
    n=$(basename "$f")
    if ! "$TS" --report events --csv-raw "$f" >"$TMP/one" 2>"$TMP/err"; then
        fail "real:run:$n" "$TMP/err"
        continue
    fi
    sed -e 's/\r$//' -e "1d" -e "s|^|$n	|" "$TMP/one" >>"$TMP/events"
done

# The CSV cells are split with quotes honoured (a conn or detail may hold a
# comma); file, line, peer and class are columns 1, 2, 9 and 13.
awk -F'\t' -v out="$TMP/fails" '
function csv(s, f,    n, i, c, q, cell) {
    n = 0; cell = ""; q = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q) {
            if (c == "\"" && substr(s, i + 1, 1) == "\"") { cell = cell c; i++ }
            else if (c == "\"") q = 0
            else cell = cell c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = cell; cell = "" }
        else cell = cell c
    }
    f[++n] = cell
    return n
}
BEGIN {
    split("dpd_dead unknown_sa psk_policy_miss delete_sa_not_found disconnect retransmit_timeout auth_fail " \
          "id_mismatch no_proposal phase2_no_conn xauth_fail network_error phase1_up phase2_up weak_ike weak_esp",
          cc, " ")
    for (i in cc) counted[cc[i]] = 1
}
FNR == NR {                      # labels.tsv
    if (FNR == 1) next
    k = $1 SUBSEP $2
    lcls[k] = $3; lpeer[k] = $4; order[++nl] = k
    next
}
{                                # events: NAME <TAB> csv row
    csv($2, f)
    k = $1 SUBSEP f[2]
    ocls[k] = f[13]; opeer[k] = f[9]
}
END {
    for (i = 1; i <= nl; i++) {
        k = order[i]; L = lcls[k]; O = (k in ocls) ? ocls[k] : "-"
        split(k, fl, SUBSEP)
        if (L != "-") { ike++; if (O == "other") oth++ }
        nlab[L]++; nout[O]++
        if (O == L) { tp[L]++; if (opeer[k] == lpeer[k] || L == "-") tpp[L]++ }
        if (L in counted) {
            want++
            if (O == L && opeer[k] == lpeer[k]) got++
            else printf "miss %s:%s label %s %s, got %s %s\n", fl[1], fl[2], L, lpeer[k], O, (k in opeer ? opeer[k] : "-") > out
        }
        if ((O in counted) && O != L) {
            fp++
            printf "false positive %s:%s label %s, got %s\n", fl[1], fl[2], L, O > out
        }
        cls[L] = 1; cls[O] = 1
    }
    printf "%-20s %7s %7s %7s %9s %9s %12s\n", "class", "labels", "found", "right", "precision", "recall", "peer-recall"
    n = 0; for (c in cls) names[++n] = c
    for (i = 2; i <= n; i++) for (j = i; j > 1 && names[j - 1] > names[j]; j--) { t = names[j]; names[j] = names[j - 1]; names[j - 1] = t }
    for (i = 1; i <= n; i++) {
        c = names[i]
        printf "%-20s %7d %7d %7d %9s %9s %12s%s\n", c, nlab[c], nout[c], tp[c],
               nout[c] ? sprintf("%.3f", tp[c] / nout[c]) : "-", nlab[c] ? sprintf("%.3f", tp[c] / nlab[c]) : "-",
               nlab[c] ? sprintf("%.3f", tpp[c] / nlab[c]) : "-", (c in counted) ? "  *" : ""
    }
    printf "counted (*) lines: %d labelled, %d found with class and peer: recall %.4f; false positives: %d\n",
           want, got, want ? got / want : 1, fp
    printf "IKE lines (labelled): %d; come out as other: %d (%.1f%%)\n", ike, oth, ike ? 100 * oth / ike : 0
    printf "%s %d %d %d %d %d\n", "RESULT", want, got, fp, ike, oth > (out ".sum")
}' "$REAL/labels.tsv" "$TMP/events"

# what was missed, so a run that passes still shows it
[ -s "$TMP/fails" ] && sed 's/^/  /' "$TMP/fails"
read -r _ want got fp ike oth <"$TMP/fails.sum"
if [ $((got * 100)) -ge $((want * 97)) ]; then ok "real:recall ($got of $want)"; else fail "real:recall ($got of $want)"; fi
if [ "$fp" -eq 0 ]; then ok "real:no false positive"; else fail "real:false positives ($fp)"; fi
if [ $((oth * 10)) -le "$ike" ]; then ok "real:other ($oth of $ike)"; else fail "real:other ($oth of $ike)"; fi
finish
