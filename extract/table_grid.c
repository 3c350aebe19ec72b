/* table_grid.c: see table_grid.h. */
#include "table_grid.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define MAX_SLOTS 1000000L
#define MAX_ROWS 20000

struct row_ref {
    xmlNodePtr tr;
    int group; /* row group index, for rowspan=0 */
    int thead;
    long first_cell; /* the index of its first cell in span[] */
};

struct span {
    int cs, rs; /* colspan, rowspan as written (clamped) */
};

static void push_row(struct row_ref **rows, int *n, size_t *cap, struct row_ref r)
{
    if (*n >= MAX_ROWS)
        return;
    ALLOC_GROW(*rows, (size_t)*n + 1, *cap);
    (*rows)[(*n)++] = r;
}

static void push_group(xmlNodePtr grp, int group, struct row_ref **rows, int *n, size_t *cap)
{
    for (xmlNodePtr r = grp->children; r; r = r->next)
        if (node_is(r, "tr"))
            push_row(rows, n, cap, (struct row_ref){r, group, node_is(grp, "thead"), 0});
}

static void collect_rows(xmlNodePtr table, struct row_ref **rows, int *n, size_t *cap)
{
    int group = 0;
    for (xmlNodePtr c = table->children; c; c = c->next) {
        if (node_is(c, "tr"))
            push_row(rows, n, cap, (struct row_ref){c, group, 0, 0});
        else if (node_is(c, "thead") || node_is(c, "tbody"))
            push_group(c, ++group, rows, n, cap), group++;
    }
    for (xmlNodePtr c = table->children; c; c = c->next)
        if (node_is(c, "tfoot"))
            push_group(c, ++group, rows, n, cap);
}

/* The integer value of attribute name (colspan, rowspan), read in place: a
 * table has thousands of cells, and xmlGetProp copies the value each time. */
static int attr_int(xmlNodePtr n, const char *name, int dflt, int lo, int hi)
{
    const xmlChar *v = NULL;
    xmlChar *copy = NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name))
            continue;
        xmlNodePtr t = a->children;
        if (t && !t->next && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE))
            v = t->content;
        else
            v = copy = xmlGetProp(n, (const xmlChar *)name); /* a value in parts */
        break;
    }
    if (!v)
        return dflt;
    char *end;
    long x = strtol((const char *)v, &end, 10);
    int bad = end == (const char *)v;
    xmlFree(copy);
    if (bad)
        return dflt;
    if (x < lo)
        return lo == 0 && x < 0 ? dflt : lo;
    if (x > hi)
        return hi;
    return (int)x;
}

/* 1 when every non-space text under n sits inside <strong> or <b>. */
static int all_bold(xmlNodePtr n, int inside)
{
    int any = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const xmlChar *p = c->content; p && *p; p++)
                if (*p > ' ' && *p != 0xC2 && *p != 0xA0) {
                    if (!inside)
                        return 0;
                    any = 1;
                    break;
                }
        } else if (c->type == XML_ELEMENT_NODE) {
            int b = inside || node_is(c, "strong") || node_is(c, "b");
            int r = all_bold(c, b);
            if (r == 0)
                return 0;
            if (r == 1)
                any = 1;
        }
    }
    return any ? 1 : -1; /* -1: no text at all */
}

