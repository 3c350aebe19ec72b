/* extract_reader.c: see extract_reader.h. */
#include "extract_reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flat_record.h"

int extract_reader_load(struct extract_reader *r, FILE *fp, const char *path, struct odp_error *err)
{
    strbuf_reset(&r->buf);
    r->pos = 0;
    r->lineno = 0;
    r->path = path;
    for (;;) {
        strbuf_grow(&r->buf, 1 << 16);
        size_t n = fread(r->buf.buf + r->buf.len, 1, r->buf.alloc - r->buf.len - 1, fp);
        strbuf_setlen(&r->buf, r->buf.len + n);
        if (n == 0)
            break;
    }
    if (ferror(fp))
        return odp_error_set(err, ODP_EIO, "%s: cannot read", path);
    return ODP_OK;
}

void extract_reader_release(struct extract_reader *r)
{
    strbuf_release(&r->buf);
    strbuf_release(&r->scratch);
}

/* ---- the parser: NULL means "not taken", never an error of its own ------- */

struct parser {
    const char *p, *end;
    int depth;
    struct strbuf *scratch;
};

enum { MAX_DEPTH = 64 }; /* deeper lines go to json_loadb, which allows 2048 */

static json_t *parse_value(struct parser *j);

static inline void skip_ws(struct parser *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r'))
        j->p++;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* A string at j->p (after its opening quote): *s, *len point into the line,
 * or into scratch when it has escapes. 0 when taken. Control characters,
 * invalid UTF-8, \u0000 and surrogates (pairs or not) are left to jansson. */
static int parse_string(struct parser *j, const char **s, size_t *len)
{
    const char *start = j->p, *p = j->p;
    while (p < j->end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
        p++;
    if (p >= j->end || (unsigned char)*p < 0x20)
        return -1;
    if (*p == '"') {
        if (!json_utf8_valid(start, (size_t)(p - start)))
            return -1;
        *s = start;
        *len = (size_t)(p - start);
        j->p = p + 1;
        return 0;
    }
    struct strbuf *sb = j->scratch;
    strbuf_reset(sb);
    const char *run = start;
    for (;;) {
        if (p >= j->end || (unsigned char)*p < 0x20)
            return -1;
        if (*p == '"')
            break;
        if (*p != '\\') {
            p++;
            continue;
        }
        strbuf_add(sb, run, (size_t)(p - run));
        if (j->end - p < 2)
            return -1;
        char e = p[1], c;
        p += 2;
        switch (e) {
        case '"':
            c = '"';
            break;
        case '\\':
            c = '\\';
            break;
        case '/':
            c = '/';
            break;
        case 'b':
            c = '\b';
            break;
        case 'f':
            c = '\f';
            break;
        case 'n':
            c = '\n';
            break;
        case 'r':
            c = '\r';
            break;
        case 't':
            c = '\t';
            break;
        case 'u': {
            if (j->end - p < 4)
                return -1;
            int u = hex4(p);
            if (u <= 0 || (u >= 0xD800 && u <= 0xDFFF))
                return -1;
            p += 4;
            char b[3];
            size_t n;
            if (u < 0x80)
                b[0] = (char)u, n = 1;
            else if (u < 0x800)
                b[0] = (char)(0xC0 | u >> 6), b[1] = (char)(0x80 | (u & 0x3F)), n = 2;
            else
                b[0] = (char)(0xE0 | u >> 12), b[1] = (char)(0x80 | ((u >> 6) & 0x3F)),
                b[2] = (char)(0x80 | (u & 0x3F)), n = 3;
            strbuf_add(sb, b, n);
            run = p;
            continue;
        }
        default:
            return -1;
        }
        strbuf_addch(sb, c);
        run = p;
    }
    strbuf_add(sb, run, (size_t)(p - run));
    if (!json_utf8_valid(sb->buf, sb->len))
        return -1;
    *s = sb->buf;
    *len = sb->len;
    j->p = p + 1;
    return 0;
}

/* An integer of at most 18 digits (no overflow possible); reals and longer
 * numbers are left to jansson, and so are leading zeros (an error). */
static json_t *parse_number(struct parser *j)
{
    const char *p = j->p;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    const char *d = p;
    long long v = 0;
    /* at most 18 digits read: a 19th would overflow v (then left to jansson below) */
    while (p < j->end && *p >= '0' && *p <= '9' && p - d < 18) {
        v = v * 10 + (*p - '0');
        p++;
    }
    size_t nd = (size_t)(p - d);
    if (nd == 0 || nd > 18 || (nd > 1 && *d == '0'))
        return NULL;
    if (p < j->end && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9')))
        return NULL;
    j->p = p;
    return json_integer(neg ? -v : v);
}

static json_t *parse_word(struct parser *j, const char *w, size_t n, json_t *v)
{
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
        return NULL;
    const char *after = j->p + n;
    /* jansson reads a whole word ("truex" is one bad token) */
    if (after < j->end && ((*after >= 'a' && *after <= 'z') || (*after >= 'A' && *after <= 'Z')))
        return NULL;
    j->p = after;
    return v;
}

static json_t *parse_array(struct parser *j)
{
    json_t *a = json_array();
    j->p++;
    skip_ws(j);
    if (j->p < j->end && *j->p == ']') {
        j->p++;
        return a;
    }
    for (;;) {
        skip_ws(j);
        json_t *v = parse_value(j);
        if (!v || json_array_append_new(a, v))
            break;
        skip_ws(j);
        if (j->p >= j->end)
            break;
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == ']') {
            j->p++;
            return a;
        }
        break;
    }
    json_decref(a);
    return NULL;
}

static json_t *parse_object(struct parser *j)
{
    json_t *o = json_object();
    j->p++;
    skip_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        return o;
    }
    for (;;) {
        skip_ws(j);
        if (j->p >= j->end || *j->p != '"')
            break;
        j->p++;
        const char *k;
        size_t klen;
        if (parse_string(j, &k, &klen))
            break;
        /* an unescaped key stays in the line; an escaped one is copied out of
         * scratch, which the value may need */
        char small[256];
        if (k == j->scratch->buf) {
            if (klen >= sizeof(small))
                break;
            memcpy(small, k, klen);
            k = small;
        }
        skip_ws(j);
        if (j->p >= j->end || *j->p != ':')
            break;
        j->p++;
        skip_ws(j);
        json_t *v = parse_value(j);
        if (!v)
            break;
        if (json_object_setn_new_nocheck(o, k, klen, v))
            break;
        skip_ws(j);
        if (j->p >= j->end)
            break;
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == '}') {
            j->p++;
            return o;
        }
        break;
    }
    json_decref(o);
    return NULL;
}

