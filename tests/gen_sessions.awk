# gen_sessions.awk — the session and availability truths read back from a
# generated corpus's text, to check that the generator's event records (from
# which build/gen writes --truth-sessions / --truth-availability) say what
# its lines say. A test oracle for the generator's own shapes only: RFC 3164
# headers, `pluto[pid]:` and `ipsec__plutorun:` programs, the prefixes the
# generator writes; not a second analyzer. Rules: bench/README.md.
#
#   LC_ALL=C awk -v out=sessions|availability -f tests/gen_days.awk -f tests/gen_sessions.awk router.log-*
#
# The year of a line comes from the YYYYMMDD in its file's name (SPEC §5).
BEGIN {
    split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mn, " ")
    for (i = 1; i <= 12; i++) mon[mn[i]] = i
    split("31 29 31 30 31 30 31 31 30 31 30 31", mdays, " ")
    split("dpd_dead disconnect restart open", endname, " ")
}

function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

function stamp(t) { return civil(int(t / 86400)) sprintf(" %02d:%02d:%02d", int(t % 86400 / 3600), int(t % 3600 / 60), t % 60) }

# seconds since 1970 of month-day m d and time hms, the year by the rule of SPEC §5
function when(m, d, hms,   y) {
    y = (lm == 13 || m < lm || (m == lm && d <= ld)) ? ry : ry - 1
    if (m == 2 && d == 29) while (!leap(y)) y--
    return days(y, m, d) * 86400 + substr(hms, 1, 2) * 3600 + substr(hms, 4, 2) * 60 + substr(hms, 7, 2)
}

