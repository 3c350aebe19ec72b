/*
 * crawler.h: the state of a crawl, shared by the crawl's modules (internal to
 * fetch/): the scheduler (crawl.c), the life of one request (request.c) and
 * the raw store (store.c).
 *
 * Every source is a crawler with a queue; all crawlers run in one curl multi
 * handle, so many hosts are fetched in parallel while each host gets at most
 * crawl.per_host requests at a time and crawl.delay_ms between the starts of
 * two requests. A request is a small state machine: robots.txt, then the site
 * root, then the pages; a redirect on the same host restarts it at the new
 * URL, a timeout, 429 or 5xx puts it to sleep (Retry-After or exponential
 * backoff with jitter) and starts it again.
 */
#ifndef ODP_FETCH_CRAWLER_H
#define ODP_FETCH_CRAWLER_H

#include <stddef.h>

#include <curl/curl.h>
#include <jansson.h>

#include "fetch.h"
#include "http.h"

enum req_kind { REQ_ROBOTS, REQ_ROOT, REQ_PAGE };

struct crawler;

struct request {
    struct crawler *cr;
    enum req_kind kind;
    CURL *easy;
    char *url;          /* the page URL as queued */
    char *cur;          /* where the redirect chain is now */
    size_t slot;        /* index in the crawler's pages (REQ_PAGE) */
    json_t *prev;       /* the ledger's entry for url, or NULL */
    json_t *entry;      /* the manifest entry being built */
    json_t *redirects, *visited;
    struct http_response resp;
    struct curl_slist *hdrs;
    char errbuf[CURL_ERROR_SIZE];
    int attempt, total_attempts, hop;
    double not_before;  /* monotonic seconds; a sleeping retry */
    struct request *next_sleeping;
};

struct host_state {
    char *host;
    int inflight;
    double next_start;
    double delay_s;        /* between the starts of two requests: crawl.delay_ms, or the
                            * robots.txt Crawl-delay when longer (up to FETCH_MAX_CRAWL_DELAY_S) */
    double last_start;
    int robots_state;      /* 0 not asked, 1 being fetched, 2 known: once per host and run */
    int retries_left;      /* the host's retry budget for this run */
    struct robots *robots; /* NULL: everything allowed */
    char *robots_error;    /* robots.txt unreachable: the whole host is disallowed tonight */
};

struct crawler {
    const struct source *src;
    const struct fetch_config *cfg;
    struct fetch_report *rep;
    struct host_state *host;
    struct http_client http;
    long long run_id;
    int resumed;
    int phase;           /* 0 robots, -2 waiting for them, 1 root, -1 waiting for it,
                          * 2 pages, 3 done */
    int inflight;
    struct robots *robots; /* the host's, shared */
    json_t *queue, *seen, *external, *pages, *root;
    size_t next;         /* next queue index to start */
    char *pdf_url, *title;
    struct request *sleeping;
    int failed_root;
    char *scope;         /* path prefix of the document: "/" or "/begroting-2021/" */
};

#endif
