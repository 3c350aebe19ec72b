/* row_view.c: see row_view.h. */
#include "row_view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The end of the string that starts at p (at its '"'), after the closing
 * quote, or NULL. */
static const char *skip_string(const char *p, const char *end, int *escaped)
{
    *escaped = 0;
    for (p++; p < end; p++) {
        if (*p == '"')
            return p + 1;
        if (*p == '\\') {
            *escaped = 1;
            p++;
        }
    }
    return NULL;
}

/* The end of the array or object that starts at p, strings skipped whole. */
static const char *skip_nested(const char *p, const char *end)
{
    int depth = 0, esc;
    while (p < end) {
        if (*p == '"') {
            p = skip_string(p, end, &esc);
            if (!p)
                return NULL;
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']') {
            if (--depth == 0)
                return p + 1;
        }
        p++;
    }
    return NULL;
}

/* Scan the value at p into *v: its end, or NULL. */
static const char *scan_value(const char *p, const char *end, struct row_value *v)
{
    v->text = p;
    v->escaped = 0;
    const char *q = NULL;
    if (p >= end)
        return NULL;
    switch (*p) {
    case '"':
        v->kind = ROW_STRING;
        q = skip_string(p, end, &v->escaped);
        break;
    case '{':
    case '[':
        v->kind = ROW_OTHER;
        q = skip_nested(p, end);
        break;
    case 'n':
        v->kind = ROW_NULL;
        q = end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
        break;
    case 't':
        v->kind = ROW_TRUE;
        q = end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
        break;
    case 'f':
        v->kind = ROW_FALSE;
        q = end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
        break;
    default:
        /* a number: an integer as json_dump_compact writes one, else jansson's */
        v->kind = ROW_INTEGER;
        q = p;
        if (q < end && *q == '-')
            q++;
        if (q == end || *q < '0' || *q > '9')
            return NULL;
        while (q < end && *q >= '0' && *q <= '9')
            q++;
        while (q < end && *q != ',' && *q != '}') {
            v->kind = ROW_OTHER;
            q++;
        }
    }
    if (q)
        v->len = (size_t)(q - p);
    return q;
}

int row_view_scan(struct row_view *rv, const char *line, size_t len)
{
    const char *p = line, *end = line + len;
    rv->n = 0;
    if (p == end || *p++ != '{')
        return -1;
    if (p < end && *p == '}')
        return p + 1 == end ? 0 : -1;
    for (;;) {
        int esc;
        if (p == end || *p != '"' || !(p = skip_string(p, end, &esc)) || p == end || *p++ != ':')
            return -1;
        if (rv->n == rv->cap) {
            rv->cap = rv->cap ? 2 * rv->cap : 32;
            rv->v = realloc(rv->v, rv->cap * sizeof(*rv->v));
            if (!rv->v)
                abort();
        }
        p = scan_value(p, end, &rv->v[rv->n]);
        if (!p || p == end)
            return -1;
        rv->n++;
        if (*p == '}')
            return p + 1 == end ? 0 : -1;
        if (*p++ != ',')
            return -1;
    }
}

static int hex4(const char *p, uint32_t *u)
{
    *u = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        *u = *u << 4 | (uint32_t)d;
    }
    return 0;
}

static void add_utf8(struct strbuf *sb, uint32_t u)
{
    if (u < 0x80) {
        strbuf_addch(sb, (char)u);
    } else if (u < 0x800) {
        strbuf_addch(sb, (char)(0xC0 | u >> 6));
        strbuf_addch(sb, (char)(0x80 | (u & 0x3F)));
    } else if (u < 0x10000) {
        strbuf_addch(sb, (char)(0xE0 | u >> 12));
        strbuf_addch(sb, (char)(0x80 | (u >> 6 & 0x3F)));
        strbuf_addch(sb, (char)(0x80 | (u & 0x3F)));
    } else {
        strbuf_addch(sb, (char)(0xF0 | u >> 18));
        strbuf_addch(sb, (char)(0x80 | (u >> 12 & 0x3F)));
        strbuf_addch(sb, (char)(0x80 | (u >> 6 & 0x3F)));
        strbuf_addch(sb, (char)(0x80 | (u & 0x3F)));
    }
}

/* Unescape the inside of a JSON string into sb as jansson does: -1 for what
 * jansson refuses (a bad escape, a lone surrogate, \u0000). */
static int unescape(const char *p, const char *end, struct strbuf *sb)
{
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        if (!bs) {
            strbuf_add(sb, p, (size_t)(end - p));
            return 0;
        }
        strbuf_add(sb, p, (size_t)(bs - p));
        p = bs + 1;
        if (p == end)
            return -1;
        char c = *p++;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            strbuf_addch(sb, c);
            break;
        case 'b':
            strbuf_addch(sb, '\b');
            break;
        case 'f':
            strbuf_addch(sb, '\f');
            break;
        case 'n':
            strbuf_addch(sb, '\n');
            break;
        case 'r':
            strbuf_addch(sb, '\r');
            break;
        case 't':
            strbuf_addch(sb, '\t');
            break;
        case 'u': {
            uint32_t u, lo;
            if (end - p < 4 || hex4(p, &u))
                return -1;
            p += 4;
            if (u >= 0xDC00 && u <= 0xDFFF)
                return -1;
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return -1;
                p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (u == 0)
                return -1;
            add_utf8(sb, u);
            break;
        }
        default:
            return -1;
        }
    }
    return 0;
}

const char *row_view_string(struct row_view *rv, size_t i)
{
    const struct row_value *v = &rv->v[i];
    if (v->kind != ROW_STRING)
        return NULL;
    strbuf_reset(&rv->scratch);
    const char *in = v->text + 1, *end = v->text + v->len - 1;
    if (!v->escaped)
        strbuf_add(&rv->scratch, in, (size_t)(end - in));
    else if (unescape(in, end, &rv->scratch))
        return NULL;
    return rv->scratch.buf; /* a strbuf always ends in a NUL */
}

json_t *row_value_json(const struct row_value *v)
{
    return json_loadb(v->text, v->len, JSON_DECODE_ANY, NULL);
}

void row_view_release(struct row_view *rv)
{
    free(rv->v);
    rv->v = NULL;
    rv->n = rv->cap = 0;
    strbuf_release(&rv->scratch);
}
