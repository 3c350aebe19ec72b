/* atomic_file.c: see atomic_file.h. */
#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault.h"
#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * The temporary files and staging directories this process is writing, so
 * that an exit() before their commit or abort (an allocation failure, a
 * stage ending on a signal) removes them: a dying stage leaves nothing
 * half-written. Each entry carries the pid that made it, since a job's child
 * inherits the list and must not remove its parent's files. The node is
 * allocated before the lock is taken: xmalloc may exit, which runs
 * remove_tracked, which takes the lock.
 */
struct tracked {
    struct tracked *next;
    pid_t pid;
    char path[];
};
static struct tracked *tracked;
static pthread_mutex_t tracked_lock = PTHREAD_MUTEX_INITIALIZER;

static void remove_tracked(void)
{
    pthread_mutex_lock(&tracked_lock);
    struct tracked *t = tracked;
    tracked = NULL;
    pthread_mutex_unlock(&tracked_lock);
    while (t) {
        struct tracked *next = t->next;
        if (t->pid == getpid())
            fs_remove_tree(t->path);
        free(t);
        t = next;
    }
}

void atomic_file_track(const char *path)
{
    static int registered;
    size_t n = strlen(path);
    struct tracked *t = xmalloc(sizeof(*t) + n + 1);
    memcpy(t->path, path, n + 1);
    t->pid = getpid();
    pthread_mutex_lock(&tracked_lock);
    if (!registered)
        registered = atexit(remove_tracked) == 0;
    t->next = tracked;
    tracked = t;
    pthread_mutex_unlock(&tracked_lock);
    fault_cleanup_changed();
}

void atomic_file_untrack(const char *path)
{
    struct tracked *found = NULL;
    pthread_mutex_lock(&tracked_lock);
    for (struct tracked **p = &tracked; *p; p = &(*p)->next)
        if (!strcmp((*p)->path, path)) {
            found = *p;
            *p = found->next;
            break;
        }
    pthread_mutex_unlock(&tracked_lock);
    fault_cleanup_changed();
    free(found);
}

int fsync_dir(const char *dir, struct odp_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return odp_error_set(err, ODP_EIO, "%s: cannot open directory: %s", dir, strerror(errno));
    int rc = fault_write(EIO) ? -1 : fsync(fd);
    int saved = errno;
    close(fd);
    if (rc < 0 && saved != EINVAL)
        return odp_error_set(err, ODP_EIO, "%s: cannot write: %s", dir, strerror(saved));
    return ODP_OK;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

int atomic_file_open(struct atomic_file *af, const char *path, struct odp_error *err)
{
    struct strbuf tmp = STRBUF_INIT;
    const char *slash = strrchr(path, '/');
    if (slash)
        strbuf_add(&tmp, path, (size_t)(slash - path + 1));
    strbuf_addf(&tmp, ".%s.tmp.%ld", slash ? slash + 1 : path, (long)getpid());
    atomic_file_track(tmp.buf);
    af->fp = fault_write(ENOSPC) ? NULL : fopen(tmp.buf, "wb");
    if (!af->fp) {
        int rc = odp_error_set(err, ODP_EIO, "%s: cannot create: %s", tmp.buf, strerror(errno));
        atomic_file_untrack(tmp.buf);
        strbuf_release(&tmp);
        af->path = af->tmp = NULL;
        return rc;
    }
    /* release files are tens of MB written in small pieces: 64 KiB writes
     * instead of stdio's 4 KiB cut the write calls sixteenfold */
    setvbuf(af->fp, NULL, _IOFBF, 1 << 16);
    af->path = xstrdup(path);
    af->tmp = strbuf_detach(&tmp, NULL);
    return ODP_OK;
}

static void af_free(struct atomic_file *af)
{
    if (af->tmp)
        atomic_file_untrack(af->tmp);
    free(af->path);
    free(af->tmp);
    af->path = af->tmp = NULL;
    af->fp = NULL;
}

void atomic_file_abort(struct atomic_file *af)
{
    if (af->fp)
        fclose(af->fp);
    if (af->tmp && !fault_write(EIO))
        unlink(af->tmp);
    af_free(af);
}

static char *deferred_dir; /* atomic_file_defer_sync */

void atomic_file_defer_sync(const char *dir)
{
    free(deferred_dir);
    deferred_dir = dir ? xstrdup(dir) : NULL;
}

static int sync_deferred(const char *path)
{
    size_t n = deferred_dir ? strlen(deferred_dir) : 0;
    return n && !strncmp(path, deferred_dir, n) && path[n] == '/';
}

/* The regular files with one link and the directories under dir, into
 * files and dirs (paths, owned). */
static void collect_tree(const char *dir, struct strbuf *files, struct strbuf *dirs)
{
    strbuf_addstr(dirs, dir);
    strbuf_addch(dirs, '\0');
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p.buf, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect_tree(p.buf, files, dirs);
        } else if (S_ISREG(st.st_mode) && st.st_nlink == 1) {
            strbuf_add(files, p.buf, p.len);
            strbuf_addch(files, '\0');
        }
        strbuf_release(&p);
    }
    if (d)
        closedir(d);
}

