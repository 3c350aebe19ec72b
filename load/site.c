/* site.c: see site.h. */
#include "site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fsutil.h"
#include "jsonutil.h"
#include "record_scan.h"

#define PREVIEW_ROWS 12
#define CHANGES_SHOWN PORTAL_CHANGES_KEPT /* no more are read */
#define PAGES_LISTED 60

void html_escape(struct strbuf *sb, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&': strbuf_addstr(sb, "&amp;"); break;
        case '<': strbuf_addstr(sb, "&lt;"); break;
        case '>': strbuf_addstr(sb, "&gt;"); break;
        case '"': strbuf_addstr(sb, "&quot;"); break;
        case '\'': strbuf_addstr(sb, "&#39;"); break;
        default: strbuf_addch(sb, *p);
        }
    }
}

static void esc(struct strbuf *sb, const char *s)
{
    html_escape(sb, s);
}

/* a JSON value as text: strings as they are, numbers as printed */
static void esc_value(struct strbuf *sb, json_t *v)
{
    if (json_is_string(v))
        esc(sb, json_string_value(v));
    else if (json_is_integer(v))
        strbuf_addf(sb, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        strbuf_addf(sb, "%g", json_real_value(v));
}

static const char *CSS =
    "body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;max-width:60em;"
    "padding:0 1em;color:#1b1b1b}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}"
    "table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}"
    "td,th{border:1px solid #ccc;padding:.2em .45em;text-align:left;vertical-align:top}"
    "td.n{text-align:right;white-space:nowrap}code{font-size:.85em;word-break:break-all}"
    "td a{word-break:break-all}"
    "nav{margin:.8em 0}svg{max-width:100%;height:auto}.small{font-size:.85em;color:#555}";

static void page_start(struct strbuf *h, const char *title, const char *home)
{
    strbuf_addstr(h, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; img-src 'self'\">\n<title>");
    esc(h, title);
    strbuf_addf(h, "</title>\n<style>%s</style>\n</head>\n<body>\n<nav><a href=\"%s\">Open data "
                   "portal</a></nav>\n<main>\n",
                CSS, home);
}

static void page_end(struct strbuf *h)
{
    strbuf_addstr(h, "</main>\n<footer><p class=\"small\">Published by odp. Every file is "
                     "listed with its SHA-256 checksum in the release's SHA256SUMS.</p></footer>\n"
                     "</body>\n</html>\n");
}

static void human_size(struct strbuf *sb, long long n)
{
    if (n < 1024)
        strbuf_addf(sb, "%lld bytes", n);
    else if (n < 1024 * 1024)
        strbuf_addf(sb, "%.1f KiB", n / 1024.0);
    else
        strbuf_addf(sb, "%.1f MiB", n / 1048576.0);
}

static const char *file_what(const char *name)
{
    static const struct {
        const char *suffix, *what;
    } kinds[] = {{".csv", "table, CSV (UTF-8, comma-separated)"},
                 {".jsonl.zst", "table, JSON Lines (zstd)"},
                 {".xlsx", "Excel workbook, one sheet per table"},
                 {".tar.zst", "the whole release (tar, zstd)"},
                 {".zip", "the whole release (zip)"},
                 {"datapackage.json", "every column described (Data Package)"},
                 {"CHANGES.json", "changes since the previous release"},
                 {"CHANGES.md", "changes since the previous release"},
                 {NULL, "file"}};
    size_t n = strlen(name);
    for (int i = 0;; i++) {
        if (!kinds[i].suffix)
            return kinds[i].what;
        size_t k = strlen(kinds[i].suffix);
        if (n >= k && !strcmp(name + n - k, kinds[i].suffix))
            return kinds[i].what;
    }
}

static void contract_in_plain_words(struct strbuf *h)
{
    strbuf_addstr(
        h,
        "<h2>What you can rely on</h2>\n<ul>\n"
        "<li><b>Nothing is left out.</b> Every non-empty cell of every table is a row in "
        "<code>facts</code>, also when it was not understood.</li>\n"
        "<li><b>Every number is exact.</b> <code>value</code> is the number as printed, written "
        "with a <code>.</code> and never rounded; <code>raw</code> is the text as published; "
        "<code>amount_eur</code> = <code>value</code> &times; <code>scale</code>.</li>\n"
        "<li><b>Scale and sign are data.</b> The table's legend (bedragen x &euro;1.000) and "
        "what minus means are columns, not silent corrections.</li>\n"
        "<li><b>Ids do not change</b> from one release to the next.</li>\n"
        "<li><b>A release never changes</b> after it is published; "
        "<code>sha256sum -c SHA256SUMS</code> checks every file. A version's MINOR number rises "
        "when data was only added, PATCH when values were corrected or removed.</li>\n"
        "</ul>\n");
}

static void downloads(struct strbuf *h, const char *id, const struct release_view *r)
{
    strbuf_addstr(h, "<h2>Downloads</h2>\n<table>\n<tr><th>File and its SHA-256</th>"
                     "<th>What</th><th>Size</th></tr>\n");
    for (size_t i = 0; i < r->nfiles; i++) {
        const struct release_file *f = &r->files[i];
        strbuf_addstr(h, "<tr><td><a href=\"../datasets/");
        esc(h, id);
        strbuf_addch(h, '/');
        esc(h, r->version);
        strbuf_addch(h, '/');
        esc(h, f->name);
        strbuf_addstr(h, "\">");
        esc(h, f->name);
        strbuf_addstr(h, "</a><br><code class=\"small\">");
        esc(h, f->sha256);
        strbuf_addstr(h, "</code></td><td>");
        esc(h, file_what(f->name));
        strbuf_addstr(h, "</td><td class=\"n\">");
        human_size(h, f->bytes);
        strbuf_addstr(h, "</td></tr>\n");
    }
    strbuf_addstr(h, "<tr><td><a href=\"../datasets/");
    esc(h, id);
    strbuf_addch(h, '/');
    esc(h, r->version);
    strbuf_addstr(h, "/SHA256SUMS\">SHA256SUMS</a></td><td>the checksums above</td><td></td>"
                     "</tr>\n</table>\n");
}

static void changes_summary(struct strbuf *h, json_t *ch, int detail)
{
    if (!ch) {
        strbuf_addstr(h, "<p>No list of changes.</p>\n");
        return;
    }
    const char *prev = jstr(ch, "previous_version");
    if (!prev) {
        strbuf_addf(h, "<p>First release: %lld facts.</p>\n", jint(ch, "facts_total", 0));
        return;
    }
    strbuf_addstr(h, "<p>Since ");
    esc(h, prev);
    strbuf_addf(h, ": %lld facts added, %lld removed, %lld changed.</p>\n",
                jint(ch, "added_count", 0), jint(ch, "removed_count", 0),
                jint(ch, "changed_count", 0));
    if (!detail)
        return;
    json_t *changed = json_object_get(ch, "changed");
    if (!json_array_size(changed))
        return;
    strbuf_addstr(h, "<table>\n<tr><th>fact_id</th><th>old</th><th>new</th></tr>\n");
    size_t i;
    json_t *c;
    json_array_foreach(changed, i, c) {
        if (i == CHANGES_SHOWN)
            break;
        strbuf_addstr(h, "<tr><td><code>");
        esc(h, jstr(c, "fact_id"));
        strbuf_addstr(h, "</code></td><td>");
        esc(h, jstr(json_object_get(c, "old"), "raw"));
        strbuf_addstr(h, "</td><td>");
        esc(h, jstr(json_object_get(c, "new"), "raw"));
        strbuf_addstr(h, "</td></tr>\n");
    }
    strbuf_addstr(h, "</table>\n<p class=\"small\">All changes: CHANGES.md and CHANGES.json in "
                     "the downloads.</p>\n");
}

static void preview(struct strbuf *h, json_t *facts, long long total)
{
    static const char *cols[] = {"document_id", "row_label", "col_label", "raw", "value",
                                 "amount_eur", "status"};
    size_t n = json_array_size(facts);
    if (!n)
        return;
    strbuf_addf(h, "<h2>A look at the facts</h2>\n<p>The first %zu of %lld rows of "
                   "<code>facts</code>:</p>\n<table>\n<tr>",
                n < PREVIEW_ROWS ? n : (size_t)PREVIEW_ROWS, total > (long long)n ? total : (long long)n);
    for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++)
        strbuf_addf(h, "<th>%s</th>", cols[c]);
    strbuf_addstr(h, "</tr>\n");
    for (size_t i = 0; i < n && i < PREVIEW_ROWS; i++) {
        json_t *f = json_array_get(facts, i);
        strbuf_addstr(h, "<tr>");
        for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++) {
            int num = !strcmp(cols[c], "value") || !strcmp(cols[c], "amount_eur");
            strbuf_addstr(h, num ? "<td class=\"n\">" : "<td>");
            esc_value(h, json_object_get(f, cols[c]));
            strbuf_addstr(h, "</td>");
        }
        strbuf_addstr(h, "</tr>\n");
    }
    strbuf_addstr(h, "</table>\n");
}

