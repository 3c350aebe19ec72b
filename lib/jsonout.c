/* jsonout.c: see jsonout.h. Strings and integers are written by the
 * JSON Lines codec (jsonl.h); reals, which odp's records do not use, are left
 * to jansson's own formatting. */
#include "jsonout.h"

#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

void jsonout_string(const char *s, size_t len, struct strbuf *sb)
{
    jsonl_put_string(sb, s, len);
}

void jsonout_compact(json_t *v, struct strbuf *sb)
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
            jsonout_string(key, strlen(key), sb);
            strbuf_addch(sb, ':');
            jsonout_compact(val, sb);
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
            jsonout_compact(json_array_get(v, i), sb);
        }
        strbuf_addch(sb, ']');
        break;
    }
    case JSON_STRING:
        jsonout_string(json_string_value(v), json_string_length(v), sb);
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

void jsonout_key(struct strbuf *sb, const char *key)
{
    char last = sb->len ? sb->buf[sb->len - 1] : '\0';
    if (last != '{' && last != '[')
        strbuf_addch(sb, ',');
    if (key) {
        jsonout_string(key, strlen(key), sb);
        strbuf_addch(sb, ':');
    }
}

void jsonout_int(struct strbuf *sb, const char *key, long long v)
{
    jsonout_key(sb, key);
    jsonl_put_int(sb, v);
}

void jsonout_bool(struct strbuf *sb, const char *key, int v)
{
    jsonout_key(sb, key);
    if (v)
        strbuf_add(sb, "true", 4);
    else
        strbuf_add(sb, "false", 5);
}

void jsonout_null(struct strbuf *sb, const char *key)
{
    jsonout_key(sb, key);
    strbuf_add(sb, "null", 4);
}

void jsonout_str(struct strbuf *sb, const char *key, const char *s)
{
    if (s)
        jsonout_strn(sb, key, s, strlen(s));
}

void jsonout_strn(struct strbuf *sb, const char *key, const char *s, size_t len)
{
    if (!jsonl_utf8_valid(s, len))
        return;
    jsonout_key(sb, key);
    jsonl_put_string(sb, s, len);
}

void jsonout_str_or_null(struct strbuf *sb, const char *key, const char *s)
{
    if (s)
        jsonout_str(sb, key, s);
    else
        jsonout_null(sb, key);
}
