/* http.c: see http.h. */
#include "http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

void http_response_init(struct http_response *r, long max_body, int keep_head)
{
    memset(r, 0, sizeof(*r));
    strbuf_init(&r->body, 0);
    strbuf_init(&r->etag, 0);
    strbuf_init(&r->last_modified, 0);
    strbuf_init(&r->retry_after, 0);
    r->max_body = max_body;
    r->keep_head = keep_head;
}

void http_response_reset(struct http_response *r)
{
    strbuf_reset(&r->body);
    strbuf_reset(&r->etag);
    strbuf_reset(&r->last_modified);
    strbuf_reset(&r->retry_after);
    r->too_big = 0;
}

void http_response_release(struct http_response *r)
{
    strbuf_release(&r->body);
    strbuf_release(&r->etag);
    strbuf_release(&r->last_modified);
    strbuf_release(&r->retry_after);
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct http_response *r = ud;
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
    struct http_response *r = ud;
    size_t n = size * nmemb;
    header_value(ptr, n, "ETag", &r->etag);
    header_value(ptr, n, "Last-Modified", &r->last_modified);
    header_value(ptr, n, "Retry-After", &r->retry_after);
    return n;
}

long http_retry_after_seconds(const char *v)
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
    struct http_client *g = clientp;
    if (!g->allow_private && is_private(&addr->addr)) {
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

/* ---- clients and transfers ---- */

void http_client_init(struct http_client *c, const char *host, const char *user_agent,
                      const struct crawl_settings *crawl, const char *const *resolve, size_t n)
{
    memset(c, 0, sizeof(*c));
    c->user_agent = user_agent;
    c->crawl = crawl;
    /* HOST:PORT:ADDR is curl's --resolve; HOST:PORT:ADDR:PORT2 also changes the
     * port (curl's --connect-to), so a demo can serve real host names on any
     * port. A host named there may be on a private or loopback address. */
    c->allow_private = crawl->allow_private;
    for (size_t i = 0; i < n; i++) {
        int colons = 0;
        for (const char *p = resolve[i]; *p; p++)
            colons += *p == ':';
        if (colons == 3)
            c->connect_to = curl_slist_append(c->connect_to, resolve[i]);
        else
            c->resolve = curl_slist_append(c->resolve, resolve[i]);
        size_t hl = strcspn(resolve[i], ":");
        if (hl == strlen(host) && !strncasecmp(resolve[i], host, hl))
            c->allow_private = 1;
    }
}

void http_client_release(struct http_client *c)
{
    curl_slist_free_all(c->resolve);
    curl_slist_free_all(c->connect_to);
    c->resolve = c->connect_to = NULL;
}

void http_easy_setup(CURL **easy, struct http_client *c, const char *url, void *priv,
                     struct curl_slist *hdrs, struct http_response *resp, char *errbuf)
{
    const struct crawl_settings *cs = c->crawl;
    CURL *e = *easy ? *easy : curl_easy_init();
    *easy = e;
    curl_easy_reset(e);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, priv);
    curl_easy_setopt(e, CURLOPT_RESOLVE, c->resolve);
    curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, c);
    curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L); /* redirects are checked one by one */
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)cs->connect_timeout_s);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, (long)cs->timeout_s);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 100L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)cs->low_speed_s);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, resp);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
    errbuf[0] = '\0';
    http_response_reset(resp);
}

int http_failure(CURLcode cc, const struct http_client *c, const struct http_response *resp,
                 const char *errbuf, struct strbuf *why)
{
    if (c->refused[0])
        strbuf_addf(why, "refused: the host resolves to the private address %s (name it "
                    "with --resolve, or set crawl.allow_private)", c->refused);
    else if (resp->too_big)
        strbuf_addf(why, "body larger than %ld bytes", resp->max_body);
    else if (cc == CURLE_PARTIAL_FILE)
        strbuf_addf(why, "truncated body (%s)", errbuf[0] ? errbuf : curl_easy_strerror(cc));
    else
        strbuf_addf(why, "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
    return !c->refused[0] && !resp->too_big &&
           (cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_COULDNT_CONNECT ||
            cc == CURLE_RECV_ERROR || cc == CURLE_PARTIAL_FILE || cc == CURLE_GOT_NOTHING ||
            cc == CURLE_SEND_ERROR);
}
