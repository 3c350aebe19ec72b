/*
 * page_pool.c: see page_pool.h. The threads take pages from one list under a
 * mutex, in order; a distinct content is one task, found by sorting a copy
 * of the tasks by SHA-256, so no two threads write the same output file.
 * While following, pages come one at a time into a queue; a table of the
 * contents seen (given, or written) keeps a content from being queued twice
 * and lets the ordinary pass take what following wrote as done.
 */
#include "page_pool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "atomic_file.h"
#include "error.h"
#include "fault.h"
#include "fsutil.h"
#include "log.h"
#include "page.h"
#include "strbuf.h"
#include "workdir.h"
#include "xalloc.h"

#define SHA_HEX 64
#define MAX_THREADS 256
/* how much nicer than the process the threads that follow fetch are */
#define FOLLOW_NICE 10

enum seen_state { SEEN_NONE, SEEN_QUEUED, SEEN_WRITTEN, SEEN_OTHER };

struct seen {
    char sha[SHA_HEX + 1];
    int state;
};

struct page_pool {
    const char *workdir;
    int force;
    int jobs;
    volatile sig_atomic_t *stop;
    pthread_mutex_t lock;
    pthread_cond_t more; /* following: a page was queued, or the end came */
    /* the ordinary pass's tasks, one per distinct content; owns the error strings */
    struct page_task *uniq;
    size_t nuniq, next;
    /* following */
    char (*queue)[SHA_HEX + 1];
    size_t nqueue, qalloc, qnext;
    int ending;
    pthread_t th[MAX_THREADS];
    int nth;
    size_t followed;
    /* every content seen, open addressing (size a power of two) */
    struct seen *seen;
    size_t nseen, seen_size;
    /* the marker, made by this pool before its first output */
    struct strbuf marker;
    int marked;
    int keep_marker; /* an earlier pool's, not dealt with */
};

static size_t sha_hash(const char *sha)
{
    size_t h = 0;
    for (int i = 0; i < 16 && sha[i]; i++)
        h = h * 16 + (size_t)(sha[i] <= '9' ? sha[i] - '0' : (sha[i] | 0x20) - 'a' + 10);
    return h;
}

/* The entry of sha, made (SEEN_NONE) when missing; under lock. */
static struct seen *seen_get(struct page_pool *p, const char *sha)
{
    if (2 * (p->nseen + 1) > p->seen_size) {
        size_t old = p->seen_size;
        struct seen *was = p->seen;
        p->seen_size = old ? 2 * old : 1024;
        p->seen = xcalloc(p->seen_size, sizeof(*p->seen));
        p->nseen = 0;
        for (size_t i = 0; i < old; i++)
            if (was[i].sha[0]) {
                struct seen *e = seen_get(p, was[i].sha);
                e->state = was[i].state;
            }
        free(was);
    }
    size_t mask = p->seen_size - 1;
    for (size_t i = sha_hash(sha) & mask;; i = (i + 1) & mask) {
        if (!p->seen[i].sha[0]) {
            snprintf(p->seen[i].sha, sizeof(p->seen[i].sha), "%s", sha);
            p->nseen++;
            return &p->seen[i];
        }
        if (!strcmp(p->seen[i].sha, sha))
            return &p->seen[i];
    }
}

static void seen_set(struct page_pool *p, const char *sha, int state)
{
    pthread_mutex_lock(&p->lock);
    seen_get(p, sha)->state = state;
    pthread_mutex_unlock(&p->lock);
}

static int seen_state(struct page_pool *p, const char *sha)
{
    pthread_mutex_lock(&p->lock);
    int state = seen_get(p, sha)->state;
    pthread_mutex_unlock(&p->lock);
    return state;
}

/* This boot of the machine (Linux), into out; empty when unknown. */
static void boot_id(struct strbuf *out)
{
    struct odp_error e;
    if (fs_read_file("/proc/sys/kernel/random/boot_id", out, &e))
        strbuf_reset(out);
    strbuf_trim(out);
}

/* A marker an earlier pool left (it was killed, or the machine went down,
 * before its sync): the outputs written since the marker are made durable
 * when the machine has not restarted since (they are whole in the page
 * cache), else removed (a power loss may have left them empty or short; they
 * are extracted again when a source needs them). Then the marker goes. A
 * failure leaves it for the next pool, and says so. */
