/*
 * fetch.c: see fetch.h.
 *
 * The helpers here (responses, charsets, robots, private addresses, links)
 * serve the crawl engine at the end of the file.
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
#include "render.h"
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
    int keep_head; /* robots.txt: keep the first max_body bytes of a longer body */
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct response *r = ud;
    size_t n = size * nmemb;
    if ((long)(r->body.len + n) > r->max_body) {
        if (r->keep_head)
            strbuf_add(&r->body, ptr, (size_t)r->max_body - r->body.len);
        r->too_big = 1;
        return 0; /* curl stops the transfer */
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
                          const char *scope, json_t *found, char **pdf_url, char **title,
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
            else if (fetch_is_page_path(path) && !strncmp(path, scope, strlen(scope)))
                json_array_append_new(found, json_string(abs));
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

/* Offline: take the entry from the previous manifest when its bytes are stored. */
static int offline_page(const struct fetch_config *cfg, const char *url, json_t *prev,
                        json_t *entry, struct strbuf *body)
{
    struct strbuf path = STRBUF_INIT;
    struct odp_error e;
    int rc = -1;
    if (prev && jstr(prev, "sha256")) {
        workdir_raw_path(&path, cfg->workdir, jstr(prev, "sha256"));
        if (!fs_read_file(path.buf, body, &e)) {
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


/*
 * The crawl engine. Every source is a crawler with a queue; all crawlers run in
 * one curl multi handle, so many hosts are fetched in parallel while each host
 * gets at most crawl.per_host requests at a time and crawl.delay_ms between
 * the starts of two requests. A request is a small state machine: robots.txt,
 * then the site root, then the pages; a redirect on the same host restarts it
 * at the new URL, a timeout, 429 or 5xx puts it to sleep (Retry-After or
 * exponential backoff with jitter) and starts it again.
 */

enum req_kind { REQ_ROBOTS, REQ_ROOT, REQ_PAGE };

struct crawler;

struct request {
    struct crawler *cr;
    enum req_kind kind;
    CURL *easy;
    char *url;          /* the page URL as queued */
    char *cur;          /* where the redirect chain is now */
    size_t slot;        /* index in the crawler's pages (REQ_PAGE) */
    json_t *prev;       /* the ledger's entry for url, or NULL */
    json_t *entry;      /* the manifest entry being built */
    json_t *redirects, *visited;
    struct response resp;
    struct curl_slist *hdrs;
    char errbuf[CURL_ERROR_SIZE];
    int attempt, total_attempts, hop;
    double not_before;  /* monotonic seconds; a sleeping retry */
    struct request *next_sleeping;
};

struct host_state {
    char *host;
    int inflight;
    double next_start;
    double delay_s;        /* between the starts of two requests: crawl.delay_ms, or the
                            * robots.txt Crawl-delay when longer (up to FETCH_MAX_CRAWL_DELAY_S) */
    double last_start;
    int robots_state;      /* 0 not asked, 1 being fetched, 2 known: once per host and run */
    int retries_left;      /* the host's retry budget for this run */
    struct robots *robots; /* NULL: everything allowed */
    char *robots_error;    /* robots.txt unreachable: the whole host is disallowed tonight */
};

struct crawler {
    const struct source *src;
    const struct fetch_config *cfg;
    struct fetch_report *rep;
    struct host_state *host;
    struct socket_guard guard;
    struct curl_slist *resolve, *connect_to;
    long long run_id;
    int resumed;
    int phase;           /* 0 robots, -2 waiting for them, 1 root, -1 waiting for it,
                          * 2 pages, 3 done */
    int inflight;
    struct robots *robots; /* the host's, shared */
    json_t *queue, *seen, *external, *pages, *root;
    size_t next;         /* next queue index to start */
    char *pdf_url, *title;
    struct request *sleeping;
    int failed_root;
    char *scope;         /* path prefix of the document: "/" or "/begroting-2021/" */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Move b's bytes into a (a's old bytes are dropped). */
static void strbuf_swap_body(struct strbuf *a, struct strbuf *b)
{
    strbuf_reset(a);
    strbuf_add(a, b->buf, b->len);
}

static void resp_reset(struct response *r)
{
    strbuf_reset(&r->body);
    strbuf_reset(&r->etag);
    strbuf_reset(&r->last_modified);
    strbuf_reset(&r->retry_after);
    r->too_big = 0;
}

static void request_free(struct request *q)
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
    strbuf_release(&q->resp.body);
    strbuf_release(&q->resp.etag);
    strbuf_release(&q->resp.last_modified);
    strbuf_release(&q->resp.retry_after);
    free(q);
}

static void setup_easy(struct request *q)
{
    struct crawler *cr = q->cr;
    const struct crawl_settings *cs = cr->cfg->crawl;
    CURL *e = q->easy ? q->easy : curl_easy_init();
    q->easy = e;
    curl_easy_reset(e);
    curl_easy_setopt(e, CURLOPT_URL, q->cur);
    curl_easy_setopt(e, CURLOPT_PRIVATE, q);
    curl_easy_setopt(e, CURLOPT_RESOLVE, cr->resolve);
    curl_easy_setopt(e, CURLOPT_CONNECT_TO, cr->connect_to);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &cr->guard);
    curl_easy_setopt(e, CURLOPT_USERAGENT, cr->cfg->user_agent);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L); /* redirects are checked one by one */
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)cs->connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)cs->timeout_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 100L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)cs->low_speed_s);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, q->hdrs);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &q->resp);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &q->resp);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, q->errbuf);
    q->errbuf[0] = '\0';
    resp_reset(&q->resp);
}

