/*
 * table_write.h: a table record (table_record.h) written as the extract
 * format's "table" line (schemas/extract.schema.json): the grid's cells and
 * their place, the rows' kinds and labels, the columns' header levels, the
 * scale and sign with their sources, and where the table stands on its page.
 *
 * It writes; it decides nothing about the table (table_record.h does) and
 * knows of the page only what it is handed (struct table_place).
 */
#ifndef ODP_TABLE_WRITE_H
#define ODP_TABLE_WRITE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "strbuf.h"
#include "table_record.h"

/* The buffers a record is written through, kept from table to table and page
 * to page (emptied, not freed), so memory stays as large as the largest
 * table needed. Zero it (TABLE_WRITER_INIT) before the first use. */
struct table_writer {
    struct strbuf col_labels, body, cells;
    int *cell_index; /* each grid cell's place in "cells" */
    size_t cell_index_alloc;
};

#define TABLE_WRITER_INIT                                                                          \
    {                                                                                              \
        STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, NULL, 0                                             \
    }

/* Where the table stands on its page. */
struct table_place {
    int ordinal;        /* 1 for the page's first table */
    int section;        /* the number of sections opened before it */
    char *const *heads; /* the open headings by level, [2..6] read */
};

/* Append t's record, from '{' to its '\n', to out; table is its element (for
 * the record's xpath). */
void table_write(struct table_writer *tw, struct strbuf *out, xmlNodePtr table,
                 const struct table_record *t, const struct table_place *at);

/* Free what tw keeps; it may be used again afterwards. */
void table_writer_release(struct table_writer *tw);

#endif
