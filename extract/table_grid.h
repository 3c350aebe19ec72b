/*
 * table_grid.h: an HTML <table> as a grid of cells, with colspan and rowspan
 * expanded per the HTML table model (rows of thead, tbody and direct <tr>s in
 * source order, tfoot last; a cell takes the first free slot of its row;
 * colspan 1..1000, rowspan 0..65534 with 0 = to the end of the row group).
 * Nested tables are separate tables and are not read into their parent.
 *
 * Each slot points at its origin cell; only the origin slot is a fact, the
 * others carry the same text for labelling. Tables over 1,000,000 slots are
 * cut, and say so (truncated).
 */
#ifndef ODP_TABLE_GRID_H
#define ODP_TABLE_GRID_H

#include <libxml/tree.h>

struct grid_cell {
    char *text; /* normalised text (in the grid's text store) */
    int r0, c0; /* origin slot */
    int th;     /* a <th> */
    int bold;   /* all its text is inside <strong>/<b> */
    int thead;  /* inside <thead> */
    int span_rows, span_cols;
    int is_value; /* left 0 here: the table reader caches whether the text
                   * is a number or status word (1 no, 2 yes) */
};

struct table_grid {
    int rows, cols;
    struct grid_cell **slot; /* rows*cols pointers to origin cells, NULL = no cell */
    struct grid_cell *cells; /* the origin cells */
    int ncells;
    int truncated;
    char *text_store; /* every cell's text, NUL-terminated, one allocation */
};

/* Build the grid of table into g (free it with table_grid_free). */
void table_grid_build(xmlNodePtr table, struct table_grid *g);
void table_grid_free(struct table_grid *g);

static inline struct grid_cell *table_grid_at(const struct table_grid *g, int r, int c)
{
    return g->slot[(long)r * g->cols + c];
}

/* 1 when the slot holds the origin of its cell. */
static inline int table_grid_is_origin(const struct table_grid *g, int r, int c)
{
    struct grid_cell *x = table_grid_at(g, r, c);
    return x && x->r0 == r && x->c0 == c;
}

#endif
