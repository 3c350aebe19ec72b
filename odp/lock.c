/*
 * lock.c: the work directory's lock, so that one odp run works in it at a
 * time (flock on work/.lock, which names the holder's pid and start time).
 *
 * The stages take no lock of their own: a stage run by hand beside a run is
 * the user's choice.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "log.h"
#include "odp.h"
#include "strbuf.h"

/* The work directory's lock: one run at a time. Returns the fd, or -1 after
 * saying who holds it. */
int odp_lock_take(const char *workdir)
{
    struct odp_error err;
    if (fs_mkdir_p(workdir, &err)) {
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
