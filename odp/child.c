/*
 * child.c: running a stage executable (odp-fetch, ...) as a child process,
 * and passing SIGTERM and SIGINT on to it: the child gets STOP_GRACE_S to
 * stop by itself, then it is killed.
 *
 * It does not decide what a stage's exit status means (run_stages.c does).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "log.h"
#include "odp.h"
#include "strbuf.h"

static void stage_path(const char *stage, struct strbuf *out)
{
    struct strbuf dir = STRBUF_INIT;
    strbuf_reset(out);
    if (!fs_self_exe_dir(&dir)) {
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

/* Seconds a stage child has to stop by itself after the signal is passed on;
 * then it is killed. The stages stop within a second or two (fetch ends its
 * transfers, extract stops between pages), and every stage survives SIGKILL
 * by design (atomic files, publish's staging directory), so this only bounds
 * a stage deep in one long step (a large dataset's release). */
#define STOP_GRACE_S 10

static volatile sig_atomic_t stop_signal;
/* the stage children running: at most two (fetch and the extract following it) */
#define MAX_CHILDREN 2
static volatile pid_t child_pids[MAX_CHILDREN];

static void on_stop(int sig)
{
    stop_signal = sig;
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (child_pids[i] > 0)
            kill(child_pids[i], sig);
}

void odp_child_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop; /* no SA_RESTART: waitpid returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int odp_child_stop_signal(void)
{
    return (int)stop_signal;
}

pid_t odp_child_start(const char *stage, char **args, int pass_fd, const char *fd_env)
{
    struct strbuf path = STRBUF_INIT;
    stage_path(stage, &path);
    args[0] = path.buf;
    fflush(NULL);
    /* a signal between fork and child_pids[slot] = pid would reach no child:
     * hold SIGINT and SIGTERM until it is set */
    sigset_t stops, old;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigprocmask(SIG_BLOCK, &stops, &old);
    int slot = 0;
    while (slot < MAX_CHILDREN && child_pids[slot] > 0)
        slot++;
    if (stop_signal || slot == MAX_CHILDREN) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        strbuf_release(&path);
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        log_error("cannot start odp-%s: %s", stage, strerror(errno));
        strbuf_release(&path);
        return -1;
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        /* odp run killed outright (SIGKILL from cron's timeout, the OOM
         * killer) cannot pass a signal on: the kernel sends the stage SIGTERM
         * then, and it stops as it would for odp run; if odp run is already
         * gone, the stage does not start */
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
            _exit(127);
        if (pass_fd >= 0 && fd_env) {
            char v[16];
            snprintf(v, sizeof(v), "%d", pass_fd);
            if (fcntl(pass_fd, F_SETFD, 0) != 0 || setenv(fd_env, v, 1) != 0)
                _exit(127);
        }
        execvp(path.buf, args);
        fprintf(stderr, "odp: cannot run odp-%s: %s\n", stage, strerror(errno));
        _exit(127);
    }
    child_pids[slot] = pid;
    sigprocmask(SIG_SETMASK, &old, NULL);
    strbuf_release(&path);
    args[0] = NULL;
    return pid;
}

int odp_child_wait(pid_t pid, const char *stage)
{
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
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (child_pids[i] == pid)
            child_pids[i] = 0;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (!stop_signal)
        log_error("odp-%s was killed by signal %d", stage, WTERMSIG(status));
    return 1;
}

/* Run a stage to completion; returns its exit status (127 when it cannot run). */
int odp_child_run(const char *stage, char **args)
{
    pid_t pid = odp_child_start(stage, args, -1, NULL);
    if (pid < 0)
        return 1;
    return odp_child_wait(pid, stage);
}
