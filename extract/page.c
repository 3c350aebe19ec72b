/*
 * page.c: see page.h.
 *
 * The walk visits the main content in document order. Headings open sections;
 * paragraphs, list items and leaf divs become text blocks of the open section;
 * tables are read as grids (table_grid.h) with their context (the caption, a
 * legend row, the paragraph before, the heading path). The header widget is
 * found among the blocks (widget.h) before the sections' text is joined.
 *
 * Here are the walk and the order of a page's records; the page's own record
 * and the landmarks it is read from are page_record.h's, a table's record is
 * written by table_write.h.
 */
#include "page.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "dom.h"
#include "jsonl.h"
#include "jsonout.h"
#include "legend.h"
#include "page_record.h"
#include "strbuf.h"
#include "table_record.h"
#include "table_write.h"
#include "text.h"
#include "widget.h"
#include "xalloc.h"

#define MAX_DEPTH 200

struct section {
    char *heading;
    int level;
    json_t *path; /* array of heading texts */
};

struct walk {
    struct section *sec;
    int nsec;
    size_t capsec;
    struct text_block *blk;
    int nblk;
    size_t capblk;
    char *heads[7]; /* open headings by level (h2..h6; h1 is the page title) */
    struct strbuf inline_text;
    struct strbuf tables; /* the table records as JSON Lines, in order: written
                           * directly, as a page has thousands of cells */
    int ntables;
    struct table_writer *tw;   /* the page extractor's, reused */
    struct table_record table; /* the current table, its arrays reused */
    char *h1;
    int depth;
    /* a legend standing as a line of its own ("(bedragen x € 1.000)" under the
     * page heading): it holds for the tables after it until another such line
     * or a heading of its section's rank or higher (legend_level) */
    struct legend_info legend;
    int legend_found; /* LEGEND_SCALE | LEGEND_SIGN, 0 when none holds */
    int legend_level;
    char *legend_text;
    const char *legend_src; /* "section_legend" (a line of its own) or "heading" */
};

static int is_skipped(xmlNodePtr n)
{
    static const char *const tags[] = {"nav",      "header", "footer",   "aside",
                                       "script",   "style",  "noscript", "form",
                                       "template", "button", "select",   NULL};
    for (int i = 0; tags[i]; i++)
        if (node_is(n, tags[i]))
            return 1;
    if (dom_has_class_word(n, "breadcrumb") || dom_has_class_word(n, "menu"))
        return 1;
    return node_is(n, "a") && text_is_nav_link(n);
}

static int heading_level(xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    const char *name = (const char *)n->name;
    if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2])
        return name[1] - '0';
    return 0;
}

static int is_block(xmlNodePtr n)
{
    static const char *const tags[] = {
        "p",   "div", "ul", "ol", "li",     "table",      "section", "article", "blockquote",
        "pre", "dl",  "dt", "dd", "figure", "figcaption", "main",    "h1",      "h2",
        "h3",  "h4",  "h5", "h6", "hr",     "center",     "address", NULL};
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    for (int i = 0; tags[i]; i++)
        if (node_is(n, tags[i]))
            return 1;
    return 0;
}

static int has_block_child(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_block(c) && !is_skipped(c))
            return 1;
    return 0;
}

static void add_block(struct walk *w, const char *text, int is_li)
{
    struct strbuf t = STRBUF_INIT;
    text_normalise(text, &t);
    if (t.len) {
        ALLOC_GROW(w->blk, (size_t)w->nblk + 1, w->capblk);
        struct legend_info li = {0};
        /* a line about "onderstaande tabel" speaks for the next table only (as
         * its paragraph_before), not for the rest of the section */
        int f = t.len <= 80 && !is_li ? legend_scan(t.buf, &li) : 0;
        if (f && strcasestr(t.buf, "tabel"))
            f = 0;
        if (f) {
            w->legend_src = "section_legend";
            w->legend = li;
            w->legend_found = f;
            w->legend_level = w->nsec ? w->sec[w->nsec - 1].level : 0;
            free(w->legend_text);
            w->legend_text = xstrdup(t.buf);
        }
        w->blk[w->nblk++] = (struct text_block){strbuf_detach(&t, NULL), is_li, w->nsec - 1, 0};
    }
    strbuf_release(&t);
}

static void flush_inline(struct walk *w)
{
    if (w->inline_text.len)
        add_block(w, w->inline_text.buf, 0);
    strbuf_reset(&w->inline_text);
}

