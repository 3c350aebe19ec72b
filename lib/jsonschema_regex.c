/*
 * jsonschema_regex.c: ECMA-262 regular expressions (JSON Schema's dialect) on
 * PCRE2.
 *
 * The pattern is translated, not reinterpreted: PCRE2 in UTF mode without UCP
 * already matches \d, \w and \b on ASCII as ECMA-262 does; what differs is
 * rewritten here: \s and \S take the Unicode spaces, \v is one character,
 * `.` excludes the four line terminators, \uXXXX (and surrogate pairs) and
 * \u{...} become code points, [] and [^] mean nothing and anything, and
 * syntax ECMA-262 lacks (\a, \Z, (?P<..>), (?#..), inline flags) is rejected.
 * Matching is bounded by PCRE2 match and depth limits, so a catastrophic
 * pattern returns -1 instead of hanging. It does not implement ECMA's
 * non-unicode (legacy) mode: JSON Schema patterns are always unicode.
 */
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "jsonschema.h"
#include "strbuf.h"
#include "xalloc.h"

struct jsonschema_regex {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    int jit;
    char *pattern;
};

#define ECMA_SPACES                                                                                \
    "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}"           \
    "\\x{205F}\\x{3000}\\x{FEFF}"

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* PCRE2 10.42 knows the short general category names only; NULL when name
 * needs no translation. */
static const char *property_name(const char *name, size_t len)
{
    static const char *const long_names[][2] = {
        {"digit", "Nd"},
        {"Letter", "L"},
        {"Cased_Letter", "LC"},
        {"Uppercase_Letter", "Lu"},
        {"Lowercase_Letter", "Ll"},
        {"Titlecase_Letter", "Lt"},
        {"Modifier_Letter", "Lm"},
        {"Other_Letter", "Lo"},
        {"Mark", "M"},
        {"Nonspacing_Mark", "Mn"},
        {"Spacing_Mark", "Mc"},
        {"Enclosing_Mark", "Me"},
        {"Number", "N"},
        {"Decimal_Number", "Nd"},
        {"Letter_Number", "Nl"},
        {"Other_Number", "No"},
        {"Punctuation", "P"},
        {"Symbol", "S"},
        {"Math_Symbol", "Sm"},
        {"Currency_Symbol", "Sc"},
        {"Separator", "Z"},
        {"Space_Separator", "Zs"},
        {"Line_Separator", "Zl"},
        {"Paragraph_Separator", "Zp"},
        {"Other", "C"},
        {"Control", "Cc"},
        {"Format", "Cf"},
        {"Private_Use", "Co"},
        {"Unassigned", "Cn"},
    };
    for (size_t i = 0; i < sizeof(long_names) / sizeof(long_names[0]); i++)
        if (strlen(long_names[i][0]) == len && !strncmp(long_names[i][0], name, len))
            return long_names[i][1];
    return NULL;
}

static int read_hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return 0;
}

/* Translate ECMA-262 pattern to PCRE2 syntax; returns 0 or -1 with err set.
 * long: one scanner over the pattern, longer than the house limit on purpose:
 * whether an escape means a code point, a class or an error depends on
 * whether it stands inside a character class, which this loop tracks;
 * split into helpers, that state would be passed to each of them. */
