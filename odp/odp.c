/*
 * odp.c: the front command. `odp STAGE ...` runs the stage executable
 * `odp-STAGE` (git-style: from the directory odp itself lives in, else from
 * PATH); `odp run` runs every stage in order for every source of a pipeline.
 *
 * `odp run` passes a source to the next stage only when the stage recorded
 * success for it, so one bad source never stops the others; publish then
 * publishes every source from its last good records. Exit status: 0 all went
 * well (also when nothing changed), 3 some sources failed or some records
 * were quarantined and the rest was published, 1 nothing could be published, 2 usage error or bad pipeline file,
 * 4 another run holds the work directory's lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "fsutil.h"
#include "atomic_file.h"
#include "jsonutil.h"
#include "ledger.h"
#include "log.h"
#include "pipeline.h"
#include "stage_status.h"
#include "strbuf.h"
#include "workdir.h"
#include "xalloc.h"

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
    {"status", "the last run: per source and stage ok / failed / skipped, first errors"},
    {"rerun", "rerun one stage and those after it for the failed sources"},
    {"releases", "every release in the portal and what the retention policy does to it"},
    {"prune", "prune the releases the retention policy no longer keeps (--dry-run)"},
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

static const char *const stages[] = {"fetch", "extract", "transform", "publish"};

static int stage_index(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (name && !strcmp(name, stages[i]))
            return i;
    return -1;
}

/* ---- signals: SIGTERM and SIGINT are passed to the stage child ---- */

/* Seconds a stage child has to stop by itself after the signal is passed on;
 * then it is killed. The stages stop within a second or two (fetch ends its
 * transfers, extract stops between pages), and every stage survives SIGKILL
 * by design (atomic files, publish's staging directory), so this only bounds
 * a stage deep in one long step (a large dataset's release). */
#define STOP_GRACE_S 10

static volatile sig_atomic_t stop_signal;
static volatile pid_t child_pid;

static void on_stop(int sig)
{
    stop_signal = sig;
    if (child_pid > 0)
        kill(child_pid, sig);
}

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop; /* no SA_RESTART: waitpid returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Run a stage to completion; returns its exit status (127 when it cannot run). */
static int run_stage_child(const char *stage, char **args)
{
    struct strbuf path = STRBUF_INIT;
    stage_path(stage, &path);
    args[0] = path.buf;
    fflush(NULL);
    /* a signal between fork and child_pid = pid would reach no child: hold
     * SIGINT and SIGTERM until child_pid is set */
    sigset_t stops, old;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigprocmask(SIG_BLOCK, &stops, &old);
    if (stop_signal) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        strbuf_release(&path);
        return 1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        log_error("cannot start odp-%s: %s", stage, strerror(errno));
        strbuf_release(&path);
        return 1;
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        execvp(path.buf, args);
        fprintf(stderr, "odp: cannot run odp-%s: %s\n", stage, strerror(errno));
        _exit(127);
    }
    child_pid = pid;
    sigprocmask(SIG_SETMASK, &old, NULL);
    int status = 0;
    double stopped_at = 0;
    int killed = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, stop_signal ? WNOHANG : 0);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (!stop_signal)
            continue;
        /* the stage was asked to stop: give it STOP_GRACE_S, then end it */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
        if (stopped_at == 0)
            stopped_at = now;
        if (!killed && now - stopped_at > STOP_GRACE_S) {
            log_error("odp-%s did not stop within %d s of the signal; killing it", stage,
                      STOP_GRACE_S);
            kill(pid, SIGKILL);
            killed = 1;
        }
        struct timespec nap = {0, 50 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    child_pid = 0;
    strbuf_release(&path);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (!stop_signal)
        log_error("odp-%s was killed by signal %d", stage, WTERMSIG(status));
    return 1;
}

/* The work directory's lock: one run at a time. Returns the fd, or -1 after
 * saying who holds it. */
