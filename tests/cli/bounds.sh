#!/bin/sh
# tests/cli/bounds.sh — work and memory that must not grow with what a log
# line claims or with --top (issue 10, item 7):
#   * the HTML heat map places each row with a search among the top peers,
#     not a scan of all of them (that was quadratic in --top);
#   * `--report events` spools its rows to a temporary file: the rows held in
#     memory stay bounded whatever the number of events (-f table too);
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

# 200 000 distinct peers, each with one dpd_dead on Mar 1 or Mar 2 and an
# established tunnel (phase2_up: a known peer, which the heat map shows).
awk 'BEGIN { for (i = 0; i < 200000; i++) {
    p = sprintf("10.%d.%d.%d", int(i / 65536), int(i / 256) % 256, i % 256)
    printf "Mar %2d 09:00:00 gw pluto[7]: \"c\"[1] %s #2: STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode\n", 1 + i % 2, p
    printf "Mar %2d 10:00:00 gw pluto[7]: \"c\"[1] %s #1: DPD: No response from peer - declaring peer dead\n", 1 + i % 2, p } }' >"$TMP/many.log"
timeout 120 "$TS" --ref-date 2024-06-30 --format html --top 200000 "$TMP/many.log" >"$TMP/many.html" 2>"$TMP/err"
st=$?
# Every peer has a cell with 1 in the heat map: 200 000 of them.
cells=$(grep -o ': 1">1</td>' "$TMP/many.html" | wc -l)
if [ "$st" = 0 ] && [ "$cells" -eq 200000 ]; then ok heatmap:top-200000; else
    echo "status $st, $cells cells of 1" >"$TMP/why"
    fail heatmap:top-200000 "$TMP/why" "$TMP/err"
fi

# 400 000 events (about 120 MiB when they were all held in memory), through
# the spool file; the expected rows come from the same formula as the log
# (SPEC.md §6: one row per line, the peer and serial as written).
awk 'BEGIN { for (i = 0; i < 400000; i++)
    printf "Mar %2d 10:%02d:00 gw%d pluto[7]: \"conn%d\"[1] 10.0.%d.%d #%d: DPD: No response from peer - declaring peer dead\n",
        1 + i % 28, i % 60, i % 4, i % 50, int(i / 256) % 2, i % 256, i % 1000 }' >"$TMP/ev.log"
awk -v f="$TMP/ev.log" 'BEGIN { print "file,line,day,time,host,pid,conn,instance,peer,port,serial,tag,class,detail,peer_source,count\r"
    for (i = 0; i < 400000; i++)
    printf "%s,%d,2024-03-%02d,10:%02d:00,gw%d,7,conn%d,1,10.0.%d.%d,,%d,,dpd_dead,,line,1\r\n",
        f, i + 1, 1 + i % 28, i % 60, i % 4, i % 50, int(i / 256) % 2, i % 256, i % 1000 }' >"$TMP/ev.want"
for j in 1 3; do
    if "$TS" -j $j --min-part 4000000 --ref-date 2024-06-30 -r events "$TMP/ev.log" 2>"$TMP/err" | cmp -s - "$TMP/ev.want"; then
        ok events:spool:j$j
    else
        fail events:spool:j$j "$TMP/err"
    fi
done
# Address space capped at 96 MiB: the spooled rows fit (about 50 MiB are
# needed), holding them all did not (more than 120 MiB). ASan reserves
# terabytes of address space, so the cap cannot apply to its build.
# -f table reads the spool twice (widths, then rows) instead of keeping every
# row: 400 000 rows plus header and rule, the last one line 400000, count 1.
if grep -q __asan_init "$TS"; then
    echo "skip events:bounded-memory (ASan build)"
    echo "skip events:bounded-memory:table (ASan build)"
