/*
 * publish_main.c: odp-publish, build and atomically publish the releases of
 * every dataset of the pipeline into the portal: one per municipality
 * ({cbs_code}-{slug}-pc-documenten) and the national union
 * (nl-gemeenten-pc-documenten).
 *
 * Every source of the pipeline is published from its last good records, so a
 * source that failed tonight keeps its published data instead of vanishing
 * from the national dataset.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "fsutil.h"
#include "log.h"
#include "pipeline.h"
#include "portal_scan.h"
#include "stage_status.h"
#include "release.h"
#include "schemas.h"
#include "site.h"
#include "strbuf.h"
#include "workdir.h"

static const struct cli_command cmd = {
    "odp-publish", "Build and atomically publish versioned releases into the portal directory.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_QUIET};

static int has_records(const char *wd, const char *id)
{
    struct strbuf p = STRBUF_INIT;
    workdir_records_dir(&p, wd, id);
    strbuf_addstr(&p, "/documents.jsonl");
    int ok = file_exists(p.buf);
    strbuf_release(&p);
    return ok;
}

/* SIGTERM, SIGINT: stop at the next dataset; what is done is kept (every output
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

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct pipeline *pl;
    int rc = stage_begin(&cmd, argc, argv, &o, &pl);
    if (rc != CLI_CONTINUE)
        return rc;
    struct odp_error err = {0};
    catch_stop_signals();
    struct strbuf schema_dir = STRBUF_INIT;
    schemas_dir(&schema_dir);
    struct release_config cfg = {o.portal, o.workdir, schema_dir.buf, pl};

    /* sources with records, grouped per municipality */
    const struct source **ready = calloc(pl->nsources, sizeof(*ready));
    size_t nready = 0;
    int missing = 0;
    for (size_t i = 0; i < pl->nsources; i++) {
        if (has_records(o.workdir, pl->sources[i].id)) {
            ready[nready++] = &pl->sources[i];
        } else {
            missing++;
            log_error("source \"%s\": no records to publish (its transform never succeeded)",
                      pl->sources[i].id);
        }
    }
    int failed = 0, datasets = 0, key_failed = 0;
    struct strbuf first_error = STRBUF_INIT;
    char *done = calloc(nready ? nready : 1, 1);
    for (size_t i = 0; i <= nready && !stop_requested; i++) {
        struct dataset_spec ds = {0};
        const struct source **members = calloc(nready ? nready : 1, sizeof(*members));
        size_t n = 0;
        struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
        if (i < nready) {
            if (done[i]) {
                free(members);
                continue;
            }
            char *slug = source_municipality_slug(ready[i]);
            strbuf_addf(&id, "%s-%s-pc-documenten", ready[i]->cbs_code, slug);
            strbuf_addf(&title, "Gemeente %s: planning- en controldocumenten",
                        ready[i]->municipality);
            free(slug);
            for (size_t j = i; j < nready; j++)
                if (!strcmp(ready[j]->cbs_code, ready[i]->cbs_code)) {
                    members[n++] = ready[j];
                    done[j] = 1;
                }
        } else {
            if (!nready) {
                free(members);
                break;
            }
            strbuf_addstr(&id, "nl-gemeenten-pc-documenten");
            strbuf_addstr(&title, "Nederlandse gemeenten: planning- en controldocumenten");
            for (size_t j = 0; j < nready; j++)
                members[n++] = ready[j];
        }
        ds.id = id.buf;
        ds.title = title.buf;
        ds.sources = members;
        ds.nsources = n;
        struct release_result res;
        err.code = 0;
        datasets++;
        if (release_publish(&cfg, &ds, &res, &err)) {
            failed++;
            if (res.key_violation) {
                /* the data is wrong, not the machine: the others go on (exit 3) */
                key_failed++;
                if (!first_error.len)
                    strbuf_addf(&first_error,
                                "dataset %s not published (the portal keeps its previous release): "
                                "%s. Fix the page or source at these URLs (two sources of one "
                                "document need different seq; two URLs of one page are one page), "
                                "then odp rerun --stage publish",
                                ds.id, err.msg);
            }
            log_error("dataset %s: %s", ds.id, err.msg);
        } else if (res.published) {
            log_info("dataset %s: published %s (%ld facts) in %s", ds.id, res.version, res.facts,
                     res.path);
        } else {
            log_info("dataset %s: unchanged, stays at %s", ds.id, res.version);
        }
        free(members);
        strbuf_release(&id);
        strbuf_release(&title);
    }
    free(done);
    free(ready);
    /* what the portal now holds, for harvesters (catalog.jsonld) and people
     * (index.html and pages/) */
    struct portal_view view;
    int portal_failed = 0;
    err.code = 0;
    if (!file_exists(o.portal)) {
        /* nothing was ever published here (a first run whose sources all
         * failed): there is nothing to describe, and no portal is made for an
         * empty catalogue; the sources' errors say what went wrong */
        log_info("%s: nothing published yet, no portal pages written", o.portal);
    } else if (portal_scan(o.portal, &view, &err) == 0) {
        if (catalog_write(o.portal, pl, &view, &err)) {
            log_error("%s/catalog.jsonld: %s", o.portal, err.msg);
            portal_failed = 1;
        }
        err.code = 0;
        if (site_write(o.portal, pl, &view, &err)) {
            log_error("%s: the pages: %s", o.portal, err.msg);
            portal_failed = 1;
        }
        portal_view_free(&view);
    } else {
        log_error("%s: %s", o.portal, err.msg);
        portal_failed = 1;
    }
    /* for odp status: what failed and what to do */
    stage_status_write(o.workdir, "_publish", "publish", !failed && !portal_failed,
                       first_error.len ? first_error.buf : NULL, datasets - failed, NULL);
    strbuf_release(&first_error);
    strbuf_release(&schema_dir);
    pipeline_free(pl);
    if (stop_requested) {
        log_error("stopped by a signal; the datasets published so far are kept");
        return 1;
    }
    if (failed && failed == key_failed && !portal_failed)
        return 3;
    if (failed)
        return failed == datasets ? 1 : 3;
    if (portal_failed)
        return 1;
    if (missing)
        return nready ? 3 : 1;
    return 0;
}
