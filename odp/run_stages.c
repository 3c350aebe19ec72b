/*
 * run_stages.c: the heart of odp run and odp rerun. Runs the stages in
 * order, each once for all the sources still going (a source that fails a
 * stage goes no further, so one bad source never stops the others), then
 * publish once for the portal; records each stage's outcome per source in the
 * ledger, decides the exit status and says what to do next.
 *
 * Extract follows fetch (run_fetch_following): both run at once, and pages
 * are extracted as they are fetched.
 *
 * It does not parse options (cmd_run.c, cmd_rerun.c do) and runs no stage
 * code itself: every stage is its own executable (child.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "odp.h"
#include "stage_status.h"
#include "strbuf.h"
#include "workdir.h"
#include "xalloc.h"

const char *const odp_stages[ODP_NSTAGES] = {"fetch", "extract", "transform", "publish"};

int odp_stage_index(const char *name)
{
    for (int i = 0; i < ODP_NSTAGES; i++)
        if (name && !strcmp(name, odp_stages[i]))
            return i;
    return -1;
}

int odp_load_pipeline(const struct cli_opts *o, struct pipeline **pl)
{
    struct odp_error err = {0};
    if (pipeline_load(o->pipeline, pl, &err)) {
        log_error("%s", err.msg);
        return 2;
    }
    if (stage_check_sources(*pl, o)) {
        pipeline_free(*pl);
        return 2;
    }
    return 0;
}

/* One run in progress. */
struct run {
    const struct cli_opts *o;
    struct pipeline *pl;
    struct ledger *l;
    long long run_id;
    int *alive;                /* per source: still going */
    const char **failed_stage; /* per source: the stage it failed, or NULL */
    int nselected;
    long quarantined; /* records of this run kept out by their schema */
    char jobs[16];
};

/* Read a stage's status file for a source into the ledger; 1 when ok. The
 * records it quarantined are added to *quarantined. */
static int record_stage(struct ledger *l, long long run_id, const char *workdir, const char *source,
                        const char *stage, double seconds, long *quarantined)
{
    struct strbuf p = STRBUF_INIT;
    workdir_status_path(&p, workdir, source, stage);
    json_t *st = fs_exists(p.buf) ? jsonutil_load_path(p.buf, NULL) : NULL;
    strbuf_release(&p);
    const char *outcome = st && jstr(st, "outcome") ? jstr(st, "outcome") : "failed";
    const char *error = st ? jstr(st, "error") : "the stage recorded no outcome (it crashed?)";
    ledger_stage_result(l, run_id, source, stage, outcome, (long)jint(st, "count", 0),
                        (long)jint(st, "quarantined", 0), error, seconds, NULL);
    int ok = !strcmp(outcome, "ok");
    *quarantined += (long)jint(st, "quarantined", 0);
    json_decref(st);
    return ok;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The arguments of stage s (fetch, extract or transform; NULL-terminated,
 * args[0] left for child.c) with a --source for every source still going
 * unless no_sources, each one's status from an earlier run removed (it must
 * not count for this one). NULL when no source is left. Free the array. */
static char **stage_args(struct run *r, int s, int no_sources)
{
    const struct cli_opts *o = r->o;
    size_t n = r->pl->nsources;
    char **args = xcalloc(2 * (n + o->nresolve) + 16, sizeof(char *));
    int a = 1, any = 0;
    args[a++] = "--pipeline";
    args[a++] = (char *)o->pipeline;
    args[a++] = "--workdir";
    args[a++] = (char *)o->workdir;
    if (o->quiet)
        args[a++] = "--quiet";
    if (s == 0) {
        if (o->offline)
            args[a++] = "--offline";
        for (size_t k = 0; k < o->nresolve; k++) {
            args[a++] = "--resolve";
            args[a++] = (char *)o->resolve[k];
        }
    } else {
        args[a++] = "--jobs";
        args[a++] = r->jobs;
    }
    if (s == 1 && o->force)
        args[a++] = "--force";
    for (size_t i = 0; i < n; i++) {
        if (!r->alive[i])
            continue;
        if (!no_sources) {
            args[a++] = "--source";
            args[a++] = r->pl->sources[i].id;
        }
        struct strbuf p = STRBUF_INIT;
        workdir_status_path(&p, o->workdir, r->pl->sources[i].id, odp_stages[s]);
        unlink(p.buf);
        strbuf_release(&p);
        any = 1;
    }
    if (!any) {
        free(args);
        return NULL;
    }
    return args;
}

/* Record stage s's outcome for every source still going, from the status
 * files and the stage's exit status src; a source that failed goes no
 * further. Returns 0, or src when the run cannot go on (2: usage or pipeline
 * error, 127: the stage cannot run). */
