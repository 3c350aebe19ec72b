/*
 * table_rows.c: see table_rows.h.
 *
 * The rules come from the sites' tables (research 3.2, 5.5): a header is a
 * <thead> row, a row of <th>, or (in a table without any <th>) a leading row
 * of labels and years; a body row's label is its first cell with words, read
 * over codes; a lone label heads the rows under it; "01 Werk" / "01.1
 * Activering" make an outline; a group cell spanning down over rows with
 * labels of their own makes a stub. It does not read the legend's words
 * (legend.c) beyond asking whether a one-cell row is a legend.
 */
#include "table_rows.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dutch_number.h"
#include "jsonout.h"
#include "legend.h"
#include "xalloc.h"

const char *const table_row_kind_names[4] = {"body", "header", "legend", "title"};

int table_rows_cell_is_value(struct grid_cell *x)
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
#define cell_is_value table_rows_cell_is_value

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

int table_rows_is_note_text(const char *t)
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

/* A body row's label and code as first read, before the stub is known. */
struct row_label {
    int label_col, code_col, nonempty;
};

/* The row's label: the first cell with words that is not a value, read left
 * to right over codes (Progr. 1, Nr. 6., taakveld 0.61); the code is the last
 * code before it. A cell spanning down from a row above labels this row too
 * (Midden-Drenthe's indicator and its size-class row). A value before any
 * label means the row has none. */
static void row_label_code(const struct table_grid *g, int r, struct row_label *b)
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

static int is_kind(const struct table_rows *t, int r, enum table_row_kind k)
{
    return t->kind[r] == k;
}

/* The stub: the leading columns that label the rows rather than hold data
 * (research 3.2 overviews: a programme or taakveld cell spanning its Lasten /
 * Baten / Saldo rows, then the label cell). Columns 1.. belong to it when every
 * header row covers them with its first cell (colspan) or leaves them empty,
 * or, in a table without header rows, when they hold only labels. It counts
 * only when a group cell spans down over rows with a label of their own: a
 * code column beside a name (Nieuwegein's taakvelden) stays a code. Returns
 * the number of stub columns, 0 when the table has no such stub. */
