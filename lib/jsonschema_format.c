/*
 * jsonschema_format.c: the "format" checks of JSON Schema 2020-12 (RFC 3339
 * dates and times, RFC 5321/6531 e-mail, RFC 1123/5890 host names, IP
 * addresses, RFC 3986/3987 URIs and IRIs, RFC 6570 URI templates, RFC 6901
 * JSON Pointers, relative JSON Pointers, ECMA-262 regexes, UUIDs).
 *
 * Each check is a small hand-written recogniser over the UTF-8 string: no
 * allocation except for regexes and internationalised host names. IDNA2008
 * (RFC 5891/5892) checks use libidn2 when it is built in, with the CONTEXTO
 * rules libidn2 leaves out done here; without libidn2 any well-formed label
 * is accepted. Unknown formats are reported as unknown (-1), never invalid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef JSONSCHEMA_HAVE_IDN2
#include <idn2.h>
#endif

#include "jsonschema.h"

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Decode one UTF-8 code point at s[*i]; returns it (or -1) and advances *i. */
static long utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[*i];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    long cp = n == 0 ? c : n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
    if (*i + (size_t)n >= len + (n ? 0 : 1) && n)
        return -1;
    for (int k = 1; k <= n; k++)
        cp = (cp << 6) | (u[*i + (size_t)k] & 0x3F);
    *i += (size_t)n + 1;
    return cp;
}

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

/* ---- IP addresses ----------------------------------------------------------- */

static int check_ipv4(const char *s, size_t len)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part) {
            if (i >= len || s[i] != '.')
                return 0;
            i++;
        }
        size_t st = i;
        int v = 0;
        while (i < len && is_digit((unsigned char)s[i]) && i - st < 4)
            v = v * 10 + (s[i++] - '0');
        size_t n = i - st;
        if (n == 0 || n > 3 || v > 255 || (n > 1 && s[st] == '0'))
            return 0;
    }
    return i == len;
}

static int check_ipv6(const char *s, size_t len)
{
    int groups = 0, dbl = 0;
    size_t i = 0;
    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        dbl = 1;
        i = 2;
        if (i == len)
            return 1;
    } else if (len && s[0] == ':')
        return 0;
    while (i < len) {
        size_t st = i;
        while (i < len && is_hex((unsigned char)s[i]))
            i++;
        size_t n = i - st;
        if (i < len && s[i] == '.') {
            /* embedded IPv4 as the last 32 bits */
            if (!check_ipv4(s + st, len - st))
                return 0;
            groups += 2;
            i = len;
            break;
        }
        if (n == 0 || n > 4)
            return 0;
        groups++;
        if (i == len)
            break;
        if (s[i] != ':')
            return 0;
        i++;
        if (i < len && s[i] == ':') {
            if (dbl)
                return 0;
            dbl = 1;
            i++;
            if (i == len)
                break;
        } else if (i == len)
            return 0;
    }
    return dbl ? groups < 8 : groups == 8;
}

/* ---- host names (RFC 1123, IDNA2008) ----------------------------------------- */

static int in_range(long cp, long lo, long hi)
{
    return cp >= lo && cp <= hi;
}

static int is_greek(long cp)
{
    return in_range(cp, 0x370, 0x3FF) || in_range(cp, 0x1F00, 0x1FFF);
}

static int is_hebrew(long cp)
{
    return in_range(cp, 0x591, 0x5F4) || in_range(cp, 0xFB1D, 0xFB4F);
}

static int is_hkh(long cp)
{
    return in_range(cp, 0x3040, 0x309F) || (in_range(cp, 0x30A0, 0x30FF) && cp != 0x30FB) ||
           in_range(cp, 0x31F0, 0x31FF) || in_range(cp, 0x3400, 0x4DBF) ||
           in_range(cp, 0x4E00, 0x9FFF) || in_range(cp, 0xF900, 0xFAFF) ||
           in_range(cp, 0x20000, 0x2FA1F);
}

/* The CONTEXTO rules of RFC 5892 appendix A.3 to A.9 on a U-label. */
static int contexto_ok(const long *cps, size_t n)
{
    int arabic_indic = 0, ext_arabic_indic = 0, has_hkh = 0, katakana_dot = 0;
    for (size_t i = 0; i < n; i++) {
        long cp = cps[i];
        if (cp == 0xB7 && (i == 0 || i + 1 >= n || cps[i - 1] != 'l' || cps[i + 1] != 'l'))
            return 0;
        if (cp == 0x375 && (i + 1 >= n || !is_greek(cps[i + 1])))
            return 0;
        if ((cp == 0x5F3 || cp == 0x5F4) && (i == 0 || !is_hebrew(cps[i - 1])))
            return 0;
        if (cp == 0x30FB)
            katakana_dot = 1;
        else if (is_hkh(cp))
            has_hkh = 1;
        if (in_range(cp, 0x660, 0x669))
            arabic_indic = 1;
        if (in_range(cp, 0x6F0, 0x6F9))
            ext_arabic_indic = 1;
    }
    if (katakana_dot && !has_hkh)
        return 0;
    return !(arabic_indic && ext_arabic_indic);
}

