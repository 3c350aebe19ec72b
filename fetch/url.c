/* url.c: see url.h. RFC 3986 §5.2 reference resolution, simplified to http(s). */
#include "url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static int has_scheme(const char *s)
{
    if (!isalpha((unsigned char)*s))
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p == ':')
            return 1;
        if (!(isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'))
            return 0;
    }
    return 0;
}

/* RFC 3986 §6.2.2: percent-escapes in upper case, and escaped unreserved
 * characters (letters, digits, - . _ ~) decoded, so one page has one URL. */
static void normalise_percent(struct strbuf *sb)
{
    struct strbuf out = STRBUF_INIT;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < sb->len; i++) {
        unsigned char c = (unsigned char)sb->buf[i];
        if (c == '%' && i + 2 < sb->len + 0 && isxdigit((unsigned char)sb->buf[i + 1]) &&
            isxdigit((unsigned char)sb->buf[i + 2])) {
            int v = (int)strtol((char[]){sb->buf[i + 1], sb->buf[i + 2], 0}, NULL, 16);
            if (isalnum(v) || v == '-' || v == '.' || v == '_' || v == '~')
                strbuf_addch(&out, v);
            else
                strbuf_addf(&out, "%%%c%c", hex[v >> 4], hex[v & 15]);
            i += 2;
        } else if (c <= 0x20 || c >= 0x7F || c == '%') {
            /* a raw space or non-ASCII byte in an href: escape it; and a '%'
             * that starts no escape, or decoding the next one could make one
             * ("%6%62" -> "%6b") and the URL would change on every pass */
            strbuf_addf(&out, "%%%c%c", hex[c >> 4], hex[c & 15]);
        } else {
            strbuf_addch(&out, c);
        }
    }
    strbuf_reset(sb);
    strbuf_add(sb, out.buf, out.len);
    strbuf_release(&out);
}

/* Remove dot segments from path (in place into out). */
static void remove_dots(const char *path, struct strbuf *out)
{
    const char *segs[512];
    size_t lens[512], n = 0;
    const char *p = path;
    int trailing = 0;
    while (*p) {
        while (*p == '/')
            p++;
        const char *s = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - s);
        trailing = (*p == '/') || len == 0 || (len == 1 && s[0] == '.') ||
                   (len == 2 && s[0] == '.' && s[1] == '.');
        if (len == 0 || (len == 1 && s[0] == '.'))
            continue;
        if (len == 2 && s[0] == '.' && s[1] == '.') {
            if (n)
                n--;
            continue;
        }
        if (n < 512) {
            segs[n] = s;
            lens[n++] = len;
        }
        trailing = *p == '/';
    }
    for (size_t i = 0; i < n; i++) {
        strbuf_addch(out, '/');
        strbuf_add(out, segs[i], lens[i]);
    }
    if (n == 0 || trailing)
        strbuf_addch(out, '/');
}

/* Split an absolute http(s) URL: scheme, authority, path, query. */
static int split(const char *url, struct strbuf *scheme, struct strbuf *auth, struct strbuf *path,
                 struct strbuf *query)
{
    const char *c = strstr(url, "://");
    if (!c)
        return -1;
    for (const char *p = url; p < c; p++)
        strbuf_addch(scheme, tolower((unsigned char)*p));
    if (strcmp(scheme->buf, "http") && strcmp(scheme->buf, "https"))
        return -1;
    const char *a = c + 3;
    size_t al = strcspn(a, "/?#");
    if (al == 0)
        return -1;
    for (size_t i = 0; i < al; i++)
        strbuf_addch(auth, tolower((unsigned char)a[i]));
    const char *rest = a + al;
    size_t pl = strcspn(rest, "?#");
    strbuf_add(path, rest, pl);
    if (rest[pl] == '?') {
        size_t ql = strcspn(rest + pl, "#");
        strbuf_add(query, rest + pl, ql);
    }
    /* host[:port] after any user info: a second ':' (outside an IPv6 literal)
     * makes no URL, and dropping one default port of "h:80:80" would make
     * another URL on every pass */
    const char *hp = strrchr(auth->buf, '@');
    hp = hp ? hp + 1 : auth->buf;
    if (*hp != '[' && strchr(hp, ':') != strrchr(hp, ':'))
        return -1;
    /* drop the default port */
    size_t alen = auth->len;
    if (!strcmp(scheme->buf, "http") && alen > 3 && !strcmp(auth->buf + alen - 3, ":80"))
        strbuf_setlen(auth, alen - 3);
    if (!strcmp(scheme->buf, "https") && alen > 4 && !strcmp(auth->buf + alen - 4, ":443"))
        strbuf_setlen(auth, alen - 4);
    return 0;
}

