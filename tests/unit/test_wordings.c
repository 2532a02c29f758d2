/* test_wordings.c — the wording families, headers and prefixes of issue 12,
 * as the daemons write them, and near misses that must not count.
 *
 * Every wording cites where it was read: libreswan/libreswan (whose history
 * also holds Openswan 2.x: tag v2.6.38) at the tag named, file: function.
 * Addresses are documentation ranges; names are made up. Expected values are
 * written by hand from SPEC.md §2–§5. */
#include "testutil.h"

#include <string.h>

#include "lexcase.h"
#include "lexer/pluto.h"

/* Libreswan 4.x/5.x prefix of a non-instance connection: no peer in it. */
#define W(body, cls, detail) \
    {"Mar  1 10:00:00 gw pluto[7]: \"c\" #9: " body, IKE, "gw", "pluto", "7", "10:00:00", 0, 3, 1, \
     "c", "", "", "", "9", "", cls, detail}
/* The same, when the message names its peer (SPEC §5). */
#define WP(body, peer, port, cls, detail) \
    {"Mar  1 10:00:00 gw pluto[7]: \"c\" #9: " body, IKE, "gw", "pluto", "7", "10:00:00", 0, 3, 1, \
     "c", "", peer, port, "9", "", cls, detail}

static const struct lexcase k_families[] = {
    /* ---- authentication failures ---- */
    /* v3.25 ikev2_parent.c: ikev2_auth_initiator_process_failure_notification */
    W("IKE SA authentication request rejected: AUTHENTICATION_FAILED", "auth_fail", ""),
    /* v4.5..v5.4 ikev2_ike_auth.c: process_v2_IKE_AUTH_failure_response */
    W("IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED", "auth_fail", ""),
    W("IKE SA authentication request rejected by peer: unrecognized response", "auth_fail", ""),
    /* v3.25 ikev2_parent.c: v2_check_auth; v3.32 PSK with "in %s" */
    W("RSA authentication failed", "auth_fail", ""),
    W("Digital Signature authentication failed", "auth_fail", ""),
    W("PSK Authentication failed: AUTH mismatch in IKE_AUTH!", "auth_fail", ""),
    /* v2.6.38 ikev2_parent.c: ikev2parent_inR2 */
    W("PSK authentication failed AUTH mismatch!", "auth_fail", ""),
    /* v3.25..v4.2 ikev2_psk.c: ikev2_verify_psk_auth */
    W("AUTH mismatch: Received AUTH != computed AUTH", "auth_fail", ""),
    /* v4.5 keys.c / v5.4 ikev2_auth.c: verify_v2AUTH_and_log_using_pubkey (diag) */
    W("authentication failed: using RSA with SHA2_512 for '@east' tried preloaded: *AQOm9dY/4", "auth_fail", ""),
    W("authentication failed: peer authentication requires hash algorithm SHA2_512", "auth_fail", ""),
    /* v4.15 / v5.4 peer_id.c: "X509: authentication failed; " + diag */
    W("X509: authentication failed; peer certificate subjectAltName extension does not match ID_FQDN "
      "'east.example.net'",
      "auth_fail", ""),
    /* v3.32 / v4.0 keys.c: check_signature_gen, the phrase after the method */
    W("RSA Signature check (on '@east') failed (wrong key?); tried *AQOm9dY/4", "auth_fail", ""),
    /* v3.32..v5.4 ikev1_hash.c: check_v1_HASH */
    W("received 'quick_inI1_outR1' message HASH(1) data does not match computed value", "auth_fail", ""),
    /* v4.15 / v5.4 ikev1_cert.c: v1_decode_certs; cert_decode_helper.c: cert_decode_completed */
    W("X509: certificate rejected for this connection", "auth_fail", ""),
    W("X509: certificate payload rejected for this connection", "auth_fail", ""),
    /* v3.25 ikev1.c: ikev1_decode_peer_id; v5.4 ikev1_aggr.c */
    W("X509: CERT payload bogus or revoked", "auth_fail", ""),
    /* v2.6.38 x509keys.c: decode_cert */
    W("X.509 certificate rejected", "auth_fail", ""),
    /* v4.15 / v5.4 nss_cert_verify.c ("%s: %s certificate %s invalid") */
    W("NSS: ERROR: IPsec certificate CN=east.example.net invalid: SEC_ERROR_EXPIRED_CERTIFICATE: Peer's "
      "Certificate has expired.",
      "auth_fail", ""),
    W("ERROR: Peer's Certificate has been revoked.", "auth_fail", ""),
    /* ---- the certificate does not carry the ID the connection wants: an authentication failure ---- */
    /* v3.25 x509.c: match_certs_id */
    W("ID_DER_ASN1_DN 'CN=west' does not match expected 'CN=east'", "auth_fail", ""),
    /* v3.32 ikev2.c: decode_peer_id_counted */
    W("Peer CERT payload SubjectAltName does not match peer ID for this connection", "auth_fail", ""),
    /* v3.25 / v4.5 ikev1.c: ikev1_decode_peer_id */
    W("X509: CERT payload does not match connection ID", "auth_fail", ""),
    /* v3.25 x509.c: pluto_process_certs */
    W("certificate does not contain ID_IP subjectAltName=192.0.2.123", "auth_fail", ""),
    /* v3.0 spdb_v1_struct.c: parse_isakmp_sa_body (builddiag) */
    W("Can't authenticate: no preshared key found for `@road' and `@east'.  Attribute OAKLEY_AUTHENTICATION_METHOD",
      "auth_fail", ""),
    /* ---- the peer's ID is not the one the connection wants ---- */
    /* v3.25 ikev2.c: ikev2_decode_peer_id_and_certs */
    W("we require IKEv2 peer to have ID '@east', but peer declares '@west'", "id_mismatch", "@east"),

    /* ---- DPD / liveness deaths ---- */
    /* v3.25 connections.c: liveness_action ("%s action - " with "IKEv1 DPD:"/"IKEv2 liveness:") */
    W("IKEv1 DPD: action - clearing connection kind CK_PERMANENT", "dpd_dead", ""),
    W("IKEv2 liveness: action - putting connection into hold", "dpd_dead", ""),
    /* v4.10 / v4.15 ikev2_retry.c: retransmit_timeout_action */
    W("liveness action - restarting all connections that share this peer", "dpd_dead", ""),
    /* v4.9..v5.4 ikev1_dpd.c: event_v1_dpd_timeout */
    W("DPD action - putting connection into hold", "dpd_dead", ""),
    /* v3.25 timer.c: liveness_check; the peer is written in the text */
    WP("liveness_check - peer 192.0.2.23 has not responded in 32 seconds, with a timeout of 30, taking action hold",
       "192.0.2.23", "", "dpd_dead", ""),

    /* ---- retransmission timeouts: Libreswan 5 state names have no STATE_ ---- */
    /* v5.4 retransmit.c: retransmit; ikev2_states.c S(IKE_SA_INIT_I) */
    W("IKE_SA_INIT_I: 60 second timeout exceeded after 7 retransmits.  No response (or no acceptable response) to "
      "our first IKEv2 message",
      "retransmit_timeout", "7"),
    W("ESTABLISHED_IKE_SA: 60 second timeout exceeded after 7 retransmits.  No response (or no acceptable "
      "response) to our IKEv2 message",
      "retransmit_timeout", "7"),
    W("MAIN_I3: 60 second timeout exceeded after 0 retransmits.  Possible authentication failure: no acceptable "
      "response to our first encrypted message",
      "retransmit_timeout", "0"),
    /* v4.x: STATE_V2_PARENT_I2 */
    W("STATE_V2_PARENT_I2: 10 second timeout exceeded after 3 retransmits.  Possible authentication failure: no "
      "acceptable response to our first encrypted message",
      "retransmit_timeout", "3"),
    /* v5.4 ikev2_retransmit.c: "retransmitting %s" */
    W("retransmitting IKE_SA_INIT request; will wait 0.5 seconds for response", "retransmit", ""),

    /* ---- IKEv2 progress ---- */
    /* v3.25 ikev2_parent.c: ikev2_parent_outI1; v3.32; v4.0..v5.4 ikev2_ike_sa_init.c */
    W("initiating v2 parent SA", "phase1_start", ""),
    W("initiating IKEv2 IKE SA", "phase1_start", ""),
    W("initiating IKEv2 connection", "phase1_start", ""),
    WP("initiating IKEv2 connection to 192.0.2.23 using UDP", "192.0.2.23", "", "phase1_start", ""),
    /* v4.0..v5.0 ikev2_states.c S(STATE_V2_PARENT_I1, "sent IKE_SA_INIT request"); 5.x adds "to ADDR" */
    W("sent IKE_SA_INIT request", "state_change", ""),
    WP("sent IKE_SA_INIT request to 192.0.2.23:UDP/500", "192.0.2.23", "500", "state_change", ""),
    WP("sent IKE_SA_INIT request to [2001:db8::23]:UDP/500", "2001:db8::23", "500", "state_change", ""),
    /* v5.4 ikev2_ike_sa_init.c: llog_success_process_v2_IKE_SA_INIT_response */
    WP("processed IKE_SA_INIT response from 192.0.2.23:UDP/500 {cipher=AES_GCM_16_256 integ=n/a "
       "prf=HMAC_SHA2_512 group=DH19}, initiating IKE_AUTH",
       "192.0.2.23", "500", "state_change", ""),
    /* v4.5 ikev1_states.c S(STATE_MAIN_I1, "sent Main Mode request") */
    W("sent Main Mode request", "state_change", ""),
    /* v3.10..v3.32: the story of STATE_PARENT_I3 with the IKE_AUTH details */
    W("STATE_PARENT_I3: PARENT SA established tunnel mode {ESP=>0x1234abcd <0xabcd1234 xfrm=AES_128-HMAC_SHA1 "
      "NATOA=none NATD=none DPD=passive}",
      "phase1_up", "ESP=>0x1234abcd <0xabcd1234 xfrm=AES_128-HMAC_SHA1 NATOA=none NATD=none DPD=passive"),
    /* v4.10..v5.4 ikev2_child.c: llog_v2_child_sa_established ("rekeyed Child SA") */
    W("initiator rekeyed Child SA #3 using #1; IPsec tunnel [192.0.2.0/24===198.51.100.0/24] {ESP/ESN=>0x5a0b1c2d "
      "<0x6e7f8091 xfrm=AES_GCM_16_256-NONE DPD=passive}",
      "phase2_up", "0x5a0b1c2d 0x6e7f8091"),
    /* v3.25 / v3.32 ikev2_psk.c: ikev2_verify_psk_auth, the IKE SA is up (3.x logs no other line for it) */
    W("Authenticated using authby=secret", "phase1_up", ""),
    /* v3.25 keys.c: RSA_check_signature_gen, before "ISAKMP SA established" in IKEv1: not a second phase1_up */
    W("Authenticated using RSA", "state_change", ""),
    /* v2.6.38..v4.2 ikev2.c: "IKEv2 mode peer ID is %s: '%s'" */
    W("IKEv2 mode peer ID is ID_FQDN: '@east'", "peer_id", "ID_FQDN @east"),
    /* v4.5..v5.4 ikev2_create_child_sa.c */
    W("initiating Child SA using IKE SA #1", "phase2_start", ""),

    /* ---- proposals and traffic selectors ---- */
    /* v3.25..v5.4 ikev2_proposals.c: process_v2SA_payload */
    W("no local proposal matches remote proposals 1:ESP:ENCR=AES_CBC_128;INTEG=HMAC_SHA1_96;ESN=NO", "no_proposal",
      ""),
    /* v4.5..v5.4 ikev2_child.c: process_v2_IKE_AUTH_response_child_payloads */
    W("IKE_AUTH response rejected Child SA with NO_PROPOSAL_CHOSEN", "no_proposal", ""),
    W("IKE_AUTH response rejected Child SA with TS_UNACCEPTABLE", "phase2_no_conn", ""),
    /* v4.5..v5.4 ikev2_create_child_sa.c: process_v2_CREATE_CHILD_SA_failure_response */
    W("CREATE_CHILD_SA failed with error notification TS_UNACCEPTABLE", "phase2_no_conn", ""),
    /* v4.5 ikev2_ike_auth.c: process_v2_IKE_AUTH_failure_response */
    W("IKE_AUTH response contained the error notification NO_PROPOSAL_CHOSEN", "no_proposal", ""),
    /* v4.5..v5.3 ikev2_ts.c */
    W("No IKEv2 connection found with compatible Traffic Selectors", "phase2_no_conn", ""),

    /* ---- policy misses (IKEv2) ---- */
    /* v4.5 ikev2_host_pair.c: find_v2_host_pair_connection */
    W("IKE_SA_INIT message received on 192.0.2.1:500 but no suitable connection found with IKEv2 policy",
      "psk_policy_miss", ""),

    /* ---- delete / notifies (IKEv2) ---- */
    /* v4.5 ikev2_delete.c: process_v2D_requests */
    W("received delete request for ESP SA(0x0bad1dea) but corresponding state not found", "delete_sa_not_found",
      "ESP 0x0bad1dea"),
    /* v5.4 ikev1.c: informational */
    W("ignoring secured informational payload INVALID_ID_INFORMATION, msgid=00000000, length=12",
      "notify_received", "INVALID_ID_INFORMATION"),
    /* v3.27..v5.1 ikev1.c: informational */
    W("received and ignored notification payload: NO_PROPOSAL_CHOSEN", "notify_received", "NO_PROPOSAL_CHOSEN"),
    /* v3.25 ikev2_parent.c: ikev2_IKE_SA_process_SA_INIT_response_notification */
    W("STATE_PARENT_I1: received unauthenticated v2N_NO_PROPOSAL_CHOSEN - ignored", "notify_received",
      "NO_PROPOSAL_CHOSEN"),
    /* v4.5 state.c: deleting ISAKMP SA (MAIN_I4) */
    W("deleting ISAKMP SA (MAIN_I4) and sending notification", "sa_deleted", "MAIN_I4"),

    /* ---- XAUTH through PAM: the outcome is written at the end ---- */
    /* v4.15 / v5.4 pam_auth.c: pam_callback */
    W("PAM: authentication of user 'carol' FAILED after 3.1 seconds", "xauth_fail", "carol"),
    W("PAM: authentication of user 'carol' ABORTED (timeout) after 60.0 seconds", "xauth_fail", "carol"),
    W("PAM: authentication of user 'carol' SUCCEEDED after 0.5 seconds", "xauth_ok", "carol"),
};