static int take_lock(const char *workdir)
{
    struct odp_error err;
    if (mkdir_p(workdir, &err)) {
        log_error("%s", err.msg);
        return -2;
    }
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/.lock", workdir);
    int fd = open(p.buf, O_RDWR | O_CREAT, 0644);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char holder[128] = "";
        if (fd >= 0) {
            ssize_t n = pread(fd, holder, sizeof(holder) - 1, 0);
            holder[n > 0 ? n : 0] = '\0';
            holder[strcspn(holder, "\n")] = '\0';
            close(fd);
        }
        fprintf(stderr,
                "odp: another odp run is working in %s (%s); not starting. Exit status 4.\n",
                workdir, holder[0] ? holder : "its pid is unknown");
        strbuf_release(&p);
        return -1;
    }
    char line[128];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    char ts[32];
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
    int n = snprintf(line, sizeof(line), "pid %ld, started %s\n", (long)getpid(), ts);
    if (ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)n, 0) < 0)
        log_warn("%s: cannot write the lock's owner", p.buf);
    strbuf_release(&p);
    return fd;
}

/* Read a stage's status file for a source into the ledger; 1 when ok. The
 * records it quarantined are added to *quarantined. */
static int record_stage(struct ledger *l, long long run_id, const char *workdir,
                        const char *source, const char *stage, double seconds, long *quarantined)
{
    struct strbuf p = STRBUF_INIT;
    workdir_status_path(&p, workdir, source, stage);
    json_t *st = file_exists(p.buf) ? json_load_path(p.buf, NULL) : NULL;
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

static void html_escape(struct strbuf *sb, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': strbuf_addstr(sb, "&lt;"); break;
        case '>': strbuf_addstr(sb, "&gt;"); break;
        case '&': strbuf_addstr(sb, "&amp;"); break;
        case '"': strbuf_addstr(sb, "&quot;"); break;
        case '\'': strbuf_addstr(sb, "&#39;"); break;
        default: strbuf_addch(sb, *s);
        }
    }
}

/* The report of a run: work/reports/run-N.json (what status shows, for scripts
 * and for people to keep). */
static void write_report(struct ledger *l, long long run_id, const char *workdir)
{
    json_t *run = ledger_run_get(l, run_id);
    struct strbuf dir = STRBUF_INIT, p = STRBUF_INIT;
    struct odp_error err;
    strbuf_addf(&dir, "%s/reports", workdir);
    strbuf_addf(&p, "%s/run-%lld.json", dir.buf, run_id);
    if (run && !mkdir_p(dir.buf, &err) && json_write_path(p.buf, run, &err))
        log_warn("%s", err.msg);
    /* and the same for people: report.html, everything from sources escaped */
    if (run) {
        struct strbuf h = STRBUF_INIT;
        strbuf_addf(&h, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        "<meta name=\"viewport\" content=\"width=device-width\">"
                        "<title>odp run %lld</title><style>body{font-family:sans-serif;margin:1em}"
                        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em;"
                        "text-align:left}.failed{background:#fdd}.skipped{background:#eee}"
                        "</style></head><body><h1>odp run %lld</h1><p>",
                    run_id, run_id);
        html_escape(&h, jstr(run, "command"));
        strbuf_addstr(&h, " of ");
        html_escape(&h, jstr(run, "pipeline"));
        strbuf_addf(&h, ", started %s, finished %s, exit status %lld%s.</p>",
                    jstr(run, "started_at"), jstr(run, "finished_at") ? jstr(run, "finished_at") : "-",
                    (long long)jint(run, "exit_status", -1),
                    json_is_true(json_object_get(run, "interrupted")) ? " (interrupted)" : "");
        strbuf_addstr(&h, "<table><tr><th>source</th><th>stage</th><th>outcome</th><th>count</th>"
                          "<th>quarantined</th><th>seconds</th><th>first error</th></tr>");
        size_t k;
        json_t *r;
        json_array_foreach(json_object_get(run, "results"), k, r) {
            strbuf_addf(&h, "<tr class=\"%s\"><td>", jstr(r, "outcome"));
            html_escape(&h, jstr(r, "source"));
            strbuf_addf(&h, "</td><td>%s</td><td>%s</td><td>%lld</td><td>%lld</td><td>%.2f</td><td>",
                        jstr(r, "stage"), jstr(r, "outcome"), (long long)jint(r, "count", 0),
                        (long long)jint(r, "quarantined", 0),
                        json_real_value(json_object_get(r, "seconds")));
            html_escape(&h, jstr(r, "error"));
            strbuf_addstr(&h, "</td></tr>");
        }
        strbuf_addf(&h, "</table><p>Machine-readable: run-%lld.json. Quarantined records: "
                        "../quarantine/SOURCE.jsonl.</p></body></html>\n", run_id);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/run-%lld.html", dir.buf, run_id);
        if (atomic_write(p.buf, h.buf, h.len, &err))
            log_warn("%s", err.msg);
        strbuf_release(&h);
    }
    json_decref(run);
    strbuf_release(&dir);
    strbuf_release(&p);
}

