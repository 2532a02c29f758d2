/* conns.c — see conns.h. */
#include "agg/conns.h"

int ts_conns_add(struct ts_agg *conns, ts_str day, ts_str host, ts_str conn, int cls, uint64_t weight)
{
    /* No pid, serial or conn field: the aggregate records no attribution
     * note, and the non-empty third field makes the count a row at once. */
    const struct ts_agg_obs o = {day, host, {0, 0}, {0, 0}, {0, 0}, conn.n ? conn : TS_S("-"), cls, weight};
    return ts_agg_add(conns, &o);
}
