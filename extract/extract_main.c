/*
 * extract_main.c: odp-extract, raw HTML -> pages, sections, tables, key
 * figures as JSON Lines in the work directory, one file per page keyed by the
 * page's SHA-256 and the extractor version (unchanged pages are skipped).
 *
 * With --jobs N, N threads take pages from one list (every selected source's
 * pages, each distinct content once), each with its own parser context. Results
 * are gathered per page and reported by the main thread in page order, so the
 * log and the stage status are the same whatever N is.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "atomic_file.h"
#include "cli.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "page.h"
#include "pipeline.h"
#include "stage_status.h"
#include "workdir.h"
#include "xalloc_xml.h"

static const struct cli_command cmd = {
    "odp-extract",
    "Read each fetched page: sections, tables as grids, key figures (JSON Lines in the work "
    "directory).",
    OPT_PIPELINE | OPT_WORKDIR | OPT_SOURCE | OPT_QUIET | OPT_FORCE | OPT_JOBS};

/* One page to extract: its content's SHA-256, its URL (for messages), and the
 * outcome, filled by whichever thread takes it. */
struct task {
    const char *sha;
    const char *url;
    size_t source;
    int rc;
    int cached;
    char *error; /* malloc'd message when rc != 0 */
};

struct pool {
    const char *workdir;
    int force;
    struct task *tasks;
    size_t ntasks;
    size_t next; /* the next task to take, under lock */
    pthread_mutex_t lock;
};

