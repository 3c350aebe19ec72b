/*
 * http.h: the crawler's use of libcurl, one transfer at a time: how a request
 * is set up (user agent, timeouts, --resolve, conditional headers), how its
 * response is collected (body up to a limit, the validators, Retry-After),
 * what a failed transfer means (its reason, and whether it is worth a retry),
 * and the refusal of private addresses.
 *
 * It does not schedule requests, follow redirects or retry (crawl.c and
 * request.c decide that), nor store what it gets (store.h).
 */
#ifndef ODP_FETCH_HTTP_H
#define ODP_FETCH_HTTP_H

#include <stddef.h>

#include <curl/curl.h>

#include "pipeline.h"
#include "strbuf.h"

/* What a transfer brought back. */
struct http_response {
    struct strbuf body;
    struct strbuf etag;
    struct strbuf last_modified;
    struct strbuf retry_after;
    long max_body;
    int too_big;
    int keep_head; /* robots.txt: keep the first max_body bytes of a longer body */
};

/* Empty buffers; max_body is the most a body may hold. */
void http_response_init(struct http_response *r, long max_body, int keep_head);
/* Empties the buffers for another attempt. */
void http_response_reset(struct http_response *r);
void http_response_release(struct http_response *r);

/* The connections of one source: how its host is reached (curl's --resolve
 * and --connect-to entries) and whether it may be a private address. */
struct http_client {
    const char *user_agent;
    const struct crawl_settings *crawl;
    struct curl_slist *resolve, *connect_to;
    int allow_private;  /* the host was named with --resolve, or crawl.allow_private */
    char refused[64];   /* the private address last refused, for the error message */
};

/* Set c up for host: HOST:PORT:ADDR entries of resolve[0..n) are curl's
 * --resolve, HOST:PORT:ADDR:PORT2 its --connect-to; a host named there may be
 * on a private or loopback address. Release with http_client_release. */
void http_client_init(struct http_client *c, const char *host, const char *user_agent,
                      const struct crawl_settings *crawl, const char *const *resolve, size_t n);
void http_client_release(struct http_client *c);

/* (Re)configure the easy handle *e (created when NULL) for one attempt at
 * url: the client's settings, headers hdrs, the response into resp, curl's
 * error text into errbuf (CURL_ERROR_SIZE bytes), priv as CURLOPT_PRIVATE.
 * resp is reset. */
void http_easy_setup(CURL **e, struct http_client *c, const char *url, void *priv,
                     struct curl_slist *hdrs, struct http_response *resp, char *errbuf);

/* A transfer that ended with cc (not CURLE_OK): why, in words, appended to
 * why; returns 1 when the failure may pass (a timeout, a refused connection,
 * a cut body) and a retry is worth it. */
int http_failure(CURLcode cc, const struct http_client *c, const struct http_response *resp,
                 const char *errbuf, struct strbuf *why);

/* Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date;
 * 0 when there is none or it cannot be read. */
long http_retry_after_seconds(const char *v);

#endif
