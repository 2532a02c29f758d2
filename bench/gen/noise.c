/* noise.c — the lines that are not pluto's: firewall drops, DHCP, PPPoE,
 * NTP, sshd, cron, web admin, and near-misses that mention pluto, peers, SAs
 * or DPD from programs that are not the IKE daemon (SPEC §2: such lines never
 * count). */
#include "noise.h"

#include "episode.h"
#include "fmt.h"
#include "model.h"
#include "out.h"
#include "rng.h"

static char *wktime(char *w, struct rng *rg, const struct host *h, u64 now)
{
    w = WS(w, "kernel: [");
    w = wus(w, (u32)(now - h->boot), 5);
    *w++ = '.';
    w = wu0(w, rb(rg, 1000000), 6);
    return WS(w, "] ");
}

/* iptables LOG: "ACTION IN=eth1 OUT= MAC=dst:src:08:00 SRC=scanner DST=wan" */
static char *wfw_head(char *w, struct rng *rg, const struct host *h, const char *action)
{
    w = wz(w, action);
    w = WS(w, " IN=eth1 OUT= MAC=");
    w = wmac(w, 0x001a2b3c4d00ULL | (u64)h->idx);
    *w++ = ':';
    w = wmac(w, rnd(rg) & 0xffffffffffffULL);
    w = WS(w, ":08:00 SRC=");
    w = wip4(w, rpublic(rg));
    w = WS(w, " DST=");
    return wwan(w, h);
}

static u32 rlanip(struct rng *rg, const struct host *h) { return (192u << 24) | (168u << 16) | (h->lan << 8) | rr(rg, 2, 250); }

static const char *const k_names[] = {"iPhone", "android-5f3a9c", "DESKTOP-7K2M1Q", "LAPTOP-OFFICE3", "printer-hp",
                                      "NAS", "ipcam-01", "Galaxy-S21", "MacBook-Pro", "raspberrypi"};
static const char *const k_users[] = {"root", "admin", "test", "oracle", "ubuntu", "pi", "user", "git", "guest", "pluto"};

/* Near-miss noise: pluto prefixes, peers, SAs and DPD in lines whose program
 * is not the IKE daemon (SPEC §2: such lines never count). Template fields:
 * %K kernel program and uptime stamp, %H web server pid, %J %M other daemon
 * pids, %D dnsmasq pid, %X xl2tpd pid, %P pluto's pid, %c a conn name of the
 * host, %i a public address (the same in one line), %x 8 random hex digits,
 * %l the host's LAN octet. */
static const char *const k_near[] = {
    "webadmin[%H]: VPN status: (%c)[3] %i #1895: [Tunnel Established] IPsec SA established {ESP=>0xbf9f49f7 < 0x363c3bbb NATOA=0.0.0.0",
    "webadmin[%H]: user admin saved tunnel \"%c\" #12: peer %i DPD enabled, declaring peer dead after 120 s",
    "%Kpluto[%P]: segfault at 0 ip 08049a1c sp bfb2c1f0 error 4 in pluto[8048000+9c000]",
    "charon: 09[IKE] DPD: No response from peer - declaring peer dead",
    "ipsec[%J]: 002 \"%c\" #12: initiating Main Mode",
    "logger: packet from %i:500: [Tunnel Authorize Fail] Informational Exchange is for an unknown (expired?) SA",
    "pluto-monitor[%M]: (%c) #497: [Tunnel Authorize Fail] ignoring Delete SA payload: PROTO_IPSEC_ESP SA(0x64743869) not found (maybe expired)",
    "ipsec_setup: Starting Openswan IPsec U2.6.38/K2.6.36.4...",
    "%Kxfrm_state: SA 0x%x not found for peer %i",
    "dnsmasq[%D]: query[A] pluto.example.com from 192.168.%l.23",
    "xl2tpd[%X]: Connection established to %i, 1701.  Local: 4711, Remote: 1 (ref=0/0).  LNS session is 'default'",
    "webadmin[%H]: message repeated 2 times: [ \"%c\"[1] %i #7: max number of retransmissions (2) reached STATE_MAIN_I1]",
};

