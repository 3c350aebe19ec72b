/*
 * render.h: pages that JavaScript builds (begrotingsapp / begrotingonline).
 *
 * render_is_app_shell() tells an empty application shell (scripts, next to
 * no visible text) from a page. render_chromium() loads a page in Debian's
 * headless chromium and returns the DOM the scripts built; the browser may
 * reach only the site's own host (every other name resolves to nothing), and
 * --resolve mappings apply to it as to libcurl.
 */
#ifndef ODP_RENDER_H
#define ODP_RENDER_H

#include <stddef.h>

#include "strbuf.h"

/* 1 when html is an application shell without content. */
int render_is_app_shell(const char *html, size_t len);

/* Render url (on host) with chromium ($ODP_CHROMIUM or "chromium"); the DOM is
 * appended to out. Returns 0, or -1 with why filled. */
int render_chromium(const char *url, const char *host, const char *const *resolve,
                    size_t nresolve, int timeout_s, struct strbuf *out, struct strbuf *why);

#endif
