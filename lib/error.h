/*
 * error.h: errors as values, with a sentence a data steward can act on.
 *
 * A function that can fail returns an int code (0 = success) and, when the
 * caller passed a struct odp_error, fills it with what failed and where
 * (file:line, URL, JSON Pointer). Library code never exits; only a main()
 * decides the exit status.
 */
#ifndef ODP_ERROR_H
#define ODP_ERROR_H

enum odp_code {
    ODP_OK = 0,
    ODP_EINVAL,  /* bad input: a pipeline file, a page, an argument */
    ODP_EIO,     /* a file could not be read or written */
    ODP_ENET,    /* a network transfer failed */
    ODP_ENOMEM,  /* out of memory */
    ODP_EPARSE,  /* input could not be parsed */
    ODP_ENOTFOUND,
};

struct odp_error {
    int code;
    char msg[1024];
};

/* Fill err (when not NULL) with code and a printf-style message; returns code. */
int odp_error_set(struct odp_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A short name for a code, e.g. "io error". */
const char *odp_code_name(int code);

#endif
