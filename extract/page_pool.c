/*
 * page_pool.c: see page_pool.h. The threads take pages from one list under a
 * mutex, in order; a distinct content is one task, found by sorting a copy
 * of the tasks by SHA-256, so no two threads write the same output file.
 */
#include "page_pool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "error.h"
#include "fsutil.h"
#include "page.h"
#include "strbuf.h"
#include "workdir.h"
#include "xalloc.h"

struct page_pool_results {
    struct page_task *uniq; /* one task per distinct content; owns the error strings */
    size_t nuniq;
};

struct pool {
    const char *workdir;
    int force;
    struct page_task *tasks;
    size_t ntasks;
    size_t next; /* the next task to take, under lock */
    pthread_mutex_t lock;
    volatile sig_atomic_t *stop;
};

/* Extract one page unless its output exists. Returns 0, or an odp_code with err. */
static int extract_page(struct page_extractor *pe, const char *wd, const char *sha, const char *url,
                        int force, int *cached, struct odp_error *err)
{
    struct strbuf out = STRBUF_INIT, raw = STRBUF_INIT, html = STRBUF_INIT;
    int rc = ODP_OK;
    workdir_extract_path(&out, wd, sha, EXTRACTOR_VERSION);
    *cached = !force && fs_exists(out.buf);
    if (*cached)
        goto done;
    workdir_raw_path(&raw, wd, sha);
    rc = fs_read_file(raw.buf, &html, err);
    if (rc)
        goto done;
    /* a page URL that served nothing, or binary data (a PDF, an image): no page */
    if (html.len == 0 || memchr(html.buf, '\0', html.len)) {
        rc = odp_error_set(err, ODP_EPARSE, "%s: not an HTML page (%s); the page is left out", url,
                           html.len ? "it holds binary data" : "it is empty");
        goto done;
    }
    struct atomic_file af;
    rc = atomic_file_open(&af, out.buf, err);
    if (rc)
        goto done;
    struct page_counts counts;
    rc = page_extractor_run(pe, html.buf, html.len, af.fp, &counts, err);
    if (rc) {
        atomic_file_abort(&af);
        char msg[sizeof(err->msg)];
        snprintf(msg, sizeof(msg), "%s", err->msg);
        odp_error_set(err, rc, "%s: %s", url, msg);
        goto done;
    }
    rc = atomic_file_commit(&af, err);
done:
    strbuf_release(&out);
    strbuf_release(&raw);
    strbuf_release(&html);
    return rc;
}

static void *worker(void *arg)
{
    struct pool *pool = arg;
    struct page_extractor *pe = page_extractor_new();
    while (!*pool->stop) {
        pthread_mutex_lock(&pool->lock);
        size_t i = pool->next < pool->ntasks ? pool->next++ : pool->ntasks;
        pthread_mutex_unlock(&pool->lock);
        if (i == pool->ntasks)
            break;
        struct page_task *t = &pool->tasks[i];
        struct odp_error err = {0};
        if (!pe)
            t->rc = odp_error_set(&err, ODP_ENOMEM, "%s: cannot create an HTML parser", t->url);
        else
            t->rc = extract_page(pe, pool->workdir, t->sha, t->url, pool->force, &t->cached, &err);
        if (t->rc)
            t->error = xstrdup(err.msg);
    }
    page_extractor_free(pe);
    return NULL;
}

/* Run every task on jobs threads (the calling thread is one of them). */
static void run_tasks(struct pool *pool, int jobs)
{
    pthread_t th[256];
    int started = 0;
    if ((size_t)jobs > pool->ntasks)
        jobs = pool->ntasks ? (int)pool->ntasks : 1;
    for (int j = 1; j < jobs && j < 256; j++)
        if (pthread_create(&th[started], NULL, worker, pool) == 0)
            started++; /* a thread that cannot start leaves its work to the others */
    worker(pool);
    for (int j = 0; j < started; j++)
        pthread_join(th[j], NULL);
    pthread_mutex_destroy(&pool->lock);
}

static int by_sha(const void *a, const void *b)
{
    return strcmp(((const struct page_task *)a)->sha, ((const struct page_task *)b)->sha);
}

struct page_pool_results *page_pool_run(const char *workdir, int force, struct page_task *tasks,
                                        size_t ntasks, int jobs, volatile sig_atomic_t *stop)
{
    struct page_pool_results *r = xcalloc(1, sizeof(*r));
    /* the same content under two URLs is extracted once, by one thread: sort a
     * copy by content and give the work to the first of each run */
    r->uniq = xmalloc(xsize_mul(ntasks ? ntasks : 1, sizeof(*r->uniq)));
    if (ntasks) {
        memcpy(r->uniq, tasks, ntasks * sizeof(*tasks));
        qsort(r->uniq, ntasks, sizeof(*r->uniq), by_sha);
    }
    for (size_t t = 0; t < ntasks; t++)
        if (r->nuniq == 0 || strcmp(r->uniq[r->nuniq - 1].sha, r->uniq[t].sha))
            r->uniq[r->nuniq++] = r->uniq[t];
    struct pool pool = {workdir, force, r->uniq, r->nuniq, 0, PTHREAD_MUTEX_INITIALIZER, stop};
    run_tasks(&pool, jobs);
    for (size_t t = 0; t < ntasks; t++) {
        struct page_task key = {.sha = tasks[t].sha};
        struct page_task *u = bsearch(&key, r->uniq, r->nuniq, sizeof(*r->uniq), by_sha);
        tasks[t].rc = u->rc;
        tasks[t].cached = u->cached;
        tasks[t].error = u->rc ? u->error : NULL; /* owned by uniq */
    }
    return r;
}

void page_pool_release(struct page_pool_results *r)
{
    if (!r)
        return;
    for (size_t u = 0; u < r->nuniq; u++)
        free(r->uniq[u].error);
    free(r->uniq);
    free(r);
}
