/* json_dump.c: see json_dump.h. Strings and integers are written by the
 * JSON Lines codec (jsonl.h); reals, which odp's records do not use, are left
 * to jansson's own formatting. */
#include "json_dump.h"

#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

void json_dump_string(const char *s, size_t len, struct strbuf *sb)
{
    jsonl_put_string(sb, s, len);
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
    case JSON_INTEGER:
        jsonl_put_int(sb, json_integer_value(v));
        break;
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
    jsonl_put_int(sb, v);
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

int json_utf8_valid(const char *s, size_t len)
{
    return jsonl_utf8_valid(s, len);
}

void json_put_string(struct strbuf *sb, const char *key, const char *s)
{
    if (s)
        json_put_stringn(sb, key, s, strlen(s));
}

void json_put_stringn(struct strbuf *sb, const char *key, const char *s, size_t len)
{
    if (!jsonl_utf8_valid(s, len))
        return;
    json_put_key(sb, key);
    jsonl_put_string(sb, s, len);
}

void json_put_string_or_null(struct strbuf *sb, const char *key, const char *s)
{
    if (s)
        json_put_string(sb, key, s);
    else
        json_put_null(sb, key);
}
