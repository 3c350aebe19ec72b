/*
 * jsonschema_format_host.c: the host checks of the "format" keyword: IPv4
 * and IPv6 addresses (RFC 2673 / 4291), host names (RFC 1123; IDNA2008, RFC
 * 5890-5893, for idn-hostname) and e-mail addresses (RFC 5321; RFC 6531 for
 * idn-email), whose domain is a host name or an address literal.
 *
 * IDNA2008 uses libidn2 when it is built in, with the CONTEXTO rules
 * libidn2 leaves out done here; without libidn2 any well-formed label is
 * accepted. It does not resolve names or look up top-level domains.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef JSONSCHEMA_HAVE_IDN2
#include <idn2.h>
#endif

#include "jsonschema_format.h"

/* ---- IP addresses ----------------------------------------------------------- */

int jsonschema_format_ipv4(const char *s, size_t len)
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

int jsonschema_format_ipv6(const char *s, size_t len)
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
            if (!jsonschema_format_ipv4(s + st, len - st))
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

int jsonschema_format_hostname(const char *s, size_t len, int idn)
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

int jsonschema_format_email(const char *s, size_t len, int idn)
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
            return jsonschema_format_ipv6(dom + 6, dl - 7);
        return jsonschema_format_ipv4(dom + 1, dl - 2);
    }
    return jsonschema_format_hostname(dom, dl, idn);
}
