/* walkbench.c — the candidate walk's mask loop per instruction set, and the
 * whole walk that finds the literal itself (findwalk.c), on data that stays
 * in L2, so the figure is compute, not memory:
 *
 *   make build/walkbench && build/walkbench FILE [ROUNDS]
 *
 * It includes src/linewalk.c to reach its static mask functions: a benchmark,
 * not part of tunnelstat. bench/NOTES.md §5 quotes its output. */
#include "../src/scan/linewalk.c"
#include "scan/findwalk.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int on_cand(void *ctx, const unsigned char *ls, const unsigned char *nl, uint64_t idx)
{
    (void)ls, (void)nl;
    *(uint64_t *)ctx += idx;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: walkbench FILE [ROUNDS]\n");
        return 2;
    }
    static unsigned char buf[256 << 10];
    const int fd = open(argv[1], O_RDONLY);
    if (fd < 0 || read(fd, buf, sizeof buf) != (ssize_t)sizeof buf) {
        fprintf(stderr, "walkbench: %s: need at least %zu bytes\n", argv[1], sizeof buf);
        return 1;
    }
    close(fd);
    const int rounds = argc > 2 ? atoi(argv[2]) : 2000;
    static const struct {
        enum ts_isa isa;
        masks_fn fn;
    } v[] = {
#if defined(CAND_X86) && defined(__SSE2__)
        {TS_ISA_SSE2, masks_sse2},
#endif
#ifdef CAND_HAVE_AVX
        {TS_ISA_AVX2, masks_avx2},
        {TS_ISA_AVX512, masks_avx512},
#endif
    };
    uint64_t nlm[ROUND], evm[ROUND];
    uint32_t cum[ROUND + 1];
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        if (ts_linewalk_isa(v[k].isa) != v[k].isa) {
            printf("%-9s not on this CPU\n", ts_linewalk_isa_name(v[k].isa));
            continue;
        }
        uint64_t sink = 0;
        const double t0 = now();
        for (int r = 0; r < rounds; r++) {
            struct carry c = {1, 0, 0};
            for (size_t off = 0; off + ROUND * 64 <= sizeof buf; off += ROUND * 64) {
                v[k].fn(buf + off, ROUND, &c, nlm, evm, cum);
                sink += cum[ROUND] + evm[ROUND / 2];
            }
        }
        const double t = now() - t0, chunks = (double)rounds * (double)(sizeof buf / 64);
        printf("%-9s %6.2f ns per 64-byte chunk  %6.2f GB/s  (%llu)\n", ts_linewalk_isa_name(v[k].isa), t / chunks * 1e9,
               chunks * 64 / t / 1e9, (unsigned long long)sink);
    }
    /* The block cut after its last newline, as the scanner hands it over. */
    size_t n = sizeof buf;
    while (n && buf[n - 1] != '\n') n--;
    for (size_t k = 0; k < sizeof v / sizeof v[0] && n; k++) {
        if (ts_linewalk_isa(v[k].isa) != v[k].isa) continue;
        uint64_t sink = 0;
        int stopped;
        const double t0 = now();
        for (int r = 0; r < rounds; r++) sink += ts_findwalk_run(v[k].isa, buf, n, on_cand, &sink, &stopped);
        const double t = now() - t0, chunks = (double)rounds * (double)n / 64;
        printf("find %-9s %6.2f ns per 64-byte chunk  %6.2f GB/s  (%llu), walk included\n",
               ts_linewalk_isa_name(v[k].isa), t / chunks * 1e9, chunks * 64 / t / 1e9, (unsigned long long)sink);
    }
    return 0;
}
