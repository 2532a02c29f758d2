/* test_lexer.c — table-driven lexer tests: header variants, dialects,
 * classes and details. Expected values are written from SPEC.md by hand. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "lexcase.h"
#include "lexer/pluto.h"

static const struct lexcase k_headers[] = {
    /* H1 space-padded day */
    {"Apr  3 00:41:03 api pluto[1413]: \"tun1\" #5: DPD: No response from peer - declaring peer dead", IKE,
     "api", "pluto", "1413", "00:41:03", 0, 4, 3, "tun1", "", "", "", "5", "", "dpd_dead", ""},
    /* H2 zero-padded, lowercase month */
    {"apr 07 15:57:41 marces pluto[936695]: \"tun1\"[2] 203.0.113.5 #3: ISAKMP SA established", IKE,
     "marces", "pluto", "936695", "15:57:41", 0, 4, 7, "tun1", "2", "203.0.113.5", "", "3", "", "phase1_up", ""},
    /* H3 RFC 3339 */
    {"2025-04-06T10:56:19.695424+08:00 gw pluto[20228]: packet from 198.51.100.7:500: Informational Exchange is "
     "for an unknown (expired?) SA with MSGID:0x1234abcd",
     IKE, "gw", "pluto", "20228", "10:56:19.695424", 2025, 4, 6, "", "", "198.51.100.7", "500", "", "",
     "unknown_sa", "0x1234abcd"},
    /* H4 busybox facility.level token */
    {"Aug 22 14:53:25 ng authpriv.warn pluto[7015]: \"x\" #1: STATE_MAIN_I1: max number of retransmissions (2) "
     "reached STATE_MAIN_I1.  No response (or no acceptable response) to our first IKE message",
     IKE, "ng", "pluto", "7015", "14:53:25", 0, 8, 22, "x", "", "", "", "1", "", "retransmit_timeout", "2"},
    /* H5 <fac.sev> token */
    {"Feb 26 06:31:45 <10.4> localhost pluto[2531]: \"L2TP-PSK-NAT\"[2] 82.132.XXX.XXX #1: sent MR3, ISAKMP SA "
     "established",
     IKE, "localhost", "pluto", "2531", "06:31:45", 0, 2, 26, "L2TP-PSK-NAT", "2", "82.132.XXX.XXX", "", "1", "",
     "phase1_up", ""},
    /* H6 pluto's own log, with and without prefix */
    {"Aug  8 15:50:25: \"conn\" #1: initiating Main Mode", IKE, "", "", "", "15:50:25", 0, 8, 8, "conn", "", "", "",
     "1", "", "phase1_start", ""},
    {"Nov 18 14:49:43.848976: listening for IKE messages", NOT, "", "", "", "14:49:43.848976", 0, 11, 18, "", "", "",
     "", "", "", NULL, ""},
    /* H7 no header */
    {"\"L2TP-PSK-NAT\"[2] 82.132.XXX.XXX #1: received Vendor ID payload [RFC 3947] method set to=109", IKE, "", "",
     "", "", 0, 0, 0, "L2TP-PSK-NAT", "2", "82.132.XXX.XXX", "", "1", "", "vendor_id", "RFC 3947"},
    /* H8 program without pid */
    {"Jun 18 08:21:25 gw ipsec__plutorun: Starting Pluto", IKE, "gw", "ipsec__plutorun", "", "08:21:25", 0, 6, 18,
     "", "", "", "", "", "", "daemon", ""},
    /* H8 with neither host nor pid, a fraction (a VPN client manager's own log,
     * corpus/real): the message's first word looks like a host and program,
     * so the DFA reads on and falls back; re2c 3.0 with an EOF rule lost the
     * program's end tag there (prog "ipsec__plutorun: "). */
    {"Jun 27 10:57:37.289 ipsec__plutorun: Starting Pluto subsystem...", IKE, "", "ipsec__plutorun", "",
     "10:57:37.289", 0, 6, 27, "", "", "", "", "", "", "daemon", ""},
    {"Jun 27 10:57:37 ipsec__plutorun: Starting Pluto subsystem...", IKE, "", "ipsec__plutorun", "", "10:57:37", 0,
     6, 27, "", "", "", "", "", "", "daemon", ""},
    {"Jun 27 10:57:37.306 recvref[30]: Protocol not available", NOT, "", "recvref", "30", "10:57:37.306", 0, 6, 27,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
    {"Jun 27 10:57:37 xl2tpd[4463]: Forked by Scott Balmos and David Stipp, (C) 2001", NOT, "", "xl2tpd", "4463",
     "10:57:37", 0, 6, 27, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
    /* H9 tag instead of program */
    {"Sep 13 12:07:59 [pluto] \"2347e3fe-3daf-4234-9b32-3234ed87655e\" #1: initiating Main Mode", IKE, "", "pluto",
     "", "12:07:59", 0, 9, 13, "2347e3fe-3daf-4234-9b32-3234ed87655e", "", "", "", "1", "", "phase1_start", ""},
    /* H10 damaged host/program boundary */
    {"Mar 20 10:03:52 host. pluto[123920]: \"a\" #2: deleting state (STATE_MAIN_R3)", IKE, "host", "pluto",
     "123920", "10:03:52", 0, 3, 20, "a", "", "", "", "2", "", "sa_deleted", "STATE_MAIN_R3"},
    {"Mar 20 10:03:52 host.pluto[123920]: \"a\" #2: deleting state (STATE_MAIN_R3)", IKE, "host", "pluto",
     "123920", "10:03:52", 0, 3, 20, "a", "", "", "", "2", "", "sa_deleted", "STATE_MAIN_R3"},
    {"Mar 20 10:03:52 hostpluto[123920]: \"a\" #2: deleting state (STATE_MAIN_R3)", IKE, "host", "pluto", "123920",
     "10:03:52", 0, 3, 20, "a", "", "", "", "2", "", "sa_deleted", "STATE_MAIN_R3"},
    /* H11 RFC 5424 */
    {"<38>1 2024-01-01T00:00:00Z gw pluto 1234 - - \"a\" #2: IPsec SA established tunnel mode {ESP/NAT=>0xabc "
     "<0xdef xfrm=AES_CBC_256-HMAC_SHA2_256_128 NATOA=none NATD=1.2.3.4:4500 DPD=active}",
     IKE, "gw", "pluto", "1234", "00:00:00", 2024, 1, 1, "a", "", "", "", "2", "", "phase2_up", "0xabc 0xdef"},
    {"<38>1 2024-01-01T00:00:00Z gw pluto - - - \"a\"[1] 2001:db8::1 #3: responding to Main Mode from unknown peer "
     "2001:db8::1",
     IKE, "gw", "pluto", "", "00:00:00", 2024, 1, 1, "a", "1", "2001:db8::1", "", "3", "", "phase1_start", ""},
    /* <PRI> before an RFC 3164 header */
    {"<30>Aug  1 10:00:00 gw pluto[12]: \"c\" #4: received Delete SA payload: deleting ISAKMP State #4", IKE, "gw",
     "pluto", "12", "10:00:00", 0, 8, 1, "c", "", "", "", "4", "", "delete_sa", "#4"},
    /* other programs never count, whatever they say */
    {"Aug  1 10:00:00 gw kernel: packet from 1.2.3.4:500: DPD: No response from peer - declaring peer dead", NOT,
     "gw", "kernel", "", "10:00:00", 0, 8, 1, "", "", "", "", "", "", NULL, ""},
    {"feb 22 08:11:42 SLOWPC charon-systemd[297897]: 07[IKE] giving up after 5 retransmits", NOT, "SLOWPC",
     "charon-systemd", "297897", "08:11:42", 0, 2, 22, "", "", "", "", "", "", NULL, ""},
    {"Aug  1 10:00:00 gw webadmin[88]: user admin edited \"g2gips3\" #4: pluto peer", NOT, "gw", "webadmin", "88",
     "10:00:00", 0, 8, 1, "", "", "", "", "", "", NULL, ""},
    /* headerless text without a pluto prefix */
    {"random text mentioning pluto and SA", NOT, "", "", "", "", 0, 0, 0, "", "", "", "", "", "", NULL, ""},
    /* Libreswan debug */
    {"Aug  1 10:00:00 gw pluto[12]: | handling event EVENT_RETRANSMIT", DBG, "gw", "pluto", "12", "10:00:00", 0, 8,
     1, "", "", "", "", "", "", NULL, ""},
    /* whack console output */
    {"002 \"conn\" #1: STATE_MAIN_I1: initiate", IKE, "", "", "", "", 0, 0, 0, "conn", "", "", "", "1", "",
     "state_change", "STATE_MAIN_I1"},
    /* CRLF: the CR is not part of the message */
    {"packet from 218.x.x.x:500: [Tunnel Authorize Fail] no connection has been authorized with policy=PSK\r", IKE,
     "", "", "", "", 0, 0, 0, "", "", "218.x.x.x", "500", "", "Tunnel Authorize Fail", "psk_policy_miss", "PSK"},
};

static const struct lexcase k_seed[] = {
    {"packet from 124.x.x.x:500: [Tunnel Negotiation Info] Responder Received Aggressive Mode 1st packet on "
     "61.x.x.x:500\r",
     IKE, "", "", "", "", 0, 0, 0, "", "", "124.x.x.x", "500", "", "Tunnel Negotiation Info", "phase1_start",
     "61.x.x.x:500"},
    {"(g2gips18)[17] 124.x.x.x #1895: [Tunnel Negotiation Info] Peer ID is ID_USER_FQDN: 'xxxx@xxxx.cn'\r", IKE, "",
     "", "", "", 0, 0, 0, "g2gips18", "17", "124.x.x.x", "", "1895", "Tunnel Negotiation Info", "peer_id",
     "ID_USER_FQDN xxxx@xxxx.cn"},
    {"(g2gips18)[17] 124.x.x.x #1895: You should NOT use insecure IKE algorithms (OAKLEY_DES_CBC)!\r", IKE, "", "",
     "", "", 0, 0, 0, "g2gips18", "17", "124.x.x.x", "", "1895", "", "weak_ike", "OAKLEY_DES_CBC"},
    {"(g2gips18)[17] 124.x.x.x #1895: [Tunnel Negotiation Info] Responder Send Aggressive Mode 2nd packet\r", IKE,
     "", "", "", "", 0, 0, 0, "g2gips18", "17", "124.x.x.x", "", "1895", "Tunnel Negotiation Info", "state_change",
     ""},
    {"(g2gips18)[17] 124.x.x.x #1895: [Tunnel Negotiation Info] Received Aggressive Mode 3rd packet on 1.2.3.4", IKE,
     "", "", "", "", 0, 0, 0, "g2gips18", "17", "124.x.x.x", "", "1895", "Tunnel Negotiation Info", "state_change",
     "1.2.3.4"},
    {"(g2gips18)[17] 124.x.x.x #1895: NAT-Traversal: Result using draft-ietf-ipsec-nat-t-ike-02/03: peer is NATed\r",
     IKE, "", "", "", "", 0, 0, 0, "g2gips18", "17", "124.x.x.x", "", "1895", "", "nat_t", "peer is NATed"},
    {"(g2gips18)[17] 124.x.x.x #1895: [Tunnel Established] ISAKMP SA established\r", IKE, "", "", "", "", 0, 0, 0,
     "g2gips18", "17", "124.x.x.x", "", "1895", "Tunnel Established", "phase1_up", ""},
    {"(g2gips18)[17] 124.x.x.x #1895: [Tunnel Negotiation Info] Responder Received Quick Mode 1st packet on "
     "61.x.x.x:4500\r",
     IKE, "", "", "", "", 0, 0, 0, "g2gips18", "17", "124.x.x.x", "", "1895", "Tunnel Negotiation Info",
     "phase2_start", "61.x.x.x:4500"},
    {"(g2gips18)[14] 124.x.x.x:1024 #1896: [Tunnel Negotiation Info] "
     "esp_ealg_id=2-2,esp_ealg_keylen=0, key_len=64,esp_aalg_id=1-1.\\012\r",
     IKE, "", "", "", "", 0, 0, 0, "g2gips18", "14", "124.x.x.x", "1024", "1896", "Tunnel Negotiation Info",
     "state_change", ""},
    {"(g2gips18)[14] 124.x.x.x:1024 #1896: [Tunnel Negotiation Info] You should NOT use insecure ESP algorithms "
     "[ESP_DES (64)]!",
     IKE, "", "", "", "", 0, 0, 0, "g2gips18", "14", "124.x.x.x", "1024", "1896", "Tunnel Negotiation Info",
     "weak_esp", "ESP_DES (64)"},
    {"(g2gips18)[14] 124.x.x.x:1024 #1896: [Tunnel Negotiation Info] Inbound SPI value = 363c3bbb\r", IKE, "", "", "",
     "", 0, 0, 0, "g2gips18", "14", "124.x.x.x", "1024", "1896", "Tunnel Negotiation Info", "spi", "in 363c3bbb"},
    {"(g2gips18)[14] 124.x.x.x:1024 #1896: [Tunnel Negotiation Info] Outbound SPI value = bf9f49f7\r", IKE, "", "",
     "", "", 0, 0, 0, "g2gips18", "14", "124.x.x.x", "1024", "1896", "Tunnel Negotiation Info", "spi",
     "out bf9f49f7"},
    {"(g2gips18)[14] 124.x.x.x:1024 #1896: [Tunnel Negotiation Info] Dead Peer Detection (RFC 3706) enabled\r", IKE,
     "", "", "", "", 0, 0, 0, "g2gips18", "14", "124.x.x.x", "1024", "1896", "Tunnel Negotiation Info",
     "dpd_enabled", ""},
    {"(g2gips18)[14] 124.x.x.x:1024 #1896: [Tunnel Established] IPsec SA established {ESP=>0xbf9f49f7 < 0x363c3bbb "
     "NATOA=0.0.0.0\r",
     IKE, "", "", "", "", 0, 0, 0, "g2gips18", "14", "124.x.x.x", "1024", "1896", "Tunnel Established",
     "phase2_up", "0xbf9f49f7 0x363c3bbb"},
    {"(g2gips18)[16] 124.x.x.x #1872: [Tunnel Negotiation Fail] DPD: No response from peer - declaring peer dead", IKE,
     "", "", "", "", 0, 0, 0, "g2gips18", "16", "124.x.x.x", "", "1872", "Tunnel Negotiation Fail", "dpd_dead", ""},
    {"(g2gips18)[16] 124.x.x.x: [Tunnel Disconnected] instance with peer 124.x.x.x {isakmp=#0/ipsec=#0}", IKE, "",
     "", "", "", 0, 0, 0, "g2gips18", "16", "124.x.x.x", "", "", "Tunnel Disconnected", "disconnect",
     "isakmp=#0/ipsec=#0"},
    {"packet from 124.x.x.x:500: [Tunnel Authorize Fail] Informational Exchange is for an unknown (expired?) SA", IKE,
     "", "", "", "", 0, 0, 0, "", "", "124.x.x.x", "500", "", "Tunnel Authorize Fail", "unknown_sa", ""},
    {"(g2gips3) #497: [Tunnel Authorize Fail] ignoring Delete SA payload: PROTO_IPSEC_ESP SA(0x64743869) not found "
     "(maybe expired)",
     IKE, "", "", "", "", 0, 0, 0, "g2gips3", "", "", "", "497", "Tunnel Authorize Fail", "delete_sa_not_found",
     "PROTO_IPSEC_ESP 0x64743869"},
    /* the tag decides for Tunnel Disconnected whatever the wording */
    {"(g2gips5)[13] 123.x.x.x #534: [Tunnel Disconnected] something the firmware never said before", IKE, "", "", "",
     "", 0, 0, 0, "g2gips5", "13", "123.x.x.x", "", "534", "Tunnel Disconnected", "disconnect", ""},
    /* unknown tags are kept verbatim */
    {"(g2gips5)[13] 123.x.x.x #534: [Tunnel Rekey Info] Initiator Send Main Mode 1st packet", IKE, "", "", "", "", 0,
     0, 0, "g2gips5", "13", "123.x.x.x", "", "534", "Tunnel Rekey Info", "phase1_start", ""},
};

#define L(body, cls, detail) \
    {"Mar  1 10:00:00 gw pluto[7]: \"c\"[1] 192.0.2.1 #9: " body, IKE, "gw", "pluto", "7", "10:00:00", 0, 3, 1, \
     "c", "1", "192.0.2.1", "", "9", "", cls, detail}

/* Openswan, strongSwan-4 and Libreswan wordings, one or more per class. */
static const struct lexcase k_classes[] = {
    L("initiating Main Mode to replace #8", "phase1_start", ""),
    L("initiating IKEv1 Main Mode connection", "phase1_start", ""),
    L("initiating Aggressive Mode #9, connection \"c\"", "phase1_start", ""),
    L("responding to Aggressive Mode, state #9, connection \"c\" from 192.0.2.1", "phase1_start", ""),
    L("IKE SA established {auth=PRESHARED_KEY cipher=aes_256 integ=sha group=MODP2048}", "phase1_up",
      "auth=PRESHARED_KEY cipher=aes_256 integ=sha group=MODP2048"),
    L("STATE_MAIN_R3: sent MR3, ISAKMP SA established {auth=OAKLEY_PRESHARED_KEY cipher=aes_128 prf=oakley_sha "
      "group=modp1024}",
      "phase1_up", "auth=OAKLEY_PRESHARED_KEY cipher=aes_128 prf=oakley_sha group=modp1024"),
    L("established IKE SA; authenticated using authby=secret and peer ID_FQDN 'peer.example'", "phase1_up", ""),
    L("initiator established IKE SA; authenticated peer using authby=secret and ID_FQDN '@east'", "phase1_up", ""),
    L("responder established Child SA using #1; IPsec tunnel [10.0.1.0/24] -> [10.0.2.0/24] {ESPinUDP=>0xaaaa0001 "
      "<0xbbbb0002 xfrm=AES_GCM_16_256-NONE DPD=active}",
      "phase2_up", "0xaaaa0001 0xbbbb0002"),
    L("deleting connection \"c\"[1] 192.0.2.1 instance with peer 192.0.2.1 {isakmp=#0/ipsec=#0}", "disconnect",
      "isakmp=#0/ipsec=#0"),
    L("XAUTH FAILED during pam_authenticate with 'bad' for state #9, c[1] user=carol.", "xauth_fail", "carol"),
    L("initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP {using isakmp#8}", "phase2_start", ""),
    L("responding to Quick Mode proposal {msgid:a1b2c3d4}", "phase2_start", ""),
    L("STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode {ESP=>0x1a2b3c4d <0x5e6f7a8b "
      "xfrm=AES_128-HMAC_SHA1 NATOA=none NATD=none DPD=enabled}",
      "phase2_up", "0x1a2b3c4d 0x5e6f7a8b"),
    L("established Child SA using #8; IPsec tunnel [10.0.0.0/24] -> [10.1.0.0/24] {ESP/ESN=>0x11111111 <0x22222222 "
      "xfrm=AES_GCM_16_256-NONE DPD=passive}",
      "phase2_up", "0x11111111 0x22222222"),
    L("Main mode peer ID is ID_FQDN: '@branch.example'", "peer_id", "ID_FQDN @branch.example"),
    L("Peer ID is FQDN: 'it''s'", "peer_id", "FQDN it''s"),
    L("NAT-Traversal: Result using RFC 3947 (NAT-Traversal): no NAT detected", "nat_t", "no NAT detected"),
    L("new NAT mapping for #9, was 192.0.2.1:500, now 192.0.2.1:4500", "nat_t", ""),
    L("ignoring unknown Vendor ID payload [4f45606c50487c5662707575]", "vendor_id", "4f45606c50487c5662707575"),
    L("You should NOT use insecure IKE algorithms (OAKLEY_DES_CBC)!", "weak_ike", "OAKLEY_DES_CBC"),
    L("You should NOT use insecure ESP algorithms [ESP_DES (64)]!", "weak_esp", "ESP_DES (64)"),
    L("Dead Peer Detection (RFC 3706): enabled", "dpd_enabled", ""),
    L("DPD: Info: No response from peer - declaring peer dead", "dpd_dead", ""),
    L("DPD action - clearing connection kind CK_INSTANCE", "dpd_dead", ""),
    L("DPD: Terminating all SAs using this connection", "dpd_action", ""),
    L("DPD: Restarting Connection", "dpd_action", ""),
    L("STATE_MAIN_I1: retransmission; will wait 20s for response", "retransmit", ""),
    L("discarding duplicate packet; already STATE_MAIN_R2", "retransmit", ""),
    L("starting keying attempt 2 of an unlimited number", "retransmit", ""),
    L("STATE_MAIN_I1: 60 second timeout exceeded after 7 retransmits.  No response (or no acceptable response) to "
      "our first IKEv1 message",
      "retransmit_timeout", "7"),
    L("initial Main Mode message received on 192.0.2.254:500 but no connection has been authorized with "
      "policy=PSK+XAUTH",
      "psk_policy_miss", "PSK+XAUTH"),
    L("initial Main Mode message received on 192.0.2.254:500 but no connection has been authorized with policy PSK",
      "psk_policy_miss", "PSK"),
    L("initial Aggressive Mode message from 192.0.2.1 but no (wildcard) connection has been configured with "
      "policy=PSK",
      "psk_policy_miss", "PSK"),
    L("we require peer to have ID 'a.example', but peer declares 'b.example'", "id_mismatch", "a.example"),
    L("no suitable connection for peer '=cmd|calc'", "id_mismatch", "=cmd|calc"),
    L("Peer mismatch on first found connection and no better connection found", "id_mismatch", ""),
    L("probable authentication failure (mismatch of preshared secrets?): malformed payload in packet", "auth_fail",
      ""),
    L("received Hash Payload does not match computed value", "auth_fail", ""),
    L("no acceptable Oakley Transform", "no_proposal", ""),
    L("no acceptable Proposal in IPsec SA", "no_proposal", ""),
    L("cannot respond to IPsec SA request because no connection is known for "
      "10.0.0.0/24===192.0.2.254...192.0.2.1===10.9.0.0/24",
      "phase2_no_conn", ""),
    L("sending encrypted notification INVALID_ID_INFORMATION to 192.0.2.1:500", "notify_sent",
      "INVALID_ID_INFORMATION"),
    L("ignoring informational payload, type NO_PROPOSAL_CHOSEN msgid=00000000", "notify_received",
      "NO_PROPOSAL_CHOSEN"),
    L("received and ignored informational message", "notify_received", ""),
    L("Quick Mode message is for a non-existent (expired?) ISAKMP SA", "unknown_sa", ""),
    L("received Delete SA(0x1a2b3c4d) payload: deleting IPSEC State #10", "delete_sa", "0x1a2b3c4d"),
    L("ignoring Delete SA payload: ISAKMP SA not found (maybe expired)", "delete_sa_not_found", ""),
    L("deleting state (STATE_QUICK_R2)", "sa_deleted", "STATE_QUICK_R2"),
    L("deleting connection \"c\" instance with peer 192.0.2.1 {isakmp=#0/ipsec=#0}", "disconnect",
      "isakmp=#0/ipsec=#0"),
    L("XAUTH: User alice: Authentication Successful", "xauth_ok", "alice"),
    L("XAUTH: User bob: Authentication Failed: Incorrect Username or Password", "xauth_fail", "bob"),
    L("ERROR: asynchronous network error report on eth0 (sport=500) for message to 192.0.2.1 port 500, complainant "
      "192.0.2.1: Connection refused [errno 111, origin ICMP type 3 code 3 (not authenticated)]",
      "network_error", ""),
    L("transition from state STATE_MAIN_R1 to state STATE_MAIN_R2", "state_change", ""),
    L("STATE_QUICK_R1: sent QR1, inbound IPsec SA installed, expecting QI2", "state_change", "STATE_QUICK_R1"),
    L("XAUTH: Sending Username/Password request (XAUTH_R0)", "state_change", ""),
    L("a wording no rule knows", "other", ""),
};

TS_LEXCASE_TEST(test_headers, k_headers)

TS_LEXCASE_TEST(test_seed, k_seed)

TS_LEXCASE_TEST(test_classes, k_classes)

/* Every class of the taxonomy is produced by at least one table line. */
static void test_every_class_covered(void **state)
{
    (void)state;
    int seen[TS_NCLASS] = {0};
    const struct lexcase *tabs[] = {k_headers, k_seed, k_classes};
    size_t ns[] = {sizeof k_headers / sizeof *k_headers, sizeof k_seed / sizeof *k_seed,
                   sizeof k_classes / sizeof *k_classes};
    for (int t = 0; t < 3; t++)
        for (size_t i = 0; i < ns[t]; i++)
            if (tabs[t][i].cls) {
                int c;
                assert_int_equal(ts_class_by_name(tabs[t][i].cls, (ptrdiff_t)strlen(tabs[t][i].cls), &c), TS_OK);
                seen[c]++;
            }
    for (int c = 0; c < TS_NCLASS; c++)
        if (!seen[c]) fail_msg("class %s has no lexer test", ts_class_name(c));
}

static void test_repeat_and_edges(void **state)
{
    (void)state;
    struct ts_line o;
    const char *rep = "Aug  1 10:00:00 gw pluto[12]: message repeated 3 times: [ packet from 1.2.3.4:500: "
                      "[Tunnel Authorize Fail] no connection has been authorized with policy=PSK]\n";
    assert_int_equal(ts_lex_line((const unsigned char *)rep, (const unsigned char *)rep + strlen(rep) - 1, &o),
                     TS_LINE_IKE);
    assert_int_equal(o.weight, 3);
    assert_int_equal(o.cls, TS_C_PSK_POLICY_MISS);
    assert_int_equal(o.d1.n, 3); /* "PSK", the closing ']' is not part of it */

    /* a forged repeat count (found by fuzz_scan: int overflow) is not a repeat */
    const char *big = "Oct  5 07:00:30 edge-r pluto[2900]: message repeated 288888888888888 times: [ \"b\" #1: "
                      "DPD: No response from peer - declaring peer dead]\n";
    assert_int_equal(ts_lex_line((const unsigned char *)big, (const unsigned char *)big + strlen(big) - 1, &o),
                     TS_LINE_IKE);
    assert_int_equal(o.weight, 1);
    assert_int_equal(o.cls, TS_C_OTHER);
    const char *max8 = "Oct  5 07:00:30 edge-r pluto[2900]: message repeated 99999999 times: [ \"b\" #1: "
                       "DPD: No response from peer - declaring peer dead]\n";
    assert_int_equal(ts_lex_line((const unsigned char *)max8, (const unsigned char *)max8 + strlen(max8) - 1, &o),
                     TS_LINE_IKE);
    assert_int_equal(o.weight, 99999999);
    assert_int_equal(o.cls, TS_C_DPD_DEAD);

    /* NUL bytes and invalid UTF-8 are data */
    const unsigned char nul[] = "(g2g\0x) #4: Peer ID is ID_FQDN: '\xff\xfe\0'\n";
    assert_int_equal(ts_lex_line(nul, nul + sizeof nul - 2, &o), TS_LINE_IKE);
    assert_int_equal(o.conn.n, 5);
    assert_int_equal(o.cls, TS_C_PEER_ID);
    assert_int_equal(o.d2.n, 3);

    /* an empty line and a lone CR */
    const unsigned char e[] = "\n";
    assert_int_equal(ts_lex_line(e, e, &o), TS_LINE_NOT_IKE);
    const unsigned char cr[] = "\r\n";
    assert_int_equal(ts_lex_line(cr, cr + 1, &o), TS_LINE_NOT_IKE);

    /* [v6]:port endpoint */
    const char *v6 = "connection from [2001:db8::7]:4500: sending notification INVALID_KE_PAYLOAD to "
                     "[2001:db8::7]:4500\n";
    assert_int_equal(ts_lex_line((const unsigned char *)v6, (const unsigned char *)v6 + strlen(v6) - 1, &o),
                     TS_LINE_IKE);
    ts_check_str("peer", v6, o.peer, "2001:db8::7");
    ts_check_str("port", v6, o.port, "4500");
    assert_int_equal(o.cls, TS_C_NOTIFY_SENT);
}

static void test_class_names(void **state)
{
    (void)state;
    for (int c = 0; c < TS_NCLASS; c++) {
        const char *n = ts_class_name(c);
        int got = -1;
        assert_int_equal(ts_class_by_name(n, (ptrdiff_t)strlen(n), &got), TS_OK);
        assert_int_equal(got, c);
    }
    int got = 7;
    assert_int_equal(ts_class_by_name("nope", 4, &got), TS_EDATA);
    assert_int_equal(got, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers),        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_classes),        cmocka_unit_test(test_every_class_covered),
        cmocka_unit_test(test_repeat_and_edges), cmocka_unit_test(test_class_names),
    };
    return cmocka_run_group_tests_name("lexer", tests, NULL, NULL) ? 1 : 0;
}
