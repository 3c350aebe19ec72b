/* jsonl.c: see jsonl.h. */
#include "jsonl.h"

#include <stdint.h>
#include <string.h>

#include "ascii8.h"
#include "jsonschema.h"

/* ---- UTF-8 ------------------------------------------------------------------- */

/* The length of the UTF-8 sequence whose lead byte (0x80 or above) is at p, as
 * jansson's utf8_check_full accepts it: the lead byte says the length,
 * continuation bytes are 10xxxxxx, and the code point is not overlong, a
 * surrogate or past U+10FFFF. 0 when there is none, or it is longer than avail. */
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

int jsonl_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        /* ASCII, most of the text, eight bytes at a time */
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, sizeof(w));
            if (!ascii8_high(w)) {
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

/* ---- reading ------------------------------------------------------------------- */

void jsonl_scanner_init(struct jsonl_scanner *sc, const char *text, size_t len, unsigned flags)
{
    sc->p = text;
    sc->end = text + len;
    sc->flags = flags;
    sc->depth = 0;
}

static inline void skip_ws(struct jsonl_scanner *sc)
{
    while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\n' || *sc->p == '\t' || *sc->p == '\r'))
        sc->p++;
}

char jsonl_peek(struct jsonl_scanner *sc)
{
    skip_ws(sc);
    return sc->p < sc->end ? *sc->p : '\0';
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

/* The \u escape at p (its 'u'), a surrogate pair read whole, as jansson
 * reads it: its code point in *cp and the bytes it takes after the
 * backslash, or -1 for a bad one, a lone surrogate or \u0000 (jansson
 * refuses a NUL in a string unless told to allow it, which odp never does). */
static int u_escape(const char *p, const char *end, uint32_t *cp)
{
    uint32_t u, lo;
    if (end - p < 5 || hex4(p + 1, &u))
        return -1;
    if (u >= 0xDC00 && u <= 0xDFFF)
        return -1;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (end - p < 11 || p[5] != '\\' || p[6] != 'u' || hex4(p + 7, &lo) || lo < 0xDC00 ||
            lo > 0xDFFF)
            return -1;
        *cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        return 11;
    }
    if (u == 0)
        return -1;
    *cp = u;
    return 5;
}

/* The string at sc->p (its opening quote). */
static int scan_string(struct jsonl_scanner *sc, struct jsonl_value *v)
{
    const char *p = sc->p + 1, *end = sc->end;
    unsigned strict = sc->flags & JSONL_STRICT;
    v->escaped = 0;
    for (;;) {
        while (end - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            uint64_t mask = ascii8_not_json_plain(x);
            if (!mask) {
                p += 8;
                continue;
            }
            p += ascii8_plain_prefix(mask);
            break;
        }
        if (p >= end)
            return -1;
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c == '\\') {
            if (sc->flags & JSONL_CANONICAL)
                return -1;
            v->escaped = 1;
            if (end - p < 2)
                return -1;
            if (!strict) {
                p += 2;
                continue;
            }
            uint32_t cp;
            int n;
            switch (p[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                n = 1;
                break;
            case 'u':
                n = u_escape(p + 1, end, &cp);
                if (n < 0)
                    return -1;
                break;
            default:
                return -1;
            }
            p += 1 + n;
            continue;
        }
        if (c < 0x20) {
            if (strict)
                return -1;
        } else if (c >= 0x80 && strict) {
            size_t n = utf8_seq((const unsigned char *)p, (size_t)(end - p));
            if (!n)
                return -1;
            p += n;
            continue;
        }
        p++; /* a plain byte: a multi-byte sequence trusted, or an ASCII byte
              * a borrow flagged on a big-endian machine */
    }
    v->kind = JSONL_STRING;
    v->text = sc->p;
    v->len = (size_t)(p + 1 - sc->p);
    sc->p = p + 1;
    return 0;
}

static inline int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int scan_number(struct jsonl_scanner *sc, struct jsonl_value *v)
{
    const char *p = sc->p, *end = sc->end;
    if (*p == '-')
        p++;
    const char *d = p;
    while (p < end && is_digit(*p))
        p++;
    size_t nd = (size_t)(p - d);
    if (nd == 0)
        return -1;
    v->kind = JSONL_INTEGER;
    if (nd > 1 && *d == '0' && (sc->flags & (JSONL_STRICT | JSONL_INT18)))
        return -1; /* a leading zero: no JSON */
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) {
        if (sc->flags & JSONL_INT18)
            return -1;
        v->kind = JSONL_REAL;
        if (sc->flags & JSONL_STRICT) {
            if (*p == '.') {
                const char *f = ++p;
                while (p < end && is_digit(*p))
                    p++;
                if (p == f)
                    return -1;
            }
            if (p < end && (*p == 'e' || *p == 'E')) {
                p++;
                if (p < end && (*p == '+' || *p == '-'))
                    p++;
                const char *e = p;
                while (p < end && is_digit(*p))
                    p++;
                if (p == e)
                    return -1;
            }
        } else {
            while (p < end &&
                   (is_digit(*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
                p++;
        }
    } else if (sc->flags & JSONL_INT18) {
        if (nd > 18)
            return -1;
    }
    if ((sc->flags & JSONL_CANONICAL) && v->kind == JSONL_INTEGER && d != sc->p && *d == '0')
        return -1; /* "-0", which jansson reads as 0 and writes "0" */
    v->text = sc->p;
    v->len = (size_t)(p - sc->p);
    sc->p = p;
    return 0;
}

static int scan_word(struct jsonl_scanner *sc, struct jsonl_value *v, const char *w, size_t n,
                     enum jsonl_kind kind)
{
    if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, w, n))
        return -1;
    v->kind = kind;
    v->text = sc->p;
    v->len = n;
    sc->p += n;
    return 0;
}

/* Pass over the array or object at sc->p, checking it as the flags say. */
static int skip_nested(struct jsonl_scanner *sc, struct jsonl_value *v)
{
    const char *start = sc->p;
    int object = *sc->p == '{';
    struct jsonl_value k, e;
    if (jsonl_begin(sc))
        return -1;
    for (size_t i = 0;; i++) {
        int r = object ? jsonl_member(sc, i, &k) : jsonl_element(sc, i);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        if (jsonl_value(sc, &e))
            return -1;
    }
    v->kind = object ? JSONL_OBJECT : JSONL_ARRAY;
    v->text = start;
    v->len = (size_t)(sc->p - start);
    v->escaped = 0;
    return 0;
}

int jsonl_value(struct jsonl_scanner *sc, struct jsonl_value *v)
{
    switch (jsonl_peek(sc)) {
    case '"':
        return scan_string(sc, v);
    case '{':
    case '[':
        if (sc->flags & JSONL_FLAT)
            return -1;
        return skip_nested(sc, v);
    case 't':
        return scan_word(sc, v, "true", 4, JSONL_TRUE);
    case 'f':
        return scan_word(sc, v, "false", 5, JSONL_FALSE);
    case 'n':
        return scan_word(sc, v, "null", 4, JSONL_NULL);
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        v->escaped = 0;
        return scan_number(sc, v);
    default:
        return -1;
    }
}

int jsonl_begin(struct jsonl_scanner *sc)
{
    char c = jsonl_peek(sc);
    if ((c != '{' && c != '[') || sc->depth >= JSONL_MAX_DEPTH)
        return -1;
    sc->depth++;
    sc->p++;
    return 0;
}

int jsonl_member(struct jsonl_scanner *sc, size_t i, struct jsonl_value *key)
{
    char c = jsonl_peek(sc);
    if (c == '}') {
        sc->p++;
        sc->depth--;
        return 0;
    }
    if (i) {
        if (c != ',')
            return -1;
        sc->p++;
        c = jsonl_peek(sc);
    }
    if (c != '"' || scan_string(sc, key) || jsonl_peek(sc) != ':')
        return -1;
    sc->p++;
    skip_ws(sc);
    return 1;
}

int jsonl_element(struct jsonl_scanner *sc, size_t i)
{
    char c = jsonl_peek(sc);
    if (c == ']') {
        sc->p++;
        sc->depth--;
        return 0;
    }
    if (i) {
        if (c != ',')
            return -1;
        sc->p++;
        skip_ws(sc);
    }
    return 1;
}

int jsonl_end(struct jsonl_scanner *sc)
{
    skip_ws(sc);
    return sc->p == sc->end ? 0 : -1;
}

static char *put_utf8(char *d, uint32_t u)
{
    if (u < 0x80) {
        *d++ = (char)u;
    } else if (u < 0x800) {
        *d++ = (char)(0xC0 | u >> 6);
        *d++ = (char)(0x80 | (u & 0x3F));
    } else if (u < 0x10000) {
        *d++ = (char)(0xE0 | u >> 12);
        *d++ = (char)(0x80 | (u >> 6 & 0x3F));
        *d++ = (char)(0x80 | (u & 0x3F));
    } else {
        *d++ = (char)(0xF0 | u >> 18);
        *d++ = (char)(0x80 | (u >> 12 & 0x3F));
        *d++ = (char)(0x80 | (u >> 6 & 0x3F));
        *d++ = (char)(0x80 | (u & 0x3F));
    }
    return d;
}

const char *jsonl_string(const struct jsonl_value *v, struct strbuf *scratch, size_t *len)
{
    const char *p = v->text + 1, *end = v->text + v->len - 1;
    if (!v->escaped) {
        *len = (size_t)(end - p);
        return p;
    }
    strbuf_reset(scratch);
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        if (!bs) {
            strbuf_add(scratch, p, (size_t)(end - p));
            break;
        }
        strbuf_add(scratch, p, (size_t)(bs - p));
        p = bs + 1;
        if (p == end)
            return NULL;
        char c = *p, out;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out = c;
            break;
        case 'b':
            out = '\b';
            break;
        case 'f':
            out = '\f';
            break;
        case 'n':
            out = '\n';
            break;
        case 'r':
            out = '\r';
            break;
        case 't':
            out = '\t';
            break;
        case 'u': {
            uint32_t cp;
            int n = u_escape(p, end, &cp);
            if (n < 0)
                return NULL;
            strbuf_grow(scratch, 4);
            char *d = put_utf8(scratch->buf + scratch->len, cp);
            strbuf_setlen(scratch, (size_t)(d - scratch->buf));
            p += n;
            continue;
        }
        default:
            return NULL;
        }
        strbuf_addch(scratch, out);
        p++;
    }
    *len = scratch->len;
    return scratch->buf;
}

