/*
 * dutch_number.c: see dutch_number.h.
 *
 * The parser works on a normalised copy of the cell: Unicode spaces become
 * ' ', dashes and minus signs become '-', and € becomes the byte 'E' marker in
 * a separate flag. Then it reads: prefixes (signs, €, N/V), one run of digits
 * and separators, suffixes (-, %, €), and requires the end of the text.
 */
#include "dutch_number.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *dn_status_name(enum dn_status s)
{
    switch (s) {
    case DN_OK: return "ok";
    case DN_EMPTY: return "empty";
    case DN_NOT_APPLICABLE: return "not_applicable";
    case DN_UNKNOWN: return "unknown";
    case DN_PM: return "pm";
    case DN_TEXT: return "text";
    }
    return "text";
}

/* Normalise into buf: returns length. '€' -> '$' (a byte no Dutch number uses). */
static size_t normalise(const char *raw, char *buf, size_t cap)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)raw;
    while (*p && n + 1 < cap) {
        if (p[0] == 0xC2 && p[1] == 0xA0) { /* no-break space */
            buf[n++] = ' ';
            p += 2;
        } else if (p[0] == 0xE2 && p[1] == 0x80 &&
                   (p[2] == 0xAF || p[2] == 0x89 || p[2] == 0x8A || p[2] == 0x88)) {
            buf[n++] = ' '; /* narrow no-break, thin, hair, punctuation space */
            p += 3;
        } else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94 || p[2] == 0x90 || p[2] == 0x91)) {
            buf[n++] = '-'; /* en dash, em dash, hyphens */
            p += 3;
        } else if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
            buf[n++] = '-'; /* minus sign */
            p += 3;
        } else if (p[0] == 0xE2 && p[1] == 0x82 && p[2] == 0xAC) {
            buf[n++] = '$'; /* euro sign */
            p += 3;
        } else if (*p == '\t' || *p == '\n' || *p == '\r') {
            buf[n++] = ' ';
            p++;
        } else {
            buf[n++] = (char)*p++;
        }
    }
    buf[n] = '\0';
    /* trim */
    size_t b = 0;
    while (buf[b] == ' ')
        b++;
    while (n > b && buf[n - 1] == ' ')
        n--;
    memmove(buf, buf + b, n - b);
    n -= b;
    buf[n] = '\0';
    return n;
}

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

static int is_year(const char *s, size_t n)
{
    if (n != 4)
        return 0;
    for (size_t i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return (s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0');
}

/* Build the canonical decimal from integer and fraction digit strings. */
static void canonical(const char *ip, size_t il, const char *fp, size_t fl, int neg, char *out,
                      size_t cap)
{
    while (il > 1 && *ip == '0') {
        ip++;
        il--;
    }
    if (il == 0) {
        ip = "0";
        il = 1;
    }
    /* the fraction keeps the digits as printed: "0,0 %" is "0.0", not "0" */
    int zero = il == 1 && ip[0] == '0';
    for (size_t i = 0; i < fl; i++)
        zero &= fp[i] == '0';
    snprintf(out, cap, "%s%.*s%s%.*s", neg && !zero ? "-" : "", (int)il, ip, fl ? "." : "",
             (int)fl, fp);
}

/* Read the digit run s[0..n) into integer and fraction parts. 0 on success. */
static int read_digits(const char *s, size_t n, enum dn_dots dots, struct dutch_number *out,
                       int neg)
{
    char ip[64], fp[64];
    size_t il = 0, fl = 0;
    const char *comma = memchr(s, ',', n);
    size_t ndots = 0;
    for (size_t i = 0; i < n; i++)
        ndots += s[i] == '.';
    if (n == 0 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[n - 1]))
        return -1;
    if (comma) {
        if (memchr(comma + 1, ',', n - (size_t)(comma - s) - 1) ||
            memchr(comma + 1, '.', n - (size_t)(comma - s) - 1))
            return -1;
        /* integer part: digits with optional dot groups of three */
        size_t group = 0, seen_dot = 0;
        for (const char *p = s; p < comma; p++) {
            if (*p == '.') {
                if (group == 0 || (seen_dot && group != 3) || (!seen_dot && group > 3))
                    return -1;
                seen_dot = 1;
                group = 0;
            } else {
                if (il + 1 >= sizeof(ip))
                    return -1;
                ip[il++] = *p;
                group++;
            }
        }
        if (seen_dot && group != 3)
            return -1;
        for (const char *p = comma + 1; p < s + n; p++) {
            if (fl + 1 >= sizeof(fp))
                return -1;
            fp[fl++] = *p;
        }
    } else if (ndots == 0) {
        if (n >= sizeof(ip))
            return -1;
        memcpy(ip, s, n);
        il = n;
    } else {
        /* dots only: thousands groups, or one decimal point */
        const char *last = memrchr(s, '.', n);
        size_t tail = n - (size_t)(last - s) - 1;
        int groups_ok = 1;
        size_t group = 0, first = 1;
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '.') {
                if ((first && (group == 0 || group > 3)) || (!first && group != 3))
                    groups_ok = 0;
                first = 0;
                group = 0;
            } else {
                group++;
            }
        }
        if (group != 3)
            groups_ok = 0;
        int decimal = ndots == 1 && (!groups_ok || dots == DN_DOTS_DECIMAL);
        if (!decimal && !groups_ok)
            return -1;
        if (ndots == 1 && tail == 3)
            out->ambiguous = 1;
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '.') {
                if (decimal) {
                    if (tail >= sizeof(fp))
                        return -1; /* longer than any printed number */
                    memcpy(fp, s + i + 1, tail);
                    fl = tail;
                    break;
                }
                continue;
            }
            if (il + 1 >= sizeof(ip))
                return -1;
            ip[il++] = s[i];
        }
    }
    canonical(ip, il, fp, fl, neg, out->value, sizeof(out->value));
    return 0;
}

