# targets.awk — the targets of issues 4 and 15, checked on the tables of
# bench/results.md (run by bench/run.sh at its end; also:
# awk -f bench/targets.awk bench/results.md). Reads the main table
# (tool | input | runs | s | ...) and the scaling table, prints one markdown
# table per issue: target, measured ratio, met or missed.
function kind(input) {
    if (input ~ /small corpus/) return ""
    if (input ~ /4 files/) return "parts"
    if (input ~ /plain/) return "plain"
    if (input ~ /zstd/) return "zstd"
    if (input ~ /gzip/) return "gzip"
    return ""
}
function corpus(input) { return input ~ /^30%/ ? "30" : (input ~ /^3%/ ? "3" : "") }
function row(label, ratio, limit, le, what,    ok) {
    if (ratio == "") { printf "| %s | not measured | **missed** |\n", label; return }
    ok = le ? ratio <= limit : ratio >= limit
    printf "| %s | %s | %s |\n", label, what, ok ? "met" : "**missed**"
}
function r2(x) { return sprintf("%.2f", x) }
BEGIN { FS = " *\\| *" }
/^\| (tool|scaling|---)/ { next }
/^\| / {
    label = $2; input = $3
    if ($2 == "size" || $2 == "peers") {      # scaling table: | kind | input | options | peers | runs | s | GB/s | x |
        if ($2 == "size") { sz[++nsz] = $7; szx[nsz] = $9 }
        else peers[$5 + 0] = $7
        next
    }
    c = corpus(input); k = kind(input)
    if (c == "" || k == "") next
    s[c, k, label] = $5
    if (label ~ /^tunnelstat/ && $8 + 0 > rss[c]) { rss[c] = $8 + 0; rsswho[c] = label ", " input }
}
function get(c, k, l) { return ((c, k, l) in s) ? s[c, k, l] : "" }
END {
    print "| target (issue 4) | measured | |"
    print "|---|---|---|"
    for (ci = 1; ci <= 2; ci++) {
        c = ci == 1 ? "3" : "30"
        t1 = get(c, "plain", "tunnelstat -j1"); t2 = get(c, "plain", "tunnelstat -j2")
        cat = get(c, "plain", "cat >/dev/null"); mawk = get(c, "plain", "mawk -f bench/peers.awk")
        rg = ""
        for (key in s) { split(key, kk, SUBSEP); if (kk[1] == c && kk[2] == "plain" && kk[3] ~ /^rg -c -F \([0-9]+ phrases\)/) rg = s[key] }
        lcat = c == "3" ? 1.6 : 3; lrg = c == "3" ? 0.8 : 1.2; lmawk = c == "3" ? 6 : 7
        if (t1 != "" && rg != "") row(c "%, 1 thread: ≤ " lrg "× `rg -c -F`", t1 / rg, lrg, 1, t1 " / " rg " s = " r2(t1 / rg) "×")
        if (t1 != "" && cat != "") row(c "%, 1 thread: ≤ " lcat "× `cat`", t1 / cat, lcat, 1, t1 " / " cat " s = " r2(t1 / cat) "×")
        if (t1 != "" && mawk != "") row(c "%, 1 thread: ≥ " lmawk "× faster than mawk", mawk / t1, lmawk, 0, mawk " / " t1 " s = " r2(mawk / t1) "×")
        if (t1 != "" && t2 != "") row(c "%, one plain file: 2 threads ≥ 1.8× one", t1 / t2, 1.8, 0, t1 " / " t2 " s = " r2(t1 / t2) "×")
        z2 = get(c, "zstd", "tunnelstat -j2"); zdc = get(c, "zstd", "zstd -dc >/dev/null")
        if (z2 != "" && zdc != "") row(c "%, one zstd file, 2 threads: ≤ 1.0× `zstd -dc`", z2 / zdc, 1.0, 1, z2 " / " zdc " s = " r2(z2 / zdc) "×")
        p1 = get(c, "parts", "tunnelstat -j1"); p2 = get(c, "parts", "tunnelstat -j2")
        if (p1 != "" && p2 != "") row(c "%, 4 zstd files: 2 threads ≥ 1.8× one", p1 / p2, 1.8, 0, p1 " / " p2 " s = " r2(p1 / p2) "×")
        g1 = get(c, "gzip", "tunnelstat -j1"); gdc = get(c, "gzip", "gzip -dc >/dev/null")
        if (g1 != "" && gdc != "") row(c "%, gzip, 1 thread: ≤ 1.0× `gzip -dc`", g1 / gdc, 1.0, 1, g1 " / " gdc " s = " r2(g1 / gdc) "×")
    }
    for (ci = 1; ci <= 2; ci++) {
        c = ci == 1 ? "3" : "30"
        if (c in rss)
            row(c "%: peak RSS ≤ 128 MiB at any thread count (plus what the distinct keys need)", rss[c], 128, 1,
                rss[c] " MiB (" rsswho[c] ")")
    }
    if (nsz >= 2) {
        lo = 99; hi = 0
        for (i = 1; i <= nsz; i++) { if (szx[i] < lo) lo = szx[i]; if (szx[i] > hi) hi = szx[i] }
        row("time linear in size (s per byte within ±10% of the smallest corpus's)", (lo >= 0.9 && hi <= 1.1) ? 1 : 0, 1, 0, "× " lo " to " hi)
    }
    f = ""; m = ""
    for (p in peers) { if (f == "" || p + 0 < f + 0) f = p; if (m == "" || p + 0 > m + 0) m = p }
    if (f != "" && m != "" && f != m)
        row("10 vs 100 000 distinct peers within 10%", peers[m] / peers[f], 1.1, 1, peers[m] " / " peers[f] " s = " r2(peers[m] / peers[f]) "× (" f " vs " m " peers)")
    issue15()
}

