/*
 * jsonschema_format.c: the "format" checks of JSON Schema 2020-12 (RFC 3339
 * dates and times, RFC 5321/6531 e-mail, RFC 1123/5890 host names, IP
 * addresses, RFC 3986/3987 URIs and IRIs, RFC 6570 URI templates, RFC 6901
 * JSON Pointers, relative JSON Pointers, ECMA-262 regexes, UUIDs).
 *
 * Each check is a small hand-written recogniser over the UTF-8 string: no
 * allocation except for regexes (and internationalised host names). The
 * host, address and e-mail checks are jsonschema_format_host.c's. Unknown
 * formats are reported as unknown (-1), never invalid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema.h"
#include "jsonschema_format.h"
#include "uri.h"

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit((unsigned char)s[i]))
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* ---- dates and times (RFC 3339) -------------------------------------------- */

static int check_date(const char *s, size_t len)
{
    int y, m, d;
    if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
        !digits(s + 8, 2, &d))
        return 0;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static int check_time(const char *s, size_t len)
{
    int h, mi, se;
    if (len < 9 || s[2] != ':' || s[5] != ':' || !digits(s, 2, &h) || !digits(s + 3, 2, &mi) ||
        !digits(s + 6, 2, &se))
        return 0;
    size_t i = 8;
    if (s[i] == '.') {
        i++;
        size_t st = i;
        while (i < len && is_digit((unsigned char)s[i]))
            i++;
        if (i == st)
            return 0;
    }
    if (i >= len)
        return 0;
    int oh = 0, om = 0, sign = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        if (i + 1 != len)
            return 0;
    } else if (s[i] == '+' || s[i] == '-') {
        sign = s[i] == '+' ? 1 : -1;
        if (len - i != 6 || s[i + 3] != ':' || !digits(s + i + 1, 2, &oh) ||
            !digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
            return 0;
    } else
        return 0;
    if (h > 23 || mi > 59 || se > 60)
        return 0;
    if (se == 60) {
        /* a leap second happens at 23:59:60 UTC */
        int utc = (h * 60 + mi - sign * (oh * 60 + om) + 2 * 1440) % 1440;
        if (utc != 23 * 60 + 59)
            return 0;
    }
    return 1;
}

static int check_date_time(const char *s, size_t len)
{
    return len > 11 && (s[10] == 'T' || s[10] == 't') && check_date(s, 10) &&
           check_time(s + 11, len - 11);
}

static int check_duration(const char *s, size_t len)
{
    if (len < 2 || s[0] != 'P')
        return 0;
    static const char date_units[] = "YMD", time_units[] = "HMS";
    size_t i = 1;
    int in_time = 0, any = 0, last = -1, weeks = 0, any_time = 0;
    while (i < len) {
        if (s[i] == 'T') {
            if (in_time)
                return 0;
            in_time = 1;
            last = -1;
            i++;
            continue;
        }
        size_t st = i;
        while (i < len && is_digit((unsigned char)s[i]))
            i++;
        if (i == st || i >= len)
            return 0;
        char u = s[i++];
        if (u == 'W') {
            if (in_time || any)
                return 0;
            weeks = 1;
            any = 1;
            continue;
        }
        if (weeks)
            return 0;
        const char *units = in_time ? time_units : date_units;
        const char *p = strchr(units, u);
        if (!p || !u)
            return 0;
        int idx = (int)(p - units);
        if (idx <= last || (last >= 0 && idx != last + 1))
            return 0;
        last = idx;
        any = 1;
        if (in_time)
            any_time = 1;
    }
    if (!any || (in_time && !any_time))
        return 0;
    return 1;
}

/* ---- URIs and IRIs (RFC 3986 / 3987) ---------------------------------------- */

static int uri_char_ok(const char *s, size_t len, size_t *i, const char *extra, int iri)
{
    unsigned char c = (unsigned char)s[*i];
    if (c == '%') {
        if (*i + 2 >= len || !is_hex((unsigned char)s[*i + 1]) || !is_hex((unsigned char)s[*i + 2]))
            return 0;
        *i += 3;
        return 1;
    }
    if (c >= 0x80) {
        if (!iri)
            return 0;
        long cp = utf8_next(s, len, i);
        return cp >= 0xA0 && !(cp >= 0xE000 && cp <= 0xF8FF);
    }
    if (is_alpha(c) || is_digit(c) || strchr("-._~!$&'()*+,;=", c) || (c && strchr(extra, c))) {
        (*i)++;
        return 1;
    }
    return 0;
}

