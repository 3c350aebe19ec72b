/*
 * request.h: one request of the crawl (crawler.h), internal to fetch/: made
 * for the ledger's entry of its URL, set up for each attempt, and judged when
 * its transfer ends: retried, redirected, read as robots.txt, or its content
 * stored and its links queued; its entry goes to the manifest and the ledger.
 *
 * It does not decide when a request starts (crawl.c's scheduler does).
 */
#ifndef ODP_FETCH_REQUEST_H
#define ODP_FETCH_REQUEST_H

#include <curl/curl.h>

#include "crawler.h"
#include "strbuf.h"

/* A request of cr for url, with the ledger's entry for url and conditional
 * headers from its validators (REQ_ROOT, REQ_PAGE). Free with request_free
 * unless request_finish or request_result frees it. */
struct request *request_new(struct crawler *cr, enum req_kind kind, const char *url);
void request_free(struct request *q); /* NULL is fine */

/* Set the request's curl handle up for its next attempt. */
void request_setup(struct request *q);

/* Handle a finished transfer: done, redirect, retry or fail. Returns 1 when
 * the request goes on (restart at q->not_before), 0 when it is finished (and
 * freed). */
int request_result(struct request *q, CURLcode cc, double now);

/* A page (or root) has its content: record it and queue its links. body may
 * be NULL for an unchanged page whose links the ledger knows. */
void request_page_done(struct request *q, struct strbuf *body);

/* The request ends (ok, or failed for why): its entry goes to the ledger and
 * the crawler's pages or root; q is freed. */
void request_finish(struct request *q, int ok, const char *why);

#endif
