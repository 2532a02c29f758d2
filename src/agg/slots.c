/* slots.c — see slots.h. */
#include <errno.h>
#include <sys/resource.h>

#include "agg/slots.h"

void ts_slots_init(struct ts_slots *sl)
{
    pthread_mutex_init(&sl->mu, NULL);
    pthread_cond_init(&sl->freed, NULL);
    sl->open = 0;
    struct rlimit rl;
    /* half the descriptor limit: the rest is for the output, stdio and
     * whatever the caller holds */
    long long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY ? (long long)rl.rlim_cur / 2
                                                                                        : TS_SLOTS_MAX;
    sl->max = max < 1 ? 1 : max > TS_SLOTS_MAX ? TS_SLOTS_MAX : (int)max;
}

void ts_slots_free(struct ts_slots *sl)
{
    pthread_cond_destroy(&sl->freed);
    pthread_mutex_destroy(&sl->mu);
}

int ts_slots_open(struct ts_slots *sl, const char *path, struct ts_input **src, struct ts_err *err)
{
    pthread_mutex_lock(&sl->mu);
    for (;;) {
        while (sl->open >= sl->max) pthread_cond_wait(&sl->freed, &sl->mu);
        sl->open++;
        pthread_mutex_unlock(&sl->mu);
        const int rc = ts_input_open(path, src, err);
        pthread_mutex_lock(&sl->mu);
        if (rc == TS_OK) break;
        sl->open--;
        pthread_cond_broadcast(&sl->freed);
        if (!(err->sys == EMFILE || err->sys == ENFILE) || sl->open == 0) {
            pthread_mutex_unlock(&sl->mu);
            return rc;
        }
        pthread_cond_wait(&sl->freed, &sl->mu);
    }
    pthread_mutex_unlock(&sl->mu);
    return TS_OK;
}

void ts_slots_close(struct ts_slots *sl, struct ts_input *src)
{
    ts_input_close(src);
    pthread_mutex_lock(&sl->mu);
    sl->open--;
    pthread_cond_broadcast(&sl->freed);
    pthread_mutex_unlock(&sl->mu);
}
