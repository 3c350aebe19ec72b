/*
 * uri.c: see uri.h. RFC 3986: split (Appendix B), remove_dot_segments
 * (5.2.4), resolution (5.2), and on top of them the crawler's normalisation
 * of http(s) URLs (6.2.2, 6.2.3).
 */
#include "uri.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

void uri_split(const char *u, struct uri_ref *p)
{
    memset(p, 0, sizeof(*p));
    const char *s = u;
    const char *c = s;
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) {
        while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
               *c == '+' || *c == '-' || *c == '.')
            c++;
        if (*c == ':') {
            p->has_scheme = 1;
            p->scheme = s;
            p->scheme_len = (size_t)(c - s);
            s = c + 1;
        }
    }
    if (s[0] == '/' && s[1] == '/') {
        s += 2;
        p->has_authority = 1;
        p->authority = s;
        p->authority_len = strcspn(s, "/?#");
        s += p->authority_len;
    }
    p->path = s;
    p->path_len = strcspn(s, "?#");
    s += p->path_len;
    if (*s == '?') {
        s++;
        p->has_query = 1;
        p->query = s;
        p->query_len = strcspn(s, "#");
        s += p->query_len;
    }
    if (*s == '#') {
        p->has_fragment = 1;
        p->fragment = s + 1;
        p->fragment_len = strlen(s + 1);
    }
}

int uri_host(const char *a, size_t len, const char **host, size_t *host_len)
{
    size_t start = len;
    while (start > 0 && a[start - 1] != '@')
        start--;
    const char *h = a + start;
    size_t n = len - start;
    if (n && h[0] == '[') {
        const char *close = memchr(h, ']', n);
        n = close ? (size_t)(close - h) + 1 : n;
    } else {
        const char *colon = memchr(h, ':', n);
        if (colon)
            n = (size_t)(colon - h);
    }
    *host = h;
    *host_len = n;
    return start > 0;
}

void uri_remove_dot_segments(const char *in, size_t len, struct strbuf *out)
{
    struct strbuf buf = STRBUF_INIT;
    strbuf_add(&buf, in, len);
    char *s = buf.buf;
    size_t outstart = out->len;
    while (*s) {
        if (!strncmp(s, "../", 3)) {
            s += 3;
        } else if (!strncmp(s, "./", 2)) {
            s += 2;
        } else if (!strncmp(s, "/./", 3)) {
            s += 2;
        } else if (!strcmp(s, "/.")) {
            s += 1;
            *s = '/';
        } else if (!strncmp(s, "/../", 4) || !strcmp(s, "/..")) {
            /* "/../" and "/.." both become "/", and the last output segment goes */
            if (s[3] == '/')
                s += 3;
            else {
                s += 2;
                *s = '/';
            }
            size_t l = out->len;
            while (l > outstart && out->buf[l - 1] != '/')
                l--;
            if (l > outstart)
                l--;
            strbuf_setlen(out, l);
        } else if (!strcmp(s, ".") || !strcmp(s, "..")) {
            break;
        } else {
            size_t n = s[0] == '/' ? 1 + strcspn(s + 1, "/") : strcspn(s, "/");
            strbuf_add(out, s, n);
            s += n;
        }
    }
    strbuf_release(&buf);
}

