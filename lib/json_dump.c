/* json_dump.c: see json_dump.h. Reals, which odp's records do not use, are
 * left to jansson's own formatting. */
#include "json_dump.h"

#include <stdlib.h>
#include <string.h>

void json_dump_string(const char *s, size_t len, struct strbuf *sb)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
    strbuf_addch(sb, '"');
    for (; p < end; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        strbuf_add(sb, run, (size_t)(p - run));
        run = p + 1;
        switch (*p) {
        case '"': strbuf_add(sb, "\\\"", 2); break;
        case '\\': strbuf_add(sb, "\\\\", 2); break;
        case '\b': strbuf_add(sb, "\\b", 2); break;
        case '\f': strbuf_add(sb, "\\f", 2); break;
        case '\n': strbuf_add(sb, "\\n", 2); break;
        case '\r': strbuf_add(sb, "\\r", 2); break;
        case '\t': strbuf_add(sb, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            strbuf_add(sb, u, 6);
        }
        }
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
