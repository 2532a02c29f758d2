/* test_pipe.c — pipe (split from test_input.c by module). */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "input/input.h"
#include "input/walk.h"
#include "input/pipe.h"

/* The decode thread and its rotating buffers deliver exactly what a direct
 * read does: many small blocks, cut long lines (delivered from a copy), a
 * slow consumer so every buffer is in use, and stopping midway. */
static void test_pipe(void **state)
{
    (void)state;
    char zpath[512], gzpath[512];
    struct buf in = {0}, cut = {0};
    unsigned char *text = gen_text(3000000, 7);
    buf_add(&in, text, 3000000);
    long_lines(&in, &cut);
    size_t zn, gn;
    unsigned char *z = zstd_frame(in.p, in.n, &zn);
    unsigned char *g = gzip_member(in.p, in.n, &gn);
    write_file(tpath(zpath, "pipe.zst"), z, zn);
    write_file(tpath(gzpath, "pipe.gz"), g, gn);
    const char *paths[] = {zpath, gzpath};
    const size_t blocks[] = {0, 4096, 65536};
    for (int i = 0; i < TS_COUNTOF(paths); i++)
        for (int b = 0; b < TS_COUNTOF(blocks); b++)
            for (int slow = 0; slow < 2; slow++) {
                struct coll want = {0};
                struct ts_err err = {0};
                assert_int_equal(read_path(paths[i], blocks[b], 0, &want, &err), TS_OK);
                assert_true(want.all.n > 3000000);
                struct ts_input *s;
                assert_int_equal(ts_input_open(paths[i], &s, &err), TS_OK);
                const struct ts_input_opts o = {.window = blocks[b]};
                struct coll c = {.slow = slow};
                assert_int_equal(ts_pipe_read(s, &o, collect, &c, &err), TS_OK);
                assert_int_equal(c.bad_run, 0);
                assert_int_equal(c.too_long, 0);
                assert_int_equal(c.all.n, want.all.n);
                assert_memory_equal(c.all.p, want.all.p, want.all.n);
                coll_free(&c);
                coll_free(&want);
                struct coll st = {.stop_after = 3, .slow = slow};
                assert_int_equal(ts_pipe_read(s, &o, collect, &st, &err), TS_ESTOP);
                assert_int_equal(st.calls, 3);
                coll_free(&st);
                ts_input_close(s);
            }
    free(text);
    free(z);
    free(g);
    free(in.p);
    free(cut.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipe),
    };
    return cmocka_run_group_tests_name("pipe", tests, group_setup, group_teardown) ? 1 : 0;
}
