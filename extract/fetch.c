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

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "atomic_file.h"
#include "charset.h"
#include "robots.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "sha256.h"
#include "strbuf.h"
#include "url.h"
#include "workdir.h"


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
    struct strbuf retry_after;
    long max_body;
    int too_big;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct response *r = ud;
    size_t n = size * nmemb;
    if ((long)(r->body.len + n) > r->max_body) {
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
    header_value(ptr, n, "ETag", &r->etag);
    header_value(ptr, n, "Last-Modified", &r->last_modified);
    header_value(ptr, n, "Retry-After", &r->retry_after);
    return n;
}

/* Seconds to wait from a Retry-After value: delta-seconds or an HTTP-date. */
static long retry_after_seconds(const char *v)
{
    if (!v || !*v)
        return 0;
    char *end;
    long s = strtol(v, &end, 10);
    if (*end == '\0')
        return s > 0 ? s : 0;
    time_t t = curl_getdate(v, NULL);
    if (t < 0)
        return 0;
    long d = (long)(t - time(NULL));
    return d > 0 ? d : 1;
}

/* ---- refusing private addresses ---- */

struct socket_guard {
    int allow;              /* the host was named with --resolve, or crawl.allow_private */
    char refused[64];       /* the address refused, for the error message */
};

static int is_private(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const unsigned char *a = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
        return a[0] == 127 || a[0] == 10 || a[0] == 0 || (a[0] == 172 && (a[1] & 0xF0) == 16) ||
               (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) ||
               (a[0] == 100 && (a[1] & 0xC0) == 64);
    }
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_UNSPECIFIED(a) ||
            (a->s6_addr[0] & 0xFE) == 0xFC)
            return 1;
        if (IN6_IS_ADDR_V4MAPPED(a)) {
            struct sockaddr_in v4 = {0};
            v4.sin_family = AF_INET;
            memcpy(&v4.sin_addr, a->s6_addr + 12, 4);
            return is_private((const struct sockaddr *)&v4);
        }
    }
    return 0;
}

static curl_socket_t open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *addr)
{
    struct socket_guard *g = clientp;
    if (!g->allow && is_private(&addr->addr)) {
        char host[INET6_ADDRSTRLEN] = "?";
        if (addr->family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&addr->addr)->sin_addr, host, sizeof(host));
        else if (addr->family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&addr->addr)->sin6_addr, host,
                      sizeof(host));
        snprintf(g->refused, sizeof(g->refused), "%s", host);
        return CURL_SOCKET_BAD;
    }
    return socket(addr->family, addr->socktype, addr->protocol);
}

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

/* Collect page links and the PDF link of an HTML body. Links to other hosts
 * are recorded in `external`, never followed. */
