/* cli.c: see cli.h. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include "xalloc.h"

struct opt_doc {
    unsigned bit;
    struct option lo;
    const char *arg;
    const char *help;
};

static const struct opt_doc opt_table[] = {
    {OPT_PIPELINE, {"pipeline", required_argument, NULL, 'p'}, "FILE",
     "pipeline file (default pipelines/default.json)"},
    {OPT_WORKDIR, {"workdir", required_argument, NULL, 'w'}, "DIR",
     "work directory: raw store, intermediate files (default ./odp-work)"},
    {OPT_PORTAL, {"portal", required_argument, NULL, 'P'}, "DIR",
     "portal directory releases are published into (default ./portal)"},
    {OPT_SOURCE, {"source", required_argument, NULL, 's'}, "ID",
     "only this source (repeatable)"},
    {OPT_JOBS, {"jobs", required_argument, NULL, 'j'}, "N", "work on N pages, sources or datasets at once (default: the number of cores)"},
    {OPT_OFFLINE, {"offline", no_argument, NULL, 'o'}, NULL,
     "no network: use what is in the raw store"},
    {OPT_RESOLVE, {"resolve", required_argument, NULL, 'r'}, "HOST:PORT:ADDR[:PORT2]",
     "send requests for HOST:PORT to ADDR (and port PORT2), as curl's --resolve (repeatable)"},
    {OPT_FORCE, {"force", no_argument, NULL, 'f'}, NULL,
     "redo work even when its inputs are unchanged"},
    {OPT_STAGE, {"stage", required_argument, NULL, 'S'}, "STAGE",
     "the stage to start from: fetch, extract, transform or publish"},
    {OPT_FAILED, {"failed", no_argument, NULL, 'F'}, NULL,
     "the sources that failed (or were skipped) in the last run"},
    {OPT_RUN, {"run", required_argument, NULL, 'R'}, "N", "that run instead of the last"},
    {OPT_LOG, {"log-file", required_argument, NULL, 'L'}, "FILE",
     "append every message to FILE instead of the terminal (for cron and systemd)"},
    {OPT_JSON, {"json", no_argument, NULL, 'J'}, NULL, "machine-readable output"},
    {OPT_QUIET, {"quiet", no_argument, NULL, 'q'}, NULL, "print nothing on success"},
};

#define NOPTS (sizeof(opt_table) / sizeof(opt_table[0]))

static void usage(const struct cli_command *cmd, FILE *fp)
{
    fprintf(fp, "usage: %s [OPTION]...\n%s\n\nOptions:\n", cmd->name, cmd->summary);
    for (size_t i = 0; i < NOPTS; i++) {
        if (!(cmd->options & opt_table[i].bit))
            continue;
        char left[80];
        snprintf(left, sizeof(left), "--%s%s%s", opt_table[i].lo.name, opt_table[i].arg ? " " : "",
                 opt_table[i].arg ? opt_table[i].arg : "");
        fprintf(fp, "  %-26s %s\n", left, opt_table[i].help);
    }
    fprintf(fp, "  %-26s %s\n  %-26s %s\n", "--help", "show this help and exit", "--version",
            "show the version and exit");
    fprintf(fp, "\nExit status: 0 success (also when nothing changed), 1 failure, 2 usage error,\n"
                "3 partly failed (some sources failed, the others were processed),\n"
                "4 another odp run holds the work directory's lock.\n");
}

/* The lists of the last cli_parse (one per process but in unit tests). */
static const char **lists;

static void free_lists(void)
{
    free(lists);
    lists = NULL;
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_opts *o)
{
    struct option longopts[NOPTS + 3];
    size_t n = 0;
    for (size_t i = 0; i < NOPTS; i++)
        if (cmd->options & opt_table[i].bit)
            longopts[n++] = opt_table[i].lo;
    longopts[n++] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[n++] = (struct option){"version", no_argument, NULL, 'V'};
    longopts[n] = (struct option){NULL, 0, NULL, 0};

    memset(o, 0, sizeof(*o));
    /* no option is given more often than argv has words */
    if (!lists)
        atexit(free_lists);
    free(lists);
    lists = xcalloc(2 * ((size_t)argc + 1), sizeof(*lists));
    o->resolve = lists;
    o->sources = lists + argc + 1;
    o->pipeline = "pipelines/default.json";
    o->workdir = "./odp-work";
    o->portal = "./portal";
    o->jobs = jobs_default();
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+qj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': o->pipeline = optarg; break;
        case 'w': o->workdir = optarg; break;
        case 'P': o->portal = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'o': o->offline = 1; break;
        case 'J': o->json = 1; break;
        case 'f': o->force = 1; break;
        case 'S': o->stage = optarg; break;
        case 'L':
            o->log_file = optarg;
            if (!freopen(optarg, "a", stderr)) {
                fprintf(stdout, "%s: cannot open the log file %s\n", cmd->name, optarg);
                return CLI_USAGE;
            }
            setvbuf(stderr, NULL, _IOLBF, 0);
            break;
        case 'F': o->failed = 1; break;
        case 'R': {
            char *end;
            o->run = strtol(optarg, &end, 10);
            if (*end || o->run < 1) {
                fprintf(stderr, "%s: --run takes a run number\n", cmd->name);
                return CLI_USAGE;
            }
            break;
        }
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 256) {
                fprintf(stderr, "%s: --jobs takes a whole number from 1 to 256\n", cmd->name);
                return CLI_USAGE;
            }
            o->jobs = (int)v;
            break;
        }
        case 'r':
            if (!strchr(optarg, ':')) {
                fprintf(stderr, "%s: --resolve takes HOST:PORT:ADDR\n", cmd->name);
                return CLI_USAGE;
            }
            o->resolve[o->nresolve++] = optarg;
            break;
        case 's':
            o->sources[o->nsources++] = optarg;
            break;
        case 'h': usage(cmd, stdout); return CLI_EXIT_OK;
        case 'V': printf("%s %s\n", cmd->name, ODP_VERSION); return CLI_EXIT_OK;
        default:
            if (optopt)
                fprintf(stderr, "%s: unknown or incomplete option '-%c'\n", cmd->name, optopt);
            else
                fprintf(stderr, "%s: unknown option '%s'\n", cmd->name, argv[optind - 1]);
            fprintf(stderr, "Try '%s --help'.\n", cmd->name);
            return CLI_USAGE;
        }
    }
    o->argi = optind;
    return CLI_CONTINUE;
}

int cli_source_selected(const struct cli_opts *o, const char *id)
{
    if (!o->nsources)
        return 1;
    for (size_t i = 0; i < o->nsources; i++)
        if (!strcmp(o->sources[i], id))
            return 1;
    return 0;
}