/* The authority's grammar (RFC 3986 3.2): [ userinfo "@" ] host [ ":" port ],
 * the host an IP literal in brackets (IPv6 or IPvFuture) or a reg-name.
 * Strict, as the split (uri_split) and uri_host are not: they find the
 * parts of any string. */
static int check_authority(const char *s, size_t len, int iri)
{
    size_t i = 0;
    const char *atp = memchr(s, '@', len);
    if (atp) {
        while (i < (size_t)(atp - s))
            if (!uri_char_ok(s, len, &i, ":", iri))
                return 0;
        i++;
    }
    if (i < len && s[i] == '[') {
        const char *close = memchr(s + i, ']', len - i);
        if (!close)
            return 0;
        size_t hl = (size_t)(close - (s + i)) - 1;
        if (!jsonschema_format_ipv6(s + i + 1, hl) && !(hl && (s[i + 1] == 'v' || s[i + 1] == 'V')))
            return 0;
        i = (size_t)(close - s) + 1;
    } else {
        while (i < len && s[i] != ':')
            if (!uri_char_ok(s, len, &i, "", iri))
                return 0;
    }
    if (i < len && s[i] == ':') {
        i++;
        while (i < len)
            if (!is_digit((unsigned char)s[i++]))
                return 0;
    }
    return i == len;
}

/* Whether every character of s[0..len) is a pchar (unreserved, sub-delims,
 * ':', '@', a percent-escape; for an IRI also ucschar) or one of extra. */
static int chars_ok(const char *s, size_t len, const char *extra, int iri)
{
    size_t i = 0;
    while (i < len)
        if (!uri_char_ok(s, len, &i, extra, iri))
            return 0;
    return 1;
}

/* uri, uri-reference, iri, iri-reference. The reference is split where odp
 * splits every reference (lib/uri.c, RFC 3986 Appendix B); each part is then
 * checked against its grammar here, which the split leaves to its users. */
static int check_uri_parts(const char *s, size_t len, int need_scheme, int iri)
{
    if (memchr(s, '\0', len)) /* the split reads up to a NUL, which no URI holds */
        return 0;
    struct uri_ref u;
    uri_split(s, &u);
    if (need_scheme && !u.has_scheme)
        return 0;
    if (!u.has_scheme && !u.has_authority) {
        /* a relative reference's first segment must not contain ':' (4.2) */
        size_t seg = 0;
        while (seg < u.path_len && u.path[seg] != '/')
            seg++;
        if (memchr(u.path, ':', seg))
            return 0;
    }
    if (u.has_authority && !check_authority(u.authority, u.authority_len, iri))
        return 0;
    return chars_ok(u.path, u.path_len, ":@/", iri) &&
           (!u.has_query || chars_ok(u.query, u.query_len, ":@/?", iri)) &&
           (!u.has_fragment || chars_ok(u.fragment, u.fragment_len, ":@/?", iri));
}

/* ---- URI templates (RFC 6570) ------------------------------------------------ */

