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
#include "json_dump.h"
#include "legend.h"
#include "strbuf.h"
#include "table_grid.h"
#include "text.h"
#include "widget.h"

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
    json_put_key(o, "heading_path");
    strbuf_addch(o, '[');
    for (int l = 2; l <= 6; l++)
        json_put_string(o, NULL, w->heads[l]);
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

/* ---- tables ---- */

/* Whether the cell's text is a number or a status word ("n.v.t.", "PM", "?"),
 * asked of most cells several times: answered once and kept in the cell. */
static int cell_is_value(struct grid_cell *x)
{
    if (!x->is_value) {
        /* a long text without a digit is no number and no status word: say
         * so without the parser, as most label cells are such */
        const char *t = x->text;
        size_t n = 0;
        int digit = 0;
        for (; t[n] && !digit; n++)
            digit = isdigit((unsigned char)t[n]);
        x->is_value = (digit || n <= 12) && dutch_number_is_value(t) ? 2 : 1;
    }
    return x->is_value == 2;
}

static int is_year_text(const char *t)
{
    return strlen(t) == 4 && isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
           isdigit((unsigned char)t[2]) && isdigit((unsigned char)t[3]) &&
           (t[0] == '1' || t[0] == '2');
}

static int is_code_text(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > 16 || !isdigit((unsigned char)t[0]))
        return 0;
    if (is_year_text(t))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isdigit((unsigned char)t[i]) || t[i] == '.' || t[i] == '-' ||
              (i == n - 1 && islower((unsigned char)t[i]))))
            return 0;
    return 1;
}

/* 1 when t holds a letter (ASCII, or any non-ASCII character such as é). */
static int has_letter(const char *t)
{
    for (; *t; t++)
        if (isalpha((unsigned char)*t) || (unsigned char)*t >= 0x80)
            return 1;
    return 0;
}

/* A sentence rather than a label: ends with a full stop, or is long. */
static int is_note_text(const char *t)
{
    size_t n = strlen(t);
    return n > 100 || (n > 1 && t[n - 1] == '.' && t[n - 2] != '.');
}

/* "01.1 Werk en activering" -> 2, "0. Bestuur" -> 1, "Lasten" -> 0. */
static int outline_depth(const char *t)
{
    int depth = 0;
    const char *p = t;
    for (;;) {
        size_t d = strspn(p, "0123456789");
        if (d == 0 || d > 3)
            return 0;
        depth++;
        p += d;
        if (*p == '.' && isdigit((unsigned char)p[1])) {
            p++;
            continue;
        }
        if (*p == '.')
            p++;
        break;
    }
    return *p == ' ' && (isalpha((unsigned char)p[1]) || (unsigned char)p[1] >= 0x80) ? depth : 0;
}

/* 1 when a row label is the line lasten, baten or saldo itself ("Lasten",
 * "Totaal baten", "Saldo van baten en lasten"): short, and holding the word
 * whole ("Personeelslasten" is an item). */
static int line_word_label(const char *t)
{
    static const char *const words[] = {"lasten", "baten", "saldo"};
    if (strlen(t) > 40)
        return 0;
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        for (const char *p = strcasestr(t, words[i]); p; p = strcasestr(p + 1, words[i]))
            if ((p == t || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
                return 1;
    }
    return 0;
}

struct body_row {
    int label_col, code_col, nonempty;
};

struct outline_entry {
    const char *label;
    int depth;
};

/* The row's label: the first cell with words that is not a value, read left
 * to right over codes (Progr. 1, Nr. 6., taakveld 0.61); the code is the last
 * code before it. A cell spanning down from a row above labels this row too
 * (Midden-Drenthe's indicator and its size-class row). A value before any
 * label means the row has none. */
static void row_label_code(const struct table_grid *g, int r, struct body_row *b)
{
    int code = -1;
    b->label_col = b->code_col = -1;
    b->nonempty = 0;
    for (int c = 0; c < g->cols; c++) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (x && x->r0 == r && x->c0 == c && x->text[0])
            b->nonempty++;
    }
    for (int c = 0; c < g->cols; c++) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (!x || x->c0 != c || !x->text[0])
            continue;
        if (x->r0 != r) { /* spanning down from above: a label, or nothing */
            if (has_letter(x->text) && !cell_is_value(x)) {
                b->label_col = c;
                return;
            }
            continue;
        }
        if (is_code_text(x->text)) {
            code = c;
            continue;
        }
        if (has_letter(x->text) && !cell_is_value(x)) {
            b->label_col = c;
            b->code_col = code;
        }
        return;
    }
}