/* ---- the chart: budget lines per programme ---- */

struct bar {
    char *label;
    double amount;
};

/* the chart's data, gathered while the budget lines stream past: per
 * document, the first (lowest) period seen so far and its bars */
struct doc_bars {
    long long period;
    struct bar bars[64];
    int nb;
};

struct chart_scan {
    json_t *index; /* document_id -> its place in per_doc, in order of first appearance */
    struct doc_bars *per_doc;
    size_t ndocs, cap;
    struct record_scan rs;
    struct strbuf d, prog, amount; /* the line's strings, NUL-terminated */
};

static void doc_bars_clear(struct doc_bars *db)
{
    for (int k = 0; k < db->nb; k++)
        free(db->bars[k].label);
    db->nb = 0;
}

/* One pass: a line of a lower period than its document's so far starts that
 * document's bars again, so what is left is the sums of its first period, in
 * the order the lines come, as two passes (find the periods, then sum) gave. */
static void chart_add(struct chart_scan *c, const char *d, json_int_t p, const char *prog,
                      const char *amount)
{
    json_t *at = json_object_get(c->index, d);
    struct doc_bars *db;
    if (!at) {
        if (c->ndocs == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 8;
            c->per_doc = realloc(c->per_doc, c->cap * sizeof(*c->per_doc));
            if (!c->per_doc)
                abort();
        }
        json_object_set_new(c->index, d, json_integer((json_int_t)c->ndocs));
        db = &c->per_doc[c->ndocs++];
        db->period = p;
        db->nb = 0;
    } else {
        db = &c->per_doc[json_integer_value(at)];
        if (p > db->period)
            return;
        if (p < db->period) {
            doc_bars_clear(db);
            db->period = p;
        }
    }
    int k;
    for (k = 0; k < db->nb && strcmp(db->bars[k].label, prog); k++)
        ;
    if (k == db->nb) {
        if (db->nb == 64)
            return;
        db->bars[db->nb].label = strdup(prog);
        db->bars[db->nb].amount = 0;
        db->nb++;
    }
    db->bars[k].amount += strtod(amount, NULL);
}