# Issue 15 ("speed, round two"): every figure a ratio within this run.
function issue15(    ci, c, t1, t2, cat, rg, key, kk, lcat, gn, ig, z2, zdc, f, m, p) {
    print ""
    print "| target (issue 15) | measured | |"
    print "|---|---|---|"
    for (ci = 1; ci <= 2; ci++) {
        c = ci == 1 ? "3" : "30"
        gn = get(c, "gzip", "tunnelstat -j2"); ig = get(c, "gzip", "igzip -dc >/dev/null")
        row(c "%, gzip -6 archive, 2 threads: ≤ 1.1× `igzip -dc`", gn != "" && ig != "" ? gn / ig : "", 1.1, 1, gn " / " ig " s = " r2(gn / ig) "×")
    }
    f = ""; m = ""
    for (p in peers) { if (f == "" || p + 0 < f + 0) f = p; if (m == "" || p + 0 > m + 0) m = p }
    if (f != "" && m != "" && f != m)
        row("the same bytes with " m " vs " f " distinct peers, 1 thread: ≤ 1.15×", peers[m] / peers[f], 1.15, 1, peers[m] " / " peers[f] " s = " r2(peers[m] / peers[f]) "×")
    for (ci = 1; ci <= 2; ci++) {
        c = ci == 1 ? "3" : "30"
        t1 = get(c, "plain", "tunnelstat -j1"); cat = get(c, "plain", "cat >/dev/null")
        lcat = c == "3" ? 2.0 : 6
        row(c "%, 1 thread: ≤ " lcat "× `cat`", t1 != "" && cat != "" ? t1 / cat : "", lcat, 1, t1 " / " cat " s = " r2(t1 / cat) "×")
    }
    t1 = get("3", "plain", "tunnelstat -j1"); rg = ""
    for (key in s) { split(key, kk, SUBSEP); if (kk[1] == "3" && kk[2] == "plain" && kk[3] ~ /headline phrases/) rg = s[key] }
    row("3%, 1 thread: ≤ 1.0× `rg -c -F` with the seven headline phrases", t1 != "" && rg != "" ? t1 / rg : "", 1.0, 1, t1 " / " rg " s = " r2(t1 / rg) "×")
    for (ci = 1; ci <= 2; ci++) {
        c = ci == 1 ? "3" : "30"
        t1 = get(c, "plain", "tunnelstat -j1"); t2 = get(c, "plain", "tunnelstat -j2")
        row(c "%, one plain file: 2 threads ≥ 1.8× one", t1 != "" && t2 != "" ? t1 / t2 : "", 1.8, 0, t1 " / " t2 " s = " r2(t1 / t2) "×")
    }
    for (ci = 1; ci <= 2; ci++) {
        c = ci == 1 ? "3" : "30"
        z2 = get(c, "zstd", "tunnelstat -j2"); zdc = get(c, "zstd", "zstd -dc >/dev/null")
        row(c "%, one zstd file, 2 threads: ≤ 1.0× `zstd -dc`", z2 != "" && zdc != "" ? z2 / zdc : "", 1.0, 1, z2 " / " zdc " s = " r2(z2 / zdc) "×")
    }
}
