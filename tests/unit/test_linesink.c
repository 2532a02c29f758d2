/* test_linesink.c — linesink (split from test_input.c by module). */
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

static void test_long_lines_streams(void **state)
{
    (void)state;
    char path[512], gzpath[512];
    struct buf in = {0}, want = {0};
    long_lines(&in, &want);
    size_t zn, gn;
    unsigned char *z = zstd_frame(in.p, in.n, &zn);
    unsigned char *g = gzip_member(in.p, in.n, &gn);
    write_file(tpath(path, "long.zst"), z, zn);
    write_file(tpath(gzpath, "long.gz"), g, gn);
    const size_t blocks[] = {0, 4096, 100000};
    for (int i = 0; i < TS_COUNTOF(blocks); i++) {
        expect_text(path, blocks[i], want.p, want.n);
        expect_text(gzpath, blocks[i], want.p, want.n);
        struct coll c = {0};
        struct ts_err err = {0};
        assert_int_equal(read_fifo(in.p, in.n, blocks[i], &c, &err), TS_OK);
        assert_int_equal(c.all.n, want.n);
        assert_memory_equal(c.all.p, want.p, want.n);
        coll_free(&c);
    }
    free(z);
    free(g);
    free(in.p);
    free(want.p);
}

static void test_stop(void **state)
{
    (void)state;
    char path[512];
    unsigned char *text = gen_text(200000, 2);
    write_file(tpath(path, "stop"), text, 200000);
    struct coll c = {.stop_after = 1};
    struct ts_err err = {0};
    assert_int_equal(read_path(path, 4096, 0, &c, &err), TS_ESTOP);
    assert_int_equal(c.calls, 1);
    coll_free(&c);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_lines_streams),
        cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests_name("linesink", tests, group_setup, group_teardown) ? 1 : 0;
}