static int ecma_translate(const char *p, struct strbuf *out, struct odp_error *err)
{
    int in_class = 0;
    size_t n = strlen(p);
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\\') {
            if (i + 1 >= n)
                return odp_error_set(err, ODP_EINVAL, "regex ends with a backslash") ? -1 : -1;
            char e = p[++i];
            switch (e) {
            case 'd':
            case 'D':
            case 'w':
            case 'W':
            case 'b':
            case 'B':
            case 't':
            case 'n':
            case 'f':
            case 'r':
                if (in_class && (e == 'b'))
                    strbuf_addstr(out, "\\x{08}");
                else {
                    strbuf_addch(out, '\\');
                    strbuf_addch(out, e);
                }
                break;
            case 's':
                strbuf_addstr(out, in_class ? ECMA_SPACES : "[" ECMA_SPACES "]");
                break;
            case 'S':
                strbuf_addstr(out, in_class ? "\\S" : "[^" ECMA_SPACES "]");
                break;
            case 'v':
                strbuf_addstr(out, "\\x{0B}");
                break;
            case '0':
                if (i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9') {
                    odp_error_set(err, ODP_EINVAL, "regex has an octal escape, not ECMA-262");
                    return -1;
                }
                strbuf_addstr(out, "\\x{0}");
                break;
            case 'c':
                if (i + 1 < n && ((p[i + 1] >= 'a' && p[i + 1] <= 'z') ||
                                  (p[i + 1] >= 'A' && p[i + 1] <= 'Z'))) {
                    strbuf_addf(out, "\\x{%X}", (unsigned)(p[i + 1] & 31));
                    i++;
                    break;
                }
                odp_error_set(err, ODP_EINVAL, "regex has \\c without a letter");
                return -1;
            case 'x':
                if (i + 2 < n && hexval((unsigned char)p[i + 1]) >= 0 &&
                    hexval((unsigned char)p[i + 2]) >= 0) {
                    strbuf_addf(out, "\\x{%c%c}", p[i + 1], p[i + 2]);
                    i += 2;
                    break;
                }
                odp_error_set(err, ODP_EINVAL, "regex has a bad \\x escape");
                return -1;
            case 'u': {
                unsigned cp;
                if (i + 1 < n && p[i + 1] == '{') {
                    size_t j = i + 2;
                    cp = 0;
                    while (j < n && hexval((unsigned char)p[j]) >= 0 && cp <= 0x10FFFF)
                        cp = cp * 16 + (unsigned)hexval((unsigned char)p[j++]);
                    if (j >= n || p[j] != '}' || j == i + 2 || cp > 0x10FFFF) {
                        odp_error_set(err, ODP_EINVAL, "regex has a bad \\u{...} escape");
                        return -1;
                    }
                    i = j;
                } else if (i + 4 < n && read_hex4(p + i + 1, &cp) == 0) {
                    i += 4;
                    unsigned lo;
                    if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && p[i + 1] == '\\' &&
                        p[i + 2] == 'u' && read_hex4(p + i + 3, &lo) == 0 && lo >= 0xDC00 &&
                        lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    }
                } else {
                    odp_error_set(err, ODP_EINVAL, "regex has a bad \\u escape");
                    return -1;
                }
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    odp_error_set(err, ODP_EINVAL, "regex has a lone surrogate \\u%04X", cp);
                    return -1;
                }
                strbuf_addf(out, "\\x{%X}", cp);
                break;
            }
            case 'p':
            case 'P': {
                /* \p{digit} is a common spelling of \p{Nd} */
                if (i + 1 < n && p[i + 1] == '{') {
                    const char *close = strchr(p + i, '}');
                    if (!close) {
                        odp_error_set(err, ODP_EINVAL, "regex has \\%c without }", e);
                        return -1;
                    }
                    size_t len = (size_t)(close - (p + i + 2));
                    strbuf_addch(out, '\\');
                    strbuf_addch(out, e);
                    strbuf_addch(out, '{');
                    const char *shortname = property_name(p + i + 2, len);
                    if (shortname)
                        strbuf_addstr(out, shortname);
                    else
                        strbuf_add(out, p + i + 2, len);
                    strbuf_addch(out, '}');
                    i = (size_t)(close - p);
                    break;
                }
                odp_error_set(err, ODP_EINVAL, "regex has \\%c without {...}", e);
                return -1;
            }
            case 'k':
                strbuf_addstr(out, "\\k");
                break;
            default:
                if (e >= '1' && e <= '9') {
                    strbuf_addch(out, '\\');
                    strbuf_addch(out, e);
                } else if (strchr("^$\\.*+?()[]{}|/", e) || (in_class && e == '-')) {
                    strbuf_addch(out, '\\');
                    strbuf_addch(out, e);
                } else {
                    odp_error_set(err, ODP_EINVAL, "regex has \\%c, which ECMA-262 does not define",
                                  e);
                    return -1;
                }
            }
            continue;
        }
        if (in_class) {
            if (c == ']')
                in_class = 0;
            strbuf_addch(out, c);
            continue;
        }
        if (c == '[') {
            if (p[i + 1] == ']') {
                strbuf_addstr(out, "(?!)");
                i++;
                continue;
            }
            if (p[i + 1] == '^' && p[i + 2] == ']') {
                strbuf_addstr(out, "(?s:.)");
                i += 2;
                continue;
            }
            in_class = 1;
            strbuf_addch(out, '[');
            if (p[i + 1] == '^') {
                strbuf_addch(out, '^');
                i++;
            }
            continue;
        }
        if (c == '.') {
            strbuf_addstr(out, "[^\\n\\r\\x{2028}\\x{2029}]");
            continue;
        }
        if (c == '(' && p[i + 1] == '?') {
            char k = p[i + 2];
            if (k == ':' || k == '=' || k == '!') {
                strbuf_add(out, p + i, 3);
                i += 2;
                continue;
            }
            if (k == '<' && (p[i + 3] == '=' || p[i + 3] == '!')) {
                strbuf_add(out, p + i, 4);
                i += 3;
                continue;
            }
            if (k == '<') {
                strbuf_add(out, p + i, 3);
                i += 2;
                continue;
            }
            odp_error_set(err, ODP_EINVAL, "regex uses (?%c, which ECMA-262 does not define", k);
            return -1;
        }
        strbuf_addch(out, c);
    }
    if (in_class) {
        odp_error_set(err, ODP_EINVAL, "regex has an unclosed character class");
        return -1;
    }
    return 0;
}

