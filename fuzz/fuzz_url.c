/*
 * fuzz_url.c: libFuzzer target for link resolution and URL normalisation
 * (fetch/url.c). The input's first line is the page's URL (the base), the
 * rest the href found on it. Besides crashes, leaks and undefined behaviour,
 * a finding is a broken property of a resolved URL r (url.h: "one page has
 * one URL"):
 *   - r is http:// or https:// with a host, and has no fragment;
 *   - r is already normal: resolving "" against r, or r against any other
 *     page, gives r again (else the crawler fetches one page twice);
 *   - url_host(r) is lower case, url_path(r) starts with '/'.
 * It does not compare with another URL library: libcurl's parser has other
 * rules (it keeps dot segments in some cases, it rejects what browsers take).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *r)
{
    if (strncmp(r, "http://", 7) && strncmp(r, "https://", 8))
        abort();
    if (strchr(r, '#'))
        abort();
    char *again = url_resolve(r, "");
    char *elsewhere = url_resolve("https://elders.example/a/b", r);
    if (!again || strcmp(again, r) || !elsewhere || strcmp(elsewhere, r))
        abort();
    free(again);
    free(elsewhere);
    char *host = url_host(r), *path = url_path(r);
    if (!host || !path || path[0] != '/')
        abort();
    for (const char *p = host; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            abort();
    free(host);
    free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *nl = strchr(buf, '\n');
    const char *base = buf, *href = "";
    if (nl) {
        *nl = '\0';
        href = nl + 1;
    }
    char *r = url_resolve(base, href);
    if (r)
        check(r);
    free(r);
    /* the base alone, as the crawler takes a start URL and a redirect */
    free(url_host(base));
    free(url_path(base));
    free(buf);
    return 0;
}
