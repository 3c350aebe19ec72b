/*
 * crawl.c: fetch_run of fetch.h, the crawl's scheduler: which request of
 * which source starts when (robots.txt first, then the root, then the
 * pages; per host at most crawl.per_host at a time and crawl.delay_ms or the
 * robots.txt Crawl-delay apart), the curl multi loop that runs them, and each
 * source's manifest and ledger run at the end. crawler.h describes the state;
 * what happens to one request is request.c's.
 */
#include "fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "crawler.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "request.h"
#include "robots.h"
#include "store.h"
#include "strbuf.h"
#include "uri.h"
#include "workdir.h"
#include "xalloc.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct host_state *host_for(struct host_state **hosts, size_t *n, const char *host)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*hosts)[i].host, host))
            return &(*hosts)[i];
    return NULL;
}

static void crawler_init(struct crawler *cr, const struct source *src,
                         const struct fetch_config *cfg, struct fetch_report *rep)
{
    memset(cr, 0, sizeof(*cr));
    memset(rep, 0, sizeof(*rep));
    cr->src = src;
    cr->cfg = cfg;
    cr->rep = rep;
    cr->queue = json_array();
    cr->seen = json_object();
    cr->external = json_object();
    cr->pages = json_array();
    cr->root = json_object();
    /* stay inside the document: a site root with a path (begrotingsapp's
     * /begroting-2021/) limits the crawl to that path, not the host's other years */
    char *path = uri_http_path(src->url);
    char *slash = path ? strchr(path + 1, '/') : NULL;
    if (slash)
        slash[1] = '\0';
    else if (path)
        path[1] = '\0';
    cr->scope = path ? path : xstrdup("/");
    http_client_init(&cr->http, src->host, cfg->user_agent, cfg->crawl, cfg->resolve,
                     cfg->nresolve);
}

/* Next request of a crawler to start, or NULL (nothing ready). Resumed pages
 * and robots-disallowed ones complete here without touching the network. */
static struct request *crawler_next(struct crawler *cr, double now, struct strbuf *body)
{
    /* a sleeping retry whose time has come */
    for (struct request **pp = &cr->sleeping; *pp; pp = &(*pp)->next_sleeping) {
        if ((*pp)->not_before <= now) {
            struct request *q = *pp;
            *pp = q->next_sleeping;
            q->next_sleeping = NULL;
            return q;
        }
    }
    if (cr->phase == -2) { /* waiting for the host's robots.txt */
        if (cr->host->robots_state != 2)
            return NULL;
        if (cr->host->robots_error) {
            cr->failed_root = 1;
            snprintf(cr->rep->first_error, sizeof(cr->rep->first_error), "%s",
                     cr->host->robots_error);
            cr->phase = 3;
            return NULL;
        }
        cr->robots = cr->host->robots;
        cr->phase = 1;
    }
    if (cr->phase == 0) {
        if (cr->inflight)
            return NULL;
        if (cr->cfg->offline) {
            cr->phase = 1;
        } else if (cr->host->robots_state) {
            cr->phase = -2;
            return crawler_next(cr, now, body);
        } else {
            cr->host->robots_state = 1;
            /* robots.txt of the site's scheme and authority, as written in the pipeline */
            struct uri_ref su;
            uri_split(cr->src->url, &su);
            struct strbuf u = STRBUF_INIT;
            strbuf_add(&u, su.scheme, su.scheme_len);
            strbuf_addstr(&u, "://");
            strbuf_add(&u, su.authority, su.authority_len);
            strbuf_addstr(&u, "/robots.txt");
            struct request *q = request_new(cr, REQ_ROBOTS, u.buf);
            strbuf_release(&u);
            cr->phase = -2; /* waiting for robots.txt */
            return q;
        }
    }
    if (cr->phase == 1) {
        if (cr->inflight)
            return NULL;
        struct request *q = request_new(cr, REQ_ROOT, cr->src->url);
        long long prev_run = 0;
        json_t *p = ledger_fetch_get(cr->cfg->ledger, cr->src->id, cr->src->url, &prev_run);
        int reuse = (cr->cfg->offline || (cr->resumed && prev_run == cr->run_id)) && p &&
                    jstr(p, "sha256");
        json_decref(p);
        cr->phase = -1;
        if (reuse && !store_offline_page(cr->cfg, cr->src->url, q->prev, q->entry, body)) {
            request_page_done(q, body);
            request_finish(q, 1, NULL);
            return crawler_next(cr, now, body);
        }
        if (cr->cfg->offline) {
            request_finish(q, 0, "offline, and not in the raw store");
            return NULL;
        }
        return q;
    }
    while (!fetch_stop && cr->phase == 2 && cr->next < json_array_size(cr->queue)) {
        if ((int)json_array_size(cr->pages) >= cr->src->max_pages) {
            log_warn("%s: page limit %d reached; %zu links not followed", cr->src->id,
                     cr->src->max_pages, json_array_size(cr->queue) - cr->next);
            cr->next = json_array_size(cr->queue);
            break;
        }
        const char *url = json_string_value(json_array_get(cr->queue, cr->next++));
        size_t slot = json_array_size(cr->pages);
        json_array_append_new(cr->pages, json_null());
        char *path = uri_http_path(url);
        int allowed = robots_allowed(cr->robots, path ? path : "/");
        free(path);
        if (!allowed) {
            log_info("%s: disallowed by robots.txt, not fetched", url);
            json_t *skip = json_pack("{s:s,s:s}", "url", url, "skipped", "disallowed by robots.txt");
            ledger_fetch_put(cr->cfg->ledger, cr->src->id, cr->run_id, skip, NULL);
            json_array_set_new(cr->pages, slot, skip);
            cr->rep->pages_skipped++;
            continue;
        }
        struct request *q = request_new(cr, REQ_PAGE, url);
        q->slot = slot;
        long long prev_run = 0;
        json_t *p = ledger_fetch_get(cr->cfg->ledger, cr->src->id, url, &prev_run);
        int reuse = (cr->cfg->offline || (cr->resumed && prev_run == cr->run_id)) && p &&
                    jstr(p, "sha256");
        json_decref(p);
        strbuf_reset(body);
        if (reuse && !store_offline_page(cr->cfg, url, q->prev, q->entry, body)) {
            if (!cr->cfg->offline)
                cr->rep->pages_resumed++;
            request_page_done(q, body);
            request_finish(q, 1, NULL);
            continue;
        }
        if (cr->cfg->offline) {
            request_finish(q, 0, "offline, and not in the raw store");
            continue;
        }
        return q;
    }
    return NULL;
}

