/*
 * page.c: see page.h.
 *
 * The walk visits the main content in document order. Headings open sections;
 * paragraphs, list items and leaf divs become text blocks of the open section;
 * tables are read as grids (table_grid.h) with their context (the caption, a
 * legend row, the paragraph before, the heading path). The header widget is
 * found among the blocks (widget.h) before the sections' text is joined.
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

#include "dutch_number.h"
#include "jsonout.h"
#include "legend.h"
#include "strbuf.h"
#include "table_record.h"
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
    int nsec, capsec;
    struct text_block *blk;
    int nblk, capblk;
    char *heads[7]; /* open headings by level (h2..h6; h1 is the page title) */
    struct strbuf inline_text;
    struct strbuf tables; /* the table records as JSON Lines, in order: written
                           * directly, as a page has thousands of cells */
    int ntables;
    struct strbuf col_labels, body, cells; /* the current table's, reused */
    struct table_record table;             /* the current table, its arrays reused */
    int *cell_index;                       /* put_cells' index of each grid cell */
    int cell_index_alloc;
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

/* The value of attribute name of element n, or NULL; read in place (every
 * element is asked for its class, so no copy is made). */
static const char *attr(xmlNodePtr n, const char *name)
{
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *an = (const char *)a->name; /* name is lower case */
        if ((an[0] | 0x20) != name[0] || strcasecmp(an, name))
            continue;
        xmlNodePtr v = a->children;
        if (v && v->type == XML_TEXT_NODE && !v->next && v->content)
            return (const char *)v->content;
        return v ? NULL : ""; /* a value in parts (entities): too rare to join */
    }
    return NULL;
}

/* Whether hay contains word (lower case ASCII) in any case. A plain loop:
 * glibc's strcasestr prepares for long texts, and class names are short. */
static int contains_ci(const char *hay, const char *word)
{
    size_t wl = strlen(word);
    for (const char *h = hay; *h; h++)
        if ((*h | 0x20) == word[0] && !strncasecmp(h, word, wl))
            return 1;
    return 0;
}

static int has_class_word(xmlNodePtr n, const char *word)
{
    const char *cls = attr(n, "class"), *id = attr(n, "id");
    return (cls && contains_ci(cls, word)) || (id && contains_ci(id, word));
}