static json_t *current_path(struct walk *w)
{
    json_t *a = json_array();
    for (int l = 2; l <= 6; l++)
        if (w->heads[l])
            json_array_append_new(a, json_string(w->heads[l]));
    return a;
}

static void open_section(struct walk *w, const char *heading, int level)
{
    if (w->legend_found && level <= w->legend_level)
        w->legend_found = 0; /* the legend's section has ended */
    if (level >= 2) {
        free(w->heads[level]);
        w->heads[level] = xstrdup(heading);
        for (int l = level + 1; l <= 6; l++) {
            free(w->heads[l]);
            w->heads[l] = NULL;
        }
    }
    /* a heading that states its own scale ("Subsidieplafonds (in €)",
     * "Lasten en baten (x € 1.000)") holds for its section, nearer than a
     * legend above it */
    struct legend_info hl = {0};
    int hf = level >= 1 ? legend_scan(heading, &hl) : 0;
    if (hf) {
        w->legend = hl;
        w->legend_found = hf;
        w->legend_level = level;
        w->legend_src = "heading";
        free(w->legend_text);
        w->legend_text = xstrdup(heading);
    }
    ALLOC_GROW(w->sec, (size_t)w->nsec + 1, w->capsec);
    w->sec[w->nsec++] =
        (struct section){xstrdup(heading), level, level >= 2 ? current_path(w) : json_array()};
    if (level == 1)
        json_array_append_new(w->sec[w->nsec - 1].path, json_string(heading));
}

/* A table of the walk: read (table_record.h) with what the walk knows around
 * it, and written. */
static void add_table(struct walk *w, xmlNodePtr table, const char *para_before)
{
    struct table_context ctx = {.para_before = para_before,
                                .legend = {.para_before = para_before,
                                           .section = &w->legend,
                                           .section_found = w->legend_found,
                                           .section_source = w->legend_src,
                                           .section_text = w->legend_text}};
    /* the innermost heading (that is UTF-8: the heading path holds no other) */
    for (int l = 6; l >= 2 && !ctx.heading; l--)
        if (w->heads[l] && jsonl_utf8_valid(w->heads[l], strlen(w->heads[l])))
            ctx.heading = w->heads[l];
    if (table_record_read(table, &ctx, &w->table) == 0) {
        struct table_place at = {++w->ntables, w->nsec, w->heads};
        table_write(w->tw, &w->tables, table, &w->table, &at);
    }
    table_record_clear(&w->table);
}

/* ---- the walk ---- */

static const char *last_block_text(struct walk *w)
{
    if (w->nblk && w->blk[w->nblk - 1].section == w->nsec - 1)
        return w->blk[w->nblk - 1].text;
    return NULL;
}

/* The widget label an element carries only in an attribute (aria-label or
 * title: research 3.1, "the label text sometimes does not appear in the text"),
 * on itself or on one of its children, or NULL. */
static const char *attribute_label(xmlNodePtr c)
{
    static const char *const names[] = {"aria-label", "title"};
    for (int i = 0; i < 2; i++) {
        const char *v = dom_attr(c, names[i]);
        if (v && widget_is_label(v))
            return v;
    }
    for (xmlNodePtr k = c->children; k; k = k->next)
        for (int i = 0; k->type == XML_ELEMENT_NODE && i < 2; i++) {
            const char *v = dom_attr(k, names[i]);
            if (v && widget_is_label(v))
                return v;
        }
    return NULL;
}

/* A leaf block whose label is only in an attribute and whose text holds no
 * word (amounts and shares): the label as a block of its own, then each child
 * element's text as one, so the widget reader sees them as on other sites.
 * 1 when it did so. */
static int add_attribute_labelled(struct walk *w, xmlNodePtr c)
{
    const char *label = attribute_label(c);
    if (!label)
        return 0;
    struct strbuf t = STRBUF_INIT;
    text_of_node(c, &t);
    int words = 0;
    for (size_t i = 0; i < t.len && !words; i++)
        words = isalpha((unsigned char)t.buf[i]);
    strbuf_release(&t);
    if (words)
        return 0;
    add_block(w, label, 0);
    for (xmlNodePtr k = c->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        struct strbuf kt = STRBUF_INIT;
        text_of_node(k, &kt);
        add_block(w, kt.buf, 0);
        strbuf_release(&kt);
    }
    return 1;
}

