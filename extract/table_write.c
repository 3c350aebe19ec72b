/*
 * table_write.c: see table_write.h. The record is written by hand, not built
 * as a jansson object and dumped: a page has thousands of cells, and this is
 * most of the extractor's output. Each part is written as jsonout_* would
 * write it (byte for byte: the extract files are keyed and compared), the
 * numbers and fixed keys without printf or escaping, and a cell of plain
 * ASCII in one copy.
 */
#include "table_write.h"

#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "jsonout.h"
#include "xalloc.h"

/* Write n (0 or more) and then sep to d (room for 12 bytes); returns the
 * length written. printf's cost is most of a cell's. */
static size_t put_count(char *d, int n, char sep)
{
    if (n < 10) { /* most: a cell's row span, column span, column */
        d[0] = (char)('0' + n);
        d[1] = sep;
        return 2;
    }
    char t[12];
    int k = sizeof(t);
    do {
        t[--k] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    size_t len = sizeof(t) - (size_t)k;
    memcpy(d, t + k, len);
    d[len] = sep;
    return len + 1;
}

/* Append lit, punctuation and a key as jsonout_key writes them where the
 * separator is known, then n (0 or more) if n >= 0: the table records' fixed
 * fields, thousands a page, without escaping each key again. */
static void put_lit_count(struct strbuf *sb, const char *lit, size_t litlen, int n)
{
    char t[64];
    memcpy(t, lit, litlen);
    size_t len = litlen;
    if (n >= 0)
        len += put_count(t + litlen, n, '\0') - 1;
    strbuf_add(sb, t, len);
}
#define PUT_LIT(sb, lit) put_lit_count((sb), (lit), sizeof(lit) - 1, -1)
#define PUT_LIT_COUNT(sb, lit, n) put_lit_count((sb), (lit), sizeof(lit) - 1, (n))

/* Whether t is ASCII that a JSON string holds as it is (no control character,
 * quote or backslash), with its length in *len: then it is valid UTF-8 and
 * needs no escaping, so it is copied whole; most cells are such. */
static int json_plain_ascii(const char *t, size_t *len)
{
    const unsigned char *p = (const unsigned char *)t;
    while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        p++;
    *len = (size_t)(p - (const unsigned char *)t);
    return !*p;
}

/* "col_levels": per column the texts of its header levels, top down, a
 * level repeating the one above it (a rowspan) left out. */
static void put_col_levels(struct strbuf *col_labels, const struct table_record *t)
{
    const struct table_grid *g = &t->grid;
    strbuf_reset(col_labels);
    strbuf_addch(col_labels, '[');
    for (int c = 0; c < g->cols; c++) {
        const char *last = NULL;
        if (c)
            strbuf_addch(col_labels, ',');
        strbuf_addch(col_labels, '[');
        for (int r = 0; r < g->rows; r++) {
            if (t->rows.kind[r] != TABLE_ROW_HEADER)
                continue;
            struct grid_cell *x = table_grid_at(g, r, c);
            if (!x || !x->text[0] || (last && !strcmp(last, x->text)))
                continue;
            jsonout_str(col_labels, NULL, x->text);
            last = x->text;
        }
        strbuf_addch(col_labels, ']');
    }
    strbuf_addch(col_labels, ']');
}

/* "body": each body row's label, code, group flag and path (table_rows.h). */
static void put_body_rows(struct strbuf *body, const struct table_record *t)
{
    const struct table_grid *g = &t->grid;
    strbuf_reset(body);
    strbuf_addch(body, '[');
    for (int i = 0; i < t->rows.nbody; i++) {
        const struct table_body_row *b = &t->rows.body[i];
        int r = b->row;
        if (i == 0)
            PUT_LIT_COUNT(body, "{\"row\":", r + 1);
        else
            PUT_LIT_COUNT(body, ",{\"row\":", r + 1);
        PUT_LIT(body, ",\"path\":[");
        for (int k = 0; k < b->npath; k++)
            jsonout_str(body, NULL, t->rows.path[b->path_start + k]);
        strbuf_addch(body, ']');
        if (b->group)
            PUT_LIT(body, ",\"group\":true");
        else
            PUT_LIT(body, ",\"group\":false");
        const char *label = b->label_col >= 0 ? table_grid_at(g, r, b->label_col)->text : NULL;
        if (label) /* nothing at all when it is no UTF-8, as jsonout_str says */
            jsonout_str(body, "label", label);
        else
            PUT_LIT(body, ",\"label\":null");
        if (b->label_col >= 0)
            PUT_LIT_COUNT(body, ",\"label_col\":", b->label_col + 1);
        else
            PUT_LIT(body, ",\"label_col\":null");
        if (b->code_col >= 0) {
            jsonout_str(body, "code", table_grid_at(g, r, b->code_col)->text);
            PUT_LIT_COUNT(body, ",\"code_col\":", b->code_col + 1);
        } else {
            PUT_LIT(body, ",\"code\":null,\"code_col\":null");
        }
        if (t->rows.npanel) { /* labels that are UTF-8 or NULL (table_rows.h) */
            PUT_LIT(body, ",\"panel_labels\":[");
            for (int p = 0; p < t->rows.npanel; p++) {
                if (b->panel_label[p]) /* jsonout_str puts the comma */
                    jsonout_str(body, NULL, b->panel_label[p]);
                else if (p)
                    PUT_LIT(body, ",null");
                else
                    PUT_LIT(body, "null");
            }
            strbuf_addch(body, ']');
        }
        strbuf_addch(body, '}');
    }
    strbuf_addch(body, ']');
}

/* "cells": [row, col, text, rowspan, colspan, is_th] per origin cell (text
 * that is no valid UTF-8 cannot be JSON and is left out, as jansson would);
 * index[i] is the i-th grid cell's place in it, from 1 (0 when left out). */
static void put_cells(struct strbuf *cells, const struct table_grid *g, int *index)
{
    strbuf_reset(cells);
    strbuf_addch(cells, '[');
    int n = 0;
    for (int i = 0; i < g->ncells; i++) {
        struct grid_cell *x = &g->cells[i];
        size_t len;
        int plain = json_plain_ascii(x->text, &len);
        index[i] = 0;
        if (!plain) {
            len = strlen(x->text);
            if (!jsonl_utf8_valid(x->text, len))
                continue;
        }
        index[i] = ++n;
        char head[32], tail[40];
        size_t nh = 0, nt = 0;
        if (cells->len > 1)
            head[nh++] = ',';
        head[nh++] = '[';
        nh += put_count(head + nh, x->r0 + 1, ',');
        nh += put_count(head + nh, x->c0 + 1, ',');
        tail[nt++] = ',';
        nt += put_count(tail + nt, x->span_rows, ',');
        nt += put_count(tail + nt, x->span_cols, ',');
        memcpy(tail + nt, x->th ? "true]" : "false]", x->th ? 5 : 6);
        nt += x->th ? 5 : 6;
        if (plain) { /* the whole cell in one piece: "text" needs no escaping */
            strbuf_grow(cells, nh + len + 2 + nt);
            char *d = cells->buf + cells->len;
            memcpy(d, head, nh);
            d += nh;
            *d++ = '"';
            memcpy(d, x->text, len);
            d += len;
            *d++ = '"';
            memcpy(d, tail, nt);
            strbuf_setlen(cells, cells->len + nh + len + 2 + nt);
        } else {
            strbuf_add(cells, head, nh);
            jsonout_string(x->text, len, cells);
            strbuf_add(cells, tail, nt);
        }
    }
    strbuf_addch(cells, ']');
}

/* ,"grid": per row, per column, the place in "cells" of the cell covering
 * the slot (index: put_cells'), 0 for none: the spans as expanded here, so
 * that transform reads them and never expands them again. */
static void put_grid(struct strbuf *o, const struct table_grid *g, const int *index)
{
    PUT_LIT(o, ",\"grid\":[");
    for (int r = 0; r < g->rows; r++) {
        char *d;
        /* 12 bytes a slot at most (put_count), and the brackets */
        strbuf_grow(o, (size_t)g->cols * 12 + 3);
        d = o->buf + o->len;
        if (r)
            *d++ = ',';
        *d++ = '[';
        for (int c = 0; c < g->cols; c++) {
            const struct grid_cell *x = table_grid_at(g, r, c);
            d += put_count(d, x ? index[x - g->cells] : 0, c + 1 < g->cols ? ',' : ']');
        }
        strbuf_setlen(o, (size_t)(d - o->buf));
    }
    strbuf_addch(o, ']');
}

/* "heading_path": the open headings h2..h6 (the walk's section path), written
 * directly. */
static void put_heading_path(char *const *heads, struct strbuf *o)
{
    jsonout_key(o, "heading_path");
    strbuf_addch(o, '[');
    for (int l = 2; l <= 6; l++)
        jsonout_str(o, NULL, heads[l]);
    strbuf_addch(o, ']');
}

void table_write(struct table_writer *tw, struct strbuf *o, xmlNodePtr table,
                 const struct table_record *t, const struct table_place *at)
{
    const struct table_grid *g = &t->grid;
    const struct table_legend *lg = &t->legend;
    put_col_levels(&tw->col_labels, t);
    put_body_rows(&tw->body, t);
    ALLOC_GROW(tw->cell_index, (size_t)g->ncells, tw->cell_index_alloc);
    put_cells(&tw->cells, g, tw->cell_index);
    xmlChar *xpath = xmlGetNodePath(table);
    strbuf_addch(o, '{');
    jsonout_str(o, "type", "table");
    PUT_LIT_COUNT(o, ",\"ordinal\":", at->ordinal);
    jsonout_str(o, "xpath", (const char *)xpath);
    xmlFree(xpath);
    PUT_LIT_COUNT(o, ",\"rows\":", g->rows);
    PUT_LIT_COUNT(o, ",\"cols\":", g->cols);
    PUT_LIT_COUNT(o, ",\"header_rows\":", t->rows.header_rows);
    PUT_LIT_COUNT(o, ",\"stub_cols\":", t->rows.stub_cols);
    PUT_LIT(o, ",\"panels\":[");
    for (int p = 0; p < t->rows.npanel; p++) {
        if (p)
            strbuf_addch(o, ',');
        PUT_LIT_COUNT(o, "", t->rows.panel[p] + 1);
    }
    strbuf_addch(o, ']');
    if (g->truncated)
        PUT_LIT(o, ",\"truncated\":true");
    else
        PUT_LIT(o, ",\"truncated\":false");
    jsonout_str_or_null(o, "caption", t->caption.len ? t->caption.buf : NULL);
    jsonout_str_or_null(o, "title", t->title);
    jsonout_str_or_null(o, "title_source", t->title_source);
    put_heading_path(at->heads, o);
    PUT_LIT_COUNT(o, ",\"section\":", at->section);
    /* the legend's text: also when it is no UTF-8 and so left out of the
     * record, as jansson would */
    if (lg->legend_text)
        jsonout_str(o, "legend", lg->legend_text);
    else
        jsonout_null(o, "legend");
    if (lg->scale_applies)
        jsonout_int(o, "scale", lg->li.scale);
    else
        jsonout_null(o, "scale");
    if (lg->scale_source) {
        jsonout_bool(o, "scale_applies", lg->scale_applies);
        jsonout_str(o, "scale_raw", lg->li.scale_raw);
        jsonout_str(o, "scale_source", lg->scale_source);
    } else {
        PUT_LIT(o, ",\"scale_applies\":null,\"scale_raw\":null,\"scale_source\":null");
    }
    if (lg->sign_source) {
        jsonout_str(o, "sign_convention", lg->li.sign_convention);
        jsonout_str(o, "sign_raw", lg->sign_raw);
        jsonout_str(o, "sign_source", lg->sign_source);
    } else {
        PUT_LIT(o, ",\"sign_convention\":null,\"sign_raw\":null,\"sign_source\":null");
    }
    PUT_LIT_COUNT(o, ",\"evidence\":{\"currency_cells\":", t->rows.currency_cells);
    PUT_LIT_COUNT(o, ",\"line_rows\":", t->rows.line_rows);
    strbuf_addch(o, '}');
    PUT_LIT(o, ",\"row_kinds\":[");
    for (int r = 0; r < g->rows; r++) { /* the kinds are plain ASCII words */
        if (r)
            strbuf_addch(o, ',');
        strbuf_addch(o, '"');
        strbuf_addstr(o, table_row_kind_names[t->rows.kind[r]]);
        strbuf_addch(o, '"');
    }
    strbuf_addch(o, ']');
    PUT_LIT(o, ",\"col_levels\":");
    strbuf_add(o, tw->col_labels.buf, tw->col_labels.len);
    PUT_LIT(o, ",\"body\":");
    strbuf_add(o, tw->body.buf, tw->body.len);
    PUT_LIT(o, ",\"cells\":");
    strbuf_add(o, tw->cells.buf, tw->cells.len);
    put_grid(o, g, tw->cell_index);
    strbuf_add(o, "}\n", 2);
}

void table_writer_release(struct table_writer *tw)
{
    strbuf_release(&tw->col_labels);
    strbuf_release(&tw->body);
    strbuf_release(&tw->cells);
    free(tw->cell_index);
    tw->cell_index = NULL;
    tw->cell_index_alloc = 0;
}
