/*
 * links.h: what the crawler reads in a fetched page: the links to the
 * document's other pages, the whole-document PDF, the page's title, and the
 * hosts it links to elsewhere.
 *
 * Which paths are pages is the platforms' knowledge (lib/platform.h), how a
 * link becomes a URL lib/uri.h's; this file only walks the HTML (libxml2).
 */
#ifndef ODP_FETCH_LINKS_H
#define ODP_FETCH_LINKS_H

#include <jansson.h>

#include "strbuf.h"

/* Read the HTML body of the page at base (on host, in the document whose
 * pages are under the path scope): append the URLs of its page links, in
 * order, to found; set *pdf_url to the first PDF link when it is NULL; set
 * *title (when title is not NULL and *title is NULL) to the page's <title>
 * with white space collapsed; add to external (when not NULL) the first link
 * to each other host, keyed by that host. Links to other hosts are never
 * followed. *pdf_url and *title are malloc'ed; the caller frees them. */
void links_collect(const struct strbuf *body, const char *base, const char *host,
                   const char *scope, json_t *found, char **pdf_url, char **title,
                   json_t *external);

#endif