static int stub_width(const struct table_grid *g, const struct table_rows *t)
{
    int w = 1;
    int header = t->header_rows > 0;
    for (int c = 1; c < g->cols - 1 && c < 3; c++) {
        int ok = 1;
        for (int r = 0; r < g->rows && ok; r++) {
            struct grid_cell *x = table_grid_at(g, r, c);
            if (is_kind(t, r, TABLE_ROW_HEADER))
                ok = !x || !x->text[0] || x == table_grid_at(g, r, 0);
            else if (!header && is_kind(t, r, TABLE_ROW_BODY) && x && x->r0 == r && x->c0 == c)
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
            if (!is_kind(t, r, TABLE_ROW_BODY) || !x || x->c0 != 1 || !x->text[0])
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
        if (!is_kind(t, r, TABLE_ROW_BODY) || !x || x->r0 != r || x->c0 != 0 || x->span_rows < 2 ||
            x->span_cols >= w || !has_letter(x->text) || cell_is_value(x))
            continue;
        struct grid_cell *l = table_grid_at(g, r, w - 1);
        if (l && l != x && has_letter(l->text) && !cell_is_value(l))
            return w;
    }
    return 0;
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

/* Each row's kind, top down: title and legend rows (one cell, above the
 * body), header rows until the first row that is none, then body. */
static void read_kinds(const struct table_grid *g, struct table_rows *t)
{
    int any_th = 0, header_done = 0, seen_header = 0;
    for (int i = 0; i < g->ncells; i++)
        any_th |= g->cells[i].th || g->cells[i].thead;
    for (int r = 0; r < g->rows; r++) {
        struct grid_cell *first;
        int all_th, all_bold, any_value, lab;
        int n = row_cells(g, r, &first, &all_th, &all_bold, &any_value, &lab);
        int is_thead = first && first->thead;
        if (!header_done && n == 1 && !any_value && (first->span_cols == g->cols || g->cols > 1) &&
            r + 1 < g->rows) {
            struct legend_info l2 = {0};
            if (legend_scan(first->text, &l2)) {
                t->kind[r] = TABLE_ROW_LEGEND;
                if (!t->legend_row)
                    t->legend_row = first->text;
                continue;
            }
            /* a row of one cell across the table, above the header rows: the table's
             * title, also when the site put it in <thead>/<th> (Amersfoort 2020) */
            if (first->span_cols == g->cols && g->cols > 1 && !seen_header &&
                !is_year_text(first->text)) {
                t->kind[r] = TABLE_ROW_TITLE;
                if (!t->title_row)
                    t->title_row = first->text;
                continue;
            }
        }
        if (!header_done) {
            if (is_thead || (n > 0 && all_th) ||
                (!any_th && n >= 2 && lab && (all_bold || r + 1 < g->rows))) {
                t->kind[r] = TABLE_ROW_HEADER;
                seen_header = 1;
                continue;
            }
            header_done = 1;
        }
        t->kind[r] = TABLE_ROW_BODY;
    }
    /* a table of only "header" rows has no header: it is all body */
    int nbody = 0;
    for (int r = 0; r < g->rows; r++)
        nbody += is_kind(t, r, TABLE_ROW_BODY);
    if (!nbody)
        for (int r = 0; r < g->rows; r++)
            if (is_kind(t, r, TABLE_ROW_HEADER))
                t->kind[r] = TABLE_ROW_BODY;
    for (int r = 0; r < g->rows; r++)
        t->header_rows += is_kind(t, r, TABLE_ROW_HEADER);
}

/* The table's own evidence of money in body row r (label as first read):
 * amounts printed with €, and rows labelled lasten / baten / saldo (research
 * 3.2, 5.5). It outweighs the word of a heading above the table (transform's
 * classification reads it) and keeps a legend applying to a table whose
 * header names an indicator. */
static void count_evidence(const struct table_grid *g, int r, const struct row_label *lr,
                           struct table_rows *t)
{
    int lc = lr->label_col;
    for (int c = 0; c < g->cols; c++) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (!x || x->r0 != r || x->c0 != c || !x->text[0])
            continue;
        if (c == lc) {
            t->line_rows += line_word_label(x->text);
            continue;
        }
        /* the last column's label when the stub has two (Lasten beside its group) */
        if (c > lc && !cell_is_value(x) && c == 1 && line_word_label(x->text)) {
            t->line_rows++;
            continue;
        }
        t->currency_cells += cell_is_value(x) && strstr(x->text, "\xE2\x82\xAC") != NULL;
    }
}

/* The row's label in a table with a stub of w columns: the innermost stub
 * cell with words is the label, the outer ones (also those spanning down from
 * a row above) go to its path, in order. 0 when no stub cell has words. */
static int stub_label(const struct table_grid *g, int r, int w, struct row_label *b,
                      struct table_rows *t)
{
    int label = -1;
    for (int c = w - 1; c >= 0 && label < 0; c--) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (x && x->text[0] && has_letter(x->text) && !cell_is_value(x))
            label = x->c0;
    }
    if (label < 0)
        return 0;
    b->label_col = label;
    b->code_col = -1;
    const struct grid_cell *prev = NULL;
    for (int c = 0; c < label; c++) {
        struct grid_cell *x = table_grid_at(g, r, c);
        if (x && x != prev && x->text[0] && x != table_grid_at(g, r, label)) {
            ALLOC_GROW(t->path, t->npath + 1, t->path_alloc);
            t->path[t->npath++] = x->text;
        }
        prev = x;
    }
    return 1;
}

static void push_path(struct table_rows *t, const char *text)
{
    ALLOC_GROW(t->path, t->npath + 1, t->path_alloc);
    t->path[t->npath++] = text;
}

struct outline_entry {
    const char *label;
    int depth;
};

