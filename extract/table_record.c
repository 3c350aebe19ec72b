/*
 * table_record.c: see table_record.h. The order is the format's: the grid
 * first, then the rows (their kinds decide which cells can be a legend or a
 * header), then the scale and sign (they weigh the rows' evidence), then the
 * title (a legend or title row, when there is no caption).
 */
#include "table_record.h"

#include <string.h>

#include "text.h"

/* The table's title and where it came from: its caption, its legend or title
 * row, a short line just before it, or the innermost heading. */
static void read_title(struct table_record *t, const struct table_context *ctx)
{
    const char *pb = ctx->para_before;
    t->title = NULL;
    t->title_source = NULL;
    if (t->caption.len) {
        t->title = t->caption.buf;
        t->title_source = "caption";
    } else if (t->rows.legend_row) {
        t->title = t->rows.legend_row;
        t->title_source = "legend_row";
    } else if (t->rows.title_row) {
        t->title = t->rows.title_row;
        t->title_source = "title_row";
    } else if (pb && strlen(pb) <= 160 && !table_rows_is_note_text(pb)) {
        /* a short line, not a sentence of prose ("Tabel 6.1 - ...", "Kengetallen:") */
        t->title = pb;
        t->title_source = "paragraph_before";
    } else if (ctx->heading) {
        t->title = ctx->heading;
        t->title_source = "heading";
    }
}

int table_record_read(xmlNodePtr table, const struct table_context *ctx, struct table_record *t)
{
    table_grid_build(table, &t->grid);
    if (t->grid.rows == 0 || t->grid.cols == 0)
        return -1;
    strbuf_reset(&t->caption);
    for (xmlNodePtr c = table->children; c; c = c->next)
        if (node_is(c, "caption"))
            text_node_normalised(c, &t->caption);
    table_rows_read(&t->grid, &t->rows);
    struct table_legend_context lc = ctx->legend;
    lc.caption = t->caption.len ? t->caption.buf : NULL;
    table_legend_decide(&t->grid, &t->rows, &lc, &t->legend);
    read_title(t, ctx);
    return 0;
}

void table_record_clear(struct table_record *t)
{
    table_grid_free(&t->grid);
    memset(&t->grid, 0, sizeof(t->grid));
}

void table_record_release(struct table_record *t)
{
    table_record_clear(t);
    table_rows_release(&t->rows);
    strbuf_release(&t->caption);
}
