/*
 * table_record.h: one <table> of a page read as the extract format's table
 * record holds it (schemas/extract.schema.json): the grid with its spans
 * expanded (table_grid.h, the one expansion), its rows and their kinds
 * (table_rows.h), its scale and sign (table_legend.h) and its title.
 *
 * It decides; it does not write JSON (page.c writes the record with the
 * page's other records) and knows nothing of the walk but what it is handed.
 */
#ifndef ODP_TABLE_RECORD_H
#define ODP_TABLE_RECORD_H

#include <libxml/tree.h>

#include "strbuf.h"
#include "table_grid.h"
#include "table_legend.h"
#include "table_rows.h"

/* What the walk knows around the table. */
struct table_context {
    const char *para_before;            /* the text block just before it in its section, or NULL */
    const char *heading;                /* the innermost heading that is UTF-8, or NULL */
    struct table_legend_context legend; /* caption left NULL: read here */
};

struct table_record {
    struct table_grid grid;
    struct table_rows rows;
    struct table_legend legend;
    struct strbuf caption;
    const char *title, *title_source; /* title_source as the format names it; NULL when none */
};

#define TABLE_RECORD_INIT                                                                          \
    {                                                                                              \
        .caption = STRBUF_INIT                                                                     \
    }

/* Read table into t. 0 when it has cells; -1 when it has none or cannot be
 * read (nothing to write). Call table_record_clear after each table read, 0
 * or not; table_record_release once at the end frees what is kept for reuse. */
int table_record_read(xmlNodePtr table, const struct table_context *ctx, struct table_record *t);
void table_record_clear(struct table_record *t);
void table_record_release(struct table_record *t);

#endif
