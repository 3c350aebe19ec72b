/*
 * uri.h: URI references (RFC 3986), the one place odp parses them.
 *
 * Two kinds of user, two levels:
 *   - generic RFC 3986: split a reference into its five parts (Appendix B),
 *     remove dot segments (5.2.4) and resolve a reference against a base
 *     (5.2), with nothing normalised: the JSON Schema validator compares
 *     $id and $ref as written, which its specification asks for;
 *   - http(s) for the crawler and the stages after it: a link resolved
 *     against its page and normalised so that one page has one URL
 *     (uri_http_resolve), and the host and path of such a URL.
 * The host of an authority (uri_host) serves both, and the pipeline file's
 * check of its site URLs (lib/pipeline.c) and the page key
 * (transform/page_key.c) read URLs through uri_split.
 *
 * It does not map IRIs to URIs, decode hosts (IDNA), resolve names, or decide
 * which URLs belong to a document (fetch/ and lib/platform.h do).
 */
#ifndef ODP_URI_H
#define ODP_URI_H

#include <stddef.h>

#include "strbuf.h"

/* A reference split by RFC 3986 Appendix B: pointers into the string split,
 * which must outlive it, and their lengths. A part that is absent has has_X
 * 0; the path is always there, perhaps empty. The delimiters (":", "//",
 * "?", "#") are not part of the parts. */
struct uri_ref {
    const char *scheme, *authority, *path, *query, *fragment;
    size_t scheme_len, authority_len, path_len, query_len, fragment_len;
    int has_scheme, has_authority, has_query, has_fragment;
};

/* Split s (never fails: any string is a reference, most of them a path). */
void uri_split(const char *s, struct uri_ref *u);

/* The host of an authority: after any user info (up to the last '@'),
 * before any port; an IP literal keeps its brackets. *host points into
 * authority. Returns 1 when the authority has user info. */
int uri_host(const char *authority, size_t len, const char **host, size_t *host_len);

/* RFC 3986 5.2.4: in[0..len) without "." and ".." segments, appended to out. */
void uri_remove_dot_segments(const char *in, size_t len, struct strbuf *out);

/* out = ref resolved against base (RFC 3986 5.2, strict: a scheme in ref is
 * always taken); base may be "" or NULL. out is reset first. */
void uri_resolve(const char *base, const char *ref, struct strbuf *out);

/* The crawler's URL of the link href found on the page base: resolved (RFC
 * 3986 5.2) and normalised (6.2.2, 6.2.3) so that one page has one URL:
 * surrounding white space trimmed, backslashes made slashes (in base too: a
 * known fault of some sites), the fragment dropped, scheme and authority
 * lower-cased, the default port (:80, :443) dropped, dot segments removed
 * (also escaped ones, "%2e"), an empty path made "/", percent-escapes in
 * upper case with escaped unreserved characters decoded, and a raw space,
 * control or non-ASCII byte or a '%' that starts no escape escaped. The result
 * resolves to itself against any page. Empty segments ("//") are kept, as RFC
 * 3986 says: a server may tell /a//b from /a/b.
 * NULL when the result is not an http or https URL with a host (mailto:,
 * javascript:, "http:///x", a host with two ports "h:80:80"). The caller frees
 * the result. */
char *uri_http_resolve(const char *base, const char *href);

/* The lower-case host (uri_host) of an http(s) URL, without port or user
 * info; NULL when url is no http(s) URL with a host. The caller frees it. */
char *uri_http_host(const char *url);

/* The path of an http(s) URL (from the '/' after the host, without query or
 * fragment), "/" when it is empty; NULL when url is no http(s) URL with a
 * host. The caller frees it. */
char *uri_http_path(const char *url);

/* The slug of a page URL: the last segment of its path (trailing slashes
 * ignored, query and fragment left out) without a ".html" suffix, as written
 * (not decoded); "index" when the path has no segment or url has no
 * authority. A label for people (pages.slug), not a key: two pages may share
 * it (transform/page_key.c makes the keys). The caller frees it. */
char *uri_slug(const char *url);

/* s[0..n) with every %XX escape (two hex digits) decoded to its byte,
 * appended to out; a '%' that starts no escape stays. For keys and labels
 * made from a URL (transform/page_key.c), never for a URL to request: a
 * decoded '/' or '?' changes what a URL means. */
void uri_percent_decode(const char *s, size_t n, struct strbuf *out);

#endif
