/* combine.c — see combine.h. */
#include <pthread.h>
#include <stdlib.h>

#include "agg/combine.h"

struct part {
    struct ts_agg *agg;
    const struct ts_agg *notes;
    pthread_t tid;
    int started, rc;
};

static void *attribute(void *arg)
{
    struct part *p = arg;
    p->rc = ts_agg_attribute(p->agg, p->notes);
    return NULL;
}

int ts_combine(struct ts_agg *dst, struct ts_agg *const *parts, int n)
{
    ts_agg_free(dst);
    ts_agg_move(dst, parts[0]); /* no copy for the first (often only) part */
    int rc = TS_OK;
    for (int i = 1; i < n && rc == TS_OK; i++) rc = ts_agg_merge_notes(dst, parts[i]);
    struct part *p = n > 1 ? calloc((size_t)n, sizeof *p) : NULL;
    if (rc != TS_OK || (n > 1 && !p)) {
        free(p);
        return TS_ENOMEM;
    }
    for (int i = 1; i < n; i++) {
        p[i] = (struct part){parts[i], dst, 0, 0, TS_OK};
        p[i].started = pthread_create(&p[i].tid, NULL, attribute, &p[i]) == 0;
    }
    rc = ts_agg_attribute(dst, dst);
    for (int i = 1; i < n; i++) {
        if (p[i].started) pthread_join(p[i].tid, NULL);
        else attribute(&p[i]);
        if (rc == TS_OK) rc = p[i].rc;
    }
    free(p);
    for (int i = 1; i < n && rc == TS_OK; i++) rc = ts_agg_merge_rows(dst, parts[i]);
    if (rc == TS_OK) ts_agg_count_overflow(dst);
    return rc;
}