/* Each body row's label, code, group flag and path. First each row's label
 * and code, then (looking one row ahead) the group rows and paths: a path is
 * the open outline rows, the open group rows, then the outer stub cells. */
static void read_body(struct table_grid *g, struct table_rows *t)
{
    struct row_label *lr = xcalloc((size_t)g->rows, sizeof(*lr));
    for (int r = 0; r < g->rows; r++)
        if (is_kind(t, r, TABLE_ROW_BODY)) {
            row_label_code(g, r, &lr[r]);
            count_evidence(g, r, &lr[r], t);
        }
    t->stub_cols = stub_width(g, t);
    /* the stub's outer cells, per row, written to t->path first and copied to
     * the row's path after its outline and group rows below */
    int *stub_start = NULL, *stub_n = NULL;
    if (t->stub_cols) {
        stub_start = xcalloc((size_t)g->rows, sizeof(int));
        stub_n = xcalloc((size_t)g->rows, sizeof(int));
        for (int r = 0; r < g->rows; r++)
            if (is_kind(t, r, TABLE_ROW_BODY)) {
                stub_start[r] = t->npath;
                if (stub_label(g, r, t->stub_cols, &lr[r], t))
                    stub_n[r] = t->npath - stub_start[r];
            }
    }
    /* the open group rows' labels (those that are UTF-8: a path holds no other) */
    const char **group_path = xcalloc((size_t)g->rows + 1, sizeof(*group_path));
    int ngroup = 0;
    struct outline_entry outline[8];
    int nout = 0;
    int last_was_group = 0;
    for (int r = 0; r < g->rows; r++) {
        if (!is_kind(t, r, TABLE_ROW_BODY))
            continue;
        const char *label =
            lr[r].label_col >= 0 ? table_grid_at(g, r, lr[r].label_col)->text : NULL;
        /* a lone label is a group row, unless it is a sentence: a toelichting
         * row under the row it explains (Deventer mutations, Maassluis) */
        int is_group = label && lr[r].nonempty == 1 && !table_rows_is_note_text(label);
        /* "01 Werk en inkomen" / "01.1 Werk en activering": outline rows with
         * their own totals, groups when deeper rows or plain rows follow (Groningen) */
        int od = lr[r].nonempty > 1 && label ? outline_depth(label) : 0;
        int is_outline_group = 0;
        if (od) {
            while (nout && outline[nout - 1].depth >= od)
                nout--;
            int next = r + 1;
            while (next < g->rows && !is_kind(t, next, TABLE_ROW_BODY))
                next++;
            const char *nl = next < g->rows && lr[next].label_col >= 0
                                 ? table_grid_at(g, next, lr[next].label_col)->text
                                 : NULL;
            int nd = nl && lr[next].nonempty > 1 ? outline_depth(nl) : 0;
            is_outline_group = nl && (nd > od || (nd == 0 && nout > 0)) && nout < 8;
        }
        ALLOC_GROW(t->body, t->nbody + 1, t->body_alloc);
        struct table_body_row *b = &t->body[t->nbody++];
        b->row = r;
        b->label_col = lr[r].label_col;
        b->code_col = lr[r].code_col;
        b->path_start = t->npath;
        for (int i = 0; i < nout; i++)
            push_path(t, outline[i].label);
        if (is_group) {
            if (!last_was_group && ngroup > 1)
                ngroup--;
            else if (!last_was_group)
                ngroup = 0;
        }
        for (int i = 0; i < ngroup; i++)
            push_path(t, group_path[i]);
        for (int i = 0; stub_n && i < stub_n[r]; i++)
            push_path(t, t->path[stub_start[r] + i]);
        b->npath = t->npath - b->path_start;
        memset(b->panel_label, 0, sizeof(b->panel_label));
        if (is_group && jsonl_utf8_valid(label, strlen(label)))
            group_path[ngroup++] = label;
        if (is_outline_group)
            outline[nout++] = (struct outline_entry){label, od};
        last_was_group = is_group;
        b->group = is_group || is_outline_group;
    }
    free(group_path);
    free(stub_start);
    free(stub_n);
    free(lr);
}

