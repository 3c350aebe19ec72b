/*
 * render.c: see render.h.
 *
 * chromium is driven over the DevTools protocol on a socket given to it as
 * fds 3 and 4 (--remote-debugging-pipe): messages are JSON, each ended by a
 * NUL. That, and not --dump-dom, because --dump-dom takes the DOM at the load
 * event, before an application's timers and data requests have filled it, and
 * --virtual-time-budget only fast-forwards timers for a fixed while: neither
 * can tell a page that has settled from one that never does, so both store
 * whatever is there when the time is up. Over the protocol we see every
 * request start and end and count DOM mutations, so we can wait for the
 * moment the application is done and report a page that never gets there.
 *
 * Deliberately not done: reusing one browser for many pages (a fresh profile
 * per page keeps pages from sharing cookies, caches or state); running the
 * page's frames' own idle detection (the counters are the top document's,
 * which is where the content of these applications lives).
 */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>

#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "xalloc.h"

static void visible_text(xmlNodePtr n, size_t *len, int *scripts)
{
    for (xmlNodePtr c = n; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const xmlChar *p = c->content; p && *p; p++)
                *len += *p > ' ';
        } else if (c->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)c->name;
            if (!strcasecmp(name, "script")) {
                (*scripts)++;
                continue;
            }
            if (!strcasecmp(name, "style") || !strcasecmp(name, "noscript") ||
                !strcasecmp(name, "head"))
                continue;
            visible_text(c->children, len, scripts);
        }
    }
}

int render_is_app_shell(const char *html, size_t len)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET);
    if (!doc)
        return 0;
    size_t text = 0;
    int scripts = 0;
    visible_text(xmlDocGetRootElement(doc), &text, &scripts);
    /* a whole page head counts scripts too: look at the head's scripts as well */
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "head"))
            for (xmlNodePtr s = c->children; s; s = s->next)
                scripts +=
                    s->type == XML_ELEMENT_NODE && !strcasecmp((const char *)s->name, "script");
    xmlFreeDoc(doc);
    return scripts > 0 && text < 80;
}

/* ---- the DevTools session ---- */

/* How long the network and the DOM must both be still for the page to count as
 * settled. Puppeteer's "networkidle0" uses 500 ms; twice that leaves room for
 * an application that waits on a timer before its data request, at the cost of
 * one second per page. */
#define QUIET_MS 1000
/* How often the mutation counter is read. */
#define POLL_MS 100
/* Counts every DOM mutation of the top document from before the page's first
 * script runs; the page sees only a read-only number. */
static const char observer_js[] =
    "(function(){if(window.top!==window)return;var n=0;"
    "Object.defineProperty(window,'__odpMutations',{get:function(){return n;}});"
    "new MutationObserver(function(r){n+=r.length;}).observe(document,"
    "{subtree:true,childList:true,attributes:true,characterData:true});})();";

struct cdp {
    int fd;
    pid_t pid;
    double deadline;
    const volatile sig_atomic_t *stop;
    size_t max_bytes;
    struct strbuf in; /* bytes read, not yet a whole message */
    long next_id;
    char *session; /* the page's flat session */
    json_t *reply; /* the reply to the call being waited for */
    long want;     /* its id */
    /* the page, from its events */
    char *loader;           /* the navigation's loader id (its document's request id) */
    int doc_status;         /* the HTTP status chromium got for the document */
    json_t *open;           /* request id -> URL of the requests not finished */
    double last_net;        /* when a request last started or ended */
    size_t bytes;           /* bytes the page loaded */
    struct strbuf failed;   /* the first failed request, for the message */
    int nfailed;            /* and how many failed */
    struct strbuf last_url; /* the request started last, for the message */
    int dead;               /* chromium closed the pipe */
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Send a command; params is stolen. Returns its id, or -1. */
static long cdp_send(struct cdp *c, const char *method, json_t *params, int in_session)
{
    long id = ++c->next_id;
    json_t *m = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "method", method, "params",
                          params ? params : json_object());
    if (in_session && c->session)
        json_object_set_new(m, "sessionId", json_string(c->session));
    char *s = json_dumps(m, JSON_COMPACT);
    json_decref(m);
    if (!s)
        return -1;
    size_t len = strlen(s) + 1; /* with its NUL */
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(c->fd, s + off, len - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            free(s);
            c->dead = 1;
            return -1;
        }
        off += (size_t)n;
    }
    free(s);
    return id;
}

