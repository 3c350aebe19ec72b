/*
 * fetch.h: download one source's pages into the raw store.
 *
 * From the site root, a breadth-first crawl within the host follows links
 * that are pages of the document (p-id `/p{id}/{slug}` and `.html` variants;
 * begrotingsapp `/{doc}-{year}/programma/{slug}`) and records the whole-document
 * PDF (under `/assets/docs/`). Bodies are stored under their SHA-256, written
 * atomically; a conditional GET (ETag / Last-Modified) makes an unchanged page
 * cost one request and no body. What was seen is written to the source's
 * manifest (workdir.h) for the next stages.
 *
 * The stage's interface; crawl.c implements it, with request.c (one request),
 * http.c (libcurl), store.c (the raw store), links.c (a page's links),
 * robots.c, charset.c and render.c. Which paths are pages is lib/platform.h's.
 */
#ifndef ODP_FETCH_H
#define ODP_FETCH_H

#include <signal.h>
#include <stddef.h>

#include "error.h"
#include "ledger.h"
#include "pipeline.h"

struct fetch_config {
    const char *workdir;
    const char *user_agent;
    const char *const *resolve; /* curl --resolve entries */
    size_t nresolve;
    int offline;
    const struct crawl_settings *crawl;
    struct ledger *ledger; /* per-URL state, committed page by page */
};

struct fetch_report {
    int pages_ok;
    int pages_unchanged; /* 304 or the same bytes as before */
    int pages_failed;
    int pages_skipped;   /* robots.txt said no */
    int pages_resumed;   /* fetched by an interrupted run, not fetched again */
    int source_failed;   /* the site root could not be fetched, or no page was */
    char first_error[512];
};

/* The longest robots.txt Crawl-delay honoured, in seconds: a longer one is cut
 * to this (at 500 pages a site, 10 s is already 83 minutes). */
#define FETCH_MAX_CRAWL_DELAY_S 10

/* Fetch every source of srcs[0..n) in one crawl: hosts in parallel, at most
 * crawl.per_host requests per host. reps[i], rcs[i] (an odp_code) and errs[i]
 * are filled per source; returns an odp_code for the run as a whole. */
/* Set by a signal handler: start no new request, end those under way at once
 * (within a quarter of a second) without recording them, write no manifest,
 * and leave the ledger's run open so the next run resumes. */
extern volatile sig_atomic_t fetch_stop;
/* Seconds the crawl spent waiting for the network (curl_multi_poll). */
extern double fetch_wait_seconds;

int fetch_run(const struct source *const *srcs, size_t n, const struct fetch_config *cfg,
              struct fetch_report *reps, int *rcs, struct odp_error *errs);

/* Announcing stored pages to an odp-extract that follows the fetch (odp run's
 * overlap; internal). fetch_announce_open() takes the fd odp run passes in
 * ODP_ANNOUNCE_FD (no process fetch starts inherits it); from then on each
 * page stored, changed or not, is announced as a line "page SHA256". An
 * announcement is a hint, never a wait: one that finds the pipe full is
 * dropped (the follower's ordinary pass extracts that page), and a follower
 * that went away ends the announcing, not the fetch. */
void fetch_announce_open(void);
void fetch_announce_page(const char *sha256);

#endif
