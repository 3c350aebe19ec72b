/*
 * page_pool.h: extracting many pages at once. Each page is read from the raw
 * store and written to the work directory's extract/ (unless that output
 * exists, or with force), by one of N threads, each with its own parser
 * context; the same content under two URLs is extracted once.
 *
 * Two ways in, used one after the other by one pool: following (pages given
 * one at a time while fetch is still storing them, extracted at once on
 * background threads; odp run's overlap of fetch and extract), then the
 * ordinary pass over a list of tasks, which takes a page the pool wrote while
 * following as done without reading it again.
 *
 * The outputs are written without a per-file fsync and made durable at once
 * by page_pool_sync(), which the caller must call before it records success.
 * Until then a marker file (extract/.unsynced, holding the machine's boot id)
 * says that some outputs may not be on disk yet. A pool that finds one (a
 * stage killed, or a power loss, before its sync) first deals with the
 * outputs written since it: on the same boot they are whole in the page cache
 * and are synced; after a restart they may be empty or short and are
 * removed, to be extracted again. So no output that counts as done was ever
 * lost by a crash.
 *
 * It reports nothing: the outcome of each page is left in its task for the
 * caller to report in its own order, so the log is the same whatever N is.
 */
#ifndef ODP_PAGE_POOL_H
#define ODP_PAGE_POOL_H

#include <signal.h>
#include <stddef.h>

#include "error.h"

/* One page to extract: its content's SHA-256 and its URL (for messages), set
 * by the caller; the outcome, set by page_pool_run. */
struct page_task {
    const char *sha;
    const char *url;
    size_t source; /* the caller's: which source the page is of */
    int rc;        /* 0, or an odp_code */
    int cached;    /* 1 when its output existed before this pool and was kept */
    char *error;   /* the message when rc != 0; lives until page_pool_free() */
};

struct page_pool;

/* A pool extracting into workdir's extract/ on jobs threads, stopping between
 * pages once *stop is set. Free with page_pool_free(). */
struct page_pool *page_pool_new(const char *workdir, int force, int jobs,
                                volatile sig_atomic_t *stop);

/* Following: start the threads, then give them pages (a content already given
 * or written is skipped), then wait until every page given is done (or a stop
 * came) and the threads have ended. Failures are not kept: page_pool_run
 * tries such a page again and reports it. */
void page_pool_follow_start(struct page_pool *p);
void page_pool_follow_add(struct page_pool *p, const char *sha);
void page_pool_follow_end(struct page_pool *p);
/* How many pages were written while following. */
size_t page_pool_followed(const struct page_pool *p);

/* The ordinary pass: extract every task's page (the calling thread is one of
 * the jobs), stopping between pages once *stop is set (a task not reached
 * then is left with rc 0 and cached 0). Fills each task's outcome. */
void page_pool_run(struct page_pool *p, struct page_task *tasks, size_t ntasks);

/* Make every output this pool wrote durable (a batch of fsyncs, or for many
 * outputs one syncfs of their file system, then the directory), then remove
 * the marker. 0, or an odp_code with err. */
int page_pool_sync(struct page_pool *p, struct odp_error *err);

void page_pool_free(struct page_pool *p); /* NULL is fine */

#endif