static void scan_record(json_t *b, struct chart_scan *c)
{
    const char *d = jstr(b, "document_id");
    json_int_t p = jint(b, "period", 0);
    if (!d || !p || !jstr(b, "amount_eur"))
        return;
    const char *prog = jstr(b, "programme") ? jstr(b, "programme") : "(none)";
    chart_add(c, d, p, prog, jstr(b, "amount_eur"));
}

/* A string member's text into sb, NUL-terminated; NULL when not a string. */
static const char *member_string(const struct record_member *m, struct strbuf *sb)
{
    if (!m || m->kind != REC_STRING)
        return NULL;
    strbuf_reset(sb);
    strbuf_add(sb, m->text + 1, m->len - 2);
    return sb->buf;
}

/* A budget line as scan_record takes it, through record_scan when it can. */
static void scan_line(const char *line, size_t len, void *ud)
{
    struct chart_scan *c = ud;
    if (record_scan_line(&c->rs, line, len)) {
        json_t *b = json_loadb(line, len, 0, NULL);
        if (b)
            scan_record(b, c);
        json_decref(b);
        return;
    }
    const char *d = member_string(record_scan_get(&c->rs, "document_id"), &c->d);
    const struct record_member *pm = record_scan_get(&c->rs, "period");
    json_int_t p = pm && pm->kind == REC_INTEGER ? strtoll(pm->text, NULL, 10) : 0;
    const char *amount = member_string(record_scan_get(&c->rs, "amount_eur"), &c->amount);
    if (!d || !p || !amount)
        return;
    const char *prog = member_string(record_scan_get(&c->rs, "programme"), &c->prog);
    chart_add(c, d, p, prog ? prog : "(none)", amount);
}

