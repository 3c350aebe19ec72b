/* xalloc.c: see xalloc.h. */
#include "xalloc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"

_Noreturn void xalloc_die(size_t size)
{
    fprintf(stderr, "odp: out of memory allocating %zu bytes\n", size);
    exit(1);
}

void *xmalloc(size_t size)
{
    void *p = fault_alloc() ? NULL : malloc(size ? size : 1);
    if (!p)
        xalloc_die(size);
    return p;
}

size_t xsize_mul(size_t a, size_t b)
{
    if (b && a > SIZE_MAX / b)
        xalloc_die(SIZE_MAX);
    return a * b;
}

void *xcalloc(size_t nmemb, size_t size)
{
    size_t n = xsize_mul(nmemb, size);
    void *p = fault_alloc() ? NULL : calloc(n ? nmemb : 1, n ? size : 1);
    if (!p)
        xalloc_die(n);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = fault_alloc() ? NULL : realloc(ptr, size ? size : 1);
    if (!p)
        xalloc_die(size);
    return p;
}

void *xmemdup(const void *src, size_t n)
{
    if (n == SIZE_MAX)
        xalloc_die(n);
    char *p = xmalloc(n + 1);
    if (n)
        memcpy(p, src, n);
    p[n] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xmemdup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    return xmemdup(s, strnlen(s, n));
}

void xalloc_route_libraries(void)
{
    json_set_alloc_funcs(xmalloc, free);
}
