/* events.c — see events.h. */
#include <string.h>

#include "agg/agg.h"
#include "agg/events.h"

void ts_events_init(struct ts_events *l)
{
    memset(l, 0, sizeof *l);
    l->tail = &l->head;
}

void ts_events_free(struct ts_events *l)
{
    ts_arena_free(&l->arena);
    ts_events_init(l);
}

static int dup(struct ts_arena *a, ts_str *s)
{
    if (!s->p) return 0;
    size_t n = s->n > TS_FIELD_KEEP ? TS_FIELD_KEEP : (size_t)s->n;
    s->p = ts_arena_dup(a, s->p, n);
    s->n = (ptrdiff_t)n;
    return s->p ? 0 : -1;
}

int ts_events_add(struct ts_events *l, const struct ts_event *e)
{
    struct ts_event *c = ts_arena_alloc(&l->arena, sizeof *c, 16);
    if (!c) return TS_ENOMEM;
    *c = *e;
    c->next = NULL;
    ts_str *f[] = {&c->day, &c->time, &c->host, &c->pid, &c->conn, &c->instance, &c->peer,
                   &c->port, &c->serial, &c->tag, &c->d1, &c->d2};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (dup(&l->arena, f[i])) return TS_ENOMEM;
    *l->tail = c;
    l->tail = &c->next;
    l->n++;
    return TS_OK;
}
