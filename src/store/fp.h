/* fp.h — fingerprints of decoded log content (the store's identity rule,
 * SPEC.md "State database").
 *
 * A 128-bit hash computed as the bytes stream by, whose value can be taken
 * at any offset without disturbing the stream: the store records the
 * fingerprint of the prefix [0, off) at every mark (each full TS_FP_MARK
 * bytes) and at the end of every counted part, and a file is recognised by
 * comparing its own prefix fingerprints at those offsets. Not a
 * cryptographic hash: it tells apart logs, not logs crafted to collide. */
#ifndef TS_FP_H
#define TS_FP_H

#include <stddef.h>
#include <stdint.h>

/* Distance between two recorded marks (bytes of decoded content). */
#define TS_FP_MARK ((uint64_t)1 << 16)
/* The head of content, the key its candidates are looked up by, is its
 * first line, or its first TS_FP_HEAD bytes when that line is longer. */
#define TS_FP_HEAD 4096

struct ts_fp {
    uint64_t v[4];
    unsigned char buf[32];
    size_t nbuf;
    uint64_t len; /* bytes taken so far */
};

/* 16 bytes: a prefix fingerprint as stored (little-endian halves). */
struct ts_fp_val {
    unsigned char b[16];
};

void ts_fp_init(struct ts_fp *h);
void ts_fp_add(struct ts_fp *h, const void *p, size_t n);
/* The fingerprint of everything taken so far; h goes on unchanged. */
struct ts_fp_val ts_fp_value(const struct ts_fp *h);
/* One-shot 64-bit hash of a head (the lookup key of a stream). */
uint64_t ts_fp_head(const void *p, size_t n);
/* Length of the head of content that begins with p[0..n) (n > 0,
 * p[n-1] == '\n': the first run of complete lines). */
size_t ts_fp_head_len(const unsigned char *p, size_t n);

#endif
