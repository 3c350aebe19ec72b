/* charset.c: see charset.h. */
#include "charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

static void copy_name(const char *p, char *out, size_t n)
{
    size_t k = 0;
    while (*p == ' ' || *p == '"' || *p == '\'')
        p++;
    while (*p && k + 1 < n && (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == ':'))
        out[k++] = (char)tolower((unsigned char)*p++);
    out[k] = '\0';
}

void charset_detect(const char *ct, const char *body, size_t len, char *out, size_t n)
{
    out[0] = '\0';
    const char *c = ct ? strcasestr(ct, "charset=") : NULL;
    if (c) {
        copy_name(c + 8, out, n);
        if (out[0])
            return;
    }
    char head[4097];
    size_t hl = len < 4096 ? len : 4096;
    memcpy(head, body, hl);
    head[hl] = '\0';
    for (size_t i = 0; i < hl; i++)
        if (head[i] == '\0')
            head[i] = ' ';
    const char *m = strcasestr(head, "<meta");
    while (m) {
        const char *end = strchr(m, '>');
        const char *cs = strcasestr(m, "charset=");
        if (cs && (!end || cs < end)) {
            copy_name(cs + 8, out, n);
            if (out[0])
                return;
        }
        m = strcasestr(m + 5, "<meta");
    }
}

/* Length of a valid UTF-8 sequence at p, or 0. */
static size_t utf8_len(const unsigned char *p, size_t left)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n || n > left || (n == 2 && p[0] < 0xC2))
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    /* no overlong three- and four-byte forms, no surrogates, nothing above
     * U+10FFFF: jansson refuses them, and extract would drop the whole text */
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) ||
        (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F) || p[0] > 0xF4)
        return 0;
    return n;
}

static long utf8_clean(const char *in, size_t len, struct strbuf *out)
{
    long bad = 0;
    const unsigned char *p = (const unsigned char *)in;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_len(p + i, len - i);
        if (n) {
            strbuf_add(out, p + i, n);
            i += n;
        } else {
            strbuf_addstr(out, "\xEF\xBF\xBD");
            bad++;
            i++;
        }
    }
    return bad;
}

int charset_to_utf8(const char *cs, const char *in, size_t len, struct strbuf *out,
                    const char **used, long *invalid)
{
    *invalid = 0;
    if (!cs[0]) {
        struct strbuf tmp = STRBUF_INIT;
        long bad = utf8_clean(in, len, &tmp);
        strbuf_release(&tmp);
        cs = bad ? "windows-1252" : "utf-8";
    }
    if (!strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8")) {
        *used = "utf-8";
        *invalid = utf8_clean(in, len, out);
        return 0;
    }
    /* ISO-8859-1 pages are nearly always Windows-1252 in practice (browsers agree) */
    const char *from = (!strcasecmp(cs, "iso-8859-1") || !strcasecmp(cs, "latin1") ||
                        !strcasecmp(cs, "us-ascii")) ? "windows-1252" : cs;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        *used = "utf-8";
        *invalid = utf8_clean(in, len, out);
        return -1;
    }
    *used = from;
    char *ip = (char *)in;
    size_t il = len;
    char buf[8192];
    while (il > 0) {
        char *op = buf;
        size_t ol = sizeof(buf);
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        strbuf_add(out, buf, sizeof(buf) - ol);
        if (r == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            /* EILSEQ or EINVAL: one bad byte, replaced and counted */
            strbuf_addstr(out, "\xEF\xBF\xBD");
            (*invalid)++;
            ip++;
            il--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    return 0;
}
