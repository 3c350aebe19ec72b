/*
 * site_release.c: a release's page, pages/{dataset}-{version}.html, and its
 * body, which the dataset page repeats for the current release: what the
 * release is and where it came from, the contract, the downloads with
 * their checksums, the changes, its documents and pages with their headings,
 * a preview of the facts and the chart.
 *
 * Pages and sections are read as streams; only what is listed is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "describe.h"
#include "fsutil.h"
#include "html.h"
#include "jsonutil.h"
#include "sha256.h"
#include "site_internal.h"
#include "xalloc.h"

#define PREVIEW_ROWS 12
#define PAGES_LISTED 60

static void downloads(struct strbuf *h, const char *id, const struct release_view *r)
{
    strbuf_addstr(h, "<h2>Downloads</h2>\n<table>\n<tr><th>File and its SHA-256</th>"
                     "<th>What</th><th>Size</th></tr>\n");
    for (size_t i = 0; i < r->nfiles; i++) {
        const struct release_file *f = &r->files[i];
        strbuf_addstr(h, "<tr><td><a href=\"../datasets/");
        html_escape(h, id);
        strbuf_addch(h, '/');
        html_escape(h, r->version);
        strbuf_addch(h, '/');
        html_escape(h, f->name);
        strbuf_addstr(h, "\">");
        html_escape(h, f->name);
        strbuf_addstr(h, "</a><br><code class=\"small\">");
        html_escape(h, f->sha256);
        strbuf_addstr(h, "</code></td><td>");
        html_escape(h, site_file_what(f->name));
        strbuf_addstr(h, "</td><td class=\"n\">");
        site_human_size(h, f->bytes);
        strbuf_addstr(h, "</td></tr>\n");
    }
    strbuf_addstr(h, "<tr><td><a href=\"../datasets/");
    html_escape(h, id);
    strbuf_addch(h, '/');
    html_escape(h, r->version);
    strbuf_addstr(h, "/SHA256SUMS\">SHA256SUMS</a></td><td>the checksums above</td><td></td>"
                     "</tr>\n</table>\n");
}

static void preview(struct strbuf *h, json_t *facts, long long total)
{
    static const char *cols[] = {"document_id", "row_label",  "col_label", "raw",
                                 "value",       "amount_eur", "status"};
    size_t n = json_array_size(facts);
    if (!n)
        return;
    strbuf_addf(h,
                "<h2>A look at the facts</h2>\n<p>The first %zu of %lld rows of "
                "<code>facts</code>:</p>\n<table>\n<tr>",
                n < PREVIEW_ROWS ? n : (size_t)PREVIEW_ROWS,
                total > (long long)n ? total : (long long)n);
    for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++)
        strbuf_addf(h, "<th>%s</th>", cols[c]);
    strbuf_addstr(h, "</tr>\n");
    for (size_t i = 0; i < n && i < PREVIEW_ROWS; i++) {
        json_t *f = json_array_get(facts, i);
        strbuf_addstr(h, "<tr>");
        for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++) {
            int num = !strcmp(cols[c], "value") || !strcmp(cols[c], "amount_eur");
            strbuf_addstr(h, num ? "<td class=\"n\">" : "<td>");
            site_esc_value(h, json_object_get(f, cols[c]));
            strbuf_addstr(h, "</td>");
        }
        strbuf_addstr(h, "</tr>\n");
    }
    strbuf_addstr(h, "</table>\n");
}

static void about_release(struct strbuf *h, const struct release_view *r)
{
    strbuf_addstr(h, "<p>");
    html_escape(h, jstr(r->package, "description"));
    strbuf_addstr(h, "</p>\n<p>Version <b>");
    html_escape(h, r->version);
    strbuf_addstr(h, "</b>");
    if (jstr(r->package, "created")) {
        strbuf_addstr(h, ", data as of ");
        html_escape(h, jstr(r->package, "created"));
    }
    strbuf_addstr(h, ". Licence: ");
    html_escape(h, jstr(json_array_get(json_object_get(r->package, "licenses"), 0), "name"));
    strbuf_addstr(h, ".</p>\n<h2>Sources</h2>\n<ul>\n");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(r->package, "sources"), i, s)
    {
        strbuf_addstr(h, "<li>");
        html_escape(h, jstr(s, "title"));
        strbuf_addstr(h, ": <code>");
        html_escape(h, jstr(s, "path")); /* shown, not linked: the portal links only to itself */
        strbuf_addstr(h, "</code></li>\n");
    }
    strbuf_addstr(h, "</ul>\n");
}

