/* links.c: see links.h. */
#include "links.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include "platform.h"
#include "uri.h"
#include "xalloc.h"

void links_collect(const struct strbuf *body, const char *base, const char *host,
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
        char *abs = href ? uri_http_resolve(base, (const char *)href) : NULL;
        xmlFree(href);
        if (!abs)
            continue;
        char *h = uri_http_host(abs);
        char *path = uri_http_path(abs);
        if (h && path && !strcmp(h, host)) {
            if (platform_is_pdf_path(path) && !*pdf_url)
                *pdf_url = xstrdup(abs);
            else if (platform_is_page_path(path) && !strncmp(path, scope, strlen(scope)))
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