struct jsonschema_regex *jsonschema_regex_new(const char *pattern, struct odp_error *err)
{
    struct strbuf t = STRBUF_INIT;
    if (ecma_translate(pattern, &t, err)) {
        strbuf_release(&t);
        return NULL;
    }
    int ec;
    PCRE2_SIZE off;
    pcre2_code *code =
        pcre2_compile((PCRE2_SPTR)t.buf, t.len,
                      PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NO_UTF_CHECK, &ec, &off, NULL);
    strbuf_release(&t);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof(msg));
        odp_error_set(err, ODP_EINVAL, "invalid regex %s: %s", pattern, (char *)msg);
        return NULL;
    }
    struct jsonschema_regex *re = xcalloc(1, sizeof(*re));
    re->code = code;
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    re->md = pcre2_match_data_create(1, NULL);
    re->mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(re->mctx, 1000000);
    pcre2_set_depth_limit(re->mctx, 10000);
    pcre2_set_heap_limit(re->mctx, 20000); /* KiB */
    re->pattern = xstrdup(pattern);
    if (!re->md || !re->mctx) {
        jsonschema_regex_free(re);
        odp_error_set(err, ODP_ENOMEM, "out of memory compiling a regex");
        return NULL;
    }
    return re;
}

void jsonschema_regex_free(struct jsonschema_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    pcre2_match_data_free(re->md);
    pcre2_match_context_free(re->mctx);
    free(re->pattern);
    free(re);
}

int jsonschema_regex_search(const struct jsonschema_regex *re, const char *s, size_t len)
{
    /* Strings from jansson are valid UTF-8, so the UTF check is skipped when
     * the JIT is used; the interpreter checks. */
    int rc;
    if (re->jit)
        rc = pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, re->mctx);
    else
        rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, re->md, re->mctx);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return -1;
}

const char *jsonschema_regex_pattern(const struct jsonschema_regex *re)
{
    return re->pattern;
}
