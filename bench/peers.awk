# peers.awk — the per-day, per-peer IKE failure count an admin would script:
# the same job as `tunnelstat --report peers`, in POSIX awk (runs with mawk
# and gawk; run with LC_ALL=C so string order is bytewise).
#
#   LC_ALL=C mawk -f bench/peers.awk [-v ref=YYYY-MM-DD] FILE...
#
# Reads RFC 3164 lines (`Mmm dd HH:MM:SS host pluto[pid]: msg`), keeps the
# program pluto, skips Libreswan `| ` debug lines, unwraps rsyslog
# `message repeated N times: [ ... ]`, parses the pluto prefix (`packet from
# ip:port:`, `"conn"[N] peer #S:`, `(conn) #S:`, `#S:`), drops a Qno
# `[Tag] ` and a `STATE_X: ` story, and classifies the body by the counted
# phrases of SPEC.md §4. Lines without an address are resolved at the end:
# by host+pid+serial, then by the only peer ever seen with host+conn, else
# `-`. The year of a date comes from the reference date (`-v ref=`, else a
# YYYYMMDD / YYYY-MM-DD in the file's base name). Prints the peers CSV
# (CRLF, header, rows sorted by day, host, peer) on stdout.
BEGIN {
    split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mn, " ")
    for (i = 1; i <= 12; i++) { mon[mn[i]] = i; mon[tolower(mn[i])] = i; mon[toupper(mn[i])] = i }
    split("31 29 31 30 31 30 31 31 30 31 30 31", mdays, " ")
    NC = 15
    HDR = "day,host,peer,dpd_dead,unknown_sa,psk_policy_miss,delete_sa_not_found,disconnect," \
          "retransmit_timeout,auth_fail,id_mismatch,no_proposal,phase2_no_conn,xauth_fail,network_error," \
          "phase1_up,phase2_up,weak_crypto"
}

function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

function setref(s,    a) {
    ry = substr(s, 1, 4) + 0; rm = substr(s, 6, 2) + 0; rd = substr(s, 9, 2) + 0
    # R's month-day plus one day; month 13 means every month-day is on or before it
    lm = rm; ld = rd + 1
    if (ld > mdays[rm] || (rm == 2 && ld == 29 && !leap(ry))) { lm++; ld = 1 }
    for (a in daycache) delete daycache[a]
}

