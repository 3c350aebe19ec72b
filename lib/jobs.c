/* jobs.c: see jobs.h. */
#include "jobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xalloc.h"

int jobs_default(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

size_t jobs_run(size_t ntasks, int jobs, int (*task)(size_t i, void *ud), void *ud, int *status,
                int (*stop)(void))
{
    size_t ran = 0;
    for (size_t i = 0; i < ntasks; i++)
        status[i] = 127;
    if (jobs <= 1 || ntasks <= 1) {
        for (size_t i = 0; i < ntasks && !(stop && stop()); i++) {
            status[i] = task(i, ud);
            ran++;
        }
        return ran;
    }
    pid_t *pids = xcalloc(ntasks, sizeof(*pids));
    size_t next = 0, running = 0;
    while (next < ntasks || running) {
        while (running < (size_t)jobs && next < ntasks && !(stop && stop())) {
            /* what the parent buffered must not be written twice */
            fflush(stdout);
            fflush(stderr);
            pid_t pid = fork();
            if (pid == 0) {
                int rc = task(next, ud);
                fflush(stdout);
                fflush(stderr);
                _exit(rc < 0 || rc > 125 ? 125 : rc);
            }
            if (pid < 0) {
                status[next++] = 126;
                continue;
            }
            pids[next++] = pid;
            running++;
            ran++;
        }
        if (!running)
            break;
        int ws;
        pid_t done = waitpid(-1, &ws, 0);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (size_t i = 0; i < next; i++)
            if (pids[i] == done) {
                status[i] = WIFEXITED(ws) ? WEXITSTATUS(ws) : 126;
                pids[i] = 0;
                running--;
                break;
            }
    }
    free(pids);
    return ran;
}