static int crawler_done(const struct crawler *cr)
{
    return cr->inflight == 0 && !cr->sleeping &&
           (cr->phase == 3 || (cr->phase == 2 && cr->next >= json_array_size(cr->queue)));
}

/* Write the manifest, close the ledger run, free the crawler. */
static int crawler_finish(struct crawler *cr, struct odp_error *err, int write)
{
    struct fetch_report *rep = cr->rep;
    if (cr->failed_root)
        rep->source_failed = 1;
    if (!rep->source_failed && rep->pages_ok == 0) {
        rep->source_failed = 1;
        if (!rep->first_error[0])
            snprintf(rep->first_error, sizeof(rep->first_error),
                     "%s: no pages of the document were found", cr->src->url);
    }
    json_t *manifest = json_object();
    json_object_set_new(manifest, "source", json_string(cr->src->id));
    json_object_set(manifest, "root", cr->root);
    json_object_set_new(manifest, "title", cr->title ? json_string(cr->title) : json_null());
    json_object_set_new(manifest, "pdf_url", cr->pdf_url ? json_string(cr->pdf_url) : json_null());
    json_object_set(manifest, "external_links", cr->external);
    json_object_set(manifest, "pages", cr->pages);
    int rc = 0;
    struct strbuf mpath = STRBUF_INIT;
    workdir_fetch_manifest(&mpath, cr->cfg->workdir, cr->src->id);
    /* A failed source keeps its previous manifest: what was fetched before stays usable. */
    if (write && !rep->source_failed && !cr->cfg->offline)
        rc = jsonutil_write_path(mpath.buf, manifest, err);
    if (write && !rc && !cr->cfg->offline)
        rc = ledger_fetch_end(cr->cfg->ledger, cr->run_id, rep->source_failed ? "failed" : "ok",
                              err);
    strbuf_release(&mpath);
    json_decref(manifest);
    while (cr->sleeping) { /* retries a stop left waiting */
        struct request *q = cr->sleeping;
        cr->sleeping = q->next_sleeping;
        request_free(q);
    }
    json_decref(cr->queue);
    json_decref(cr->seen);
    json_decref(cr->external);
    json_decref(cr->pages);
    json_decref(cr->root);
    free(cr->pdf_url);
    free(cr->title);
    free(cr->scope);
    http_client_release(&cr->http);
    return rc;
}