static void collect_links(const struct strbuf *body, const char *base, const char *host,
                          json_t *queue_urls, json_t *seen, char **pdf_url, char **title,
                          json_t *external)
{
    htmlDocPtr doc = htmlReadMemory(body->buf, (int)body->len, base, "UTF-8",
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
        } else if (h && external && !json_object_get(external, h)) {
            json_object_set_new(external, h, json_string(abs));
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

/* Per-source crawl state shared by its requests. */
struct crawl {
    CURL *curl;
    const struct fetch_config *cfg;
    const struct source *src;
    struct socket_guard guard;
    int retries_left;      /* the source's retry budget */
    struct timespec last;  /* when the last request to the host started */
};

static void polite_wait(struct crawl *c)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long since = (now.tv_sec - c->last.tv_sec) * 1000 + (now.tv_nsec - c->last.tv_nsec) / 1000000;
    if (c->last.tv_sec && since < c->cfg->crawl->delay_ms)
        usleep((useconds_t)(c->cfg->crawl->delay_ms - since) * 1000);
    clock_gettime(CLOCK_MONOTONIC, &c->last);
}

/* One HTTP exchange with retries. Returns the HTTP status (0 on a transport
 * error, with why filled). */
static long exchange(struct crawl *c, const char *url, struct curl_slist *hdrs,
                     struct response *r, int *attempts, struct strbuf *why)
{
    const struct crawl_settings *cs = c->cfg->crawl;
    long status = 0;
    char errbuf[CURL_ERROR_SIZE];
    for (*attempts = 1;; (*attempts)++) {
        strbuf_reset(&r->body);
        strbuf_reset(&r->etag);
        strbuf_reset(&r->last_modified);
        strbuf_reset(&r->retry_after);
        strbuf_reset(why);
        r->too_big = 0;
        errbuf[0] = '\0';
        c->guard.refused[0] = '\0';
        polite_wait(c);
        curl_easy_setopt(c->curl, CURLOPT_URL, url);
        curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
        curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
        curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, errbuf);
        CURLcode cc = curl_easy_perform(c->curl);
        status = 0;
        int retry = 0;
        if (cc != CURLE_OK) {
            if (c->guard.refused[0])
                strbuf_addf(why, "refused: the host resolves to the private address %s (name it "
                            "with --resolve, or set crawl.allow_private)", c->guard.refused);
            else if (r->too_big)
                strbuf_addf(why, "body larger than %ld bytes", cs->max_body);
            else if (cc == CURLE_PARTIAL_FILE)
                strbuf_addf(why, "truncated body (%s)", errbuf[0] ? errbuf : curl_easy_strerror(cc));
            else
                strbuf_addf(why, "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
            retry = !c->guard.refused[0] && !r->too_big &&
                    (cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_COULDNT_CONNECT ||
                     cc == CURLE_RECV_ERROR || cc == CURLE_PARTIAL_FILE ||
                     cc == CURLE_GOT_NOTHING || cc == CURLE_SEND_ERROR);
        } else {
            curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
            if (status == 200 || status == 304 || (status >= 300 && status < 400))
                return status;
            strbuf_addf(why, "HTTP %ld", status);
            retry = status == 429 || status >= 500;
        }
        if (!retry || *attempts >= cs->max_attempts)
            break;
        if (c->retries_left <= 0) {
            strbuf_addstr(why, " (the source's retry budget is spent)");
            break;
        }
        c->retries_left--;
        long wait_ms = retry_after_seconds(r->retry_after.buf) * 1000;
        if (!wait_ms) /* exponential backoff with jitter */
            wait_ms = (500L << (*attempts - 1)) + rand() % 250;
        if (wait_ms > 120000)
            wait_ms = 120000;
        log_info("%s: %s, retry %d in %ld ms", url, why->buf, *attempts, wait_ms);
        usleep((useconds_t)wait_ms * 1000);
    }
    return status;
}

/* GET url (following same-host redirects) with retries; fills entry (a
 * manifest object). Returns 0 when a body (new or unchanged) is available in
 * the raw store; body gets its bytes (UTF-8). */
static int get_page(struct crawl *c, const char *url, json_t *prev, json_t *entry,
                    struct strbuf *body)
{
    const struct fetch_config *cfg = c->cfg;
    struct response r = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, cfg->crawl->max_body, 0};
    struct strbuf raw_path = STRBUF_INIT, why = STRBUF_INIT;
    const char *prev_sha = prev ? jstr(prev, "sha256") : NULL;
    int have_prev = 0;
    if (prev_sha) {
        workdir_raw_path(&raw_path, cfg->workdir, prev_sha);
        have_prev = file_exists(raw_path.buf);
    }
    struct curl_slist *hdrs = NULL;
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

    char now[32];
    now_iso(now, sizeof(now));
    json_object_set_new(entry, "url", json_string(url));
    json_t *redirects = json_array();
    json_t *visited = json_object();
    char *cur = strdup(url);
    long status = 0;
    int attempts = 0, total_attempts = 0, rc = -1;
    for (int hop = 0;; hop++) {
        json_object_set_new(visited, cur, json_true());
        status = exchange(c, cur, hdrs, &r, &attempts, &why);
        total_attempts += attempts;
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
            break; /* not a redirect (304 is "unchanged") */
        char *loc = NULL;
        curl_easy_getinfo(c->curl, CURLINFO_REDIRECT_URL, &loc);
        char *next = loc ? url_resolve(cur, loc) : NULL;
        json_array_append_new(redirects, json_pack("{s:s,s:i,s:s?}", "from", cur, "status",
                                                   (int)status, "to", next));
        strbuf_reset(&why);
        char *nh = next ? url_host(next) : NULL;
        if (!next) {
            strbuf_addf(&why, "HTTP %ld without a usable Location", status);
        } else if (!nh || strcmp(nh, c->src->host)) {
            strbuf_addf(&why, "redirected to another host (%s), not followed", next);
        } else if (json_object_get(visited, next)) {
            strbuf_addf(&why, "redirect loop (%s -> %s)", cur, next);
        } else if (hop + 1 > cfg->crawl->max_redirects) {
            strbuf_addf(&why, "more than %d redirects", cfg->crawl->max_redirects);
        }
        free(nh);
        if (why.len) {
            free(next);
            status = 0;
            break;
        }
        free(cur);
        cur = next;
    }
    curl_slist_free_all(hdrs);
    json_object_set_new(entry, "attempts", json_integer(total_attempts));
    json_object_set_new(entry, "http_status", json_integer(status));
    json_object_set_new(entry, "fetched_at", json_string(now));
    if (json_array_size(redirects)) {
        json_object_set_new(entry, "redirects", json_incref(redirects));
        json_object_set_new(entry, "final_url", json_string(cur));
    }
    if (status == 304 && have_prev) {
        /* unchanged: keep the stored bytes and their first-fetch time */
        struct odp_error e;
        read_file(raw_path.buf, body, &e);
        json_object_set_new(entry, "sha256", json_string(prev_sha));
        const char *first = jstr(prev, "content_fetched_at");
        json_object_set_new(entry, "content_fetched_at", json_string(first ? first : now));
        json_object_set_new(entry, "changed", json_false());
        const char *keep[] = {"etag", "last_modified", "charset", "invalid_bytes", NULL};
        for (int k = 0; keep[k]; k++)
            if (json_object_get(prev, keep[k]))
                json_object_set(entry, keep[k], json_object_get(prev, keep[k]));
        rc = 0;
    } else if (status == 200) {
        /* the page as UTF-8: what the store keeps and every later stage reads */
        char *ct = NULL;
        curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
        char declared[48];
        charset_detect(ct, r.body.buf, r.body.len, declared, sizeof(declared));
        struct strbuf utf8 = STRBUF_INIT;
        const char *used = "utf-8";
        long invalid = 0;
        charset_to_utf8(declared, r.body.buf, r.body.len, &utf8, &used, &invalid);
        if (invalid)
            log_warn("%s: %ld bytes invalid in %s, replaced by U+FFFD", cur, invalid, used);
        char sha[SHA256_HEX_LEN + 1];
        sha256_hex(utf8.buf, utf8.len, sha);
        struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT;
        workdir_raw_path(&path, cfg->workdir, sha);
        strbuf_addf(&dir, "%s/raw/%.2s", cfg->workdir, sha);
        struct odp_error e = {0};
        int wrc = 0;
        if (!file_exists(path.buf)) {
            wrc = mkdir_p(dir.buf, &e);
            if (!wrc)
                wrc = atomic_write(path.buf, utf8.buf, utf8.len, &e);
        }
        if (wrc) {
            strbuf_addf(&why, "%s", e.msg);
        } else {
            int same = prev_sha && !strcmp(prev_sha, sha);
            const char *first = same ? jstr(prev, "content_fetched_at") : NULL;
            json_object_set_new(entry, "sha256", json_string(sha));
            json_object_set_new(entry, "content_fetched_at", json_string(first ? first : now));
            json_object_set_new(entry, "changed", json_boolean(!same));
            json_object_set_new(entry, "charset", json_string(used));
            if (invalid)
                json_object_set_new(entry, "invalid_bytes", json_integer(invalid));
            if (strcmp(used, "utf-8")) {
                char osha[SHA256_HEX_LEN + 1];
                sha256_hex(r.body.buf, r.body.len, osha);
                json_object_set_new(entry, "original_sha256", json_string(osha));
            }
            if (r.etag.len)
                json_object_set_new(entry, "etag", json_string(r.etag.buf));
            if (r.last_modified.len)
                json_object_set_new(entry, "last_modified", json_string(r.last_modified.buf));
            strbuf_add(body, utf8.buf, utf8.len);
            rc = 0;
        }
        strbuf_release(&utf8);
        strbuf_release(&path);
        strbuf_release(&dir);
    } else if (status == 304) {
        strbuf_addf(&why, "HTTP 304 but nothing stored for this URL");
    }
    if (rc)
        json_object_set_new(entry, "error", json_string(why.len ? why.buf : "failed"));
    free(cur);
    json_decref(redirects);
    json_decref(visited);
    strbuf_release(&why);
    strbuf_release(&raw_path);
    strbuf_release(&r.body);
    strbuf_release(&r.etag);
    strbuf_release(&r.last_modified);
    strbuf_release(&r.retry_after);
    return rc;
}

