/*
 * fuzz_charset.c: libFuzzer target for charset detection and conversion
 * (fetch/charset.c), as the crawler calls them on a fetched page: the
 * input's first line is the Content-Type header, the rest the body;
 * charset_detect finds the declared charset and charset_to_utf8 converts.
 * Besides crashes, leaks and undefined behaviour, a finding is a broken
 * promise of charset.h:
 *   - the detected name is lower case, NUL-terminated within its buffer;
 *   - the output is valid UTF-8 as jansson takes it (jsonl_utf8_valid: no
 *     overlong forms, no surrogates, nothing above U+10FFFF), since extract
 *     and transform must be able to write every character of it;
 *   - a body that is valid UTF-8, read as UTF-8 (declared or not), comes out
 *     unchanged with nothing counted invalid; no more bytes are counted
 *     invalid than there are.
 * The first byte of the body also picks a small buffer for the name (1..48
 * bytes) to try cut-off names.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "jsonout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    const uint8_t *nl = memchr(data, '\n', size);
    size_t ctlen = nl ? (size_t)(nl - data) : 0;
    char *ct = strndup((const char *)data, ctlen); /* stops at a NUL as a header would */
    const char *body = nl ? (const char *)nl + 1 : (const char *)data;
    size_t len = size - (size_t)(body - (const char *)data);
    /* the body exactly, in its own allocation, so ASan sees reads past it */
    char *b = malloc(len ? len : 1);
    if (!ct || !b) {
        free(ct);
        free(b);
        return 0;
    }
    memcpy(b, body, len);

    char small[48];
    size_t n = len ? (size_t)(unsigned char)b[0] % sizeof(small) + 1 : sizeof(small);
    memset(small, 'X', sizeof(small));
    charset_detect(ctlen ? ct : NULL, b, len, small, n);
    if (!memchr(small, '\0', n))
        abort();
    for (const char *p = small; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            abort();

    char cs[48];
    charset_detect(ctlen ? ct : NULL, b, len, cs, sizeof(cs));
    struct strbuf out = STRBUF_INIT;
    const char *used = NULL;
    long invalid = -1;
    charset_to_utf8(cs, b, len, &out, &used, &invalid);
    if (!used || invalid < 0 || (size_t)invalid > len)
        abort();
    if (!jsonl_utf8_valid(out.buf ? out.buf : "", out.len))
        abort();
    if (jsonl_utf8_valid(b, len) && (!cs[0] || !strcmp(cs, "utf-8")) &&
        (strcmp(used, "utf-8") || invalid != 0 || out.len != len || memcmp(out.buf, b, len)))
        abort();
    strbuf_release(&out);
    free(b);
    free(ct);
    return 0;
}