static void recover(struct page_pool *p, const struct stat *mst)
{
    struct strbuf then = STRBUF_INIT, now = STRBUF_INIT, dir = STRBUF_INIT;
    struct strbuf files = STRBUF_INIT, path = STRBUF_INIT;
    struct odp_error err = {0};
    if (fs_read_file(p->marker.buf, &then, &err))
        strbuf_reset(&then);
    strbuf_trim(&then);
    boot_id(&now);
    int same_boot = then.len && !strcmp(then.buf, now.buf);
    strbuf_addf(&dir, "%s/extract", p->workdir);
    DIR *d = opendir(dir.buf);
    struct dirent *e;
    int rc = d ? ODP_OK : odp_error_set(&err, ODP_EIO, "%s: cannot read: %s", dir.buf,
                                        strerror(errno));
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* the marker, temporary files */
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s", dir.buf, e->d_name);
        struct stat st;
        if (stat(path.buf, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (st.st_mtim.tv_sec < mst->st_mtim.tv_sec ||
            (st.st_mtim.tv_sec == mst->st_mtim.tv_sec &&
             st.st_mtim.tv_nsec < mst->st_mtim.tv_nsec))
            continue; /* durable before the marker was made */
        if (same_boot)
            strbuf_add(&files, path.buf, path.len + 1);
        else if (!rc && (fault_write(EIO) || unlink(path.buf) != 0))
            rc = odp_error_set(&err, ODP_EIO, "%s: cannot remove: %s", path.buf,
                               strerror(errno));
    }
    if (d)
        closedir(d);
    if (!rc)
        rc = atomic_file_sync_files(files.buf, files.len, &err);
    if (!rc)
        rc = fsync_dir(dir.buf, &err);
    if (!rc && (fault_write(EIO) || unlink(p->marker.buf) != 0))
        rc = odp_error_set(&err, ODP_EIO, "%s: cannot remove: %s", p->marker.buf,
                           strerror(errno));
    if (!rc)
        rc = fsync_dir(dir.buf, &err);
    if (rc)
        log_warn("%s; the next run tries again", err.msg);
    /* a marker kept is neither made again (its time must stay) nor removed */
    p->marked = p->keep_marker = rc != 0;
    strbuf_release(&then);
    strbuf_release(&now);
    strbuf_release(&dir);
    strbuf_release(&files);
    strbuf_release(&path);
}

/* Before the first output of this pool: the marker on disk, so that a crash
 * before page_pool_sync leaves word that outputs may not be. */
static int mark_unsynced(struct page_pool *p, struct odp_error *err)
{
    int rc = ODP_OK;
    pthread_mutex_lock(&p->lock);
    if (!p->marked) {
        struct strbuf boot = STRBUF_INIT;
        boot_id(&boot);
        int fd = fault_write(ENOSPC)
                     ? -1
                     : open(p->marker.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || fault_write(ENOSPC) ||
            write(fd, boot.buf, boot.len) != (ssize_t)boot.len || fault_write(EIO) ||
            fsync(fd) != 0)
            rc = odp_error_set(err, ODP_EIO, "%s: cannot write: %s", p->marker.buf,
                               strerror(errno));
        if (fd >= 0)
            close(fd);
        strbuf_release(&boot);
        struct strbuf dir = STRBUF_INIT;
        strbuf_addf(&dir, "%s/extract", p->workdir);
        if (!rc)
            rc = fsync_dir(dir.buf, err);
        strbuf_release(&dir);
        p->marked = !rc;
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

/* Start writing path's data to disk now, without waiting: page_pool_sync
 * then finds it written and waits only for the journal, instead of writing
 * every output of the stage at its end (tens of MB at 2,000 pages). */
static void start_writeback(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        close(fd);
    }
}

/* Extract one page unless its output exists. Returns 0, or an odp_code with
 * err; *wrote is 1 when it wrote the output. */
static int extract_page(struct page_pool *p, struct page_extractor *pe, const char *sha,
                        const char *url, int *cached, int *wrote, struct odp_error *err)
{
    struct strbuf out = STRBUF_INIT, raw = STRBUF_INIT, html = STRBUF_INIT;
    int rc = ODP_OK;
    *wrote = 0;
    workdir_extract_path(&out, p->workdir, sha, EXTRACTOR_VERSION);
    *cached = !p->force && fs_exists(out.buf);
    if (*cached)
        goto done;
    workdir_raw_path(&raw, p->workdir, sha);
    rc = fs_read_file(raw.buf, &html, err);
    if (rc)
        goto done;
    /* a page URL that served nothing, or binary data (a PDF, an image): no page */
    if (html.len == 0 || memchr(html.buf, '\0', html.len)) {
        rc = odp_error_set(err, ODP_EPARSE, "%s: not an HTML page (%s); the page is left out", url,
                           html.len ? "it holds binary data" : "it is empty");
        goto done;
    }
    rc = mark_unsynced(p, err);
    if (rc)
        goto done;
    struct atomic_file af;
    rc = atomic_file_open(&af, out.buf, err);
    if (rc)
        goto done;
    struct page_counts counts;
    rc = page_extractor_run(pe, html.buf, html.len, af.fp, &counts, err);
    if (rc) {
        atomic_file_abort(&af);
        char msg[sizeof(err->msg)];
        snprintf(msg, sizeof(msg), "%s", err->msg);
        odp_error_set(err, rc, "%s: %s", url, msg);
        goto done;
    }
    rc = atomic_file_commit(&af, err);
    *wrote = !rc;
    if (*wrote)
        start_writeback(out.buf);
done:
    strbuf_release(&out);
    strbuf_release(&raw);
    strbuf_release(&html);
    return rc;
}

struct page_pool *page_pool_new(const char *workdir, int force, int jobs,
                                volatile sig_atomic_t *stop)
{
    struct page_pool *p = xcalloc(1, sizeof(*p));
    p->workdir = workdir;
    p->force = force;
    p->jobs = jobs < 1 ? 1 : jobs > MAX_THREADS ? MAX_THREADS : jobs;
    p->stop = stop;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->more, NULL);
    strbuf_init(&p->marker, 0);
    strbuf_addf(&p->marker, "%s/extract/.unsynced", workdir);
    struct stat st;
    if (stat(p->marker.buf, &st) == 0)
        recover(p, &st);
    /* the outputs are made durable together, by page_pool_sync */
    struct strbuf dir = STRBUF_INIT;
    strbuf_addf(&dir, "%s/extract", workdir);
    atomic_file_defer_sync(dir.buf);
    strbuf_release(&dir);
    return p;
}

/* ---- following ---- */

static void *follow_worker(void *arg)
{
    struct page_pool *p = arg;
    /* the CPU fetch leaves idle, not fetch's own: a crawler starved of CPU
     * would stretch the night it is meant to shorten. Linux's nice value is
     * per thread; the ordinary pass's threads keep the process's. */
    id_t tid = (id_t)syscall(SYS_gettid);
    int nice_now = getpriority(PRIO_PROCESS, tid);
    setpriority(PRIO_PROCESS, tid, nice_now + FOLLOW_NICE > 19 ? 19 : nice_now + FOLLOW_NICE);
    struct page_extractor *pe = page_extractor_new();
    char sha[SHA_HEX + 1];
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (!*p->stop && p->qnext == p->nqueue && !p->ending)
            pthread_cond_wait(&p->more, &p->lock);
        int have = !*p->stop && p->qnext < p->nqueue;
        if (have)
            memcpy(sha, p->queue[p->qnext++], sizeof(sha));
        pthread_mutex_unlock(&p->lock);
        if (!have)
            break;
        struct odp_error err = {0};
        int cached = 0, wrote = 0;
        if (pe)
            extract_page(p, pe, sha, sha, &cached, &wrote, &err);
        seen_set(p, sha, wrote ? SEEN_WRITTEN : SEEN_OTHER);
        if (wrote)
            __atomic_add_fetch(&p->followed, 1, __ATOMIC_RELAXED);
    }
    page_extractor_free(pe);
    return NULL;
}

