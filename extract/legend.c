/*
 * legend.c: see legend.h. Matching is done on a folded copy of the text:
 * lower case, € removed, spaces removed, so "Bedragen x € 1.000",
 * "bedrag x €1.000" and "(x € 1.000)" all read "x1.000".
 */
#include "legend.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ascii8.h"

/* The ASCII upper-case letters of x (eight bytes, each below 0x80) turned
 * lower case. */
static inline uint64_t lower_ascii8(uint64_t x)
{
    const uint64_t h = x & 0x7F7F7F7F7F7F7F7FULL; /* no carry between bytes below */
    uint64_t upper = (h + 0x3F3F3F3F3F3F3F3FULL) & ~(h + 0x2525252525252525ULL);
    return x | ((upper & 0x8080808080808080ULL) >> 2); /* >= 'A' and not > 'Z' */
}

static void fold(const char *in, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    const unsigned char *end = (const unsigned char *)in + len;
    for (const unsigned char *p = (const unsigned char *)in; *p && n + 1 < cap; p++) {
        /* words of plain ASCII eight bytes at a time: the eight stored lower
         * case, n and p moved past the plain ones, the next byte read below */
        while (end - p >= 8 && n + 9 <= cap) {
            uint64_t x;
            memcpy(&x, p, 8);
            uint64_t lx = lower_ascii8(x);
            memcpy(out + n, &lx, 8);
            uint64_t mask = ascii8_not_plain(x);
            if (!mask) {
                n += 8;
                p += 8;
                continue;
            }
            int k = ascii8_plain_prefix(mask);
            n += (size_t)k;
            p += k;
            break;
        }
        if (!*p || n + 1 >= cap)
            break;
        if (*p >= 0x80) {
            if (p[0] == 0xE2 && p[1] == 0x82 && p[2] == 0xAC) { /* € */
                p += 2;
                continue;
            }
            if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)) { /* dashes */
                out[n++] = '-';
                p += 2;
                continue;
            }
            if (p[0] == 0xC2 && p[1] == 0xA0) {
                p += 1;
                continue;
            }
            out[n++] = (char)*p;
            continue;
        }
        /* isspace and tolower of the C locale (odp never sets another), written
         * out: the library calls were half of a legend check's cost */
        if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
            continue;
        out[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p);
    }
    out[n] = '\0';
}