static void walk(struct walk *w, xmlNodePtr n)
{
    if (++w->depth > MAX_DEPTH) {
        w->depth--;
        return;
    }
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            if (c->content)
                strbuf_addstr(&w->inline_text, (const char *)c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || is_skipped(c))
            continue;
        int level = heading_level(c);
        if (level) {
            flush_inline(w);
            struct strbuf h = STRBUF_INIT;
            text_node_normalised(c, &h);
            if (level == 1 && !w->h1)
                w->h1 = xstrdup(h.buf);
            if (h.len)
                open_section(w, h.buf, level);
            strbuf_release(&h);
        } else if (node_is(c, "table")) {
            flush_inline(w);
            add_table(w, c, last_block_text(w));
        } else if (node_is(c, "br")) {
            flush_inline(w);
        } else if (node_is(c, "li") || node_is(c, "dt") || node_is(c, "dd")) {
            flush_inline(w);
            if (has_block_child(c)) {
                walk(w, c);
                flush_inline(w);
            } else {
                struct strbuf t = STRBUF_INIT;
                text_of_node(c, &t);
                add_block(w, t.buf, node_is(c, "li"));
                strbuf_release(&t);
            }
        } else if (is_block(c)) {
            flush_inline(w);
            if (has_block_child(c)) {
                walk(w, c);
            } else if (!add_attribute_labelled(w, c)) {
                struct strbuf t = STRBUF_INIT;
                text_of_node(c, &t);
                add_block(w, t.buf, 0);
                strbuf_release(&t);
            }
            flush_inline(w);
        } else {
            /* inline element (span, a, strong...): part of the running text,
             * unless it hides blocks inside (sloppy markup) */
            if (has_block_child(c)) {
                flush_inline(w);
                walk(w, c);
                flush_inline(w);
            } else {
                text_of_node(c, &w->inline_text);
            }
        }
    }
    w->depth--;
}

static void count_error(void *ud, xmlErrorPtr e)
{
    (void)e;
    (*(int *)ud)++;
}

struct page_extractor {
    htmlParserCtxtPtr ctx;
    struct strbuf out; /* the page's records, written at once */
    /* the walk's buffers, kept from page to page (emptied, not freed): as
     * large as the largest page needed, so memory stays flat */
    struct strbuf inline_text, tables;
    struct table_writer tw;
};

struct page_extractor *page_extractor_new(void)
{
    struct page_extractor *pe = xcalloc(1, sizeof(*pe));
    pe->ctx = htmlNewParserCtxt();
    if (!pe->ctx) {
        free(pe);
        return NULL;
    }
    strbuf_init(&pe->out, 0);
    strbuf_init(&pe->inline_text, 0);
    strbuf_init(&pe->tables, 0);
    pe->tw = (struct table_writer)TABLE_WRITER_INIT;
    return pe;
}

void page_extractor_free(struct page_extractor *pe)
{
    if (!pe)
        return;
    htmlFreeParserCtxt(pe->ctx);
    strbuf_release(&pe->out);
    strbuf_release(&pe->inline_text);
    strbuf_release(&pe->tables);
    table_writer_release(&pe->tw);
    free(pe);
}

int page_extract(const char *html, size_t len, FILE *out, struct page_counts *counts,
                 struct odp_error *err)
{
    struct page_extractor *pe = page_extractor_new();
    if (!pe)
        return odp_error_set(err, ODP_ENOMEM, "cannot create an HTML parser");
    int rc = page_extractor_run(pe, html, len, out, counts, err);
    page_extractor_free(pe);
    return rc;
}

/* Parse html with pe's context into *doc; 0, or an odp_code with err set.
 * Markup errors are recovered from, and counted in *nerr (a page's markup
 * quality is data too); libxml2 keeps the error handler per thread. */
static int parse_page(struct page_extractor *pe, const char *html, size_t len, htmlDocPtr *doc,
                      int *nerr, struct odp_error *err)
{
    if (len > INT_MAX)
        return odp_error_set(err, ODP_EPARSE, "the page is larger than 2 GB");
    *nerr = 0;
    xmlSetStructuredErrorFunc(nerr, count_error);
    *doc = htmlCtxtReadMemory(pe->ctx, html, (int)len, NULL, "UTF-8",
                              HTML_PARSE_RECOVER | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!*doc)
        return odp_error_set(err, ODP_EPARSE, "the page could not be parsed as HTML");
    return ODP_OK;
}

/* Walk content (may be NULL) with pe's buffers into w. */
static void walk_page(struct walk *w, struct page_extractor *pe, xmlNodePtr content)
{
    memset(w, 0, sizeof(*w));
    w->inline_text = pe->inline_text;
    w->tables = pe->tables;
    w->tw = &pe->tw;
    strbuf_init(&w->table.caption, 0);
    strbuf_reset(&w->inline_text);
    strbuf_reset(&w->tables);
    open_section(w, "", 0); /* text before the first heading */
    if (content)
        walk(w, content);
    flush_inline(w);
}