void page_pool_follow_start(struct page_pool *p)
{
    for (int j = 0; j < p->jobs; j++)
        if (pthread_create(&p->th[p->nth], NULL, follow_worker, p) == 0)
            p->nth++; /* none at all: the ordinary pass does every page */
}

void page_pool_follow_add(struct page_pool *p, const char *sha)
{
    if (strlen(sha) != SHA_HEX || !p->nth)
        return;
    pthread_mutex_lock(&p->lock);
    struct seen *e = seen_get(p, sha);
    if (e->state == SEEN_NONE) {
        e->state = SEEN_QUEUED;
        ALLOC_GROW(p->queue, p->nqueue + 1, p->qalloc);
        memcpy(p->queue[p->nqueue++], sha, SHA_HEX + 1);
        pthread_cond_signal(&p->more);
    }
    pthread_mutex_unlock(&p->lock);
}

void page_pool_follow_end(struct page_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->ending = 1;
    pthread_cond_broadcast(&p->more);
    pthread_mutex_unlock(&p->lock);
    for (int j = 0; j < p->nth; j++)
        pthread_join(p->th[j], NULL);
    p->nth = 0;
}

size_t page_pool_followed(const struct page_pool *p)
{
    return p->followed;
}

/* ---- the ordinary pass ---- */