/* robots.txt of the source's host, fetched once per run; NULL when absent. */
static struct robots *load_robots(struct crawl *c)
{
    char *scheme_end = strstr(c->src->url, "://");
    struct strbuf u = STRBUF_INIT;
    strbuf_add(&u, c->src->url, (size_t)(scheme_end - c->src->url) + 3);
    const char *hp = scheme_end + 3;
    strbuf_add(&u, hp, strcspn(hp, "/?#"));
    strbuf_addstr(&u, "/robots.txt");
    struct response r = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 512L * 1024, 0};
    struct strbuf why = STRBUF_INIT;
    int attempts;
    int saved = c->retries_left;
    c->retries_left = 1;
    long status = exchange(c, u.buf, NULL, &r, &attempts, &why);
    c->retries_left = saved;
    struct robots *rb = NULL;
    if (status == 200)
        rb = robots_parse(r.body.buf, "odp");
    else if (status == 0)
        log_warn("%s: %s; crawling without robots.txt rules", u.buf, why.buf);
    strbuf_release(&u);
    strbuf_release(&why);
    strbuf_release(&r.body);
    strbuf_release(&r.etag);
    strbuf_release(&r.last_modified);
    strbuf_release(&r.retry_after);
    return rb;
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

/* Fetch url for this run: from the ledger when an interrupted run already
 * fetched it (resume), from the raw store when offline, else over HTTP with
 * the previous entry's validators. The entry is committed to the ledger. */