/* Run stages first..publish for the selected sources (alive[i]); the heart of
 * odp run and odp rerun. */
static int run_pipeline(const char *command, const struct cli_opts *o, struct pipeline *pl,
                        int first, int *alive)
{
    int lock = take_lock(o->workdir);
    if (lock < 0)
        return lock == -1 ? 4 : 1;
    struct odp_error err = {0};
    struct ledger *l = NULL;
    if (ledger_open(o->workdir, &l, &err)) {
        log_error("%s", err.msg);
        close(lock);
        return 1;
    }
    long long run_id = 0;
    ledger_run_begin(l, command, o->pipeline, &run_id, &err);
    catch_stop_signals();

    size_t n = pl->nsources;
    const char **failed_stage = calloc(n, sizeof(char *));
    int nselected = 0;
    long quarantined = 0; /* records of this run kept out by their schema */
    for (size_t i = 0; i < n; i++)
        nselected += alive[i];
    char jobs[16];
    snprintf(jobs, sizeof(jobs), "%d", o->jobs);
    int broken_run = 0;
    for (int s = first; s < 3 && !stop_signal; s++) {
        char **args = calloc(2 * (n + o->nresolve) + 16, sizeof(char *));
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
            for (size_t r = 0; r < o->nresolve; r++) {
                args[a++] = "--resolve";
                args[a++] = (char *)o->resolve[r];
            }
        } else {
            args[a++] = "--jobs";
            args[a++] = jobs;
        }
        if (s == 1 && o->force)
            args[a++] = "--force";
        for (size_t i = 0; i < n; i++) {
            if (!alive[i])
                continue;
            args[a++] = "--source";
            args[a++] = pl->sources[i].id;
            /* a status left by an earlier run must not count for this one */
            struct strbuf p = STRBUF_INIT;
            workdir_status_path(&p, o->workdir, pl->sources[i].id, stages[s]);
            unlink(p.buf);
            strbuf_release(&p);
            any = 1;
        }
        if (!any) {
            free(args);
            break;
        }
        double t0 = seconds_now();
        int src = run_stage_child(stages[s], args);
        free(args);
        if (src == 2 || src == 127) {
            broken_run = src;
            break;
        }
        /* a crash or an unexpected status fails every source of the stage */
        int broken = src != 0 && src != 1 && src != 3;
        if (broken && !stop_signal)
            log_error("odp-%s exited with status %d", stages[s], src);
        for (size_t i = 0; i < n; i++) {
            if (!alive[i])
                continue;
            int ok = record_stage(l, run_id, o->workdir, pl->sources[i].id, stages[s],
                                  seconds_now() - t0, &quarantined);
            if (broken || !ok) {
                alive[i] = 0;
                failed_stage[i] = stages[s];
            }
        }
    }
    /* later stages of a failed source: skipped, so status shows the whole picture */
    for (size_t i = 0; i < n; i++) {
        if (!failed_stage[i])
            continue;
        for (int s = stage_index(failed_stage[i]) + 1; s < 3; s++)
            ledger_stage_result(l, run_id, pl->sources[i].id, stages[s], "skipped", 0, 0, NULL, 0,
                                NULL);
    }
    int prc = 0;
    if (!stop_signal && !broken_run) {
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
        pargs[a++] = jobs;
        double t0 = seconds_now();
        prc = run_stage_child("publish", pargs);
        /* publish's own account of what failed (a key a dataset broke), else a pointer */
        struct strbuf sp = STRBUF_INIT;
        workdir_status_path(&sp, o->workdir, "_publish", "publish");
        json_t *pst = prc && file_exists(sp.buf) ? json_load_path(sp.buf, NULL) : NULL;
        strbuf_release(&sp);
        const char *perr = jstr(pst, "error") ? jstr(pst, "error") : "see the publish stage's errors above";
        ledger_stage_result(l, run_id, "*", "publish", prc == 0 ? "ok" : prc == 3 ? "partly" : "failed",
                            0, 0, prc ? perr : NULL, seconds_now() - t0, NULL);
        json_decref(pst);
    }

    int nfailed = 0;
    for (size_t i = 0; i < n; i++)
        nfailed += failed_stage[i] != NULL;
    int rc;
    if (broken_run)
        rc = broken_run == 2 ? 2 : 1;
    else if (stop_signal)
        rc = 1;
    else if (prc != 0 && prc != 3)
        rc = 1;
    else if (nfailed == 0 && prc == 0)
        rc = 0;
    else
        rc = nfailed >= nselected ? 1 : 3;
    /* records kept out of the release are data the night did not publish: a
     * steward has to look, and cron and systemd see only the exit status */
    if (rc == 0 && quarantined)
        rc = 3;
    if (stop_signal) {
        fprintf(stderr, "odp: stopped by signal %d; the next run resumes where this one stopped\n",
                (int)stop_signal);
    } else if (nfailed || prc) {
        if (nfailed) {
            fprintf(stderr, "odp: %d of %d sources failed:", nfailed, nselected);
            for (size_t i = 0; i < n; i++)
                if (failed_stage[i])
                    fprintf(stderr, " %s (%s)", pl->sources[i].id, failed_stage[i]);
            fprintf(stderr, "%s\n", prc == 3 ? "; the others were published"
                                     : prc     ? "; publishing failed"
                                               : "");
        } else {
            /* every source went through; publish refused a dataset (a broken key) */
            fprintf(stderr, "odp: all %d sources went through, but publishing %s\n", nselected,
                    prc == 3 ? "failed for some datasets (the others were published)"
                             : "failed");
        }
        fprintf(stderr, "odp: see 'odp status --workdir %s'; then 'odp rerun --stage STAGE --failed'\n",
                o->workdir);
    } else if (quarantined) {
        fprintf(stderr, "odp: %ld records failed their schema and were quarantined, not "
                        "published; the rest was published\n", quarantined);
        fprintf(stderr, "odp: see 'odp status --workdir %s' and %s/quarantine/\n", o->workdir,
                o->workdir);
    } else {
        log_info("%d sources ok; portal in %s", nselected, o->portal);
    }
    ledger_run_end(l, run_id, rc, stop_signal != 0, NULL);
    write_report(l, run_id, o->workdir);
    ledger_close(l);
    free(failed_stage);
    close(lock);
    return rc;
}

