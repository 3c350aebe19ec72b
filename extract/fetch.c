/*
 * fetch.c: see fetch.h.
 *
 * This first version fetches one page at a time per source with libcurl's easy
 * interface, retrying timeouts, 429 and 5xx with backoff (Retry-After honoured
 * up to a cap). It does not yet read robots.txt or run hosts in parallel.
 */
#include "fetch.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "atomic_file.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "sha256.h"
#include "strbuf.h"
#include "url.h"
#include "workdir.h"

#define MAX_BODY (32L * 1024 * 1024)

int fetch_is_page_path(const char *path)
{
    /* p-id: /p{digits}/{slug}[.html] */
    if (path[0] == '/' && path[1] == 'p' && isdigit((unsigned char)path[2])) {
        const char *p = path + 2;
        while (isdigit((unsigned char)*p))
            p++;
        if (*p != '/' || !p[1])
            return 0;
        p++;
        size_t n = strlen(p);
        if (n > 5 && !strcmp(p + n - 5, ".html"))
            n -= 5;
        for (size_t i = 0; i < n; i++)
            if (!(islower((unsigned char)p[i]) || isdigit((unsigned char)p[i]) || p[i] == '-'))
                return 0;
        return n > 0;
    }
    /* begrotingsapp / begrotingonline: /{doc}-{yyyy}.../programma/{slug} */
    const char *prog = strstr(path, "/programma/");
    if (prog && prog > path) {
        const char *slug = prog + strlen("/programma/");
        if (!*slug || strchr(slug, '/'))
            return 0;
        for (const char *p = path + 1; p < prog; p++)
            if (*p == '/')
                return 0;
        return 1;
    }
    return 0;
}

static int is_pdf_path(const char *path)
{
    size_t n = strlen(path);
    return strstr(path, "/assets/docs/") && n > 4 && !strcasecmp(path + n - 4, ".pdf");
}