static const struct lexcase k_headers[] = {
    /* Sophos UTM / Astaro: colon date, '-' before the time, "(none)" host is no host */
    {"2013:04:15-10:22:01 (none) pluto[5071]: \"S_to_HQ\" #1: initiating Main Mode", IKE, "", "pluto", "5071",
     "10:22:01", 2013, 4, 15, "S_to_HQ", "", "", "", "1", "", "phase1_start", ""},
    {"2014:07:08-14:55:40 utm-1 pluto[6155]: \"S_to_HQ\" #2: DPD action - restarting all connections that share "
     "this peer",
     IKE, "utm-1", "pluto", "6155", "14:55:40", 2014, 7, 8, "S_to_HQ", "", "", "", "2", "", "dpd_dead", ""},
    /* fractional seconds in an RFC 3164 header */
    {"Aug  9 14:08:35.716 gw pluto[12]: \"c\" #1: sent IKE_AUTH request {cipher=AES_GCM_16_256 integ=n/a}", IKE,
     "gw", "pluto", "12", "14:08:35.716", 0, 8, 9, "c", "", "", "", "1", "", "state_change", ""},
    /* empty host: two and three spaces */
    {"Aug  9 14:08:35  pluto[12]: \"c\" #1: liveness action - putting connection into hold", IKE, "", "pluto", "12",
     "14:08:35", 0, 8, 9, "c", "", "", "", "1", "", "dpd_dead", ""},
    {"Aug  9 14:08:35   pluto[12]: \"c\" #1: liveness action - putting connection into hold", IKE, "", "pluto",
     "12", "14:08:35", 0, 8, 9, "c", "", "", "", "1", "", "dpd_dead", ""},
    /* bare program: container logs, captured stderr */
    {"pluto[12]: \"c\" #1: IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED", IKE, "", "pluto",
     "12", "", 0, 0, 0, "c", "", "", "", "1", "", "auth_fail", ""},
    /* ISO date with a space */
    {"2024-01-02 03:04:05 gw pluto[12]: \"c\" #1: initiating IKEv2 connection", IKE, "gw", "pluto", "12",
     "03:04:05", 2024, 1, 2, "c", "", "", "", "1", "", "phase1_start", ""},
    {"2024-01-02 03:04:05.123 gw pluto[12]: \"c\" #1: initiating IKEv2 connection", IKE, "gw", "pluto", "12",
     "03:04:05.123", 2024, 1, 2, "c", "", "", "", "1", "", "phase1_start", ""},
    /* journalctl -o short-iso and short-full */
    {"2024-01-02T03:04:05+0100 gw pluto[12]: \"c\" #1: initiating IKEv2 connection", IKE, "gw", "pluto", "12",
     "03:04:05", 2024, 1, 2, "c", "", "", "", "1", "", "phase1_start", ""},
    {"Tue 2024-01-02 03:04:05 CET gw pluto[12]: \"c\" #1: initiating IKEv2 connection", IKE, "gw", "pluto", "12",
     "03:04:05", 2024, 1, 2, "c", "", "", "", "1", "", "phase1_start", ""},
    /* busybox logread: day of week, year after the time, no host */
    {"Tue Jan  2 03:04:05 2024 authpriv.warn pluto[12]: \"c\" #1: initiating Main Mode", IKE, "", "pluto", "12",
     "03:04:05", 2024, 1, 2, "c", "", "", "", "1", "", "phase1_start", ""},
    /* pluto's own log: a restart banner is not an IKE line (it ends a headerless run) */
    {"Aug  9 14:08:35.716074: Starting Pluto (Libreswan Version 3.29 XFRM(netkey)) pid:8740", NOT, "", "", "",
     "14:08:35.716074", 0, 8, 9, "", "", "", "", "", "", NULL, ""},
};

