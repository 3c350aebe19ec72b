/*
 * table_legend.h: the one decision per table of its scale and sign: where
 * each was stated (the nearer statement wins: caption, legend row, paragraph
 * before, header cell, then the section's legend line or heading), whether
 * the stated scale reaches the table, and an N / V printed in its body cells
 * as the sign convention when nothing states one. Transform takes the
 * decision as written and never makes it again.
 *
 * The words of a legend are legend.h's; this file only decides where to
 * look and what wins.
 */
#ifndef ODP_TABLE_LEGEND_H
#define ODP_TABLE_LEGEND_H

#include "legend.h"
#include "table_grid.h"
#include "table_rows.h"

/* What the page says around a table, nearest first after its own caption. */
struct table_legend_context {
    const char *caption;     /* the table's caption text, or NULL */
    const char *para_before; /* the text block just before it in its section, or NULL */
    /* the legend that holds in the section (a line of its own or the heading) */
    const struct legend_info *section;
    int section_found;          /* LEGEND_SCALE | LEGEND_SIGN, 0 when none holds */
    const char *section_source; /* "section_legend" or "heading" */
    const char *section_text;
};

struct table_legend {
    struct legend_info li;
    const char *scale_source, *sign_source; /* where each was stated; NULL when nowhere */
    const char *sign_raw;                   /* li.sign_raw, or the cell an N / V was read from */
    const char *legend_text; /* the text the scale or sign was read from first, or NULL */
    int scale_applies;       /* the stated scale reaches the table */
};

/* Decide g's scale and sign (rows: its rows as table_rows_read read them).
 * The texts out points at are ctx's, g's and its own: valid while those are. */
void table_legend_decide(struct table_grid *g, const struct table_rows *rows,
                         const struct table_legend_context *ctx, struct table_legend *out);

#endif
