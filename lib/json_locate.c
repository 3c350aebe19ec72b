/* json_locate.c: see json_locate.h. */
#include "json_locate.h"

#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

/* The next reference token of ptr (after its '/') unescaped into tok; the
 * rest of the pointer. */
static const char *next_token(const char *ptr, struct strbuf *tok)
{
    strbuf_reset(tok);
    while (*ptr && *ptr != '/') {
        if (ptr[0] == '~' && (ptr[1] == '0' || ptr[1] == '1')) {
            strbuf_addch(tok, ptr[1] == '0' ? '~' : '/');
            ptr += 2;
        } else {
            strbuf_addch(tok, *ptr++);
        }
    }
    return ptr;
}

/* sc at the start of the container's value: 0 with sc before the member or
 * element tok names, else -1. */
static int find_child(struct jsonl_scanner *sc, const char *tok, size_t toklen,
                      struct strbuf *scratch)
{
    struct jsonl_value k, v;
    char c = jsonl_peek(sc);
    if (c == '{') {
        jsonl_begin(sc);
        for (size_t i = 0; jsonl_member(sc, i, &k) == 1; i++) {
            size_t klen;
            const char *key = jsonl_string(&k, scratch, &klen);
            if (key && klen == toklen && !memcmp(key, tok, klen))
                return 0;
            if (jsonl_value(sc, &v))
                return -1;
        }
        return -1;
    }
    if (c == '[') {
        char *end;
        long idx = strtol(tok, &end, 10);
        if (!toklen || *end || idx < 0)
            return -1;
        jsonl_begin(sc);
        for (long i = 0; jsonl_element(sc, (size_t)i) == 1; i++) {
            if (i == idx)
                return 0;
            if (jsonl_value(sc, &v))
                return -1;
        }
    }
    return -1;
}

/* Put sc at the value ptr points to: 0, or -1 when the text has none (sc is
 * then at the last value on the way, *found where that one starts). */
static int walk(struct jsonl_scanner *sc, const char *ptr, const char **found)
{
    struct strbuf tok = STRBUF_INIT, scratch = STRBUF_INIT;
    int rc = 0;
    jsonl_peek(sc);
    *found = sc->p;
    while (*ptr == '/') {
        ptr = next_token(ptr + 1, &tok);
        if (find_child(sc, tok.buf, tok.len, &scratch)) {
            rc = -1;
            break;
        }
        jsonl_peek(sc);
        *found = sc->p;
    }
    strbuf_release(&tok);
    strbuf_release(&scratch);
    return rc;
}

/* The line of p in text, counted from line at from. */
static long line_at(const char *from, const char *p, long line)
{
    for (const char *q = from; (q = memchr(q, '\n', (size_t)(p - q))); q++)
        line++;
    return line;
}

long json_locate_line(const char *text, size_t len, const char *ptr, long first_line)
{
    struct jsonl_scanner sc;
    const char *found;
    jsonl_scanner_init(&sc, text, len, 0);
    walk(&sc, ptr, &found);
    return line_at(text, found, first_line);
}

size_t json_locate_elements(const char *text, size_t len, const char *ptr, long first_line,
                            long *lines, size_t max)
{
    struct jsonl_scanner sc;
    struct jsonl_value v;
    const char *found, *at = text;
    long line = first_line;
    size_t n = 0;
    jsonl_scanner_init(&sc, text, len, 0);
    if (walk(&sc, ptr, &found) || jsonl_peek(&sc) != '[')
        return 0;
    jsonl_begin(&sc);
    while (n < max && jsonl_element(&sc, n) == 1) {
        line = line_at(at, sc.p, line);
        at = sc.p;
        lines[n++] = line;
        if (jsonl_value(&sc, &v))
            break;
    }
    return n;
}

void json_pointer_append(struct strbuf *sb, const char *token)
{
    strbuf_addch(sb, '/');
    for (; *token; token++) {
        if (*token == '~')
            strbuf_add(sb, "~0", 2);
        else if (*token == '/')
            strbuf_add(sb, "~1", 2);
        else
            strbuf_addch(sb, *token);
    }
}
