/*
 * table_facts.c: see table_facts.h.
 *
 * A table is read once into a table_view (its columns classified, its rows
 * by grid row, the text of every slot from the extract's grid), its tables
 * record written, then each body cell becomes a fact, and the fact's
 * indicator and budget line are written after it (only with it: a
 * quarantined fact takes them along). The table's rows and parsed cells are
 * kept for checks.c, which runs last.
 */
#include "table_facts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cell_value.h"
#include "classify.h"
#include "jsonutil.h"
#include "table_budget_lines.h"
#include "table_indicators.h"
#include "xalloc.h"

static int is_money_kind(const char *kind)
{
    return !strcmp(kind, "budget") || !strcmp(kind, "reserves") || !strcmp(kind, "taakvelden") ||
           !strcmp(kind, "mutations");
}

/* The scale of a table's amounts, and where it came from (tables.scale_source):
 * extract decided whether the stated legend reaches the table (its "scale" is
 * null when it does not); here only money tables have amounts. A money table
 * without a legend is in full euros, never assumed thousands. 0 for a table
 * that has no amounts. */
static long table_scale(json_t *t, int money, const char **source)
{
    json_t *jscale = json_object_get(t, "scale");
    *source = NULL;
    if (!money)
        return 0; /* a scale legend on an indicator table does not apply (research 3.3) */
    if (json_is_integer(jscale) && json_integer_value(jscale) > 0) {
        *source = jstr(t, "scale_source");
        return (long)json_integer_value(jscale);
    }
    *source = "none_stated";
    return 1;
}

/* What a cell shows of its column's number format: 1 a decimal point (one dot
 * not followed by exactly three digits: "67.2"), 2 Dutch grouping (a decimal
 * comma, or two or more dots: "1.234.567", "6,3"), 0 neither ("1.000", "9163"). */
static int number_shape(const char *raw)
{
    struct dutch_number dn;
    if (!raw || dutch_number_parse(raw, DN_DOTS_THOUSANDS, &dn) != DN_OK)
        return 0;
    int dots = 0, commas = 0;
    const char *last = NULL;
    for (const char *p = raw; *p; p++) {
        if (*p == '.' && p[1] >= '0' && p[1] <= '9' && p > raw && p[-1] >= '0' && p[-1] <= '9') {
            dots++;
            last = p;
        }
        commas += *p == ',' && p > raw && p[-1] >= '0' && p[-1] <= '9';
    }
    if (commas || dots >= 2)
        return 2;
    if (dots == 1 && strspn(last + 1, "0123456789") != 3)
        return 1;
    return 0;
}

/* The columns: each one's label (its header levels joined once, as
 * published), what it is about, and the columns named for a role. */
static void read_columns(struct table_view *v)
{
    v->col_labels = json_array();
    size_t k;
    json_t *lv;
    json_array_foreach(v->col_levels, k, lv)
    {
        char *joined = records_join_path(lv);
        json_array_append_new(v->col_labels, json_string(joined));
        free(joined);
    }
    v->ncols = (int)json_array_size(v->col_labels);
    v->cls = xcalloc((size_t)v->ncols + 1, sizeof(*v->cls));
    for (int c = 1; c <= v->ncols; c++) {
        const char *l = json_string_value(json_array_get(v->col_labels, (size_t)c - 1));
        struct col_class *cc = &v->cls[c];
        cc->period = classify_period(l);
        cc->measure = classify_measure(l);
        cc->has_measure = strcmp(cc->measure, "other") != 0;
        cc->series = classify_series(l);
        cc->line_group = classify_column_line_group(l);
        if (!strncasecmp(l, "Eenheid", 7))
            v->unit_col = c;
        /* long format: Indicator | Eenheid | Jaar | Waarde (Leudal, Midden-Drenthe) */
        if (!strcasecmp(l, "Jaar"))
            v->year_col = c;
        if (!strcasecmp(l, "Regio"))
            v->region_col = c;
        if (!strncasecmp(l, "Waarde", 6))
            v->value_col = c;
        /* a "Programma" column gives each budget line its programme */
        if ((!strcasecmp(l, "Programma") || !strcasecmp(l, "Prog.") || !strcasecmp(l, "Progr.")) &&
            c > v->stub_cols)
            v->prog_col = c;
        /* the last level of the header names the column: "Informatie indicator > Bron" */
        json_t *levels = json_array_get(v->col_levels, (size_t)c - 1);
        size_t nl = json_array_size(levels);
        const char *last = nl ? json_string_value(json_array_get(levels, nl - 1)) : l;
        if (!strncasecmp(last, "Toelichting", 11) || !strncasecmp(last, "Beschrijving", 12))
            v->toel_col = c;
        if (!strncasecmp(last, "Bron", 4))
            v->bron_col = c;
        if (strcasestr(l, "structureel") || strcasestr(l, "incidenteel"))
            v->struct_col = c;
    }
}

