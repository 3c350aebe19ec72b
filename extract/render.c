/* render.c: see render.h. */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>

#include "fsutil.h"

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
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
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
                scripts += s->type == XML_ELEMENT_NODE && !strcasecmp((const char *)s->name, "script");
    xmlFreeDoc(doc);
    return scripts > 0 && text < 80;
}

int render_chromium(const char *url, const char *host, const char *const *resolve,
                    size_t nresolve, int timeout_s, struct strbuf *out, struct strbuf *why)
{
    const char *bin = getenv("ODP_CHROMIUM");
    if (!bin || !*bin)
        bin = "chromium";
    char profile[] = "/tmp/odp-chromium-XXXXXX";
    if (!mkdtemp(profile)) {
        strbuf_addf(why, "cannot create a browser profile: %s", strerror(errno));
        return -1;
    }
    /* only the site's host resolves; --resolve mappings apply */
    struct strbuf rules = STRBUF_INIT, ud = STRBUF_INIT;
    for (size_t i = 0; i < nresolve; i++) {
        char *e = strdup(resolve[i]);
        char *f[4] = {0};
        int k = 0;
        for (char *p = strtok(e, ":"); p && k < 4; p = strtok(NULL, ":"))
            f[k++] = p;
        if (k >= 3 && !strcasecmp(f[0], host))
            strbuf_addf(&rules, "MAP %s:%s %s%s%s, ", f[0], f[1], f[2], k == 4 ? ":" : "",
                        k == 4 ? f[3] : "");
        free(e);
    }
    /* everything else resolves to nothing; a mapped host needs no EXCLUDE (which
     * would also undo its MAP), an unmapped one keeps its DNS */
    if (rules.len)
        strbuf_addstr(&rules, "MAP * ~NOTFOUND");
    else
        strbuf_addf(&rules, "MAP * ~NOTFOUND, EXCLUDE %s", host);
    strbuf_addf(&ud, "--user-data-dir=%s", profile);
    struct strbuf hr = STRBUF_INIT;
    strbuf_addf(&hr, "--host-resolver-rules=%s", rules.buf);
    int pipefd[2];
    if (pipe(pipefd) != 0) {
        strbuf_addf(why, "pipe: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(pipefd[1], 1);
        dup2(devnull, 2);
        close(pipefd[0]);
        setpgid(0, 0);
        execlp(bin, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-extensions", ud.buf, hr.buf, "--dump-dom", url,
               (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    int rc = 0;
    time_t deadline = time(NULL) + timeout_s;
    char buf[65536];
    for (;;) {
        struct pollfd pfd = {pipefd[0], POLLIN, 0};
        int left = (int)(deadline - time(NULL));
        if (left <= 0) {
            kill(-pid, SIGKILL);
            strbuf_addf(why, "chromium did not finish within %d s", timeout_s);
            rc = -1;
            break;
        }
        int pr = poll(&pfd, 1, left * 1000);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            continue;
        ssize_t n = read(pipefd[0], buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        strbuf_add(out, buf, (size_t)n);
    }
    close(pipefd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    kill(-pid, SIGKILL); /* helpers chromium left behind */
    if (!rc && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
        strbuf_addf(why, WIFEXITED(status) && WEXITSTATUS(status) == 127
                             ? "cannot run %s (install Debian's chromium)"
                             : "%s failed while rendering",
                    bin);
        rc = -1;
    }
    if (!rc && out->len == 0) {
        strbuf_addstr(why, "chromium returned an empty page");
        rc = -1;
    }
    remove_tree(profile);
    strbuf_release(&rules);
    strbuf_release(&ud);
    strbuf_release(&hr);
    return rc;
}
