/* fault.c: see fault.h. Counters are atomic: odp-extract runs threads. */
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
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

static long allocations, writes;
static long alloc_at = -1, write_at = -1;
static int trace_fd = -1;
static pthread_once_t setup_once = PTHREAD_ONCE_INIT;
static int active; /* any of ODP_FAULT_ALLOC, _WRITE, _COUNT, _TRACE */

static void report_counts(void)
{
    fprintf(stderr, "odp: fault count: %ld allocations\nodp: fault count: %ld writes\n",
            __atomic_load_n(&allocations, __ATOMIC_RELAXED),
            __atomic_load_n(&writes, __ATOMIC_RELAXED));
}

int fault_counting(void)
{
    static long counting = -1;
    return env_once(&counting, "ODP_FAULT_COUNT") > 0;
}

/* Read the variables once. No allocation through xalloc here: this runs
 * inside the first one. */
static void setup(void)
{
    const char *trace = getenv("ODP_FAULT_TRACE");
    if (trace && *trace)
        trace_fd = open(trace, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    active = env_once(&alloc_at, "ODP_FAULT_ALLOC") > 0 ||
             env_once(&write_at, "ODP_FAULT_WRITE") > 0 || fault_counting() || trace_fd >= 0;
    if (fault_counting())
        atexit(report_counts);
}

/* One line of the trace: KIND and the allocations made so far. One write(2)
 * of a line in append mode, so lines stay whole. */
static void trace(const char *kind)
{
    if (trace_fd < 0)
        return;
    char line[64];
    int n = snprintf(line, sizeof(line), "%s %ld\n", kind,
                     __atomic_load_n(&allocations, __ATOMIC_RELAXED));
    if (write(trace_fd, line, (size_t)n) != n)
        return; /* a test tool: a short trace shows in the test */
}

int fault_alloc(void)
{
    pthread_once(&setup_once, setup);
    if (!active)
        return 0;
    return __atomic_add_fetch(&allocations, 1, __ATOMIC_RELAXED) == alloc_at;
}

int fault_write(int errnum)
{
    pthread_once(&setup_once, setup);
    if (!active)
        return 0;
    trace("write");
    if (__atomic_add_fetch(&writes, 1, __ATOMIC_RELAXED) != write_at)
        return 0;
    errno = errnum;
    return -1;
}

int fault_mkdir(const char *path, mode_t mode)
{
    if (mkdir(path, mode) != 0)
        return -1;
    if (fault_write(EIO)) {
        rmdir(path);
        errno = EIO;
        return -1;
    }
    return 0;
}

void fault_cleanup_changed(void)
{
    pthread_once(&setup_once, setup);
    if (active)
        trace("track");
}
