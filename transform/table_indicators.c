/*
 * table_indicators.c: see table_indicators.h.
 */
#include "table_indicators.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify.h"
#include "jsonutil.h"
#include "reference.h"

/* Whose value a long-format row gives, from its Regio cell: the municipality
 * itself, Nederland, a province, a size class ("25.000 - 50.000 inwoners"), or
 * another region. */
static const char *series_of_region(const char *t, const char *municipality)
{
    if (municipality && !strcasecmp(t, municipality))
        return "gemeente";
    if (strcasestr(t, "nederland"))
        return "nederland";
    if (strcasestr(t, "provincie"))
        return "provincie";
    if (strcasestr(t, "inwoners") || strcasestr(t, "grootteklasse") || strcasestr(t, "gemeenten"))
        return "grootteklasse";
    return "regio";
}

void table_indicator_put(struct out *o, const struct page_ctx *pc, const struct table_view *v,
                         const struct cell_fact *f)
{
    const char *label = cell_fact_label(f);
    int is_group = f->row && json_is_true(json_object_get(f->row, "group"));
    /* a block of one indicator names it in its title, not in a row label */
    const char *iname = label ? label : jstr(v->t, "title");
    int c = f->c, r = f->r;
    if (strcmp(v->kind, "indicator") || !iname || f->is_label || is_group || c == v->toel_col ||
        c == v->bron_col || c == v->unit_col || f->dn.status == DN_EMPTY ||
        f->dn.status == DN_TEXT || !(f->period || f->col->has_measure))
        return;
    const char *iunit = classify_indicator_unit(iname);
    if (v->unit_col && table_view_text(v, r, v->unit_col)[0]) {
        const char *u = classify_indicator_unit(table_view_text(v, r, v->unit_col));
        iunit = u ? u : table_view_text(v, r, v->unit_col);
    }
    /* the BBV dictionary's name and unit make one key of the names municipalities
     * print for the same indicator */
    const char *canon_name = iname, *canon_unit = iunit;
    if (!reference_indicator(o->ref, iname, iunit, &canon_name, &canon_unit) || !iunit)
        canon_unit = iunit; /* a unit the page does not state is not filled in */
    struct strbuf key = STRBUF_INIT;
    char *k = classify_key(canon_name);
    strbuf_addstr(&key, k);
    free(k);
    if (canon_unit) {
        char *ku = classify_key(canon_unit);
        strbuf_addf(&key, "|%s", ku);
        free(ku);
    }
    const char *toel = v->toel_col && table_view_text(v, r, v->toel_col)[0]
                           ? table_view_text(v, r, v->toel_col)
                           : v->block_toel;
    const char *bron = v->bron_col && table_view_text(v, r, v->bron_col)[0]
                           ? table_view_text(v, r, v->bron_col)
                           : v->block_bron;
    struct flat_record *ind = &o->indicator;
    flat_record_reset(ind);
    flat_record_str(ind, "indicator_key", key.buf);
    flat_record_str(ind, "indicator_name", iname);
    flat_record_str_or_null(ind, "unit", iunit ? iunit : f->unit);
    flat_record_str_or_null(ind, "source", bron);
    flat_record_str_or_null(ind, "explanation", toel);
    flat_record_str(ind, "page_id", pc->page_id);
    flat_record_str(ind, "document_id", pc->document_id);
    flat_record_str(ind, "series",
                    v->region_col && table_view_text(v, r, v->region_col)[0]
                        ? series_of_region(table_view_text(v, r, v->region_col), pc->municipality)
                        : f->col->series);
    flat_record_str(ind, "measure", f->measure);
    if (f->period)
        flat_record_int(ind, "period", f->period);
    else
        flat_record_null(ind, "period");
    flat_record_str_or_null(ind, "value", f->dn.status == DN_OK ? f->dn.value : NULL);
    flat_record_str(ind, "raw", f->raw);
    flat_record_str(ind, "status", dn_status_name(f->dn.status));
    flat_record_str(ind, "fact_id", f->fact_id);
    records_put_derived(o, DS_INDICATORS, ind, f->fact_ok, f->fact_id);
    strbuf_release(&key);
}
