/*
 * transform_main.c: odp-transform, extracted pages -> the contract's records.
 *
 * Sources are independent: --jobs N transforms N of them at once, each in a
 * child process (jobs.h), so the records are the same for every N.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "jobs.h"
#include "log.h"
#include "pipeline.h"
#include "records.h"
#include "reference.h"
#include "schemas.h"
#include "stage_status.h"
#include "xalloc.h"

static const struct cli_command cmd = {
    "odp-transform",
    "Turn extracted pages into the data contract's records: exact numbers, scale, sign, units.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_SOURCE | OPT_QUIET | OPT_JOBS};

struct transform_job {
    const struct cli_opts *o;
    const struct pipeline *pl;
    struct jsonschema **schemas;
    struct reference *ref;
    size_t *selected; /* indexes into pl->sources */
};

/* Transform one source (the k-th selected) and write its stage status:
 * 0 done, 1 failed. */
static int transform_one(size_t k, void *ud)
{
    struct transform_job *job = ud;
    const struct source *s = &job->pl->sources[job->selected[k]];
    const char *wd = job->o->workdir;
    struct odp_error err = {0};
    if (stage_stop) {
        stage_status_write(wd, s->id, "transform", 0, "stopped by a signal", 0, NULL);
        return 1;
    }
    struct transform_counts c;
    if (records_build_source(wd, s, job->schemas, job->ref, &c, &err)) {
        log_error("source \"%s\": %s", s->id, err.msg);
        stage_status_write(wd, s->id, "transform", 0, err.msg, 0, NULL);
        return 1;
    }
    if (c.unchanged) {
        log_info("source \"%s\": inputs unchanged, records kept", s->id);
        stage_status_write(wd, s->id, "transform", 1, NULL, 0, NULL);
        return 0;
    }
    if (c.failed_pages)
        log_error("source \"%s\": %s", s->id, c.first_error);
    if (c.quarantined)
        log_error("source \"%s\": %d records failed their schema and were quarantined in "
                  "%s/quarantine/%s.jsonl; the first: %s",
                  s->id, c.quarantined, wd, s->id, c.first_quarantine);
    log_info("source \"%s\": %d pages, %d tables, %d facts, %d quarantined; checks: %d hold, "
             "%d off, %d not checkable",
             s->id, c.pages, c.tables, c.facts, c.quarantined, c.checks.holds, c.checks.off,
             c.checks.not_checkable);
    json_t *extra = json_pack("{s:i,s:i,s:i,s:i,s:{s:i,s:i,s:i}}", "pages", c.pages, "tables",
                              c.tables, "facts", c.facts, "quarantined", c.quarantined, "checks",
                              "holds", c.checks.holds, "off", c.checks.off, "not_checkable",
                              c.checks.not_checkable);
    if (c.quarantined)
        json_object_set_new(extra, "first_quarantined", json_string(c.first_quarantine));
    int ok = c.pages > 0 || !c.failed_pages;
    stage_status_write(wd, s->id, "transform", ok, c.failed_pages ? c.first_error : NULL, c.facts,
                       extra);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct pipeline *pl;
    int rc = stage_begin(&cmd, argc, argv, &o, &pl);
    if (rc != CLI_CONTINUE)
        return rc;
    struct odp_error err = {0};
    stage_catch_stop();
    /* every record is validated against its dataset's schema, compiled once */
    struct jsonschema *schemas[DS_COUNT] = {0};
    /* bench/transform/run.sh measures what validation costs by leaving it out */
    int skip_validation = getenv("ODP_BENCH_SKIP_VALIDATION") != NULL;
    if (skip_validation)
        log_error("ODP_BENCH_SKIP_VALIDATION is set: records are NOT validated (benchmark only)");
    for (int d = 0; d < DS_COUNT && !skip_validation; d++) {
        schemas[d] = schemas_compile(records_datasets[d], NULL, &err);
        if (!schemas[d]) {
            log_error("%s", err.msg);
            for (int k = 0; k < d; k++)
                jsonschema_free(schemas[k]);
            pipeline_free(pl);
            return 1;
        }
    }
    /* the taakveld list and BBV indicator dictionary: without them records are
     * still right, only indicator keys are not normalised across names */
    struct reference *ref = reference_load(NULL, &err);
    if (!ref)
        log_error("reference data not loaded (%s); indicator names are not normalised", err.msg);
    /* the selected sources, transformed --jobs at a time (jobs.h) */
    struct transform_job job = {&o, pl, schemas, ref, xcalloc(pl->nsources + 1, sizeof(size_t))};
    size_t nsel = 0;
    for (size_t i = 0; i < pl->nsources; i++)
        if (cli_source_selected(&o, pl->sources[i].id))
            job.selected[nsel++] = i;
    int *status = xcalloc(nsel + 1, sizeof(int));
    jobs_run(nsel, o.jobs, transform_one, &job, status, stage_stopped);
    int done = (int)nsel, failed = 0;
    for (size_t k = 0; k < nsel; k++) {
        if (status[k] == 127) /* never started: a signal came first */
            stage_status_write(o.workdir, pl->sources[job.selected[k]].id, "transform", 0,
                               "stopped by a signal", 0, NULL);
        failed += status[k] != 0;
    }
    free(status);
    free(job.selected);
    for (int d = 0; d < DS_COUNT; d++)
        jsonschema_free(schemas[d]);
    reference_free(ref);
    pipeline_free(pl);
    return stage_exit_code(done, failed);
}