static void copy_raw(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* "bedragen in €" (or "in euro", "in euro's") followed by nothing but a closing
 * bracket or punctuation: a legend saying amounts are in full euros. */
static int full_euros_legend(const char *text)
{
    const char *p = strcasestr(text, "bedragen in ");
    if (!p)
        return 0;
    p += strlen("bedragen in ");
    if (!strncmp(p, "\xE2\x82\xAC", 3))
        p += 3;
    else if (!strncasecmp(p, "euro's", 6))
        p += 6;
    else if (!strncasecmp(p, "euro", 4))
        p += 4;
    else
        return 0;
    while (*p == ' ' || *p == ')' || *p == ']' || *p == ',' || *p == ';' || *p == ':' ||
           *p == '.')
        p++;
    return *p == '\0' || *p == '(';
}

/* Amounts in whole euros in other words than a legend line: "in hele euro's"
 * (also in a sentence: "De bedragen in onderstaande tabel zijn in hele
 * euro's."), "(in €)", "(in euro's)", "bedragen zijn in euro's". */
static int whole_euros_words(const char *text)
{
    if (strcasestr(text, "hele euro") || strcasestr(text, "volledige euro"))
        return 1;
    for (const char *p = strcasestr(text, "(in "); p; p = strcasestr(p + 1, "(in ")) {
        const char *q = p + 4;
        if (!strncmp(q, "\xE2\x82\xAC", 3) && (q[3] == ')' || (q[3] == ' ' && q[4] == ')')))
            return 1;
        if (!strncasecmp(q, "euro's)", 7) || !strncasecmp(q, "euro)", 5))
            return 1;
    }
    const char *z = strcasestr(text, "bedragen zijn in ");
    if (z) {
        z += strlen("bedragen zijn in ");
        return !strncmp(z, "\xE2\x82\xAC", 3) || !strncasecmp(z, "euro", 4);
    }
    return 0;
}

/* Whether f (folded) holds "000", "miljoen", "mln", "duizend", "nade",
 * "lasten", "bedragenin" or a word of whole_euros_words: one pass over it, where a strstr for each was
 * seven, on thousands of cells and lines a page that hold none. */
static inline int starts_with(const char *p, const char *w)
{
    while (*w && *p == *w)
        p++, w++;
    return !*w;
}

static int may_be_legend(const char *f)
{
    for (const char *p = f; *p; p++) {
        switch (*p) {
        case '0':
            if (p[1] == '0' && p[2] == '0')
                return 1;
            break;
        case 'm':
            if (starts_with(p, "miljoen") || starts_with(p, "mln"))
                return 1;
            break;
        case 'd':
            if (starts_with(p, "duizend"))
                return 1;
            break;
        case 'n':
            if (starts_with(p, "nade"))
                return 1;
            break;
        case 'l':
            if (starts_with(p, "lasten"))
                return 1;
            break;
        case 'b':
            if (starts_with(p, "bedragenin") || starts_with(p, "bedragenzijnin"))
                return 1;
            break;
        case 'h':
            if (starts_with(p, "heleeuro"))
                return 1;
            break;
        case 'v':
            if (starts_with(p, "volledigeeuro"))
                return 1;
            break;
        case '(':
            if (starts_with(p, "(in"))
                return 1;
            break;
        }
    }
    return 0;
}

int legend_scan(const char *text, struct legend_info *li)
{
    char f[2048];
    int found = 0;
    size_t len = strlen(text);
    fold(text, len, f, sizeof(f));
    /* every pattern below holds one of these, and "bedragen in " folds to
     * "bedragenin" (when the text is short enough to be folded whole): most
     * texts are no legend, and are told so at once */
    if (len < sizeof(f) && !may_be_legend(f))
        return 0;

    static const struct {
        const char *pat;
        long scale;
    } scales[] = {
        {"x1.000.000", 1000000}, {"x1000000", 1000000}, {"xmiljoen", 1000000},
        {"x1mln", 1000000},      {"x1.000", 1000},       {"x1000", 1000},
        {"*1.000", 1000},        {"in1.000", 1000},      {"bedrageninduizenden", 1000},
        {"induizendeneuro", 1000},
    };
    for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
        const char *hit = strstr(f, scales[i].pat);
        if (!hit)
            continue;
        li->scale = scales[i].scale;
        copy_raw(li->scale_raw, sizeof(li->scale_raw), text);
        found |= LEGEND_SCALE;
        break;
    }

    /* full euros: "bedragen in €" / "bedragen in euro's" as a legend, not in prose */
    if (!(found & LEGEND_SCALE) && (full_euros_legend(text) || whole_euros_words(text))) {
        li->scale = 1;
        copy_raw(li->scale_raw, sizeof(li->scale_raw), text);
        found |= LEGEND_SCALE;
    }

    static const struct {
        const char *pat;
        const char *conv;
    } signs[] = {
        {"-/-=nadeel", "minus_is_disadvantage"},  {"-/-isnadeel", "minus_is_disadvantage"},
        {"-/-isnadelig", "minus_is_disadvantage"}, {"-=nadeel", "minus_is_disadvantage"},
        {"-nadeel", "minus_is_disadvantage"},      {"-isnadeel", "minus_is_disadvantage"},
        {"+=nadeel", "plus_is_disadvantage"},      {"+isnadeel", "plus_is_disadvantage"},
        {"nisnadeel", "n_is_disadvantage"},        {"n=nadeel", "n_is_disadvantage"},
        {"tekenervoorbetekenenlasten", "minus_is_expense"},
        {"-tekenbetekentlasten", "minus_is_expense"},
    };
    for (size_t i = 0; i < sizeof(signs) / sizeof(signs[0]); i++) {
        if (!strstr(f, signs[i].pat))
            continue;
        li->sign_convention = signs[i].conv;
        copy_raw(li->sign_raw, sizeof(li->sign_raw), text);
        found |= LEGEND_SIGN;
        break;
    }
    return found;
}
