/*
 * cmd_rerun.c: `odp rerun --stage S (--failed | --source ID...)`, that stage
 * and the later ones for the sources that failed in the last run or are
 * named, from what is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "log.h"
#include "odp.h"
#include "xalloc.h"

static const struct cli_command rerun_cmd = {
    "odp rerun",
    "Rerun one stage and the ones after it for the sources that failed (--failed) or are named "
    "(--source), from what is stored: nothing is fetched again unless the stage is fetch.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_SOURCE | OPT_FAILED | OPT_STAGE | OPT_RESOLVE |
        OPT_QUIET | OPT_JOBS | OPT_FORCE | OPT_LOG};

int cmd_rerun(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(&rerun_cmd, argc, argv, &o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init("odp", o.quiet);
    int first = odp_stage_index(o.stage);
    if (first < 0 || (!o.failed && !o.nsources) || (o.failed && o.nsources)) {
        fprintf(stderr, "usage: odp rerun --stage fetch|extract|transform|publish "
                        "(--failed | --source ID...)\n");
        return 2;
    }
    struct pipeline *pl;
    if (odp_load_pipeline(&o, &pl))
        return 2;
    int *alive = xcalloc(pl->nsources ? pl->nsources : 1, sizeof(int));
    int any = 0;
    if (o.failed) {
        struct ledger *l = NULL;
        json_t *run = NULL;
        struct odp_error err = {0};
        if (!ledger_open(o.workdir, &l, &err))
            run = ledger_run_get(l, 0);
        ledger_close(l);
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(run, "results"), k, r)
        {
            const char *out = jstr(r, "outcome");
            if (!out || (strcmp(out, "failed") && strcmp(out, "skipped")))
                continue;
            for (size_t i = 0; i < pl->nsources; i++)
                if (!strcmp(pl->sources[i].id, jstr(r, "source")))
                    any += !alive[i], alive[i] = 1;
        }
        json_decref(run);
        if (!any) {
            log_info("the last run has no failed sources; nothing to rerun");
            free(alive);
            pipeline_free(pl);
            return 0;
        }
    } else {
        for (size_t i = 0; i < pl->nsources; i++)
            alive[i] = cli_source_selected(&o, pl->sources[i].id);
    }
    rc = odp_run_stages("rerun", &o, pl, first == 3 ? 3 : first, alive);
    free(alive);
    pipeline_free(pl);
    return rc;
}
