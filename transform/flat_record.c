/* flat_record.c: see flat_record.h. */
#include "flat_record.h"

#include <stdint.h>
#include <stdlib.h>

void flat_record_reset(struct flat_record *r)
{
    r->n = 0;
    r->other = 0;
}

void flat_record_release(struct flat_record *r)
{
    free(r->f);
    free(r->json);
    r->f = NULL;
    r->json = NULL;
    r->n = r->cap = 0;
    r->other = 0;
}

struct jsonschema_field *flat_record_add(struct flat_record *r, const char *key, size_t key_len)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        struct jsonschema_field *f = realloc(r->f, cap * sizeof(*f));
        json_t **j = realloc(r->json, cap * sizeof(*j));
        if (!f || !j)
            abort();
        r->f = f;
        r->json = j;
        r->cap = cap;
    }
    r->json[r->n] = NULL;
    struct jsonschema_field *f = &r->f[r->n++];
    f->key = key;
    f->key_len = key_len;
    f->s = NULL;
    f->len = 0;
    return f;
}

void flat_record_json(struct flat_record *r, const char *key, json_t *v)
{
    if (!v)
        return;
    struct jsonschema_field *f = flat_record_add(r, key, strlen(key));
    r->json[r->n - 1] = v;
    switch (json_typeof(v)) {
    case JSON_STRING:
        f->kind = JSONSCHEMA_FIELD_STRING;
        f->s = json_string_value(v);
        f->len = json_string_length(v);
        break;
    case JSON_INTEGER:
        f->kind = JSONSCHEMA_FIELD_INTEGER;
        f->i = json_integer_value(v);
        break;
    case JSON_TRUE:
        f->kind = JSONSCHEMA_FIELD_TRUE;
        break;
    case JSON_FALSE:
        f->kind = JSONSCHEMA_FIELD_FALSE;
        break;
    case JSON_NULL:
        f->kind = JSONSCHEMA_FIELD_NULL;
        break;
    default:
        f->kind = JSONSCHEMA_FIELD_NULL; /* not used: the record goes the jansson way */
        r->other = 1;
    }
}

json_t *flat_record_to_json(const struct flat_record *r)
{
    json_t *o = json_object();
    for (size_t i = 0; i < r->n; i++) {
        const struct jsonschema_field *f = &r->f[i];
        json_t *v;
        if (r->json[i])
            v = json_incref(r->json[i]);
        else if (f->kind == JSONSCHEMA_FIELD_STRING)
            v = json_stringn(f->s, f->len);
        else if (f->kind == JSONSCHEMA_FIELD_INTEGER)
            v = json_integer(f->i);
        else if (f->kind == JSONSCHEMA_FIELD_TRUE)
            v = json_true();
        else if (f->kind == JSONSCHEMA_FIELD_FALSE)
            v = json_false();
        else
            v = json_null();
        json_object_setn_new(o, f->key, f->key_len, v);
    }
    return o;
}

/* Nonzero when one of the 8 bytes in w may need an escape (a control
 * character, '"' or '\\'); a false alarm only costs the byte loop. */
static inline uint64_t may_need_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    return (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

/* A JSON string as json_dumps escapes it (quote, backslash, control
 * characters; UTF-8 kept), written at p, which has room for 6 * n + 2 bytes.
 * Returns the end. Clean text is copied eight bytes at a time. */
static char *put_string(char *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF"; /* as jansson writes \u001F */
    *p++ = '"';
    size_t i = 0;
    for (;;) {
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            if (may_need_escape(w))
                break;
            memcpy(p, &w, sizeof(w));
            p += 8;
            i += 8;
        }
        size_t stop = i + 8 <= n ? i + 8 : n;
        if (i == n)
            break;
        for (; i < stop; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 && c != '"' && c != '\\') {
                *p++ = (char)c;
                continue;
            }
            *p++ = '\\';
            switch (c) {
            case '"':
                *p++ = '"';
                break;
            case '\\':
                *p++ = '\\';
                break;
            case '\b':
                *p++ = 'b';
                break;
            case '\f':
                *p++ = 'f';
                break;
            case '\n':
                *p++ = 'n';
                break;
            case '\r':
                *p++ = 'r';
                break;
            case '\t':
                *p++ = 't';
                break;
            default:
                memcpy(p, "u00", 3);
                p += 3;
                *p++ = hex[c >> 4];
                *p++ = hex[c & 15];
            }
        }
    }
    *p++ = '"';
    return p;
}

void flat_record_write(const struct flat_record *r, struct strbuf *sb)
{
    size_t need = 3;
    for (size_t i = 0; i < r->n; i++)
        need += 6 * r->f[i].key_len + 6 * r->f[i].len + 32;
    strbuf_grow(sb, need);
    char *p = sb->buf + sb->len;
    *p++ = '{';
    for (size_t i = 0; i < r->n; i++) {
        const struct jsonschema_field *f = &r->f[i];
        if (i)
            *p++ = ',';
        p = put_string(p, f->key, f->key_len);
        *p++ = ':';
        switch (f->kind) {
        case JSONSCHEMA_FIELD_STRING:
            p = put_string(p, f->s, f->len);
            break;
        case JSONSCHEMA_FIELD_INTEGER: {
            /* digits by hand: printf was a tenth of the writing */
            char d[24];
            int k = (int)sizeof(d);
            unsigned long long u =
                f->i < 0 ? 0ULL - (unsigned long long)f->i : (unsigned long long)f->i;
            do {
                d[--k] = (char)('0' + u % 10);
                u /= 10;
            } while (u);
            if (f->i < 0)
                d[--k] = '-';
            memcpy(p, d + k, sizeof(d) - (size_t)k);
            p += sizeof(d) - (size_t)k;
            break;
        }
        case JSONSCHEMA_FIELD_TRUE:
            memcpy(p, "true", 4), p += 4;
            break;
        case JSONSCHEMA_FIELD_FALSE:
            memcpy(p, "false", 5), p += 5;
            break;
        case JSONSCHEMA_FIELD_NULL:
            memcpy(p, "null", 4), p += 4;
            break;
        }
    }
    *p++ = '}';
    *p++ = '\n';
    strbuf_setlen(sb, (size_t)(p - sb->buf));
}