/* the pages listed under a document, gathered while pages and sections
 * stream past */
struct listed_page {
    char *title;
    long long tables, sections;
    int shown;
    struct strbuf headings;
};

struct contents_scan {
    json_t *docs; /* documents (a few: one per source) */
    size_t ndocs;
    int *nlisted, *more;       /* per document */
    struct listed_page *pages; /* PAGES_LISTED per document */
    json_t *by_page_id;        /* page_id -> [indexes into pages] */
    const char *code;          /* a part's CBS code, or NULL */
    int clean;                 /* every id seen begins with code and '-' */
};

/* id belongs to the part whose code is c->code */
static void check_id(struct contents_scan *c, const char *id)
{
    size_t n = c->code ? strlen(c->code) : 0;
    if (c->code && (!id || strncmp(id, c->code, n) || id[n] != '-'))
        c->clean = 0;
}

static void list_page(json_t *p, void *ud)
{
    struct contents_scan *c = ud;
    size_t i;
    json_t *d;
    check_id(c, jstr(p, "document_id"));
    check_id(c, jstr(p, "page_id"));
    json_array_foreach(c->docs, i, d)
    {
        if (!jstr(p, "document_id") || !jstr(d, "document_id") ||
            strcmp(jstr(p, "document_id"), jstr(d, "document_id")))
            continue;
        if (c->nlisted[i] == PAGES_LISTED) {
            c->more[i]++;
            continue;
        }
        size_t k = i * PAGES_LISTED + (size_t)c->nlisted[i]++;
        struct listed_page *lp = &c->pages[k];
        lp->title = xstrdup(jstr(p, "title")     ? jstr(p, "title")
                            : jstr(p, "page_id") ? jstr(p, "page_id")
                                                 : "");
        lp->tables = jint(p, "table_count", 0);
        lp->sections = jint(p, "section_count", 0);
        strbuf_init(&lp->headings, 0);
        const char *id = jstr(p, "page_id");
        if (!id)
            continue; /* no section names it */
        json_t *list = json_object_get(c->by_page_id, id);
        if (!list) {
            list = json_array();
            json_object_set_new(c->by_page_id, id, list);
        }
        json_array_append_new(list, json_integer((json_int_t)k));
    }
}

static void list_section(json_t *x, void *ud)
{
    struct contents_scan *c = ud;
    const char *id = jstr(x, "page_id");
    check_id(c, id);
    json_t *list = id ? json_object_get(c->by_page_id, id) : NULL;
    size_t i;
    json_t *k;
    json_array_foreach(list, i, k)
    {
        struct listed_page *lp = &c->pages[json_integer_value(k)];
        if (lp->shown == 6)
            continue;
        strbuf_addstr(&lp->headings, lp->shown++ ? " &middot; " : "<br><span class=\"small\">");
        html_escape(&lp->headings, jstr(x, "heading"));
    }
}

/* The documents docs (borrowed) and their pages, with their headings, from
 * the pages and sections at the paths given (read as streams; only what is
 * listed is kept), appended to h. *clean: whether every id read begins with
 * code and '-' (code NULL: not asked). Returns -1 when the pages or sections
 * could not be read whole (what was read is listed, as it always was). */
