/*
 * jsonschema_format.h: what the "format" checks share between their two
 * files: jsonschema_format.c (dates and times, URIs and IRIs, URI templates,
 * JSON Pointers, UUIDs, regexes: the dispatch, jsonschema_format_check) and
 * jsonschema_format_host.c (IP addresses, host names with IDNA2008, e-mail),
 * whose checks the URI and e-mail checks call. Internal to the validator.
 *
 * The character classes and the UTF-8 decoder are inline: the checks run
 * them on every character of a string.
 */
#ifndef ODP_JSONSCHEMA_FORMAT_H
#define ODP_JSONSCHEMA_FORMAT_H

#include <stddef.h>

static inline int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Decode one UTF-8 code point at s[*i]; returns it (or -1) and advances *i. */
static inline long utf8_next(const char *s, size_t len, size_t *i)
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

/* Each returns 1 when s[0..len) is valid in its format, 0 when not. idn: the
 * idn-hostname / idn-email form (U-labels and UTF-8 local parts allowed). */
int jsonschema_format_ipv4(const char *s, size_t len);
int jsonschema_format_ipv6(const char *s, size_t len);
int jsonschema_format_hostname(const char *s, size_t len, int idn);
int jsonschema_format_email(const char *s, size_t len, int idn);

#endif
