/*
 * xalloc.h: odp's one allocation policy (git's xmalloc and ALLOC_GROW).
 *
 * Every allocation of odp's own code goes through these, and jansson's is
 * routed to them (xalloc_route_libraries; libxml2's in the stages that link
 * it, with xmlMemSetup). When memory runs
 * out they print "odp: out of memory allocating N bytes" on stderr and end
 * the process with exit status 1. That is the one place library code exits
 * (README, layout): an allocation failure cannot be recovered from in a
 * stage, and every stage writes through atomic files, so what it leaves is
 * wholly old (an exit runs atomic_file's clean-up of its temporary files).
 * Callers never test these results for NULL.
 *
 * Fault injection: with ODP_FAULT_ALLOC=N in the environment, the N-th
 * allocation of the process fails as if memory had run out (lib/fault.h
 * counts them; tests run it over the main paths). Unset, it costs one
 * branch.
 */
#ifndef ODP_XALLOC_H
#define ODP_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size); /* ptr may be NULL; size 0 gives a valid pointer */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n); /* n bytes of p and a NUL after them */

/* a * b, or die (as out of memory) when it overflows size_t */
size_t xsize_mul(size_t a, size_t b);

/* Route jansson's allocations through xmalloc/free, so they follow the same
 * policy and fault injection. Call once at start. */
void xalloc_route_libraries(void);

/* Print the out-of-memory message for size bytes and exit(1). */
_Noreturn void xalloc_die(size_t size);

/*
 * ALLOC_GROW(array, nr, alloc): make room for at least nr elements in array
 * (a pointer), whose capacity is alloc (a size_t lvalue), growing it by half
 * again as git does. Use it instead of a hand-written realloc loop:
 *
 *     ALLOC_GROW(v->items, v->n + 1, v->alloc);
 *     v->items[v->n++] = item;
 */
#define ALLOC_GROW(array, nr, alloc)                                                               \
    do {                                                                                           \
        if ((nr) > (alloc)) {                                                                      \
            size_t grow_ = ((alloc) + 16) * 3 / 2;                                                 \
            (alloc) = grow_ < (size_t)(nr) ? (size_t)(nr) : grow_;                                 \
            (array) = xrealloc((array), xsize_mul((alloc), sizeof(*(array))));                     \
        }                                                                                          \
    } while (0)

#endif
