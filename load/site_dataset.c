/*
 * site_dataset.c: a dataset's page, pages/{dataset}.html: its current
 * release (the same body as that release's own page) and the list of every
 * release with its changes in a line.
 */
#include <jansson.h>

#include "html.h"
#include "jsonutil.h"
#include "site_internal.h"

int site_dataset_page(const char *portal, const struct dataset_view *d, const char *title,
                      const struct strbuf *cur_body, struct odp_error *err)
{
    struct strbuf h = STRBUF_INIT, name = STRBUF_INIT;
    site_page_start(&h, title, "../index.html");
    strbuf_addstr(&h, "<h1>");
    html_escape(&h, title);
    strbuf_addstr(&h, "</h1>\n<p><code>");
    html_escape(&h, d->id);
    strbuf_addstr(&h, "</code></p>\n");
    strbuf_add(&h, cur_body->buf, cur_body->len);
    strbuf_addstr(&h, "<h2>Releases</h2>\n<table>\n<tr><th>Version</th><th>Data as of</th>"
                      "<th>Changes</th></tr>\n");
    for (size_t k = d->nreleases; k-- > 0;) {
        const struct release_view *r = &d->releases[k];
        strbuf_addstr(&h, "<tr><td><a href=\"");
        html_escape(&h, d->id);
        strbuf_addch(&h, '-');
        html_escape(&h, r->version);
        strbuf_addstr(&h, ".html\">");
        html_escape(&h, r->version);
        strbuf_addstr(&h, r->tombstone ? "</a> (pruned)</td><td>" : "</a></td><td>");
        html_escape(&h, jstr(r->package, "created"));
        strbuf_addstr(&h, "</td><td>");
        site_changes_summary(&h, r->changes, 0);
        strbuf_addstr(&h, "</td></tr>\n");
    }
    strbuf_addstr(&h, "</table>\n");
    site_page_end(&h);
    strbuf_addf(&name, "pages/%s.html", d->id);
    int rc = site_write_page(portal, name.buf, &h, err);
    strbuf_release(&h);
    strbuf_release(&name);
    return rc;
}