/* The text of the last header row's cell at column c when it starts there,
 * else "". */
static const char *header_text(const struct table_grid *g, int hr, int c)
{
    struct grid_cell *x = hr >= 0 && c < g->cols ? table_grid_at(g, hr, c) : NULL;
    return x && x->c0 == c ? x->text : "";
}

/* A label of its own at (r, c): a cell starting there with words, that is
 * UTF-8 (it is written as a string of the record), or NULL. */
static const char *label_at(const struct table_grid *g, int r, int c)
{
    struct grid_cell *x = table_grid_at(g, r, c);
    if (!x || x->r0 != r || x->c0 != c || !x->text[0] || !has_letter(x->text) || cell_is_value(x) ||
        !jsonl_utf8_valid(x->text, strlen(x->text)))
        return NULL;
    return x->text;
}

/* Whether column k starts a panel like the one at column l (its label
 * column) of m value columns: its header is a label, the next m headers
 * repeat those after l ("31-12-2017 | 31-12-2016" on both sides of a
 * balance), and its body cells are labels, two or more. */
static int is_panel(struct table_grid *g, const struct table_rows *t, int hr, int l, int k, int m)
{
    if (k + m >= g->cols)
        return 0;
    const char *h = header_text(g, hr, k);
    if (!h[0] || !has_letter(h))
        return 0;
    for (int i = 1; i <= m; i++) {
        const char *a = header_text(g, hr, l + i);
        if (!a[0] || strcmp(a, header_text(g, hr, k + i)))
            return 0;
    }
    int labels = 0;
    for (int r = 0; r < g->rows; r++) {
        struct grid_cell *x = table_grid_at(g, r, k);
        if (t->kind[r] != TABLE_ROW_BODY || !x || x->r0 != r || x->c0 != k || !x->text[0])
            continue;
        if (!label_at(g, r, k))
            return 0;
        labels++;
    }
    return labels >= 2;
}

/* Panels side by side (research: Deventer's balance, activa | passiva in one
 * table): a column of labels in the middle of the rows, under a header that
 * repeats the first panel's value columns. Only in a table with a header, no
 * stub, and rows labelled in the first column. Each body row gets its label
 * in each panel. */
static void read_panels(struct table_grid *g, struct table_rows *t)
{
    t->npanel = 0;
    int hr = -1, first_col = 0;
    for (int r = 0; r < g->rows; r++)
        if (t->kind[r] == TABLE_ROW_HEADER)
            hr = r;
    for (int i = 0; i < t->nbody; i++)
        first_col += t->body[i].label_col == 0;
    if (hr < 0 || t->stub_cols || first_col < 2)
        return;
    int m = 0; /* the value columns of each panel */
    for (int k = 2; k < g->cols - 1 && !m; k++)
        if (is_panel(g, t, hr, 0, k, k - 1))
            m = k - 1;
    for (int k = m + 1; m && k < g->cols && t->npanel < TABLE_MAX_PANELS; k += m + 1) {
        if (!is_panel(g, t, hr, 0, k, m))
            break;
        t->panel[t->npanel++] = k;
    }
    for (int i = 0; i < t->nbody; i++)
        for (int p = 0; p < t->npanel; p++)
            t->body[i].panel_label[p] = label_at(g, t->body[i].row, t->panel[p]);
}

void table_rows_read(struct table_grid *g, struct table_rows *t)
{
    t->kind = xrealloc(t->kind, (size_t)g->rows * sizeof(*t->kind));
    t->header_rows = 0;
    t->title_row = t->legend_row = NULL;
    t->stub_cols = 0;
    t->nbody = t->npath = 0;
    t->currency_cells = t->line_rows = 0;
    read_kinds(g, t);
    read_body(g, t);
    read_panels(g, t);
}

void table_rows_release(struct table_rows *t)
{
    free(t->kind);
    free(t->body);
    free(t->path);
    memset(t, 0, sizeof(*t));
}
