/*
 * table_budget_lines.c: see table_budget_lines.h.
 */
#include "table_budget_lines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify.h"
#include "jsonutil.h"
#include "reference.h"

/* The programme a row group names: "Programma 2 Verkeer", "1 Veiligheid",
 * "0. Bestuur" -> its number in num; 0 for anything else, a taakveld
 * ("2.1 Verkeer en vervoer") among them. */
static int programme_of_label(const char *t, char *num, size_t nn)
{
    if (!t)
        return 0;
    const char *p = t;
    if (!strncasecmp(p, "programma ", 10))
        p += 10;
    size_t d = strspn(p, "0123456789");
    if (d == 0 || d > 3 || d >= nn)
        return 0;
    const char *q = p + d;
    if (*q == '.' && q[1] == ' ')
        q++;
    if (p == t && (*q != ' ' || !((q[1] >= 'A' && q[1] <= 'Z') || (q[1] >= 'a' && q[1] <= 'z'))))
        return 0;
    if (p != t && *q && *q != ' ' && *q != ':')
        return 0;
    snprintf(num, nn, "%ld", strtol(p, NULL, 10));
    return 1;
}

static int is_total_label(const char *t)
{
    return t && (!strncasecmp(t, "totaal", 6) || !strncasecmp(t, "subtotaal", 9));
}

/* The programme of row r's lines: its Programma cell ("0. Bestuur en
 * ondersteuning" is programme 0; a name alone stays), else a stub group or
 * group row that names one ("1 Veiligheid", "Programma 2 Verkeer"; a taakveld
 * names none, a total group is all programmes: NULL), else the page's.
 * num (nn bytes) holds a number read here. */
static const char *programme_of_row(const struct page_ctx *pc, const struct table_view *v,
                                    const struct cell_fact *f, char *num, size_t nn)
{
    const char *programme = pc->programme_number;
    if (v->prog_col && table_view_text(v, f->r, v->prog_col)[0]) {
        const char *pt = table_view_text(v, f->r, v->prog_col);
        size_t nd = strspn(pt, "0123456789");
        if (nd && nd < nn && (!pt[nd] || pt[nd] == '.' || pt[nd] == ' ')) {
            snprintf(num, nn, "%.*s", (int)nd, pt);
            programme = num;
        } else {
            programme = pt;
        }
    }
    if (!v->prog_col && f->row && f->panel < 0) { /* a panel's rows have no groups */
        json_t *path = json_object_get(f->row, "path");
        for (size_t k = json_array_size(path); k-- > 0;) {
            if (programme_of_label(json_string_value(json_array_get(path, k)), num, nn)) {
                programme = num;
                break;
            }
            if (is_total_label(json_string_value(json_array_get(path, k)))) {
                programme = NULL; /* the total of all programmes */
                break;
            }
        }
    }
    return programme;
}

void table_budget_line_put(struct out *o, struct page_ctx *pc, struct table_view *v,
                           const struct cell_fact *f)
{
    const char *label = cell_fact_label(f);
    int is_group = f->row && json_is_true(json_object_get(f->row, "group"));
    int c = f->c;
    /* a taakveld row that prints only its code takes the name of its model year */
    const char *row_code = json_string_value(f->code);
    if (!label && row_code && !strcmp(v->kind, "taakvelden"))
        label = reference_taakveld_name(o->ref, row_code, pc->year);
    if (!v->money || !label || f->is_label || is_group || c == v->prog_col || c == v->toel_col ||
        c == v->struct_col || f->dn.status == DN_TEXT || f->dn.status == DN_EMPTY ||
        !(f->period || f->col->has_measure))
        return;
    char line_key[720];
    *records_add_digits(stpcpy(line_key, v->table_id), "/r", f->r) = '\0';
    char prognum[16];
    const char *programme = programme_of_row(pc, v, f, prognum, sizeof(prognum));
    const char *structural = NULL;
    const char *tx = v->struct_col ? table_view_text(v, f->r, v->struct_col) : "";
    if (tx[0])
        structural = !strncasecmp(tx, "s", 1)   ? "structureel"
                     : !strncasecmp(tx, "i", 1) ? "incidenteel"
                                                : NULL;
    struct flat_record *bl = &o->budget_line;
    flat_record_reset(bl);
    flat_record_str(bl, "line_key", line_key);
    flat_record_str(bl, "page_id", pc->page_id);
    flat_record_str(bl, "document_id", pc->document_id);
    flat_record_str(bl, "table_id", v->table_id);
    flat_record_str_or_null(bl, "programme", programme);
    flat_record_str(bl, "line_label", label);
    if (f->panel >= 0)
        flat_record_null(bl, "line_code");
    else
        flat_record_json(bl, "line_code", f->code);
    /* a row that does not say (a taakveld, a programme) takes its column's word:
     * "lasten 2018", "Primitieve begroting > Baten" */
    if (!v->row_line_group) /* label and row_path are the row's */
        v->row_line_group = classify_line_group(label, f->row_path);
    const char *lgroup = v->row_line_group;
    if (!strcmp(lgroup, "other"))
        lgroup = f->col->line_group;
    if (!strcmp(lgroup, "other")) {
        if (!v->title_line_group)
            v->title_line_group = classify_column_line_group(jstr(v->t, "title"));
        lgroup = v->title_line_group;
    }
    flat_record_str(bl, "line_group", lgroup);
    flat_record_str(bl, "measure", f->measure);
    if (f->period)
        flat_record_int(bl, "period", f->period);
    else
        flat_record_null(bl, "period");
    flat_record_str_or_null(bl, "structural", structural);
    flat_record_str_or_null(bl, "amount_eur", f->has_amount ? f->amount : NULL);
    flat_record_str_or_null(bl, "value", f->dn.status == DN_OK ? f->dn.value : NULL);
    flat_record_int(bl, "scale", v->scale);
    flat_record_str(bl, "sign_convention", v->sign);
    flat_record_str(bl, "raw", f->raw);
    flat_record_str(bl, "fact_id", f->fact_id);
    records_put_derived(o, DS_BUDGET_LINES, bl, f->fact_ok, f->fact_id);
    const char *lg = checks_line_group(label);
    if (f->fact_ok && lg && f->has_amount)
        records_add_line(pc, f->fact_id, v->table_id, lg, f->measure, f->period, f->amount);
}
