/*
 * site.c: site_write() (see site.h): the portal's front page, index.html,
 * listing every dataset, then each dataset's page (site_dataset.c) and each
 * release's (site_release.c).
 *
 * The parts every page shares are site_page.c's; this file only decides
 * which pages there are.
 */
#include "site.h"

#include <jansson.h>

#include "fsutil.h"
#include "html.h"
#include "jsonutil.h"
#include "site_internal.h"

/* index.html: every dataset, its latest version and its size in facts */
static void index_page(struct strbuf *h, const struct pipeline *pl, const struct portal_view *v)
{
    site_page_start(h, "Open data from municipal planning-and-control documents", "index.html");
    strbuf_addstr(h,
                  "<h1>Open data from municipal planning-and-control documents</h1>\n<p>The "
                  "budgets (begroting), annual reports (jaarverslag), perspectiefnota's and "
                  "interim reports of municipalities, read from their websites: every table "
                  "cell, figure and section of text, as versioned, checksummed open data.</p>\n");
    if (pl->publisher) {
        strbuf_addstr(h, "<p>Published by ");
        html_escape(h, pl->publisher);
        strbuf_addstr(h, ".</p>\n");
    }
    site_contract_in_plain_words(h);
    strbuf_addstr(h, "<h2>Datasets</h2>\n<table>\n<tr><th>Dataset</th><th>Version</th>"
                     "<th>Data as of</th><th>Facts</th></tr>\n");
    for (size_t i = 0; i < v->ndatasets; i++) {
        const struct dataset_view *d = &v->datasets[i];
        const struct release_view *r = dataset_latest(d);
        strbuf_addstr(h, "<tr><td><a href=\"pages/");
        html_escape(h, d->id);
        strbuf_addstr(h, ".html\">");
        html_escape(h, jstr(r->package, "title") ? jstr(r->package, "title") : d->id);
        strbuf_addstr(h, "</a><br><code>");
        html_escape(h, d->id);
        strbuf_addstr(h, "</code></td><td>");
        html_escape(h, r->version);
        strbuf_addstr(h, "</td><td>");
        html_escape(h, jstr(r->package, "created"));
        strbuf_addf(h, "</td><td class=\"n\">%lld</td></tr>\n",
                    r->changes ? jint(r->changes, "facts_total", 0) : 0);
    }
    strbuf_addstr(h, "</table>\n<p>For harvesters: <a href=\"catalog.jsonld\">catalog.jsonld</a> "
                     "(DCAT-AP-NL 3.0).</p>\n");
    site_page_end(h);
}

int site_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
               struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT, h = STRBUF_INIT, cur_body = STRBUF_INIT;
    strbuf_addf(&p, "%s/pages", portal);
    int rc = fs_mkdir_p(p.buf, err);
    strbuf_release(&p);
    index_page(&h, pl, v);
    if (!rc)
        rc = site_write_page(portal, "index.html", &h, err);
    strbuf_release(&h);

    for (size_t i = 0; i < v->ndatasets && !rc; i++) {
        const struct dataset_view *d = &v->datasets[i];
        const struct release_view *cur = dataset_latest(d);
        const char *title = jstr(cur->package, "title") ? jstr(cur->package, "title") : d->id;
        /* the current release's body is on its own page too: made once */
        strbuf_reset(&cur_body);
        site_release_body(&cur_body, portal, d, cur);
        rc = site_dataset_page(portal, d, title, &cur_body, err);
        for (size_t k = 0; k < d->nreleases && !rc; k++) {
            const struct release_view *r = &d->releases[k];
            rc = site_release_page(portal, d, r, title, r == cur ? &cur_body : NULL, err);
        }
    }
    strbuf_release(&cur_body);
    return rc;
}
