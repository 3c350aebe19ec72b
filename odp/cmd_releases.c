/*
 * cmd_releases.c: `odp releases ...` and `odp prune ...`, which run the
 * executable odp-releases (load/releases_main.c: it needs load/'s portal
 * scan, catalogue and pages) with the command as its first argument, and pass
 * SIGTERM and SIGINT on to it.
 */
#include <stdlib.h>

#include "odp.h"
#include "xalloc.h"

int cmd_releases(int argc, char **argv)
{
    char **args = xcalloc((size_t)argc + 2, sizeof(char *));
    for (int k = 0; k < argc; k++)
        args[k + 1] = argv[k]; /* odp-releases releases|prune [OPTION]... */
    odp_child_catch_signals();
    int rc = odp_child_run("releases", args);
    free(args);
    return rc;
}