static json_t *parse_value(struct parser *j)
{
    if (j->p >= j->end)
        return NULL;
    switch (*j->p) {
    case '{':
    case '[': {
        if (++j->depth > MAX_DEPTH)
            return NULL;
        json_t *v = *j->p == '{' ? parse_object(j) : parse_array(j);
        j->depth--;
        return v;
    }
    case '"': {
        const char *s;
        size_t len;
        j->p++;
        if (parse_string(j, &s, &len))
            return NULL;
        return json_stringn_nocheck(s, len);
    }
    case 't':
        return parse_word(j, "true", 4, json_true());
    case 'f':
        return parse_word(j, "false", 5, json_false());
    case 'n':
        return parse_word(j, "null", 4, json_null());
    default:
        if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
            return parse_number(j);
        return NULL;
    }
}

json_t *extract_reader_next(struct extract_reader *r, struct odp_error *err)
{
    if (err)
        err->code = 0;
    while (r->pos < r->buf.len) {
        const char *line = r->buf.buf + r->pos;
        const char *nl = memchr(line, '\n', r->buf.len - r->pos);
        size_t n = nl ? (size_t)(nl - line) + 1 : r->buf.len - r->pos;
        r->pos += n;
        r->lineno++;
        if (line[0] == '\n')
            continue;
        struct parser j = {line, line + n, 0, &r->scratch};
        json_t *v = NULL;
        skip_ws(&j);
        if (j.p < j.end && (*j.p == '{' || *j.p == '['))
            v = parse_value(&j);
        if (v) {
            skip_ws(&j);
            if (j.p == j.end)
                return v;
            json_decref(v);
        }
        json_error_t je;
        v = json_loadb(line, n, 0, &je);
        if (!v)
            odp_error_set(err, ODP_EPARSE, "%s:%ld: %s", r->path, r->lineno, je.text);
        return v;
    }
    return NULL;
}