/* The stub: the leading columns that label the rows rather than hold data
 * (research 3.2 overviews: a programme or taakveld cell spanning its Lasten /
 * Baten / Saldo rows, then the label cell). Columns 1.. belong to it when every
 * header row covers them with its first cell (colspan) or leaves them empty,
 * or, in a table without header rows, when they hold only labels. It counts
 * only when a group cell spans down over rows with a label of their own: a
 * code column beside a name (Nieuwegein's taakvelden) stays a code. Returns
 * the number of stub columns, 0 when the table has no such stub. */
static int stub_width(const struct table_grid *g, char *const *kind)
{
    int w = 1;
    int header = 0;
    for (int r = 0; r < g->rows; r++)
        header |= !strcmp(kind[r], "header");
    for (int c = 1; c < g->cols - 1 && c < 3; c++) {
        int ok = 1;
        for (int r = 0; r < g->rows && ok; r++) {
            struct grid_cell *x = table_grid_at(g, r, c);
            if (!strcmp(kind[r], "header"))
                ok = !x || !x->text[0] || x == table_grid_at(g, r, 0);
            else if (!header && !strcmp(kind[r], "body") && x && x->r0 == r && x->c0 == c)
                ok = !x->text[0] || (has_letter(x->text) && !cell_is_value(x));
        }
        if (!ok)
            break;
        w = c + 1;
    }
    if (w < 2) {
        /* a header that names the stub column ("Programma | Taakveld", Nieuwkoop
         * 2018): column 1 is stub when every body cell in it is a label of its
         * own row (not spanning down as a unit or a description would,
         * Midden-Drenthe) */
        int ok = g->cols > 2, labels = 0;
        for (int r = 0; r < g->rows && ok; r++) {
            struct grid_cell *x = table_grid_at(g, r, 1);
            if (strcmp(kind[r], "body") || !x || x->c0 != 1 || !x->text[0])
                continue;
            ok = x->span_rows == 1 && has_letter(x->text) && !cell_is_value(x);
            labels += ok;
        }
        if (!ok || labels < 2)
            return 0;
        w = 2;
    }
    /* a group cell spanning down, with a label beside it in the rows it spans */
    for (int r = 0; r < g->rows; r++) {
        struct grid_cell *x = table_grid_at(g, r, 0);
        if (strcmp(kind[r], "body") || !x || x->r0 != r || x->c0 != 0 || x->span_rows < 2 ||
            x->span_cols >= w || !has_letter(x->text) || cell_is_value(x))
            continue;
        struct grid_cell *l = table_grid_at(g, r, w - 1);
        if (l && l != x && has_letter(l->text) && !cell_is_value(l))
            return w;
    }
    return 0;
}

/* The row's label and path in a table with a stub of w columns: the innermost
 * stub cell with words is the label, the outer ones (also those spanning down
 * from a row above) its path, in order. path holds up to w - 1 texts. */