else
    if (ulimit -v 98304 && "$TS" -j 1 --ref-date 2024-06-30 -r events "$TMP/ev.log" 2>"$TMP/err" | cmp -s - "$TMP/ev.want"); then
        ok events:bounded-memory
    else
        fail events:bounded-memory "$TMP/err"
    fi
    (ulimit -v 98304 && "$TS" -j 1 --ref-date 2024-06-30 -r events -f table "$TMP/ev.log" >"$TMP/ev.table" 2>"$TMP/err")
    st=$?
    if [ "$st" = 0 ] && [ "$(wc -l <"$TMP/ev.table")" -eq 400002 ] \
        && [ "$(tail -n 1 "$TMP/ev.table" | awk '{ print $2, $NF }')" = "400000 1" ]; then
        ok events:bounded-memory:table
    else
        echo "status $st" >"$TMP/why"
        fail events:bounded-memory:table "$TMP/why" "$TMP/err"
    fi
fi

# message repeated 99999999 times: one events row with count 99999999 (it
# was 99 999 999 rows, 13 GB, all of them held in memory by -f table); the
# peers report counts 99999999 + 1. Hand-written expectations.
{
    printf 'Oct  5 07:00:00 gw pluto[9]: "b"[1] 203.0.113.7 #3: DPD: No response from peer - declaring peer dead\n'
    printf 'Oct  5 07:00:30 gw pluto[9]: message repeated 99999999 times: [ "b"[1] 203.0.113.7 #3: DPD: No response from peer - declaring peer dead]\n'
} >"$TMP/rep.log"
printf '%s\r\n' 'file,line,day,time,host,pid,conn,instance,peer,port,serial,tag,class,detail,peer_source,count' \
    "$TMP/rep.log,1,2024-10-05,07:00:00,gw,9,b,1,203.0.113.7,,3,,dpd_dead,,line,1" \
    "$TMP/rep.log,2,2024-10-05,07:00:30,gw,9,b,1,203.0.113.7,,3,,dpd_dead,,line,99999999" >"$TMP/rep.want"
printf '%s\r\n' 'day,host,peer,dpd_dead,unknown_sa,psk_policy_miss,delete_sa_not_found,disconnect,retransmit_timeout,auth_fail,id_mismatch,no_proposal,phase2_no_conn,xauth_fail,network_error,phase1_up,phase2_up,weak_crypto' \
    '2024-10-05,gw,203.0.113.7,100000000,0,0,0,0,0,0,0,0,0,0,0,0,0,0' >"$TMP/rep.peers"
for f in csv table; do
    timeout 20 "$TS" --ref-date 2024-10-31 -r events -f $f "$TMP/rep.log" >"$TMP/rep.$f" 2>"$TMP/err"
    echo $? >"$TMP/rep.$f.st"
done
if [ "$(cat "$TMP/rep.csv.st")" = 0 ] && cmp -s "$TMP/rep.want" "$TMP/rep.csv"; then ok events:repeated-count:csv; else
    fail events:repeated-count:csv "$TMP/err"
fi
# table: header, rule and the two rows; the last cell is the count.
if [ "$(cat "$TMP/rep.table.st")" = 0 ] && [ "$(wc -l <"$TMP/rep.table")" -eq 4 ] \
    && [ "$(sed -n 4p "$TMP/rep.table" | awk '{ print $NF }')" = 99999999 ]; then
    ok events:repeated-count:table
else
    head -c 2000 "$TMP/rep.table" >"$TMP/why"
    fail events:repeated-count:table "$TMP/why" "$TMP/err"
fi
if timeout 20 "$TS" --ref-date 2024-10-31 "$TMP/rep.log" 2>"$TMP/err" | cmp -s - "$TMP/rep.peers"; then
    ok events:repeated-count:peers
else
    fail events:repeated-count:peers "$TMP/err"
fi

# No room for the spool: status 3, the directory named, a previous report kept.
echo previous >"$TMP/report.csv"
TMPDIR=/nonexistent/tunnelstat-spool "$TS" -j 1 --ref-date 2024-06-30 -r events -o "$TMP/report.csv" "$TMP/ev.log" 2>"$TMP/err"
st=$?
if [ "$st" = 3 ] && grep -q '/nonexistent/tunnelstat-spool' "$TMP/err" && [ "$(cat "$TMP/report.csv")" = previous ]; then
    ok events:spool-no-tmpdir
else
    echo "status $st" >"$TMP/why"
    fail events:spool-no-tmpdir "$TMP/why" "$TMP/err"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