/* For each document with budget lines: the amounts in euros of its first
 * period (year), summed per programme, as horizontal bars (negative to the
 * left). One pass over the budget lines as a stream; only the sums are kept. */
static void chart(struct strbuf *h, const char *lines_path)
{
    struct chart_scan c = {json_object(), NULL, 0, 0, RECORD_SCAN_INIT,
                           STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    int bad = jsonl_zst_each_line(lines_path, scan_line, &c);
    record_scan_release(&c.rs);
    strbuf_release(&c.d);
    strbuf_release(&c.prog);
    strbuf_release(&c.amount);
    if (bad || !c.ndocs) {
        for (size_t i = 0; i < c.ndocs; i++)
            doc_bars_clear(&c.per_doc[i]);
        free(c.per_doc);
        json_decref(c.index);
        return;
    }
    strbuf_addstr(h, "<h2>Budget lines per programme</h2>\n");
    const char *doc;
    json_t *at;
    json_object_foreach(c.index, doc, at)
    {
        struct doc_bars *db = &c.per_doc[json_integer_value(at)];
        struct bar *bars = db->bars;
        int nb = db->nb;
        double max = 0;
        for (int k = 0; k < nb; k++) {
            double a = bars[k].amount < 0 ? -bars[k].amount : bars[k].amount;
            if (a > max)
                max = a;
        }
        int row = 28, w = 600, mid = 300, top = 8;
        strbuf_addstr(h, "<figure>\n<figcaption>");
        esc(h, doc);
        strbuf_addf(h, ", %lld: amount in euros per programme (sum of the budget lines; "
                       "negative to the left)</figcaption>\n",
                    db->period);
        strbuf_addf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                       "width=\"%d\" height=\"%d\" role=\"img\">\n",
                    w, top + nb * row + 4, w, top + nb * row + 4);
        strbuf_addf(h, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", mid,
                    mid, top + nb * row);
        for (int k = 0; k < nb; k++) {
            double len = max > 0 ? (bars[k].amount < 0 ? -bars[k].amount : bars[k].amount) /
                                       max * (mid - 10)
                                 : 0;
            int y = top + k * row;
            double x = bars[k].amount < 0 ? mid - len : mid;
            strbuf_addf(h, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                           "fill=\"%s\"/>\n",
                        x, y, len, row - 8, bars[k].amount < 0 ? "#b5473a" : "#3a6fb5");
            int tx = bars[k].amount < 0 ? mid + 6 : mid - 6;
            strbuf_addf(h, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"%s\">"
                           "programme ",
                        tx, y + row - 12, bars[k].amount < 0 ? "start" : "end");
            esc(h, bars[k].label);
            strbuf_addf(h, ": %.0f</text>\n", bars[k].amount);
            free(bars[k].label);
        }
        strbuf_addstr(h, "</svg>\n</figure>\n");
    }
    free(c.per_doc);
    json_decref(c.index);
}

