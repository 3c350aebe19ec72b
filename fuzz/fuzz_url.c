/*
 * fuzz_url.c: libFuzzer target for link resolution and URL normalisation
 * (lib/uri.c, uri_http_*). The input's first line is the page's URL (the
 * base), the rest the href found on it. Besides crashes, leaks and undefined
 * behaviour, a finding is a broken property of a resolved URL r (uri.h: "one
 * page has one URL"):
 *   - r is http:// or https:// with a host, and has no fragment;
 *   - r is already normal: resolving "" against r, or r against any other
 *     page, gives r again (else the crawler fetches one page twice);
 *   - uri_http_host(r) is lower case, uri_http_path(r) starts with '/'.
 * It does not compare with another URL library: libcurl's parser has other
 * rules (it keeps dot segments in some cases, it rejects what browsers take).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *r)
{
    if (strncmp(r, "http://", 7) && strncmp(r, "https://", 8))
        abort();
    if (strchr(r, '#'))
        abort();
    char *again = uri_http_resolve(r, "");
    char *elsewhere = uri_http_resolve("https://elders.example/a/b", r);
    if (!again || strcmp(again, r) || !elsewhere || strcmp(elsewhere, r))
        abort();
    free(again);
    free(elsewhere);
    char *host = uri_http_host(r), *path = uri_http_path(r);
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
    char *r = uri_http_resolve(base, href);
    if (r)
        check(r);
    free(r);
    /* the base alone, as the crawler takes a start URL and a redirect */
    free(uri_http_host(base));
    free(uri_http_path(base));
    free(buf);
    return 0;
}
