/* body.re — stage 5 of the line lexer: the event class of a message body
 * (SPEC.md §4), on its own so each re2c file stays small.
 *
 * One DFA anchored at the body start, longest match first, earlier rule on
 * a tie. Every phrase is the start of a wording family read in the daemons'
 * sources (the table of SPEC.md §4 names the versions). `any` is used only
 * after a distinctive start: a rule that began with it would make the DFA
 * read every body to its end, and would win against every shorter match. */
#include "lexer/body.h"

typedef const unsigned char *cp;

int ts_body_class(const unsigned char *YYCURSOR, const unsigned char *YYLIMIT, const unsigned char **rest)
{
    cp YYMARKER;
#define C(id) do { *rest = YYCURSOR; return TS_C_##id; } while (0)
    /*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:sentinel = 10;

    d    = [0-9];
    sp   = " ";
    any  = [^\n]*;
    word = [A-Za-z0-9]+;
    xch  = [A-Z] [A-Z_]*;          // an exchange or notify name: IKE_SA_INIT, TS_UNACCEPTABLE
    nth  = d ("st" | "nd" | "rd" | "th");
    mode = "Main" | "Aggressive" | "Quick";
    verb = "Send" | "send" | "Received" | "received";
    m12  = "Main" | "Aggressive";
    role = ("initiator" | "responder") sp;
    // IKEv2 error notifies about a Child SA (Libreswan 4.5+): the class
    // follows the notify, another notify is only a received notify.
    rejn = "IKE_AUTH response rejected Child SA with "
         | "IKE_AUTH response contained the " ("CHILD SA ")? "error notification " "'"?
         | xch " failed with error notification "
         | "response for Child SA #" d+ " was rejected with ";

    "initiating Main Mode" | "initiating IKEv1 Main Mode" | "initiating Aggressive Mode"
        | "initiating IKEv1 Aggressive Mode" | "initiating v2 parent SA"
        | "initiating IKEv2 IKE SA" | "initiating IKEv2 connection"
        | "responding to Main Mode" | "responding to Aggressive Mode"
        | "Responder " ("Received" | "received") " " m12 " Mode 1st packet"
        | "Initiator " ("Send" | "send") " " m12 " Mode 1st packet"        { C(PHASE1_START); }
    "Responder " ("Received" | "received") " Quick Mode 1st packet"
        | "Initiator " ("Send" | "send") " Quick Mode 1st packet"
        | "initiating Quick Mode" | "responding to Quick Mode"
        | "initiating Child SA using IKE SA"                               { C(PHASE2_START); }
    (("Responder" | "Initiator") " ")? verb " " mode " Mode " nth " packet" { C(STATE_CHANGE); }

    "ISAKMP SA established" | "IKE SA established" | "sent " [A-Z]+ d ", ISAKMP SA established"
        // 3.x IKEv2 PSK (ikev2_psk.c) logs no other line for the IKE SA; the
        // signature check's "Authenticated using RSA" (keys.c, IKEv1 too)
        // comes before "ISAKMP SA established" and is a state change.
        | "PARENT SA established" | role? "established IKE SA" | "Authenticated using authby="
        | role? "rekeyed IKE SA"                                           { C(PHASE1_UP); }
    "IPsec SA established" | "sent " [A-Z]+ d ", IPsec SA established"
        | role? "established Child SA" | role? "rekeyed Child SA"          { C(PHASE2_UP); }

    "Peer ID is " | word " mode peer ID is "                               { C(PEER_ID); }
    "we require " ("IKEv1 " | "IKEv2 ")? "peer to have ID"
        | "no suitable connection for peer" | "Peer mismatch on first found connection" { C(ID_MISMATCH); }

    "no connection has been authorized"
        | "initial " any "no connection has been authorized"
        | "initial Main Mode message received on " any " forbids connection"
        | "initial Aggressive Mode message from " any "connection has been configured"
        | "initial Aggressive Mode packet claiming to be from"
        | "initial parent SA message received on"
        | (xch " message received on " | "dropping ") any "no suitable connection found with IKEv2 policy"
                                                                           { C(PSK_POLICY_MISS); }

    "probable authentication failure" | "received Hash Payload does not match computed value"
        | (word sp)? "Signature check (on " | "no RSA public key known" | "unable to locate my private key"
        | "too many (" d+ ") malformed payloads" | "received " d+ " malformed payload notifies"
        | "IKE SA authentication request rejected"
        | (word sp)? (word sp)? [Aa] "uthentication failed" | "X509: authentication failed"
        | "AUTH mismatch: "
        | "received '" [^'\n]* "' message " [A-Z0-9_()]+ " data " ("does" | "did") " not match computed value"
        | "X509: " [Cc] "ertificate rejected" | "X509: certificate payload rejected"
        | "X509: CERT payload bogus or revoked" | "X.509 certificate rejected"
        | "certificate payload rejected" | "certificate revoked"
        | "NSS: ERROR: IPsec certificate " any " invalid"
        | ("NSS: " | "NSS ")? "ERROR: Peer's Certificate has " ("expired" | "been revoked")
        | "FIPS: rejecting peer cert"
        | "Can't authenticate: no preshared key found" | "issuer cacert not found"
        | "Certificate " [^\n]* " failed verification"
        | rejn "AUTHENTICATION_FAILED"
        // the certificate does not carry the ID the connection wants
        | "ID_" [A-Z0-9_]+ " '" [^'\n]* "' does not match expected '"
        | ("Peer public key" | "Peer CERT payload") " SubjectAltName does not match peer ID"
        | "X509: CERT payload does not match connection ID"
        | "X509: connection failed due to unmatched IKE ID"
        | "No matching subjectAltName found" | "certificate does not contain ID_"
        | "peer "? "certificate subjectAltName extension does not match "
        | "peer certificate contains no subjectAltName"                    { C(AUTH_FAIL); }
    "max number of retransmissions" | d+ " second timeout exceeded after"  { C(RETRANSMIT_TIMEOUT); }
    "retransmission; will wait" | "retransmitting "
        | "discarding duplicate packet" | "starting keying attempt" | "scheduling retry attempt"
        | "received duplicate " any "; retransmitting response"
        | "Quick Mode I1 message is unacceptable because it uses a previously used Message ID"
                                                                           { C(RETRANSMIT); }
    "You should NOT use insecure IKE algorithms ("                         { C(WEAK_IKE); }
    "You should NOT use insecure ESP algorithms ["                         { C(WEAK_ESP); }
    "no acceptable Oakley Transform" | "no acceptable Proposal in IPsec SA"
        | "no local proposal matches remote proposals"
        | xch " responder matching remote " [^\n]* "proposals failed"
        | "local policy requires " word " Mode but peer requires"
        | "policy dictates " word " Mode, but peer requested"
        | rejn "NO_PROPOSAL_CHOSEN"                                        { C(NO_PROPOSAL); }
    "NAT-Traversal: Result using" | "new NAT mapping for"                  { C(NAT_T); }
    ("received" | "ignoring" | "ignoring unknown") " Vendor ID payload ["  { C(VENDOR_ID); }
    "cannot respond to IPsec SA request because no connection is known for"
        | [Nn] "o IKEv2 connection found with compatible Traffic Selectors"
        | "Child SA's Traffic Selector request " any " does not match any permanent IKEv2 connection"
        | rejn ("TS_UNACCEPTABLE" | "INVALID_SELECTORS")                   { C(PHASE2_NO_CONN); }
    "Inbound SPI value = " | "Outbound SPI value = "                       { C(SPI); }

    "Dead Peer Detection (RFC 3706) enabled" | "Dead Peer Detection (RFC 3706): enabled" { C(DPD_ENABLED); }
    "DPD: No response from peer - declaring peer dead"
        | "DPD: Info: No response from peer - declaring peer dead"
        | ("DPD" | "liveness") " action - " | "liveness_check - peer "
        | ("IKEv1 DPD" | "IKEv2 liveness") ": action - "
        | "IKEv2 liveness action: " | "IKEv2 peer liveness - "            { C(DPD_DEAD); }
    "DPD: " | "terminating SAs using this connection"                      { C(DPD_ACTION); }

    "Informational Exchange is for an unknown (expired?) SA"
        | "encrypted Informational Exchange message is invalid because"
        | ("Main Mode" | "phase 1" | "Phase 1") " message is part of an unknown exchange"
        | "Quick Mode message is for a non-existent (expired?) ISAKMP SA"
        | "Quick Mode message is unacceptable because it is for an incomplete ISAKMP SA"
                                                                           { C(UNKNOWN_SA); }
    "ignoring " ("secured " | "unsecured ")? "informational payload"
        | "received and ignored " ("informational message" | "notification payload")
        | [Rr] "eceived unauthenticated " | "received ERROR NOTIFY"
        | "ignoring " xch " response containing " | "dropping unexpected " xch " message containing "
        | rejn                                                             { C(NOTIFY_RECEIVED); }
    "sending notification " | "sending encrypted notification "            { C(NOTIFY_SENT); }
    "received Delete SA payload" | "received Delete SA(0x"                 { C(DELETE_SA); }
    "ignoring Delete SA payload"
        | "received delete request for " any " but corresponding state not found" { C(DELETE_SA_NOT_FOUND); }
    "deleting state" | "deleting other state"
        | "deleting " (("established" | "larval") sp)? ("IKE" | "Child" | "ISAKMP" | "IPsec") " SA" { C(SA_DELETED); }
    "deleting connection " any "instance with peer" | "instance with peer" { C(DISCONNECT); }
    // PAM (pam_auth.c, Libreswan 3.x-5.x): "... of user 'U' SUCCEEDED|FAILED|ABORTED (why) after N seconds"
    "XAUTH: User " any "Authentication Successful"
        | "PAM: authentication of user '" [^'\n]* "' SUCCEEDED"
        | "XAUTH: success user(" | "XAUTH: Successfully Authenticated" | "XAUTH completed"
        | "XAUTH: #" d+ ": completed for user '" [^'\n]* "' with status SUCCESS" { C(XAUTH_OK); }
    "XAUTH: User " any "Authentication Failed" | "XAUTH FAILED"
        | "PAM: authentication of user '" [^'\n]* "' " ("FAILED" | "ABORTED")
        | "XAUTH: failure user(" | "XAUTH: aborting entire IKE Exchange"
        | "pam_" [a-z_]+ "(pluto:auth): authentication failure"
        | "Expected MODE_CFG_REPLY is missing"
        | "XAUTH: Username or password request was received, but"
        | "Received Cisco XAUTH status: FAIL"                               { C(XAUTH_FAIL); }
    "ERROR: asynchronous network error report"                             { C(NETWORK_ERROR); }

    "Starting Pluto" | "Plutorun started" | "pluto killed by" | "listening for IKE messages"
        | "adding interface" | "shutting down" | "loading secrets" | "forgetting secrets"
        | "added " [A-Za-z0-9 ]* "connection" | "failed to add " [A-Za-z0-9 ]* "connection"
        | "deleting connection" | "deleting non-instance connection" | "deleting template instances"
        | "NSS initialized" | "leak detective found no leaks" | sp
        | [a-z-]+ "-client output: " | "command \"" [a-z-]+ "\" output: " | "running updown "
        // configuration warnings, logged when a connection is added or used
        | "WARNING: " | "multiple DH groups in aggressive mode" | "multiple transforms were set in aggressive mode"
        | "Deleting previous proposal in the hopes of selecting DH" | "transform (" [^)\n]* ") ignored"
        | "IKEv1 Aggressive Mode with PSK is vulnerable" | "kernel interface does not support ESN"
        | "connection is using multiple subnets" | "extra debugging enabled for connection"
        | ("created" | "delete") " ipsec-interface "
        // Status listings (whack --status, --trafficstatus) pasted with a
        // console: the daemon reports its connections and states, no event.
        // A log message never starts with a connection name.
        | ["] | [0-9[%] [^;\n]* "; " ("un" | "prospective ")? ("routed" | "erouted")
        // test-suite impairments of the daemon (Libreswan testing)
        | "IMPAIR: " | "IMPAIR RETRANSMITS: " | "sup" "p"? "ressing retransmit because IMPAIR_RETRANSMITS" { C(DAEMON); }

    "transition from state" | "esp_ealg_id=" | "the peer proposed:" | "replacing stale"
        | "not replacing stale" | "ESP traffic information:" | "XAUTH: " | "XAUTH client - "
        | "Configured DPD (RFC 3706) support not enabled"
        | "Dead Peer Detection (RFC 3706): not enabled"
        // Progress stories logged as the whole message (Libreswan 4.x/5.x).
        | "sent " xch " " ("request" | "reply" | "response")
        | "sent " mode " Mode " | "sent ModeCfg " | "received ModeCfg "
        | role? ("processed " | "processing ") xch " " ("request" | "response")
        | "initiating rekey to replace " | "initiating delete of "
        | "sent INFORMATIONAL request to delete "
        | "authenticated peer " | [Aa] "uthenticated using "
        | "certificate verified OK" | "negotiated " ("connection" | "tunnel") " ["
        | "Oakley Transform " any " refused"
        | "connection is supposed to remain up" | "reviving connection "
        // certificates sent and Mode Config / XAUTH client progress
        | "I am sending " | "I did not send " | "sending INITIAL_CONTACT"
        | [Rr] "eceived " ("INTERNAL_IP" | "DNS server" | "IP address" | "IPv4 " | "IPv6 " | "subnet " | "Cisco ")
        | "setting ip source address" | "modecfg: "                        { C(STATE_CHANGE); }

    * { *rest = NULL; return TS_C_OTHER; }
    */
#undef C
}