static int contents_list(struct strbuf *h, json_t *docs, const char *pages_path,
                         const char *sections_path, const char *code, int *clean)
{
    struct contents_scan c = {0};
    c.docs = docs;
    c.ndocs = json_array_size(c.docs);
    c.nlisted = xcalloc(c.ndocs + 1, sizeof(int));
    c.more = xcalloc(c.ndocs + 1, sizeof(int));
    c.pages = xcalloc(xsize_mul(c.ndocs, PAGES_LISTED) + 1, sizeof(*c.pages));
    c.by_page_id = json_object();
    c.code = code;
    /* a part without documents: its pages are not read, so nothing says
     * they could not match another part's documents */
    c.clean = c.ndocs > 0;
    int rc = 0;
    size_t i;
    json_t *d;
    json_array_foreach(c.docs, i, d)
        check_id(&c, jstr(d, "document_id"));
    if (c.ndocs) {
        rc |= jsonl_zst_each(pages_path, 0, list_page, &c);
        rc |= jsonl_zst_each(sections_path, 0, list_section, &c);
    }
    json_array_foreach(c.docs, i, d)
    {
        strbuf_addstr(h, "<h3>");
        html_escape(h, jstr(d, "title") ? jstr(d, "title") : jstr(d, "document_id"));
        strbuf_addstr(h, "</h3>\n<p><code>");
        html_escape(h, jstr(d, "document_id"));
        strbuf_addstr(h, "</code>: ");
        html_escape(h, jstr(d, "municipality"));
        strbuf_addstr(h, ", ");
        html_escape(h, jstr(d, "doc_type"));
        strbuf_addf(h, " %lld, %lld pages</p>\n<ul>\n", jint(d, "year", 0),
                    jint(d, "page_count", 0));
        for (int k = 0; k < c.nlisted[i]; k++) {
            struct listed_page *lp = &c.pages[i * PAGES_LISTED + (size_t)k];
            strbuf_addstr(h, "<li>");
            html_escape(h, lp->title);
            strbuf_addf(h, " (%lld tables, %lld sections)", lp->tables, lp->sections);
            strbuf_add(h, lp->headings.buf, lp->headings.len);
            strbuf_addstr(h, lp->shown ? "</span></li>\n" : "</li>\n");
        }
        if (c.more[i])
            strbuf_addf(h, "<li>and %d more pages (pages.csv lists them all)</li>\n", c.more[i]);
        strbuf_addstr(h, "</ul>\n");
    }
    for (size_t k = 0; k < c.ndocs * PAGES_LISTED; k++) {
        if (c.pages[k].title) {
            free(c.pages[k].title);
            strbuf_release(&c.pages[k].headings);
        }
    }
    free(c.pages);
    free(c.nlisted);
    free(c.more);
    json_decref(c.by_page_id);
    *clean = c.clean;
    return rc ? -1 : 0;
}

/* ---- the listing kept per part ---- */

/* A part of a release's documents, pages and sections: the whole release's
 * files (a municipality), or one municipality's parts of each (the national
 * release), which are the municipality's own files. */
struct contents_part {
    char code[32];
    const struct release_file *docs, *pages, *sections;
};

static const struct release_file *file_named(const struct release_view *r, const char *name)
{
    for (size_t i = 0; i < r->nfiles; i++)
        if (!strcmp(r->files[i].name, name))
            return &r->files[i];
    return NULL;
}

/* The parts of release r (of dataset id), in name order: 0, or -1 when its
 * files are not laid out as whole tables or as matching parts. */