void table_grid_build(xmlNodePtr table, struct table_grid *g)
{
    memset(g, 0, sizeof(*g));
    struct row_ref *rows = NULL;
    int nrows = 0;
    size_t cap = 0;
    collect_rows(table, &rows, &nrows, &cap);

    /* upper bound on the width: the sum over rows of their colspans. It
     * decides where a table is cut. The slots are laid out with a tighter
     * bound, stride: a row's cells end at most at the sum of its own colspans
     * plus the slots taken by cells spanning rows (the sum of their colspans),
     * so no slot at or beyond it is used, and a table of 60 rows does not
     * clear 60 times the width of all its rows put side by side. */
    long width = 1, ncell = 0, widest_row = 0, spanning = 0;
    for (int r = 0; r < nrows; r++)
        for (xmlNodePtr c = rows[r].tr->children; c; c = c->next)
            ncell += node_is(c, "td") || node_is(c, "th");
    /* each cell's colspan and rowspan as read here, for the layout below
     * (reading the attributes is most of a cell's cost) */
    struct span *span = xmalloc(xsize_mul((size_t)(ncell ? ncell : 1), sizeof(*span)));
    long k = 0;
    for (int r = 0; r < nrows; r++) {
        long own = 0;
        rows[r].first_cell = k;
        for (xmlNodePtr c = rows[r].tr->children; c; c = c->next) {
            if (!node_is(c, "td") && !node_is(c, "th"))
                continue;
            int cs = attr_int(c, "colspan", 1, 1, 1000);
            int rs = attr_int(c, "rowspan", 1, 0, 65534);
            span[k++] = (struct span){cs, rs};
            width += cs;
            own += cs;
            if (rs != 1)
                spanning += cs;
        }
        if (own > widest_row)
            widest_row = own;
    }
    if (width > 1000)
        width = 1000;
    if ((long)nrows * width > MAX_SLOTS) {
        nrows = (int)(MAX_SLOTS / width);
        g->truncated = 1;
    }
    long stride = widest_row + spanning + 1 < width ? widest_row + spanning + 1 : width;
    size_t nslot_bound = (size_t)(nrows > 0 ? nrows : 1) * (size_t)(stride > 0 ? stride : 1);
    struct grid_cell **slot = xcalloc(nslot_bound, sizeof(*slot));
    /* every field of a cell is set below: no need to clear them first */
    g->cells = xmalloc(xsize_mul((size_t)(ncell ? ncell : 1), sizeof(struct grid_cell)));
    int maxc = 0;
    /* the texts go into one buffer (offsets first, as it moves while it grows) */
    struct strbuf raw = STRBUF_INIT, store = STRBUF_INIT;
    size_t *off = xmalloc(xsize_mul((size_t)(ncell ? ncell : 1), sizeof(*off)));
    for (int r = 0; r < nrows; r++) {
        int c = 0;
        k = rows[r].first_cell;
        /* a rowspan ends with its row group (thead, tbody, tfoot), as in browsers */
        int group_end = r + 1;
        while (group_end < nrows && rows[group_end].group == rows[r].group)
            group_end++;
        for (xmlNodePtr td = rows[r].tr->children; td; td = td->next) {
            if (!node_is(td, "td") && !node_is(td, "th"))
                continue;
            while (c < width && slot[(long)r * stride + c])
                c++;
            if (c >= width) {
                g->truncated = 1;
                break;
            }
            int cs = span[k].cs;
            int rs = span[k].rs;
            k++;
            if (rs == 0) /* to the end of the row group */
                rs = group_end - r;
            if (r + rs > group_end)
                rs = group_end - r;
            if (c + cs > width)
                cs = (int)width - c;
            off[g->ncells] = store.len;
            struct grid_cell *cell = &g->cells[g->ncells++];
            strbuf_reset(&raw);
            text_of_node(td, &raw);
            text_normalise(raw.buf, &store);
            strbuf_addch(&store, '\0');
            cell->r0 = r;
            cell->c0 = c;
            cell->th = node_is(td, "th");
            cell->bold = all_bold(td, 0) == 1;
            cell->thead = rows[r].thead;
            cell->span_rows = rs;
            cell->span_cols = cs;
            cell->is_value = 0;
            /* overlapping spans: a slot already taken keeps its first owner, as browsers do */
            for (int i = 0; i < rs; i++)
                for (int j = 0; j < cs; j++)
                    if (!slot[(long)(r + i) * stride + c + j])
                        slot[(long)(r + i) * stride + c + j] = cell;
            c += cs;
            if (c > maxc)
                maxc = c;
        }
    }
    strbuf_release(&raw);
    g->text_store = strbuf_detach(&store, NULL);
    for (int i = 0; i < g->ncells; i++)
        g->cells[i].text = g->text_store + off[i];
    free(off);
    /* compact to the real width */
    g->rows = nrows;
    g->cols = maxc;
    size_t nslots = (size_t)(nrows > 0 ? nrows : 1) * (size_t)(maxc > 0 ? maxc : 1);
    g->slot = xcalloc(nslots, sizeof(*g->slot));
    for (int r = 0; r < nrows; r++)
        for (int c = 0; c < maxc; c++)
            g->slot[(long)r * maxc + c] = slot[(long)r * stride + c];
    free(slot);
    free(span);
    free(rows);
}

void table_grid_free(struct table_grid *g)
{
    free(g->text_store);
    free(g->cells);
    free(g->slot);
    memset(g, 0, sizeof(*g));
}