void uri_resolve(const char *base, const char *ref, struct strbuf *out)
{
    struct uri_ref b, r;
    uri_split(base ? base : "", &b);
    uri_split(ref, &r);
    strbuf_reset(out);
    /* RFC 3986 5.2.2: the reference's scheme, else the base's; the
     * reference's authority when it has a scheme or an authority, else the
     * base's; the reference's query, unless it has neither path nor query */
    const struct uri_ref *scheme = r.has_scheme ? &r : &b;
    const struct uri_ref *auth = r.has_scheme || r.has_authority ? &r : &b;
    const struct uri_ref *query = &r;
    if (scheme->has_scheme) {
        strbuf_add(out, scheme->scheme, scheme->scheme_len);
        strbuf_addch(out, ':');
    }
    if (auth->has_authority) {
        strbuf_addstr(out, "//");
        strbuf_add(out, auth->authority, auth->authority_len);
    }
    if (r.has_scheme || r.has_authority || (r.path_len && r.path[0] == '/')) {
        uri_remove_dot_segments(r.path, r.path_len, out);
    } else if (r.path_len == 0) {
        strbuf_add(out, b.path, b.path_len);
        if (!r.has_query)
            query = &b;
    } else {
        /* 5.2.3, merge: the base's path up to its last '/', then the reference's */
        struct strbuf m = STRBUF_INIT;
        if (b.has_authority && b.path_len == 0)
            strbuf_addch(&m, '/');
        else {
            size_t l = b.path_len;
            while (l > 0 && b.path[l - 1] != '/')
                l--;
            strbuf_add(&m, b.path, l);
        }
        strbuf_add(&m, r.path, r.path_len);
        if (b.has_scheme || b.has_authority || m.buf[0] == '/')
            uri_remove_dot_segments(m.buf, m.len, out);
        else
            strbuf_add(out, m.buf, m.len);
        strbuf_release(&m);
    }
    if (query->has_query) {
        strbuf_addch(out, '?');
        strbuf_add(out, query->query, query->query_len);
    }
    if (r.has_fragment) {
        strbuf_addch(out, '#');
        strbuf_add(out, r.fragment, r.fragment_len);
    }
}

/* ---- http(s) URLs as the crawler keeps them ---------------------------- */

/* Split an absolute http(s) URL; auth receives its authority lower-cased,
 * without the scheme's default port. -1 when url is no such URL. */
static int http_split(const char *url, struct uri_ref *u, struct strbuf *auth)
{
    uri_split(url, u);
    if (!u->has_scheme || !u->has_authority || !u->authority_len)
        return -1;
    int https;
    if (u->scheme_len == 4 && !strncasecmp(u->scheme, "http", 4))
        https = 0;
    else if (u->scheme_len == 5 && !strncasecmp(u->scheme, "https", 5))
        https = 1;
    else
        return -1;
    strbuf_reset(auth);
    for (size_t i = 0; i < u->authority_len; i++)
        strbuf_addch(auth, tolower((unsigned char)u->authority[i]));
    /* host[:port] after any user info: a second ':' (outside an IP literal)
     * makes no URL, and dropping one default port of "h:80:80" would make
     * another URL on every pass */
    const char *hp = strrchr(auth->buf, '@');
    hp = hp ? hp + 1 : auth->buf;
    if (*hp != '[' && strchr(hp, ':') != strrchr(hp, ':'))
        return -1;
    const char *port = https ? ":443" : ":80";
    size_t pl = strlen(port);
    if (auth->len > pl && !strcmp(auth->buf + auth->len - pl, port))
        strbuf_setlen(auth, auth->len - pl);
    return 0;
}

static int is_unreserved(int c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* RFC 3986 6.2.2: s[0..n) with percent-escapes in upper case and escaped
 * unreserved characters (letters, digits, - . _ ~) decoded, appended to out. */
static void add_percent_normal(struct strbuf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
            isxdigit((unsigned char)s[i + 2])) {
            int v = (int)strtol((char[]){s[i + 1], s[i + 2], 0}, NULL, 16);
            if (is_unreserved(v))
                strbuf_addch(out, v);
            else
                strbuf_addf(out, "%%%c%c", hex[v >> 4], hex[v & 15]);
            i += 2;
        } else if (c <= 0x20 || c >= 0x7F || c == '%') {
            /* a raw space or non-ASCII byte in an href: escape it; and a '%'
             * that starts no escape, or decoding the next one could make one
             * ("%6%62" -> "%6b") and the URL would change on every pass */
            strbuf_addf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
        } else {
            strbuf_addch(out, c);
        }
    }
}