static int stage_record(struct run *r, int s, int src, double t0)
{
    if (src == 2 || src == 127)
        return src;
    /* a crash or an unexpected status fails every source of the stage */
    int broken = src != 0 && src != 1 && src != 3;
    if (broken && !odp_child_stop_signal())
        log_error("odp-%s exited with status %d", odp_stages[s], src);
    for (size_t i = 0; i < r->pl->nsources; i++) {
        if (!r->alive[i])
            continue;
        int ok = record_stage(r->l, r->run_id, r->o->workdir, r->pl->sources[i].id,
                              odp_stages[s], seconds_now() - t0, &r->quarantined);
        if (broken || !ok) {
            r->alive[i] = 0;
            r->failed_stage[i] = odp_stages[s];
        }
    }
    return 0;
}

/* Stage s (fetch, extract or transform) for every source still going.
 * Returns 0 when it ran (each source's outcome recorded), -1 when no source
 * is left, or the stage's status when the run cannot go on (2: usage or
 * pipeline error, 127: the stage cannot run). */
static int run_one_stage(struct run *r, int s)
{
    char **args = stage_args(r, s, 0);
    if (!args)
        return -1;
    double t0 = seconds_now();
    int src = odp_child_run(odp_stages[s], args);
    free(args);
    return stage_record(r, s, src, t0);
}

