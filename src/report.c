/* report.c — see report.h. Rows are built in a buffer and handed to the
 * output every few hundred KiB. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "report.h"

const struct ts_column ts_peer_columns[] = {
    {"dpd_dead", {TS_C_DPD_DEAD, -1}},
    {"unknown_sa", {TS_C_UNKNOWN_SA, -1}},
    {"psk_policy_miss", {TS_C_PSK_POLICY_MISS, -1}},
    {"delete_sa_not_found", {TS_C_DELETE_SA_NOT_FOUND, -1}},
    {"disconnect", {TS_C_DISCONNECT, -1}},
    {"retransmit_timeout", {TS_C_RETRANSMIT_TIMEOUT, -1}},
    {"auth_fail", {TS_C_AUTH_FAIL, -1}},
    {"id_mismatch", {TS_C_ID_MISMATCH, -1}},
    {"no_proposal", {TS_C_NO_PROPOSAL, -1}},
    {"phase2_no_conn", {TS_C_PHASE2_NO_CONN, -1}},
    {"xauth_fail", {TS_C_XAUTH_FAIL, -1}},
    {"network_error", {TS_C_NETWORK_ERROR, -1}},
    {"phase1_up", {TS_C_PHASE1_UP, -1}},
    {"phase2_up", {TS_C_PHASE2_UP, -1}},
    {"weak_crypto", {TS_C_WEAK_IKE, TS_C_WEAK_ESP}},
};
const int ts_npeer_columns = (int)(sizeof ts_peer_columns / sizeof ts_peer_columns[0]);

static uint64_t column(const struct ts_counts *n, int c)
{
    uint64_t v = 0;
    for (int k = 0; k < 2; k++)
        if (ts_peer_columns[c].cls[k] >= 0) v += n->c[ts_peer_columns[c].cls[k]];
    return v;
}

static int flush(struct ts_buf *b, struct ts_out *out, struct ts_err *err, int force)
{
    if (b->oom) {
        ts_err_set(err, TS_ENOMEM, 0, NULL, "out of memory while writing the report");
        return TS_ENOMEM;
    }
    if (b->n < ((size_t)256 << 10) && !force) return TS_OK;
    int rc = ts_out_write(out, b->p, b->n, err);
    b->n = 0;
    return rc;
}

static int peers(const struct ts_run *r, int raw, struct ts_buf *b, struct ts_out *out, struct ts_err *err)
{
    ts_buf_str(b, "day,host,peer");
    for (int c = 0; c < ts_npeer_columns; c++) {
        ts_csv_sep(b);
        ts_buf_str(b, ts_peer_columns[c].name);
    }
    ts_csv_eol(b);
    struct ts_row *rows;
    size_t n;
    if (ts_agg_rows(&r->agg, &rows, &n) != TS_OK) {
        ts_err_set(err, TS_ENOMEM, 0, NULL, "out of memory while sorting the report");
        return TS_ENOMEM;
    }
    int rc = TS_OK;
    for (size_t i = 0; i < n && rc == TS_OK; i++) {
        uint64_t any = 0;
        for (int c = 0; c < ts_npeer_columns; c++) any |= column(rows[i].n, c);
        if (!any) continue;
        ts_csv_text(b, rows[i].day, raw);
        ts_csv_sep(b);
        ts_csv_text(b, rows[i].host, raw);
        ts_csv_sep(b);
        ts_csv_text(b, rows[i].peer, raw);
        for (int c = 0; c < ts_npeer_columns; c++) {
            ts_csv_sep(b);
            ts_csv_u64(b, column(rows[i].n, c));
        }
        ts_csv_eol(b);
        rc = flush(b, out, err, 0);
    }
    free(rows);
    return rc;
}

static const char *const k_sources[] = {"none", "line", "serial", "conn"};

static int events(const struct ts_run *r, int raw, struct ts_buf *b, struct ts_out *out, struct ts_err *err)
{
    ts_buf_str(b, "file,line,day,time,host,pid,conn,instance,peer,port,serial,tag,class,detail,peer_source\r\n");
    int rc = TS_OK;
    for (int i = 0; i < r->nunits && rc == TS_OK; i++) {
        const struct ts_run_unit *u = &r->units[i];
        const char *path = r->files[u->file].path;
        const ts_str file = {(const unsigned char *)path, (ptrdiff_t)strlen(path)};
        for (const struct ts_ev *e = u->ev.head; e && rc == TS_OK; e = e->next) {
            int src = TS_SRC_LINE;
            ts_str peer = e->peer;
            if (!peer.n) peer = ts_agg_resolve(&r->agg, e->host, e->pid, e->serial, e->conn, &src);
            for (uint32_t k = 0; k < e->weight && rc == TS_OK; k++) {
                ts_csv_text(b, file, raw);
                ts_csv_sep(b);
                ts_csv_u64(b, u->base + e->line);
                const ts_str cells[] = {e->day, e->time, e->host, e->pid, e->conn, e->instance, peer, e->port,
                                        e->serial, e->tag};
                for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
                    ts_csv_sep(b);
                    ts_csv_text(b, cells[c], raw);
                }
                ts_csv_sep(b);
                ts_buf_str(b, ts_class_name(e->cls));
                ts_csv_sep(b);
                ts_csv_text2(b, e->d1, e->d2, raw);
                ts_csv_sep(b);
                ts_buf_str(b, k_sources[src]);
                ts_csv_eol(b);
                rc = flush(b, out, err, 0);
            }
        }
    }
    return rc;
}

int ts_report_write(const struct ts_run *r, int kind, int raw, struct ts_out *out, struct ts_err *err)
{
    struct ts_buf b = {0};
    int rc = kind == TS_REPORT_EVENTS ? events(r, raw, &b, out, err) : peers(r, raw, &b, out, err);
    if (rc == TS_OK) rc = flush(&b, out, err, 1);
    ts_buf_free(&b);
    return rc;
}