static int contents_parts(const char *id, const struct release_view *r,
                          struct contents_part **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0, npages = 0, nsections = 0;
    struct contents_part whole = {"", file_named(r, "documents.jsonl.zst"),
                                  file_named(r, "pages.jsonl.zst"),
                                  file_named(r, "sections.jsonl.zst")};
    if (whole.docs && whole.pages && whole.sections) {
        size_t l = strcspn(id, "-");
        if (l == 0 || l >= sizeof(whole.code))
            return -1;
        memcpy(whole.code, id, l);
        whole.code[l] = '\0';
        *out = xmalloc(sizeof(**out));
        **out = whole;
        *n = 1;
        return 0;
    }
    static const char suf[] = ".jsonl.zst";
    for (size_t i = 0; i < r->nfiles; i++) {
        const char *name = r->files[i].name;
        size_t l = strlen(name);
        if (l < sizeof(suf) || strcmp(name + l - (sizeof(suf) - 1), suf))
            continue;
        if (!strncmp(name, "pages/", 6))
            npages++;
        else if (!strncmp(name, "sections/", 9))
            nsections++;
        if (strncmp(name, "documents/", 10))
            continue;
        size_t cl = l - 10 - (sizeof(suf) - 1);
        struct contents_part pt = {"", &r->files[i], NULL, NULL};
        if (cl == 0 || cl >= sizeof(pt.code) || memchr(name + 10, '/', cl) || name[10] == '.')
            goto odd;
        memcpy(pt.code, name + 10, cl);
        pt.code[cl] = '\0';
        char other[64];
        snprintf(other, sizeof(other), "pages/%s%s", pt.code, suf);
        pt.pages = file_named(r, other);
        snprintf(other, sizeof(other), "sections/%s%s", pt.code, suf);
        pt.sections = file_named(r, other);
        if (!pt.pages || !pt.sections)
            goto odd;
        ALLOC_GROW(*out, *n + 1, cap);
        (*out)[(*n)++] = pt;
    }
    /* each table's parts, read in name order, are these parts and no others */
    if (!*n || npages != *n || nsections != *n)
        goto odd;
    for (size_t k = 1; k < *n; k++)
        if (strcmp((*out)[k - 1].code, (*out)[k].code) >= 0)
            goto odd;
    return 0;
odd:
    free(*out);
    *out = NULL;
    *n = 0;
    return -1;
}

/* The listing of one part, kept in {portal}/.describe/contents/ by the
 * checksums of its three files (whose bytes never change under them), as
 * "CLEAN SHA256-OF-HTML\n" and the HTML: made once, and for the national
 * release taken from the municipalities' own. Appends it to html: 0, or -1
 * when the part could not be read. */
static int part_listing(const char *portal, const char *id, const char *version,
                        const struct contents_part *pt, struct strbuf *html, int *clean)
{
    struct strbuf key = STRBUF_INIT, dir = STRBUF_INIT, p = STRBUF_INIT, kept = STRBUF_INIT,
                  name = STRBUF_INIT;
    char hex[SHA256_HEX_LEN + 1];
    strbuf_addf(&key, "contents %s %s %s %s %s", ODP_VERSION, pt->code, pt->docs->sha256,
                pt->pages->sha256, pt->sections->sha256);
    sha256_hex(key.buf, key.len, hex);
    strbuf_addf(&dir, "%s/" DESCRIBE_DIR "/contents", portal);
    strbuf_addf(&name, "%s.html", hex);
    strbuf_addf(&p, "%s/%s", dir.buf, name.buf);
    struct odp_error e;
    int rc = -1;
    if (fs_read_file(p.buf, &kept, &e) == 0 && kept.len > 2 + SHA256_HEX_LEN &&
        (kept.buf[0] == '0' || kept.buf[0] == '1') && kept.buf[1] == ' ' &&
        kept.buf[2 + SHA256_HEX_LEN] == '\n') {
        const char *body = kept.buf + 3 + SHA256_HEX_LEN;
        size_t n = kept.len - 3 - SHA256_HEX_LEN;
        sha256_hex(body, n, hex);
        if (!memcmp(hex, kept.buf + 2, SHA256_HEX_LEN)) {
            strbuf_add(html, body, n);
            *clean = kept.buf[0] == '1';
            rc = 0;
        }
    }
    if (rc) {
        struct strbuf f = STRBUF_INIT, pages = STRBUF_INIT, sections = STRBUF_INIT;
        const char *base = "%s/datasets/%s/%s/%s";
        strbuf_addf(&f, base, portal, id, version, pt->docs->name);
        strbuf_addf(&pages, base, portal, id, version, pt->pages->name);
        strbuf_addf(&sections, base, portal, id, version, pt->sections->name);
        json_t *docs = jsonl_zst_read(f.buf, 0);
        struct strbuf made = STRBUF_INIT;
        if (docs)
            rc = contents_list(&made, docs, pages.buf, sections.buf, pt->code, clean);
        json_decref(docs);
        strbuf_release(&f);
        strbuf_release(&pages);
        strbuf_release(&sections);
        if (!rc) {
            strbuf_add(html, made.buf, made.len);
            /* one cut short by a crash fails its checksum: made again */
            sha256_hex(made.buf, made.len, hex);
            strbuf_reset(&kept);
            strbuf_addf(&kept, "%c %s\n", *clean ? '1' : '0', hex);
            strbuf_add(&kept, made.buf, made.len);
            site_keep(dir.buf, name.buf, kept.buf, kept.len);
        }
        strbuf_release(&made);
    }
    strbuf_release(&key);
    strbuf_release(&name);
    strbuf_release(&dir);
    strbuf_release(&p);
    strbuf_release(&kept);
    return rc;
}

