/*
 * site.c: site_write() (see site.h): the portal's front page, index.html,
 * listing every dataset, then each dataset's page (site_dataset.c) and each
 * release's (site_release.c), each only when the digest of what it shows is
 * not the one it was written with (struct site_keys).
 *
 * The parts every page shares are site_page.c's; this file only decides
 * which pages there are.
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fsutil.h"
#include "html.h"
#include "jsonutil.h"
#include "sha256.h"
#include "site_internal.h"
#include "xalloc.h"

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

/* A release's digest: everything of it that its page and its line on the
 * dataset page show (the files' bytes are named by their checksums). */
static void release_digest(const struct release_view *r, char out[SHA256_HEX_LEN + 1])
{
    struct strbuf sb = STRBUF_INIT;
    json_t *parts[] = {r->package, r->changes, r->tombstone};
    strbuf_addstr(&sb, r->version);
    for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
        char *t = parts[i] ? json_dumps(parts[i], JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        strbuf_addch(&sb, '\0');
        strbuf_addstr(&sb, t ? t : "-");
        free(t);
    }
    for (size_t i = 0; i < r->nfiles; i++)
        strbuf_addf(&sb, "\n%s %s %lld", r->files[i].name, r->files[i].sha256, r->files[i].bytes);
    sha256_hex(sb.buf, sb.len, out);
    strbuf_release(&sb);
}

/* The digest of a page of kind what (dataset, release) from its parts. */
static void page_digest(const char *what, const char *id, const char *title, const char *more,
                        char out[SHA256_HEX_LEN + 1])
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s%c%s%c%s%c%s%c%s", what, 0, ODP_VERSION, 0, id, 0, title, 0, more);
    sha256_hex(sb.buf, sb.len, out);
    strbuf_release(&sb);
}

/* 1 when page name was written with this digest and is still there. */
static int page_kept(const char *portal, struct site_keys *keys, const char *name,
                     const char *digest)
{
    const char *was = json_string_value(json_object_get(keys->was, name));
    if (!was || strcmp(was, digest))
        return 0;
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s", portal, name);
    int there = fs_exists(p.buf);
    strbuf_release(&p);
    if (there) {
        json_object_set_new(keys->now, name, json_string(digest));
        keys->kept++;
    }
    return there;
}

static void page_made(struct site_keys *keys, const char *name, const char *digest)
{
    json_object_set_new(keys->now, name, json_string(digest));
    keys->made++;
}

/* A dataset's pages: each release's that changed, and the dataset's when
 * any of its releases or its title did. */
static int dataset_pages(const char *portal, const struct dataset_view *d, struct site_keys *keys,
                         struct odp_error *err)
{
    const struct release_view *cur = dataset_latest(d);
    const char *title = jstr(cur->package, "title") ? jstr(cur->package, "title") : d->id;
    char(*rdig)[SHA256_HEX_LEN + 1] = xcalloc(d->nreleases, sizeof(*rdig));
    struct strbuf all = STRBUF_INIT, name = STRBUF_INIT, cur_body = STRBUF_INIT;
    strbuf_addstr(&all, cur->version);
    for (size_t k = 0; k < d->nreleases; k++) {
        release_digest(&d->releases[k], rdig[k]);
        strbuf_addf(&all, " %s", rdig[k]);
    }
    /* the current release's body is on its own page too: made once */
    int have_body = 0, rc = 0;
    char digest[SHA256_HEX_LEN + 1];
    for (size_t k = 0; k < d->nreleases && !rc; k++) {
        const struct release_view *r = &d->releases[k];
        strbuf_reset(&name);
        strbuf_addf(&name, "pages/%s-%s.html", d->id, r->version);
        page_digest("release", d->id, title, rdig[k], digest);
        if (page_kept(portal, keys, name.buf, digest))
            continue;
        if (r == cur) {
            site_release_body(&cur_body, portal, d, cur);
            have_body = 1;
        }
        rc = site_release_page(portal, d, r, title, r == cur ? &cur_body : NULL, err);
        if (!rc)
            page_made(keys, name.buf, digest);
    }
    strbuf_reset(&name);
    strbuf_addf(&name, "pages/%s.html", d->id);
    page_digest("dataset", d->id, title, all.buf, digest);
    if (!rc && !page_kept(portal, keys, name.buf, digest)) {
        /* the current release's page was kept: its body is in it */
        if (!have_body && site_release_body_from_page(portal, d, cur, title, &cur_body))
            site_release_body(&cur_body, portal, d, cur);
        rc = site_dataset_page(portal, d, title, &cur_body, err);
        if (!rc)
            page_made(keys, name.buf, digest);
    }
    free(rdig);
    strbuf_release(&all);
    strbuf_release(&name);
    strbuf_release(&cur_body);
    return rc;
}

int site_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
               struct site_keys *keys, struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT, h = STRBUF_INIT;
    strbuf_addf(&p, "%s/pages", portal);
    int rc = fs_mkdir_p(p.buf, err);
    strbuf_release(&p);
    /* the index shows every dataset's latest release, read from v alone: it
     * costs less to make than to decide whether to */
    index_page(&h, pl, v);
    if (!rc)
        rc = site_write_page(portal, "index.html", &h, err);
    strbuf_release(&h);
    for (size_t i = 0; i < v->ndatasets && !rc; i++)
        rc = dataset_pages(portal, &v->datasets[i], keys, err);
    return rc;
}