/* The rows and the text of every slot. A cell spanning rows or columns (a
 * rowspan'd unit, Midden-Drenthe) is the text of every slot it covers:
 * extract's grid says which, as it expanded the spans (the one expansion). */
static void read_rows(struct table_view *v)
{
    json_t *t = v->t;
    v->nrows = (int)jint(t, "rows", 0);
    v->body = xcalloc((size_t)v->nrows + 1, sizeof(json_t *));
    size_t i;
    json_t *b;
    json_t *kinds = json_object_get(t, "row_kinds");
    json_array_foreach(json_object_get(t, "body"), i, b)
    {
        long r = jint(b, "row", 0);
        const char *rk = r >= 1 && r <= v->nrows
                             ? json_string_value(json_array_get(kinds, (size_t)r - 1))
                             : NULL;
        if (rk && !strcmp(rk, "body"))
            v->body[r] = b;
    }
    int ncols = v->ncols;
    v->txt = xcalloc((size_t)v->nrows * (size_t)(ncols ? ncols : 1) + 1, sizeof(*v->txt));
    json_t *cells = json_object_get(t, "cells"), *grid = json_object_get(t, "grid");
    for (int r = 1; r <= v->nrows; r++) {
        json_t *grow = json_array_get(grid, (size_t)r - 1);
        for (int c = 1; c <= ncols; c++) {
            json_int_t k = json_integer_value(json_array_get(grow, (size_t)c - 1));
            if (k > 0)
                v->txt[(size_t)(r - 1) * (size_t)ncols + (size_t)(c - 1)] =
                    json_string_value(json_array_get(json_array_get(cells, (size_t)k - 1), 2));
        }
    }
    /* an indicator block states its source and explanation in rows of their own
     * ("Bron:" | "Stadspeiling, O&S"; "Toelichting:" | ...), for the whole table */
    for (int r = 1; r <= v->nrows; r++) {
        const char *l = v->body[r] ? jstr(v->body[r], "label") : NULL;
        int lc = v->body[r] ? (int)jint(v->body[r], "label_col", 0) : 0;
        if (!l || !lc)
            continue;
        int is_bron = !strncasecmp(l, "Bron", 4), is_toel = !strncasecmp(l, "Toelichting", 11);
        for (int c = lc + 1; c <= ncols && (is_bron || is_toel); c++) {
            const char *x = table_view_text(v, r, c);
            if (!x[0])
                continue;
            if (is_bron && !v->block_bron)
                v->block_bron = x;
            if (is_toel && !v->block_toel)
                v->block_toel = x;
            break;
        }
    }
}

/* The table's record in tables; 1 when it was written (not quarantined). */
static int put_table_record(struct out *o, struct page_ctx *pc, const struct table_view *v,
                            const char *scale_source)
{
    json_t *t = v->t;
    char *hp = records_join_path(json_object_get(t, "heading_path"));
    json_t *tr = json_object();
    json_object_set_new(tr, "table_id", json_string(v->table_id));
    json_object_set_new(tr, "page_id", json_string(pc->page_id));
    json_object_set_new(tr, "ordinal", json_integer(jint(t, "ordinal", 0)));
    json_object_set_new(tr, "title", records_jstr_or_null(jstr(t, "title")));
    json_object_set_new(tr, "heading_path", json_string(hp));
    json_object_set_new(tr, "kind", json_string(v->kind));
    json_object_set_new(tr, "scale", v->scale ? json_integer(v->scale) : json_null());
    json_object_set_new(tr, "unit", json_string(v->money ? "EUR" : ""));
    if (!v->money)
        json_object_set(tr, "unit", json_null());
    json_object_set_new(tr, "sign_convention", json_string(v->sign));
    json_object_set_new(tr, "sign_legend", records_jstr_or_null(jstr(t, "legend")));
    json_object_set_new(tr, "header_rows", json_integer(jint(t, "header_rows", 0)));
    json_object_set_new(tr, "rows", json_integer(jint(t, "rows", 0)));
    json_object_set_new(tr, "cols", json_integer(jint(t, "cols", 0)));
    json_object_set_new(tr, "source_xpath", records_jstr_or_null(jstr(t, "xpath")));
    json_object_set_new(tr, "scale_source", records_jstr_or_null(scale_source));
    free(hp);
    return records_put(o, DS_TABLES, tr);
}

