/* platform.c: see platform.h. */
#include "platform.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

static const char *const app_hosts[] = {"begrotingsapp.nl", "begrotingonline.nl"};

/* Parts of the host names of p-id documents: the platform names its hosts for
 * the document ({gemeente}.begroting-{year}.nl, {gemeente}{year}.perspectiefnota.nl). */
static const char *const pid_host_parts[] = {".begroting-",          ".jaarverslag-",
                                             "perspectiefnota.nl",   "bestuursrapportage.nl",
                                             "voorjaarsnota.nl",     "najaarsnota.nl"};

int platform_is_app_host(const char *h, size_t n)
{
    for (size_t i = 0; i < sizeof(app_hosts) / sizeof(app_hosts[0]); i++) {
        size_t k = strlen(app_hosts[i]);
        if (n >= k && !strncasecmp(h + n - k, app_hosts[i], k) && (n == k || h[n - k - 1] == '.'))
            return 1;
    }
    return 0;
}

const char *platform_of(const char *host, int has_build_stamp)
{
    if (platform_is_app_host(host, strlen(host)))
        return "begrotingsapp";
    if (has_build_stamp)
        return "pid";
    for (size_t i = 0; i < sizeof(pid_host_parts) / sizeof(pid_host_parts[0]); i++)
        if (strstr(host, pid_host_parts[i]))
            return "pid";
    return "other";
}

int platform_is_page_path(const char *path)
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

int platform_is_pdf_path(const char *path)
{
    size_t n = strlen(path);
    return strstr(path, "/assets/docs/") && n > 4 && !strcasecmp(path + n - 4, ".pdf");
}

char *platform_build_stamp(const char *html)
{
    static const char mark[] = "Deze pagina is gebouwd op ";
    const char *p = strstr(html, mark);
    if (!p)
        return NULL;
    p += strlen(mark);
    if (strlen(p) < 19)
        return NULL;
    return xstrndup(p, 19); /* MM/DD/YYYY HH:MM:SS */
}