static void stub_label(const struct table_grid *g, int r, int w, struct body_row *b,
                       const char **path, int *npath)
{
    *npath = 0;
    int label = -1;
    for (int c = w - 1; c >= 0 && label < 0; c--) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (x && x->text[0] && has_letter(x->text) && !cell_is_value(x))
            label = x->c0;
    }
    if (label < 0)
        return;
    b->label_col = label;
    b->code_col = -1;
    const struct grid_cell *prev = NULL;
    for (int c = 0; c < label; c++) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (x && x != prev && x->text[0] && x != table_grid_at(g, r, label))
            path[(*npath)++] = x->text;
        prev = x;
    }
}

/* Distinct non-empty origin cells of row r: count, and the first one. */
static int row_cells(const struct table_grid *g, int r, struct grid_cell **first, int *all_th,
                     int *all_bold, int *any_value, int *all_label_or_year)
{
    int n = 0;
    *first = NULL;
    *all_th = *all_bold = *all_label_or_year = 1;
    *any_value = 0;
    for (int c = 0; c < g->cols; c++) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (!x || x->r0 != r || x->c0 != c || !x->text[0])
            continue;
        if (!n)
            *first = x;
        n++;
        *all_th &= x->th;
        *all_bold &= x->bold;
        int v = cell_is_value(x);
        *any_value |= v && !is_year_text(x->text);
        *all_label_or_year &= !v || is_year_text(x->text);
    }
    if (!n)
        *all_th = *all_bold = 0;
    return n;
}

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

/* Append lit, punctuation and a key as json_put_key writes them where the
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

/* Take the scale and the sign that `from` states (f: what legend_scan found)
 * where li has none yet from an earlier place, and note where they were found.
 * 1 when it took either. */
static int take_legend(struct legend_info *li, const char **scale_src, const char **sign_src,
                       const struct legend_info *from, int f, const char *where)
{
    int used = 0;
    if ((f & LEGEND_SCALE) && !*scale_src) {
        li->scale = from->scale;
        memcpy(li->scale_raw, from->scale_raw, sizeof(li->scale_raw));
        *scale_src = where;
        used = 1;
    }
    if ((f & LEGEND_SIGN) && !*sign_src) {
        li->sign_convention = from->sign_convention;
        memcpy(li->sign_raw, from->sign_raw, sizeof(li->sign_raw));
        *sign_src = where;
        used = 1;
    }
    return used;
}

