/* pluto.h — API of the re2c-generated line lexer (lexer/pluto.re).
 *
 * ts_lex_line() lexes one line in place: every ts_str it fills points into
 * the caller's buffer, nothing is copied or allocated. The caller guarantees
 * that *nl == '\n' (the lexer's sentinel) and that the line is [p, nl). The
 * lexer is pure: same bytes in, same struct out, whatever thread or chunk. */
#ifndef TS_PLUTO_H
#define TS_PLUTO_H

#include "ts.h"

/* The event taxonomy (SPEC.md §4). Order is the report order of classes. */
#define TS_CLASSES(X) \
    X(PHASE1_START, "phase1_start") X(PHASE1_UP, "phase1_up") \
    X(PHASE2_START, "phase2_start") X(PHASE2_UP, "phase2_up") \
    X(PEER_ID, "peer_id") X(NAT_T, "nat_t") X(VENDOR_ID, "vendor_id") X(SPI, "spi") \
    X(WEAK_IKE, "weak_ike") X(WEAK_ESP, "weak_esp") \
    X(DPD_ENABLED, "dpd_enabled") X(DPD_DEAD, "dpd_dead") X(DPD_ACTION, "dpd_action") \
    X(RETRANSMIT, "retransmit") X(RETRANSMIT_TIMEOUT, "retransmit_timeout") \
    X(PSK_POLICY_MISS, "psk_policy_miss") X(ID_MISMATCH, "id_mismatch") X(AUTH_FAIL, "auth_fail") \
    X(NO_PROPOSAL, "no_proposal") X(PHASE2_NO_CONN, "phase2_no_conn") \
    X(NOTIFY_SENT, "notify_sent") X(NOTIFY_RECEIVED, "notify_received") \
    X(UNKNOWN_SA, "unknown_sa") X(DELETE_SA, "delete_sa") \
    X(DELETE_SA_NOT_FOUND, "delete_sa_not_found") X(SA_DELETED, "sa_deleted") \
    X(DISCONNECT, "disconnect") X(XAUTH_OK, "xauth_ok") X(XAUTH_FAIL, "xauth_fail") \
    X(NETWORK_ERROR, "network_error") X(DAEMON, "daemon") X(STATE_CHANGE, "state_change") \
    X(OTHER, "other")

enum ts_class {
#define TS_X_ENUM(id, name) TS_C_##id,
    TS_CLASSES(TS_X_ENUM)
#undef TS_X_ENUM
    TS_NCLASS
};

enum ts_linekind {
    TS_LINE_NOT_IKE = 0, /* another program, or headerless without a pluto prefix */
    TS_LINE_DEBUG,       /* Libreswan "| " debug line of the IKE daemon: skipped */
    TS_LINE_IKE
};

enum ts_hdr {
    TS_HDR_NONE = 0, /* H7: no header (or whack console output) */
    TS_HDR_3164,     /* H1 H2 H4 H5 H8 H9 H10, optionally after <PRI> */
    TS_HDR_OWNLOG,   /* H6: pluto's own log file, time only */
    TS_HDR_ISO,      /* H3 */
    TS_HDR_5424      /* H11 */
};

struct ts_line {
    int kind;            /* enum ts_linekind */
    int hdr;             /* enum ts_hdr */
    int year, month, mday; /* year 0 when not written (RFC 3164); month 0 when no date */
    ts_str time;         /* as written, with fraction, without zone */
    ts_str host, prog, pid;
    ts_str rc;           /* whack return code */
    ts_str conn, instance, peer, port, serial, tag, state;
    ts_str body;         /* message after prefix, tag and story, CR stripped */
    int cls;             /* enum ts_class, valid when kind == TS_LINE_IKE */
    ts_str d1, d2;       /* detail: rendered "d1" or "d1 d2" */
    unsigned weight;     /* "message repeated N times" gives N, else 1 */
};

/* Lexes [p, nl); *nl must be '\n'. Returns out->kind. */
int ts_lex_line(const unsigned char *p, const unsigned char *nl, struct ts_line *out);

const char *ts_class_name(int cls);
/* Class by name, -1 if unknown. */
int ts_class_by_name(const char *name, ptrdiff_t n);

#endif