/* The normal form of the absolute http(s) URL abs (uri.h), or NULL. */
static char *http_normal(const char *abs)
{
    struct uri_ref u;
    struct strbuf auth = STRBUF_INIT, path = STRBUF_INIT, dots = STRBUF_INIT, out = STRBUF_INIT;
    char *result = NULL;
    if (!http_split(abs, &u, &auth)) {
        for (size_t i = 0; i < u.scheme_len; i++)
            strbuf_addch(&out, tolower((unsigned char)u.scheme[i]));
        strbuf_addstr(&out, "://");
        strbuf_add(&out, auth.buf, auth.len);
        uri_remove_dot_segments(u.path, u.path_len, &dots);
        add_percent_normal(&path, dots.buf, dots.len);
        /* and dot segments again: "%2e" decodes to "." (RFC 3986 6.2.2
         * decodes before it removes dot segments), or the next pass would
         * remove it */
        size_t start = out.len;
        uri_remove_dot_segments(path.buf, path.len, &out);
        if (out.len == start)
            strbuf_addch(&out, '/'); /* RFC 3986 6.2.3: http's empty path is "/" */
        if (u.has_query) {
            strbuf_addch(&out, '?');
            add_percent_normal(&out, u.query, u.query_len);
        }
        result = strbuf_detach(&out, NULL);
    }
    strbuf_release(&auth);
    strbuf_release(&path);
    strbuf_release(&dots);
    strbuf_release(&out);
    return result;
}

static void backslashes_to_slashes(struct strbuf *sb)
{
    for (size_t i = 0; i < sb->len; i++)
        if (sb->buf[i] == '\\')
            sb->buf[i] = '/';
}

char *uri_http_resolve(const char *base, const char *href_in)
{
    struct strbuf href = STRBUF_INIT, b = STRBUF_INIT, abs = STRBUF_INIT, auth = STRBUF_INIT;
    char *result = NULL;
    strbuf_addstr(&href, href_in);
    strbuf_trim(&href);
    backslashes_to_slashes(&href);
    strbuf_setlen(&href, strcspn(href.buf, "#"));
    struct uri_ref r, bu;
    uri_split(href.buf, &r);
    if (r.has_scheme) {
        result = http_normal(href.buf);
    } else {
        /* the base's backslashes too, or a URL read as a base ("" resolved
         * against it) differs from the same URL read as a link */
        strbuf_addstr(&b, base);
        backslashes_to_slashes(&b);
        if (!http_split(b.buf, &bu, &auth)) {
            uri_resolve(b.buf, href.buf, &abs);
            result = http_normal(abs.buf);
        }
    }
    strbuf_release(&href);
    strbuf_release(&b);
    strbuf_release(&abs);
    strbuf_release(&auth);
    return result;
}

char *uri_http_host(const char *url)
{
    struct uri_ref u;
    struct strbuf auth = STRBUF_INIT;
    char *res = NULL;
    if (!http_split(url, &u, &auth)) {
        const char *h;
        size_t n;
        uri_host(auth.buf, auth.len, &h, &n);
        res = xstrndup(h, n);
    }
    strbuf_release(&auth);
    return res;
}

char *uri_http_path(const char *url)
{
    struct uri_ref u;
    struct strbuf auth = STRBUF_INIT;
    char *res = NULL;
    if (!http_split(url, &u, &auth))
        res = u.path_len ? xstrndup(u.path, u.path_len) : xstrdup("/");
    strbuf_release(&auth);
    return res;
}

char *uri_slug(const char *url)
{
    struct uri_ref u;
    uri_split(url ? url : "", &u);
    size_t n = u.path_len;
    while (n > 1 && u.path[n - 1] == '/')
        n--;
    const char *s = u.path;
    for (size_t i = 0; i < n; i++)
        if (u.path[i] == '/')
            s = u.path + i + 1;
    size_t len = (size_t)(u.path + n - s);
    if (len > 5 && !strncmp(s + len - 5, ".html", 5))
        len -= 5;
    return u.has_authority && len ? xstrndup(s, len) : xstrdup("index");
}

void uri_percent_decode(const char *s, size_t n, struct strbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
            isxdigit((unsigned char)s[i + 2])) {
            strbuf_addch(out, (char)strtol((char[]){s[i + 1], s[i + 2], 0}, NULL, 16));
            i += 2;
        } else {
            strbuf_addch(out, s[i]);
        }
    }
}
