/*
 * cmd_stage.c: `odp fetch|extract|transform|publish|validate ...`, which runs
 * the executable odp-NAME with the same arguments (git-style: from the
 * directory odp lives in, else from PATH) and passes SIGTERM and SIGINT on
 * to it.
 */
#include <stdlib.h>

#include "odp.h"
#include "xalloc.h"

int cmd_stage(int argc, char **argv)
{
    char **args = xcalloc((size_t)argc + 2, sizeof(char *));
    for (int k = 1; k < argc; k++)
        args[k] = argv[k];
    odp_child_catch_signals(); /* `odp fetch` stopped stops odp-fetch too */
    int rc = odp_child_run(argv[0], args);
    free(args);
    return rc;
}