/* The whole file system of path to disk (syncfs): one journal commit and one
 * cache flush for all the files, where an fsync a file costs a flush each
 * (2.3 ms a file here: 4.8 s for 2,000 pages). It also writes what other
 * programs left dirty on that file system, so it is for many files only. */
static int sync_filesystem(const char *path, struct odp_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int rc = fd < 0 || fault_write(EIO) || syncfs(fd) != 0
                 ? odp_error_set(err, ODP_EIO, "%s: cannot write: %s", path, strerror(errno))
                 : ODP_OK;
    if (fd >= 0)
        close(fd);
    return rc;
}

int atomic_file_sync_files(const char *paths, size_t len, struct odp_error *err)
{
    size_t n = 0;
    for (size_t at = 0; at < len; at += strlen(paths + at) + 1)
        n++;
    if (n > ATOMIC_FILE_SYNCFS_FROM)
        return sync_filesystem(paths, err);
    int rc = ODP_OK;
    /* start the write-back of every file, then wait for each: the first
     * fsync's journal commit takes the others' metadata along */
    for (size_t at = 0; at < len; at += strlen(paths + at) + 1) {
        int fd = open(paths + at, O_RDONLY);
        if (fd >= 0) {
            sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
            close(fd);
        }
    }
    for (size_t at = 0; at < len && !rc; at += strlen(paths + at) + 1) {
        const char *f = paths + at;
        int fd = open(f, O_RDONLY);
        if (fd < 0 || fault_write(EIO) || fsync(fd) != 0)
            rc = odp_error_set(err, ODP_EIO, "%s: cannot write: %s", f, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return rc;
}

int atomic_file_sync_tree(const char *dir, struct odp_error *err)
{
    struct strbuf files = STRBUF_INIT, dirs = STRBUF_INIT;
    collect_tree(dir, &files, &dirs);
    int rc = atomic_file_sync_files(files.buf, files.len, err);
    for (size_t at = 0; at < dirs.len && !rc; at += strlen(dirs.buf + at) + 1)
        rc = fsync_dir(dirs.buf + at, err);
    strbuf_release(&files);
    strbuf_release(&dirs);
    return rc;
}

int atomic_file_commit(struct atomic_file *af, struct odp_error *err)
{
    int rc = ODP_OK;
    int deferred = sync_deferred(af->path);
    if (fault_write(ENOSPC) || fflush(af->fp) != 0 || ferror(af->fp))
        rc = odp_error_set(err, ODP_EIO, "%s: cannot write: %s", af->path, strerror(errno));
    else if (!deferred && (fault_write(EIO) || fsync(fileno(af->fp)) != 0))
        rc = odp_error_set(err, ODP_EIO, "%s: cannot write: %s", af->path, strerror(errno));
    if (fclose(af->fp) != 0 && !rc)
        rc = odp_error_set(err, ODP_EIO, "%s: cannot write: %s", af->path, strerror(errno));
    af->fp = NULL;
    fault_point(); /* written, not yet in place */
    if (!rc && (fault_write(EIO) || rename(af->tmp, af->path) != 0))
        rc = odp_error_set(err, ODP_EIO, "%s: cannot put in place: %s", af->path,
                           strerror(errno));
    if (rc) {
        atomic_file_abort(af);
        return rc;
    }
    fault_point(); /* in place, directory not yet synced */
    if (!deferred) {
        char *dir = dir_of(af->path);
        rc = fsync_dir(dir, err);
        free(dir);
    }
    af_free(af);
    return rc;
}

int atomic_write(const char *path, const void *data, size_t len, struct odp_error *err)
{
    struct atomic_file af;
    int rc = atomic_file_open(&af, path, err);
    if (rc)
        return rc;
    if (len && (fault_write(ENOSPC) || fwrite(data, 1, len, af.fp) != len)) {
        rc = odp_error_set(err, ODP_EIO, "%s: cannot write: %s", path, strerror(errno));
        atomic_file_abort(&af);
        return rc;
    }
    return atomic_file_commit(&af, err);
}