/* A label given as Unicode (UTF-8): IDNA2008 valid? */
static int check_ulabel(const char *label, size_t len, size_t *alen_out)
{
    *alen_out = len;
    long cps[256];
    size_t n = 0;
    for (size_t i = 0; i < len && n < 256;) {
        long cp = utf8_next(label, len, &i);
        if (cp < 0)
            return 0;
        cps[n++] = cp;
    }
    if (n >= 256 || !contexto_ok(cps, n))
        return 0;
#ifdef JSONSCHEMA_HAVE_IDN2
    char buf[1024];
    if (len >= sizeof(buf))
        return 0;
    memcpy(buf, label, len);
    buf[len] = 0;
    char *out = NULL;
    int rc = idn2_lookup_u8((const uint8_t *)buf, (uint8_t **)&out, IDN2_NONTRANSITIONAL);
    size_t alen = out ? strlen(out) : 0;
    idn2_free(out);
    *alen_out = alen;
    return rc == IDN2_OK && alen <= 63;
#else
    return 1;
#endif
}

/* An ASCII label: LDH, and a valid A-label when it starts with xn--. */
static int check_ascii_label(const char *l, size_t n)
{
    if (n == 0 || n > 63 || l[0] == '-' || l[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_alpha((unsigned char)l[i]) && !is_digit((unsigned char)l[i]) && l[i] != '-')
            return 0;
    if (n >= 4 && l[2] == '-' && l[3] == '-') {
        if ((l[0] != 'x' && l[0] != 'X') || (l[1] != 'n' && l[1] != 'N'))
            return 0;
#ifdef JSONSCHEMA_HAVE_IDN2
        char buf[64];
        memcpy(buf, l, n);
        buf[n] = 0;
        for (size_t i = 0; i < 2; i++)
            buf[i] = (char)(buf[i] | 0x20);
        char *u = NULL;
        if (idn2_to_unicode_8z8z(buf, &u, 0) != IDN2_OK || !u) {
            idn2_free(u);
            return 0;
        }
        size_t alen;
        int ok = check_ulabel(u, strlen(u), &alen);
        idn2_free(u);
        return ok;
#endif
    }
    return 1;
}

static int is_rtl(long cp)
{
    return in_range(cp, 0x590, 0x8FF) || in_range(cp, 0xFB1D, 0xFDFF) ||
           in_range(cp, 0xFE70, 0xFEFF) || in_range(cp, 0x10800, 0x10FFF) ||
           in_range(cp, 0x1E800, 0x1EFFF);
}

/* Digits in bidi terms: 1 = EN (European), 2 = AN (Arabic), 0 = neither. */
static int bidi_digit(long cp)
{
    if (in_range(cp, '0', '9') || in_range(cp, 0x6F0, 0x6F9))
        return 1;
    if (in_range(cp, 0x660, 0x669) || cp == 0x66B || cp == 0x66C)
        return 2;
    return 0;
}

static int check_hostname_impl(const char *s, size_t len, int idn)
{
    if (len == 0)
        return 0;
    size_t total = 0, st = 0, i = 0;
    int ascii = 1, any_rtl = 0, bad_bidi_start = 0;
    while (i <= len) {
        size_t sep = 0;
        if (i < len) {
            unsigned char c = (unsigned char)s[i];
            if (c == '.')
                sep = 1;
            else if (idn && len - i >= 3 &&
                     (!memcmp(s + i, "\xE3\x80\x82", 3) || !memcmp(s + i, "\xEF\xBC\x8E", 3) ||
                      !memcmp(s + i, "\xEF\xBD\xA1", 3)))
                sep = 3;
            else {
                if (c >= 0x80) {
                    if (!idn)
                        return 0;
                    ascii = 0;
                }
                i++;
                continue;
            }
        }
        size_t n = i - st;
        if (n == 0)
            return 0;
        size_t alen = n;
        if (ascii) {
            if (!check_ascii_label(s + st, n))
                return 0;
        } else {
            if (!check_ulabel(s + st, n, &alen))
                return 0;
        }
        total += alen + 1;
        /* RFC 5893: the bidi rule in a label with right-to-left characters,
         * and no label of such a name may start with a digit */
        int rtl = 0, digit_kinds = 0;
        size_t k = st;
        long first = -1;
        while (k < i) {
            long cp = utf8_next(s, i, &k);
            if (cp < 0)
                return 0;
            if (first < 0)
                first = cp;
            rtl |= is_rtl(cp) && !bidi_digit(cp);
            digit_kinds |= bidi_digit(cp);
        }
        if (rtl) {
            any_rtl = 1;
            if (digit_kinds == 3)
                return 0;
        }
        if (bidi_digit(first))
            bad_bidi_start = 1;
        ascii = 1;
        if (i == len)
            break;
        i += sep;
        st = i;
        if (i == len)
            return 0; /* trailing dot */
    }
    if (any_rtl && bad_bidi_start)
        return 0;
    return total - 1 <= 253;
}

/* ---- e-mail (RFC 5321 / 6531) ---------------------------------------------- */

static int check_email_impl(const char *s, size_t len, int idn)
{
    const char *at = NULL;
    size_t i = 0;
    if (len && s[0] == '"') {
        for (i = 1; i < len && s[i] != '"'; i++)
            if (s[i] == '\\')
                i++;
        if (i >= len || i + 1 >= len || s[i + 1] != '@')
            return 0;
        at = s + i + 1;
    } else {
        at = memchr(s, '@', len);
        if (!at || at == s)
            return 0;
        size_t ll = (size_t)(at - s);
        if (s[0] == '.' || s[ll - 1] == '.')
            return 0;
        for (i = 0; i < ll; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == '.' && s[i + 1] == '.')
                return 0;
            if (c >= 0x80) {
                if (!idn)
                    return 0;
                continue;
            }
            if (!is_alpha(c) && !is_digit(c) && !strchr("!#$%&'*+-/=?^_`{|}~.", c))
                return 0;
        }
    }
    const char *dom = at + 1;
    size_t dl = len - (size_t)(dom - s);
    if (dl == 0)
        return 0;
    if (dom[0] == '[') {
        if (dom[dl - 1] != ']')
            return 0;
        if (dl > 7 && !strncmp(dom + 1, "IPv6:", 5))
            return check_ipv6(dom + 6, dl - 7);
        return check_ipv4(dom + 1, dl - 2);
    }
    return check_hostname_impl(dom, dl, idn);
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

static int check_uri_parts(const char *s, size_t len, int need_scheme, int iri)
{
    size_t i = 0;
    /* scheme */
    size_t k = 0;
    if (len && is_alpha((unsigned char)s[0])) {
        k = 1;
        while (k < len && (is_alpha((unsigned char)s[k]) || is_digit((unsigned char)s[k]) ||
                           s[k] == '+' || s[k] == '-' || s[k] == '.'))
            k++;
    }
    int has_scheme = k > 0 && k < len && s[k] == ':';
    if (need_scheme && !has_scheme)
        return 0;
    if (has_scheme)
        i = k + 1;
    else {
        /* a relative reference's first segment must not contain ':' */
        size_t seg = strcspn(s, "/?#");
        if (memchr(s, ':', seg < len ? seg : len))
            return 0;
    }
    if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        size_t end = i;
        while (end < len && s[end] != '/' && s[end] != '?' && s[end] != '#')
            end++;
        /* userinfo */
        const char *atp = memchr(s + i, '@', end - i);
        if (atp) {
            while (i < (size_t)(atp - s))
                if (!uri_char_ok(s, len, &i, ":", iri))
                    return 0;
            i++;
        }
        if (i < end && s[i] == '[') {
            const char *close = memchr(s + i, ']', end - i);
            if (!close)
                return 0;
            size_t hl = (size_t)(close - (s + i)) - 1;
            if (!check_ipv6(s + i + 1, hl) && !(hl && (s[i + 1] == 'v' || s[i + 1] == 'V')))
                return 0;
            i = (size_t)(close - s) + 1;
        } else {
            while (i < end && s[i] != ':')
                if (!uri_char_ok(s, len, &i, "", iri))
                    return 0;
        }
        if (i < end && s[i] == ':') {
            i++;
            while (i < end)
                if (!is_digit((unsigned char)s[i++]))
                    return 0;
        }
        if (i != end)
            return 0;
    }
    int in_frag = 0;
    while (i < len) {
        if (s[i] == '#') {
            if (in_frag)
                return 0;
            in_frag = 1;
            i++;
            continue;
        }
        if (!uri_char_ok(s, len, &i, ":@/?", iri))
            return 0;
    }
    return 1;
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
        return check_ipv4(s, len);
    if (!strcmp(format, "ipv6"))
        return check_ipv6(s, len);
    if (!strcmp(format, "hostname"))
        return check_hostname_impl(s, len, 0);
    if (!strcmp(format, "idn-hostname"))
        return check_hostname_impl(s, len, 1);
    if (!strcmp(format, "email"))
        return check_email_impl(s, len, 0);
    if (!strcmp(format, "idn-email"))
        return check_email_impl(s, len, 1);
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