volatile sig_atomic_t fetch_stop;
double fetch_wait_seconds;

static int announce_fd = -1;

void fetch_announce_open(void)
{
    const char *v = getenv("ODP_ANNOUNCE_FD");
    int fd = v && *v ? atoi(v) : -1;
    unsetenv("ODP_ANNOUNCE_FD");
    if (fd < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
        return;
    signal(SIGPIPE, SIG_IGN); /* a follower gone is EPIPE, not the end of fetch */
    announce_fd = fd;
}

void fetch_announce_page(const char *sha256)
{
    if (announce_fd < 0 || !sha256)
        return;
    char line[128];
    int n = snprintf(line, sizeof(line), "page %s\n", sha256);
    if (n <= 0 || (size_t)n >= sizeof(line))
        return;
    /* under PIPE_BUF bytes: written whole or not at all */
    ssize_t w;
    do
        w = write(announce_fd, line, (size_t)n);
    while (w < 0 && errno == EINTR);
    if (w < 0 && errno != EAGAIN) {
        close(announce_fd);
        announce_fd = -1;
    }
}

/* The transfers of a run: one curl multi handle for every host, and the
 * requests under way, so that a stop can end them at once. The per-host limit
 * is the scheduler's (host_state): curl's own CURLMOPT_MAX_HOST_CONNECTIONS
 * would count --resolve'd hosts by address. */
struct transfers {
    CURLM *multi;
    struct request **live;
    size_t nlive, alloc;
    int running;
    struct strbuf body; /* scratch for pages taken from the store */
};

/* Start the requests of cr that are ready, as far as its host allows. */
static void start_requests(struct transfers *t, struct crawler *cr, double now)
{
    struct host_state *h = cr->host;
    while (!fetch_stop && h->inflight < cr->cfg->crawl->per_host && now >= h->next_start) {
        struct request *q = crawler_next(cr, now, &t->body);
        if (!q)
            break;
        ALLOC_GROW(t->live, t->nlive + 1, t->alloc);
        t->live[t->nlive++] = q;
        q->attempt++;
        request_setup(q);
        cr->http.refused[0] = '\0';
        curl_multi_add_handle(t->multi, q->easy);
        cr->inflight++;
        h->inflight++;
        h->last_start = now;
        h->next_start = now + h->delay_s;
    }
}

/* Hand each finished transfer to its request: it ends, or sleeps until its
 * retry or redirect. Returns how many curl reported. */
static int reap_finished(struct transfers *t)
{
    CURLMsg *msg;
    int left, finished = 0;
    while ((msg = curl_multi_info_read(t->multi, &left))) {
        finished++;
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct request *q = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&q);
        CURLcode cc = msg->data.result;
        curl_multi_remove_handle(t->multi, msg->easy_handle);
        for (size_t k = 0; k < t->nlive; k++)
            if (t->live[k] == q) {
                t->live[k] = t->live[--t->nlive];
                break;
            }
        struct crawler *cr = q->cr;
        cr->inflight--;
        cr->host->inflight--;
        if (request_result(q, cc, now_s())) {
            q->next_sleeping = cr->sleeping;
            cr->sleeping = q;
        }
    }
    return finished;
}

/* Asked to stop: end the transfers under way without recording them (the
 * next run fetches those pages), however slow the server. */
static void stop_transfers(struct transfers *t)
{
    for (size_t k = 0; k < t->nlive; k++) {
        curl_multi_remove_handle(t->multi, t->live[k]->easy);
        t->live[k]->cr->inflight--;
        t->live[k]->cr->host->inflight--;
        request_free(t->live[k]);
    }
    t->nlive = 0;
}

static void show_progress(const struct crawler *crs, size_t n, double now, double started)
{
    long done = 0, queued = 0;
    for (size_t i = 0; i < n; i++) {
        done += crs[i].rep->pages_ok + crs[i].rep->pages_failed + crs[i].rep->pages_skipped;
        queued += crs[i].queue ? (long)json_array_size(crs[i].queue) : 0;
    }
    fprintf(stderr, "\rodp-fetch: %ld / %ld pages, %.0f pages/s   ", done, queued,
            done / (now - started + 1e-9));
}

