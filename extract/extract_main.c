/*
 * extract_main.c: odp-extract, raw HTML -> pages, sections, tables, key
 * figures as JSON Lines in the work directory, one file per page keyed by the
 * page's SHA-256 and the extractor version (unchanged pages are skipped).
 *
 * With --jobs N, N threads take pages from one list (every selected source's
 * pages, each distinct content once), each with its own parser context
 * (page_pool.c). Results are gathered per page and reported by the main
 * thread in page order, so the log and the stage status are the same whatever
 * N is.
 *
 * Following fetch (odp run's overlap; internal, not a user's option): when
 * odp run starts odp-extract beside odp-fetch it passes the read end of a
 * pipe in ODP_FOLLOW_FD. odp-fetch writes "page SHA256" on it for each page
 * it stores; after fetch has ended, odp run writes "source ID" for each
 * source whose fetch succeeded, then "end". The pages are extracted as they
 * come, on the --jobs threads; at "end" the ordinary pass runs over those
 * sources and finds the pages done, so the outputs, the status files and the
 * per-source log lines are those of running the stages one after the other. A stream that
 * ends without "end" (odp run died) records nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "cli.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "page_pool.h"
#include "pipeline.h"
#include "stage_status.h"
#include "strbuf.h"
#include "workdir.h"
#include "xalloc.h"
#include "xalloc_xml.h"

static const struct cli_command cmd = {
    "odp-extract",
    "Read each fetched page: sections, tables as grids, key figures (JSON Lines in the work "
    "directory).",
    OPT_PIPELINE | OPT_WORKDIR | OPT_SOURCE | OPT_QUIET | OPT_FORCE | OPT_JOBS};

/* The fd odp run passes to follow its fetch, or -1; no process this one
 * starts inherits it. */
static int follow_fd(void)
{
    const char *v = getenv("ODP_FOLLOW_FD");
    int fd = v && *v ? atoi(v) : -1;
    unsetenv("ODP_FOLLOW_FD");
    if (fd < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
        return -1;
    return fd;
}

/* One line of the stream: a page to extract, a source to report, or the end
 * (returns 1). */
static int follow_line(const char *line, struct page_pool *pool, const struct pipeline *pl,
                       int *selected)
{
    if (!strncmp(line, "page ", 5)) {
        page_pool_follow_add(pool, line + 5);
    } else if (!strncmp(line, "source ", 7)) {
        for (size_t i = 0; i < pl->nsources; i++)
            if (!strcmp(pl->sources[i].id, line + 7))
                selected[i] = 1;
    } else if (!strcmp(line, "end")) {
        return 1;
    }
    return 0;
}

/* Read the stream until its "end" (1), its end without one or a stop (0).
 * *before_end: the pages written by then, which is while fetch ran. */
static int follow_stream(int fd, struct page_pool *pool, const struct pipeline *pl, int *selected,
                         size_t *before_end)
{
    struct strbuf buf = STRBUF_INIT;
    char chunk[4096];
    int ended = 0;
    while (!ended && !stage_stop) {
        struct pollfd pfd = {fd, POLLIN, 0};
        if (poll(&pfd, 1, 250) <= 0)
            continue; /* a stop is seen within a quarter of a second */
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            break;
        strbuf_add(&buf, chunk, (size_t)n);
        size_t at = 0;
        char *nl;
        while (!ended && (nl = memchr(buf.buf + at, '\n', buf.len - at))) {
            *nl = '\0';
            if (follow_line(buf.buf + at, pool, pl, selected)) {
                ended = 1;
                *before_end = page_pool_followed(pool);
            }
            at = (size_t)(nl - buf.buf) + 1;
        }
        memmove(buf.buf, buf.buf + at, buf.len - at);
        strbuf_setlen(&buf, buf.len - at);
    }
    strbuf_release(&buf);
    return ended;
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
    stage_catch_stop();
    xmlInitParser();
    json_object_seed(0); /* before any thread makes an object */
    struct strbuf dir = STRBUF_INIT;
    strbuf_addf(&dir, "%s/extract", o.workdir);
    if (fs_mkdir_p(dir.buf, &err)) {
        log_error("%s", err.msg);
        pipeline_free(pl);
        strbuf_release(&dir);
        return 1;
    }
    size_t ns = pl->nsources;
    int *selected = xcalloc(ns ? ns : 1, sizeof(int));
    struct page_pool *pool = page_pool_new(o.workdir, o.force, o.jobs, &stage_stop);
    int ffd = follow_fd();
    if (ffd >= 0) {
        size_t before_end = 0;
        page_pool_follow_start(pool);
        int ended = follow_stream(ffd, pool, pl, selected, &before_end);
        page_pool_follow_end(pool);
        close(ffd);
        if (!ended && !stage_stop) {
            log_error("the stream of fetched pages ended before it said which sources to "
                      "extract (odp run ended?); nothing recorded");
            if (page_pool_sync(pool, &err))
                log_error("%s", err.msg);
            page_pool_free(pool);
            free(selected);
            pipeline_free(pl);
            strbuf_release(&dir);
            xmlCleanupParser();
            return 1;
        }
        log_info("%zu pages extracted while fetch ran, %zu after it", before_end,
                 page_pool_followed(pool) - before_end);
    } else {
        for (size_t i = 0; i < ns; i++)
            selected[i] = cli_source_selected(&o, pl->sources[i].id);
    }
    /* every selected source's fetched pages, as one list of tasks */
    size_t ntasks = 0, cap = 0;
    json_t **man = xcalloc(ns ? ns : 1, sizeof(*man));
    struct page_task *tasks = NULL;
    int done = 0, failed = 0;
    for (size_t i = 0; i < ns; i++) {
        const struct source *s = &pl->sources[i];
        if (!selected[i])
            continue;
        done++;
        struct strbuf mpath = STRBUF_INIT;
        workdir_fetch_manifest(&mpath, o.workdir, s->id);
        man[i] = jsonutil_load_path(mpath.buf, &err);
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
            ALLOC_GROW(tasks, ntasks + 1, cap);
            tasks[ntasks++] = (struct page_task){jstr(p, "sha256"), jstr(p, "url"), i, 0, 0, NULL};
        }
    }

    page_pool_run(pool, tasks, ntasks);
    /* what a status of success claims is on disk: every output of this run */
    if (!stage_stop && page_pool_sync(pool, &err)) {
        log_error("%s", err.msg);
        for (size_t i = 0; i < ns; i++)
            if (man[i]) {
                stage_status_write(o.workdir, pl->sources[i].id, "extract", 0, err.msg, 0, NULL);
                json_decref(man[i]);
                man[i] = NULL;
            }
        failed = done;
    }
    if (stage_stop) {
        log_error("stopped by a signal; the pages extracted so far are kept");
        for (size_t i = 0; i < ns; i++)
            if (man[i])
                stage_status_write(o.workdir, pl->sources[i].id, "extract", 0,
                                   "stopped by a signal", 0, NULL);
        failed = done;
    }

    /* report per source, pages in manifest order */
    size_t t = 0;
    for (size_t i = 0; i < ns; i++) {
        if (!man[i])
            continue;
        if (stage_stop) {
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
    page_pool_free(pool);
    free(selected);
    free(tasks);
    free(man);
    strbuf_release(&dir);
    pipeline_free(pl);
    xmlCleanupParser();
    return stage_exit_code(done, failed);
}