static const struct cli_command run_cmd = {
    "odp run",
    "Run fetch, extract, transform and publish for every source of the pipeline.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_SOURCE | OPT_OFFLINE | OPT_RESOLVE |
        OPT_QUIET | OPT_JOBS | OPT_FORCE | OPT_LOG};

/* The pipeline file of o, with its --source ids checked; 0, or 2 when either
 * is wrong (said on stderr). */
static int load_pipeline(const struct cli_opts *o, struct pipeline **pl)
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

static int cmd_run(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(&run_cmd, argc, argv, &o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init("odp", o.quiet);
    struct pipeline *pl;
    if (load_pipeline(&o, &pl))
        return 2;
    int *alive = calloc(pl->nsources, sizeof(int));
    for (size_t i = 0; i < pl->nsources; i++)
        alive[i] = cli_source_selected(&o, pl->sources[i].id);
    rc = run_pipeline("run", &o, pl, 0, alive);
    free(alive);
    pipeline_free(pl);
    return rc;
}

static const struct cli_command rerun_cmd = {
    "odp rerun",
    "Rerun one stage and the ones after it for the sources that failed (--failed) or are named "
    "(--source), from what is stored: nothing is fetched again unless the stage is fetch.",
    OPT_PIPELINE | OPT_WORKDIR | OPT_PORTAL | OPT_SOURCE | OPT_FAILED | OPT_STAGE | OPT_RESOLVE |
        OPT_QUIET | OPT_JOBS | OPT_FORCE | OPT_LOG};

static int cmd_rerun(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(&rerun_cmd, argc, argv, &o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init("odp", o.quiet);
    int first = stage_index(o.stage);
    if (first < 0 || (!o.failed && !o.nsources) || (o.failed && o.nsources)) {
        fprintf(stderr, "usage: odp rerun --stage fetch|extract|transform|publish "
                        "(--failed | --source ID...)\n");
        return 2;
    }
    struct pipeline *pl;
    if (load_pipeline(&o, &pl))
        return 2;
    int *alive = calloc(pl->nsources, sizeof(int));
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
        json_array_foreach(json_object_get(run, "results"), k, r) {
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
    rc = run_pipeline("rerun", &o, pl, first == 3 ? 3 : first, alive);
    free(alive);
    pipeline_free(pl);
    return rc;
}

static const struct cli_command status_cmd = {
    "odp status",
    "The last run (or --run N): per source and stage ok / failed / skipped, counts, the first "
    "error, and what to do next.",
    OPT_WORKDIR | OPT_JSON | OPT_RUN};

static int cmd_status(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(&status_cmd, argc, argv, &o);
    if (rc != CLI_CONTINUE)
        return rc;
    log_init("odp", 0);
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/ledger.sqlite", o.workdir);
    if (!file_exists(p.buf)) {
        fprintf(stderr, "odp: %s has no ledger: no run yet\n", o.workdir);
        strbuf_release(&p);
        return 1;
    }
    strbuf_release(&p);
    struct odp_error err = {0};
    struct ledger *l = NULL;
    if (ledger_open(o.workdir, &l, &err)) {
        log_error("%s", err.msg);
        return 1;
    }
    json_t *run = ledger_run_get(l, o.run);
    ledger_close(l);
    if (!run) {
        fprintf(stderr, "odp: no run %s in %s\n", o.run ? "with that number" : "yet", o.workdir);
        return 1;
    }
    json_t *results = json_object_get(run, "results");
    /* what to do next: the earliest stage that failed */
    int next = 4;
    size_t k;
    json_t *r;
    json_array_foreach(results, k, r) {
        if (!strcmp(jstr(r, "outcome"), "failed")) {
            int si = stage_index(jstr(r, "stage"));
            if (si >= 0 && si < next)
                next = si;
        }
    }
    struct strbuf advice = STRBUF_INIT;
    int publish_failed = 0;
    json_array_foreach(results, k, r) {
        if (!strcmp(jstr(r, "source"), "*") && strcmp(jstr(r, "outcome"), "ok"))
            publish_failed = 1;
    }
    if (next == 4 && publish_failed)
        strbuf_addstr(&advice, "fix what the publish line names, then odp rerun --stage publish");
    else if (next < 4)
        strbuf_addf(&advice, "odp rerun --stage %s --failed", stages[next]);
    else if (json_is_true(json_object_get(run, "interrupted")))
        strbuf_addstr(&advice, "odp run (it resumes where the interrupted run stopped)");
    if (o.json) {
        json_object_set_new(run, "next", advice.len ? json_string(advice.buf) : json_null());
        char *s = json_dumps(run, JSON_INDENT(2));
        puts(s);
        free(s);
    } else {
        printf("run %lld (odp %s, %s): started %s, finished %s\n",
               (long long)jint(run, "run", 0), jstr(run, "command"), jstr(run, "pipeline"),
               jstr(run, "started_at"),
               jstr(run, "finished_at") ? jstr(run, "finished_at") : "never (killed?)");
        if (json_is_integer(json_object_get(run, "exit_status")))
            printf("  exit status: %lld%s\n", (long long)jint(run, "exit_status", 0),
                   json_is_true(json_object_get(run, "interrupted")) ? " (interrupted)" : "");
        printf("\n  %-34s %-10s %-10s %-10s %s\n", "source", "fetch", "extract", "transform",
               "first error");
        /* one line per source, stages in columns */
        json_t *seen = json_object();
        json_array_foreach(results, k, r) {
            const char *src = jstr(r, "source");
            if (!strcmp(src, "*") || json_object_get(seen, src))
                continue;
            json_object_set_new(seen, src, json_true());
            char cols[3][24] = {"-", "-", "-"};
            const char *first_error = "";
            size_t k2;
            json_t *r2;
            json_array_foreach(results, k2, r2) {
                if (strcmp(jstr(r2, "source"), src))
                    continue;
                int si = stage_index(jstr(r2, "stage"));
                if (si < 0 || si > 2)
                    continue;
                const char *out = jstr(r2, "outcome");
                long q = (long)jint(r2, "quarantined", 0);
                if (!strcmp(out, "ok") && q)
                    snprintf(cols[si], sizeof(cols[si]), "ok %ld (%ldq)", (long)jint(r2, "count", 0), q);
                else if (!strcmp(out, "ok"))
                    snprintf(cols[si], sizeof(cols[si]), "ok %ld", (long)jint(r2, "count", 0));
                else
                    snprintf(cols[si], sizeof(cols[si]), "%s", out);
                if (!first_error[0] && jstr(r2, "error"))
                    first_error = jstr(r2, "error");
            }
            printf("  %-34s %-10s %-10s %-10s %s\n", src, cols[0], cols[1], cols[2], first_error);
        }
        json_decref(seen);
        json_array_foreach(results, k, r) {
            if (!strcmp(jstr(r, "source"), "*"))
                printf("\n  publish: %s%s%s\n", jstr(r, "outcome"), jstr(r, "error") ? ": " : "",
                       jstr(r, "error") ? jstr(r, "error") : "");
        }
        printf("\n  report: %s/reports/run-%lld.html (and .json)\n", o.workdir,
               (long long)jint(run, "run", 0));
        if (advice.len)
            printf("  next: %s\n", advice.buf);
    }
    strbuf_release(&advice);
    json_decref(run);
    return 0;
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
    if (!strcmp(c, "rerun"))
        return cmd_rerun(argc - 1, argv + 1);
    if (!strcmp(c, "status"))
        return cmd_status(argc - 1, argv + 1);
    if (!strcmp(c, "releases") || !strcmp(c, "prune")) { /* odp-releases COMMAND ... */
        char **args = xcalloc((size_t)argc + 1, sizeof(char *));
        for (int k = 1; k < argc; k++)
            args[k] = argv[k];
        int rc = run_stage_child("releases", args);
        free(args);
        return rc;
    }
    for (size_t i = 1; i < 6; i++) { /* the stage executables and validate */
        if (strcmp(c, commands[i].name))
            continue;
        char **args = calloc((size_t)argc + 1, sizeof(char *));
        for (int k = 2; k < argc; k++)
            args[k - 1] = argv[k];
        catch_stop_signals(); /* `odp fetch` stopped stops odp-fetch too */
        int rc = run_stage_child(c, args);
        free(args);
        return rc;
    }
    fprintf(stderr, "odp: '%s' is not an odp command. See 'odp --help'.\n", c);
    return 2;
}
