/*
 * render.h: pages that JavaScript builds (begrotingsapp / begrotingonline).
 *
 * render_is_app_shell() tells an empty application shell (scripts, next to
 * no visible text) from a page. render_chromium() loads a page in Debian's
 * headless chromium, waits until the application has settled (no request open
 * and no change to the DOM for a second) and returns the DOM it built.
 *
 * The browser is confined as the crawler is: it reaches the page's own
 * host and port only, and only at the address libcurl connected to for the
 * page (which libcurl's guard vetted: no private address unless the pipeline
 * allows it or --resolve names the host). Every other host, port and address
 * literal resolves to nothing. A page gets a time limit (launch to DOM) and a
 * size limit (the bytes it loads, and the DOM).
 */
#ifndef ODP_RENDER_H
#define ODP_RENDER_H

#include <signal.h>
#include <stddef.h>

#include "strbuf.h"

/* 1 when html is an application shell without content. */
int render_is_app_shell(const char *html, size_t len);

/* What to render, where chromium may go, and the limits. */
struct render_target {
    const char *url;  /* the page (after libcurl followed its redirects) */
    const char *addr; /* the address libcurl connected to for url (vetted) */
    long port;        /* and its port (differs from url's under --resolve H:P:A:P2) */
    int timeout_s;    /* launch, load, settle and read the DOM, all together */
    size_t max_bytes; /* what the page may load over the network; the DOM's size */
    const volatile sig_atomic_t *stop; /* NULL, or set by a signal handler: end at once */
};

/* Render t->url with chromium ($ODP_CHROMIUM or "chromium"); the DOM is
 * appended to out. Returns 0, or -1 with why filled: chromium missing, the
 * page not loaded, over a limit, or not settled in time (which request was
 * still open, or that the DOM kept changing), or stopped. Requests the confinement or the
 * network refused are logged as warnings; the page is rendered without them. */
int render_chromium(const struct render_target *t, struct strbuf *out, struct strbuf *why);

#endif