static void *worker(void *arg)
{
    struct page_pool *p = arg;
    struct page_extractor *pe = page_extractor_new();
    while (!*p->stop) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->nuniq ? p->next++ : p->nuniq;
        pthread_mutex_unlock(&p->lock);
        if (i == p->nuniq)
            break;
        struct page_task *t = &p->uniq[i];
        /* written while following: done, and extracted by this run */
        if (seen_state(p, t->sha) == SEEN_WRITTEN)
            continue;
        struct odp_error err = {0};
        int wrote = 0;
        if (!pe)
            t->rc = odp_error_set(&err, ODP_ENOMEM, "%s: cannot create an HTML parser", t->url);
        else
            t->rc = extract_page(p, pe, t->sha, t->url, &t->cached, &wrote, &err);
        if (t->rc)
            t->error = xstrdup(err.msg);
        if (wrote)
            seen_set(p, t->sha, SEEN_WRITTEN);
    }
    page_extractor_free(pe);
    return NULL;
}

static int by_sha(const void *a, const void *b)
{
    return strcmp(((const struct page_task *)a)->sha, ((const struct page_task *)b)->sha);
}

void page_pool_run(struct page_pool *p, struct page_task *tasks, size_t ntasks)
{
    /* the same content under two URLs is extracted once, by one thread: sort a
     * copy by content and give the work to the first of each run */
    p->uniq = xmalloc(xsize_mul(ntasks ? ntasks : 1, sizeof(*p->uniq)));
    if (ntasks) {
        memcpy(p->uniq, tasks, ntasks * sizeof(*tasks));
        qsort(p->uniq, ntasks, sizeof(*p->uniq), by_sha);
    }
    for (size_t t = 0; t < ntasks; t++)
        if (p->nuniq == 0 || strcmp(p->uniq[p->nuniq - 1].sha, p->uniq[t].sha))
            p->uniq[p->nuniq++] = p->uniq[t];
    int jobs = p->jobs;
    if ((size_t)jobs > p->nuniq)
        jobs = p->nuniq ? (int)p->nuniq : 1;
    pthread_t th[MAX_THREADS];
    int started = 0;
    for (int j = 1; j < jobs; j++)
        if (pthread_create(&th[started], NULL, worker, p) == 0)
            started++; /* a thread that cannot start leaves its work to the others */
    worker(p);
    for (int j = 0; j < started; j++)
        pthread_join(th[j], NULL);
    for (size_t t = 0; t < ntasks; t++) {
        struct page_task key = {.sha = tasks[t].sha};
        struct page_task *u = bsearch(&key, p->uniq, p->nuniq, sizeof(*p->uniq), by_sha);
        tasks[t].rc = u->rc;
        tasks[t].cached = u->cached;
        tasks[t].error = u->rc ? u->error : NULL; /* owned by uniq */
    }
}

int page_pool_sync(struct page_pool *p, struct odp_error *err)
{
    struct strbuf files = STRBUF_INIT, dir = STRBUF_INIT, path = STRBUF_INIT;
    for (size_t i = 0; i < p->seen_size; i++) {
        if (p->seen[i].state != SEEN_WRITTEN)
            continue;
        workdir_extract_path(&path, p->workdir, p->seen[i].sha, EXTRACTOR_VERSION);
        strbuf_add(&files, path.buf, path.len + 1);
        strbuf_reset(&path);
    }
    strbuf_addf(&dir, "%s/extract", p->workdir);
    int rc = atomic_file_sync_files(files.buf, files.len, err);
    if (!rc && files.len)
        rc = fsync_dir(dir.buf, err);
    /* every output is on disk: the marker can go */
    if (!rc && p->marked && !p->keep_marker) {
        if (fault_write(EIO) || unlink(p->marker.buf) != 0)
            rc = odp_error_set(err, ODP_EIO, "%s: cannot remove: %s", p->marker.buf,
                               strerror(errno));
        else
            rc = fsync_dir(dir.buf, err);
        p->marked = 0;
    }
    strbuf_release(&files);
    strbuf_release(&dir);
    strbuf_release(&path);
    return rc;
}

void page_pool_free(struct page_pool *p)
{
    if (!p)
        return;
    if (p->nth)
        page_pool_follow_end(p);
    atomic_file_defer_sync(NULL);
    for (size_t u = 0; u < p->nuniq; u++)
        free(p->uniq[u].error);
    free(p->uniq);
    free(p->queue);
    free(p->seen);
    strbuf_release(&p->marker);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
