/* log.c: see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *prog = "odp";
static int quiet;

void log_init(const char *progname, int q)
{
    prog = progname;
    quiet = q;
}

int log_is_quiet(void)
{
    return quiet;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char line[4096];
    vsnprintf(line, sizeof(line), fmt, ap);
    if (level)
        fprintf(stderr, "%s: %s: %s\n", prog, level, line);
    else
        fprintf(stderr, "%s: %s\n", prog, line);
}

void log_info(const char *fmt, ...)
{
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog(NULL, fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("warning", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}

void log_timing(const char *scope, const char *what)
{
    static struct timespec last;
    if (!getenv("ODP_TIMING"))
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (what)
        fprintf(stderr, "timing %s %s %.3f s\n", scope, what,
                (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9);
    last = now;
}