static void now_iso(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct response {
    struct strbuf body;
    struct strbuf etag;
    struct strbuf last_modified;
    long retry_after;
    int too_big;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct response *r = ud;
    size_t n = size * nmemb;
    if (r->body.len + n > MAX_BODY) {
        r->too_big = 1;
        return 0;
    }
    strbuf_add(&r->body, ptr, n);
    return n;
}

static void header_value(const char *line, size_t n, const char *name, struct strbuf *out)
{
    size_t nl = strlen(name);
    if (n <= nl + 1 || strncasecmp(line, name, nl) || line[nl] != ':')
        return;
    strbuf_reset(out);
    strbuf_add(out, line + nl + 1, n - nl - 1);
    strbuf_trim(out);
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct response *r = ud;
    size_t n = size * nmemb;
    if (n > 5 && !strncmp(ptr, "HTTP/", 5)) { /* a new response (redirect): reset */
        strbuf_reset(&r->etag);
        strbuf_reset(&r->last_modified);
        r->retry_after = 0;
    }
    header_value(ptr, n, "ETag", &r->etag);
    header_value(ptr, n, "Last-Modified", &r->last_modified);
    if (n > 12 && !strncasecmp(ptr, "Retry-After:", 12)) {
        long v = strtol(ptr + 12, NULL, 10);
        r->retry_after = v > 0 ? v : 1;
    }
    return n;
}

struct page_state {
    char *url;
    json_t *prev; /* previous manifest entry, or NULL */
};

/* Find the build stamp "Deze pagina is gebouwd op ... met de export van ...". */
static char *find_build_stamp(const char *html)
{
    const char *p = strstr(html, "Deze pagina is gebouwd op ");
    if (!p)
        return NULL;
    p += strlen("Deze pagina is gebouwd op ");
    if (strlen(p) < 19)
        return NULL;
    return strndup(p, 19); /* MM/DD/YYYY HH:MM:SS */
}

/* Collect page links and the PDF link of an HTML body. */
static void collect_links(const struct strbuf *body, const char *base, const char *host,
                          json_t *queue_urls, json_t *seen, char **pdf_url, char **title)
{
    htmlDocPtr doc = htmlReadMemory(body->buf, (int)body->len, base, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc)
        return;
    xmlXPathContextPtr xp = xmlXPathNewContext(doc);
    xmlXPathObjectPtr res = xmlXPathEvalExpression((const xmlChar *)"//a/@href", xp);
    for (int i = 0; res && res->nodesetval && i < res->nodesetval->nodeNr; i++) {
        xmlChar *href = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
        char *abs = href ? url_resolve(base, (const char *)href) : NULL;
        xmlFree(href);
        if (!abs)
            continue;
        char *h = url_host(abs);
        char *path = url_path(abs);
        if (h && path && !strcmp(h, host)) {
            if (is_pdf_path(path) && !*pdf_url)
                *pdf_url = strdup(abs);
            else if (fetch_is_page_path(path) && !json_object_get(seen, abs)) {
                json_object_set_new(seen, abs, json_true());
                json_array_append_new(queue_urls, json_string(abs));
            }
        }
        free(h);
        free(path);
        free(abs);
    }
    xmlXPathFreeObject(res);
    if (title && !*title) {
        res = xmlXPathEvalExpression((const xmlChar *)"//title", xp);
        if (res && res->nodesetval && res->nodesetval->nodeNr > 0) {
            xmlChar *t = xmlNodeGetContent(res->nodesetval->nodeTab[0]);
            struct strbuf sb = STRBUF_INIT;
            int space = 0;
            for (const char *p = (const char *)t; p && *p; p++) {
                if (isspace((unsigned char)*p)) {
                    space = 1;
                    continue;
                }
                if (space && sb.len)
                    strbuf_addch(&sb, ' ');
                space = 0;
                strbuf_addch(&sb, *p);
            }
            *title = strbuf_detach(&sb, NULL);
            xmlFree(t);
        }
        xmlXPathFreeObject(res);
    }
    xmlXPathFreeContext(xp);
    xmlFreeDoc(doc);
}

/* GET url with retries; fills entry (a manifest object). Returns 0 when a
 * body (new or unchanged) is available in the raw store; body gets the bytes. */
static int get_page(CURL *curl, const struct fetch_config *cfg, const char *url, json_t *prev,
                    json_t *entry, struct strbuf *body)
{
    struct response r;
    struct curl_slist *hdrs = NULL;
    struct strbuf raw_path = STRBUF_INIT;
    const char *prev_sha = prev ? jstr(prev, "sha256") : NULL;
    int have_prev = 0;
    if (prev_sha) {
        workdir_raw_path(&raw_path, cfg->workdir, prev_sha);
        have_prev = file_exists(raw_path.buf);
    }
    if (have_prev && jstr(prev, "etag")) {
        struct strbuf h = STRBUF_INIT;
        strbuf_addf(&h, "If-None-Match: %s", jstr(prev, "etag"));
        hdrs = curl_slist_append(hdrs, h.buf);
        strbuf_release(&h);
    }
    if (have_prev && jstr(prev, "last_modified")) {
        struct strbuf h = STRBUF_INIT;
        strbuf_addf(&h, "If-Modified-Since: %s", jstr(prev, "last_modified"));
        hdrs = curl_slist_append(hdrs, h.buf);
        strbuf_release(&h);
    }

    strbuf_init(&r.body, 0);
    strbuf_init(&r.etag, 0);
    strbuf_init(&r.last_modified, 0);
    int ok = 0, attempts = 0;
    long status = 0;
    char errbuf[CURL_ERROR_SIZE];
    struct strbuf why = STRBUF_INIT;
    for (attempts = 1; attempts <= cfg->max_attempts; attempts++) {
        strbuf_reset(&r.body);
        strbuf_reset(&why);
        r.retry_after = 0;
        r.too_big = 0;
        errbuf[0] = '\0';
        curl_easy_setopt(curl, CURLOPT_URL, url);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
        CURLcode cc = curl_easy_perform(curl);
        status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        int retry = 0;
        if (cc != CURLE_OK) {
            strbuf_addf(&why, "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
            if (r.too_big)
                strbuf_addf(&why, " (body larger than %ld bytes)", MAX_BODY);
            retry = cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_COULDNT_CONNECT ||
                    cc == CURLE_RECV_ERROR || cc == CURLE_PARTIAL_FILE || cc == CURLE_GOT_NOTHING;
        } else if (status == 200 || status == 304) {
            ok = 1;
            break;
        } else {
            strbuf_addf(&why, "HTTP %ld", status);
            retry = status == 429 || status >= 500;
        }
        if (!retry || attempts == cfg->max_attempts)
            break;
        long wait_ms = r.retry_after ? r.retry_after * 1000 : 250L << (attempts - 1);
        if (wait_ms > 30000)
            wait_ms = 30000;
        wait_ms += rand() % 100; /* jitter */
        log_info("%s: %s, retrying in %ld ms", url, why.buf, wait_ms);
        usleep((useconds_t)wait_ms * 1000);
    }
    curl_slist_free_all(hdrs);

    char now[32];
    now_iso(now, sizeof(now));
    json_object_set_new(entry, "url", json_string(url));
    json_object_set_new(entry, "attempts", json_integer(attempts > cfg->max_attempts ? cfg->max_attempts : attempts));
    json_object_set_new(entry, "http_status", json_integer(status));
    json_object_set_new(entry, "fetched_at", json_string(now));
    int rc = -1;
    if (ok && status == 304 && have_prev) {
        /* unchanged: keep the stored bytes and their first-fetch time */
        struct odp_error e;
        read_file(raw_path.buf, body, &e);
        json_object_set_new(entry, "sha256", json_string(prev_sha));
        json_object_set_new(entry, "content_fetched_at",
                            json_string(jstr(prev, "content_fetched_at") ? jstr(prev, "content_fetched_at") : now));
        json_object_set_new(entry, "changed", json_false());
        rc = 0;
    } else if (ok && status == 200) {
        char sha[SHA256_HEX_LEN + 1];
        sha256_hex(r.body.buf, r.body.len, sha);
        struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT;
        workdir_raw_path(&path, cfg->workdir, sha);
        strbuf_addf(&dir, "%s/raw/%.2s", cfg->workdir, sha);
        struct odp_error e = {0};
        int wrc = 0;
        if (!file_exists(path.buf)) {
            wrc = mkdir_p(dir.buf, &e);
            if (!wrc)
                wrc = atomic_write(path.buf, r.body.buf, r.body.len, &e);
        }
        if (wrc) {
            strbuf_addf(&why, "%s", e.msg);
        } else {
            int same = prev_sha && !strcmp(prev_sha, sha);
            json_object_set_new(entry, "sha256", json_string(sha));
            json_object_set_new(entry, "content_fetched_at",
                                json_string(same && jstr(prev, "content_fetched_at")
                                                ? jstr(prev, "content_fetched_at")
                                                : now));
            json_object_set_new(entry, "changed", json_boolean(!same));
            if (r.etag.len)
                json_object_set_new(entry, "etag", json_string(r.etag.buf));
            if (r.last_modified.len)
                json_object_set_new(entry, "last_modified", json_string(r.last_modified.buf));
            strbuf_add(body, r.body.buf, r.body.len);
            rc = 0;
        }
        strbuf_release(&path);
        strbuf_release(&dir);
    } else if (ok) {
        strbuf_addf(&why, "HTTP 304 but nothing stored for this URL");
    }
    if (rc == 0 && prev && rc == 0) {
        /* keep validators from the previous response when a 304 had none */
        if (!json_object_get(entry, "etag") && jstr(prev, "etag") && status == 304)
            json_object_set_new(entry, "etag", json_string(jstr(prev, "etag")));
        if (!json_object_get(entry, "last_modified") && jstr(prev, "last_modified") &&
            status == 304)
            json_object_set_new(entry, "last_modified", json_string(jstr(prev, "last_modified")));
    }
    if (rc)
        json_object_set_new(entry, "error", json_string(why.buf));
    strbuf_release(&why);
    strbuf_release(&raw_path);
    strbuf_release(&r.body);
    strbuf_release(&r.etag);
    strbuf_release(&r.last_modified);
    return rc;
}

/* Offline: take the entry from the previous manifest when its bytes are stored. */
static int offline_page(const struct fetch_config *cfg, const char *url, json_t *prev,
                        json_t *entry, struct strbuf *body)
{
    struct strbuf path = STRBUF_INIT;
    struct odp_error e;
    int rc = -1;
    if (prev && jstr(prev, "sha256")) {
        workdir_raw_path(&path, cfg->workdir, jstr(prev, "sha256"));
        if (!read_file(path.buf, body, &e)) {
            json_object_update(entry, prev);
            json_object_set_new(entry, "changed", json_false());
            rc = 0;
        }
    }
    if (rc) {
        json_object_set_new(entry, "url", json_string(url));
        json_object_set_new(entry, "error", json_string("offline, and not in the raw store"));
    }
    strbuf_release(&path);
    return rc;
}

static json_t *index_prev(json_t *manifest)
{
    json_t *idx = json_object();
    json_t *pages = json_object_get(manifest, "pages"), *p;
    size_t i;
    json_array_foreach(pages, i, p) {
        if (jstr(p, "url"))
            json_object_set(idx, jstr(p, "url"), p);
    }
    json_t *root = json_object_get(manifest, "root");
    if (root && jstr(root, "url"))
        json_object_set(idx, jstr(root, "url"), root);
    return idx;
}

int fetch_source(const struct source *src, const struct fetch_config *cfg,
                 struct fetch_report *rep, struct odp_error *err)
{
    struct strbuf mpath = STRBUF_INIT, dir = STRBUF_INIT, body = STRBUF_INIT;
    memset(rep, 0, sizeof(*rep));
    workdir_fetch_manifest(&mpath, cfg->workdir, src->id);
    strbuf_addf(&dir, "%s/fetch", cfg->workdir);
    int rc = mkdir_p(dir.buf, err);
    if (rc)
        goto out;
    json_t *prev_manifest = file_exists(mpath.buf) ? json_load_path(mpath.buf, NULL) : NULL;
    json_t *prev = prev_manifest ? index_prev(prev_manifest) : json_object();

    CURL *curl = curl_easy_init();
    /* HOST:PORT:ADDR is curl's --resolve; HOST:PORT:ADDR:PORT2 also changes the
     * port (curl's --connect-to), so a demo can serve real host names on any port */
    struct curl_slist *resolve = NULL, *connect_to = NULL;
    for (size_t i = 0; i < cfg->nresolve; i++) {
        int colons = 0;
        for (const char *c = cfg->resolve[i]; *c; c++)
            colons += *c == ':';
        if (colons == 3)
            connect_to = curl_slist_append(connect_to, cfg->resolve[i]);
        else
            resolve = curl_slist_append(resolve, cfg->resolve[i]);
    }
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, cfg->user_agent);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, cfg->timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 100L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 15L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

    json_t *manifest = json_object();
    json_t *pages = json_array();
    json_t *queue = json_array();
    json_t *seen = json_object();
    char *pdf_url = NULL, *title = NULL;
    json_object_set_new(manifest, "source", json_string(src->id));

    /* the site root: document title and PDF link, and the start of the crawl */
    json_t *root = json_object();
    int root_rc = cfg->offline
                      ? offline_page(cfg, src->url, json_object_get(prev, src->url), root, &body)
                      : get_page(curl, cfg, src->url, json_object_get(prev, src->url), root, &body);
    if (root_rc) {
        rep->source_failed = 1;
        snprintf(rep->first_error, sizeof(rep->first_error), "%s: %s", src->url,
                 jstr(root, "error") ? jstr(root, "error") : "failed");
    } else {
        json_t *links = json_array();
        collect_links(&body, src->url, src->host, src->npages ? json_array() : links, seen,
                      &pdf_url, &title);
        if (src->npages) {
            for (size_t i = 0; i < src->npages; i++)
                json_array_append_new(queue, json_string(src->pages[i]));
        } else {
            json_array_extend(queue, links);
        }
        json_decref(links);
    }
    json_object_set_new(manifest, "root", root);

    for (size_t qi = 0; !rep->source_failed && qi < json_array_size(queue); qi++) {
        if ((int)json_array_size(pages) >= src->max_pages) {
            log_warn("%s: page limit %d reached; %zu links not followed", src->id,
                     src->max_pages, json_array_size(queue) - qi);
            break;
        }
        const char *url = json_string_value(json_array_get(queue, qi));
        json_t *entry = json_object();
        strbuf_reset(&body);
        json_t *p = json_object_get(prev, url);
        int prc = cfg->offline ? offline_page(cfg, url, p, entry, &body)
                               : get_page(curl, cfg, url, p, entry, &body);
        if (prc) {
            rep->pages_failed++;
            log_error("%s: %s", url, jstr(entry, "error"));
            if (!rep->first_error[0])
                snprintf(rep->first_error, sizeof(rep->first_error), "%s: %s", url,
                         jstr(entry, "error"));
        } else {
            rep->pages_ok++;
            if (json_is_false(json_object_get(entry, "changed")))
                rep->pages_unchanged++;
            char *stamp = find_build_stamp(body.buf);
            if (stamp) {
                json_object_set_new(entry, "build_stamp", json_string(stamp));
                free(stamp);
            }
            if (!src->npages)
                collect_links(&body, url, src->host, queue, seen, &pdf_url, NULL);
        }
        json_array_append_new(pages, entry);
    }
    if (!rep->source_failed && rep->pages_ok == 0) {
        rep->source_failed = 1;
        if (!rep->first_error[0])
            snprintf(rep->first_error, sizeof(rep->first_error),
                     "%s: no pages of the document were found", src->url);
    }
    json_object_set_new(manifest, "title", title ? json_string(title) : json_null());
    json_object_set_new(manifest, "pdf_url", pdf_url ? json_string(pdf_url) : json_null());
    json_object_set_new(manifest, "pages", pages);
    free(pdf_url);
    free(title);

    /* A failed source keeps its previous manifest: what was fetched before stays usable. */
    if (!rep->source_failed)
        rc = json_write_path(mpath.buf, manifest, err);
    json_decref(manifest);
    json_decref(queue);
    json_decref(seen);
    json_decref(prev);
    json_decref(prev_manifest);
    curl_slist_free_all(resolve);
    curl_slist_free_all(connect_to);
    curl_easy_cleanup(curl);
out:
    strbuf_release(&mpath);
    strbuf_release(&dir);
    strbuf_release(&body);
    return rc;
}
