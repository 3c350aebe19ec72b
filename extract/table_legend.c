/*
 * table_legend.c: see table_legend.h.
 */
#include "table_legend.h"

#include <string.h>
#include <strings.h>

#include "dutch_number.h"
#include "jsonout.h"

/* Take the scale and the sign that `from` states (f: what legend_scan found)
 * where t has none yet from a nearer place, and note where they were found.
 * 1 when it took either. */
static int take_legend(struct table_legend *t, const struct legend_info *from, int f,
                       const char *where)
{
    int used = 0;
    if ((f & LEGEND_SCALE) && !t->scale_source) {
        t->li.scale = from->scale;
        memcpy(t->li.scale_raw, from->scale_raw, sizeof(t->li.scale_raw));
        t->scale_source = where;
        used = 1;
    }
    if ((f & LEGEND_SIGN) && !t->sign_source) {
        t->li.sign_convention = from->sign_convention;
        memcpy(t->li.sign_raw, from->sign_raw, sizeof(t->li.sign_raw));
        t->sign_raw = t->li.sign_raw;
        t->sign_source = where;
        used = 1;
    }
    return used;
}

/* Scan text (a caption, legend row, paragraph) and take what it states; its
 * text becomes the table's legend when it is the first to state anything. */
static void take_text(struct table_legend *t, const char *text, const char *where)
{
    struct legend_info l = {0};
    int f = legend_scan(text, &l);
    take_legend(t, &l, f, where);
    if (f && !t->legend_text)
        t->legend_text = text;
}

/* "Bedragen x 1000" above an indicator table does not apply to it (Amersfoort
 * 2019, research 5.5): a scale from outside the table's own rows does not
 * reach a table whose header names an indicator and whose cells show no
 * money. */
static int scale_reaches(const struct table_grid *g, const struct table_rows *rows,
                         const char *source)
{
    if (!source)
        return 0;
    if (!strcmp(source, "legend_row") || rows->currency_cells > 0 || rows->line_rows > 0)
        return 1;
    for (int r = 0; r < g->rows; r++) {
        if (rows->kind[r] != TABLE_ROW_HEADER)
            continue;
        for (int c = 0; c < g->cols; c++) {
            struct grid_cell *x = table_grid_at(g, r, c);
            if (x && x->r0 == r && x->c0 == c && !strncasecmp(x->text, "indicator", 9))
                return 0;
        }
    }
    return 1;
}

/* "N 31.393" / "V 12.000": a body cell with an N (nadeel) or V (voordeel)
 * marker is the legend of its table's sign (Capelle). The first such cell, or
 * NULL. */
static const char *nv_cell(const struct table_grid *g, const struct table_rows *rows)
{
    for (int i = 0; i < g->ncells; i++) {
        const struct grid_cell *x = &g->cells[i];
        if ((x->text[0] != 'N' && x->text[0] != 'V') || rows->kind[x->r0] != TABLE_ROW_BODY)
            continue;
        struct dutch_number dn;
        if (dutch_number_parse(x->text, DN_DOTS_THOUSANDS, &dn) == DN_OK && dn.marker &&
            jsonl_utf8_valid(x->text, strlen(x->text)))
            return x->text;
    }
    return NULL;
}

void table_legend_decide(struct table_grid *g, const struct table_rows *rows,
                         const struct table_legend_context *ctx, struct table_legend *t)
{
    memset(t, 0, sizeof(*t));
    /* the nearer statement first: the caption, the table's legend rows, the
     * paragraph just before it, its header cells, then the section's legend */
    if (ctx->caption && ctx->caption[0])
        take_text(t, ctx->caption, "caption");
    for (int r = 0; r < g->rows; r++) {
        if (rows->kind[r] != TABLE_ROW_LEGEND)
            continue;
        for (int c = 0; c < g->cols; c++) { /* the row's one cell with text */
            struct grid_cell *x = table_grid_at(g, r, c);
            if (x && x->r0 == r && x->c0 == c && x->text[0]) {
                take_text(t, x->text, "legend_row");
                break;
            }
        }
    }
    if (ctx->para_before && (!t->scale_source || !t->sign_source))
        take_text(t, ctx->para_before, "paragraph_before");
    for (int r = 0; r < g->rows && (!t->scale_source || !t->sign_source); r++) {
        if (rows->kind[r] != TABLE_ROW_HEADER)
            continue;
        for (int c = 0; c < g->cols; c++) {
            struct grid_cell *x = table_grid_at(g, r, c);
            if (!x || x->r0 != r || x->c0 != c)
                continue;
            struct legend_info l = {0};
            take_legend(t, &l, legend_scan(x->text, &l), "header_cell");
        }
    }
    if (ctx->section_found && (!t->scale_source || !t->sign_source) &&
        take_legend(t, ctx->section, ctx->section_found, ctx->section_source) && !t->legend_text)
        t->legend_text = ctx->section_text;
    t->scale_applies = scale_reaches(g, rows, t->scale_source);
    if (!t->sign_source) {
        const char *cell = nv_cell(g, rows);
        if (cell) {
            t->li.sign_convention = "n_is_disadvantage";
            t->sign_raw = cell;
            t->sign_source = "cells";
        }
    }
}
