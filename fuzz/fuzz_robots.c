/*
 * fuzz_robots.c: libFuzzer target for robots.txt (fetch/robots.c). The
 * input's first line is a path (with query) to check, the rest the robots.txt
 * text, parsed for our agent ("odp") and asked about that path and "/".
 * Crashes, leaks, undefined behaviour and timeouts (a check that backtracks
 * takes seconds on a few wildcards) are the findings.
 *
 * Deliberately thin: only robots_parse, robots_allowed and robots_free, so the
 * target survives a new matcher behind the same three calls. It checks no
 * RFC 9309 semantics; the unit tests do.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *nl = memchr(buf, '\n', size);
    const char *path = buf, *text = "";
    if (nl) {
        *nl = '\0';
        text = nl + 1;
    }
    struct robots *r = robots_parse(text, "odp");
    int a = robots_allowed(r, path), b = robots_allowed(r, "/");
    if ((a != 0 && a != 1) || (b != 0 && b != 1))
        abort();
    robots_free(r);
    free(buf);
    return 0;
}