/* Run the crawlers crs[0..n) until every one is done or a stop is asked. */
static void crawl(struct crawler *crs, size_t n)
{
    struct transfers t = {curl_multi_init(), NULL, 0, 0, 0, STRBUF_INIT};
    /* a progress line on a terminal; plain log lines otherwise */
    int progress = isatty(2) && !log_is_quiet();
    double started = now_s(), shown = 0;
    for (;;) {
        double now = now_s();
        if (fetch_stop) {
            stop_transfers(&t);
            break;
        }
        if (progress && now - shown >= 0.5) {
            show_progress(crs, n, now, started);
            shown = now;
        }
        int all_done = 1;
        double wake = now + 0.25;
        for (size_t i = 0; i < n; i++) {
            struct crawler *cr = &crs[i];
            start_requests(&t, cr, now);
            if (cr->host->next_start > now && cr->host->next_start < wake)
                wake = cr->host->next_start;
            for (struct request *s = cr->sleeping; s; s = s->next_sleeping)
                if (s->not_before < wake)
                    wake = s->not_before;
            if (!crawler_done(cr))
                all_done = 0;
        }
        if (all_done && t.running == 0)
            break;
        curl_multi_perform(t.multi, &t.running);
        if (reap_finished(&t))
            continue; /* slots came free: start the next requests at once */
        double wait = wake - now_s();
        int ms = wait > 0 ? (int)(wait * 1000) + 1 : 0;
        if (ms > 250)
            ms = 250;
        double w0 = now_s();
        curl_multi_poll(t.multi, NULL, 0, ms, NULL);
        fetch_wait_seconds += now_s() - w0;
    }
    if (progress)
        fputs("\n", stderr);
    curl_multi_cleanup(t.multi);
    free(t.live);
    strbuf_release(&t.body);
}

int fetch_run(const struct source *const *srcs, size_t n, const struct fetch_config *cfg,
              struct fetch_report *reps, int *rcs, struct odp_error *errs)
{
    struct strbuf dir = STRBUF_INIT;
    strbuf_addf(&dir, "%s/fetch", cfg->workdir);
    int rc = fs_mkdir_p(dir.buf, &errs[0]);
    strbuf_release(&dir);
    if (rc)
        return rc;
    struct crawler *crs = xcalloc(n ? n : 1, sizeof(*crs));
    struct host_state *hosts = xcalloc(n ? n : 1, sizeof(*hosts));
    size_t nhosts = 0;
    for (size_t i = 0; i < n; i++) {
        crawler_init(&crs[i], srcs[i], cfg, &reps[i]);
        rcs[i] = ledger_fetch_begin(cfg->ledger, srcs[i]->id, &crs[i].run_id, &crs[i].resumed,
                                    &errs[i]);
        if (rcs[i])
            crs[i].phase = 3;
        if (crs[i].resumed)
            log_info("source \"%s\": resuming the fetch an interrupted run left unfinished",
                     srcs[i]->id);
        struct host_state *h = host_for(&hosts, &nhosts, srcs[i]->host);
        if (!h) {
            h = &hosts[nhosts++];
            h->host = srcs[i]->host;
            h->retries_left = cfg->crawl->retry_budget;
            h->delay_s = cfg->crawl->delay_ms / 1000.0;
        }
        crs[i].host = h;
    }
    store_begin(cfg);
    crawl(crs, n);
    store_end(cfg);
    for (size_t i = 0; i < n; i++) {
        if (rcs[i])
            crs[i].rep->source_failed = crs[i].failed_root = 1; /* no ledger run: nothing written */
        if (fetch_stop && !rcs[i]) {
            crs[i].rep->source_failed = 1;
            snprintf(crs[i].rep->first_error, sizeof(crs[i].rep->first_error),
                     "stopped by a signal; the next run resumes");
        }
        int frc = crawler_finish(&crs[i], rcs[i] ? NULL : &errs[i], !rcs[i] && !fetch_stop);
        if (!rcs[i])
            rcs[i] = frc;
    }
    for (size_t i = 0; i < nhosts; i++) {
        robots_free(hosts[i].robots);
        free(hosts[i].robots_error);
    }
    free(crs);
    free(hosts);
    return 0;
}
