/*
 * cmd_run.c: `odp run`, every stage in order for every selected source of a
 * pipeline (the stage sequence itself is run_stages.c's).
 */
#include <stdlib.h>

#include "log.h"
#include "odp.h"
#include "xalloc.h"

static const struct cli_command run_cmd = {
    "odp run", "Run fetch, extract, transform and publish for every source of the pipeline.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_SOURCE | OPT_OFFLINE | OPT_RESOLVE | OPT_QUIET |
        OPT_JOBS | OPT_FORCE | OPT_LOG};

int cmd_run(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(&run_cmd, argc, argv, &o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init("odp", o.quiet);
    struct pipeline *pl;
    if (odp_load_pipeline(&o, &pl))
        return 2;
    int *alive = xcalloc(pl->nsources ? pl->nsources : 1, sizeof(int));
    for (size_t i = 0; i < pl->nsources; i++)
        alive[i] = cli_source_selected(&o, pl->sources[i].id);
    rc = odp_run_stages("run", &o, pl, 0, alive);
    free(alive);
    pipeline_free(pl);
    return rc;
}
