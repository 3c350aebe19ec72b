/*
 * url.h: the few URL operations the crawler needs, done carefully: resolve a
 * link against its page, normalise (fragment dropped, backslashes made slashes,
 * dot segments resolved, scheme and host lower-cased, default port dropped),
 * and take the host or path. Results are malloc'ed; the caller frees them.
 */
#ifndef ODP_URL_H
#define ODP_URL_H

/* Resolve href against base; NULL for links that are not http(s) (mailto:,
 * javascript:, ...). */
char *url_resolve(const char *base, const char *href);
/* Lower-case host without port, or NULL. */
char *url_host(const char *url);
/* Path (from the first '/' after the host, without query), or "/". */
char *url_path(const char *url);

#endif