static void about_release(struct strbuf *h, const struct release_view *r)
{
    strbuf_addstr(h, "<p>");
    esc(h, jstr(r->package, "description"));
    strbuf_addstr(h, "</p>\n<p>Version <b>");
    esc(h, r->version);
    strbuf_addstr(h, "</b>");
    if (jstr(r->package, "created")) {
        strbuf_addstr(h, ", data as of ");
        esc(h, jstr(r->package, "created"));
    }
    strbuf_addstr(h, ". Licence: ");
    esc(h, jstr(json_array_get(json_object_get(r->package, "licenses"), 0), "name"));
    strbuf_addstr(h, ".</p>\n<h2>Sources</h2>\n<ul>\n");
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(r->package, "sources"), i, s) {
        strbuf_addstr(h, "<li>");
        esc(h, jstr(s, "title"));
        strbuf_addstr(h, ": <code>");
        esc(h, jstr(s, "path")); /* shown, not linked: the portal links only to itself */
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
};

static void list_page(json_t *p, void *ud)
{
    struct contents_scan *c = ud;
    size_t i;
    json_t *d;
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
        lp->title = strdup(jstr(p, "title")     ? jstr(p, "title")
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
    json_t *list = id ? json_object_get(c->by_page_id, id) : NULL;
    size_t i;
    json_t *k;
    json_array_foreach(list, i, k)
    {
        struct listed_page *lp = &c->pages[json_integer_value(k)];
        if (lp->shown == 6)
            continue;
        strbuf_addstr(&lp->headings, lp->shown++ ? " &middot; " : "<br><span class=\"small\">");
        esc(&lp->headings, jstr(x, "heading"));
    }
}

/* What the release holds: its documents and pages, with their headings. The
 * pages and sections are read as streams; only what is listed is kept. */
static void contents(struct strbuf *h, const char *portal, const char *id, const char *version)
{
    struct contents_scan c = {0};
    c.docs = release_read_records(portal, id, version, "documents", 0);
    c.ndocs = json_array_size(c.docs);
    c.nlisted = calloc(c.ndocs + 1, sizeof(int));
    c.more = calloc(c.ndocs + 1, sizeof(int));
    c.pages = calloc(c.ndocs * PAGES_LISTED + 1, sizeof(*c.pages));
    c.by_page_id = json_object();
    if (!c.nlisted || !c.more || !c.pages)
        abort();
    struct strbuf p = STRBUF_INIT;
    if (c.ndocs) {
        strbuf_addf(&p, "%s/datasets/%s/%s/pages.jsonl.zst", portal, id, version);
        jsonl_zst_each(p.buf, 0, list_page, &c);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/datasets/%s/%s/sections.jsonl.zst", portal, id, version);
        jsonl_zst_each(p.buf, 0, list_section, &c);
    }
    strbuf_release(&p);
    size_t i;
    json_t *d;
    strbuf_addstr(h, "<h2>Documents and pages</h2>\n");
    json_array_foreach(c.docs, i, d)
    {
        strbuf_addstr(h, "<h3>");
        esc(h, jstr(d, "title") ? jstr(d, "title") : jstr(d, "document_id"));
        strbuf_addstr(h, "</h3>\n<p><code>");
        esc(h, jstr(d, "document_id"));
        strbuf_addstr(h, "</code>: ");
        esc(h, jstr(d, "municipality"));
        strbuf_addstr(h, ", ");
        esc(h, jstr(d, "doc_type"));
        strbuf_addf(h, " %lld, %lld pages</p>\n<ul>\n", jint(d, "year", 0),
                    jint(d, "page_count", 0));
        for (int k = 0; k < c.nlisted[i]; k++) {
            struct listed_page *lp = &c.pages[i * PAGES_LISTED + (size_t)k];
            strbuf_addstr(h, "<li>");
            esc(h, lp->title);
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
    json_decref(c.docs);
}

/* A pruned release (release_retention.h): when and why, and where its files
 * live on. */
static void tombstone_notice(struct strbuf *h, const char *id, const struct release_view *r)
{
    json_t *t = r->tombstone;
    strbuf_addstr(h, "<h2>Pruned</h2>\n<p class=\"pruned\">This release was pruned on ");
    esc(h, jstr(t, "pruned_at"));
    strbuf_addstr(h, ": ");
    esc(h, jstr(t, "reason"));
    strbuf_addstr(h, ". Its files are no longer here; its description (<a href=\"../datasets/");
    esc(h, id);
    strbuf_addch(h, '/');
    esc(h, r->version);
    strbuf_addstr(h, "/datapackage.json\">datapackage.json</a>), its changes and its <a "
                     "href=\"../datasets/");
    esc(h, id);
    strbuf_addch(h, '/');
    esc(h, r->version);
    strbuf_addstr(h, "/TOMBSTONE.json\">tombstone</a> are.");
    if (jstr(t, "superseded_by")) {
        strbuf_addstr(h, " The release after it is <a href=\"");
        esc(h, id);
        strbuf_addch(h, '-');
        esc(h, jstr(t, "superseded_by"));
        strbuf_addstr(h, ".html\">");
        esc(h, jstr(t, "superseded_by"));
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
        esc(h, jstr(f, "name"));
        strbuf_addstr(h, "<br><code class=\"small\">");
        esc(h, jstr(f, "sha256"));
        strbuf_addstr(h, "</code></td><td>");
        if (json_is_object(on)) {
            strbuf_addstr(h, "<a href=\"../");
            esc(h, jstr(on, "path"));
            strbuf_addstr(h, "\">");
            esc(h, jstr(on, "path"));
            strbuf_addstr(h, "</a>");
        } else {
            strbuf_addstr(h, "nowhere: removed");
        }
        strbuf_addstr(h, "</td></tr>\n");
    }
    strbuf_addstr(h, "</table>\n");
}

static void release_body(struct strbuf *h, const char *portal, const struct dataset_view *d,
                         const struct release_view *r)
{
    about_release(h, r);
    if (r->tombstone) {
        tombstone_notice(h, d->id, r);
        strbuf_addstr(h, "<h2>Changes</h2>\n");
        changes_summary(h, r->changes, 1);
        return;
    }
    contract_in_plain_words(h);
    downloads(h, d->id, r);
    strbuf_addstr(h, "<h2>Changes</h2>\n");
    changes_summary(h, r->changes, 1);
    contents(h, portal, d->id, r->version);
    json_t *facts = release_read_records(portal, d->id, r->version, "facts", PREVIEW_ROWS);
    preview(h, facts, r->changes ? jint(r->changes, "facts_total", 0) : 0);
    json_decref(facts);
    struct strbuf lines = STRBUF_INIT;
    strbuf_addf(&lines, "%s/datasets/%s/%s/budget_lines.jsonl.zst", portal, d->id, r->version);
    chart(h, lines.buf);
    strbuf_release(&lines);
}

static int write_page(const char *portal, const char *name, struct strbuf *h,
                      struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s", portal, name);
    int rc = portal_write_file(p.buf, h->buf, h->len, err);
    strbuf_release(&p);
    return rc;
}

int site_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
               struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT, h = STRBUF_INIT, name = STRBUF_INIT, cur_body = STRBUF_INIT;
    strbuf_addf(&p, "%s/pages", portal);
    int rc = mkdir_p(p.buf, err);
    strbuf_release(&p);
    /* the portal's front page */
    page_start(&h, "Open data from municipal planning-and-control documents", "index.html");
    strbuf_addstr(&h, "<h1>Open data from municipal planning-and-control documents</h1>\n<p>The "
                      "budgets (begroting), annual reports (jaarverslag), perspectiefnota's and "
                      "interim reports of municipalities, read from their websites: every table "
                      "cell, figure and section of text, as versioned, checksummed open data.</p>\n");
    if (pl->publisher) {
        strbuf_addstr(&h, "<p>Published by ");
        esc(&h, pl->publisher);
        strbuf_addstr(&h, ".</p>\n");
    }
    contract_in_plain_words(&h);
    strbuf_addstr(&h, "<h2>Datasets</h2>\n<table>\n<tr><th>Dataset</th><th>Version</th>"
                      "<th>Data as of</th><th>Facts</th></tr>\n");
    for (size_t i = 0; i < v->ndatasets; i++) {
        const struct dataset_view *d = &v->datasets[i];
        const struct release_view *r = dataset_latest(d);
        strbuf_addstr(&h, "<tr><td><a href=\"pages/");
        esc(&h, d->id);
        strbuf_addstr(&h, ".html\">");
        esc(&h, jstr(r->package, "title") ? jstr(r->package, "title") : d->id);
        strbuf_addstr(&h, "</a><br><code>");
        esc(&h, d->id);
        strbuf_addstr(&h, "</code></td><td>");
        esc(&h, r->version);
        strbuf_addstr(&h, "</td><td>");
        esc(&h, jstr(r->package, "created"));
        strbuf_addf(&h, "</td><td class=\"n\">%lld</td></tr>\n",
                    r->changes ? jint(r->changes, "facts_total", 0) : 0);
    }
    strbuf_addstr(&h, "</table>\n<p>For harvesters: <a href=\"catalog.jsonld\">catalog.jsonld</a> "
                      "(DCAT-AP-NL 3.0).</p>\n");
    page_end(&h);
    if (!rc)
        rc = write_page(portal, "index.html", &h, err);

    for (size_t i = 0; i < v->ndatasets && !rc; i++) {
        const struct dataset_view *d = &v->datasets[i];
        const struct release_view *cur = dataset_latest(d);
        const char *title = jstr(cur->package, "title") ? jstr(cur->package, "title") : d->id;
        /* the dataset: its current release and every release */
        strbuf_reset(&h);
        page_start(&h, title, "../index.html");
        strbuf_addstr(&h, "<h1>");
        esc(&h, title);
        strbuf_addstr(&h, "</h1>\n<p><code>");
        esc(&h, d->id);
        strbuf_addstr(&h, "</code></p>\n");
        /* the current release's body is on its own page too: made once */
        strbuf_reset(&cur_body);
        release_body(&cur_body, portal, d, cur);
        strbuf_add(&h, cur_body.buf, cur_body.len);
        strbuf_addstr(&h, "<h2>Releases</h2>\n<table>\n<tr><th>Version</th><th>Data as of</th>"
                          "<th>Changes</th></tr>\n");
        for (size_t k = d->nreleases; k-- > 0;) {
            const struct release_view *r = &d->releases[k];
            strbuf_addstr(&h, "<tr><td><a href=\"");
            esc(&h, d->id);
            strbuf_addch(&h, '-');
            esc(&h, r->version);
            strbuf_addstr(&h, ".html\">");
            esc(&h, r->version);
            strbuf_addstr(&h, r->tombstone ? "</a> (pruned)</td><td>" : "</a></td><td>");
            esc(&h, jstr(r->package, "created"));
            strbuf_addstr(&h, "</td><td>");
            changes_summary(&h, r->changes, 0);
            strbuf_addstr(&h, "</td></tr>\n");
        }
        strbuf_addstr(&h, "</table>\n");
        page_end(&h);
        strbuf_reset(&name);
        strbuf_addf(&name, "pages/%s.html", d->id);
        rc = write_page(portal, name.buf, &h, err);
        /* each release */
        for (size_t k = 0; k < d->nreleases && !rc; k++) {
            const struct release_view *r = &d->releases[k];
            struct strbuf t = STRBUF_INIT;
            strbuf_addf(&t, "%s, version %s", title, r->version);
            strbuf_reset(&h);
            page_start(&h, t.buf, "../index.html");
            strbuf_addstr(&h, "<h1>");
            esc(&h, t.buf);
            strbuf_addstr(&h, "</h1>\n<p>All releases: <a href=\"");
            esc(&h, d->id);
            strbuf_addstr(&h, ".html\">");
            esc(&h, d->id);
            strbuf_addstr(&h, "</a></p>\n");
            if (r == cur)
                strbuf_add(&h, cur_body.buf, cur_body.len);
            else
                release_body(&h, portal, d, r);
            page_end(&h);
            strbuf_reset(&name);
            strbuf_addf(&name, "pages/%s-%s.html", d->id, r->version);
            rc = write_page(portal, name.buf, &h, err);
            strbuf_release(&t);
        }
    }
    strbuf_release(&h);
    strbuf_release(&name);
    strbuf_release(&cur_body);
    return rc;
}
