/*
 * table_rows.h: the rows of a table grid and what each is: a header, body,
 * legend or title row; for each body row its label, code and path (the group
 * rows, outline rows and outer stub cells that enclose it); the stub (the
 * leading columns that label the rows); and the table's own evidence of
 * money (amounts printed with €, rows labelled lasten / baten / saldo).
 *
 * It reads the grid only: it does not decide scale or sign (table_legend.h) and
 * writes no JSON (page.c writes the table record).
 */
#ifndef ODP_TABLE_ROWS_H
#define ODP_TABLE_ROWS_H

#include "table_grid.h"

enum table_row_kind { TABLE_ROW_BODY, TABLE_ROW_HEADER, TABLE_ROW_LEGEND, TABLE_ROW_TITLE };

/* "body", "header", "legend", "title": as the extract format names them. */
extern const char *const table_row_kind_names[4];

/* At most this many panels after the first (activa | passiva is one). */
#define TABLE_MAX_PANELS 3

struct table_body_row {
    int row;                 /* grid row, from 0 */
    int label_col, code_col; /* from 0; -1 when the row has none */
    int group;               /* heads the rows under it (a group or outline row) */
    int path_start, npath;   /* its path: table_rows.path[path_start..+npath), outside in */
    /* its label in each panel after the first (table_rows.panel), or NULL */
    const char *panel_label[TABLE_MAX_PANELS];
};

struct table_rows {
    enum table_row_kind *kind; /* per grid row */
    int header_rows;
    const char *title_row, *legend_row; /* the first title / legend row's text, or NULL */
    int stub_cols;                      /* 0 when the table has no stub of two or more columns */
    /* side by side (a balance's activa | passiva): the first column of each
     * panel after the first, from 0, a column of labels in the middle of the
     * rows; its cells label the columns up to the next panel */
    int panel[TABLE_MAX_PANELS], npanel;
    struct table_body_row *body; /* the body rows, top down */
    int nbody, body_alloc;
    const char **path; /* the texts of every body row's path (in the grid's text store) */
    int npath, path_alloc;
    int currency_cells, line_rows; /* the evidence of money */
};

/* Read g's rows into rows (emptied first; its arrays are kept for the next
 * table). The texts it points at are g's: valid while g is. A legend row is
 * a row of one cell above the body that legend_scan reads a scale or sign in. */
void table_rows_read(struct table_grid *g, struct table_rows *rows);
void table_rows_release(struct table_rows *rows);

/* Whether the cell's text is a number or a status word ("n.v.t.", "PM"),
 * answered once and kept in the cell. */
int table_rows_cell_is_value(struct grid_cell *x);

/* A sentence rather than a label: ends with a full stop, or is long. */
int table_rows_is_note_text(const char *t);

#endif
