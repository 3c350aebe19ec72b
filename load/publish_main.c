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
 *
 * Which datasets there are and their names is datasets.c's; this file runs
 * them and says how it went.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "datasets.h"
#include "describe.h"
#include "fsutil.h"
#include "jobs.h"
#include "log.h"
#include "pipeline.h"
#include "stage_status.h"
#include "release.h"
#include "schemas.h"
#include "strbuf.h"
#include "xalloc.h"

static const struct cli_command cmd = {
    "odp-publish", "Build and atomically publish versioned releases into the portal directory.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_QUIET | OPT_JOBS};

struct publish_job {
    const struct release_config *cfg;
    const struct datasets *d;
};

/* How the datasets went. */
struct tally {
    int datasets, failed, key_failed;
    struct strbuf first_error; /* for odp status: the first key a dataset broke */
};

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
    const struct dataset_spec *ds = &job->d->ds[k];
    struct release_result res;
    struct odp_error err = {0};
    if (release_publish(job->cfg, ds, &res, &err)) {
        log_error("dataset %s: %s", ds->id, err.msg);
        return res.key_violation ? 3 : 1;
    }
    report(ds, &res);
    return 0;
}

/* Every municipality dataset, jobs at once. */
static void publish_municipalities(const struct release_config *cfg, const struct datasets *d,
                                   int jobs, struct tally *t)
{
    struct publish_job job = {cfg, d};
    int *status = xcalloc(d->nds + 1, sizeof(int));
    jobs_run(d->nds, jobs, publish_one, &job, status, stage_stopped);
    for (size_t k = 0; k < d->nds; k++) {
        if (status[k] == 127)
            continue; /* not started: stopped by a signal */
        t->datasets++;
        if (status[k] == 0)
            continue;
        t->failed++;
        if (status[k] == 3) {
            t->key_failed++;
            if (!t->first_error.len)
                strbuf_addf(&t->first_error,
                            "dataset %s not published (the portal keeps its previous release): "
                            "its records break a key (see the errors above). Fix the page or "
                            "source at those URLs (two sources of one document need different "
                            "seq; two URLs of one page are one page), then odp rerun --stage "
                            "publish",
                            d->ds[k].id);
        }
    }
    free(status);
}

/* The national dataset: every municipality's latest release, as parts. */
static void publish_national(const struct release_config *cfg, const struct datasets *d,
                             struct tally *t)
{
    struct dataset_spec nat = {DATASETS_NATIONAL_ID, DATASETS_NATIONAL_TITLE, NULL, 0};
    char **ids = xcalloc(d->nds, sizeof(*ids));
    for (size_t k = 0; k < d->nds; k++)
        ids[k] = d->ds[k].id;
    struct release_result res;
    struct odp_error err = {0};
    t->datasets++;
    if (release_publish_union(cfg, &nat, ids, d->nds, &res, &err)) {
        t->failed++;
        if (res.key_violation)
            t->key_failed++;
        log_error("dataset %s: %s", nat.id, err.msg);
    } else {
        report(&nat, &res);
    }
    free(ids);
}

/* What the portal now holds, for harvesters (catalog.jsonld) and people
 * (index.html and pages/), made again only where it changed (describe.h);
 * 1 when either could not be written. */
static int describe_portal(const char *portal, const struct pipeline *pl)
{
    if (!fs_exists(portal)) {
        /* nothing was ever published here (a first run whose sources all
         * failed): there is nothing to describe, and no portal is made for an
         * empty catalogue; the sources' errors say what went wrong */
        log_info("%s: nothing published yet, no portal pages written", portal);
        return 0;
    }
    struct describe_stats st;
    struct odp_error err = {0};
    if (describe_write(portal, pl, &st, &err))
        return 1; /* describe_write said what */
    if (st.unchanged)
        log_info("%s: catalogue and pages: no release changed, nothing written", portal);
    else
        log_info("%s: catalogue and pages: %zu pages made, %zu unchanged", portal,
                 st.pages_made, st.pages_kept);
    return 0;
}

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct pipeline *pl;
    int rc = stage_begin(&cmd, argc, argv, &o, &pl);
    if (rc != CLI_CONTINUE)
        return rc;
    stage_catch_stop();
    struct strbuf schema_dir = STRBUF_INIT;
    schemas_dir(&schema_dir);
    struct release_config cfg = {o.portal, o.workdir, schema_dir.buf, pl};

    struct datasets d;
    datasets_plan(pl, o.workdir, &d);
    struct tally t = {0, 0, 0, STRBUF_INIT};
    publish_municipalities(&cfg, &d, o.jobs, &t);
    if (d.nds && !stage_stop)
        publish_national(&cfg, &d, &t);
    size_t nready = d.nready;
    int missing = d.missing;
    datasets_release(&d);
    int portal_failed = describe_portal(o.portal, pl);
    /* for odp status: what failed and what to do */
    /* a status that cannot be written fails the stage, as in the other
     * stages (stage_exit_code): odp status would show a stale one */
    if (stage_status_write(o.workdir, "_publish", "publish", !t.failed && !portal_failed,
                           t.first_error.len ? t.first_error.buf : NULL, t.datasets - t.failed,
                           NULL))
        portal_failed = 1;
    strbuf_release(&t.first_error);
    strbuf_release(&schema_dir);
    pipeline_free(pl);
    if (stage_stop) {
        log_error("stopped by a signal; the datasets published so far are kept");
        return 1;
    }
    if (t.failed && t.failed == t.key_failed && !portal_failed)
        return 3;
    if (t.failed)
        return t.failed == t.datasets ? 1 : 3;
    if (portal_failed)
        return 1;
    if (missing)
        return nready ? 3 : 1;
    return 0;
}
