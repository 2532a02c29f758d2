/* columns.c — see columns.h. */
#include "report/columns.h"

const struct ts_columns_entry ts_columns[TS_NCOLUMNS] = {
    {"dpd_dead", {TS_C_DPD_DEAD, -1}, "DPD dead"},
    {"unknown_sa", {TS_C_UNKNOWN_SA, -1}, "Unknown SA"},
    {"psk_policy_miss", {TS_C_PSK_POLICY_MISS, -1}, "PSK policy miss"},
    {"delete_sa_not_found", {TS_C_DELETE_SA_NOT_FOUND, -1}, "Delete SA not found"},
    {"disconnect", {TS_C_DISCONNECT, -1}, "Disconnect"},
    {"retransmit_timeout", {TS_C_RETRANSMIT_TIMEOUT, -1}, "Retransmit timeout"},
    {"auth_fail", {TS_C_AUTH_FAIL, -1}, "Auth failure"},
    {"id_mismatch", {TS_C_ID_MISMATCH, -1}, "ID mismatch"},
    {"no_proposal", {TS_C_NO_PROPOSAL, -1}, "No proposal"},
    {"phase2_no_conn", {TS_C_PHASE2_NO_CONN, -1}, "Phase 2, no conn"},
    {"xauth_fail", {TS_C_XAUTH_FAIL, -1}, "XAUTH failure"},
    {"network_error", {TS_C_NETWORK_ERROR, -1}, "Network error"},
    {"phase1_up", {TS_C_PHASE1_UP, -1}, "Phase 1 up"},
    {"phase2_up", {TS_C_PHASE2_UP, -1}, "Phase 2 up"},
    {"weak_crypto", {TS_C_WEAK_IKE, TS_C_WEAK_ESP}, "Weak crypto"},
};
const int ts_ncolumns = TS_NCOLUMNS;

uint64_t ts_columns_value(const struct ts_agg_counts *n, int c)
{
    uint64_t v = 0;
    for (int k = 0; k < 2; k++)
        if (ts_columns[c].cls[k] >= 0) v += n->c[ts_columns[c].cls[k]];
    return v;
}

int ts_columns_any(const struct ts_agg_counts *n)
{
    for (int c = 0; c < ts_ncolumns; c++)
        if (ts_columns_value(n, c)) return 1;
    return 0;
}

int ts_columns_all(const struct ts_agg_counts *n, uint64_t v[TS_NCOLUMNS])
{
    uint64_t any = 0;
    for (int c = 0; c < TS_NCOLUMNS; c++) {
        const int *k = ts_columns[c].cls;
        v[c] = n->c[k[0]] + (k[1] >= 0 ? n->c[k[1]] : 0);
        any |= v[c];
    }
    return any != 0;
}

int ts_columns_is_failure(int c)
{
    return ts_class_is_failure(ts_columns[c].cls[0]);
}

uint64_t ts_columns_failures(const struct ts_agg_counts *n)
{
    uint64_t v = 0;
    for (int c = 0; c < ts_ncolumns; c++)
        if (ts_columns_is_failure(c)) v += ts_columns_value(n, c);
    return v;
}
