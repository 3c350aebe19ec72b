/*
 * odp.c: the front command. `odp COMMAND ...` looks COMMAND up in the table
 * below and calls its cmd_NAME (odp/cmd_NAME.c); the stage commands run the
 * stage executable `odp-STAGE` (git-style: from the directory odp itself
 * lives in, else from PATH).
 *
 * `odp run` passes a source to the next stage only when the stage recorded
 * success for it, so one bad source never stops the others; publish then
 * publishes every source from its last good records. Exit status: 0 all went
 * well (also when nothing changed), 3 some sources failed or some records
 * were quarantined and the rest was published, 1 nothing could be published, 2 usage error or bad
 * pipeline file, 4 another run holds the work directory's lock.
 *
 * This file holds no command's logic: a new command is a line in commands[]
 * (see odp.h).
 */
#include <stdio.h>
#include <string.h>

#include "odp.h"
#include "xalloc.h"

/* The commands, in the order --help lists them. */
static const struct {
    const char *name;
    const char *summary;
    int (*fn)(int argc, char **argv);
} commands[] = {
    {"run", "all stages in order for every source of a pipeline; what is unchanged is skipped",
     cmd_run},
    {"fetch", "download the pages of each source into the work directory's raw store", cmd_stage},
    {"extract", "raw HTML -> pages, sections, tables, cells, key figures (JSON Lines)", cmd_stage},
    {"transform", "numbers, scale, sign, units, classification -> the contract's records",
     cmd_stage},
    {"publish", "build and atomically publish releases into the portal directory", cmd_stage},
    {"validate", "check JSON or JSON Lines files against a JSON Schema (odp-validate)", cmd_stage},
    {"status", "the last run: per source and stage ok / failed / skipped, first errors",
     cmd_status},
    {"rerun", "rerun one stage and those after it for the failed sources", cmd_rerun},
    {"releases", "every release in the portal and what the retention policy does to it",
     cmd_releases},
    {"prune", "prune the releases the retention policy no longer keeps (--dry-run)", cmd_releases},
};

static void usage(FILE *fp)
{
    fprintf(fp, "usage: odp COMMAND [OPTION]...\n\nodp reads Dutch municipal planning-and-control "
                "websites and publishes their\ntables, figures and text as open data.\n\n"
                "Commands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\n'odp COMMAND --help' tells a command's options.\n"
                "Exit status: 0 success (also when nothing changed), 1 failure, 2 usage error,\n"
                "3 partly failed (some sources failed or some records were quarantined;\n"
                "  the rest was published).\n");
}

int main(int argc, char **argv)
{
    xalloc_route_libraries();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *c = argv[1];
    if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(c, "--version")) {
        printf("odp %s\n", ODP_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(c, commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "odp: '%s' is not an odp command. See 'odp --help'.\n", c);
    return 2;
}