static enum dn_status parse_rest(char *buf, size_t n, enum dn_dots dots, struct dutch_number *out);

enum dn_status dutch_number_parse(const char *raw, enum dn_dots dots, struct dutch_number *out)
{
    char buf[256];
    memset(out, 0, sizeof(*out));
    if (!raw || strlen(raw) >= sizeof(buf)) {
        out->status = raw ? DN_TEXT : DN_EMPTY;
        return out->status;
    }
    size_t n = normalise(raw, buf, sizeof(buf));
    if (n == 0)
        return out->status = DN_EMPTY;
    /* "3,4 (2,3)": a number, then another in parentheses that is not a year */
    char paren[32] = "";
    if (n >= 4 && buf[n - 1] == ')') {
        char *open = memrchr(buf, '(', n);
        size_t il = open ? (size_t)(buf + n - 1 - open - 1) : 0;
        if (open && open > buf && open[-1] == ' ' && il > 0 && il < sizeof(paren) &&
            !memchr(open + 1, '(', il) && !is_year(open + 1, il)) {
            char inner[32];
            memcpy(inner, open + 1, il);
            inner[il] = '\0';
            struct dutch_number in;
            if (dutch_number_parse(inner, DN_DOTS_THOUSANDS, &in) == DN_OK && !in.period &&
                !in.paren[0]) {
                memcpy(paren, inner, il + 1);
                n = (size_t)(open - buf);
                while (n > 0 && buf[n - 1] == ' ')
                    n--;
                buf[n] = '\0';
            }
        }
    }
    enum dn_status st = parse_rest(buf, n, dots, out);
    if (paren[0] && st != DN_TEXT && st != DN_EMPTY)
        memcpy(out->paren, paren, sizeof(paren));
    return st;
}

/* The cell without a trailing parenthesised number: status words or a number. */
static enum dn_status parse_rest(char *buf, size_t n, enum dn_dots dots, struct dutch_number *out)
{
    if (ieq(buf, "n.v.t.") || ieq(buf, "n.v.t") || ieq(buf, "nvt"))
        return out->status = DN_NOT_APPLICABLE;
    if (ieq(buf, "n.n.b.") || ieq(buf, "n.n.b") || ieq(buf, "nnb") || ieq(buf, "nb") ||
        ieq(buf, "n.b.") || !strcmp(buf, "?"))
        return out->status = DN_UNKNOWN;
    if (ieq(buf, "pm") || ieq(buf, "-pm") || ieq(buf, "- pm"))
        return out->status = DN_PM;
    if (!strcmp(buf, "-")) {
        out->dash = 1;
        strcpy(out->value, "0");
        return out->status = DN_OK;
    }