/* The table as checks.c reads it: its body rows (named by path and label,
 * names[r] freed by the caller) and column labels; the cells are filled in
 * as their facts are written. */
static void read_check_rows(const struct table_view *v, struct check_row *crow, char **names,
                            const char **clabel)
{
    for (int c = 1; c <= v->ncols; c++)
        clabel[c - 1] = json_string_value(json_array_get(v->col_labels, (size_t)c - 1));
    for (int r = 1; r <= v->nrows; r++) {
        json_t *b = v->body[r];
        struct check_row *cr = &crow[r - 1];
        cr->body = b != NULL;
        if (!b)
            continue;
        cr->group = json_is_true(json_object_get(b, "group"));
        cr->label = jstr(b, "label");
        cr->code = jstr(b, "code");
        cr->label_col = (int)jint(b, "label_col", 0);
        cr->code_col = (int)jint(b, "code_col", 0);
        json_t *path = json_object_get(b, "path");
        size_t np = json_array_size(path);
        cr->parent = np ? json_string_value(json_array_get(path, np - 1)) : NULL;
        cr->depth = (int)np;
        if (cr->label) {
            char *joined = records_join_path(path);
            size_t jl = strlen(joined);
            names[r - 1] = xmalloc(jl + strlen(cr->label) + 4);
            sprintf(names[r - 1], "%s%s%s", joined, jl ? " > " : "", cr->label);
            cr->name = names[r - 1];
            free(joined);
        }
    }
}

/* How each column prints numbers: a "1.000" reads as thousands unless the
 * column's other value cells use decimal points ("67.2", "2.67") and never a
 * decimal comma or two dots (research 5.5). shape[c]: bit 1 points, bit 2
 * Dutch. */
static void read_col_shapes(const struct table_view *v, int *shape)
{
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(v->t, "cells"), i, cell)
    {
        int r = (int)json_integer_value(json_array_get(cell, 0));
        int c = (int)json_integer_value(json_array_get(cell, 1));
        if (r < 1 || r > v->nrows || c < 1 || c > v->ncols || !v->body[r] || c <= v->stub_cols ||
            c == jint(v->body[r], "label_col", 0) || c == jint(v->body[r], "code_col", 0))
            continue;
        shape[c] |= number_shape(json_string_value(json_array_get(cell, 2)));
    }
}

/* Cell f's value (f->r, f->c, f->raw, f->col and f->is_label set): parsed
 * unless it labels the row or sits in a notes column, with its unit and its
 * amount in euros. Returns the value's note, or NULL. */
static const char *read_value(const struct table_view *v, struct cell_fact *f, int shape)
{
    int c = f->c;
    f->cell_unit[0] = '\0';
    if (f->is_label || c == v->toel_col || c == v->bron_col || c == v->struct_col)
        dutch_number_parse("", DN_DOTS_THOUSANDS, &f->dn),
            f->dn.status = f->raw[0] ? DN_TEXT : DN_EMPTY;
    else
        cell_value_parse(f->raw, shape == 1 ? DN_DOTS_DECIMAL : DN_DOTS_THOUSANDS, &f->dn,
                         f->cell_unit, sizeof(f->cell_unit));
    const struct dutch_number *dn = &f->dn;
    f->unit = NULL;
    if (dn->status == DN_OK && dn->percent)
        f->unit = "%";
    else if (dn->status == DN_OK && v->money && c != v->prog_col)
        f->unit = "EUR";
    else if (dn->status == DN_OK && dn->currency)
        f->unit = "EUR"; /* "€ 248" in an indicator table: euros, with no scale */
    else if (dn->status == DN_OK && f->cell_unit[0])
        f->unit = f->cell_unit; /* "1.234 ton" */
    f->amount[0] = '\0';
    f->has_amount = dn->status == DN_OK && v->money && c != v->prog_col && !dn->percent &&
                    decimal_shift(dn->value, (int)records_scale_exp(v->scale), f->amount,
                                  sizeof(f->amount)) == 0;
    if (dn->paren[0])
        return "the number in parentheses is not part of the value (the previous year's, as "
               "Midden-Drenthe prints it); raw keeps it";
    if (dn->status == DN_OK && dn->ambiguous)
        return shape == 1 ? "read with a decimal point: its column prints decimal points (67.2)"
                          : "read as thousands: its column prints no decimal points";
    return NULL;
}

