/* class.h — the event taxonomy (SPEC.md §4) and its table (class.c). */
#ifndef TS_CLASS_H
#define TS_CLASS_H

#include <stddef.h>

#include "base/ts.h"

/* The event taxonomy (SPEC.md §4). Order is the report order of classes.
 * The third field says whether the class is a failure: the one definition
 * the reports (failure columns, top, dashboard), explain (colours) and the
 * tests use. */
#define TS_CLASSES(X) \
    X(PHASE1_START, "phase1_start", 0) X(PHASE1_UP, "phase1_up", 0) \
    X(PHASE2_START, "phase2_start", 0) X(PHASE2_UP, "phase2_up", 0) \
    X(PEER_ID, "peer_id", 0) X(NAT_T, "nat_t", 0) X(VENDOR_ID, "vendor_id", 0) X(SPI, "spi", 0) \
    X(WEAK_IKE, "weak_ike", 0) X(WEAK_ESP, "weak_esp", 0) \
    X(DPD_ENABLED, "dpd_enabled", 0) X(DPD_DEAD, "dpd_dead", 1) X(DPD_ACTION, "dpd_action", 0) \
    X(RETRANSMIT, "retransmit", 0) X(RETRANSMIT_TIMEOUT, "retransmit_timeout", 1) \
    X(PSK_POLICY_MISS, "psk_policy_miss", 1) X(ID_MISMATCH, "id_mismatch", 1) X(AUTH_FAIL, "auth_fail", 1) \
    X(NO_PROPOSAL, "no_proposal", 1) X(PHASE2_NO_CONN, "phase2_no_conn", 1) \
    X(NOTIFY_SENT, "notify_sent", 0) X(NOTIFY_RECEIVED, "notify_received", 0) \
    X(UNKNOWN_SA, "unknown_sa", 1) X(DELETE_SA, "delete_sa", 0) \
    X(DELETE_SA_NOT_FOUND, "delete_sa_not_found", 1) X(SA_DELETED, "sa_deleted", 0) \
    X(DISCONNECT, "disconnect", 1) X(XAUTH_OK, "xauth_ok", 0) X(XAUTH_FAIL, "xauth_fail", 1) \
    X(NETWORK_ERROR, "network_error", 1) X(DAEMON, "daemon", 0) X(STATE_CHANGE, "state_change", 0) \
    X(OTHER, "other", 0)

enum ts_class {
#define TS_X_ENUM(id, name, fail) TS_C_##id,
    TS_CLASSES(TS_X_ENUM)
#undef TS_X_ENUM
    TS_NCLASS
};

const char *ts_class_name(int cls);
/* Class by name into *cls: TS_OK, or TS_EDATA if unknown. */
int ts_class_by_name(const char *name, ptrdiff_t n, int *cls);
/* 1 when the class is a failure (the third field of TS_CLASSES). */
int ts_class_is_failure(int cls);

#endif