char *url_resolve(const char *base, const char *href_in)
{
    struct strbuf href = STRBUF_INIT, scheme = STRBUF_INIT, auth = STRBUF_INIT, path = STRBUF_INIT,
                  query = STRBUF_INIT, out = STRBUF_INIT, merged = STRBUF_INIT;
    char *result = NULL;
    /* trim, and turn backslashes into slashes (a known bug on some sites) */
    while (*href_in && isspace((unsigned char)*href_in))
        href_in++;
    strbuf_addstr(&href, href_in);
    strbuf_trim(&href);
    for (size_t i = 0; i < href.len; i++)
        if (href.buf[i] == '\\')
            href.buf[i] = '/';
    size_t hl = strcspn(href.buf, "#");
    strbuf_setlen(&href, hl);

    if (has_scheme(href.buf)) {
        if (split(href.buf, &scheme, &auth, &path, &query))
            goto out;
        remove_dots(path.buf, &merged);
    } else {
        /* the base's backslashes too, or a URL read as a base ("" resolved
         * against it) differs from the same URL read as a link */
        struct strbuf b = STRBUF_INIT;
        strbuf_addstr(&b, base);
        for (size_t i = 0; i < b.len; i++)
            if (b.buf[i] == '\\')
                b.buf[i] = '/';
        int bad = split(b.buf, &scheme, &auth, &path, &query);
        strbuf_release(&b);
        if (bad)
            goto out;
        if (href.len >= 2 && href.buf[0] == '/' && href.buf[1] == '/') {
            strbuf_reset(&auth);
            strbuf_reset(&path);
            strbuf_reset(&query);
            char *tmp = NULL;
            struct strbuf abs = STRBUF_INIT;
            strbuf_addf(&abs, "%s:%s", scheme.buf, href.buf);
            tmp = url_resolve(abs.buf, "");
            strbuf_release(&abs);
            result = tmp;
            goto out;
        }
        if (href.len == 0) {
            remove_dots(path.len ? path.buf : "/", &merged);
        } else if (href.buf[0] == '?') {
            remove_dots(path.len ? path.buf : "/", &merged);
            strbuf_reset(&query);
        } else {
            size_t ql = strcspn(href.buf, "?");
            struct strbuf rel = STRBUF_INIT;
            if (href.buf[0] == '/') {
                strbuf_add(&rel, href.buf, ql);
            } else {
                const char *slash = strrchr(path.buf, '/');
                if (slash)
                    strbuf_add(&rel, path.buf, (size_t)(slash - path.buf + 1));
                else
                    strbuf_addch(&rel, '/');
                strbuf_add(&rel, href.buf, ql);
            }
            remove_dots(rel.buf, &merged);
            strbuf_release(&rel);
            strbuf_reset(&query);
        }
        if (href.len && strchr(href.buf, '?'))
            strbuf_addstr(&query, strchr(href.buf, '?'));
    }
    normalise_percent(&merged);
    /* and dot segments again: "%2e" decodes to "." (RFC 3986 6.2.2 decodes
     * before it removes dot segments), or the next pass would remove it */
    struct strbuf dots = STRBUF_INIT;
    remove_dots(merged.buf, &dots);
    strbuf_reset(&merged);
    strbuf_add(&merged, dots.buf, dots.len);
    strbuf_release(&dots);
    normalise_percent(&query);
    strbuf_addf(&out, "%s://%s%s%s", scheme.buf, auth.buf, merged.buf, query.buf);
    result = strbuf_detach(&out, NULL);
out:
    strbuf_release(&href);
    strbuf_release(&scheme);
    strbuf_release(&auth);
    strbuf_release(&path);
    strbuf_release(&query);
    strbuf_release(&out);
    strbuf_release(&merged);
    return result;
}

char *url_host(const char *url)
{
    struct strbuf scheme = STRBUF_INIT, auth = STRBUF_INIT, path = STRBUF_INIT, query = STRBUF_INIT;
    char *res = NULL;
    if (!split(url, &scheme, &auth, &path, &query)) {
        size_t n = strcspn(auth.buf, ":");
        const char *at = strchr(auth.buf, '@');
        const char *h = at ? at + 1 : auth.buf;
        n = strcspn(h, ":");
        res = strndup(h, n);
    }
    strbuf_release(&scheme);
    strbuf_release(&auth);
    strbuf_release(&path);
    strbuf_release(&query);
    return res;
}

char *url_path(const char *url)
{
    struct strbuf scheme = STRBUF_INIT, auth = STRBUF_INIT, path = STRBUF_INIT, query = STRBUF_INIT;
    char *res = NULL;
    if (!split(url, &scheme, &auth, &path, &query))
        res = strdup(path.len ? path.buf : "/");
    strbuf_release(&scheme);
    strbuf_release(&auth);
    strbuf_release(&path);
    strbuf_release(&query);
    return res;
}
