/*
 * publish_main.c: odp-publish, build and atomically publish the releases of
 * every dataset of the pipeline into the portal: one per municipality
 * ({cbs_code}-{slug}-pc-documenten) and the national union
 * (nl-gemeenten-pc-documenten).
 *
 * Every source of the pipeline is published from its last good records, so a
 * source that failed tonight keeps its published data instead of vanishing
 * from the national dataset.
 *
 * The municipality datasets are independent: --jobs N publishes N at once,
 * each in a child process (jobs.h), and a dataset whose inputs are those of
 * its latest release is not built at all. The national dataset follows, made
 * from the municipalities' latest releases (release_union.c).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "fsutil.h"
#include "jobs.h"
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
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_QUIET | OPT_JOBS};

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

static int stopped(void)
{
    return stop_requested != 0;
}

struct publish_job {
    const struct release_config *cfg;
    struct dataset_spec *ds; /* the municipality datasets, by id (CBS order) */
    size_t nds;
};

static int cmp_dataset_id(const void *a, const void *b)
{
    return strcmp(((const struct dataset_spec *)a)->id, ((const struct dataset_spec *)b)->id);
}

static void report(const struct dataset_spec *ds, const struct release_result *res)
{
    if (res->published)
        log_info("dataset %s: published %s (%ld facts) in %s", ds->id, res->version, res->facts,
                 res->path);
    else if (res->inputs_unchanged)
        log_info("dataset %s: inputs unchanged, stays at %s (nothing built)", ds->id,
                 res->version);
    else
        log_info("dataset %s: unchanged, stays at %s", ds->id, res->version);
}

/* Publish the k-th municipality dataset (in a child with --jobs > 1):
 * 0 published or unchanged, 3 its records break a key, 1 failed. */
static int publish_one(size_t k, void *ud)
{
    struct publish_job *job = ud;
    const struct dataset_spec *ds = &job->ds[k];
    struct release_result res;
    struct odp_error err = {0};
    if (release_publish(job->cfg, ds, &res, &err)) {
        log_error("dataset %s: %s", ds->id, err.msg);
        return res.key_violation ? 3 : 1;
    }
    report(ds, &res);
    return 0;
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
    /* the municipality datasets: sources grouped by CBS code */
    struct publish_job job = {&cfg, calloc(nready + 1, sizeof(struct dataset_spec)), 0};
    char *done = calloc(nready ? nready : 1, 1);
    for (size_t i = 0; i < nready; i++) {
        if (done[i])
            continue;
        struct dataset_spec *ds = &job.ds[job.nds++];
        struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
        char *slug = source_municipality_slug(ready[i]);
        strbuf_addf(&id, "%s-%s-pc-documenten", ready[i]->cbs_code, slug);
        strbuf_addf(&title, "Gemeente %s: planning- en controldocumenten", ready[i]->municipality);
        free(slug);
        ds->id = strbuf_detach(&id, NULL);
        ds->title = strbuf_detach(&title, NULL);
        ds->sources = calloc(nready, sizeof(*ds->sources));
        for (size_t j = i; j < nready; j++)
            if (!strcmp(ready[j]->cbs_code, ready[i]->cbs_code)) {
                ds->sources[ds->nsources++] = ready[j];
                done[j] = 1;
            }
    }
    free(done);
    free(ready);
    /* CBS order, which is the national order of the ids */
    qsort(job.ds, job.nds, sizeof(*job.ds), cmp_dataset_id);
    int *status = calloc(job.nds + 1, sizeof(int));
    jobs_run(job.nds, o.jobs, publish_one, &job, status, stopped);
    int failed = 0, datasets = 0, key_failed = 0;
    struct strbuf first_error = STRBUF_INIT;
    for (size_t k = 0; k < job.nds; k++) {
        if (status[k] == 127)
            continue; /* not started: stopped by a signal */
        datasets++;
        if (status[k] == 0)
            continue;
        failed++;
        if (status[k] == 3) {
            key_failed++;
            if (!first_error.len)
                strbuf_addf(&first_error,
                            "dataset %s not published (the portal keeps its previous release): "
                            "its records break a key (see the errors above). Fix the page or "
                            "source at those URLs (two sources of one document need different "
                            "seq; two URLs of one page are one page), then odp rerun --stage "
                            "publish",
                            job.ds[k].id);
        }
    }
    free(status);
    /* the national dataset: every municipality's latest release, as parts */
    if (job.nds && !stop_requested) {
        struct dataset_spec nat = {"nl-gemeenten-pc-documenten",
                                   "Nederlandse gemeenten: planning- en controldocumenten", NULL,
                                   0};
        char **ids = calloc(job.nds, sizeof(*ids));
        for (size_t k = 0; k < job.nds; k++)
            ids[k] = job.ds[k].id;
        struct release_result res;
        err.code = 0;
        datasets++;
        if (release_publish_union(&cfg, &nat, ids, job.nds, &res, &err)) {
            failed++;
            if (res.key_violation)
                key_failed++;
            log_error("dataset %s: %s", nat.id, err.msg);
        } else {
            report(&nat, &res);
        }
        free(ids);
    }
    for (size_t k = 0; k < job.nds; k++) {
        free(job.ds[k].id);
        free(job.ds[k].title);
        free(job.ds[k].sources);
    }
    free(job.ds);
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
