/*
 * odp.c: the front command. `odp STAGE ...` runs the stage executable
 * `odp-STAGE` (git-style: from the directory odp itself lives in, else from
 * PATH); `odp run` runs every stage in order for every source of a pipeline.
 *
 * `odp run` passes a source to the next stage only when the stage recorded
 * success for it, so one bad source never stops the others; publish then
 * publishes every source from its last good records. Exit status: 0 all went
 * well (also when nothing changed), 3 some sources failed and the rest was
 * published, 1 nothing could be published, 2 usage error or bad pipeline file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "fsutil.h"
#include "log.h"
#include "pipeline.h"
#include "stage_status.h"
#include "strbuf.h"
#include "workdir.h"

static const struct {
    const char *name;
    const char *summary;
} commands[] = {
    {"run", "all stages in order for every source of a pipeline; what is unchanged is skipped"},
    {"fetch", "download the pages of each source into the work directory's raw store"},
    {"extract", "raw HTML -> pages, sections, tables, cells, key figures (JSON Lines)"},
    {"transform", "numbers, scale, sign, units, classification -> the contract's records"},
    {"publish", "build and atomically publish releases into the portal directory"},
    {"validate", "check JSON or JSON Lines files against a JSON Schema (odp-validate)"},
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
                "3 partly failed (some sources failed, the others were published).\n");
}

static void stage_path(const char *stage, struct strbuf *out)
{
    struct strbuf dir = STRBUF_INIT;
    strbuf_reset(out);
    if (!self_exe_dir(&dir)) {
        strbuf_addf(out, "%s/odp-%s", dir.buf, stage);
        if (access(out->buf, X_OK) == 0) {
            strbuf_release(&dir);
            return;
        }
    }
    strbuf_release(&dir);
    strbuf_reset(out);
    strbuf_addf(out, "odp-%s", stage);
}

/* Run a stage to completion; returns its exit status (127 when it cannot run). */
static int run_stage(const char *stage, char **args)
{
    struct strbuf path = STRBUF_INIT;
    stage_path(stage, &path);
    args[0] = path.buf;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        log_error("cannot start odp-%s: %s", stage, strerror(errno));
        strbuf_release(&path);
        return 1;
    }
    if (pid == 0) {
        execvp(path.buf, args);
        fprintf(stderr, "odp: cannot run odp-%s: %s\n", stage, strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    strbuf_release(&path);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    log_error("odp-%s was killed by signal %d", stage, WTERMSIG(status));
    return 1;
}

static const struct cli_command run_cmd = {
    "odp run",
    "Run fetch, extract, transform and publish for every source of the pipeline.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_SOURCE | OPT_OFFLINE | OPT_RESOLVE |
        OPT_QUIET | OPT_JOBS | OPT_FORCE};

static int cmd_run(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(&run_cmd, argc, argv, &o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init("odp", o.quiet);
    struct odp_error err = {0};
    struct pipeline *pl;
    if (pipeline_load(o.pipeline, &pl, &err)) {
        log_error("%s", err.msg);
        return 2;
    }
    if (stage_check_sources(pl, &o)) {
        pipeline_free(pl);
        return 2;
    }
    size_t n = pl->nsources;
    int *alive = calloc(n, sizeof(int));
    const char **failed_stage = calloc(n, sizeof(char *));
    int nselected = 0;
    for (size_t i = 0; i < n; i++) {
        alive[i] = cli_source_selected(&o, pl->sources[i].id);
        nselected += alive[i];
    }
    static const char *const stages[] = {"fetch", "extract", "transform"};
    char jobs[16];
    snprintf(jobs, sizeof(jobs), "%d", o.jobs);
    for (int s = 0; s < 3; s++) {
        char **args = calloc(2 * (n + o.nresolve) + 16, sizeof(char *));
        int a = 1, any = 0;
        args[a++] = "--pipeline";
        args[a++] = (char *)o.pipeline;
        args[a++] = "--workdir";
        args[a++] = (char *)o.workdir;
        if (o.quiet)
            args[a++] = "--quiet";
        if (s == 0) {
            if (o.offline)
                args[a++] = "--offline";
            for (size_t r = 0; r < o.nresolve; r++) {
                args[a++] = "--resolve";
                args[a++] = (char *)o.resolve[r];
            }
        } else {
            args[a++] = "--jobs";
            args[a++] = jobs;
        }
        if (s == 1 && o.force)
            args[a++] = "--force";
        for (size_t i = 0; i < n; i++) {
            if (!alive[i])
                continue;
            args[a++] = "--source";
            args[a++] = pl->sources[i].id;
            /* a status left by an earlier run must not count for this one */
            struct strbuf p = STRBUF_INIT;
            workdir_status_path(&p, o.workdir, pl->sources[i].id, stages[s]);
            unlink(p.buf);
            strbuf_release(&p);
            any = 1;
        }
        if (any) {
            int src = run_stage(stages[s], args);
            if (src == 2 || src == 127) {
                free(args);
                free(alive);
                free(failed_stage);
                pipeline_free(pl);
                return src == 2 ? 2 : 1;
            }
            /* a crash or an unexpected status fails every source of the stage */
            int broken = src != 0 && src != 1 && src != 3;
            if (broken)
                log_error("odp-%s exited with status %d", stages[s], src);
            for (size_t i = 0; i < n; i++) {
                if (alive[i] &&
                    (broken || stage_status_ok(o.workdir, pl->sources[i].id, stages[s]) != 1)) {
                    alive[i] = 0;
                    failed_stage[i] = stages[s];
                }
            }
        }
        free(args);
    }
    char *pargs[16] = {0};
    int a = 1;
    pargs[a++] = "--pipeline";
    pargs[a++] = (char *)o.pipeline;
    pargs[a++] = "--workdir";
    pargs[a++] = (char *)o.workdir;
    pargs[a++] = "--portal";
    pargs[a++] = (char *)o.portal;
    if (o.quiet)
        pargs[a++] = "--quiet";
    int prc = run_stage("publish", pargs);

    int nfailed = 0;
    for (size_t i = 0; i < n; i++)
        nfailed += failed_stage[i] != NULL;
    if (nfailed || prc) {
        fprintf(stderr, "odp: %d of %d sources failed:", nfailed, nselected);
        for (size_t i = 0; i < n; i++)
            if (failed_stage[i])
                fprintf(stderr, " %s (%s)", pl->sources[i].id, failed_stage[i]);
        fprintf(stderr, "%s\n", prc ? "; publishing failed" : "");
    } else {
        log_info("%d sources ok; portal in %s", nselected, o.portal);
    }
    free(alive);
    free(failed_stage);
    pipeline_free(pl);
    if (prc != 0 && prc != 3)
        return 1;
    if (nfailed == 0 && prc == 0)
        return 0;
    return nfailed >= nselected ? 1 : 3;
}

int main(int argc, char **argv)
{
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
    if (!strcmp(c, "run"))
        return cmd_run(argc - 1, argv + 1);
    for (size_t i = 1; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(c, commands[i].name))
            continue;
        char **args = calloc((size_t)argc + 1, sizeof(char *));
        for (int k = 2; k < argc; k++)
            args[k - 1] = argv[k];
        int rc = run_stage(c, args);
        free(args);
        return rc;
    }
    fprintf(stderr, "odp: '%s' is not an odp command. See 'odp --help'.\n", c);
    return 2;
}
