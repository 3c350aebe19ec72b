/* fault.c: see fault.h. Counters are atomic: odp-extract runs threads. */
#include "fault.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The value of an ODP_FAULT_* variable, read once (0 when unset). */
static long env_once(long *cache, const char *name)
{
    long v = __atomic_load_n(cache, __ATOMIC_RELAXED);
    if (v < 0) {
        const char *s = getenv(name);
        v = s && *s ? strtol(s, NULL, 10) : 0;
        if (v < 0)
            v = 0;
        __atomic_store_n(cache, v, __ATOMIC_RELAXED);
    }
    return v;
}

void fault_point(void)
{
    static long at = -1, count;
    if (env_once(&at, "ODP_FAULT_AT") > 0 && __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED) == at)
        kill(getpid(), SIGKILL);
}

static long writes;

static void report_writes(void)
{
    fprintf(stderr, "odp: fault count: %ld writes\n", __atomic_load_n(&writes, __ATOMIC_RELAXED));
}

int fault_counting(void)
{
    static long counting = -1;
    return env_once(&counting, "ODP_FAULT_COUNT") > 0;
}

int fault_write(int errnum)
{
    static long at = -1, registered;
    long n = env_once(&at, "ODP_FAULT_WRITE");
    if (!n && !fault_counting())
        return 0;
    if (fault_counting() && !__atomic_exchange_n(&registered, 1, __ATOMIC_RELAXED))
        atexit(report_writes);
    if (__atomic_add_fetch(&writes, 1, __ATOMIC_RELAXED) != n)
        return 0;
    errno = errnum;
    return -1;
}
