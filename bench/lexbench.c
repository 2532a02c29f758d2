/* lexbench.c — the line lexer alone, on every line of a file:
 *
 *   make build/lexbench && build/lexbench [--dump] FILE [ROUNDS]
 *
 * Without --dump it lexes the file's lines ROUNDS times (default 10) and
 * prints the time per line; under callgrind (one round) the instructions of
 * ts_lex_line per line are the total divided by the line count it prints.
 * Give it the candidate lines of a corpus (`grep pluto`), as the scanner
 * would. --dump prints every field of every line, each view as its offset
 * in the line and its length, so two builds of the lexer can be compared
 * with cmp (bench/NOTES.md §15). A benchmark, not part of tunnelstat. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lexer/pluto.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A view as "-" (no pointer), "@offset+length" inside the line, or its
 * text in quotes when it points elsewhere (a constant such as "pluto"). */
static void view(FILE *f, const char *name, ts_str s, const unsigned char *p, const unsigned char *nl)
{
    if (!s.p)
        fprintf(f, " %s=-%td", name, s.n);
    else if (s.p >= p && s.p <= nl)
        fprintf(f, " %s=@%td+%td", name, s.p - p, s.n);
    else
        fprintf(f, " %s='%.*s'", name, (int)s.n, (const char *)s.p);
}

static void dump(FILE *f, const unsigned char *p, const unsigned char *nl, const struct ts_line *o)
{
    fprintf(f, "k%d h%d %d-%d-%d c%d w%u r%d", o->kind, o->hdr, o->year, o->month, o->mday, o->cls, o->weight,
            o->restart);
    view(f, "time", o->time, p, nl);
    view(f, "host", o->host, p, nl);
    view(f, "prog", o->prog, p, nl);
    view(f, "pid", o->pid, p, nl);
    view(f, "rc", o->rc, p, nl);
    if (o->kind == TS_LINE_IKE) {
        view(f, "conn", o->conn, p, nl);
        view(f, "inst", o->instance, p, nl);
        view(f, "peer", o->peer, p, nl);
        view(f, "port", o->port, p, nl);
        view(f, "serial", o->serial, p, nl);
        view(f, "tag", o->tag, p, nl);
        view(f, "state", o->state, p, nl);
        view(f, "body", o->body, p, nl);
        view(f, "d1", o->d1, p, nl);
        view(f, "d2", o->d2, p, nl);
        view(f, "run", o->run, p, nl);
    }
    fputc('\n', f);
}

int main(int argc, char **argv)
{
    int dumping = argc > 1 && strcmp(argv[1], "--dump") == 0;
    if (argc < 2 + dumping) {
        fprintf(stderr, "usage: lexbench [--dump] FILE [ROUNDS]\n");
        return 2;
    }
    const char *path = argv[1 + dumping];
    const int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(path);
        return 1;
    }
    /* A copy with a final '\n', the lexer's sentinel. */
    const size_t n = (size_t)st.st_size;
    unsigned char *buf = malloc(n + 1);
    const unsigned char *map = n ? mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    if (!buf || (n && map == MAP_FAILED)) {
        perror(path);
        return 1;
    }
    if (n) memcpy(buf, map, n);
    buf[n] = '\n';
    const unsigned char *end = n && buf[n - 1] == '\n' ? buf + n : buf + n + 1;
    const int rounds = dumping ? 1 : argc > 2 + dumping ? atoi(argv[2 + dumping]) : 10;
    unsigned long lines = 0, ike = 0;
    const double t0 = now();
    for (int r = 0; r < rounds; r++)
        for (const unsigned char *q = buf; q < end;) {
            const unsigned char *nl = memchr(q, '\n', (size_t)(end - q));
            struct ts_line o;
            ike += ts_lex_line(q, nl, &o) == TS_LINE_IKE;
            if (dumping) dump(stdout, q, nl, &o);
            lines++;
            q = nl + 1;
        }
    const double t = now() - t0;
    if (!dumping)
        printf("%lu lines, %lu IKE, %.1f ns per line\n", lines / (unsigned long)rounds, ike / (unsigned long)rounds,
               lines ? t * 1e9 / (double)lines : 0.0);
    return 0;
}
