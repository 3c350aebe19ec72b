/*
 * cli.h: the options every odp command shares (spec CLI.md), declared once as
 * a table so that --help is generated from it and always true.
 *
 * cli_parse() returns CLI_CONTINUE when the command should run, CLI_EXIT_OK
 * after --help/--version (already printed), or CLI_USAGE (2) after printing a
 * usage error to stderr.
 */
#ifndef ODP_CLI_H
#define ODP_CLI_H

#include <stddef.h>

enum { CLI_CONTINUE = -1, CLI_EXIT_OK = 0, CLI_USAGE = 2 };

/* Which options a command accepts (bit mask). */
enum {
    OPT_PIPELINE = 1 << 0,
    OPT_WORKDIR = 1 << 1,
    OPT_PORTAL = 1 << 2,
    OPT_JOBS = 1 << 3,
    OPT_QUIET = 1 << 4,
    OPT_OFFLINE = 1 << 5,
    OPT_RESOLVE = 1 << 6,
    OPT_SOURCE = 1 << 7,
    OPT_JSON = 1 << 8,
    OPT_FORCE = 1 << 9,
    OPT_STAGE = 1 << 10,
    OPT_FAILED = 1 << 11,
    OPT_RUN = 1 << 12,
    OPT_LOG = 1 << 13,
};

struct cli_opts {
    const char *pipeline;
    const char *workdir;
    const char *portal;
    int jobs;
    int quiet;
    int offline;
    int json;
    int force;
    const char *stage;
    int failed;
    long run;
    const char *log_file;
    /* --resolve and --source values, as many as given (a national pipeline
     * has thousands of sources): pointers into argv, in arrays cli_parse
     * allocates once per process and frees at exit */
    const char **resolve;
    size_t nresolve;
    const char **sources;
    size_t nsources;
    int argi; /* index of the first operand in argv */
};

struct cli_command {
    const char *name;    /* "odp-fetch" */
    const char *summary; /* one line */
    unsigned options;    /* OPT_* mask */
};

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_opts *o);

/* 1 when id was selected with --source (or none were given). */
int cli_source_selected(const struct cli_opts *o, const char *id);

#endif
