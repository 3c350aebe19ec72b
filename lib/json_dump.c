/* json_dump.c: see json_dump.h. Reals, which odp's records do not use, are
 * left to jansson's own formatting. */
#include "json_dump.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 1 for the bytes a JSON string cannot hold as they are: controls, '"', '\\'. */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1};

/* Append the escape for byte c (one that needs_escape). */
static void add_escape(struct strbuf *sb, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    switch (c) {
    case '"': strbuf_add(sb, "\\\"", 2); break;
    case '\\': strbuf_add(sb, "\\\\", 2); break;
    case '\b': strbuf_add(sb, "\\b", 2); break;
    case '\f': strbuf_add(sb, "\\f", 2); break;
    case '\n': strbuf_add(sb, "\\n", 2); break;
    case '\r': strbuf_add(sb, "\\r", 2); break;
    case '\t': strbuf_add(sb, "\\t", 2); break;
    default: {
        char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        strbuf_add(sb, u, 6);
    }
    }
}

void json_dump_string(const char *s, size_t len, struct strbuf *sb)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
    strbuf_addch(sb, '"');
    for (; p < end; p++) {
        if (!needs_escape[*p])
            continue;
        strbuf_add(sb, run, (size_t)(p - run));
        run = p + 1;
        add_escape(sb, *p);
    }
    strbuf_add(sb, run, (size_t)(p - run));
    strbuf_addch(sb, '"');
}

void json_dump_compact(json_t *v, struct strbuf *sb)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *val;
        int first = 1;
        strbuf_addch(sb, '{');
        json_object_foreach(v, key, val) {
            if (!first)
                strbuf_addch(sb, ',');
            first = 0;
            json_dump_string(key, strlen(key), sb);
            strbuf_addch(sb, ':');
            json_dump_compact(val, sb);
        }
        strbuf_addch(sb, '}');
        break;
    }
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        strbuf_addch(sb, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                strbuf_addch(sb, ',');
            json_dump_compact(json_array_get(v, i), sb);
        }
        strbuf_addch(sb, ']');
        break;
    }
    case JSON_STRING:
        json_dump_string(json_string_value(v), json_string_length(v), sb);
        break;
    case JSON_INTEGER: {
        char num[24];
        json_int_t i = json_integer_value(v);
        unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;
        size_t k = sizeof(num);
        do {
            num[--k] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (i < 0)
            num[--k] = '-';
        strbuf_add(sb, num + k, sizeof(num) - k);
        break;
    }
    case JSON_TRUE: strbuf_add(sb, "true", 4); break;
    case JSON_FALSE: strbuf_add(sb, "false", 5); break;
    case JSON_NULL: strbuf_add(sb, "null", 4); break;
    default: {
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (s)
            strbuf_addstr(sb, s);
        free(s);
    }
    }
}

void json_put_key(struct strbuf *sb, const char *key)
{
    char last = sb->len ? sb->buf[sb->len - 1] : '\0';
    if (last != '{' && last != '[')
        strbuf_addch(sb, ',');
    if (key) {
        json_dump_string(key, strlen(key), sb);
        strbuf_addch(sb, ':');
    }
}

void json_put_int(struct strbuf *sb, const char *key, long long v)
{
    json_put_key(sb, key);
    char num[24];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    size_t k = sizeof(num);
    do {
        num[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        num[--k] = '-';
    strbuf_add(sb, num + k, sizeof(num) - k);
}

void json_put_bool(struct strbuf *sb, const char *key, int v)
{
    json_put_key(sb, key);
    if (v)
        strbuf_add(sb, "true", 4);
    else
        strbuf_add(sb, "false", 5);
}

void json_put_null(struct strbuf *sb, const char *key)
{
    json_put_key(sb, key);
    strbuf_add(sb, "null", 4);
}

/* The length of the UTF-8 sequence whose lead byte (0x80 or above) is at p, as
 * jansson's utf8_check_full accepts it: the lead byte says the length,
 * continuation bytes are 10xxxxxx, and the code point is not overlong, a
 * surrogate or past U+10FFFF. 0 when there is none, or it is longer than avail.
 * A string that ends in a NUL may pass SIZE_MAX: the NUL is no continuation
 * byte, so the check stops there. */
static inline size_t utf8_seq(const unsigned char *p, size_t avail)
{
    unsigned c = *p;
    size_t n;
    uint32_t cp;
    if (c < 0xC2)
        return 0; /* a continuation byte, or C0/C1 (overlong) */
    else if (c < 0xE0)
        n = 2, cp = c & 0x1F;
    else if (c < 0xF0)
        n = 3, cp = c & 0x0F;
    else if (c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (n == 3 && cp < 0x800) ||
        (n == 4 && cp < 0x10000))
        return 0;
    return n;
}

int json_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        /* ASCII, most of the text, eight bytes at a time */
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, sizeof(w));
            if (!(w & 0x8080808080808080ULL)) {
                p += 8;
                continue;
            }
        }
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t n = utf8_seq(p, (size_t)(end - p));
        if (!n)
            return 0;
        p += n;
    }
    return 1;
}

void json_put_string(struct strbuf *sb, const char *key, const char *s)
{
    if (!s)
        return;
    /* checked and escaped in one pass; taken back when it is no UTF-8 */
    size_t mark = sb->len;
    json_put_key(sb, key);
    const unsigned char *p = (const unsigned char *)s, *run = p;
    strbuf_addch(sb, '"');
    while (*p) {
        if (*p >= 0x80) {
            size_t n = utf8_seq(p, SIZE_MAX);
            if (!n) {
                strbuf_setlen(sb, mark);
                return;
            }
            p += n;
            continue;
        }
        if (!needs_escape[*p]) {
            p++;
            continue;
        }
        strbuf_add(sb, run, (size_t)(p - run));
        add_escape(sb, *p);
        run = ++p;
    }
    strbuf_add(sb, run, (size_t)(p - run));
    strbuf_addch(sb, '"');
}

void json_put_string_or_null(struct strbuf *sb, const char *key, const char *s)
{
    if (s)
        json_put_string(sb, key, s);
    else
        json_put_null(sb, key);
}