int jsonl_integer(const struct jsonl_value *v, long long *out)
{
    const char *p = v->text, *end = v->text + v->len;
    int neg = *p == '-';
    p += neg;
    unsigned long long u = 0, lim = neg ? (unsigned long long)INT64_MAX + 1 : INT64_MAX;
    for (; p < end; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (u > (lim - d) / 10)
            return -1;
        u = u * 10 + d;
    }
    *out = neg ? (long long)(0ULL - u) : (long long)u;
    return 0;
}

/* ---- writing ------------------------------------------------------------------- */

char *jsonl_write_string(char *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF"; /* as jansson writes \u001F */
    *p++ = '"';
    size_t i = 0;
    for (;;) {
        /* clean text eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, sizeof(w));
            if (ascii8_json_escape(w))
                break;
            memcpy(p, &w, sizeof(w));
            p += 8;
            i += 8;
        }
        if (i == n)
            break;
        size_t stop = i + 8 <= n ? i + 8 : n;
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

char *jsonl_write_int(char *p, long long v)
{
    /* digits by hand: printf was a tenth of the writing */
    char d[24];
    size_t k = sizeof(d);
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        d[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--k] = '-';
    memcpy(p, d + k, sizeof(d) - k);
    return p + (sizeof(d) - k);
}

void jsonl_put_string(struct strbuf *sb, const char *s, size_t len)
{
    strbuf_grow(sb, jsonl_string_room(len));
    char *end = jsonl_write_string(sb->buf + sb->len, s, len);
    strbuf_setlen(sb, (size_t)(end - sb->buf));
}

void jsonl_put_int(struct strbuf *sb, long long v)
{
    strbuf_grow(sb, 21);
    char *end = jsonl_write_int(sb->buf + sb->len, v);
    strbuf_setlen(sb, (size_t)(end - sb->buf));
}

void jsonl_put_record(struct strbuf *sb, const struct jsonschema_field *f, size_t n)
{
    size_t need = 3;
    for (size_t i = 0; i < n; i++)
        need += jsonl_string_room(f[i].key_len) + jsonl_string_room(f[i].len) + 24;
    strbuf_grow(sb, need);
    char *p = sb->buf + sb->len;
    *p++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = ',';
        p = jsonl_write_string(p, f[i].key, f[i].key_len);
        *p++ = ':';
        switch (f[i].kind) {
        case JSONSCHEMA_FIELD_STRING:
            p = jsonl_write_string(p, f[i].s, f[i].len);
            break;
        case JSONSCHEMA_FIELD_INTEGER:
            p = jsonl_write_int(p, f[i].i);
            break;
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