static void request_ended(struct cdp *c, json_t *p)
{
    const char *rid = jstr(p, "requestId");
    if (rid && json_object_get(c->open, rid)) {
        json_object_del(c->open, rid);
        c->last_net = now_ms();
    }
}

/* One message from chromium: an event updates the page's state, the awaited
 * reply is kept. */
static void cdp_message(struct cdp *c, json_t *m)
{
    json_t *id = json_object_get(m, "id");
    if (id) {
        if (json_integer_value(id) == c->want && !c->reply)
            c->reply = json_incref(m);
        return;
    }
    const char *method = jstr(m, "method");
    json_t *p = json_object_get(m, "params");
    if (!method || !p)
        return;
    if (!strcmp(method, "Network.requestWillBeSent")) {
        const char *rid = jstr(p, "requestId");
        json_t *req = json_object_get(p, "request");
        if (rid) {
            const char *u = jstr(req, "url") ? jstr(req, "url") : "";
            json_object_set_new(c->open, rid, json_string(u));
            strbuf_reset(&c->last_url);
            strbuf_addstr(&c->last_url, u);
            c->last_net = now_ms();
        }
    } else if (!strcmp(method, "Network.dataReceived")) {
        c->bytes += (size_t)jint(p, "dataLength", 0);
    } else if (!strcmp(method, "Network.responseReceived")) {
        const char *rid = jstr(p, "requestId");
        if (rid && c->loader && !strcmp(rid, c->loader))
            c->doc_status = (int)jint(json_object_get(p, "response"), "status", 0);
    } else if (!strcmp(method, "Network.loadingFinished")) {
        request_ended(c, p);
    } else if (!strcmp(method, "Network.loadingFailed")) {
        const char *rid = jstr(p, "requestId");
        json_t *u = rid ? json_object_get(c->open, rid) : NULL;
        if (u && !c->nfailed++)
            strbuf_addf(&c->failed, "%s (%s)", json_string_value(u),
                        jstr(p, "errorText") ? jstr(p, "errorText") : "failed");
        request_ended(c, p);
    } else if (!strcmp(method, "Page.javascriptDialogOpening")) {
        /* an alert() would stop the page's scripts until someone answers */
        cdp_send(c, "Page.handleJavaScriptDialog", json_pack("{s:b}", "accept", 0), 1);
    }
}

/* Read what chromium sends for up to ms (or until the awaited reply is in). */
static void cdp_pump(struct cdp *c, int ms)
{
    double until = now_ms() + ms;
    while (!c->dead && !c->reply) {
        double left = until - now_ms();
        if (left < 0)
            left = 0;
        struct pollfd pfd = {c->fd, POLLIN, 0};
        int pr = poll(&pfd, 1, (int)left);
        if (pr < 0 && errno == EINTR)
            return; /* a signal: let the caller look at its deadline */
        if (pr <= 0)
            return;
        char buf[65536];
        ssize_t n = read(c->fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            c->dead = 1;
            return;
        }
        strbuf_add(&c->in, buf, (size_t)n);
        /* a message may hold the whole DOM: the limit on the DOM, plus room */
        if (c->in.len > c->max_bytes + 1024 * 1024) {
            c->dead = 2;
            return;
        }
        size_t start = 0;
        for (;;) {
            char *nul = memchr(c->in.buf + start, '\0', c->in.len - start);
            if (!nul)
                break;
            json_t *m = json_loadb(c->in.buf + start, (size_t)(nul - c->in.buf) - start, 0, NULL);
            if (m)
                cdp_message(c, m);
            json_decref(m);
            start = (size_t)(nul - c->in.buf) + 1;
        }
        if (start) {
            memmove(c->in.buf, c->in.buf + start, c->in.len - start);
            strbuf_setlen(&c->in, c->in.len - start);
        }
    }
}