static int check_uri_template(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '{') {
            i++;
            if (i < len && strchr("+#./;?&=,!@|", s[i]) && s[i])
                i++;
            for (;;) {
                /* varname: varchar *( ["."] varchar ), varchar = ALPHA/DIGIT/_/pct */
                size_t st = i;
                int prev_dot = 1;
                while (i < len) {
                    if (s[i] == '%' && i + 2 < len && is_hex((unsigned char)s[i + 1]) &&
                        is_hex((unsigned char)s[i + 2])) {
                        i += 3;
                        prev_dot = 0;
                    } else if (is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]) ||
                               s[i] == '_') {
                        i++;
                        prev_dot = 0;
                    } else if (s[i] == '.' && !prev_dot) {
                        i++;
                        prev_dot = 1;
                    } else
                        break;
                }
                if (i == st || prev_dot)
                    return 0;
                if (i < len && s[i] == ':') {
                    i++;
                    size_t ds = i;
                    while (i < len && is_digit((unsigned char)s[i]))
                        i++;
                    if (i == ds || i - ds > 4 || s[ds] == '0')
                        return 0;
                } else if (i < len && s[i] == '*')
                    i++;
                if (i < len && s[i] == ',') {
                    i++;
                    continue;
                }
                break;
            }
            if (i >= len || s[i] != '}')
                return 0;
            i++;
            continue;
        }
        if (c == '}' || c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' ||
            c == '^' || c == '`' || c == '|')
            return 0;
        if (c == '%') {
            if (i + 2 >= len || !is_hex((unsigned char)s[i + 1]) ||
                !is_hex((unsigned char)s[i + 2]))
                return 0;
            i += 3;
            continue;
        }
        if (c >= 0x80) {
            if (utf8_next(s, len, &i) < 0)
                return 0;
            continue;
        }
        i++;
    }
    return 1;
}

/* ---- JSON Pointers ----------------------------------------------------------- */

static int check_json_pointer(const char *s, size_t len)
{
    if (len && s[0] != '/')
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '~' && (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1')))
            return 0;
    return 1;
}

static int check_relative_json_pointer(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && is_digit((unsigned char)s[i]))
        i++;
    if (i == 0 || (i > 1 && s[0] == '0'))
        return 0;
    if (i == len)
        return 1;
    if (s[i] == '#')
        return i + 1 == len;
    return check_json_pointer(s + i, len - i);
}

/* ---- the rest ----------------------------------------------------------------- */

static int check_uuid(const char *s, size_t len)
{
    if (len != 36)
        return 0;
    for (size_t i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!is_hex((unsigned char)s[i]))
            return 0;
    }
    return 1;
}

static int check_regex(const char *s, size_t len)
{
    if (strlen(s) != len)
        return 0;
    struct odp_error err = {0};
    struct jsonschema_regex *re = jsonschema_regex_new(s, &err);
    if (re) {
        jsonschema_regex_free(re);
        return 1;
    }
    /* ECMA-262 allows variable-length lookbehind; PCRE2 before 10.43 cannot
     * run it, but the pattern is valid */
    return strstr(err.msg, "lookbehind") != NULL;
}

int jsonschema_format_check(const char *format, const char *s, size_t len)
{
    if (!strcmp(format, "date"))
        return check_date(s, len);
    if (!strcmp(format, "time"))
        return check_time(s, len);
    if (!strcmp(format, "date-time"))
        return check_date_time(s, len);
    if (!strcmp(format, "duration"))
        return check_duration(s, len);
    if (!strcmp(format, "ipv4"))
        return jsonschema_format_ipv4(s, len);
    if (!strcmp(format, "ipv6"))
        return jsonschema_format_ipv6(s, len);
    if (!strcmp(format, "hostname"))
        return jsonschema_format_hostname(s, len, 0);
    if (!strcmp(format, "idn-hostname"))
        return jsonschema_format_hostname(s, len, 1);
    if (!strcmp(format, "email"))
        return jsonschema_format_email(s, len, 0);
    if (!strcmp(format, "idn-email"))
        return jsonschema_format_email(s, len, 1);
    if (!strcmp(format, "uri"))
        return check_uri_parts(s, len, 1, 0);
    if (!strcmp(format, "uri-reference"))
        return check_uri_parts(s, len, 0, 0);
    if (!strcmp(format, "iri"))
        return check_uri_parts(s, len, 1, 1);
    if (!strcmp(format, "iri-reference"))
        return check_uri_parts(s, len, 0, 1);
    if (!strcmp(format, "uri-template"))
        return check_uri_template(s, len);
    if (!strcmp(format, "json-pointer"))
        return check_json_pointer(s, len);
    if (!strcmp(format, "relative-json-pointer"))
        return check_relative_json_pointer(s, len);
    if (!strcmp(format, "uuid"))
        return check_uuid(s, len);
    if (!strcmp(format, "regex"))
        return check_regex(s, len);
    return -1;
}
