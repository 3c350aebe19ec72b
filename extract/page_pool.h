/*
 * page_pool.h: extracting many pages at once. Each page is read from the raw
 * store and written to the work directory's extract/ (unless that output
 * exists, or with force), by one of N threads, each with its own parser
 * context; the same content under two URLs is extracted once.
 *
 * It reports nothing: the outcome of each page is left in its task for the
 * caller to report in its own order, so the log is the same whatever N is.
 */
#ifndef ODP_PAGE_POOL_H
#define ODP_PAGE_POOL_H

#include <signal.h>
#include <stddef.h>

/* One page to extract: its content's SHA-256 and its URL (for messages), set
 * by the caller; the outcome, set by page_pool_run. */
struct page_task {
    const char *sha;
    const char *url;
    size_t source; /* the caller's: which source the page is of */
    int rc;        /* 0, or an odp_code */
    int cached;    /* 1 when its output existed and was kept */
    char *error;   /* the message when rc != 0; lives until page_pool_release() */
};

struct page_pool_results;

/* Extract every task's page on jobs threads (the calling thread is one of
 * them), stopping between pages once *stop is set (a task not reached then
 * is left with rc 0 and cached 0). Fills each task's outcome; the error
 * strings live until page_pool_release(r). */
struct page_pool_results *page_pool_run(const char *workdir, int force, struct page_task *tasks,
                                        size_t ntasks, int jobs, volatile sig_atomic_t *stop);
void page_pool_release(struct page_pool_results *r);

#endif