/* Call a method and wait for its result (a new reference, or NULL with why). */
static json_t *cdp_call(struct cdp *c, const char *method, json_t *params, int in_session,
                        struct strbuf *why)
{
    c->want = cdp_send(c, method, params, in_session);
    json_decref(c->reply);
    c->reply = NULL;
    while (c->want > 0 && !c->reply && !c->dead && now_ms() < c->deadline && !(c->stop && *c->stop))
        cdp_pump(c, (int)(c->deadline - now_ms()) + 1);
    json_t *r = c->reply;
    c->reply = NULL;
    c->want = 0;
    if (!r) {
        if (why->len)
            return NULL;
        if (c->stop && *c->stop)
            strbuf_addstr(why, "stopped by a signal");
        else if (c->dead == 2)
            strbuf_addf(why, "the page is larger than %zu bytes", c->max_bytes);
        else if (c->dead)
            strbuf_addf(why, "chromium ended during %s", method);
        else
            strbuf_addf(why, "chromium did not answer %s in time", method);
        return NULL;
    }
    json_t *err = json_object_get(r, "error");
    if (err) {
        strbuf_addf(why, "chromium refused %s: %s", method,
                    jstr(err, "message") ? jstr(err, "message") : "error");
        json_decref(r);
        return NULL;
    }
    json_t *res = json_incref(json_object_get(r, "result"));
    json_decref(r);
    if (!res)
        strbuf_addf(why, "chromium answered %s without a result", method);
    return res;
}

/* The number of DOM mutations of the page's document once it has loaded; -2
 * while it loads, -1 when it is not the page's document yet (about:blank) or
 * cannot be asked (navigating). Asking the document rather than counting load
 * events leaves no doubt which document loaded. */
static long long mutations(struct cdp *c)
{
    struct strbuf why = STRBUF_INIT;
    json_t *r =
        cdp_call(c, "Runtime.evaluate",
                 json_pack("{s:s, s:b}", "expression",
                           "window.__odpMutations === undefined ? -1 : "
                           "document.readyState !== 'complete' ? -2 : window.__odpMutations",
                           "returnByValue", 1),
                 1, &why);
    strbuf_release(&why);
    json_t *v = r ? json_object_get(json_object_get(r, "result"), "value") : NULL;
    long long n = json_is_number(v) ? (long long)json_number_value(v) : -1;
    json_decref(r);
    return n;
}

/* Start chromium with its end of a socket as fds 3 and 4. */
static pid_t launch(const char *bin, int child_fd, const char *profile, const char *rules)
{
    struct strbuf ud = STRBUF_INIT, hr = STRBUF_INIT;
    strbuf_addf(&ud, "--user-data-dir=%s", profile);
    strbuf_addf(&hr, "--host-resolver-rules=%s", rules);
    pid_t pid = fork();
    if (pid == 0) {
        /* fds 3 and 4 may be taken by the socket itself: move it out of the way */
        int s = fcntl(child_fd, F_DUPFD, 10);
        int devnull = open("/dev/null", O_RDWR);
        if (s < 0 || devnull < 0 || dup2(s, 3) < 0 || dup2(s, 4) < 0)
            _exit(126);
        dup2(devnull, 0);
        dup2(devnull, 1);
        dup2(devnull, 2);
        for (int fd = 5; fd < 1024; fd++)
            close(fd);
        setpgid(0, 0);
        execlp(bin, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-extensions", "--no-proxy-server", "--mute-audio",
               /* WebRTC reaches addresses over UDP without the host resolver */
               "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
               "--remote-debugging-pipe", ud.buf, hr.buf, "about:blank", (char *)NULL);
        _exit(127);
    }
    strbuf_release(&ud);
    strbuf_release(&hr);
    return pid;
}

/* The host-resolver rules that let chromium reach host:port at addr:addr_port
 * only. A rule's pattern with a port matches that port only, so the same host
 * on another port or scheme, every other host and every address literal
 * resolve to nothing. */