function reffromname(path,    base, p1, p2, s) {
    base = path; sub(/.*\//, "", base)
    p1 = match(base, /[12][0-9][0-9][0-9][01][0-9][0-3][0-9]/)
    s = p1 ? substr(base, p1, 4) "-" substr(base, p1 + 4, 2) "-" substr(base, p1 + 6, 2) : ""
    p2 = match(base, /[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]/)
    if (p2 && (!p1 || p2 < p1)) s = substr(base, p2, 10)
    return s
}

function dayof(m, d,    y, key) {
    key = m " " d
    if (key in daycache) return daycache[key]
    y = (lm == 13 || m < lm || (m == lm && d <= ld)) ? ry : ry - 1
    if (m == 2 && d == 29) while (!leap(y)) y--
    return daycache[key] = sprintf("%04d-%02d-%02d", y, m, d)
}

function nopot(p) {
    # endpoint without its port: a.b.c.d:port, [v6]:port; a bare IPv6 has no port
    if (p ~ /^\[/) { sub(/^\[/, "", p); sub(/\](:[0-9]*)?$/, "", p); return p }
    if (p ~ /^[^:]*:[0-9]*$/) sub(/:[0-9]*$/, "", p)
    return p
}

function classify(b, tag) {
    if (tag == "Tunnel Disconnected") return 5
    if (b ~ /^(DPD: No response from peer - declaring peer dead|DPD: Info: No response from peer - declaring peer dead|DPD action - |liveness_check - peer |IKEv2 liveness: action - )/) return 1
    if (b ~ /^(Informational Exchange is for an unknown \(expired\?\) SA|encrypted Informational Exchange message is invalid because|Main Mode message is part of an unknown exchange|[Pp]hase 1 message is part of an unknown exchange|Quick Mode message is for a non-existent \(expired\?\) ISAKMP SA|Quick Mode message is unacceptable because it is for an incomplete ISAKMP SA)/) return 2
    if (b ~ /^(no connection has been authorized|initial Main Mode message received on .* but (no connection has been authorized|".*" forbids connection)|initial Aggressive Mode message from .* but no \(wildcard\) connection has been configured|initial Aggressive Mode packet claiming to be from|initial parent SA message received on|dropping .*no suitable connection found with IKEv2 policy)/) return 3
    if (b ~ /^ignoring Delete SA payload/) return 4
    if (b ~ /^(deleting connection .*instance with peer|instance with peer)/) return 5
    if (b ~ /^(max number of retransmissions|.* second timeout exceeded after)/) return 6
    if (b ~ /^(probable authentication failure|received Hash Payload does not match computed value|Signature check|no RSA public key known|unable to locate my private key|too many \(.*\) malformed payloads|received [0-9]+ malformed payload notifies)/) return 7
    if (b ~ /^(we require peer to have ID|we require IKEv1 peer to have ID|no suitable connection for peer|Peer mismatch on first found connection)/) return 8
    if (b ~ /^(no acceptable Oakley Transform|no acceptable Proposal in IPsec SA)/) return 9
    if (b ~ /^cannot respond to IPsec SA request because no connection is known for/) return 10
    if (b ~ /^(XAUTH: User .*: Authentication Failed|XAUTH FAILED|PAM: authentication of user|Expected MODE_CFG_REPLY is missing|XAUTH: Username or password request was received, but)/) return 11
    if (b ~ /^ERROR: asynchronous network error report/) return 12
    if (b ~ /^(ISAKMP SA established|IKE SA established|sent [A-Z][A-Z][0-9]+, ISAKMP SA established|established IKE SA|initiator established IKE SA|responder established IKE SA)/) return 13
    if (b ~ /^(IPsec SA established|sent [A-Z][A-Z][0-9]+, IPsec SA established|established Child SA|initiator established Child SA|responder established Child SA)/) return 14
    if (b ~ /^You should NOT use insecure (IKE algorithms \(|ESP algorithms \[)/) return 15
    return 0
}

FNR == 1 {
    if (ref != "") setref(ref)
    else {
        r = reffromname(FILENAME)
        if (r == "") { print "peers.awk: no reference date for " FILENAME " (use -v ref=YYYY-MM-DD)" > "/dev/stderr"; exit 2 }
        setref(r)
    }
}

index($0, " pluto[") == 0 { next }

{
    if ($5 !~ /^pluto\[[0-9]+\]:$/) next
    if (!($1 in mon)) next
    line = $0
    sub(/\r$/, "", line)
    # message: after the fifth field and one space
    if (!match(line, /^[^ ]+ +[0-9]+ [0-9:]+ [^ ]+ pluto\[[0-9]+\]: /)) next
    msg = substr(line, RLENGTH + 1)
    if (substr(msg, 1, 2) == "| ") next
    w = 1
    if (msg ~ /^message repeated [0-9]+ times: \[ /) {
        w = substr(msg, 18) + 0
        msg = substr(msg, index(msg, ": [ ") + 4)
        sub(/\]$/, "", msg)
    }
    pid = substr($5, 7); sub(/\]:$/, "", pid)
    host = $4
    conn = ""; peer = ""; serial = ""
    if (match(msg, /^(packet|connection) from [^ ]+: /)) {
        ep = substr(msg, 1, RLENGTH - 2); sub(/^[a-z]+ from /, "", ep)
        peer = nopot(ep)
        msg = substr(msg, RLENGTH + 1)
    } else if (match(msg, /^("[^"]*"|\([^)]*\))/)) {
        rest = substr(msg, RLENGTH + 1)
        c = substr(msg, 2, RLENGTH - 2)
        if (match(rest, /^\[[0-9]+\]/)) rest = substr(rest, RLENGTH + 1)
        p = ""
        if (substr(rest, 1, 1) == " " && substr(rest, 2, 1) != "#") {
            rest = substr(rest, 2)
            sp = index(rest, " ")
            p = sp ? substr(rest, 1, sp - 1) : rest
            rest = sp ? substr(rest, sp) : ""
            if (p ~ /:$/) { p = substr(p, 1, length(p) - 1); rest = ":" rest }
        }
        s = ""
        if (match(rest, /^ #[0-9]+/)) { s = substr(rest, 3, RLENGTH - 2); rest = substr(rest, RLENGTH + 1) }
        if (substr(rest, 1, 2) == ": ") {
            conn = c; serial = s; msg = substr(rest, 3)
            if (p != "") peer = nopot(p)
        }
    } else if (match(msg, /^#[0-9]+: /)) {
        serial = substr(msg, 2, RLENGTH - 3)
        msg = substr(msg, RLENGTH + 1)
    }
    tag = ""
    if (match(msg, /^\[[A-Za-z][^]]*\] /)) { tag = substr(msg, 2, RLENGTH - 3); msg = substr(msg, RLENGTH + 1) }
    if (match(msg, /^STATE_[A-Z0-9_]+: /)) msg = substr(msg, RLENGTH + 1)
    # a peer the message names itself: an address, or an IPv4 endpoint
    if (peer == "") {
        tp = ""
        if (match(msg, /(from unknown peer|liveness_check - peer|instance with peer| connection to|complainant) [0-9][0-9A-Fa-f:.]*[0-9A-Fa-f]/)) tp = substr(msg, RSTART, RLENGTH)
        else if (match(msg, /( request to| request from| response to| response from| reply to) [0-9]+[.][0-9.]+/)) tp = substr(msg, RSTART, RLENGTH)
        else if (match(msg, /^sending (encrypted )?notification [^ ]+ to [0-9]+[.][0-9.]+/)) tp = substr(msg, RSTART, RLENGTH)
        if (tp != "") { sub(/^.* /, "", tp); if (tp ~ /[.:]/) peer = tp }
    }
    # what later peerless lines may borrow
    if (peer != "") {
        if (serial != "") {
            k = host SUBSEP pid SUBSEP serial
            if (!(k in serpeer) || peer < serpeer[k]) serpeer[k] = peer
        }
        if (conn != "") {
            k = host SUBSEP conn
            if (!(k in connpeer)) connpeer[k] = peer
            else if (connpeer[k] != peer) connpeer[k] = SUBSEP
        }
    }
    col = classify(msg, tag)
    if (!col) next
    day = dayof(mon[$1], $2 + 0)
    if (peer == "" && (serial != "" || conn != "")) {
        pend[day SUBSEP host SUBSEP pid SUBSEP serial SUBSEP conn SUBSEP col] += w
        next
    }
    r = day "," host "," (peer != "" ? peer : "-")
    cnt[r, col] += w
    rows[r] = 1
}

END {
    for (k in pend) {
        split(k, f, SUBSEP)
        p = ""
        if (f[4] != "" && ((f[2] SUBSEP f[3] SUBSEP f[4]) in serpeer)) p = serpeer[f[2] SUBSEP f[3] SUBSEP f[4]]
        else if (f[5] != "" && ((f[2] SUBSEP f[5]) in connpeer) && connpeer[f[2] SUBSEP f[5]] != SUBSEP) p = connpeer[f[2] SUBSEP f[5]]
        if (p == "") p = "-"
        r = f[1] "," f[2] "," p
        cnt[r, f[6]] += pend[k]
        rows[r] = 1
    }
    printf "%s\r\n", HDR
    fflush()
    cmd = "LC_ALL=C sort -t, -k1,1 -k2,2 -k3,3"
    for (r in rows) {
        line = r
        for (i = 1; i <= NC; i++) line = line "," (cnt[r, i] + 0)
        printf "%s\r\n", line | cmd
    }
    close(cmd)
}
