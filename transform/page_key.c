/* page_key.c: see page_key.h. */
#include "page_key.h"

#include <string.h>

#include "platform.h"
#include "sha256.h"
#include "uri.h"

/* Latin letters with diacritics and their base letters (page_key.h). */
static const struct {
    unsigned lo, hi;
    const char *base;
} latin_fold[] = {
    {0xC0, 0xC5, "a"},   {0xC6, 0xC6, "ae"},  {0xC7, 0xC7, "c"},   {0xC8, 0xCB, "e"},
    {0xCC, 0xCF, "i"},   {0xD0, 0xD0, "d"},   {0xD1, 0xD1, "n"},   {0xD2, 0xD6, "o"},
    {0xD8, 0xD8, "o"},   {0xD9, 0xDC, "u"},   {0xDD, 0xDD, "y"},   {0xDE, 0xDE, "th"},
    {0xDF, 0xDF, "ss"},  {0xE0, 0xE5, "a"},   {0xE6, 0xE6, "ae"},  {0xE7, 0xE7, "c"},
    {0xE8, 0xEB, "e"},   {0xEC, 0xEF, "i"},   {0xF0, 0xF0, "d"},   {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"},   {0xF8, 0xF8, "o"},   {0xF9, 0xFC, "u"},   {0xFD, 0xFD, "y"},
    {0xFE, 0xFE, "th"},  {0xFF, 0xFF, "y"},   {0x100, 0x105, "a"}, {0x106, 0x10D, "c"},
    {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"}, {0x11C, 0x123, "g"}, {0x124, 0x127, "h"},
    {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"}, {0x136, 0x138, "k"},
    {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"},
    {0x174, 0x175, "w"}, {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};

/* The code point of the UTF-8 sequence at s (of n bytes); *used receives its
 * length. An invalid or overlong sequence gives 0xFFFD for its first byte. */
static unsigned utf8_next(const unsigned char *s, size_t n, size_t *used)
{
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                               : (c & 0xF8) == 0xF0 ? 4 : 0;
    *used = 1;
    if (len == 1)
        return c;
    if (len == 0 || len > n)
        return 0xFFFD;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
        return 0xFFFD;
    *used = len;
    return cp;
}

/* Append the id-safe form of s[0..n) to out (page_key.h). */
static void add_id_safe(struct strbuf *out, const char *s, size_t n)
{
    int sep = 0; /* a separator is pending: written before the next kept letter */
    size_t start = out->len;
    for (size_t i = 0; i < n;) {
        size_t used;
        unsigned cp = utf8_next((const unsigned char *)s + i, n - i, &used);
        i += used;
        char one[2] = {0, 0};
        const char *keep = NULL;
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            one[0] = (char)cp, keep = one;
        else if (cp >= 'A' && cp <= 'Z')
            one[0] = (char)(cp - 'A' + 'a'), keep = one;
        for (size_t k = 0; !keep && k < sizeof(latin_fold) / sizeof(latin_fold[0]); k++)
            if (cp >= latin_fold[k].lo && cp <= latin_fold[k].hi)
                keep = latin_fold[k].base;
        if (!keep) {
            sep = 1;
            continue;
        }
        if (sep && out->len > start)
            strbuf_addch(out, '-');
        sep = 0;
        strbuf_addstr(out, keep);
    }
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && !strncmp(s + n - k, suffix, k);
}

void page_key(const char *page_url, const char *root_url, struct strbuf *out)
{
    struct uri_ref pu, ru;
    uri_split(page_url, &pu);
    uri_split(root_url, &ru);
    const char *path = pu.path, *rpath = ru.path;
    size_t plen = pu.path_len, rlen = ru.path_len;
    const char *query = pu.has_query ? pu.query : NULL;
    size_t qlen = pu.query_len;
    /* the document root as a directory: "/", "/begroting-2021/"; a root url
     * that names a file (/docs/index.html) stands for its directory */
    while (rlen && rpath[rlen - 1] != '/')
        rlen--;
    if (!rlen)
        rpath = "/", rlen = 1;
    /* rel: the page's path under the root, without slashes at either end */
    const char *rel = path;
    size_t n = plen;
    if (plen >= rlen && !strncmp(path, rpath, rlen)) {
        rel = path + rlen;
        n = plen - rlen;
    } else if (plen + 1 == rlen && !strncmp(path, rpath, plen)) {
        n = 0; /* the root without its trailing slash */
    }
    while (n && *rel == '/')
        rel++, n--;
    while (n && rel[n - 1] == '/')
        n--;
    /* begrotingsapp at the host root: the first segment is the document's own root */
    const char *host = "";
    size_t hlen = 0;
    if (pu.has_authority)
        uri_host(pu.authority, pu.authority_len, &host, &hlen);
    if (rlen == 1 && platform_is_app_host(host, hlen)) {
        const char *slash = memchr(rel, '/', n);
        if (slash) {
            n -= (size_t)(slash + 1 - rel);
            rel = slash + 1;
        }
    }
    struct strbuf dec = STRBUF_INIT;
    uri_percent_decode(rel, n, &dec);
    size_t m = dec.len;
    /* a last segment index.html names its directory; .html is not part of a name */
    size_t last = m;
    while (last && dec.buf[last - 1] != '/')
        last--;
    if (ends_with(dec.buf, m, "/index.html") || ends_with(dec.buf, m, "/index.htm") ||
        (last == 0 && (!strcmp(dec.buf, "index.html") || !strcmp(dec.buf, "index.htm"))))
        m = last ? last - 1 : 0;
    else if (ends_with(dec.buf, m, ".html"))
        m -= 5;
    else if (ends_with(dec.buf, m, ".htm"))
        m -= 4;
    if (query) {
        strbuf_setlen(&dec, m);
        strbuf_addch(&dec, '?');
        uri_percent_decode(query, qlen, &dec);
        m = dec.len;
    }
    size_t start = out->len;
    add_id_safe(out, dec.buf, m);
    strbuf_release(&dec);
    if (out->len == start)
        strbuf_addstr(out, "index");
    if (out->len - start > PAGE_KEY_MAX) {
        char hex[SHA256_HEX_LEN + 1];
        sha256_hex(out->buf + start, out->len - start, hex);
        size_t keep = PAGE_KEY_MAX - 17;
        while (keep && out->buf[start + keep - 1] == '-')
            keep--;
        strbuf_setlen(out, start + keep);
        strbuf_addf(out, "-%.16s", hex);
    }
}
