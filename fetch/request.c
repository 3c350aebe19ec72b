/*
 * request.c: see request.h. One request from its start to its end: the
 * conditional headers from the ledger's entry, the answer (retry, redirect,
 * robots.txt, content), and the entry it leaves in the manifest and the
 * ledger.
 */
#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsutil.h"
#include "jsonutil.h"
#include "links.h"
#include "log.h"
#include "platform.h"
#include "render.h"
#include "robots.h"
#include "store.h"
#include "uri.h"
#include "workdir.h"
#include "xalloc.h"

static void now_iso(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void request_free(struct request *q)
{
    if (!q)
        return;
    if (q->easy)
        curl_easy_cleanup(q->easy);
    free(q->url);
    free(q->cur);
    json_decref(q->prev);
    json_decref(q->entry);
    json_decref(q->redirects);
    json_decref(q->visited);
    curl_slist_free_all(q->hdrs);
    http_response_release(&q->resp);
    free(q);
}

void request_setup(struct request *q)
{
    http_easy_setup(&q->easy, &q->cr->http, q->cur, q, q->hdrs, &q->resp, q->errbuf);
}

struct request *request_new(struct crawler *cr, enum req_kind kind, const char *url)
{
    struct request *q = xcalloc(1, sizeof(*q));
    q->cr = cr;
    q->kind = kind;
    q->url = xstrdup(url);
    q->cur = xstrdup(url);
    q->entry = json_object();
    q->redirects = json_array();
    q->visited = json_object();
    http_response_init(&q->resp, kind == REQ_ROBOTS ? ROBOTS_MAX_BYTES : cr->cfg->crawl->max_body,
                       kind == REQ_ROBOTS);
    if (kind == REQ_ROBOTS)
        return q;
    long long prev_run = 0;
    q->prev = ledger_fetch_get(cr->cfg->ledger, cr->src->id, url, &prev_run);
    /* validators of the stored copy: an unchanged page costs no body */
    const char *sha = q->prev ? jstr(q->prev, "sha256") : NULL;
    struct strbuf raw = STRBUF_INIT;
    if (sha)
        workdir_raw_path(&raw, cr->cfg->workdir, sha);
    /* a rendered page is rendered again every run: its data comes from the
     * application's API, which the shell's validators say nothing about */
    if (sha && fs_exists(raw.buf) && !cr->src->render_chromium) {
        struct strbuf h = STRBUF_INIT;
        if (jstr(q->prev, "etag")) {
            strbuf_addf(&h, "If-None-Match: %s", jstr(q->prev, "etag"));
            q->hdrs = curl_slist_append(q->hdrs, h.buf);
        }
        strbuf_reset(&h);
        if (jstr(q->prev, "last_modified")) {
            strbuf_addf(&h, "If-Modified-Since: %s", jstr(q->prev, "last_modified"));
            q->hdrs = curl_slist_append(q->hdrs, h.buf);
        }
        strbuf_release(&h);
    } else if (q->prev) {
        json_object_del(q->prev, "etag"); /* nothing stored: a 304 would be useless */
        json_object_del(q->prev, "last_modified");
    }
    strbuf_release(&raw);
    return q;
}

/* Queue the links not seen before, in order. */
static void enqueue(struct crawler *cr, json_t *links)
{
    size_t i;
    json_t *v;
    json_array_foreach(links, i, v) {
        const char *u = json_string_value(v);
        if (u && !json_object_get(cr->seen, u)) {
            json_object_set_new(cr->seen, u, json_true());
            json_array_append(cr->queue, v);
        }
    }
}

/* A page (or root) has its content: record it and find its links. body may be
 * NULL for an unchanged page whose links the ledger knows. */
void request_page_done(struct request *q, struct strbuf *body)
{
    struct crawler *cr = q->cr;
    if (body) {
        char *stamp = platform_build_stamp(body->buf);
        if (stamp) {
            json_object_set_new(q->entry, "build_stamp", json_string(stamp));
            free(stamp);
        }
    }
    if (q->kind == REQ_ROOT) {
        json_t *links = json_array();
        links_collect(body, q->url, cr->src->host, cr->scope, links, &cr->pdf_url, &cr->title,
                      cr->external);
        if (cr->src->npages) {
            for (size_t i = 0; i < cr->src->npages; i++)
                json_array_append_new(cr->queue, json_string(cr->src->pages[i]));
        } else {
            enqueue(cr, links);
        }
        json_decref(links);
        return;
    }
    cr->rep->pages_ok++;
    fetch_announce_page(jstr(q->entry, "sha256"));
    if (json_is_false(json_object_get(q->entry, "changed")))
        cr->rep->pages_unchanged++;
    if (cr->src->npages)
        return;
    const char *sha = jstr(q->entry, "sha256");
    json_t *links = sha && !body ? ledger_links_get(cr->cfg->ledger, sha) : NULL;
    if (!links) {
        struct strbuf loaded = STRBUF_INIT;
        struct odp_error e;
        if (!body && sha) {
            struct strbuf raw = STRBUF_INIT;
            workdir_raw_path(&raw, cr->cfg->workdir, sha);
            fs_read_file(raw.buf, &loaded, &e);
            strbuf_release(&raw);
            body = &loaded;
        }
        links = json_array();
        links_collect(body, q->url, cr->src->host, cr->scope, links, &cr->pdf_url, NULL,
                      cr->external);
        if (sha && !cr->cfg->offline)
            ledger_links_put(cr->cfg->ledger, sha, links);
        strbuf_release(&loaded);
    }
    enqueue(cr, links);
    json_decref(links);
}

void request_finish(struct request *q, int ok, const char *why)
{
    struct crawler *cr = q->cr;
    if (!ok) {
        json_object_set_new(q->entry, "error", json_string(why && *why ? why : "failed"));
        /* a page that failed tonight but was fetched before keeps its last good copy,
         * marked stale, so a passing fault never removes published data; a page
         * that is gone (404, 410) is gone */
        long st = jint(q->entry, "http_status", 0);
        const char *psha = q->prev ? jstr(q->prev, "sha256") : NULL;
        if (q->kind == REQ_PAGE && psha && st != 404 && st != 410) {
            struct strbuf raw = STRBUF_INIT;
            workdir_raw_path(&raw, cr->cfg->workdir, psha);
            if (fs_exists(raw.buf)) {
                const char *keep[] = {"sha256", "etag", "last_modified", "charset",
                                      "content_fetched_at", "build_stamp", NULL};
                for (int k = 0; keep[k]; k++)
                    if (json_object_get(q->prev, keep[k]))
                        json_object_set(q->entry, keep[k], json_object_get(q->prev, keep[k]));
                json_object_set_new(q->entry, "stale", json_true());
                json_object_set_new(q->entry, "changed", json_false());
            }
            strbuf_release(&raw);
        }
        if (q->kind == REQ_ROOT) {
            cr->failed_root = 1;
            snprintf(cr->rep->first_error, sizeof(cr->rep->first_error), "%s: %s", q->url,
                     jstr(q->entry, "error"));
        } else if (q->kind == REQ_PAGE) {
            cr->rep->pages_failed++;
            log_error("%s: %s", q->url, jstr(q->entry, "error"));
            if (!cr->rep->first_error[0])
                snprintf(cr->rep->first_error, sizeof(cr->rep->first_error), "%s: %s", q->url,
                         jstr(q->entry, "error"));
        }
    }
    if (q->kind != REQ_ROBOTS) { /* robots.txt ends in robots_result() */
        if (!cr->cfg->offline)
            ledger_fetch_put(cr->cfg->ledger, cr->src->id, cr->run_id, q->entry, NULL);
        if (q->kind == REQ_ROOT) {
            json_object_update(cr->root, q->entry);
            cr->phase = cr->failed_root ? 3 : 2;
        } else {
            json_array_set(cr->pages, q->slot, q->entry);
        }
    }
    request_free(q);
}

/* robots.txt has its answer (after any retries). RFC 9309 §2.3.1: 2xx, its
 * rules; 3xx, followed on the same host up to max(5, crawl.max_redirects)
 * times, else unavailable; 4xx (429 aside), unavailable: everything allowed;
 * 5xx, 429 or no answer at all: unreachable, so the whole host is disallowed
 * for this run and its sources fail with that reason. Returns 1 when the
 * request goes on at a redirect's target, 0 when it is finished (and freed). */
static int robots_result(struct request *q, CURLcode cc, long status, const char *why, double now)
{
    struct crawler *cr = q->cr;
    struct host_state *h = cr->host;
    int max_hops = cr->cfg->crawl->max_redirects > 5 ? cr->cfg->crawl->max_redirects : 5;
    struct strbuf unavailable = STRBUF_INIT;
    if (cc == CURLE_OK && status >= 200 && status < 300) {
        if (q->resp.too_big)
            log_warn("%s: larger than %d bytes; only its first %d bytes are read (RFC 9309 "
                     "§2.5)", q->cur, ROBOTS_MAX_BYTES, ROBOTS_MAX_BYTES);
        h->robots = robots_parse(q->resp.body.buf, "odp");
        double cd = robots_crawl_delay(h->robots);
        if (cd > FETCH_MAX_CRAWL_DELAY_S) {
            log_warn("%s: Crawl-delay %g s is more than odp waits; it waits %d s between requests",
                     q->cur, cd, FETCH_MAX_CRAWL_DELAY_S);
            cd = FETCH_MAX_CRAWL_DELAY_S;
        }
        if (cd > h->delay_s) {
            log_info("%s: Crawl-delay %g s", q->cur, cd);
            h->delay_s = cd;
            if (h->last_start + cd > h->next_start)
                h->next_start = h->last_start + cd;
        }
    } else if (cc == CURLE_OK && status >= 300 && status < 400) {
        char *loc = NULL;
        curl_easy_getinfo(q->easy, CURLINFO_REDIRECT_URL, &loc);
        char *next = loc ? uri_http_resolve(q->cur, loc) : NULL;
        char *nh = next ? uri_http_host(next) : NULL;
        json_object_set_new(q->visited, q->cur, json_true());
        if (!next)
            strbuf_addf(&unavailable, "HTTP %ld without a usable Location", status);
        else if (!nh || strcmp(nh, cr->src->host))
            strbuf_addf(&unavailable, "redirected to another host (%s)", next);
        else if (json_object_get(q->visited, next))
            strbuf_addf(&unavailable, "redirect loop (%s -> %s)", q->cur, next);
        else if (q->hop + 1 > max_hops)
            strbuf_addf(&unavailable, "more than %d redirects", max_hops);
        free(nh);
        if (!unavailable.len) {
            free(q->cur);
            q->cur = next;
            q->hop++;
            q->attempt = 0;
            q->not_before = now;
            return 1;
        }
        free(next);
        log_warn("%s: %s; robots.txt counts as unavailable, so every path is allowed (RFC 9309 "
                 "§2.3.1.3)", q->url, unavailable.buf);
        strbuf_release(&unavailable);
    } else if (cc == CURLE_OK && status >= 400 && status < 500 && status != 429) {
        /* a missing robots.txt (404) is the usual case: nothing to say */
        if (status != 404 && status != 410)
            log_info("%s: HTTP %ld; robots.txt counts as unavailable, so every path is allowed "
                     "(RFC 9309 §2.3.1.3)", q->cur, status);
    } else {
        strbuf_addf(&unavailable, "%s: %s; robots.txt could not be read, so the whole host counts "
                    "as disallowed for this run (RFC 9309 §2.3.1.4) and nothing else was "
                    "requested from it", q->cur, why && *why ? why : "no answer");
        log_error("%s", unavailable.buf);
        h->robots_error = strbuf_detach(&unavailable, NULL);
    }
    h->robots_state = 2;
    request_free(q);
    return 0;
}

/* A redirect (status 3xx) of a page or the root: record it, and go on at its
 * target when that is on the same host, not seen before in this chain and
 * within crawl.max_redirects; else the request fails. Returns 1 when the
 * request goes on, 0 when it is finished. */
static int follow_redirect(struct request *q, long status, double now)
{
    struct crawler *cr = q->cr;
    const struct crawl_settings *cs = cr->cfg->crawl;
    struct strbuf why = STRBUF_INIT;
    char *loc = NULL;
    curl_easy_getinfo(q->easy, CURLINFO_REDIRECT_URL, &loc);
    char *next = loc ? uri_http_resolve(q->cur, loc) : NULL;
    json_array_append_new(q->redirects, json_pack("{s:s,s:i,s:s?}", "from", q->cur, "status",
                                                  (int)status, "to", next));
    json_object_set(q->entry, "redirects", q->redirects);
    char *nh = next ? uri_http_host(next) : NULL;
    json_object_set_new(q->visited, q->cur, json_true());
    if (!next)
        strbuf_addf(&why, "HTTP %ld without a usable Location", status);
    else if (!nh || strcmp(nh, cr->src->host))
        strbuf_addf(&why, "redirected to another host (%s), not followed", next);
    else if (json_object_get(q->visited, next))
        strbuf_addf(&why, "redirect loop (%s -> %s)", q->cur, next);
    else if (q->hop + 1 > cs->max_redirects)
        strbuf_addf(&why, "more than %d redirects", cs->max_redirects);
    free(nh);
    if (why.len) {
        free(next);
        json_object_set_new(q->entry, "http_status", json_integer(0));
        request_finish(q, 0, why.buf);
        strbuf_release(&why);
        return 0;
    }
    free(q->cur);
    q->cur = next;
    q->hop++;
    q->attempt = 0;
    q->not_before = now;
    json_object_set_new(q->entry, "final_url", json_string(q->cur));
    strbuf_release(&why);
    return 1;
}

/* A page or the root answered 200 or 304: its content is stored (or, for a
 * 304, the stored copy is taken), its links read, and the request finished. */
static void take_content(struct request *q, long status)
{
    struct crawler *cr = q->cr;
    struct strbuf body = STRBUF_INIT, why = STRBUF_INIT;
    int ok = 0;
    int no_body = 0;
    if (status == 304 && q->prev && jstr(q->prev, "sha256")) {
        struct strbuf raw = STRBUF_INIT;
        workdir_raw_path(&raw, cr->cfg->workdir, jstr(q->prev, "sha256"));
        /* unchanged: the root is read again (title, PDF link); a page only when
         * the ledger does not know its links */
        if (fs_exists(raw.buf)) {
            no_body = q->kind == REQ_PAGE;
            if (q->kind == REQ_ROOT) {
                struct odp_error e;
                fs_read_file(raw.buf, &body, &e);
            }
            const char *keep[] = {"sha256",           "etag",        "last_modified",
                                  "charset",          "invalid_bytes", "content_fetched_at",
                                  "build_stamp",      NULL};
            for (int k = 0; keep[k]; k++)
                if (json_object_get(q->prev, keep[k]))
                    json_object_set(q->entry, keep[k], json_object_get(q->prev, keep[k]));
            json_object_set_new(q->entry, "changed", json_false());
            ok = 1;
        } else {
            strbuf_addstr(&why, "HTTP 304 but the stored copy is gone");
        }
        strbuf_release(&raw);
    } else if (status == 304) {
        strbuf_addstr(&why, "HTTP 304 but nothing stored for this URL");
    } else if (cr->src->render_chromium) {
        ok = store_rendered(q, &body, &why) == 0;
    } else {
        ok = store_body(q, &body, &why) == 0;
        if (ok && render_is_app_shell(body.buf, body.len)) {
            log_warn("%s: an empty JavaScript application shell; its content needs "
                     "\"render\": \"chromium\" on source \"%s\"", q->url, cr->src->id);
            json_object_set_new(q->entry, "app_shell", json_true());
        }
    }
    if (ok)
        request_page_done(q, no_body ? NULL : &body);
    request_finish(q, ok, why.buf);
    strbuf_release(&body);
    strbuf_release(&why);
}

int request_result(struct request *q, CURLcode cc, double now)
{
    struct crawler *cr = q->cr;
    const struct crawl_settings *cs = cr->cfg->crawl;
    struct strbuf why = STRBUF_INIT;
    long status = 0;
    int retry = 0;
    q->total_attempts++;
    /* RFC 9309 §2.5: of a robots.txt over the limit, the first 500 KiB count */
    int robots_cut = q->kind == REQ_ROBOTS && q->resp.too_big && cc == CURLE_WRITE_ERROR;
    if (cc != CURLE_OK && !robots_cut) {
        retry = http_failure(cc, &cr->http, &q->resp, q->errbuf, &why);
    } else {
        curl_easy_getinfo(q->easy, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 400 || (status >= 100 && status < 200) || status == 0) {
            strbuf_addf(&why, "HTTP %ld", status);
            retry = status == 429 || status >= 500;
        }
    }
    if (robots_cut)
        cc = CURLE_OK;
    char ts[32];
    now_iso(ts, sizeof(ts));
    if (why.len && retry && q->attempt < cs->max_attempts) {
        if (cr->host->retries_left > 0) {
            cr->host->retries_left--;
            long wait_ms = http_retry_after_seconds(q->resp.retry_after.buf) * 1000;
            if (!wait_ms)
                wait_ms = (500L << (q->attempt - 1)) + rand() % 250;
            if (wait_ms > 120000)
                wait_ms = 120000;
            log_info("%s: %s, retry %d in %ld ms", q->cur, why.buf, q->attempt, wait_ms);
            q->not_before = now + (double)wait_ms / 1000.0;
            strbuf_release(&why);
            return 1;
        }
        strbuf_addstr(&why, " (the host's retry budget is spent)");
    }
    int again = 0;
    if (q->kind == REQ_ROBOTS) {
        again = robots_result(q, cc, status, why.buf, now);
    } else {
        json_object_set_new(q->entry, "url", json_string(q->url));
        json_object_set_new(q->entry, "attempts", json_integer(q->total_attempts));
        json_object_set_new(q->entry, "http_status", json_integer(status));
        json_object_set_new(q->entry, "fetched_at", json_string(ts));
        if (why.len)
            request_finish(q, 0, why.buf);
        else if (status == 301 || status == 302 || status == 303 || status == 307 ||
                 status == 308)
            again = follow_redirect(q, status, now);
        else
            take_content(q, status);
    }
    strbuf_release(&why);
    return again;
}