static const struct lexcase k_prefixes[] = {
    /* v3.25 connections.c: fmt_conn_instance, opportunistic: [N] this.client=== ...peer===that.client */
    {"\"private-or-clear#192.0.2.0/24\"[1] ...192.0.2.23 #1: initiating Main Mode", IKE, "", "", "", "", 0, 0, 0,
     "private-or-clear#192.0.2.0/24", "1", "192.0.2.23", "", "1", "", "phase1_start", ""},
    {"\"us-to-anyone\"[1] 192.0.1.0/24=== ...192.0.2.23===? #1: responding to Main Mode from unknown peer "
     "192.0.2.23",
     IKE, "", "", "", "", 0, 0, 0, "us-to-anyone", "1", "192.0.2.23", "", "1", "", "phase1_start", ""},
    {"\"clear-or-private#192.0.2.0/24\"[1] ...192.0.2.23==={192.0.2.1/32} #2: established Child SA", IKE, "", "",
     "", "", 0, 0, 0, "clear-or-private#192.0.2.0/24", "1", "192.0.2.23", "", "2", "", "phase2_up", ""},
    /* labeled IPsec (5.x): nested instances, the first is kept */
    {"\"labeled\"[1][2] 192.0.2.23 #3: IKE_AUTH response rejected Child SA with TS_UNACCEPTABLE", IKE, "", "", "",
     "", 0, 0, 0, "labeled", "1", "192.0.2.23", "", "3", "", "phase2_no_conn", ""},
    /* v3.25 log.c: sensitive_ipstr with logip=no */
    {"\"rw\"[4] <ip address> #7: DPD action - clearing connection kind CK_INSTANCE", IKE, "", "", "", "", 0, 0, 0,
     "rw", "4", "<ip address>", "", "7", "", "dpd_dead", ""},
};