/* The listing of release r from its parts' kept listings: 0, or -1 when it
 * cannot be (odd files, a part unreadable, or, with more than one part, an
 * id outside its part, where pages of one part could be listed under
 * another's documents), and the release is read whole instead. */
static int contents_from_parts(struct strbuf *h, const char *portal, const char *id,
                               const struct release_view *r)
{
    struct contents_part *parts;
    size_t n;
    if (contents_parts(id, r, &parts, &n))
        return -1;
    struct strbuf all = STRBUF_INIT;
    int rc = 0;
    for (size_t k = 0; k < n && !rc; k++) {
        int clean = 0;
        rc = part_listing(portal, id, r->version, &parts[k], &all, &clean);
        if (!rc && n > 1 && !clean)
            rc = -1;
    }
    if (!rc)
        strbuf_add(h, all.buf, all.len);
    strbuf_release(&all);
    free(parts);
    return rc;
}

/* What the release holds: its documents and pages, with their headings. */
static void contents(struct strbuf *h, const char *portal, const char *id,
                     const struct release_view *r)
{
    strbuf_addstr(h, "<h2>Documents and pages</h2>\n");
    if (!contents_from_parts(h, portal, id, r))
        return;
    json_t *docs = release_read_records(portal, id, r->version, "documents", 0);
    struct strbuf pages = STRBUF_INIT, sections = STRBUF_INIT;
    strbuf_addf(&pages, "%s/datasets/%s/%s/pages.jsonl.zst", portal, id, r->version);
    strbuf_addf(&sections, "%s/datasets/%s/%s/sections.jsonl.zst", portal, id, r->version);
    int clean;
    contents_list(h, docs, pages.buf, sections.buf, NULL, &clean);
    json_decref(docs);
    strbuf_release(&pages);
    strbuf_release(&sections);
}

/* A pruned release (release_retention.h): when and why, and where its files
 * live on. */
static void tombstone_notice(struct strbuf *h, const char *id, const struct release_view *r)
{
    json_t *t = r->tombstone;
    strbuf_addstr(h, "<h2>Pruned</h2>\n<p class=\"pruned\">This release was pruned on ");
    html_escape(h, jstr(t, "pruned_at"));
    strbuf_addstr(h, ": ");
    html_escape(h, jstr(t, "reason"));
    strbuf_addstr(h, ". Its files are no longer here; its description (<a href=\"../datasets/");
    html_escape(h, id);
    strbuf_addch(h, '/');
    html_escape(h, r->version);
    strbuf_addstr(h, "/datapackage.json\">datapackage.json</a>), its changes and its <a "
                     "href=\"../datasets/");
    html_escape(h, id);
    strbuf_addch(h, '/');
    html_escape(h, r->version);
    strbuf_addstr(h, "/TOMBSTONE.json\">tombstone</a> are.");
    if (jstr(t, "superseded_by")) {
        strbuf_addstr(h, " The release after it is <a href=\"");
        html_escape(h, id);
        strbuf_addch(h, '-');
        html_escape(h, jstr(t, "superseded_by"));
        strbuf_addstr(h, ".html\">");
        html_escape(h, jstr(t, "superseded_by"));
        strbuf_addstr(h, "</a>; its changes say what differs.");
    }
    strbuf_addf(h, "</p>\n<p>%lld of its %lld files live on, with the same bytes, in a kept "
                   "release:</p>\n<table>\n<tr><th>File and its SHA-256</th><th>Lives on in</th>"
                   "</tr>\n",
                (long long)jint(t, "files_living_on", 0), (long long)jint(t, "files_total", 0));
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(t, "files"), i, f) {
        json_t *on = json_object_get(f, "lives_on");
        strbuf_addstr(h, "<tr><td>");
        html_escape(h, jstr(f, "name"));
        strbuf_addstr(h, "<br><code class=\"small\">");
        html_escape(h, jstr(f, "sha256"));
        strbuf_addstr(h, "</code></td><td>");
        if (json_is_object(on)) {
            strbuf_addstr(h, "<a href=\"../");
            html_escape(h, jstr(on, "path"));
            strbuf_addstr(h, "\">");
            html_escape(h, jstr(on, "path"));
            strbuf_addstr(h, "</a>");
        } else {
            strbuf_addstr(h, "nowhere: removed");
        }
        strbuf_addstr(h, "</td></tr>\n");
    }
    strbuf_addstr(h, "</table>\n");
}