    char *s = buf;
    char *end = buf + n;
    /* a period attached: "10 (2021)" at the end, "2019: € 248" at the start */
    if (n >= 6 && end[-1] == ')') {
        char *open = memrchr(buf, '(', n);
        if (open && is_year(open + 1, (size_t)(end - 1 - open - 1))) {
            out->period = (open[1] - '0') * 1000 + (open[2] - '0') * 100 + (open[3] - '0') * 10 +
                          (open[4] - '0');
            end = open;
            while (end > s && end[-1] == ' ')
                end--;
        }
    }
    if (end - s >= 5 && is_year(s, 4) && s[4] == ':') {
        out->period = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        s += 5;
    }

    int neg = 0, signs = 0;
    for (;;) {
        while (s < end && *s == ' ')
            s++;
        if (end - s >= 3 && !strncmp(s, "-/-", 3)) {
            neg = !neg;
            signs++;
            s += 3;
        } else if (end - s >= 3 && !strncmp(s, "+/+", 3)) {
            signs++;
            s += 3;
        } else if (s < end && *s == '-') {
            neg = !neg;
            signs++;
            s++;
        } else if (s < end && *s == '+') {
            signs++;
            s++;
        } else if (s < end && *s == '$') {
            if (out->currency)
                goto text;
            out->currency = 1;
            s++;
        } else if (s < end && (*s == 'N' || *s == 'V') && !out->marker && s + 1 < end &&
                   (s[1] == ' ' || isdigit((unsigned char)s[1]))) {
            out->marker = *s;
            neg ^= *s == 'N';
            signs++;
            s++;
        } else {
            break;
        }
    }
    char *d = s;
    while (s < end && (isdigit((unsigned char)*s) || *s == '.' || *s == ','))
        s++;
    char *dend = s;
    for (;;) {
        while (s < end && *s == ' ')
            s++;
        if (s < end && *s == '-' && s + 1 == end) {
            neg = !neg;
            signs++;
            out->trailing_minus = 1;
            s++;
        } else if (s < end && *s == '%' && !out->percent) {
            out->percent = 1;
            s++;
        } else if (s < end && *s == '$' && !out->currency) {
            out->currency = 1;
            s++;
        } else {
            break;
        }
    }
    if (s != end || dend == d || signs > 1)
        goto text;
    if (read_digits(d, (size_t)(dend - d), dots, out, neg) != 0)
        goto text;
    out->negative = neg;
    return out->status = DN_OK;
text:
    memset(out, 0, sizeof(*out));
    return out->status = DN_TEXT;
}

int decimal_shift(const char *value, int exp10, char *out, size_t outsz)
{
    int neg = value[0] == '-';
    const char *v = value + neg;
    const char *dot = strchr(v, '.');
    size_t il = dot ? (size_t)(dot - v) : strlen(v);
    const char *fp = dot ? dot + 1 : "";
    size_t fl = strlen(fp);
    char ip2[128], fp2[128];
    if (il + (size_t)exp10 + 1 >= sizeof(ip2) || fl >= sizeof(fp2) || exp10 < 0)
        return -1;
    memcpy(ip2, v, il);
    size_t i2 = il, f2 = 0;
    for (int k = 0; k < exp10; k++)
        ip2[i2++] = (size_t)k < fl ? fp[k] : '0';
    for (size_t k = (size_t)exp10; k < fl; k++)
        fp2[f2++] = fp[k];
    char tmp[300];
    canonical(ip2, i2, fp2, f2, neg, tmp, sizeof(tmp));
    if (strlen(tmp) + 1 > outsz)
        return -1;
    strcpy(out, tmp);
    return 0;
}