/* Write fact f; 1 when written, 0 when quarantined (also with its table). */
static int put_fact(struct out *o, const struct page_ctx *pc, const struct table_view *v,
                    const struct cell_fact *f, const char *value_note, int table_ok)
{
    struct flat_record *r = &o->fact;
    flat_record_reset(r);
    flat_record_str(r, "fact_id", f->fact_id);
    flat_record_str(r, "table_id", v->table_id);
    flat_record_str(r, "page_id", pc->page_id);
    flat_record_str(r, "document_id", pc->document_id);
    flat_record_int(r, "row", f->r);
    flat_record_int(r, "col", f->c);
    /* as the extract wrote them (a key it left out, for text that is no
     * UTF-8, is left out here too and fails the schema) */
    flat_record_json(r, "row_label", f->label);
    if (f->panel >= 0)
        flat_record_null(r, "row_code");
    else
        flat_record_json(r, "row_code", f->code);
    flat_record_str(r, "row_path", f->row_path);
    flat_record_str(
        r, "col_label",
        f->c <= v->ncols ? json_string_value(json_array_get(v->col_labels, (size_t)f->c - 1)) : "");
    if (f->period)
        flat_record_int(r, "period", f->period);
    else
        flat_record_null(r, "period");
    flat_record_str(r, "measure", f->is_label ? "other" : f->measure);
    flat_record_str(r, "raw", f->raw);
    flat_record_str_or_null(r, "value", f->dn.status == DN_OK ? f->dn.value : NULL);
    flat_record_str(r, "status", dn_status_name(f->dn.status));
    flat_record_str_or_null(r, "unit", f->unit);
    if (f->has_amount) {
        flat_record_int(r, "scale", v->scale);
        flat_record_str(r, "amount_eur", f->amount);
    } else {
        flat_record_null(r, "scale");
        flat_record_null(r, "amount_eur");
    }
    flat_record_str(r, "sign_convention", v->sign);
    flat_record_str_or_null(r, "value_note", value_note);
    /* the fact first: what is built from it is published only with it */
    if (table_ok)
        return records_put_flat(o, DS_FACTS, r);
    records_quarantine_orphan(o, DS_FACTS, flat_record_to_json(r), "table_id", "tables",
                              v->table_id);
    return 0;
}

/* The parsed cell as checks.c reads it. */
static void note_check_cell(struct check_cell *cc, const struct cell_fact *f)
{
    cc->present = 1;
    cc->status = f->dn.status;
    cc->percent = f->dn.percent;
    memcpy(cc->value, f->dn.value, sizeof(cc->value)); /* both DECIMAL_MAX, NUL inside */
    size_t al = f->has_amount ? strlen(f->amount) : 0;
    if (al >= sizeof(cc->amount_eur))
        al = 0;
    memcpy(cc->amount_eur, f->amount, al);
    cc->amount_eur[al] = '\0';
}

/* Every body cell a fact, in the extract's order, each followed by its
 * indicator and budget line; ccell (nrows x ncols) receives the parsed cells
 * of the facts written. */