static void table_record(struct walk *w, xmlNodePtr table, const char *para_before)
{
    struct table_grid g;
    if (table_grid_build(table, &g) != 0 || g.rows == 0 || g.cols == 0) {
        table_grid_free(&g);
        return;
    }
    char **kind = calloc((size_t)g.rows, sizeof(char *));
    struct legend_info li = {0};
    const char *scale_src = NULL, *sign_src = NULL;
    /* the legend's text: the first found is kept (legend_set), also when it
     * is no UTF-8 and so left out of the record, as jansson would */
    const char *legend_text = NULL;
    int legend_set = 0;
    struct strbuf caption = STRBUF_INIT;
    for (xmlNodePtr c = table->children; c; c = c->next)
        if (node_is(c, "caption"))
            text_node_normalised(c, &caption);
    if (caption.len) {
        int f = legend_scan(caption.buf, &li);
        if (f & LEGEND_SCALE)
            scale_src = "caption";
        if (f & LEGEND_SIGN)
            sign_src = "caption";
        if (f) {
            legend_text = caption.buf;
            legend_set = 1;
        }
    }

    int any_th = 0, header_done = 0, seen_header = 0;
    for (int i = 0; i < g.ncells; i++)
        any_th |= g.cells[i].th || g.cells[i].thead;
    const char *title_row = NULL, *legend_row = NULL;
    for (int r = 0; r < g.rows; r++) {
        struct grid_cell *first;
        int all_th, all_bold, any_value, lab;
        int n = row_cells(&g, r, &first, &all_th, &all_bold, &any_value, &lab);
        int is_thead = first && first->thead;
        if (!header_done && n == 1 && !any_value && (first->span_cols == g.cols || g.cols > 1) &&
            r + 1 < g.rows) {
            struct legend_info l2 = li;
            int f = legend_scan(first->text, &l2);
            if (f) {
                take_legend(&li, &scale_src, &sign_src, &l2, f, "legend_row");
                if (!legend_set) {
                    legend_text = first->text;
                    legend_set = 1;
                }
                kind[r] = "legend";
                if (!legend_row)
                    legend_row = first->text;
                continue;
            }
            /* a row of one cell across the table, above the header rows: the table's
             * title, also when the site put it in <thead>/<th> (Amersfoort 2020) */
            if (first->span_cols == g.cols && g.cols > 1 && !seen_header &&
                !is_year_text(first->text)) {
                kind[r] = "title";
                if (!title_row)
                    title_row = first->text;
                continue;
            }
        }
        if (!header_done) {
            if (is_thead || (n > 0 && all_th) ||
                (!any_th && n >= 2 && lab && (all_bold || r + 1 < g.rows))) {
                kind[r] = "header";
                seen_header = 1;
                continue;
            }
            header_done = 1;
        }
        kind[r] = "body";
    }
    /* a table of only "header" rows has no header: it is all body */
    int nbody = 0;
    for (int r = 0; r < g.rows; r++)
        nbody += kind[r] && !strcmp(kind[r], "body");
    if (!nbody)
        for (int r = 0; r < g.rows; r++)
            if (!strcmp(kind[r], "header"))
                kind[r] = "body";

    int header_rows = 0;
    for (int r = 0; r < g.rows; r++) {
        header_rows += !strcmp(kind[r], "header");
    }
    /* scale and sign in the paragraph before, then in header cells */
    if (para_before && (!scale_src || !sign_src)) {
        struct legend_info l2 = {0};
        int f = legend_scan(para_before, &l2);
        take_legend(&li, &scale_src, &sign_src, &l2, f, "paragraph_before");
        if (f && !legend_set) {
            legend_text = para_before;
            legend_set = 1;
        }
    }
    for (int r = 0; r < g.rows && (!scale_src || !sign_src); r++) {
        if (strcmp(kind[r], "header"))
            continue;
        for (int c = 0; c < g.cols; c++) {
            struct grid_cell *x = table_grid_at(&g, r, c);
            if (!x || x->r0 != r || x->c0 != c)
                continue;
            struct legend_info l2 = {0};
            int f = legend_scan(x->text, &l2);
            take_legend(&li, &scale_src, &sign_src, &l2, f, "header_cell");
        }
    }

    /* then a legend line earlier in the section */
    if (w->legend_found && (!scale_src || !sign_src)) {
        int used = take_legend(&li, &scale_src, &sign_src, &w->legend, w->legend_found,
                               w->legend_src);
        if (used && !legend_set) {
            legend_text = w->legend_text;
            legend_set = 1;
        }
    }

    /* the table's own evidence of money: amounts printed with €, and rows
     * labelled lasten / baten / saldo (research 3.2, 5.5). It outweighs the
     * word of a heading above the table (transform's classification reads it)
     * and keeps a legend applying to a table whose header names an indicator. */
    int currency_cells = 0, line_rows = 0;
    for (int r = 0; r < g.rows; r++) {
        if (strcmp(kind[r], "body"))
            continue;
        struct body_row lr;
        row_label_code(&g, r, &lr);
        int lc = lr.label_col;
        for (int c = 0; c < g.cols; c++) {
            struct grid_cell *x = table_grid_at(&g, r, c);
            if (!x || x->r0 != r || x->c0 != c || !x->text[0])
                continue;
            if (c == lc) {
                line_rows += line_word_label(x->text);
                continue;
            }
            /* the last column's label when the stub has two (Lasten beside its group) */
            if (c > lc && !cell_is_value(x) && c == 1 && line_word_label(x->text)) {
                line_rows++;
                continue;
            }
            currency_cells += cell_is_value(x) && strstr(x->text, "\xE2\x82\xAC") != NULL;
        }
    }
    int money_evidence = currency_cells > 0 || line_rows > 0;
    /* "Bedragen x 1000" above an indicator table does not apply to it (Amersfoort
     * 2019, research 5.5): kept with where it was found, but no scale. This is
     * the one decision whether a stated scale applies; transform takes it. */
    int scale_applies = scale_src != NULL;
    if (scale_src && strcmp(scale_src, "legend_row") != 0 && !money_evidence) {
        for (int r = 0; r < g.rows && scale_applies; r++) {
            if (strcmp(kind[r], "header"))
                continue;
            for (int c = 0; c < g.cols; c++) {
                struct grid_cell *x = table_grid_at(&g, r, c);
                if (x && x->r0 == r && x->c0 == c && !strncasecmp(x->text, "indicator", 9)) {
                    scale_applies = 0;
                    break;
                }
            }
        }
    }

    /* column label paths: per column the texts of its header levels, top
     * down, a level repeating the one above it (a rowspan) left out */
    struct strbuf *col_labels = &w->col_labels;
    strbuf_reset(col_labels);
    strbuf_addch(col_labels, '[');
    for (int c = 0; c < g.cols; c++) {
        const char *last = NULL;
        if (c)
            strbuf_addch(col_labels, ',');
        strbuf_addch(col_labels, '[');
        for (int r = 0; r < g.rows; r++) {
            if (strcmp(kind[r], "header"))
                continue;
            struct grid_cell *x = table_grid_at(&g, r, c);
            if (!x || !x->text[0] || (last && !strcmp(last, x->text)))
                continue;
            json_put_string(col_labels, NULL, x->text);
            last = x->text;
        }
        strbuf_addch(col_labels, ']');
    }
    strbuf_addch(col_labels, ']');

    /* body rows: label, code, enclosing group rows. First each row's label and
     * code, then (looking one row ahead) the group rows and paths. */
    struct body_row *br = calloc((size_t)g.rows, sizeof(*br));
    for (int r = 0; r < g.rows; r++)
        if (!strcmp(kind[r], "body"))
            row_label_code(&g, r, &br[r]);
    int stub = stub_width(&g, kind);
    const char **stub_path = stub ? calloc((size_t)g.rows * (size_t)stub, sizeof(*stub_path)) : NULL;
    int *stub_npath = stub ? calloc((size_t)g.rows, sizeof(int)) : NULL;
    for (int r = 0; stub && r < g.rows; r++)
        if (!strcmp(kind[r], "body"))
            stub_label(&g, r, stub, &br[r], stub_path + (size_t)r * (size_t)stub, &stub_npath[r]);
    struct strbuf *body = &w->body;
    strbuf_reset(body);
    strbuf_addch(body, '[');
    /* the open group rows' labels (those that are UTF-8: jansson appended no other) */
    const char **group_path = calloc((size_t)g.rows, sizeof(*group_path));
    int ngroup = 0;
    struct outline_entry outline[8];
    int nout = 0;
    int last_was_group = 0;
    for (int r = 0; r < g.rows; r++) {
        if (strcmp(kind[r], "body"))
            continue;
        int label_col = br[r].label_col, code_col = br[r].code_col;
        if (body->buf[body->len - 1] == '[')
            PUT_LIT_COUNT(body, "{\"row\":", r + 1);
        else
            PUT_LIT_COUNT(body, ",{\"row\":", r + 1);
        const char *label = label_col >= 0 ? table_grid_at(&g, r, label_col)->text : NULL;
        /* a lone label is a group row, unless it is a sentence: a toelichting
         * row under the row it explains (Deventer mutations, Maassluis) */
        int is_group = label && br[r].nonempty == 1 && !is_note_text(label);
        /* "01 Werk en inkomen" / "01.1 Werk en activering": outline rows with
         * their own totals, groups when deeper rows or plain rows follow (Groningen) */
        int od = br[r].nonempty > 1 && label ? outline_depth(label) : 0;
        int is_outline_group = 0;
        if (od) {
            while (nout && outline[nout - 1].depth >= od)
                nout--;
            int next = r + 1;
            while (next < g.rows && strcmp(kind[next], "body"))
                next++;
            const char *nl = next < g.rows && br[next].label_col >= 0
                                 ? table_grid_at(&g, next, br[next].label_col)->text
                                 : NULL;
            int nd = nl && br[next].nonempty > 1 ? outline_depth(nl) : 0;
            is_outline_group = nl && (nd > od || (nd == 0 && nout > 0)) && nout < 8;
        }
        PUT_LIT(body, ",\"path\":[");
        for (int i = 0; i < nout; i++)
            json_put_string(body, NULL, outline[i].label);
        if (is_group) {
            if (!last_was_group && ngroup > 1)
                ngroup--;
            else if (!last_was_group)
                ngroup = 0;
        }
        for (int i = 0; i < ngroup; i++)
            json_put_string(body, NULL, group_path[i]);
        for (int i = 0; stub && i < stub_npath[r]; i++)
            json_put_string(body, NULL, stub_path[(size_t)r * (size_t)stub + (size_t)i]);
        strbuf_addch(body, ']');
        if (is_group && group_path && json_utf8_valid(label, strlen(label)))
            group_path[ngroup++] = label;
        if (is_outline_group)
            outline[nout++] = (struct outline_entry){label, od};
        last_was_group = is_group;
        if (is_group || is_outline_group)
            PUT_LIT(body, ",\"group\":true");
        else
            PUT_LIT(body, ",\"group\":false");
        if (label) /* nothing at all when it is no UTF-8, as json_put_string says */
            json_put_string(body, "label", label);
        else
            PUT_LIT(body, ",\"label\":null");
        if (label_col >= 0)
            PUT_LIT_COUNT(body, ",\"label_col\":", label_col + 1);
        else
            PUT_LIT(body, ",\"label_col\":null");
        if (code_col >= 0) {
            json_put_string(body, "code", table_grid_at(&g, r, code_col)->text);
            PUT_LIT_COUNT(body, ",\"code_col\":", code_col + 1);
        } else {
            PUT_LIT(body, ",\"code\":null,\"code_col\":null");
        }
        strbuf_addch(body, '}');
    }
    strbuf_addch(body, ']');
    free(group_path);
    free(br);
    free(stub_path);
    free(stub_npath);

    /* [row, col, text, rowspan, colspan, is_th] per cell (text that is no valid
     * UTF-8 cannot be JSON and is left out, as jansson would) */
    struct strbuf *cells = &w->cells;
    strbuf_reset(cells);
    strbuf_addch(cells, '[');
    for (int i = 0; i < g.ncells; i++) {
        struct grid_cell *x = &g.cells[i];
        size_t len;
        int plain = json_plain_ascii(x->text, &len);
        if (!plain) {
            len = strlen(x->text);
            if (!json_utf8_valid(x->text, len))
                continue;
        }
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
            json_dump_string(x->text, len, cells);
            strbuf_add(cells, tail, nt);
        }
    }
    strbuf_addch(cells, ']');

    const char *title = NULL, *title_source = NULL;
    if (caption.len) {
        title = caption.buf;
        title_source = "caption";
    } else if (legend_row) {
        title = legend_row;
        title_source = "legend_row";
    } else if (title_row) {
        title = title_row;
        title_source = "title_row";
    } else if (para_before && strlen(para_before) <= 160 && !is_note_text(para_before)) {
        /* a short line, not a sentence of prose ("Tabel 6.1 - ...", "Kengetallen:") */
        title = para_before;
        title_source = "paragraph_before";
    } else {
        /* the innermost heading (that is UTF-8: the heading path holds no other) */
        for (int l = 6; l >= 2 && !title; l--) {
            if (w->heads[l] && json_utf8_valid(w->heads[l], strlen(w->heads[l]))) {
                title = w->heads[l];
                title_source = "heading";
            }
        }
    }
    xmlChar *xpath = xmlGetNodePath(table);
    struct strbuf *o = &w->tables;
    strbuf_addch(o, '{');
    json_put_string(o, "type", "table");
    PUT_LIT_COUNT(o, ",\"ordinal\":", w->ntables + 1);
    json_put_string(o, "xpath", (const char *)xpath);
    xmlFree(xpath);
    PUT_LIT_COUNT(o, ",\"rows\":", g.rows);
    PUT_LIT_COUNT(o, ",\"cols\":", g.cols);
    PUT_LIT_COUNT(o, ",\"header_rows\":", header_rows);
    PUT_LIT_COUNT(o, ",\"stub_cols\":", stub);
    if (g.truncated)
        PUT_LIT(o, ",\"truncated\":true");
    else
        PUT_LIT(o, ",\"truncated\":false");
    json_put_string_or_null(o, "caption", caption.len ? caption.buf : NULL);
    json_put_string_or_null(o, "title", title);
    json_put_string_or_null(o, "title_source", title_source);
    put_heading_path(w, o);
    PUT_LIT_COUNT(o, ",\"section\":", w->nsec);
    if (legend_set)
        json_put_string(o, "legend", legend_text);
    else
        json_put_null(o, "legend");
    if (scale_applies)
        json_put_int(o, "scale", li.scale);
    else
        json_put_null(o, "scale");
    if (scale_src) {
        json_put_bool(o, "scale_applies", scale_applies);
        json_put_string(o, "scale_raw", li.scale_raw);
        json_put_string(o, "scale_source", scale_src);
    } else {
        PUT_LIT(o, ",\"scale_applies\":null,\"scale_raw\":null,\"scale_source\":null");
    }
    if (sign_src) {
        json_put_string(o, "sign_convention", li.sign_convention);
        json_put_string(o, "sign_raw", li.sign_raw);
        json_put_string(o, "sign_source", sign_src);
    } else {
        PUT_LIT(o, ",\"sign_convention\":null,\"sign_raw\":null,\"sign_source\":null");
    }
    PUT_LIT_COUNT(o, ",\"evidence\":{\"currency_cells\":", currency_cells);
    PUT_LIT_COUNT(o, ",\"line_rows\":", line_rows);
    strbuf_addch(o, '}');
    PUT_LIT(o, ",\"row_kinds\":[");
    for (int r = 0; r < g.rows; r++) { /* the kinds are plain ASCII words */
        if (r)
            strbuf_addch(o, ',');
        strbuf_addch(o, '"');
        strbuf_addstr(o, kind[r]);
        strbuf_addch(o, '"');
    }
    strbuf_addch(o, ']');
    PUT_LIT(o, ",\"col_levels\":");
    strbuf_add(o, col_labels->buf, col_labels->len);
    PUT_LIT(o, ",\"body\":");
    strbuf_add(o, body->buf, body->len);
    PUT_LIT(o, ",\"cells\":");
    strbuf_add(o, cells->buf, cells->len);
    strbuf_add(o, "}\n", 2);
    w->ntables++;
    strbuf_release(&caption);
    free(kind);
    table_grid_free(&g);
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
            table_record(w, c, last_block_text(w));
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
    json_dump_compact(rec, out);
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
        json_put_string(o, "type", "section");
        json_put_int(o, "ordinal", ++ord);
        json_put_string(o, "heading", w.sec[s].heading);
        json_put_int(o, "level", w.sec[s].level);
        json_put_key(o, "heading_path");
        json_dump_compact(w.sec[s].path, o);
        json_put_stringn(o, "text", sb.buf, sb.len);
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