void site_release_body(struct strbuf *h, const char *portal, const struct dataset_view *d,
                       const struct release_view *r)
{
    about_release(h, r);
    if (r->tombstone) {
        tombstone_notice(h, d->id, r);
        strbuf_addstr(h, "<h2>Changes</h2>\n");
        site_changes_summary(h, r->changes, 1);
        return;
    }
    site_contract_in_plain_words(h);
    downloads(h, d->id, r);
    strbuf_addstr(h, "<h2>Changes</h2>\n");
    site_changes_summary(h, r->changes, 1);
    contents(h, portal, d->id, r);
    json_t *facts = release_read_records(portal, d->id, r->version, "facts", PREVIEW_ROWS);
    preview(h, facts, r->changes ? jint(r->changes, "facts_total", 0) : 0);
    json_decref(facts);
    site_chart(h, portal, d->id, r);
}

/* A release page's text before its body. */
static void release_page_head(struct strbuf *h, const struct dataset_view *d,
                              const struct release_view *r, const char *title)
{
    struct strbuf t = STRBUF_INIT;
    strbuf_addf(&t, "%s, version %s", title, r->version);
    site_page_start(h, t.buf, "../index.html");
    strbuf_addstr(h, "<h1>");
    html_escape(h, t.buf);
    strbuf_addstr(h, "</h1>\n<p>All releases: <a href=\"");
    html_escape(h, d->id);
    strbuf_addstr(h, ".html\">");
    html_escape(h, d->id);
    strbuf_addstr(h, "</a></p>\n");
    strbuf_release(&t);
}

int site_release_page(const char *portal, const struct dataset_view *d,
                      const struct release_view *r, const char *title, const struct strbuf *body,
                      struct odp_error *err)
{
    struct strbuf h = STRBUF_INIT, name = STRBUF_INIT;
    release_page_head(&h, d, r, title);
    if (body)
        strbuf_add(&h, body->buf, body->len);
    else
        site_release_body(&h, portal, d, r);
    site_page_end(&h);
    strbuf_addf(&name, "pages/%s-%s.html", d->id, r->version);
    int rc = site_write_page(portal, name.buf, &h, err);
    strbuf_release(&h);
    strbuf_release(&name);
    return rc;
}

int site_release_body_from_page(const char *portal, const struct dataset_view *d,
                                const struct release_view *r, const char *title,
                                struct strbuf *body)
{
    struct strbuf head = STRBUF_INIT, tail = STRBUF_INIT, path = STRBUF_INIT, page = STRBUF_INIT;
    struct odp_error e;
    release_page_head(&head, d, r, title);
    site_page_end(&tail);
    strbuf_addf(&path, "%s/pages/%s-%s.html", portal, d->id, r->version);
    int rc = -1;
    if (fs_read_file(path.buf, &page, &e) == 0) {
        const char *text = page.buf;
        size_t n = page.len;
        if (n >= head.len + tail.len && !memcmp(text, head.buf, head.len) &&
            !memcmp(text + n - tail.len, tail.buf, tail.len)) {
            strbuf_add(body, text + head.len, n - head.len - tail.len);
            rc = 0;
        }
    }
    strbuf_release(&head);
    strbuf_release(&tail);
    strbuf_release(&path);
    strbuf_release(&page);
    return rc;
}
