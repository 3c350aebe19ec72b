/* text.c: see text.h. */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "ascii8.h"

/* Length of a space-like or removable sequence at p: returns >0 and sets *space. */
static int special_len(const unsigned char *p, int *space)
{
    *space = 1;
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
        return 1;
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2; /* no-break space */
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] >= 0x80 && p[2] <= 0x8A))
        return 3; /* en/em/thin/hair spaces */
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
        return 3; /* narrow no-break space */
    *space = 0;
    if (p[0] == 0xC2 && p[1] == 0xAD)
        return 2; /* soft hyphen: removed */
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] >= 0x8B && p[2] <= 0x8D))
        return 3; /* zero-width space, (non-)joiner */
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        return 3; /* BOM */
    return 0;
}

/* Whether NFC leaves s[0..n) as it is, by a quick look that may say no when
 * the answer is yes: true when every code point is below U+0300 (no character
 * there decomposes or combines; the combining marks begin at U+0300) or is one
 * of the punctuation marks U+2010..U+2027 and the euro sign, none of which has
 * a canonical decomposition. Most text on the source pages is of this kind. */
static int nfc_quick_yes(const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    while (p < end) {
        if (*p < 0x80) {
            p++;
        } else if (*p >= 0xC2 && *p <= 0xCB && p + 1 < end) {
            p += 2; /* U+0080..U+02FF */
        } else if (p[0] == 0xE2 && p + 2 < end &&
                   ((p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0xA7) ||
                    (p[1] == 0x82 && p[2] == 0xAC))) {
            p += 3; /* U+2010..U+2027 (dashes, quotes, bullet, ellipsis), U+20AC */
        } else {
            return 0;
        }
    }
    return 1;
}

void text_normalise(const char *in, struct strbuf *out)
{
    /* the result is never longer than in: written in place, in one pass */
    size_t start = out->len, inlen = strlen(in);
    strbuf_grow(out, inlen);
    char *d0 = out->buf + start, *d = d0;
    int pending = 0;
    unsigned char seen = 0; /* every byte copied, or-ed: ASCII when < 0x80 */
    const unsigned char *p = (const unsigned char *)in, *end = p + inlen;
    while (*p) {
        int space;
        int n = special_len(p, &space);
        if (n) {
            if (space)
                pending = 1;
            p += n;
            continue;
        }
        if (pending && d > d0)
            *d++ = ' ';
        pending = 0;
        /* a run of ordinary bytes (a run's first byte is ordinary whatever it
         * is: special_len said so). Its plain ASCII is copied eight bytes at
         * a time: the eight are stored, and d and p move past the plain ones
         * (the result has room: it is never longer than in). Other ordinary
         * bytes (UTF-8 letters, control characters) go one at a time. */
        seen |= *p;
        *d++ = (char)*p++;
        for (;;) {
            if (end - p >= 8) {
                uint64_t x;
                memcpy(&x, p, 8);
                memcpy(d, &x, 8);
                uint64_t mask = ascii8_not_plain(x);
                if (!mask) {
                    d += 8;
                    p += 8;
                    continue;
                }
                int k = ascii8_plain_prefix(mask);
                d += k;
                p += k;
            }
            if (*p <= ' ' || *p == 0xC2 || *p == 0xE2 || *p == 0xEF)
                break;
            seen |= *p;
            *d++ = (char)*p++;
        }
    }
    strbuf_setlen(out, (size_t)(d - out->buf));
    const unsigned char *text = (const unsigned char *)out->buf + start;
    size_t len = out->len - start;
    if (seen < 0x80 || nfc_quick_yes(text, len))
        return;
    utf8proc_uint8_t *nfc = utf8proc_NFC(text);
    if (nfc) { /* else invalid UTF-8: keep the bytes */
        strbuf_setlen(out, start);
        strbuf_addstr(out, (const char *)nfc);
        free(nfc);
    }
}

/* The first bytes of the text under n (at most cap-1), no normalisation and no
 * further link checks: cheap, so nested links cost linear time. */
static void text_prefix(xmlNodePtr n, char *buf, size_t cap, size_t *len)
{
    for (xmlNodePtr c = n->children; c && *len + 1 < cap; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            for (const xmlChar *p = c->content; *p && *len + 1 < cap; p++) {
                if (*p <= ' ' && (*len == 0 || buf[*len - 1] == ' '))
                    continue; /* fold leading and repeated whitespace */
                buf[(*len)++] = *p <= ' ' ? ' ' : (char)*p;
            }
        } else if (c->type == XML_ELEMENT_NODE) {
            text_prefix(c, buf, cap, len);
        }
    }
    buf[*len] = '\0';
}

int text_is_nav_link(xmlNodePtr a)
{
    /* begrotingsapp's "Terug naar navigatie - <Sectie>" back-links */
    char buf[32];
    size_t len = 0;
    text_prefix(a, buf, sizeof(buf), &len);
    return !strncasecmp(buf, "Terug naar navigatie", 20);
}

static void text_of_children(xmlNodePtr first, struct strbuf *out)
{
    for (xmlNodePtr c = first; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                strbuf_addstr(out, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            if (node_is(c, "script") || node_is(c, "style") || node_is(c, "table"))
                continue; /* a nested table is a table of its own, not text */
            if (node_is(c, "br")) {
                strbuf_addch(out, ' ');
                continue;
            }
            if (node_is(c, "a") && text_is_nav_link(c))
                continue;
            text_of_children(c->children, out);
            if (node_is(c, "p") || node_is(c, "div") || node_is(c, "li"))
                strbuf_addch(out, ' ');
        }
    }
}

void text_of_node(xmlNodePtr node, struct strbuf *out)
{
    if (node->type == XML_TEXT_NODE) {
        if (node->content)
            strbuf_addstr(out, (const char *)node->content);
        return;
    }
    text_of_children(node->children, out);
}

void text_node_normalised(xmlNodePtr node, struct strbuf *out)
{
    struct strbuf raw = STRBUF_INIT;
    strbuf_reset(out);
    text_of_node(node, &raw);
    text_normalise(raw.buf, out);
    strbuf_release(&raw);
}