/* Free what w holds for its page and give pe back the buffers it keeps. */
static void walk_release(struct walk *w, struct page_extractor *pe)
{
    pe->inline_text = w->inline_text;
    pe->tables = w->tables;
    for (int s = 0; s < w->nsec; s++) {
        free(w->sec[s].heading);
        json_decref(w->sec[s].path);
    }
    free(w->sec);
    for (int b = 0; b < w->nblk; b++)
        free(w->blk[b].text);
    free(w->blk);
    for (int l = 0; l < 7; l++)
        free(w->heads[l]);
    free(w->h1);
    free(w->legend_text);
    table_record_release(&w->table);
}

/* The section records, with the blocks the widget took left out, appended to
 * o; returns how many. */
static int write_sections(const struct walk *w, struct strbuf *o)
{
    struct strbuf sb = STRBUF_INIT;
    int ord = 0;
    for (int s = 0; s < w->nsec; s++) {
        strbuf_reset(&sb);
        for (int b = 0; b < w->nblk; b++) {
            if (w->blk[b].section != s || w->blk[b].consumed)
                continue;
            if (sb.len)
                strbuf_addch(&sb, '\n');
            if (w->blk[b].is_li)
                strbuf_addstr(&sb, "- ");
            strbuf_addstr(&sb, w->blk[b].text);
        }
        if (w->sec[s].level <= 1 && sb.len == 0)
            continue; /* no text before the first heading, or an h1 title alone */
        strbuf_addch(o, '{');
        jsonout_str(o, "type", "section");
        jsonout_int(o, "ordinal", ++ord);
        jsonout_str(o, "heading", w->sec[s].heading);
        jsonout_int(o, "level", w->sec[s].level);
        jsonout_key(o, "heading_path");
        jsonout_compact(w->sec[s].path, o);
        jsonout_strn(o, "text", sb.buf, sb.len);
        strbuf_add(o, "}\n", 2);
    }
    strbuf_release(&sb);
    return ord;
}

/* The key figure records (figures: widget_find's), numbered, appended to o;
 * returns how many. */
static int write_key_figures(json_t *figures, struct strbuf *o)
{
    size_t i;
    json_t *t;
    json_array_foreach(figures, i, t)
    {
        json_object_set_new(t, "ordinal", json_integer((json_int_t)i + 1));
        jsonout_compact(t, o);
        strbuf_addch(o, '\n');
    }
    return (int)json_array_size(figures);
}

/* The steps of a page, in the order of its records: parse, find the
 * landmarks, walk the content, take the widget's blocks, then write the page,
 * its sections, its tables (written during the walk) and its key figures. */
int page_extractor_run(struct page_extractor *pe, const char *html, size_t len, FILE *out,
                       struct page_counts *counts, struct odp_error *err)
{
    memset(counts, 0, sizeof(*counts));
    htmlDocPtr doc;
    int nerr;
    int rc = parse_page(pe, html, len, &doc, &nerr, err);
    if (rc)
        return rc;
    counts->parse_errors = nerr;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    struct page_landmarks lm;
    page_landmarks_find(root, &lm);
    xmlNodePtr content = lm.main ? lm.main : lm.body ? lm.body : root;

    struct walk w;
    walk_page(&w, pe, content);
    json_t *figures = widget_find(w.blk, w.nblk);
    page_record_write(&pe->out, &lm, root, w.h1, counts->parse_errors);
    counts->sections = write_sections(&w, &pe->out);
    strbuf_add(&pe->out, w.tables.buf, w.tables.len);
    counts->tables = w.ntables;
    counts->key_figures = write_key_figures(figures, &pe->out);
    json_decref(figures);
    walk_release(&w, pe);
    xmlFreeDoc(doc);

    if (fwrite(pe->out.buf, 1, pe->out.len, out) != pe->out.len)
        rc = odp_error_set(err, ODP_EIO, "cannot write the extraction");
    strbuf_reset(&pe->out);
    /* the context's dictionary keeps every name and short text it has seen: start
     * afresh now and then, so memory does not grow with the number of pages */
    if (xmlDictSize(pe->ctx->dict) > 50000) {
        htmlParserCtxtPtr fresh = htmlNewParserCtxt();
        if (fresh) {
            htmlFreeParserCtxt(pe->ctx);
            pe->ctx = fresh;
        }
    }
    return rc;
}