static char *wnear(char *w, struct rng *rg, u64 now, const struct host *h, const char *t, u32 ip, const struct conn *c)
{
    for (; *t; t++) {
        if (*t != '%') { *w++ = *t; continue; }
        switch (*++t) {
        case 'K': w = wktime(w, rg, h, now); break;
        case 'H': w = wu(w, h->pid_httpd); break;
        case 'J': w = wu(w, h->pid_httpd + 7); break;
        case 'M': w = wu(w, h->pid_httpd + 3); break;
        case 'D': w = wu(w, h->pid_dnsmasq); break;
        case 'X': w = wu(w, h->pid_pppd + 1); break;
        case 'P': w = wu(w, h->pid); break;
        case 'c': w = wstr(w, c->name, (size_t)c->namelen); break;
        case 'i': w = wip4(w, ip); break;
        case 'x': w = whex(w, rnd(rg), 8); break;
        case 'l': w = wu(w, h->lan); break;
        default: die("%s", "internal: bad near-miss template"); break;
        }
    }
    return w;
}

void emit_noise(struct out *o, struct rng *rg, const struct model *m, struct host *h, int logsrv)
{
    char *w = out_begin(o, h);
    const u32 r = rb(rg, 1000);
    if (logsrv) {
        /* the log server itself: sshd, cron, ntp, and a strongSwan charon on the side */
        const u32 k = rb(rg, 100);
        if (k < 35) {
            if (rp(rg, 0.05)) h->pid_sshd = rr(rg, 1000, 60000);
            w = PROG(w, "sshd", h->pid_sshd);
            switch (rb(rg, 6)) {
            case 0: w = WS(w, "Failed password for invalid user "); w = wz(w, k_users[rb(rg, COUNTOF(k_users))]);
                    w = WS(w, " from "); w = wip4(w, rpublic(rg)); w = WS(w, " port "); w = wu(w, rr(rg, 1024, 65535));
                    w = WS(w, " ssh2"); break;
            case 1: w = WS(w, "Connection closed by authenticating user root "); w = wip4(w, rpublic(rg));
                    w = WS(w, " port "); w = wu(w, rr(rg, 1024, 65535)); w = WS(w, " [preauth]"); break;
            case 2: w = WS(w, "Accepted publickey for backup from 192.168.1.5 port "); w = wu(w, rr(rg, 30000, 60000));
                    w = WS(w, " ssh2: RSA SHA256:3f9QmH1tq7cW0pX2vFJk0y2v9vH3H0c8mBq3r6sHc1E"); break;
            case 3: w = WS(w, "pam_unix(sshd:session): session closed for user backup"); break;
            case 4: w = WS(w, "Invalid user "); w = wz(w, k_users[rb(rg, COUNTOF(k_users))]); w = WS(w, " from ");
                    w = wip4(w, rpublic(rg)); w = WS(w, " port "); w = wu(w, rr(rg, 1024, 65535)); break;
            default: w = WS(w, "Received disconnect from "); w = wip4(w, rpublic(rg)); w = WS(w, " port ");
                     w = wu(w, rr(rg, 1024, 65535)); w = WS(w, ":11: Bye Bye [preauth]"); break;
            }
        } else if (k < 55) {
            w = PROG(w, "CRON", h->pid_cron++);
            w = rp(rg, 0.5) ? WS(w, "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)")
                        : WS(w, "(root) CMD (/usr/local/bin/logarchive --rotate /srv/syslog >/dev/null 2>&1)");
        } else if (k < 65) {
            w = PROG(w, "rsyslogd", 611);
            w = WS(w, "imudp: ");
            w = wu(w, rr(rg, 1, 20));
            w = WS(w, " messages lost due to rate-limiting (");
            w = wu(w, rr(rg, 200, 2000));
            w = WS(w, " allowed within 5 seconds)");
        } else {
            /* charon near-misses: IKE words, but the program is not pluto */
            w = WS(w, "charon: ");
            w = wu0(w, rb(rg, 16), 2);
            switch (rb(rg, 6)) {
            case 0: w = WS(w, "[IKE] "); w = wip4(w, rpublic(rg)); w = WS(w, " is initiating a Main Mode IKE_SA"); break;
            case 1: w = WS(w, "[IKE] sending DPD request"); break;
            case 2: w = WS(w, "[IKE] giving up after 5 retransmits"); break;
            case 3: w = WS(w, "[IKE] DPD: No response from peer - declaring peer dead"); break;
            case 4: w = WS(w, "[NET] packet from "); w = wip4(w, rpublic(rg)); w = WS(w, ":500: no connection has been authorized with policy=PSK"); break;
            default: w = WS(w, "[IKE] received AUTHENTICATION_FAILED notify error"); break;
            }
        }
        out_end(o, w);
        return;
    }
    if (r < 330) {
        /* iptables LOG of the router firewall */
        w = wktime(w, rg, h, o->now);
        const u32 proto = rb(rg, 10);
        w = wfw_head(w, rg, h, rp(rg, 0.85) ? "DROP" : "ACCEPT");
        w = WS(w, " LEN=");
        w = wu(w, proto < 7 ? 40 + 4 * rb(rg, 6) : rr(rg, 60, 1400));
        w = WS(w, " TOS=0x00 PREC=0x00 TTL=");
        w = wu(w, rr(rg, 30, 250));
        w = WS(w, " ID=");
        w = wu(w, rb(rg, 65536));
        if (proto < 7) {
            static const u16 ports[] = {23, 22, 445, 3389, 8080, 80, 443, 1433, 5900, 2323, 8443, 3306};
            w = rp(rg, 0.5) ? WS(w, " DF PROTO=TCP SPT=") : WS(w, " PROTO=TCP SPT=");
            w = wu(w, rr(rg, 1024, 65535));
            w = WS(w, " DPT=");
            w = wu(w, ports[rb(rg, COUNTOF(ports))]);
            w = WS(w, " WINDOW=");
            w = wu(w, rr(rg, 1024, 65535));
            w = WS(w, " RES=0x00 SYN URGP=0");
        } else if (proto < 9) {
            const int ike = rp(rg, 0.4);
            w = WS(w, " PROTO=UDP SPT=");
            w = wu(w, ike ? 500 : rr(rg, 1024, 65535));
            w = WS(w, " DPT=");
            w = wu(w, ike ? 500 : (rp(rg, 0.5) ? 161 : 1900));
            w = WS(w, " LEN=");
            w = wu(w, rr(rg, 20, 400));
        } else {
            w = WS(w, " PROTO=ICMP TYPE=8 CODE=0 ID=");
            w = wu(w, rb(rg, 65536));
            w = WS(w, " SEQ=");
            w = wu(w, rb(rg, 100));
        }
    } else if (r < 470) {
        const u32 ip = rlanip(rg, h);
        const u64 mac = 0xa45e60000000ULL | ((ip & 255) * 0x10101ULL);
        w = PROG(w, "dnsmasq-dhcp", h->pid_dnsmasq);
        switch (rb(rg, 4)) {
        case 0: w = WS(w, "DHCPDISCOVER(br0) "); w = wmac(w, mac); break;
        case 1: w = WS(w, "DHCPOFFER(br0) "); w = wip4(w, ip); *w++ = ' '; w = wmac(w, mac); break;
        case 2: w = WS(w, "DHCPREQUEST(br0) "); w = wip4(w, ip); *w++ = ' '; w = wmac(w, mac); break;
        default: w = WS(w, "DHCPACK(br0) "); w = wip4(w, ip); *w++ = ' '; w = wmac(w, mac); *w++ = ' ';
                 w = wz(w, k_names[(ip & 255) % COUNTOF(k_names)]); break;
        }
    } else if (r < 510) {
        w = PROG(w, "udhcpd", h->pid_udhcpd);
        w = rp(rg, 0.5) ? WS(w, "sending OFFER of ") : WS(w, "sending ACK to ");
        w = wip4(w, rlanip(rg, h));
    } else if (r < 540) {
        w = PROG(w, "ntpd", h->pid_ntpd);
        switch (rb(rg, 4)) {
        case 0: w = WS(w, "synchronized to "); w = wip4(w, rpublic(rg)); w = WS(w, ", stratum 2"); break;
        case 1: w = WS(w, "time reset +"); w = wu(w, rb(rg, 2)); *w++ = '.'; w = wu0(w, rb(rg, 1000000), 6); w = WS(w, " s"); break;
        case 2: w = WS(w, "peer "); w = wip4(w, rpublic(rg)); w = WS(w, " now invalid"); break;
        default: w = WS(w, "kernel time sync status change 2001"); break;
        }
    } else if (r < 560) {
        w = wktime(w, rg, h, o->now);
        switch (rb(rg, 4)) {
        case 0: w = WS(w, "eth1: link up, 100Mbps, full-duplex, lpa 0x45E1"); break;
        case 1: w = WS(w, "eth1: link down"); break;
        case 2: w = WS(w, "br0: port 2(eth2) entered forwarding state"); break;
        default: w = WS(w, "nf_conntrack: table full, dropping packet"); break;
        }
    } else if (r < 640) {
        if (rp(rg, 0.03)) h->pid_sshd = rr(rg, 1000, 30000);
        w = PROG(w, "dropbear", h->pid_sshd);
        switch (rb(rg, 4)) {
        case 0: w = WS(w, "Bad password attempt for '"); w = wz(w, k_users[rb(rg, COUNTOF(k_users))]); w = WS(w, "' from ");
                w = wip4(w, rpublic(rg)); *w++ = ':'; w = wu(w, rr(rg, 1024, 65535)); break;
        case 1: w = WS(w, "Child connection from "); w = wip4(w, rpublic(rg)); *w++ = ':'; w = wu(w, rr(rg, 1024, 65535)); break;
        case 2: w = WS(w, "Exit before auth (user 'admin', 0 fails): Exited normally"); break;
        default: w = WS(w, "Password auth succeeded for 'admin' from 192.168.1.10:"); w = wu(w, rr(rg, 40000, 60000)); break;
        }
    } else if (r < 700) {
        w = PROG(w, "pppd", h->pid_pppd);
        switch (rb(rg, 8)) {
        case 0: w = WS(w, "LCP terminated by peer"); break;
        case 1: w = WS(w, "Connection terminated."); break;
        case 2: w = WS(w, "PPP session is "); w = wu(w, rr(rg, 1, 65000)); break;
        case 3: w = WS(w, "local  IP address "); w = wwan(w, h); break;
        case 4: w = WS(w, "remote IP address "); w = wip4(w, (h->wan & 0xffffff00u) | 1); break;
        case 5: w = WS(w, "primary   DNS address 202.96.128.86"); break;
        case 6: w = WS(w, "No response to 5 echo-requests"); break;
        default: w = WS(w, "Serial link appears to be disconnected."); break;
        }
    } else if (r < 760) {
        w = PROG(w, "crond", h->pid_cron);
        w = WS(w, "USER root pid ");
        w = wu(w, rr(rg, 1000, 30000));
        w = rp(rg, 0.5) ? WS(w, " cmd /usr/sbin/ntpdate -s pool.ntp.org") : WS(w, " cmd run-parts /etc/periodic/15min");
    } else if (r < 800) {
        w = PROG(w, "httpd", h->pid_httpd);
        switch (rb(rg, 4)) {
        case 0: w = WS(w, "admin login successful from 192.168.1.10"); break;
        case 1: w = WS(w, "admin logout from 192.168.1.10"); break;
        case 2: w = WS(w, "login failed for user 'admin' from "); w = wip4(w, rpublic(rg)); break;
        default: w = WS(w, "session timeout for user admin"); break;
        }
    } else if (r < 830) {
        w = PROG(w, "miniupnpd", h->pid_miniupnpd);
        w = WS(w, "add port mapping ");
        w = wu(w, rr(rg, 1024, 65535));
        w = WS(w, " UDP for 192.168.");
        w = wu(w, h->lan);
        *w++ = '.';
        w = wu(w, rr(rg, 2, 250));
        w = WS(w, " ok");
    } else if (r < 880) {
        /* near-misses: IKE-looking text from programs that are not the IKE daemon */
        const u32 ip = rpublic(rg);
        const u32 c = (u32)h->conns[rb(rg, (u32)h->nconns)];
        w = wnear(w, rg, o->now, h, k_near[rb(rg, COUNTOF(k_near))], ip, &m->conns[c]);
    } else {
        w = wktime(w, rg, h, o->now);
        w = wfw_head(w, rg, h, "DROP");
        w = WS(w, " LEN=40 TOS=0x00 PREC=0x00 TTL=");
        w = wu(w, rr(rg, 30, 250));
        w = WS(w, " ID=");
        w = wu(w, rb(rg, 65536));
        w = WS(w, " PROTO=TCP SPT=");
        w = wu(w, rr(rg, 1024, 65535));
        w = WS(w, " DPT=");
        w = wu(w, rr(rg, 1, 65535));
        w = WS(w, " WINDOW=1024 RES=0x00 SYN URGP=0");
    }
    out_end(o, w);
}