void dutch_number_format(const char *value, char *out, size_t outsz)
{
    char tmp[256];
    size_t n = 0;
    const char *v = value;
    if (*v == '-')
        tmp[n++] = *v++;
    const char *dot = strchr(v, '.');
    size_t il = dot ? (size_t)(dot - v) : strlen(v);
    for (size_t i = 0; i < il && n < sizeof(tmp) - 4; i++) {
        if (i && (il - i) % 3 == 0)
            tmp[n++] = '.';
        tmp[n++] = v[i];
    }
    if (dot) {
        tmp[n++] = ',';
        for (const char *p = dot + 1; *p && n < sizeof(tmp) - 1; p++)
            tmp[n++] = *p;
    }
    tmp[n] = '\0';
    snprintf(out, outsz, "%s", tmp);
}

/* ---- exact arithmetic ----------------------------------------------------
 * A decimal as sign + digits with `frac` of them after the point. Operands are
 * aligned to the same number of fraction digits and the same width, then added
 * or subtracted digit by digit, as on paper. */
struct dec {
    int neg;
    char d[DECIMAL_MAX * 2];
    int n;    /* digits in d */
    int frac; /* how many of them are after the point */
};

static int dec_read(const char *s, struct dec *x)
{
    memset(x, 0, sizeof(*x));
    if (*s == '-') {
        x->neg = 1;
        s++;
    }
    if (!isdigit((unsigned char)*s))
        return -1;
    int dot = 0;
    for (; *s; s++) {
        if (*s == '.' && !dot && isdigit((unsigned char)s[1])) {
            dot = 1;
            continue;
        }
        if (!isdigit((unsigned char)*s) || x->n + 1 >= DECIMAL_MAX)
            return -1;
        x->d[x->n++] = *s;
        x->frac += dot;
    }
    return 0;
}

/* Give x `frac` fraction digits and `width` digits in all (zeros padded). */
static void dec_align(struct dec *x, int frac, int width)
{
    while (x->frac < frac) {
        x->d[x->n++] = '0';
        x->frac++;
    }
    int pad = width - x->n;
    if (pad > 0) {
        memmove(x->d + pad, x->d, (size_t)x->n);
        memset(x->d, '0', (size_t)pad);
        x->n = width;
    }
}

/* Compare magnitudes of two aligned decimals. */
static int mag_cmp(const struct dec *a, const struct dec *b)
{
    int c = memcmp(a->d, b->d, (size_t)a->n);
    return c < 0 ? -1 : c > 0;
}

static int dec_write(const struct dec *x, char *out, size_t outsz)
{
    int i0 = 0, il = x->n - x->frac, fl = x->frac;
    while (i0 < il - 1 && x->d[i0] == '0')
        i0++;
    while (fl > 0 && x->d[il + fl - 1] == '0')
        fl--;
    int zero = 1;
    for (int i = i0; i < il + fl; i++)
        zero &= x->d[i] == '0';
    /* il >= 1: the width always holds a carry digit before the point */
    int len = snprintf(out, outsz, "%s%.*s%s%.*s", x->neg && !zero ? "-" : "", il - i0,
                       x->d + i0, fl ? "." : "", fl, x->d + il);
    return len < 0 || (size_t)len >= outsz ? -1 : 0;
}

static int dec_addsub(const char *as, const char *bs, int subtract, char *out, size_t outsz)
{
    struct dec a, b, r;
    if (dec_read(as, &a) || dec_read(bs, &b))
        return -1;
    b.neg ^= subtract;
    int frac = a.frac > b.frac ? a.frac : b.frac;
    int ia = a.n - a.frac, ib = b.n - b.frac;
    int width = (ia > ib ? ia : ib) + frac + 1; /* one more digit for a carry */
    dec_align(&a, frac, width);
    dec_align(&b, frac, width);
    memset(&r, 0, sizeof(r));
    r.n = width;
    r.frac = frac;
    if (a.neg == b.neg) {
        int carry = 0;
        for (int i = width - 1; i >= 0; i--) {
            int s = (a.d[i] - '0') + (b.d[i] - '0') + carry;
            r.d[i] = (char)('0' + s % 10);
            carry = s / 10;
        }
        r.neg = a.neg;
    } else {
        const struct dec *big = &a, *small = &b;
        if (mag_cmp(&a, &b) < 0) {
            big = &b;
            small = &a;
        }
        int borrow = 0;
        for (int i = width - 1; i >= 0; i--) {
            int s = (big->d[i] - '0') - (small->d[i] - '0') - borrow;
            borrow = s < 0;
            r.d[i] = (char)('0' + (s + 10) % 10);
        }
        r.neg = big->neg;
    }
    return dec_write(&r, out, outsz);
}