/* Write all of line to fd; 0, or -1 (the follower is gone: it records nothing). */
static int write_line(int fd, const char *line)
{
    size_t len = strlen(line), done = 0;
    while (done < len) {
        ssize_t w = write(fd, line + done, len - done);
        if (w < 0 && errno == EINTR && !odp_child_stop_signal())
            continue;
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

/* Fetch, with extract following it: odp-extract runs beside odp-fetch and
 * extracts each page as fetch stores it (fetch announces them on a pipe;
 * extract_main.c describes the stream), so that little is left to extract
 * when fetch ends. Then this writes the sources whose fetch succeeded and
 * "end" on the same pipe, and extract does its ordinary pass over them,
 * finding their pages done: the outputs, statuses and ledger are those of the
 * two stages run one after the other. Extract's seconds in the ledger are
 * those after fetch ended, what the night waited for it. Returns as
 * run_one_stage, for both stages; 1 when extract cannot follow (run the
 * stages one after the other). */
static int run_fetch_following(struct run *r)
{
    char **fargs = stage_args(r, 0, 0);
    if (!fargs)
        return -1;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        free(fargs);
        return 1;
    }
    char **xargs = stage_args(r, 1, 1);
    double t0 = seconds_now();
    pid_t xpid = odp_child_start("extract", xargs, fds[0], "ODP_FOLLOW_FD");
    close(fds[0]);
    if (xpid < 0) {
        close(fds[1]);
        free(fargs);
        free(xargs);
        return 1;
    }
    int fsrc = 1;
    pid_t fpid = odp_child_start("fetch", fargs, fds[1], "ODP_ANNOUNCE_FD");
    if (fpid > 0)
        fsrc = odp_child_wait(fpid, "fetch");
    free(fargs);
    int frc = stage_record(r, 0, fsrc, t0);
    double t1 = seconds_now();
    /* the follower extracts what fetch got: the sources still going, then the end */
    void (*was)(int) = signal(SIGPIPE, SIG_IGN);
    int gone = 0;
    for (size_t i = 0; i < r->pl->nsources && !frc && !gone && !odp_child_stop_signal(); i++) {
        if (!r->alive[i])
            continue;
        struct strbuf line = STRBUF_INIT;
        strbuf_addf(&line, "source %s\n", r->pl->sources[i].id);
        gone = write_line(fds[1], line.buf) != 0;
        strbuf_release(&line);
    }
    if (!gone && !odp_child_stop_signal())
        write_line(fds[1], "end\n");
    close(fds[1]);
    signal(SIGPIPE, was);
    int xsrc = odp_child_wait(xpid, "extract");
    free(xargs);
    if (frc)
        return frc;
    int any = 0;
    for (size_t i = 0; i < r->pl->nsources; i++)
        any |= r->alive[i];
    if (!any || odp_child_stop_signal())
        return any ? 0 : -1;
    return stage_record(r, 1, xsrc, t1);
}

/* Publish, once for the whole portal; returns its exit status. */
static int run_publish(struct run *r)
{
    const struct cli_opts *o = r->o;
    char *pargs[16] = {0};
    int a = 1;
    pargs[a++] = "--pipeline";
    pargs[a++] = (char *)o->pipeline;
    pargs[a++] = "--workdir";
    pargs[a++] = (char *)o->workdir;
    pargs[a++] = "--portal";
    pargs[a++] = (char *)o->portal;
    if (o->quiet)
        pargs[a++] = "--quiet";
    pargs[a++] = "--jobs";
    pargs[a++] = r->jobs;
    double t0 = seconds_now();
    int prc = odp_child_run("publish", pargs);
    /* publish's own account of what failed (a key a dataset broke), else a pointer */
    struct strbuf sp = STRBUF_INIT;
    workdir_status_path(&sp, o->workdir, "_publish", "publish");
    json_t *pst = prc && fs_exists(sp.buf) ? jsonutil_load_path(sp.buf, NULL) : NULL;
    strbuf_release(&sp);
    const char *perr =
        jstr(pst, "error") ? jstr(pst, "error") : "see the publish stage's errors above";
    ledger_stage_result(r->l, r->run_id, "*", "publish",
                        prc == 0   ? "ok"
                        : prc == 3 ? "partly"
                                   : "failed",
                        0, 0, prc ? perr : NULL, seconds_now() - t0, NULL);
    json_decref(pst);
    return prc;
}

/* The exit status of the run, from the stages' outcomes and publish's. */
static int run_exit_status(const struct run *r, int broken_run, int nfailed, int prc)
{
    int rc;
    if (broken_run)
        rc = broken_run == 2 ? 2 : 1;
    else if (odp_child_stop_signal())
        rc = 1;
    else if (prc != 0 && prc != 3)
        rc = 1;
    else if (nfailed == 0 && prc == 0)
        rc = 0;
    else
        rc = nfailed >= r->nselected ? 1 : 3;
    /* records kept out of the release are data the night did not publish: a
     * steward has to look, and cron and systemd see only the exit status */
    if (rc == 0 && r->quarantined)
        rc = 3;
    return rc;
}

/* What happened and what to do next, on stderr (a success in the log). */
static void run_say_outcome(const struct run *r, int nfailed, int prc)
{
    const struct cli_opts *o = r->o;
    int stop_signal = odp_child_stop_signal();
    if (stop_signal) {
        fprintf(stderr, "odp: stopped by signal %d; the next run resumes where this one stopped\n",
                stop_signal);
    } else if (nfailed || prc) {
        if (nfailed) {
            fprintf(stderr, "odp: %d of %d sources failed:", nfailed, r->nselected);
            for (size_t i = 0; i < r->pl->nsources; i++)
                if (r->failed_stage[i])
                    fprintf(stderr, " %s (%s)", r->pl->sources[i].id, r->failed_stage[i]);
            fprintf(stderr, "%s\n",
                    prc == 3 ? "; the others were published"
                    : prc    ? "; publishing failed"
                             : "");
        } else {
            /* every source went through; publish refused a dataset (a broken key) */
            fprintf(stderr, "odp: all %d sources went through, but publishing %s\n", r->nselected,
                    prc == 3 ? "failed for some datasets (the others were published)" : "failed");
        }
        fprintf(stderr,
                "odp: see 'odp status --workdir %s'; then 'odp rerun --stage STAGE --failed'\n",
                o->workdir);
    } else if (r->quarantined) {
        fprintf(stderr,
                "odp: %ld records failed their schema and were quarantined, not "
                "published; the rest was published\n",
                r->quarantined);
        fprintf(stderr, "odp: see 'odp status --workdir %s' and %s/quarantine/\n", o->workdir,
                o->workdir);
    } else {
        log_info("%d sources ok; portal in %s", r->nselected, o->portal);
    }
}

int odp_run_stages(const char *command, const struct cli_opts *o, struct pipeline *pl, int first,
                   int *alive)
{
    int lock = odp_lock_take(o->workdir);
    if (lock < 0)
        return lock == -1 ? 4 : 1;
    struct odp_error err = {0};
    struct run r = {.o = o, .pl = pl, .alive = alive};
    if (ledger_open(o->workdir, &r.l, &err)) {
        log_error("%s", err.msg);
        close(lock);
        return 1;
    }
    ledger_run_begin(r.l, command, o->pipeline, &r.run_id, &err);
    odp_child_catch_signals();

    size_t n = pl->nsources;
    r.failed_stage = xcalloc(n ? n : 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        r.nselected += alive[i];
    snprintf(r.jobs, sizeof(r.jobs), "%d", o->jobs);
    int broken_run = 0;
    for (int s = first; s < 3 && !odp_child_stop_signal(); s++) {
        int src;
        if (s == 0 && (src = run_fetch_following(&r)) != 1)
            s = 1; /* fetch and extract ran together */
        else
            src = run_one_stage(&r, s);
        if (src < 0)
            break;
        if (src) {
            broken_run = src;
            break;
        }
    }
    /* later stages of a failed source: skipped, so status shows the whole picture */
    for (size_t i = 0; i < n; i++) {
        if (!r.failed_stage[i])
            continue;
        for (int s = odp_stage_index(r.failed_stage[i]) + 1; s < 3; s++)
            ledger_stage_result(r.l, r.run_id, pl->sources[i].id, odp_stages[s], "skipped", 0, 0,
                                NULL, 0, NULL);
    }
    int prc = 0;
    if (!odp_child_stop_signal() && !broken_run)
        prc = run_publish(&r);

    int nfailed = 0;
    for (size_t i = 0; i < n; i++)
        nfailed += r.failed_stage[i] != NULL;
    int rc = run_exit_status(&r, broken_run, nfailed, prc);
    run_say_outcome(&r, nfailed, prc);
    ledger_run_end(r.l, r.run_id, rc, odp_child_stop_signal() != 0, NULL);
    odp_report_write(r.l, r.run_id, o->workdir);
    ledger_close(r.l);
    free(r.failed_stage);
    close(lock);
    return rc;
}