FNR == 1 {
    base = FILENAME; sub(/.*\//, "", base)
    if (!match(base, /[12][0-9][0-9][0-9][01][0-9][0-3][0-9]/)) { print "gen_sessions.awk: no date in " FILENAME > "/dev/stderr"; exit 2 }
    ry = substr(base, RSTART, 4) + 0; rm = substr(base, RSTART + 4, 2) + 0; rd = substr(base, RSTART + 6, 2) + 0
    lm = rm; ld = rd + 1
    if (ld > mdays[rm] || (rm == 2 && ld == 29 && !leap(ry))) { lm++; ld = 1 }
}

{
    line = $0
    sub(/\r$/, "", line)
    host = $4
    if ($5 == "ipsec__plutorun:") { t = when(mon[$1], $2 + 0, $3); see(host, t); next }
    if ($5 !~ /^pluto\[[0-9]+\]:$/) next
    if (!match(line, /^[A-Z][a-z][a-z] +[0-9]+ [0-9:]+ [^ ]+ pluto\[[0-9]+\]: /)) next
    msg = substr(line, RLENGTH + 1)
    if (substr(msg, 1, 2) == "| ") next
    t = when(mon[$1], $2 + 0, $3)
    see(host, t)
    pid = substr($5, 7); sub(/\]:$/, "", pid)
    if ((host in lastpid) && lastpid[host] != pid) { ne++; ekind[ne] = "restart"; et[ne] = t; ehost[ne] = host; epid[ne] = pid }
    lastpid[host] = pid
    w = 1
    if (msg ~ /^message repeated [0-9]+ times: \[ /) {
        w = substr(msg, 18) + 0
        msg = substr(msg, index(msg, ": [ ") + 4)
        sub(/\]$/, "", msg)
    }
    conn = ""; peer = ""; serial = ""
    if (match(msg, /^packet from [^ ]+: /)) {
        msg = substr(msg, RLENGTH + 1)
    } else if (match(msg, /^("[^"]*"|\([^)]*\))/)) {
        conn = substr(msg, 2, RLENGTH - 2)
        rest = substr(msg, RLENGTH + 1)
        if (match(rest, /^\[[0-9]+\] [^ ]+/)) {
            peer = substr(rest, 1, RLENGTH); sub(/^\[[0-9]+\] /, "", peer)
            rest = substr(rest, RLENGTH + 1)
            if (peer ~ /:$/) { peer = substr(peer, 1, length(peer) - 1); rest = ":" rest }
            if (peer ~ /^[0-9.]+:[0-9]+$/) sub(/:[0-9]+$/, "", peer)
        }
        if (match(rest, /^ #[0-9]+/)) { serial = substr(rest, 3, RLENGTH - 2); rest = substr(rest, RLENGTH + 1) }
        msg = substr(rest, 3)
    } else if (match(msg, /^#[0-9]+: /)) {
        serial = substr(msg, 2, RLENGTH - 3)
        msg = substr(msg, RLENGTH + 1)
    }
    if (peer != "") {
        if (serial != "") { k = host SUBSEP pid SUBSEP serial; if (!(k in serpeer) || peer < serpeer[k]) serpeer[k] = peer }
        k = host SUBSEP conn
        if (!(k in connpeer)) connpeer[k] = peer
        else if (connpeer[k] != peer) connpeer[k] = SUBSEP
    }
    if (conn == "") next
    tag = ""
    if (match(msg, /^\[[A-Za-z][^]]*\] /)) { tag = substr(msg, 2, RLENGTH - 3); msg = substr(msg, RLENGTH + 1) }
    if (match(msg, /^STATE_[A-Z0-9_]+: /)) msg = substr(msg, RLENGTH + 1)
    kind = ""
    if (tag == "Tunnel Disconnected" || msg ~ /^deleting connection .*instance with peer/) kind = "disconnect"
    else if (msg ~ /^(DPD: No response from peer - declaring peer dead|DPD: Info: No response from peer - declaring peer dead|DPD action - |liveness_check - peer |IKEv2 liveness: action - )/) kind = "dpd_dead"
    else if (msg ~ /^(IPsec SA established|sent [A-Z][A-Z][0-9]+, IPsec SA established|initiator established Child SA|responder established Child SA)/) kind = "up"
    if (kind == "") next
    ne++; ekind[ne] = kind; et[ne] = t; ehost[ne] = host; epid[ne] = pid; eserial[ne] = serial; econn[ne] = conn
    epeer[ne] = peer; ew[ne] = w
}

function see(h, t) { if (!(h in first)) first[h] = t; last[h] = t }

function close_s(i, t, why) { send[i] = t; sby[i] = why; delete open[i]; delete cur[stun[i]] }

END {
    for (e = 1; e <= ne; e++) {
        h = ehost[e]
        if (ekind[e] == "restart") {
            for (i in open) if (shost[i] == h && spid[i] != epid[e]) close_s(i, et[e], "restart")
            continue
        }
        p = epeer[e]
        if (p == "" && eserial[e] != "" && ((h SUBSEP epid[e] SUBSEP eserial[e]) in serpeer)) p = serpeer[h SUBSEP epid[e] SUBSEP eserial[e]]
        if (p == "" && ((h SUBSEP econn[e]) in connpeer) && connpeer[h SUBSEP econn[e]] != SUBSEP) p = connpeer[h SUBSEP econn[e]]
        if (p == "") p = "-"
        k = h "," econn[e] "," p
        if (ekind[e] == "up") {
            if (k in cur) { srek[cur[k]] += ew[e]; continue }
            ns++; stun[ns] = k; shost[ns] = h; spid[ns] = epid[e]; sstart[ns] = et[e]; srek[ns] = ew[e] - 1
            open[ns] = 1; cur[k] = ns
        } else if (k in cur) close_s(cur[k], et[e], ekind[e])
    }
    for (i in open) close_s(i, last[shost[i]], "open")
    if (out == "sessions") {
        printf "host,conn,peer,start,end,seconds,ended_by,rekeys\r\n"
        fflush()
        cmd = "sort -s -t, -k1,1 -k2,2 -k3,3 -k4,4"
        for (i = 1; i <= ns; i++)
            printf "%s,%s,%s,%d,%s,%d\r\n", stun[i], stamp(sstart[i]), stamp(send[i]), send[i] - sstart[i], sby[i], srek[i] | cmd
        close(cmd)
        exit
    }
    for (i = 1; i <= ns; i++) {
        for (d = int(sstart[i] / 86400); d <= int(send[i] / 86400); d++) {
            r = d SUBSEP stun[i]
            lo = sstart[i] > d * 86400 ? sstart[i] : d * 86400
            hi = send[i] < d * 86400 + 86400 ? send[i] : d * 86400 + 86400
            up[r] += hi > lo ? hi - lo : 0
            nst[r] += int(sstart[i] / 86400) == d
            ndn[r] += int(send[i] / 86400) == d && sby[i] != "open"
            rhost[r] = shost[i]
        }
    }
    printf "day,host,conn,peer,up_seconds,observed_seconds,sessions,downs\r\n"
    fflush()
    cmd = "sort -t, -k1,1 -k2,2 -k3,3 -k4,4"
    for (r in up) {
        split(r, f, SUBSEP)
        h = rhost[r]; d = f[1]
        lo = first[h] > d * 86400 ? first[h] : d * 86400
        hi = last[h] < d * 86400 + 86400 ? last[h] : d * 86400 + 86400
        printf "%s,%s,%d,%d,%d,%d\r\n", civil(d), f[2], up[r], (hi > lo ? hi - lo : 0), nst[r], ndn[r] | cmd
    }
    close(cmd)
}