static int resolver_rules(const struct render_target *t, struct strbuf *rules, struct strbuf *why)
{
    CURLU *u = curl_url();
    char *host = NULL, *port = NULL;
    int rc = -1;
    if (!t->addr || !*t->addr || t->port <= 0) {
        strbuf_addf(why, "%s: no address was vetted for chromium to use", t->url);
        curl_url_cleanup(u);
        return -1;
    }
    if (u && !curl_url_set(u, CURLUPART_URL, t->url, 0) &&
        !curl_url_get(u, CURLUPART_HOST, &host, 0) &&
        !curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT)) {
        int v6 = strchr(t->addr, ':') != NULL;
        strbuf_addf(rules, "MAP %s:%s %s%s%s:%ld, MAP * ~NOTFOUND", host, port, v6 ? "[" : "",
                    t->addr, v6 ? "]" : "", t->port);
        rc = 0;
    } else {
        strbuf_addf(why, "%s: not a URL chromium can be confined to", t->url);
    }
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}

/* Load the page and wait for it to settle; the DOM goes to out. */
static int render_session(struct cdp *c, const struct render_target *t, struct strbuf *out,
                          struct strbuf *why)
{
    json_t *r =
        cdp_call(c, "Target.createTarget", json_pack("{s:s}", "url", "about:blank"), 0, why);
    const char *target = r ? jstr(r, "targetId") : NULL;
    json_t *a = target ? cdp_call(c, "Target.attachToTarget",
                                  json_pack("{s:s, s:b}", "targetId", target, "flatten", 1), 0, why)
                       : NULL;
    json_decref(r);
    if (!a || !jstr(a, "sessionId")) {
        json_decref(a);
        if (!why->len)
            strbuf_addstr(why, "chromium opened no page");
        return -1;
    }
    c->session = xstrdup(jstr(a, "sessionId"));
    json_decref(a);
    /* Runtime needs no enabling for evaluate, and enabled it would send every console line */
    static const char *const enable[] = {"Page.enable", "Network.enable"};
    for (size_t i = 0; i < sizeof(enable) / sizeof(*enable); i++) {
        json_decref(r = cdp_call(c, enable[i], NULL, 1, why));
        if (!r)
            return -1;
    }
    json_decref(r = cdp_call(c, "Page.addScriptToEvaluateOnNewDocument",
                             json_pack("{s:s}", "source", observer_js), 1, why));
    if (!r)
        return -1;
    r = cdp_call(c, "Page.navigate", json_pack("{s:s}", "url", t->url), 1, why);
    if (!r)
        return -1;
    if (jstr(r, "errorText") && *jstr(r, "errorText")) {
        strbuf_addf(why, "chromium could not load the page: %s", jstr(r, "errorText"));
        json_decref(r);
        return -1;
    }
    c->loader = jstr(r, "loaderId") ? xstrdup(jstr(r, "loaderId")) : NULL;
    json_decref(r);