/* Lines from other programs, status output and lines whose meaning is not a
 * failure: none of them may be counted in a failure class. */
static const struct lexcase k_nearmiss[] = {
    /* relayed whack output under another program's name duplicates pluto's own line */
    {"abr 25 23:16:12 testhost NetworkManager[432]: 003 \"x\" #1: IKE SA authentication request rejected by peer: "
     "AUTHENTICATION_FAILED",
     NOT, "testhost", "NetworkManager", "432", "23:16:12", 0, 4, 25, "", "", "", "", "", "", NULL, ""},
    {"2013:04:15-10:22:01 (none) kernel: DPD action - putting connection into hold", NOT, "(none)", "kernel", "",
     "10:22:01", 2013, 4, 15, "", "", "", "", "", "", NULL, ""},
    {"Tue Jan  2 03:04:05 2024 daemon.info charon[12]: 09[IKE] received AUTHENTICATION_FAILED notify error", NOT,
     "", "charon", "12", "03:04:05", 2024, 1, 2, "", "", "", "", "", "", NULL, ""},
    {"plutonium[12]: \"x\" #1: DPD action - putting connection into hold", NOT, "", "", "", "", 0, 0, 0, "", "",
     "", "", "", "", NULL, ""},
    /* whack --status lines pasted with a console (v4.15 / v5.4 test consoles) */
    {"#2: \"westnet-eastnet\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in XXs", IKE, "", "", "",
     "", 0, 0, 0, "", "", "", "", "2", "", "daemon", ""},
    {"#3: \"labeled\"[1][2] 192.0.2.23 established Child SA; REKEY in XXs; REPLACE in XXs", IKE, "", "", "", "", 0,
     0, 0, "", "", "", "", "3", "", "daemon", ""},
    {"000 \"westnet-eastnet\": 192.0.1.0/24===192.1.2.45<192.1.2.45>[@west]...192.1.2.23<192.1.2.23>[@east]==="
     "192.0.2.0/24; unrouted; eroute owner: #0",
     IKE, "", "", "", "", 0, 0, 0, "westnet-eastnet", "", "", "", "", "", "daemon", ""},
    /* success and progress wordings around authentication */
    W("initiator established IKE SA; authenticated peer using authby=secret and FQDN '@east'", "phase1_up", ""),
    W("authenticated peer using preloaded certificate '@east' and 2048-bit raw RSA with SHA1 signature",
      "state_change", ""),
    W("certificate verified OK: CN=east.example.net", "state_change", ""),
    /* a timeout that mentions a possible authentication failure stays a timeout */
    W("STATE_MAIN_I3: 60 second timeout exceeded after 0 retransmits.  Possible authentication failure: no "
      "acceptable response to our first encrypted message",
      "retransmit_timeout", "0"),
    /* the peer's notifies that pluto only reports: received, not a failure of ours */
    W("ignoring IKE_SA_INIT response containing NO_PROPOSAL_CHOSEN notification (Message ID 0; message payloads "
      "N; missing SA,KE,Ni)",
      "notify_received", "NO_PROPOSAL_CHOSEN"),
    W("IKE_AUTH response rejected Child SA with INTERNAL_ADDRESS_FAILURE", "notify_received",
      "INTERNAL_ADDRESS_FAILURE"),
    W("IKE_AUTH response contained the status notification USE_TRANSPORT_MODE", "other", ""),
    W("Oakley Transform [OAKLEY_AES_CBC (128), OAKLEY_MD5, OAKLEY_GROUP_MODP2048] refused", "state_change", ""),
    W("DPD: received old or duplicate R_U_THERE", "dpd_action", ""),
    W("encountered fatal error in state IKE_AUTH_I", "other", ""),
    /* "received on ADDR" is our own interface, never the peer */
    W("initial Main Mode message received on 192.0.2.1:500 but no connection has been authorized with policy PSK",
      "psk_policy_miss", "PSK"),
    /* a bare IPv6 endpoint cannot be told from its port: no peer from it */
    W("sending notification NO_PROPOSAL_CHOSEN to 2001:db8::23:500", "notify_sent", "NO_PROPOSAL_CHOSEN"),
};