static int is_skipped(xmlNodePtr n)
{
    static const char *const tags[] = {"nav",      "header", "footer",   "aside",
                                       "script",   "style",  "noscript", "form",
                                       "template", "button", "select",   NULL};
    for (int i = 0; tags[i]; i++)
        if (node_is(n, tags[i]))
            return 1;
    if (has_class_word(n, "breadcrumb") || has_class_word(n, "menu"))
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
        if (w->nblk == w->capblk) {
            w->capblk = w->capblk ? w->capblk * 2 : 64;
            w->blk = realloc(w->blk, (size_t)w->capblk * sizeof(*w->blk));
        }
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
            w->legend_text = strdup(t.buf);
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

/* "heading_path": current_path(w) written directly. */
static void put_heading_path(struct walk *w, struct strbuf *o)
{
    jsonout_key(o, "heading_path");
    strbuf_addch(o, '[');
    for (int l = 2; l <= 6; l++)
        jsonout_str(o, NULL, w->heads[l]);
    strbuf_addch(o, ']');
}

static void open_section(struct walk *w, const char *heading, int level)
{
    if (w->legend_found && level <= w->legend_level)
        w->legend_found = 0; /* the legend's section has ended */
    if (level >= 2) {
        free(w->heads[level]);
        w->heads[level] = strdup(heading);
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
        w->legend_text = strdup(heading);
    }
    if (w->nsec == w->capsec) {
        w->capsec = w->capsec ? w->capsec * 2 : 32;
        w->sec = realloc(w->sec, (size_t)w->capsec * sizeof(*w->sec));
    }
    w->sec[w->nsec++] =
        (struct section){strdup(heading), level, level >= 2 ? current_path(w) : json_array()};
    if (level == 1)
        json_array_append_new(w->sec[w->nsec - 1].path, json_string(heading));
}

/* ---- tables: the record's JSON (table_record.h reads the table) ---- */

/* Write n (0 or more) and then sep to d (room for 12 bytes); returns the
 * length written. printf's cost is most of a cell's. */
static size_t put_count(char *d, int n, char sep)
{
    if (n < 10) { /* most: a cell's row span, column span, column */
        d[0] = (char)('0' + n);
        d[1] = sep;
        return 2;
    }
    char t[12];
    int k = sizeof(t);
    do {
        t[--k] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    size_t len = sizeof(t) - (size_t)k;
    memcpy(d, t + k, len);
    d[len] = sep;
    return len + 1;
}

/* Append lit, punctuation and a key as jsonout_key writes them where the
 * separator is known, then n (0 or more) if n >= 0: the table records' fixed
 * fields, thousands a page, without escaping each key again. */
static void put_lit_count(struct strbuf *sb, const char *lit, size_t litlen, int n)
{
    char t[64];
    memcpy(t, lit, litlen);
    size_t len = litlen;
    if (n >= 0)
        len += put_count(t + litlen, n, '\0') - 1;
    strbuf_add(sb, t, len);
}
#define PUT_LIT(sb, lit) put_lit_count((sb), (lit), sizeof(lit) - 1, -1)
#define PUT_LIT_COUNT(sb, lit, n) put_lit_count((sb), (lit), sizeof(lit) - 1, (n))

/* Whether t is ASCII that a JSON string holds as it is (no control character,
 * quote or backslash), with its length in *len: then it is valid UTF-8 and
 * needs no escaping, so it is copied whole; most cells are such. */
static int json_plain_ascii(const char *t, size_t *len)
{
    const unsigned char *p = (const unsigned char *)t;
    while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        p++;
    *len = (size_t)(p - (const unsigned char *)t);
    return !*p;
}

/* "col_levels": per column the texts of its header levels, top down, a
 * level repeating the one above it (a rowspan) left out. */
static void put_col_levels(struct strbuf *col_labels, const struct table_record *t)
{
    const struct table_grid *g = &t->grid;
    strbuf_reset(col_labels);
    strbuf_addch(col_labels, '[');
    for (int c = 0; c < g->cols; c++) {
        const char *last = NULL;
        if (c)
            strbuf_addch(col_labels, ',');
        strbuf_addch(col_labels, '[');
        for (int r = 0; r < g->rows; r++) {
            if (t->rows.kind[r] != TABLE_ROW_HEADER)
                continue;
            struct grid_cell *x = table_grid_at(g, r, c);
            if (!x || !x->text[0] || (last && !strcmp(last, x->text)))
                continue;
            jsonout_str(col_labels, NULL, x->text);
            last = x->text;
        }
        strbuf_addch(col_labels, ']');
    }
    strbuf_addch(col_labels, ']');
}

/* "body": each body row's label, code, group flag and path (table_rows.h). */
static void put_body_rows(struct strbuf *body, const struct table_record *t)
{
    const struct table_grid *g = &t->grid;
    strbuf_reset(body);
    strbuf_addch(body, '[');
    for (int i = 0; i < t->rows.nbody; i++) {
        const struct table_body_row *b = &t->rows.body[i];
        int r = b->row;
        if (i == 0)
            PUT_LIT_COUNT(body, "{\"row\":", r + 1);
        else
            PUT_LIT_COUNT(body, ",{\"row\":", r + 1);
        PUT_LIT(body, ",\"path\":[");
        for (int k = 0; k < b->npath; k++)
            jsonout_str(body, NULL, t->rows.path[b->path_start + k]);
        strbuf_addch(body, ']');
        if (b->group)
            PUT_LIT(body, ",\"group\":true");
        else
            PUT_LIT(body, ",\"group\":false");
        const char *label = b->label_col >= 0 ? table_grid_at(g, r, b->label_col)->text : NULL;
        if (label) /* nothing at all when it is no UTF-8, as jsonout_str says */
            jsonout_str(body, "label", label);
        else
            PUT_LIT(body, ",\"label\":null");
        if (b->label_col >= 0)
            PUT_LIT_COUNT(body, ",\"label_col\":", b->label_col + 1);
        else
            PUT_LIT(body, ",\"label_col\":null");
        if (b->code_col >= 0) {
            jsonout_str(body, "code", table_grid_at(g, r, b->code_col)->text);
            PUT_LIT_COUNT(body, ",\"code_col\":", b->code_col + 1);
        } else {
            PUT_LIT(body, ",\"code\":null,\"code_col\":null");
        }
        if (t->rows.npanel) { /* labels that are UTF-8 or NULL (table_rows.h) */
            PUT_LIT(body, ",\"panel_labels\":[");
            for (int p = 0; p < t->rows.npanel; p++) {
                if (b->panel_label[p]) /* jsonout_str puts the comma */
                    jsonout_str(body, NULL, b->panel_label[p]);
                else if (p)
                    PUT_LIT(body, ",null");
                else
                    PUT_LIT(body, "null");
            }
            strbuf_addch(body, ']');
        }
        strbuf_addch(body, '}');
    }
    strbuf_addch(body, ']');
}

/* "cells": [row, col, text, rowspan, colspan, is_th] per origin cell (text
 * that is no valid UTF-8 cannot be JSON and is left out, as jansson would);
 * index[i] is the i-th grid cell's place in it, from 1 (0 when left out). */
static void put_cells(struct strbuf *cells, const struct table_grid *g, int *index)
{
    strbuf_reset(cells);
    strbuf_addch(cells, '[');
    int n = 0;
    for (int i = 0; i < g->ncells; i++) {
        struct grid_cell *x = &g->cells[i];
        size_t len;
        int plain = json_plain_ascii(x->text, &len);
        index[i] = 0;
        if (!plain) {
            len = strlen(x->text);
            if (!jsonl_utf8_valid(x->text, len))
                continue;
        }
        index[i] = ++n;
        char head[32], tail[40];
        size_t nh = 0, nt = 0;
        if (cells->len > 1)
            head[nh++] = ',';
        head[nh++] = '[';
        nh += put_count(head + nh, x->r0 + 1, ',');
        nh += put_count(head + nh, x->c0 + 1, ',');
        tail[nt++] = ',';
        nt += put_count(tail + nt, x->span_rows, ',');
        nt += put_count(tail + nt, x->span_cols, ',');
        memcpy(tail + nt, x->th ? "true]" : "false]", x->th ? 5 : 6);
        nt += x->th ? 5 : 6;
        if (plain) { /* the whole cell in one piece: "text" needs no escaping */
            strbuf_grow(cells, nh + len + 2 + nt);
            char *d = cells->buf + cells->len;
            memcpy(d, head, nh);
            d += nh;
            *d++ = '"';
            memcpy(d, x->text, len);
            d += len;
            *d++ = '"';
            memcpy(d, tail, nt);
            strbuf_setlen(cells, cells->len + nh + len + 2 + nt);
        } else {
            strbuf_add(cells, head, nh);
            jsonout_string(x->text, len, cells);
            strbuf_add(cells, tail, nt);
        }
    }
    strbuf_addch(cells, ']');
}

/* ,"grid": per row, per column, the place in "cells" of the cell covering
 * the slot (index: put_cells'), 0 for none: the spans as expanded here, so
 * that transform reads them and never expands them again. */
static void put_grid(struct strbuf *o, const struct table_grid *g, const int *index)
{
    PUT_LIT(o, ",\"grid\":[");
    for (int r = 0; r < g->rows; r++) {
        char *d;
        /* 12 bytes a slot at most (put_count), and the brackets */
        strbuf_grow(o, (size_t)g->cols * 12 + 3);
        d = o->buf + o->len;
        if (r)
            *d++ = ',';
        *d++ = '[';
        for (int c = 0; c < g->cols; c++) {
            const struct grid_cell *x = table_grid_at(g, r, c);
            d += put_count(d, x ? index[x - g->cells] : 0, c + 1 < g->cols ? ',' : ']');
        }
        strbuf_setlen(o, (size_t)(d - o->buf));
    }
    strbuf_addch(o, ']');
}

/* The table's record (schemas/extract.schema.json), written to w->tables. */
static void put_table(struct walk *w, xmlNodePtr table, const struct table_record *t)
{
    const struct table_grid *g = &t->grid;
    const struct table_legend *lg = &t->legend;
    put_col_levels(&w->col_labels, t);
    put_body_rows(&w->body, t);
    ALLOC_GROW(w->cell_index, g->ncells, w->cell_index_alloc);
    put_cells(&w->cells, g, w->cell_index);
    xmlChar *xpath = xmlGetNodePath(table);
    struct strbuf *o = &w->tables;
    strbuf_addch(o, '{');
    jsonout_str(o, "type", "table");
    PUT_LIT_COUNT(o, ",\"ordinal\":", w->ntables + 1);
    jsonout_str(o, "xpath", (const char *)xpath);
    xmlFree(xpath);
    PUT_LIT_COUNT(o, ",\"rows\":", g->rows);
    PUT_LIT_COUNT(o, ",\"cols\":", g->cols);
    PUT_LIT_COUNT(o, ",\"header_rows\":", t->rows.header_rows);
    PUT_LIT_COUNT(o, ",\"stub_cols\":", t->rows.stub_cols);
    PUT_LIT(o, ",\"panels\":[");
    for (int p = 0; p < t->rows.npanel; p++) {
        if (p)
            strbuf_addch(o, ',');
        PUT_LIT_COUNT(o, "", t->rows.panel[p] + 1);
    }
    strbuf_addch(o, ']');
    if (g->truncated)
        PUT_LIT(o, ",\"truncated\":true");
    else
        PUT_LIT(o, ",\"truncated\":false");
    jsonout_str_or_null(o, "caption", t->caption.len ? t->caption.buf : NULL);
    jsonout_str_or_null(o, "title", t->title);
    jsonout_str_or_null(o, "title_source", t->title_source);
    put_heading_path(w, o);
    PUT_LIT_COUNT(o, ",\"section\":", w->nsec);
    /* the legend's text: also when it is no UTF-8 and so left out of the
     * record, as jansson would */
    if (lg->legend_text)
        jsonout_str(o, "legend", lg->legend_text);
    else
        jsonout_null(o, "legend");
    if (lg->scale_applies)
        jsonout_int(o, "scale", lg->li.scale);
    else
        jsonout_null(o, "scale");
    if (lg->scale_source) {
        jsonout_bool(o, "scale_applies", lg->scale_applies);
        jsonout_str(o, "scale_raw", lg->li.scale_raw);
        jsonout_str(o, "scale_source", lg->scale_source);
    } else {
        PUT_LIT(o, ",\"scale_applies\":null,\"scale_raw\":null,\"scale_source\":null");
    }
    if (lg->sign_source) {
        jsonout_str(o, "sign_convention", lg->li.sign_convention);
        jsonout_str(o, "sign_raw", lg->sign_raw);
        jsonout_str(o, "sign_source", lg->sign_source);
    } else {
        PUT_LIT(o, ",\"sign_convention\":null,\"sign_raw\":null,\"sign_source\":null");
    }
    PUT_LIT_COUNT(o, ",\"evidence\":{\"currency_cells\":", t->rows.currency_cells);
    PUT_LIT_COUNT(o, ",\"line_rows\":", t->rows.line_rows);
    strbuf_addch(o, '}');
    PUT_LIT(o, ",\"row_kinds\":[");
    for (int r = 0; r < g->rows; r++) { /* the kinds are plain ASCII words */
        if (r)
            strbuf_addch(o, ',');
        strbuf_addch(o, '"');
        strbuf_addstr(o, table_row_kind_names[t->rows.kind[r]]);
        strbuf_addch(o, '"');
    }
    strbuf_addch(o, ']');
    PUT_LIT(o, ",\"col_levels\":");
    strbuf_add(o, w->col_labels.buf, w->col_labels.len);
    PUT_LIT(o, ",\"body\":");
    strbuf_add(o, w->body.buf, w->body.len);
    PUT_LIT(o, ",\"cells\":");
    strbuf_add(o, w->cells.buf, w->cells.len);
    put_grid(o, g, w->cell_index);
    strbuf_add(o, "}\n", 2);
    w->ntables++;
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
    if (table_record_read(table, &ctx, &w->table) == 0)
        put_table(w, table, &w->table);
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
        const char *v = attr(c, names[i]);
        if (v && widget_is_label(v))
            return v;
    }
    for (xmlNodePtr k = c->children; k; k = k->next)
        for (int i = 0; k->type == XML_ELEMENT_NODE && i < 2; i++) {
            const char *v = attr(k, names[i]);
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
                w->h1 = strdup(h.buf);
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

static int is_main(xmlNodePtr n)
{
    const char *role = attr(n, "role");
    return node_is(n, "main") || (role && !strcmp(role, "main"));
}

static int is_breadcrumb(xmlNodePtr n)
{
    return has_class_word(n, "breadcrumb");
}

static int is_body(xmlNodePtr n)
{
    return node_is(n, "body");
}

static int is_footer(xmlNodePtr n)
{
    return node_is(n, "footer");
}

static int is_title(xmlNodePtr n)
{
    return node_is(n, "title");
}

/* The elements the page record is read from, each the first of its kind in
 * document order, found in one walk that stops when it has them all (the tree
 * was walked once for each). */
struct landmarks {
    xmlNodePtr main, body, breadcrumb, footer, title;
};

static int find_landmarks(xmlNodePtr n, struct landmarks *lm)
{
    for (xmlNodePtr c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!lm->main && is_main(c))
            lm->main = c;
        if (!lm->body && is_body(c))
            lm->body = c;
        if (!lm->breadcrumb && is_breadcrumb(c))
            lm->breadcrumb = c;
        if (!lm->footer && is_footer(c))
            lm->footer = c;
        if (!lm->title && is_title(c))
            lm->title = c;
        if (lm->main && lm->body && lm->breadcrumb && lm->footer && lm->title)
            return 1;
        if (find_landmarks(c->children, lm))
            return 1;
    }
    return 0;
}

/* Split a breadcrumb on its separators (›, >, », /). */
static json_t *split_breadcrumb(const char *text)
{
    json_t *a = json_array();
    struct strbuf part = STRBUF_INIT;
    const char *p = text;
    for (;;) {
        int sep = 0;
        if (!strncmp(p, "\xE2\x80\xBA", 3) || !strncmp(p, "\xC2\xBB", 2))
            sep = (unsigned char)p[0] == 0xE2 ? 3 : 2;
        else if (*p == '>')
            sep = 1;
        if (sep || !*p) {
            strbuf_trim(&part);
            if (part.len)
                json_array_append_new(a, json_string(part.buf));
            strbuf_reset(&part);
            if (!*p)
                break;
            p += sep;
            continue;
        }
        strbuf_addch(&part, *p++);
    }
    strbuf_release(&part);
    return a;
}

/* "Programma 4: De dienstverlenende gemeente", "02 VEILIGHEID EN HANDHAVING" */
static int programme_of(const char *t, char *num, size_t nn, const char **title)
{
    const char *p = t;
    if (!strncasecmp(p, "programma ", 10))
        p += 10;
    else if (!isdigit((unsigned char)*p))
        return 0;
    size_t d = strspn(p, "0123456789");
    if (d == 0 || d > 3)
        return 0;
    const char *q = p + d;
    if (*q == ':' || *q == '.')
        q++;
    if (*q != ' ' && p == t)
        return 0;
    while (*q == ' ' || *q == '-')
        q++;
    if (!*q || (p == t && !isupper((unsigned char)*q)))
        return 0;
    snprintf(num, nn, "%.*s", (int)d, p);
    long v = strtol(num, NULL, 10); /* "02" -> "2" */
    snprintf(num, nn, "%ld", v);
    *title = q;
    return 1;
}

/* Append rec as one JSON Lines line to the page's output. */
static void emit(struct strbuf *out, json_t *rec)
{
    jsonout_compact(rec, out);
    strbuf_addch(out, '\n');
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
    struct strbuf inline_text, tables, col_labels, body, cells;
};

struct page_extractor *page_extractor_new(void)
{
    struct page_extractor *pe = calloc(1, sizeof(*pe));
    if (pe) {
        pe->ctx = htmlNewParserCtxt();
        strbuf_init(&pe->out, 0);
        strbuf_init(&pe->inline_text, 0);
        strbuf_init(&pe->tables, 0);
        strbuf_init(&pe->col_labels, 0);
        strbuf_init(&pe->body, 0);
        strbuf_init(&pe->cells, 0);
    }
    if (pe && !pe->ctx) {
        free(pe);
        pe = NULL;
    }
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
    strbuf_release(&pe->col_labels);
    strbuf_release(&pe->body);
    strbuf_release(&pe->cells);
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

int page_extractor_run(struct page_extractor *pe, const char *html, size_t len, FILE *out,
                       struct page_counts *counts, struct odp_error *err)
{
    memset(counts, 0, sizeof(*counts));
    htmlParserCtxtPtr ctx = pe->ctx;
    if (len > INT_MAX)
        return odp_error_set(err, ODP_EPARSE, "the page is larger than 2 GB");
    /* errors are recovered from, and counted (a page's markup quality is data too);
     * libxml2 keeps the error handler per thread */
    int nerr = 0;
    xmlSetStructuredErrorFunc(&nerr, count_error);
    htmlDocPtr doc =
        htmlCtxtReadMemory(ctx, html, (int)len, NULL, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc) {
        return odp_error_set(err, ODP_EPARSE, "the page could not be parsed as HTML");
    }
    counts->parse_errors = nerr;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    struct landmarks lm = {0};
    if (root)
        find_landmarks(root, &lm);
    xmlNodePtr mainn = lm.main;
    if (!mainn)
        mainn = lm.body;
    if (!mainn)
        mainn = root;

    struct walk w;
    memset(&w, 0, sizeof(w));
    w.inline_text = pe->inline_text;
    w.tables = pe->tables;
    w.col_labels = pe->col_labels;
    w.body = pe->body;
    w.cells = pe->cells;
    strbuf_init(&w.table.caption, 0);
    strbuf_reset(&w.inline_text);
    strbuf_reset(&w.tables);
    open_section(&w, "", 0); /* text before the first heading */
    if (mainn)
        walk(&w, mainn);
    flush_inline(&w);

    json_t *figures = widget_find(w.blk, w.nblk);

    /* the page record */
    struct strbuf sb = STRBUF_INIT;
    json_t *page = json_object();
    json_object_set_new(page, "type", json_string("page"));
    xmlNodePtr bc = lm.breadcrumb;
    json_t *crumbs = json_array();
    if (bc) {
        text_node_normalised(bc, &sb);
        json_decref(crumbs);
        crumbs = split_breadcrumb(sb.buf);
    }
    const char *title = w.h1;
    xmlNodePtr tnode = lm.title;
    struct strbuf doc_title = STRBUF_INIT;
    if (tnode)
        text_node_normalised(tnode, &doc_title);
    if (!title && json_array_size(crumbs))
        title = json_string_value(json_array_get(crumbs, json_array_size(crumbs) - 1));
    if (!title && doc_title.len)
        title = doc_title.buf;
    json_object_set_new(page, "title", title ? json_string(title) : json_null());
    json_object_set_new(page, "html_title",
                        doc_title.len ? json_string(doc_title.buf) : json_null());
    json_object_set_new(page, "breadcrumb", crumbs);
    char num[8];
    const char *ptitle = NULL;
    int found = 0;
    if (title)
        found = programme_of(title, num, sizeof(num), &ptitle);
    for (size_t i = 0; !found && i < json_array_size(crumbs); i++)
        found =
            programme_of(json_string_value(json_array_get(crumbs, i)), num, sizeof(num), &ptitle);
    json_object_set_new(page, "programme_number", found ? json_string(num) : json_null());
    json_object_set_new(page, "programme_title", found ? json_string(ptitle) : json_null());
    /* the build stamp, anywhere in the page: in the footer, where it usually is,
     * looked for first, as a page's text is many times its footer's */
    strbuf_reset(&sb);
    xmlNodePtr footer = lm.footer;
    if (footer)
        text_of_node(footer, &sb);
    const char *stamp = strstr(sb.buf, "Deze pagina is gebouwd op ");
    if (!stamp && root) {
        strbuf_reset(&sb);
        text_of_node(root, &sb);
        stamp = strstr(sb.buf, "Deze pagina is gebouwd op ");
    }
    char stampbuf[20] = "";
    if (stamp && strlen(stamp) >= 26 + 19)
        snprintf(stampbuf, sizeof(stampbuf), "%.19s", stamp + 26);
    json_object_set_new(page, "build_stamp", stampbuf[0] ? json_string(stampbuf) : json_null());
    json_object_set_new(page, "parse_errors", json_integer(counts->parse_errors));
    json_object_set_new(page, "extractor_version", json_integer(EXTRACTOR_VERSION));
    emit(&pe->out, page);
    json_decref(page);

    /* sections, with the widget's blocks left out */
    int ord = 0;
    for (int s = 0; s < w.nsec; s++) {
        strbuf_reset(&sb);
        for (int b = 0; b < w.nblk; b++) {
            if (w.blk[b].section != s || w.blk[b].consumed)
                continue;
            if (sb.len)
                strbuf_addch(&sb, '\n');
            if (w.blk[b].is_li)
                strbuf_addstr(&sb, "- ");
            strbuf_addstr(&sb, w.blk[b].text);
        }
        if (w.sec[s].level <= 1 && sb.len == 0)
            continue; /* no text before the first heading, or an h1 title alone */
        struct strbuf *o = &pe->out;
        strbuf_addch(o, '{');
        jsonout_str(o, "type", "section");
        jsonout_int(o, "ordinal", ++ord);
        jsonout_str(o, "heading", w.sec[s].heading);
        jsonout_int(o, "level", w.sec[s].level);
        jsonout_key(o, "heading_path");
        jsonout_compact(w.sec[s].path, o);
        jsonout_strn(o, "text", sb.buf, sb.len);
        strbuf_add(o, "}\n", 2);
    }
    counts->sections = ord;
    strbuf_add(&pe->out, w.tables.buf, w.tables.len);
    counts->tables = w.ntables;
    size_t i;
    json_t *t;
    json_array_foreach(figures, i, t)
    {
        json_object_set_new(t, "ordinal", json_integer((json_int_t)i + 1));
        emit(&pe->out, t);
    }
    counts->key_figures = (int)json_array_size(figures);

    json_decref(figures);
    pe->tables = w.tables; /* kept for the next page */
    pe->col_labels = w.col_labels;
    pe->body = w.body;
    pe->cells = w.cells;
    for (int s = 0; s < w.nsec; s++) {
        free(w.sec[s].heading);
        json_decref(w.sec[s].path);
    }
    free(w.sec);
    for (int b = 0; b < w.nblk; b++)
        free(w.blk[b].text);
    free(w.blk);
    for (int l = 0; l < 7; l++)
        free(w.heads[l]);
    free(w.h1);
    free(w.legend_text);
    table_record_release(&w.table);
    free(w.cell_index);
    pe->inline_text = w.inline_text;
    strbuf_release(&sb);
    strbuf_release(&doc_title);
    xmlFreeDoc(doc);
    int rc = ODP_OK;
    if (fwrite(pe->out.buf, 1, pe->out.len, out) != pe->out.len)
        rc = odp_error_set(err, ODP_EIO, "cannot write the extraction");
    strbuf_reset(&pe->out);
    /* the context's dictionary keeps every name and short text it has seen: start
     * afresh now and then, so memory does not grow with the number of pages */
    if (xmlDictSize(ctx->dict) > 50000) {
        htmlParserCtxtPtr fresh = htmlNewParserCtxt();
        if (fresh) {
            htmlFreeParserCtxt(pe->ctx);
            pe->ctx = fresh;
        }
    }
    return rc;
}