    long long seen = -2;
    double changed = now_ms();
    for (;;) {
        cdp_pump(c, POLL_MS);
        if (c->dead)
            break;
        if (c->stop && *c->stop) {
            strbuf_addstr(why, "stopped by a signal");
            return -1;
        }
        if (c->bytes > t->max_bytes) {
            strbuf_addf(why, "the page loaded more than %zu bytes (crawl.max_body_bytes)",
                        t->max_bytes);
            return -1;
        }
        if (c->doc_status >= 400) {
            strbuf_addf(why, "chromium got HTTP %d for the page", c->doc_status);
            return -1;
        }
        long long m = mutations(c);
        double now = now_ms();
        if (now >= c->deadline)
            m = seen; /* the question may have run out of time: keep the last answer */
        if (m != seen) {
            seen = m;
            changed = now;
        }
        if (m >= 0 && !json_object_size(c->open) && now - c->last_net >= QUIET_MS &&
            now - changed >= QUIET_MS)
            break;
        if (now >= c->deadline) {
            strbuf_addf(why, "the page did not settle within %d s: ", t->timeout_s);
            void *it = json_object_iter(c->open);
            json_t *v = it ? json_object_iter_value(it) : NULL;
            if (now - c->last_net < QUIET_MS)
                strbuf_addf(why, "it kept making requests (the last: %s)", c->last_url.buf);
            else if (v)
                strbuf_addf(why, "%zu request(s) never finished (%s)", json_object_size(c->open),
                            json_string_value(v));
            else if (seen < 0)
                strbuf_addstr(why, "it never finished loading");
            else
                strbuf_addstr(why, "its content kept changing");
            return -1;
        }
    }
    r = c->dead ? NULL
                : cdp_call(c, "Runtime.evaluate",
                           json_pack(
                               "{s:s, s:b}", "expression",
                               "document.documentElement ? document.documentElement.outerHTML : ''",
                               "returnByValue", 1),
                           1, why);
    json_t *v = json_object_get(json_object_get(r, "result"), "value");
    if (!json_is_string(v)) {
        json_decref(r);
        if (!why->len)
            strbuf_addstr(why, c->dead == 2 ? "the page is larger than the limit"
                                            : "chromium ended before the page was read");
        return -1;
    }
    if (json_string_length(v) > t->max_bytes) {
        strbuf_addf(why, "the rendered page is larger than %zu bytes (crawl.max_body_bytes)",
                    t->max_bytes);
        json_decref(r);
        return -1;
    }
    strbuf_add(out, json_string_value(v), json_string_length(v));
    json_decref(r);
    if (!out->len) {
        strbuf_addstr(why, "chromium returned an empty page");
        return -1;
    }
    if (c->nfailed)
        log_warn("%s: rendered without %d request(s) that failed or were refused, the first: %s",
                 t->url, c->nfailed, c->failed.buf);
    return 0;
}

int render_chromium(const struct render_target *t, struct strbuf *out, struct strbuf *why)
{
    const char *bin = getenv("ODP_CHROMIUM");
    if (!bin || !*bin)
        bin = "chromium";
    struct strbuf rules = STRBUF_INIT;
    if (resolver_rules(t, &rules, why))
        return -1;
    char profile[] = "/tmp/odp-chromium-XXXXXX";
    if (!mkdtemp(profile)) {
        strbuf_addf(why, "cannot create a browser profile: %s", strerror(errno));
        strbuf_release(&rules);
        return -1;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        strbuf_addf(why, "socketpair: %s", strerror(errno));
        fs_remove_tree(profile);
        strbuf_release(&rules);
        return -1;
    }
    struct cdp c = {0};
    c.fd = sv[0];
    c.deadline = now_ms() + 1000.0 * t->timeout_s;
    c.max_bytes = t->max_bytes;
    c.stop = t->stop;
    c.open = json_object();
    c.last_net = now_ms();
    strbuf_init(&c.in, 0);
    strbuf_init(&c.failed, 0);
    strbuf_init(&c.last_url, 0);
    c.pid = launch(bin, sv[1], profile, rules.buf);
    close(sv[1]);
    int rc = -1;
    if (c.pid < 0) {
        strbuf_addf(why, "fork: %s", strerror(errno));
    } else {
        struct strbuf note = STRBUF_INIT;
        rc = render_session(&c, t, out, &note);
        int status = 0;
        if (rc && c.dead == 1 && waitpid(c.pid, &status, WNOHANG) == c.pid && WIFEXITED(status) &&
            WEXITSTATUS(status) == 127) {
            strbuf_addf(why, "cannot run %s (install Debian's chromium)", bin);
            c.pid = 0; /* reaped */
        } else if (rc) {
            strbuf_add(why, note.buf, note.len);
        }
        strbuf_release(&note);
        if (!c.dead)
            cdp_send(&c, "Browser.close", NULL, 0);
        /* give it a moment to close cleanly, then end it and its helpers */
        double until = now_ms() + 2000;
        while (!c.dead && now_ms() < until)
            cdp_pump(&c, 100);
        if (c.pid > 0) {
            kill(-c.pid, SIGKILL);
            waitpid(c.pid, NULL, 0);
        }
    }
    close(sv[0]);
    fs_remove_tree(profile);
    json_decref(c.open);
    json_decref(c.reply);
    free(c.session);
    free(c.loader);
    strbuf_release(&c.in);
    strbuf_release(&c.failed);
    strbuf_release(&c.last_url);
    strbuf_release(&rules);
    return rc;
}
