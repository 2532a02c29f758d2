/* testutil.h — cmocka needs these headers first, in this order. */
#ifndef TS_TESTUTIL_H
#define TS_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif
