/*
 * table_facts.h: a table record of the extract (schemas/extract.schema.json)
 * -> the contract's tables record and one fact per cell, then what each fact
 * is part of (table_indicators.h, table_budget_lines.h) and the table's own
 * arithmetic (checks.h).
 *
 * It reads the extract's decisions as written (row kinds, labels and paths,
 * the stub, the grid of spans, scale and sign) and makes none of them again;
 * what it decides is the table's kind (classify.h), each column's period and
 * measure, and each cell's value.
 */
#ifndef ODP_TABLE_FACTS_H
#define ODP_TABLE_FACTS_H

#include <jansson.h>

#include "dutch_number.h"
#include "records_out.h"

/* What each column is about, read once per column, not once per cell. */
struct col_class {
    int period, has_measure;
    const char *measure, *series, *line_group;
};

/* A table as the fact, indicator and budget-line writers read it. */
struct table_view {
    json_t *t; /* the extract's table record */
    char table_id[600];
    const char *kind;
    int money;
    long scale;       /* 0 for a table without amounts */
    const char *sign; /* as published: "none_stated" when extract found none */
    int nrows, ncols, stub_cols;
    /* panels side by side (extract's panels): the first column of each panel
     * after the first, from 1; a cell there and to its right is labelled by
     * the row's panel_labels */
    int panel[4], npanel;
    json_t *col_levels, *col_labels; /* per column: its levels; its levels joined */
    json_t **body;                   /* body[r]: the body row record of grid row r, or NULL */
    const char **txt;                /* per slot, the text of the cell covering it (grid) */
    struct col_class *cls;           /* cls[c], c from 1 */
    /* columns by their header (0 when none): long format, programme, notes */
    int prog_col, toel_col, bron_col, struct_col, unit_col, year_col, value_col, region_col;
    const char *block_bron, *block_toel; /* a "Bron:" / "Toelichting:" row of the whole table */
    /* worked out once per row (row_line_group) or table (title_line_group), on demand */
    const char *row_line_group, *title_line_group;
};

/* The text of slot (r, c), rows and columns from 1; "" outside or when empty. */
static inline const char *table_view_text(const struct table_view *v, int r, int c)
{
    if (c < 1 || c > v->ncols)
        return "";
    const char *x = v->txt[(size_t)(r - 1) * (size_t)v->ncols + (size_t)(c - 1)];
    return x ? x : "";
}

/* One cell's fact, as its indicator and budget line read it. */
struct cell_fact {
    int r, c;
    json_t *row; /* its body row record, or NULL */
    int panel;   /* the panel it is in (table_view.panel), -1 for the first */
    /* its row's label and code: the row's, or in a panel the panel's label
     * and no code (JSON values of the extract record; NULL where it has
     * none, and code always in a panel) */
    json_t *label, *code;
    const char *raw;
    const struct col_class *col;
    int period;
    const char *measure;
    int is_label; /* a stub, label or code cell */
    struct dutch_number dn;
    const char *unit; /* "%", "EUR", cell_unit or NULL */
    char cell_unit[16];
    char amount[160];
    int has_amount;
    char fact_id[700];
    int fact_ok;          /* the fact was written (not quarantined) */
    const char *row_path; /* "" in a panel: the row's groups are the first panel's */
};

/* f's row label as a string, or NULL. */
static inline const char *cell_fact_label(const struct cell_fact *f)
{
    return json_string_value(f->label);
}

/* Write table t's records (tables, facts, indicators, budget lines, checks). */
void table_facts_emit(struct out *o, struct page_ctx *pc, json_t *t,
                      struct transform_counts *counts);

#endif