int decimal_add(const char *a, const char *b, char *out, size_t outsz)
{
    return dec_addsub(a, b, 0, out, outsz);
}

int decimal_sub(const char *a, const char *b, char *out, size_t outsz)
{
    return dec_addsub(a, b, 1, out, outsz);
}

int decimal_cmp(const char *a, const char *b)
{
    char d[DECIMAL_MAX * 2];
    if (decimal_sub(a, b, d, sizeof(d)))
        return 0;
    return d[0] == '-' ? -1 : strcmp(d, "0") != 0;
}

/* ---- classification only ------------------------------------------------ */

/* Whether p[0..end) is a sequence of digits in dot groups: 1-3 digits, then
 * groups of exactly 3 ("1.234.567"), as read_digits requires of them. */
static int dot_groups(const char *p, const char *end)
{
    size_t group = 0;
    int first = 1;
    for (; p < end; p++) {
        if (*p == '.') {
            if (first ? group == 0 || group > 3 : group != 3)
                return 0;
            first = 0;
            group = 0;
        } else {
            group++;
        }
    }
    return !first && group == 3;
}

/* The shapes most value cells have, which dutch_number_parse reads as DN_OK:
 * a sign (a leading '-', an N or V prefix with or without a space, or a
 * trailing '-'), digits with at most one ',' and either one '.' or dot groups
 * before the comma, an optional '%' or ' %' when the sign is not trailing.
 * Short (< 40 bytes), so no buffer limit of the parser is reached. 0 means
 * "not this shape", not "no number". */
static int plain_number(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    if (n >= 40)
        return 0;
    int trailing = end > p && end[-1] == '-';
    if (trailing) {
        end--;
    } else if (end > p && end[-1] == '%') {
        end--;
        if (end > p && end[-1] == ' ')
            end--;
    }
    if (p < end && (*p == '-' || *p == 'N' || *p == 'V')) {
        if (trailing)
            return 0; /* two signs */
        if (*p++ != '-' && p < end && *p == ' ')
            p++;
    }
    if (p == end || !isdigit((unsigned char)*p) || !isdigit((unsigned char)end[-1]))
        return 0;
    size_t ndot = 0, ncomma = 0;
    const char *comma = NULL;
    for (const char *q = p; q < end; q++) {
        if (*q == '.') {
            ndot++;
        } else if (*q == ',') {
            ncomma++;
            comma = q;
        } else if (!isdigit((unsigned char)*q)) {
            return 0;
        }
    }
    if (ncomma > 1)
        return 0;
    if (!comma)
        return ndot <= 1 || dot_groups(p, end);
    if (memchr(comma, '.', (size_t)(end - comma)))
        return 0;
    return ndot == 0 || dot_groups(p, comma);
}

int dutch_number_is_value(const char *raw)
{
    if (!raw)
        return 0;
    /* A letter that no status word (n.v.t., n.n.b., nb, PM) and no N/V sign
     * uses makes the cell text: a number admits no other letter, and a status
     * word only a number in parentheses after it ("nb (3)"). */
    int digit = 0, letter = 0;
    size_t n = 0;
    for (; raw[n]; n++) {
        unsigned char c = (unsigned char)raw[n];
        unsigned char l = c | 0x20;
        if (c >= '0' && c <= '9')
            digit = 1;
        else if (l >= 'a' && l <= 'z' && l != 'b' && l != 'm' && l != 'n' && l != 'p' && l != 't' &&
                 l != 'v')
            letter = 1;
    }
    if (letter)
        return 0;
    if (digit && plain_number(raw, n))
        return 1;
    struct dutch_number dn;
    enum dn_status st = dutch_number_parse(raw, DN_DOTS_THOUSANDS, &dn);
    return st != DN_TEXT && st != DN_EMPTY;
}
