/* class.c — the class table of TS_CLASSES (class.h): names and the failure
 * flag, by class. */
#include <string.h>

#include "lexer/class.h"

static const char *const k_names[TS_NCLASS] = {
#define TS_X_NAME(id, name, fail) name,
    TS_CLASSES(TS_X_NAME)
#undef TS_X_NAME
};

static const unsigned char k_failure[TS_NCLASS] = {
#define TS_X_FAIL(id, name, fail) fail,
    TS_CLASSES(TS_X_FAIL)
#undef TS_X_FAIL
};

const char *ts_class_name(int cls)
{
    return (cls >= 0 && cls < TS_NCLASS) ? k_names[cls] : "?";
}

int ts_class_by_name(const char *name, ptrdiff_t n, int *cls)
{
    for (int i = 0; i < TS_NCLASS; i++)
        if ((ptrdiff_t)strlen(k_names[i]) == n && memcmp(k_names[i], name, (size_t)n) == 0) {
            *cls = i;
            return TS_OK;
        }
    return TS_EDATA;
}

int ts_class_is_failure(int cls)
{
    return cls >= 0 && cls < TS_NCLASS && k_failure[cls];
}