static void put_cells(struct out *o, struct page_ctx *pc, struct table_view *v,
                      struct transform_counts *counts, int table_ok, struct check_cell *ccell)
{
    static const struct col_class no_class = {0, 0, "other", "gemeente", "other"};
    int *col_shape = xcalloc((size_t)v->ncols + 1, sizeof(int));
    read_col_shapes(v, col_shape);
    int cache_row = -1, cache_panel = -1;
    char *row_path = NULL;
    size_t i;
    json_t *cell;
    struct cell_fact f;
    json_array_foreach(json_object_get(v->t, "cells"), i, cell)
    {
        f.r = (int)json_integer_value(json_array_get(cell, 0));
        f.c = (int)json_integer_value(json_array_get(cell, 1));
        f.raw = json_string_value(json_array_get(cell, 2));
        if (f.r < 1 || f.r > v->nrows || !v->body[f.r])
            continue;
        int r = f.r, c = f.c;
        f.row = v->body[r];
        f.col = c <= v->ncols ? &v->cls[c] : &no_class;
        f.period = f.col->period;
        f.measure = f.col->measure;
        f.panel = -1;
        while (f.panel + 1 < v->npanel && c >= v->panel[f.panel + 1])
            f.panel++;
        f.label = json_object_get(f.row, "label");
        f.code = json_object_get(f.row, "code");
        if (f.panel >= 0) {
            f.label = json_array_get(json_object_get(f.row, "panel_labels"), (size_t)f.panel);
            f.code = NULL;
        }
        f.is_label = c <= v->stub_cols || jint(f.row, "label_col", 0) == c ||
                     jint(f.row, "code_col", 0) == c || (f.panel >= 0 && c == v->panel[f.panel]);
        if (!f.raw[0] && !(f.period || f.col->has_measure))
            continue; /* an empty cell that is not under a year or measure */
        const char *value_note = read_value(v, &f, c <= v->ncols ? col_shape[c] : 0);
        /* table_id "/r" row "c" col: table_id is shorter than 600 */
        char *q = records_add_digits(stpcpy(f.fact_id, v->table_id), "/r", r);
        *records_add_digits(q, "c", c) = '\0';
        /* what is the same for every cell of a row (and panel) is worked out once */
        if (r != cache_row) {
            free(row_path);
            row_path = records_join_path(json_object_get(f.row, "path"));
            cache_row = r;
            cache_panel = -1;
            v->row_line_group = NULL;
        }
        if (f.panel != cache_panel) {
            cache_panel = f.panel;
            v->row_line_group = NULL;
        }
        f.row_path = f.panel >= 0 ? "" : row_path;
        /* long format: the year is the row's Jaar cell */
        if (!f.period && c == v->value_col && v->year_col)
            f.period = classify_period(table_view_text(v, r, v->year_col));
        /* a value with its own year ("10 (2021)") under a column that names none */
        if (!f.period && f.dn.status == DN_OK && f.dn.period)
            f.period = f.dn.period;
        counts->facts++;
        f.fact_ok = put_fact(o, pc, v, &f, value_note, table_ok);
        if (f.fact_ok && c <= v->ncols)
            note_check_cell(&ccell[(size_t)(r - 1) * (size_t)v->ncols + (size_t)(c - 1)], &f);
        table_indicator_put(o, pc, v, &f);
        table_budget_line_put(o, pc, v, &f);
    }
    free(row_path);
    free(col_shape);
}

void table_facts_emit(struct out *o, struct page_ctx *pc, json_t *t,
                      struct transform_counts *counts)
{
    struct table_view v;
    memset(&v, 0, sizeof(v));
    v.t = t;
    snprintf(v.table_id, sizeof(v.table_id), "%s#t%d", pc->page_id, (int)jint(t, "ordinal", 0));
    v.kind = classify_table_kind(t);
    v.money = is_money_kind(v.kind);
    const char *scale_source = NULL;
    v.scale = table_scale(t, v.money, &scale_source);
    /* extract decided the sign, also from N / V in the cells (sign_source "cells") */
    v.sign = jstr(t, "sign_convention") ? jstr(t, "sign_convention") : "none_stated";
    /* the stub's columns label the rows (extract's stub_cols): no data column */
    v.stub_cols = (int)jint(t, "stub_cols", 0);
    v.col_levels = json_object_get(t, "col_levels");
    json_t *panels = json_object_get(t, "panels");
    for (size_t p = 0; p < json_array_size(panels) && v.npanel < 4; p++)
        v.panel[v.npanel++] = (int)json_integer_value(json_array_get(panels, p));
    int table_ok = put_table_record(o, pc, &v, scale_source);
    counts->tables++;
    read_columns(&v);
    read_rows(&v);

    struct check_row *crow = xcalloc((size_t)v.nrows + 1, sizeof(*crow));
    char **crow_names = xcalloc((size_t)v.nrows + 1, sizeof(*crow_names));
    struct check_cell *ccell =
        xcalloc((size_t)v.nrows * (size_t)(v.ncols ? v.ncols : 1) + 1, sizeof(*ccell));
    const char **clabel = xcalloc((size_t)v.ncols + 1, sizeof(*clabel));
    read_check_rows(&v, crow, crow_names, clabel);
    put_cells(o, pc, &v, counts, table_ok, ccell);
    struct check_table ct = {v.table_id, pc->page_id, v.money, v.stub_cols, v.nrows,
                             v.ncols,    crow,        clabel,  ccell,       0};
    checks_table(&ct, records_put_check, o);
    for (int r = 0; r < v.nrows; r++)
        free(crow_names[r]);
    free(crow_names);
    free(crow);
    free(ccell);
    free(clabel);
    free(v.cls);
    free(v.txt);
    free(v.body);
    json_decref(v.col_labels);
}
