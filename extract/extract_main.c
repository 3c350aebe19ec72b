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
 */
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
#include "workdir.h"
#include "xalloc.h"
#include "xalloc_xml.h"

static const struct cli_command cmd = {
    "odp-extract",
    "Read each fetched page: sections, tables as grids, key figures (JSON Lines in the work "
    "directory).",
    OPT_PIPELINE | OPT_WORKDIR | OPT_SOURCE | OPT_QUIET | OPT_FORCE | OPT_JOBS};

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
    /* every selected source's fetched pages, as one list of tasks */
    size_t ns = pl->nsources, ntasks = 0, cap = 0;
    json_t **man = xcalloc(ns ? ns : 1, sizeof(*man));
    struct page_task *tasks = NULL;
    int done = 0, failed = 0;
    for (size_t i = 0; i < ns; i++) {
        const struct source *s = &pl->sources[i];
        if (!cli_source_selected(&o, s->id))
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

    struct page_pool_results *res =
        page_pool_run(o.workdir, o.force, tasks, ntasks, o.jobs, &stage_stop);
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
    page_pool_release(res);
    free(tasks);
    free(man);
    strbuf_release(&dir);
    pipeline_free(pl);
    xmlCleanupParser();
    return stage_exit_code(done, failed);
}