/* Extract one page unless its output exists. Returns 0, or an odp_code with err. */
static int extract_page(struct page_extractor *pe, const char *wd, const char *sha,
                        const char *url, int force, int *cached, struct odp_error *err)
{
    struct strbuf out = STRBUF_INIT, raw = STRBUF_INIT, html = STRBUF_INIT;
    int rc = ODP_OK;
    workdir_extract_path(&out, wd, sha, EXTRACTOR_VERSION);
    *cached = !force && file_exists(out.buf);
    if (*cached)
        goto done;
    workdir_raw_path(&raw, wd, sha);
    rc = read_file(raw.buf, &html, err);
    if (rc)
        goto done;
    /* a page URL that served nothing, or binary data (a PDF, an image): no page */
    if (html.len == 0 || memchr(html.buf, '\0', html.len)) {
        rc = odp_error_set(err, ODP_EPARSE, "%s: not an HTML page (%s); the page is left out",
                           url, html.len ? "it holds binary data" : "it is empty");
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


/* SIGTERM, SIGINT: stop at the next page; what is done is kept (every output
 * file is written whole or not at all). */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static void *worker(void *arg)
{
    struct pool *pool = arg;
    struct page_extractor *pe = page_extractor_new();
    while (!stop_requested) {
        pthread_mutex_lock(&pool->lock);
        size_t i = pool->next < pool->ntasks ? pool->next++ : pool->ntasks;
        pthread_mutex_unlock(&pool->lock);
        if (i == pool->ntasks)
            break;
        struct task *t = &pool->tasks[i];
        struct odp_error err = {0};
        if (!pe)
            t->rc = odp_error_set(&err, ODP_ENOMEM, "%s: cannot create an HTML parser", t->url);
        else
            t->rc = extract_page(pe, pool->workdir, t->sha, t->url, pool->force, &t->cached,
                                 &err);
        if (t->rc)
            t->error = strdup(err.msg);
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
    return strcmp(((const struct task *)a)->sha, ((const struct task *)b)->sha);
}

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct pipeline *pl;
    xalloc_route_libxml2();
    int rc = stage_begin(&cmd, argc, argv, &o, &pl);
    if (rc != CLI_CONTINUE)
        return rc;
    struct odp_error err = {0};
    catch_stop_signals();
    xmlInitParser();
    json_object_seed(0); /* before any thread makes an object */
    struct strbuf dir = STRBUF_INIT;
    strbuf_addf(&dir, "%s/extract", o.workdir);
    if (mkdir_p(dir.buf, &err)) {
        log_error("%s", err.msg);
        pipeline_free(pl);
        strbuf_release(&dir);
        return 1;
    }
    /* every selected source's fetched pages, as one list of tasks */
    size_t ns = pl->nsources, ntasks = 0, cap = 0;
    json_t **man = calloc(ns ? ns : 1, sizeof(*man));
    struct task *tasks = NULL;
    int done = 0, failed = 0;
    for (size_t i = 0; i < ns; i++) {
        const struct source *s = &pl->sources[i];
        if (!cli_source_selected(&o, s->id))
            continue;
        done++;
        struct strbuf mpath = STRBUF_INIT;
        workdir_fetch_manifest(&mpath, o.workdir, s->id);
        man[i] = json_load_path(mpath.buf, &err);
        strbuf_release(&mpath);
        if (!man[i]) {
            failed++;
            log_error("source \"%s\": nothing fetched yet (%s); run odp fetch first", s->id,
                      err.msg);
            stage_status_write(o.workdir, s->id, "extract", 0, err.msg, 0, NULL);
            continue;
        }
        size_t k;
        json_t *p;
        json_array_foreach(json_object_get(man[i], "pages"), k, p) {
            if (!jstr(p, "sha256"))
                continue; /* a page fetch that failed: reported by fetch */
            if (ntasks == cap) {
                cap = cap ? 2 * cap : 256;
                tasks = realloc(tasks, cap * sizeof(*tasks));
                if (!tasks) {
                    log_error("out of memory");
                    return 1;
                }
            }
            tasks[ntasks++] = (struct task){jstr(p, "sha256"), jstr(p, "url"), i, 0, 0, NULL};
        }
    }

    /* the same content under two URLs is extracted once, by one thread: sort a
     * copy by content and give the work to the first of each run */
    struct task *uniq = malloc((ntasks ? ntasks : 1) * sizeof(*uniq));
    size_t nuniq = 0;
    if (!uniq) {
        log_error("out of memory");
        return 1;
    }
    if (ntasks) {
        memcpy(uniq, tasks, ntasks * sizeof(*tasks));
        qsort(uniq, ntasks, sizeof(*uniq), by_sha);
    }
    for (size_t t = 0; t < ntasks; t++)
        if (nuniq == 0 || strcmp(uniq[nuniq - 1].sha, uniq[t].sha))
            uniq[nuniq++] = uniq[t];
    struct pool pool = {o.workdir, o.force, uniq, nuniq, 0, PTHREAD_MUTEX_INITIALIZER};
    run_tasks(&pool, o.jobs);
    if (stop_requested) {
        log_error("stopped by a signal; the pages extracted so far are kept");
        for (size_t i = 0; i < ns; i++)
            if (man[i])
                stage_status_write(o.workdir, pl->sources[i].id, "extract", 0,
                                   "stopped by a signal", 0, NULL);
        failed = done;
    }
    for (size_t t = 0; t < ntasks; t++) {
        struct task key = {.sha = tasks[t].sha};
        struct task *u = bsearch(&key, uniq, nuniq, sizeof(*uniq), by_sha);
        tasks[t].rc = u->rc;
        tasks[t].cached = u->cached;
        tasks[t].error = u->rc ? u->error : NULL; /* owned by uniq */
    }

    /* report per source, pages in manifest order */
    size_t t = 0;
    for (size_t i = 0; i < ns; i++) {
        if (!man[i])
            continue;
        if (stop_requested) {
            json_decref(man[i]);
            continue;
        }
        const struct source *s = &pl->sources[i];
        int ok = 0, bad = 0, cached = 0;
        const char *first = NULL;
        for (; t < ntasks && tasks[t].source == i; t++) {
            if (tasks[t].rc) {
                bad++;
                log_error("%s", tasks[t].error ? tasks[t].error : "out of memory");
                if (!first)
                    first = tasks[t].error;
                continue;
            }
            ok++;
            cached += tasks[t].cached;
        }
        if (ok == 0 && bad > 0) {
            failed++;
            stage_status_write(o.workdir, s->id, "extract", 0, first, 0, NULL);
        } else {
            log_info("source \"%s\": %d pages extracted (%d unchanged), %d failed", s->id, ok,
                     cached, bad);
            stage_status_write(o.workdir, s->id, "extract", 1, first, ok, NULL);
        }
        json_decref(man[i]);
    }
    for (size_t u = 0; u < nuniq; u++)
        free(uniq[u].error);
    free(uniq);
    free(tasks);
    free(man);
    strbuf_release(&dir);
    pipeline_free(pl);
    xmlCleanupParser();
    return stage_exit_code(done, failed);
}