TS_LEXCASE_TEST(test_families, k_families)

TS_LEXCASE_TEST(test_headers, k_headers)

TS_LEXCASE_TEST(test_prefixes, k_prefixes)

TS_LEXCASE_TEST(test_nearmiss, k_nearmiss)

/* The restart banner of pluto's own log ends a headerless run; a banner
 * anywhere else (syslog, headerless, another wording) does not. */
static void test_restart_banner(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int restart;
    } k[] = {
        {"Aug  9 14:08:35.716074: Starting Pluto (Libreswan Version 3.29 XFRM(netkey)) pid:8740", 1},
        {"Nov 18 14:49:43: Starting Pluto (Openswan Version 2.6.38; Vendor ID OEhyLdACecfa) pid:2215", 1},
        {"Aug  9 14:08:35 gw pluto[8740]: Starting Pluto (Libreswan Version 3.29 XFRM(netkey)) pid:8740", 0},
        {"Starting Pluto (Libreswan Version 3.29 XFRM(netkey)) pid:8740", 0},
        {"Aug  9 14:08:35.716074: \"c\" #1: Starting Pluto", 0},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        char buf[256];
        size_t n = strlen(k[i].line);
        memcpy(buf, k[i].line, n);
        buf[n] = '\n';
        struct ts_line o;
        ts_lex_line((const unsigned char *)buf, (const unsigned char *)buf + n, &o);
        if (o.restart != k[i].restart) fail_msg("%s: restart %d, want %d", k[i].line, o.restart, k[i].restart);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_families), cmocka_unit_test(test_headers),        cmocka_unit_test(test_prefixes),
        cmocka_unit_test(test_nearmiss), cmocka_unit_test(test_restart_banner),
    };
    return cmocka_run_group_tests_name("wordings", tests, NULL, NULL) ? 1 : 0;
}