static int fetch_one(struct crawl *c, const char *url, long long run_id, int resuming,
                     json_t *entry, struct strbuf *body, int *was_resumed)
{
    long long prev_run = 0;
    json_t *prev = ledger_fetch_get(c->cfg->ledger, c->src->id, url, &prev_run);
    int rc;
    if (resuming && prev && prev_run == run_id && json_object_get(prev, "sha256")) {
        rc = offline_page(c->cfg, url, prev, entry, body);
        if (!rc) {
            if (was_resumed)
                *was_resumed = 1;
            json_decref(prev);
            return 0;
        }
        json_object_clear(entry);
        strbuf_reset(body);
    }
    if (c->cfg->offline)
        rc = offline_page(c->cfg, url, prev, entry, body);
    else
        rc = get_page(c, url, prev, entry, body);
    json_decref(prev);
    ledger_fetch_put(c->cfg->ledger, c->src->id, run_id, entry, NULL);
    return rc;
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
    const struct crawl_settings *cs = cfg->crawl;
    long long run_id = 0;
    int resumed = 0;
    rc = ledger_fetch_begin(cfg->ledger, src->id, &run_id, &resumed, err);
    if (rc)
        goto out;
    if (resumed)
        log_info("source \"%s\": resuming the fetch an interrupted run left unfinished", src->id);

    struct crawl c;
    memset(&c, 0, sizeof(c));
    c.curl = curl_easy_init();
    c.cfg = cfg;
    c.src = src;
    c.retries_left = cs->retry_budget;
    /* HOST:PORT:ADDR is curl's --resolve; HOST:PORT:ADDR:PORT2 also changes the
     * port (curl's --connect-to), so a demo can serve real host names on any
     * port. A host named there may be on a private or loopback address. */
    struct curl_slist *resolve = NULL, *connect_to = NULL;
    c.guard.allow = cs->allow_private;
    for (size_t i = 0; i < cfg->nresolve; i++) {
        int colons = 0;
        for (const char *p = cfg->resolve[i]; *p; p++)
            colons += *p == ':';
        if (colons == 3)
            connect_to = curl_slist_append(connect_to, cfg->resolve[i]);
        else
            resolve = curl_slist_append(resolve, cfg->resolve[i]);
        size_t hl = strcspn(cfg->resolve[i], ":");
        if (hl == strlen(src->host) && !strncasecmp(cfg->resolve[i], src->host, hl))
            c.guard.allow = 1;
    }
    CURL *curl = c.curl;
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &c.guard);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, cfg->user_agent);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); /* redirects are checked one by one */
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)cs->connect_timeout_s);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)cs->timeout_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 100L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, (long)cs->low_speed_s);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

    json_t *manifest = json_object();
    json_t *pages = json_array();
    json_t *queue = json_array();
    json_t *seen = json_object();
    json_t *external = json_object();
    char *pdf_url = NULL, *title = NULL;
    json_object_set_new(manifest, "source", json_string(src->id));
    struct robots *robots = cfg->offline ? NULL : load_robots(&c);

    /* the site root: document title and PDF link, and the start of the crawl */
    json_t *root = json_object();
    int root_rc = fetch_one(&c, src->url, run_id, resumed, root, &body, NULL);
    if (root_rc) {
        rep->source_failed = 1;
        snprintf(rep->first_error, sizeof(rep->first_error), "%s: %s", src->url,
                 jstr(root, "error") ? jstr(root, "error") : "failed");
    } else {
        json_t *links = json_array();
        collect_links(&body, src->url, src->host, src->npages ? json_array() : links, seen,
                      &pdf_url, &title, external);
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
        char *path = url_path(url);
        int allowed = robots_allowed(robots, path ? path : "/");
        free(path);
        if (!allowed) {
            log_info("%s: disallowed by robots.txt, not fetched", url);
            json_t *skip = json_pack("{s:s,s:s}", "url", url, "skipped", "disallowed by robots.txt");
            ledger_fetch_put(cfg->ledger, src->id, run_id, skip, NULL);
            json_array_append_new(pages, skip);
            rep->pages_skipped++;
            continue;
        }
        json_t *entry = json_object();
        strbuf_reset(&body);
        int was_resumed = 0;
        int prc = fetch_one(&c, url, run_id, resumed, entry, &body, &was_resumed);
        rep->pages_resumed += was_resumed;
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
                collect_links(&body, url, src->host, queue, seen, &pdf_url, NULL, external);
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
    json_object_set_new(manifest, "external_links", external);
    json_object_set_new(manifest, "pages", pages);
    free(pdf_url);
    free(title);

    /* A failed source keeps its previous manifest: what was fetched before stays usable. */
    if (!rep->source_failed)
        rc = json_write_path(mpath.buf, manifest, err);
    if (!rc)
        rc = ledger_fetch_end(cfg->ledger, run_id, rep->source_failed ? "failed" : "ok", err);
    robots_free(robots);
    json_decref(manifest);
    json_decref(queue);
    json_decref(seen);
    curl_slist_free_all(resolve);
    curl_slist_free_all(connect_to);
    curl_easy_cleanup(curl);
out:
    strbuf_release(&mpath);
    strbuf_release(&dir);
    strbuf_release(&body);
    return rc;
}
