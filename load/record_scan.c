/* record_scan.c: see record_scan.h. */
#include "record_scan.h"

#include <stdlib.h>
#include <string.h>

#include "json_dump.h"

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* A string at p (its '"') with no escape and no control character, valid
 * UTF-8: the end after its closing quote, else NULL. */
static const char *plain_string(const char *p, const char *end)
{
    const char *s = ++p;
    while (p < end && *p != '"') {
        if ((unsigned char)*p < 0x20 || *p == '\\')
            return NULL;
        p++;
    }
    if (p == end || !json_utf8_valid(s, (size_t)(p - s)))
        return NULL;
    return p + 1;
}

static int delimiter(const char *p, const char *end)
{
    return p == end || *p == ',' || *p == '}' || *p == ' ' || *p == '\t' || *p == '\n' ||
           *p == '\r';
}

/* A value at p: its end, or NULL when it is not one taken here. */
static const char *scan_value(const char *p, const char *end, struct record_member *m)
{
    const char *q;
    m->text = p;
    if (p == end)
        return NULL;
    switch (*p) {
    case '"':
        m->kind = REC_STRING;
        q = plain_string(p, end);
        break;
    case 'n':
        m->kind = REC_NULL;
        q = end - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
        break;
    case 't':
        m->kind = REC_TRUE;
        q = end - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
        break;
    case 'f':
        m->kind = REC_FALSE;
        q = end - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
        break;
    default: {
        m->kind = REC_INTEGER;
        q = p;
        if (*q == '-')
            q++;
        const char *digits = q;
        while (q < end && *q >= '0' && *q <= '9')
            q++;
        size_t nd = (size_t)(q - digits);
        /* "0" alone, or no leading zero; "-0" is 0 in jansson, written "0" */
        if (nd == 0 || nd > 18 || (*digits == '0' && (nd > 1 || digits != p)))
            return NULL;
    }
    }
    if (!q || !delimiter(q, end))
        return NULL;
    m->len = (size_t)(q - p);
    return q;
}

int record_scan_line(struct record_scan *rs, const char *line, size_t len)
{
    const char *p = line, *end = line + len;
    rs->n = 0;
    p = skip_ws(p, end);
    if (p == end || *p++ != '{')
        return 1;
    p = skip_ws(p, end);
    if (p < end && *p == '}') {
        p++;
    } else {
        for (;;) {
            if (rs->n == rs->cap) {
                rs->cap = rs->cap ? 2 * rs->cap : 32;
                rs->m = realloc(rs->m, rs->cap * sizeof(*rs->m));
                if (!rs->m)
                    abort();
            }
            struct record_member *m = &rs->m[rs->n];
            if (p == end || *p != '"')
                return 1;
            const char *k = p;
            if (!(p = plain_string(p, end)))
                return 1;
            m->key = k + 1;
            m->klen = (size_t)(p - k - 2);
            p = skip_ws(p, end);
            if (p == end || *p++ != ':')
                return 1;
            p = skip_ws(p, end);
            if (!(p = scan_value(p, end, m)))
                return 1;
            rs->n++;
            p = skip_ws(p, end);
            if (p == end)
                return 1;
            if (*p == '}') {
                p++;
                break;
            }
            if (*p++ != ',')
                return 1;
            p = skip_ws(p, end);
        }
    }
    return skip_ws(p, end) == end ? 0 : 1;
}

const struct record_member *record_scan_get(const struct record_scan *rs, const char *name)
{
    if (!name)
        return NULL;
    size_t n = strlen(name);
    for (size_t i = rs->n; i-- > 0;)
        if (rs->m[i].klen == n && !memcmp(rs->m[i].key, name, n))
            return &rs->m[i];
    return NULL;
}

void record_scan_release(struct record_scan *rs)
{
    free(rs->m);
    rs->m = NULL;
    rs->n = rs->cap = 0;
}
