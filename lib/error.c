/* error.c: see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int odp_error_set(struct odp_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

const char *odp_code_name(int code)
{
    switch (code) {
    case ODP_OK: return "ok";
    case ODP_EINVAL: return "invalid input";
    case ODP_EIO: return "io error";
    case ODP_ENET: return "network error";
    case ODP_ENOMEM: return "out of memory";
    case ODP_EPARSE: return "parse error";
    case ODP_ENOTFOUND: return "not found";
    }
    return "unknown error";
}
