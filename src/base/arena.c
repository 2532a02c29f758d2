/* arena.c — see arena.h. Blocks grow with demand (64 KiB minimum) so a
 * thread's arena costs little when it sees few keys. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>

#include "base/arena.h"

struct ts_arena_blk {
    struct ts_arena_blk *next;
    max_align_t pad[];
};

#define BLK_MIN ((size_t)64 << 10)

void *ts_arena_alloc(struct ts_arena *a, size_t size, size_t align)
{
    if (size == 0) size = 1;
    uintptr_t p = ((uintptr_t)a->beg + (align - 1)) & ~(uintptr_t)(align - 1);
    if (!a->beg || p + size > (uintptr_t)a->end) {
        size_t want = size + align + sizeof(struct ts_arena_blk);
        size_t bs = a->total / 4 > BLK_MIN ? a->total / 4 : BLK_MIN;
        if (bs < want) bs = want;
        struct ts_arena_blk *b = malloc(bs);
        if (!b) return NULL;
        b->next = a->head;
        a->head = b;
        a->total += bs;
        a->beg = (unsigned char *)b->pad;
        a->end = (unsigned char *)b + bs;
        p = ((uintptr_t)a->beg + (align - 1)) & ~(uintptr_t)(align - 1);
    }
    a->beg = (unsigned char *)(p + size);
    memset((void *)p, 0, size);
    return (void *)p;
}

void *ts_arena_dup(struct ts_arena *a, const void *p, size_t n)
{
    unsigned char *q = ts_arena_alloc(a, n, 1);
    if (q && n) memcpy(q, p, n);
    return q;
}

void ts_arena_free(struct ts_arena *a)
{
    struct ts_arena_blk *b = a->head;
    while (b) {
        struct ts_arena_blk *n = b->next;
        free(b);
        b = n;
    }
    memset(a, 0, sizeof *a);
}

void *ts_arena_table_alloc(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < huge) return malloc(bytes);
    void *p = NULL;
    if (posix_memalign(&p, huge, (bytes + huge - 1) / huge * huge) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE); /* advice only: failure changes nothing */
#endif
    return p;
}