static struct request *request_new(struct crawler *cr, enum req_kind kind, const char *url)
{
    struct request *q = calloc(1, sizeof(*q));
    q->cr = cr;
    q->kind = kind;
    q->url = strdup(url);
    q->cur = strdup(url);
    q->entry = json_object();
    q->redirects = json_array();
    q->visited = json_object();
    strbuf_init(&q->resp.body, 0);
    strbuf_init(&q->resp.etag, 0);
    strbuf_init(&q->resp.last_modified, 0);
    strbuf_init(&q->resp.retry_after, 0);
    q->resp.max_body = kind == REQ_ROBOTS ? ROBOTS_MAX_BYTES : cr->cfg->crawl->max_body;
    q->resp.keep_head = kind == REQ_ROBOTS;
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

/* Store a 200's body as UTF-8 in the raw store; fill the entry. 0 on success. */
static int store_body(struct request *q, struct strbuf *utf8, struct strbuf *why)
{
    struct crawler *cr = q->cr;
    char *ct = NULL;
    curl_easy_getinfo(q->easy, CURLINFO_CONTENT_TYPE, &ct);
    char declared[48];
    charset_detect(ct, q->resp.body.buf, q->resp.body.len, declared, sizeof(declared));
    const char *used = "utf-8";
    long invalid = 0;
    charset_to_utf8(declared, q->resp.body.buf, q->resp.body.len, utf8, &used, &invalid);
    if (invalid)
        log_warn("%s: %ld bytes invalid in %s, replaced by U+FFFD", q->cur, invalid, used);
    char sha[SHA256_HEX_LEN + 1];
    sha256_hex(utf8->buf, utf8->len, sha);
    struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT;
    workdir_raw_path(&path, cr->cfg->workdir, sha);
    strbuf_addf(&dir, "%s/raw/%.2s", cr->cfg->workdir, sha);
    struct odp_error e = {0};
    int rc = 0;
    if (!fs_exists(path.buf)) {
        rc = fs_mkdir_p(dir.buf, &e);
        if (!rc)
            rc = atomic_write(path.buf, utf8->buf, utf8->len, &e);
    }
    strbuf_release(&path);
    strbuf_release(&dir);
    if (rc) {
        strbuf_addstr(why, e.msg);
        return rc;
    }
    const char *prev_sha = q->prev ? jstr(q->prev, "sha256") : NULL;
    int same = prev_sha && !strcmp(prev_sha, sha);
    const char *first = same ? jstr(q->prev, "content_fetched_at") : NULL;
    json_object_set_new(q->entry, "sha256", json_string(sha));
    json_object_set_new(q->entry, "content_fetched_at",
                        first ? json_string(first) : json_incref(json_object_get(q->entry, "fetched_at")));
    json_object_set_new(q->entry, "changed", json_boolean(!same));
    json_object_set_new(q->entry, "charset", json_string(used));
    if (invalid)
        json_object_set_new(q->entry, "invalid_bytes", json_integer(invalid));
    if (strcmp(used, "utf-8")) {
        char osha[SHA256_HEX_LEN + 1];
        sha256_hex(q->resp.body.buf, q->resp.body.len, osha);
        json_object_set_new(q->entry, "original_sha256", json_string(osha));
    }
    if (q->resp.etag.len)
        json_object_set_new(q->entry, "etag", json_string(q->resp.etag.buf));
    if (q->resp.last_modified.len)
        json_object_set_new(q->entry, "last_modified", json_string(q->resp.last_modified.buf));
    return 0;
}

/* Render the page with chromium and store the DOM it built in place of the
 * shell. 0 on success. */
static int render_page(struct request *q, struct strbuf *dom, struct strbuf *why)
{
    struct crawler *cr = q->cr;
    struct strbuf shell = STRBUF_INIT;
    if (store_body(q, &shell, why)) {
        strbuf_release(&shell);
        return -1;
    }
    json_t *shell_sha = json_incref(json_object_get(q->entry, "sha256"));
    /* chromium goes where libcurl went for the shell: the address its guard vetted */
    char *ip = NULL;
    long port = 0;
    curl_easy_getinfo(q->easy, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(q->easy, CURLINFO_PRIMARY_PORT, &port);
    struct render_target t = {q->cur, ip ? ip : "", port, cr->cfg->crawl->timeout_s,
                              (size_t)cr->cfg->crawl->max_body, &fetch_stop};
    int rc = render_chromium(&t, dom, why);
    if (!rc) {
        /* the rendered DOM goes through the same store as fetched bytes */
        strbuf_swap_body(&q->resp.body, dom);
        json_object_del(q->entry, "charset");
        strbuf_reset(dom);
        rc = store_body(q, dom, why);
        json_object_set_new(q->entry, "rendered", json_string("chromium"));
        json_object_set(q->entry, "shell_sha256", shell_sha);
    } else {
        /* the shell is not the page: a page that did not render is not stored
         * (extract would read "Laden..."); a copy from an earlier night is kept */
        static const char *const stored[] = {"sha256",  "content_fetched_at", "changed",
                                             "charset", "invalid_bytes", "original_sha256",
                                             "etag",    "last_modified",      NULL};
        for (int k = 0; stored[k]; k++)
            json_object_del(q->entry, stored[k]);
        json_object_set(q->entry, "shell_sha256", shell_sha);
    }
    json_decref(shell_sha);
    strbuf_release(&shell);
    return rc;
}

/* A page (or root) has its body: record it, find its links. */
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
static void page_done(struct request *q, struct strbuf *body)
{
    struct crawler *cr = q->cr;
    if (body) {
        char *stamp = find_build_stamp(body->buf);
        if (stamp) {
            json_object_set_new(q->entry, "build_stamp", json_string(stamp));
            free(stamp);
        }
    }
    if (q->kind == REQ_ROOT) {
        json_t *links = json_array();
        collect_links(body, q->url, cr->src->host, cr->scope, links, &cr->pdf_url, &cr->title,
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
        collect_links(body, q->url, cr->src->host, cr->scope, links, &cr->pdf_url, NULL,
                      cr->external);
        if (sha && !cr->cfg->offline)
            ledger_links_put(cr->cfg->ledger, sha, links);
        strbuf_release(&loaded);
    }
    enqueue(cr, links);
    json_decref(links);
}

static void request_finish(struct request *q, int ok, const char *why)
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
        if (!h->robots) {
            strbuf_addf(&unavailable, "%s: out of memory while reading robots.txt", q->cur);
            h->robots_error = strbuf_detach(&unavailable, NULL);
        }
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
        char *next = loc ? url_resolve(q->cur, loc) : NULL;
        char *nh = next ? url_host(next) : NULL;
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

/* Handle a finished transfer: done, redirect, retry or fail. Returns 1 when
 * the request goes on (restart now or later), 0 when it is finished. */
static int request_result(struct request *q, CURLcode cc, double now)
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
        if (cr->guard.refused[0])
            strbuf_addf(&why, "refused: the host resolves to the private address %s (name it "
                        "with --resolve, or set crawl.allow_private)", cr->guard.refused);
        else if (q->resp.too_big)
            strbuf_addf(&why, "body larger than %ld bytes", q->resp.max_body);
        else if (cc == CURLE_PARTIAL_FILE)
            strbuf_addf(&why, "truncated body (%s)", q->errbuf[0] ? q->errbuf : curl_easy_strerror(cc));
        else
            strbuf_addf(&why, "%s", q->errbuf[0] ? q->errbuf : curl_easy_strerror(cc));
        retry = !cr->guard.refused[0] && !q->resp.too_big &&
                (cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_COULDNT_CONNECT ||
                 cc == CURLE_RECV_ERROR || cc == CURLE_PARTIAL_FILE ||
                 cc == CURLE_GOT_NOTHING || cc == CURLE_SEND_ERROR);
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
            long wait_ms = retry_after_seconds(q->resp.retry_after.buf) * 1000;
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
    if (q->kind == REQ_ROBOTS) {
        int again = robots_result(q, cc, status, why.buf, now);
        strbuf_release(&why);
        return again;
    }
    json_object_set_new(q->entry, "url", json_string(q->url));
    json_object_set_new(q->entry, "attempts", json_integer(q->total_attempts));
    json_object_set_new(q->entry, "http_status", json_integer(status));
    json_object_set_new(q->entry, "fetched_at", json_string(ts));
    if (why.len) {
        request_finish(q, 0, why.buf);
        strbuf_release(&why);
        return 0;
    }
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        char *loc = NULL;
        curl_easy_getinfo(q->easy, CURLINFO_REDIRECT_URL, &loc);
        char *next = loc ? url_resolve(q->cur, loc) : NULL;
        json_array_append_new(q->redirects, json_pack("{s:s,s:i,s:s?}", "from", q->cur, "status",
                                                      (int)status, "to", next));
        json_object_set(q->entry, "redirects", q->redirects);
        char *nh = next ? url_host(next) : NULL;
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
    struct strbuf body = STRBUF_INIT;
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
        ok = render_page(q, &body, &why) == 0;
    } else {
        ok = store_body(q, &body, &why) == 0;
        if (ok && render_is_app_shell(body.buf, body.len)) {
            log_warn("%s: an empty JavaScript application shell; its content needs "
                     "\"render\": \"chromium\" on source \"%s\"", q->url, cr->src->id);
            json_object_set_new(q->entry, "app_shell", json_true());
        }
    }
    if (ok)
        page_done(q, no_body ? NULL : &body);
    request_finish(q, ok, why.buf);
    strbuf_release(&body);
    strbuf_release(&why);
    return 0;
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
    char *path = url_path(src->url);
    char *slash = path ? strchr(path + 1, '/') : NULL;
    if (slash)
        slash[1] = '\0';
    else if (path)
        path[1] = '\0';
    cr->scope = path ? path : strdup("/");
    /* HOST:PORT:ADDR is curl's --resolve; HOST:PORT:ADDR:PORT2 also changes the
     * port (curl's --connect-to), so a demo can serve real host names on any
     * port. A host named there may be on a private or loopback address. */
    cr->guard.allow = cfg->crawl->allow_private;
    for (size_t i = 0; i < cfg->nresolve; i++) {
        int colons = 0;
        for (const char *p = cfg->resolve[i]; *p; p++)
            colons += *p == ':';
        if (colons == 3)
            cr->connect_to = curl_slist_append(cr->connect_to, cfg->resolve[i]);
        else
            cr->resolve = curl_slist_append(cr->resolve, cfg->resolve[i]);
        size_t hl = strcspn(cfg->resolve[i], ":");
        if (hl == strlen(src->host) && !strncasecmp(cfg->resolve[i], src->host, hl))
            cr->guard.allow = 1;
    }
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
            const char *hp = strstr(cr->src->url, "://") + 3;
            struct strbuf u = STRBUF_INIT;
            strbuf_add(&u, cr->src->url, (size_t)(hp - cr->src->url));
            strbuf_add(&u, hp, strcspn(hp, "/?#"));
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
        if (reuse && !offline_page(cr->cfg, cr->src->url, q->prev, q->entry, body)) {
            page_done(q, body);
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
        char *path = url_path(url);
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
        if (reuse && !offline_page(cr->cfg, url, q->prev, q->entry, body)) {
            if (!cr->cfg->offline)
                cr->rep->pages_resumed++;
            page_done(q, body);
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
        rc = json_write_path(mpath.buf, manifest, err);
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
    curl_slist_free_all(cr->resolve);
    curl_slist_free_all(cr->connect_to);
    return rc;
}

volatile sig_atomic_t fetch_stop;
double fetch_wait_seconds;

int fetch_run(const struct source *const *srcs, size_t n, const struct fetch_config *cfg,
              struct fetch_report *reps, int *rcs, struct odp_error *errs)
{
    struct strbuf dir = STRBUF_INIT, body = STRBUF_INIT;
    strbuf_addf(&dir, "%s/fetch", cfg->workdir);
    int rc = fs_mkdir_p(dir.buf, &errs[0]);
    strbuf_release(&dir);
    if (rc)
        return rc;
    struct crawler *crs = calloc(n ? n : 1, sizeof(*crs));
    struct host_state *hosts = calloc(n ? n : 1, sizeof(*hosts));
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
    CURLM *multi = curl_multi_init();
    /* the per-host limit is the scheduler's (host_state): curl's own
     * CURLMOPT_MAX_HOST_CONNECTIONS would count --resolve'd hosts by address */
    int running = 0;
    /* the requests under way, so that a stop can end them at once */
    size_t nlive = 0, livecap = 16;
    struct request **live = malloc(livecap * sizeof(*live));
    /* a progress line on a terminal; plain log lines otherwise */
    int progress = isatty(2) && !log_is_quiet();
    double started = now_s(), shown = 0;
    for (;;) {
        double now = now_s();
        if (fetch_stop) {
            /* asked to stop: end the transfers under way without recording
             * them (the next run fetches those pages), however slow the server */
            for (size_t k = 0; k < nlive; k++) {
                curl_multi_remove_handle(multi, live[k]->easy);
                live[k]->cr->inflight--;
                live[k]->cr->host->inflight--;
                request_free(live[k]);
            }
            nlive = 0;
            break;
        }
        if (progress && now - shown >= 0.5) {
            long done = 0, queued = 0;
            for (size_t i = 0; i < n; i++) {
                done += crs[i].rep->pages_ok + crs[i].rep->pages_failed + crs[i].rep->pages_skipped;
                queued += crs[i].queue ? (long)json_array_size(crs[i].queue) : 0;
            }
            fprintf(stderr, "\rodp-fetch: %ld / %ld pages, %.0f pages/s   ", done, queued,
                    done / (now - started + 1e-9));
            shown = now;
        }
        int all_done = 1;
        double wake = now + 0.25;
        for (size_t i = 0; i < n; i++) {
            struct crawler *cr = &crs[i];
            struct host_state *h = cr->host;
            while (!fetch_stop && h->inflight < cfg->crawl->per_host && now >= h->next_start) {
                struct request *q = crawler_next(cr, now, &body);
                if (!q)
                    break;
                if (nlive == livecap) {
                    struct request **more = realloc(live, 2 * livecap * sizeof(*live));
                    if (!more) { /* out of memory: start nothing more now */
                        q->next_sleeping = cr->sleeping;
                        cr->sleeping = q;
                        break;
                    }
                    live = more;
                    livecap *= 2;
                }
                live[nlive++] = q;
                q->attempt++;
                setup_easy(q);
                cr->guard.refused[0] = '\0';
                curl_multi_add_handle(multi, q->easy);
                cr->inflight++;
                h->inflight++;
                h->last_start = now;
                h->next_start = now + h->delay_s;
            }
            if (h->next_start > now && h->next_start < wake)
                wake = h->next_start;
            for (struct request *s = cr->sleeping; s; s = s->next_sleeping)
                if (s->not_before < wake)
                    wake = s->not_before;
            if (!crawler_done(cr))
                all_done = 0;
        }
        if (all_done && running == 0)
            break;
        curl_multi_perform(multi, &running);
        CURLMsg *msg;
        int left, finished = 0;
        while ((msg = curl_multi_info_read(multi, &left))) {
            finished++;
            if (msg->msg != CURLMSG_DONE)
                continue;
            struct request *q = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&q);
            CURLcode cc = msg->data.result;
            curl_multi_remove_handle(multi, msg->easy_handle);
            for (size_t k = 0; k < nlive; k++)
                if (live[k] == q) {
                    live[k] = live[--nlive];
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
        if (finished)
            continue; /* slots came free: start the next requests at once */
        double wait = wake - now_s();
        int ms = wait > 0 ? (int)(wait * 1000) + 1 : 0;
        if (ms > 250)
            ms = 250;
        double w0 = now_s();
        curl_multi_poll(multi, NULL, 0, ms, NULL);
        fetch_wait_seconds += now_s() - w0;
    }
    ledger_flush(cfg->ledger);
    if (progress)
        fputs("\n", stderr);
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
    curl_multi_cleanup(multi);
    free(live);
    for (size_t i = 0; i < nhosts; i++) {
        robots_free(hosts[i].robots);
        free(hosts[i].robots_error);
    }
    free(crs);
    free(hosts);
    strbuf_release(&body);
    return 0;
}
