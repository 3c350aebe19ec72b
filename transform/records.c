/* records.c: see records.h. */
#include "records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "atomic_file.h"
#include "cell_value.h"
#include "classify.h"
#include "dutch_number.h"
#include "extract_format.h"
#include "extract_reader.h"
#include "flat_record.h"
#include "fsutil.h"
#include "jsonschema.h"
#include "sha256.h"
#include "jsonutil.h"
#include "page_key.h"
#include "reference.h"
#include "strbuf.h"
#include "workdir.h"

#define EXTRACTOR_VERSION_READ ODP_EXTRACT_FORMAT_VERSION /* lib/extract_format.h */
#define TRANSFORM_VERSION 7      /* raise when the records change for the same input */

const char *const records_datasets[DS_COUNT] = {"documents", "pages",      "sections",
                                               "tables",    "facts",      "indicators",
                                               "budget_lines", "key_figures", "checks"};

struct out {
    const struct reference *ref; /* may be NULL: no normalisation */
    struct atomic_file af[DS_COUNT];
    struct atomic_file quarantine;
    struct jsonschema *const *schemas;
    struct jsonschema_errors errs;
    struct transform_counts *counts;
    struct strbuf line; /* the record being written, reused */
    /* the flat records being built, reused: a fact is still open while its
     * indicator and budget line are built and written */
    struct flat_record fact, indicator, budget_line, section;
};

/* A JSON string, escaped as json_dumps escapes it (quote, backslash, control
 * characters; UTF-8 kept as is), so the bytes are the same. */
static void add_json_string(struct strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF"; /* as jansson writes \u001F */
    strbuf_addch(sb, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        strbuf_add(sb, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': strbuf_addstr(sb, "\\\""); break;
        case '\\': strbuf_addstr(sb, "\\\\"); break;
        case '\b': strbuf_addstr(sb, "\\b"); break;
        case '\f': strbuf_addstr(sb, "\\f"); break;
        case '\n': strbuf_addstr(sb, "\\n"); break;
        case '\r': strbuf_addstr(sb, "\\r"); break;
        case '\t': strbuf_addstr(sb, "\\t"); break;
        default:
            strbuf_addstr(sb, "\\u00");
            strbuf_addch(sb, hex[c >> 4]);
            strbuf_addch(sb, hex[c & 15]);
        }
    }
    strbuf_add(sb, s + run, n - run);
    strbuf_addch(sb, '"');
}

/* A record as one compact JSON line, written directly: records are flat objects
 * of strings, integers, booleans and nulls, and json_dumps (a callback per token)
 * was a third of transform's time. Returns -1 for anything else (nested), which
 * the caller writes with json_dumps. */
static int add_flat_record(struct strbuf *sb, json_t *rec)
{
    size_t mark = sb->len;
    const char *key;
    json_t *v;
    int first = 1;
    strbuf_addch(sb, '{');
    json_object_foreach(rec, key, v) {
        if (!first)
            strbuf_addch(sb, ',');
        first = 0;
        add_json_string(sb, key, strlen(key));
        strbuf_addch(sb, ':');
        switch (json_typeof(v)) {
        case JSON_STRING:
            add_json_string(sb, json_string_value(v), json_string_length(v));
            break;
        case JSON_INTEGER: {
            /* digits by hand: printf was a tenth of the writing */
            char d[24];
            int k = (int)sizeof(d);
            json_int_t x = json_integer_value(v);
            unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
            do {
                d[--k] = (char)('0' + u % 10);
                u /= 10;
            } while (u);
            if (x < 0)
                d[--k] = '-';
            strbuf_add(sb, d + k, sizeof(d) - (size_t)k);
            break;
        }
        case JSON_TRUE: strbuf_addstr(sb, "true"); break;
        case JSON_FALSE: strbuf_addstr(sb, "false"); break;
        case JSON_NULL: strbuf_addstr(sb, "null"); break;
        default:
            strbuf_setlen(sb, mark);
            return -1;
        }
    }
    strbuf_addstr(sb, "}\n");
    return 0;
}

/* Write line (a record, or its quarantine entry) to fp; takes line. */
static void write_line(struct out *o, FILE *fp, json_t *line)
{
    strbuf_reset(&o->line);
    if (add_flat_record(&o->line, line) == 0) {
        fwrite(o->line.buf, 1, o->line.len, fp);
    } else {
        char *s = json_dumps(line, JSON_COMPACT);
        fputs(s, fp);
        fputc('\n', fp);
        free(s);
    }
    json_decref(line);
}

/* Put rec (taken) in the quarantine with errors (a JSON array, taken); the
 * first quarantined record of a source is named in its status. */
static void quarantine(struct out *o, int ds, json_t *rec, json_t *errors)
{
    if (!o->counts->quarantined++) {
        json_t *e = json_array_get(errors, 0);
        snprintf(o->counts->first_quarantine, sizeof(o->counts->first_quarantine),
                 "%s record %s: %s: %s", records_datasets[ds],
                 jstr(rec, "fact_id")   ? jstr(rec, "fact_id")
                 : jstr(rec, "table_id") ? jstr(rec, "table_id")
                 : jstr(rec, "page_id") ? jstr(rec, "page_id")
                                        : "?",
                 e ? jstr(e, "instance_path") : "", e ? jstr(e, "message") : "invalid");
    }
    struct strbuf schema_name = STRBUF_INIT;
    strbuf_addf(&schema_name, "schemas/%s.schema.json", records_datasets[ds]);
    json_t *line = json_pack("{s:s,s:s,s:o,s:o}", "dataset", records_datasets[ds], "schema",
                             schema_name.buf, "record", rec, "errors", errors);
    strbuf_release(&schema_name);
    write_line(o, o->quarantine.fp, line);
}

/* Validate rec (taken) against its dataset's schema; write it and return 1,
 * or quarantine it with each error and return 0. */
static int put(struct out *o, int ds, json_t *rec)
{
    struct jsonschema *schema = o->schemas ? o->schemas[ds] : NULL;
    if (!schema || jsonschema_validate(schema, rec, NULL)) {
        write_line(o, o->af[ds].fp, rec);
        return 1;
    }
    jsonschema_errors_release(&o->errs);
    jsonschema_validate(schema, rec, &o->errs);
    json_t *errors = json_array();
    for (size_t i = 0; i < o->errs.count; i++) {
        struct jsonschema_error *e = &o->errs.items[i];
        json_array_append_new(errors, json_pack("{s:s,s:s,s:s}", "instance_path", e->instance_ptr,
                                                "schema_path", e->schema_path, "message",
                                                e->message));
    }
    quarantine(o, ds, rec, errors);
    return 0;
}

/* Quarantine rec (taken), valid on its own, because the record its field
 * names (a budget line's or indicator's fact, a fact's table) was
 * quarantined: published, it would break the release's foreign key
 * (schemas' x-foreign-keys), which publish refuses. */
static void quarantine_orphan(struct out *o, int ds, json_t *rec, const char *field,
                              const char *resource, const char *key)
{
    char ptr[64], msg[1024];
    snprintf(ptr, sizeof(ptr), "/%s", field);
    snprintf(msg, sizeof(msg), "names %s record \"%s\", which was quarantined", resource, key);
    quarantine(o, ds, rec,
               json_pack("[{s:s,s:s,s:s}]", "instance_path", ptr, "schema_path",
                         "#/x-foreign-keys", "message", msg));
}

/* Validate a flat record and write it, without a jansson object. A record the
 * flat check does not decide, or finds invalid, goes the general way (put):
 * jsonschema_validate() decides it and reports its errors, so the verdict and
 * the quarantine's text are the same either way. */
static int put_flat(struct out *o, int ds, struct flat_record *r)
{
    struct jsonschema *schema = o->schemas ? o->schemas[ds] : NULL;
    if (!r->other && (!schema || jsonschema_validate_fields(schema, r->f, r->n) == 1)) {
        strbuf_reset(&o->line);
        flat_record_write(r, &o->line);
        fwrite(o->line.buf, 1, o->line.len, o->af[ds].fp);
        return 1;
    }
    return put(o, ds, flat_record_to_json(r));
}

/* A derived record (indicator, budget line) of the fact fact_id: written
 * like any record when its fact was, else quarantined with it. */
static void put_derived(struct out *o, int ds, struct flat_record *r, int fact_ok,
                        const char *fact_id)
{
    if (fact_ok)
        put_flat(o, ds, r);
    else
        quarantine_orphan(o, ds, flat_record_to_json(r), "fact_id", "facts", fact_id);
}

/* Append prefix and then v in decimal at p; returns the end (not terminated). */
static char *add_digits(char *p, const char *prefix, int v)
{
    while (*prefix)
        *p++ = *prefix++;
    char d[16];
    int k = (int)sizeof(d);
    unsigned u = v < 0 ? 0U - (unsigned)v : (unsigned)v;
    do {
        d[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--k] = '-';
    memcpy(p, d + k, sizeof(d) - (size_t)k);
    return p + (sizeof(d) - (size_t)k);
}

static json_t *jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static char *join_path(json_t *arr)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (sb.len)
            strbuf_addstr(&sb, " > ");
        strbuf_addstr(&sb, json_string_value(v));
    }
    return strbuf_detach(&sb, NULL);
}

/* The slug of a page URL (pages.slug, a label, not a key: page_key.h makes
 * the key): its last path segment without ".html". */
static char *url_slug(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : NULL;
    if (!p)
        return strdup("index");
    size_t n = strcspn(p, "?#");
    while (n > 1 && p[n - 1] == '/')
        n--;
    const char *s = p;
    for (size_t i = 0; i < n; i++)
        if (p[i] == '/')
            s = p + i + 1;
    size_t len = (size_t)(p + n - s);
    if (len > 5 && !strncmp(s + len - 5, ".html", 5))
        len -= 5;
    return len ? strndup(s, len) : strdup("index");
}

static const char *platform_of(const char *host, int has_stamp)
{
    if (strstr(host, "begrotingsapp.nl") || strstr(host, "begrotingonline.nl"))
        return "begrotingsapp";
    if (has_stamp || strstr(host, ".begroting-") || strstr(host, ".jaarverslag-") ||
        strstr(host, "perspectiefnota.nl") || strstr(host, "bestuursrapportage.nl") ||
        strstr(host, "voorjaarsnota.nl") || strstr(host, "najaarsnota.nl"))
        return "pid";
    return "other";
}

/* Convert a build stamp MM/DD/YYYY HH:MM:SS to ISO 8601. */
static json_t *stamp_iso(const char *s)
{
    if (!s || strlen(s) != 19)
        return json_null();
    char buf[24];
    snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2sT%.8s", s + 6, s, s + 3, s + 11);
    return json_string(buf);
}

static int is_money_kind(const char *kind)
{
    return !strcmp(kind, "budget") || !strcmp(kind, "reserves") || !strcmp(kind, "taakvelden") ||
           !strcmp(kind, "mutations");
}

static long scale_exp(long scale)
{
    int e = 0;
    while (scale >= 10) {
        scale /= 10;
        e++;
    }
    return e;
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

/* 1 when a body cell carries an N (nadeel) or V (voordeel) marker. */
static int table_uses_nv(json_t *t)
{
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(t, "cells"), i, cell) {
        const char *raw = json_string_value(json_array_get(cell, 2));
        if (!raw || (raw[0] != 'N' && raw[0] != 'V'))
            continue;
        struct dutch_number dn;
        if (dutch_number_parse(raw, DN_DOTS_THOUSANDS, &dn) == DN_OK && dn.marker)
            return 1;
    }
    return 0;
}

struct page_ctx {
    const char *document_id;
    char page_id[512];
    const char *programme_number;
    int year; /* the document's year: the widget is about it */
    const char *municipality;
    /* what the page's widget is checked against, gathered while reading it */
    struct check_line *lines;
    int nlines, lines_cap;
    struct check_widget *widgets;
    int nwidgets, widgets_cap;
};

/* A check record: counted by outcome, then validated and written like any other. */
static void put_check(void *ctx, json_t *check)
{
    struct out *o = ctx;
    const char *st = jstr(check, "status");
    if (!strcmp(st, "holds"))
        o->counts->checks.holds++;
    else if (!strcmp(st, "off"))
        o->counts->checks.off++;
    else
        o->counts->checks.not_checkable++;
    put(o, DS_CHECKS, check);
}

static void add_line(struct page_ctx *pc, const char *fact_id, const char *table_id,
                     const char *group, const char *measure, int period, const char *amount)
{
    if (pc->nlines == pc->lines_cap) {
        pc->lines_cap = pc->lines_cap ? pc->lines_cap * 2 : 16;
        pc->lines = realloc(pc->lines, (size_t)pc->lines_cap * sizeof(*pc->lines));
    }
    struct check_line *l = &pc->lines[pc->nlines++];
    snprintf(l->fact_id, sizeof(l->fact_id), "%s", fact_id);
    snprintf(l->table_id, sizeof(l->table_id), "%s", table_id);
    l->group = group;
    l->measure = measure;
    l->period = period;
    snprintf(l->amount_eur, sizeof(l->amount_eur), "%s", amount);
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

static void emit_table(struct out *o, struct page_ctx *pc, json_t *t,
                       struct transform_counts *counts)
{
    int ord = (int)jint(t, "ordinal", 0);
    char table_id[600];
    snprintf(table_id, sizeof(table_id), "%s#t%d", pc->page_id, ord);
    const char *kind = classify_table_kind(t);
    int money = is_money_kind(kind);
    const char *scale_source = NULL;
    long scale = table_scale(t, money, &scale_source);
    const char *sign = jstr(t, "sign_convention");
    if (!sign && table_uses_nv(t))
        sign = "n_is_disadvantage"; /* "N 31.393" / "V 12.000": the cells are the legend */
    if (!sign)
        sign = "none_stated";
    char *hp = join_path(json_object_get(t, "heading_path"));

    json_t *tr = json_object();
    json_object_set_new(tr, "table_id", json_string(table_id));
    json_object_set_new(tr, "page_id", json_string(pc->page_id));
    json_object_set_new(tr, "ordinal", json_integer(ord));
    json_object_set_new(tr, "title", jstr_or_null(jstr(t, "title")));
    json_object_set_new(tr, "heading_path", json_string(hp));
    json_object_set_new(tr, "kind", json_string(kind));
    json_object_set_new(tr, "scale", scale ? json_integer(scale) : json_null());
    json_object_set_new(tr, "unit", json_string(money ? "EUR" : ""));
    if (!money)
        json_object_set(tr, "unit", json_null());
    json_object_set_new(tr, "sign_convention", json_string(sign));
    json_object_set_new(tr, "sign_legend", jstr_or_null(jstr(t, "legend")));
    json_object_set_new(tr, "header_rows", json_integer(jint(t, "header_rows", 0)));
    json_object_set_new(tr, "rows", json_integer(jint(t, "rows", 0)));
    json_object_set_new(tr, "cols", json_integer(jint(t, "cols", 0)));
    json_object_set_new(tr, "source_xpath", jstr_or_null(jstr(t, "xpath")));
    json_object_set_new(tr, "scale_source", jstr_or_null(scale_source));
    int table_ok = put(o, DS_TABLES, tr);
    counts->tables++;

    json_t *kinds = json_object_get(t, "row_kinds");
    /* a column's label: its header levels joined once, as published */
    json_t *col_levels = json_object_get(t, "col_levels");
    json_t *col_labels = json_array();
    {
        size_t k;
        json_t *lv;
        json_array_foreach(col_levels, k, lv) {
            char *joined = join_path(lv);
            json_array_append_new(col_labels, json_string(joined));
            free(joined);
        }
    }
    int ncols = (int)json_array_size(col_labels);
    /* body rows by grid row */
    int nrows = (int)jint(t, "rows", 0);
    json_t **body = calloc((size_t)nrows + 1, sizeof(json_t *));
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(t, "body"), i, b) {
        long r = jint(b, "row", 0);
        if (r >= 1 && r <= nrows)
            body[r] = b;
    }
    /* the table as checks.c reads it: rows, column labels, parsed body cells */
    struct check_row *crow = calloc((size_t)nrows + 1, sizeof(*crow));
    char **crow_names = calloc((size_t)nrows + 1, sizeof(*crow_names));
    /* the stub's columns label the rows (extract's stub_cols): no data column */
    int stub_cols = (int)jint(t, "stub_cols", 0);
    struct check_cell *ccell = calloc((size_t)nrows * (size_t)(ncols ? ncols : 1) + 1, sizeof(*ccell));
    const char **clabel = calloc((size_t)ncols + 1, sizeof(*clabel));
    for (int c = 1; c <= ncols; c++)
        clabel[c - 1] = json_string_value(json_array_get(col_labels, (size_t)c - 1));
    for (int r = 1; r <= nrows; r++) {
        const char *rk = json_string_value(json_array_get(kinds, (size_t)r - 1));
        crow[r - 1].body = rk && !strcmp(rk, "body") && body[r];
        if (!crow[r - 1].body)
            continue;
        crow[r - 1].group = json_is_true(json_object_get(body[r], "group"));
        crow[r - 1].label = jstr(body[r], "label");
        crow[r - 1].code = jstr(body[r], "code");
        crow[r - 1].label_col = (int)jint(body[r], "label_col", 0);
        crow[r - 1].code_col = (int)jint(body[r], "code_col", 0);
        json_t *path = json_object_get(body[r], "path");
        size_t np = json_array_size(path);
        crow[r - 1].parent = np ? json_string_value(json_array_get(path, np - 1)) : NULL;
        crow[r - 1].depth = (int)np;
        if (crow[r - 1].label) {
            char *joined = join_path(path);
            size_t jl = strlen(joined);
            crow_names[r - 1] = malloc(jl + strlen(crow[r - 1].label) + 4);
            sprintf(crow_names[r - 1], "%s%s%s", joined, jl ? " > " : "", crow[r - 1].label);
            crow[r - 1].name = crow_names[r - 1];
            free(joined);
        }
    }
    /* what each column is about, read once per column, not once per cell */
    struct col_class {
        int period, has_measure;
        const char *measure, *series, *line_group;
    } *cls = calloc((size_t)ncols + 1, sizeof(*cls));
    for (int c = 1; c <= ncols; c++) {
        const char *l = clabel[c - 1];
        cls[c].period = classify_period(l);
        cls[c].measure = classify_measure(l);
        cls[c].has_measure = strcmp(cls[c].measure, "other") != 0;
        cls[c].series = classify_series(l);
        cls[c].line_group = classify_column_line_group(l);
    }
    static const struct col_class no_class = {0, 0, "other", "gemeente", "other"};
    /* a "Programma" column gives each budget line its programme */
    int prog_col = 0, toel_col = 0, bron_col = 0, struct_col = 0, unit_col = 0, year_col = 0,
        value_col = 0, region_col = 0;
    for (int c = 1; c <= ncols; c++) {
        const char *l = json_string_value(json_array_get(col_labels, (size_t)c - 1));
        if (!strncasecmp(l, "Eenheid", 7))
            unit_col = c;
        /* long format: Indicator | Eenheid | Jaar | Waarde (Leudal, Midden-Drenthe) */
        if (!strcasecmp(l, "Jaar"))
            year_col = c;
        if (!strcasecmp(l, "Regio"))
            region_col = c;
        if (!strncasecmp(l, "Waarde", 6))
            value_col = c;
        if ((!strcasecmp(l, "Programma") || !strcasecmp(l, "Prog.") || !strcasecmp(l, "Progr.")) &&
            c > stub_cols)
            prog_col = c;
        /* the last level of the header names the column: "Informatie indicator > Bron" */
        json_t *lv = json_array_get(col_levels, (size_t)c - 1);
        size_t nl = json_array_size(lv);
        const char *last = nl ? json_string_value(json_array_get(lv, nl - 1)) : l;
        if (!strncasecmp(last, "Toelichting", 11) || !strncasecmp(last, "Beschrijving", 12))
            toel_col = c;
        if (!strncasecmp(last, "Bron", 4))
            bron_col = c;
        if (strcasestr(l, "structureel") || strcasestr(l, "incidenteel"))
            struct_col = c;
    }

    /* the cells' text by grid position, so a row's other cells cost one look-up */
    const char **txt = calloc((size_t)nrows * (size_t)(ncols ? ncols : 1) + 1, sizeof(*txt));
    json_t *cell;
    /* how each column prints numbers: a "1.000" reads as thousands unless the
     * column's other cells use decimal points ("67.2", "2.67") and never a
     * decimal comma or two dots (research 5.5) */
    int *col_shape = calloc((size_t)ncols + 1, sizeof(int)); /* bit 1: points, bit 2: Dutch */
    json_array_foreach(json_object_get(t, "cells"), i, cell) {
        int r = (int)json_integer_value(json_array_get(cell, 0));
        int c = (int)json_integer_value(json_array_get(cell, 1));
        if (r >= 1 && r <= nrows && c >= 1 && c <= ncols && crow[r - 1].body && c > stub_cols &&
            c != crow[r - 1].label_col && c != crow[r - 1].code_col)
            col_shape[c] |= number_shape(json_string_value(json_array_get(cell, 2)));
    }
    json_array_foreach(json_object_get(t, "cells"), i, cell) {
        int r = (int)json_integer_value(json_array_get(cell, 0));
        int c = (int)json_integer_value(json_array_get(cell, 1));
        /* a cell spanning rows or columns (a rowspan'd unit, Midden-Drenthe)
         * is the text of every slot it covers */
        int rs = (int)json_integer_value(json_array_get(cell, 3));
        int cs = (int)json_integer_value(json_array_get(cell, 4));
        for (int rr = r; rr < r + (rs > 0 ? rs : 1); rr++)
            for (int c2 = c; c2 < c + (cs > 0 ? cs : 1); c2++)
                if (rr >= 1 && rr <= nrows && c2 >= 1 && c2 <= ncols)
                    txt[(size_t)(rr - 1) * (size_t)ncols + (size_t)(c2 - 1)] =
                        json_string_value(json_array_get(cell, 2));
    }
#define TXT(r, c) ((c) >= 1 && (c) <= ncols && txt[(size_t)((r) - 1) * (size_t)ncols + (size_t)((c) - 1)] \
                       ? txt[(size_t)((r) - 1) * (size_t)ncols + (size_t)((c) - 1)] : "")
    /* an indicator block states its source and explanation in rows of their own
     * ("Bron:" | "Stadspeiling, O&S"; "Toelichting:" | ...), for the whole table */
    const char *block_bron = NULL, *block_toel = NULL;
    for (int r = 1; r <= nrows; r++) {
        if (!crow[r - 1].body || !crow[r - 1].label || !crow[r - 1].label_col)
            continue;
        const char *l = crow[r - 1].label;
        int is_bron = !strncasecmp(l, "Bron", 4), is_toel = !strncasecmp(l, "Toelichting", 11);
        for (int c = crow[r - 1].label_col + 1; c <= ncols && (is_bron || is_toel); c++) {
            if (!TXT(r, c)[0])
                continue;
            if (is_bron && !block_bron)
                block_bron = TXT(r, c);
            if (is_toel && !block_toel)
                block_toel = TXT(r, c);
            break;
        }
    }
    int cache_row = -1;
    char *row_path = NULL;
    const char *row_line_group = NULL, *title_line_group = NULL;
    json_array_foreach(json_object_get(t, "cells"), i, cell) {
        int r = (int)json_integer_value(json_array_get(cell, 0));
        int c = (int)json_integer_value(json_array_get(cell, 1));
        const char *raw = json_string_value(json_array_get(cell, 2));
        const char *rk = json_string_value(json_array_get(kinds, (size_t)r - 1));
        if (!rk || strcmp(rk, "body") || r > nrows)
            continue;
        json_t *row = body[r];
        const char *col_label = c <= ncols ? json_string_value(json_array_get(col_labels, (size_t)c - 1)) : "";
        const struct col_class *cc_ = c <= ncols ? &cls[c] : &no_class;
        int period = cc_->period;
        const char *measure = cc_->measure;
        int is_label = row && (c <= stub_cols || jint(row, "label_col", 0) == c ||
                               jint(row, "code_col", 0) == c);
        if (!raw[0] && !(period || cc_->has_measure))
            continue; /* an empty cell that is not under a year or measure */
        struct dutch_number dn;
        char cell_unit[16] = "";
        if (is_label || c == toel_col || c == bron_col || c == struct_col)
            dutch_number_parse("", DN_DOTS_THOUSANDS, &dn), dn.status = raw[0] ? DN_TEXT : DN_EMPTY;
        else
            cell_value_parse(raw, c <= ncols && col_shape[c] == 1 ? DN_DOTS_DECIMAL : DN_DOTS_THOUSANDS,
                             &dn, cell_unit, sizeof(cell_unit));
        const char *value_note = NULL;
        if (dn.paren[0])
            value_note = "the number in parentheses is not part of the value (the previous year's, as "
                         "Midden-Drenthe prints it); raw keeps it";
        else if (dn.status == DN_OK && dn.ambiguous)
            value_note = c <= ncols && col_shape[c] == 1
                              ? "read with a decimal point: its column prints decimal points (67.2)"
                              : "read as thousands: its column prints no decimal points";
        char fact_id[700]; /* table_id "/r" row "c" col: table_id is shorter than 600 */
        char *q = add_digits(stpcpy(fact_id, table_id), "/r", r);
        *add_digits(q, "c", c) = '\0';
        /* what is the same for every cell of a row is worked out once */
        if (r != cache_row) {
            free(row_path);
            row_path = row ? join_path(json_object_get(row, "path")) : strdup("");
            cache_row = r;
            row_line_group = NULL;
        }
        const char *unit = NULL;
        if (dn.status == DN_OK && dn.percent)
            unit = "%";
        else if (dn.status == DN_OK && money && c != prog_col)
            unit = "EUR";
        else if (dn.status == DN_OK && dn.currency)
            unit = "EUR"; /* "€ 248" in an indicator table: euros, with no scale */
        else if (dn.status == DN_OK && cell_unit[0])
            unit = cell_unit; /* "1.234 ton" */
        char amount[160] = "";
        int has_amount = dn.status == DN_OK && money && c != prog_col && !dn.percent &&
                         decimal_shift(dn.value, (int)scale_exp(scale), amount, sizeof(amount)) == 0;
        struct flat_record *f = &o->fact;
        flat_record_reset(f);
        flat_record_str(f, "fact_id", fact_id);
        flat_record_str(f, "table_id", table_id);
        flat_record_str(f, "page_id", pc->page_id);
        flat_record_str(f, "document_id", pc->document_id);
        flat_record_int(f, "row", r);
        flat_record_int(f, "col", c);
        if (row) {
            flat_record_json(f, "row_label", json_object_get(row, "label"));
            flat_record_json(f, "row_code", json_object_get(row, "code"));
        } else {
            flat_record_null(f, "row_label");
            flat_record_null(f, "row_code");
        }
        flat_record_str(f, "row_path", row_path);
        flat_record_str(f, "col_label", col_label);
        /* long format: the year is the row's Jaar cell */
        if (!period && c == value_col && year_col)
            period = classify_period(TXT(r, year_col));
        /* a value with its own year ("10 (2021)") under a column that names none */
        if (!period && dn.status == DN_OK && dn.period)
            period = dn.period;
        if (period)
            flat_record_int(f, "period", period);
        else
            flat_record_null(f, "period");
        flat_record_str(f, "measure", is_label ? "other" : measure);
        flat_record_str(f, "raw", raw);
        flat_record_str_or_null(f, "value", dn.status == DN_OK ? dn.value : NULL);
        flat_record_str(f, "status", dn_status_name(dn.status));
        flat_record_str_or_null(f, "unit", unit);
        if (has_amount) {
            flat_record_int(f, "scale", scale);
            flat_record_str(f, "amount_eur", amount);
        } else {
            flat_record_null(f, "scale");
            flat_record_null(f, "amount_eur");
        }
        flat_record_str(f, "sign_convention", sign);
        flat_record_str_or_null(f, "value_note", value_note);
        counts->facts++;
        /* the fact first: what is built from it is published only with it */
        int fact_ok = table_ok ? put_flat(o, DS_FACTS, f)
                               : (quarantine_orphan(o, DS_FACTS, flat_record_to_json(f), "table_id",
                                                    "tables", table_id),
                                  0);
        if (fact_ok && c <= ncols) {
            struct check_cell *cc = &ccell[(size_t)(r - 1) * (size_t)ncols + (size_t)(c - 1)];
            cc->present = 1;
            cc->status = dn.status;
            cc->percent = dn.percent;
            memcpy(cc->value, dn.value, sizeof(cc->value)); /* both DECIMAL_MAX, NUL inside */
            size_t al = has_amount ? strlen(amount) : 0;
            if (al >= sizeof(cc->amount_eur))
                al = 0;
            memcpy(cc->amount_eur, amount, al);
            cc->amount_eur[al] = '\0';
        }

        const char *label = row ? jstr(row, "label") : NULL;
        int is_group = row && json_is_true(json_object_get(row, "group"));
        /* a block of one indicator names it in its title, not in a row label */
        const char *iname = label ? label : jstr(t, "title");
        if (!strcmp(kind, "indicator") && iname && !is_label && !is_group && c != toel_col &&
            c != bron_col && c != unit_col && dn.status != DN_EMPTY && dn.status != DN_TEXT &&
            (period || cc_->has_measure)) {
            const char *iunit = classify_indicator_unit(iname);
            if (unit_col && TXT(r, unit_col)[0]) {
                const char *u = classify_indicator_unit(TXT(r, unit_col));
                iunit = u ? u : TXT(r, unit_col);
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
            const char *toel = toel_col && TXT(r, toel_col)[0] ? TXT(r, toel_col) : block_toel;
            const char *bron = bron_col && TXT(r, bron_col)[0] ? TXT(r, bron_col) : block_bron;
            struct flat_record *ind = &o->indicator;
            flat_record_reset(ind);
            flat_record_str(ind, "indicator_key", key.buf);
            flat_record_str(ind, "indicator_name", iname);
            flat_record_str_or_null(ind, "unit", iunit ? iunit : unit);
            flat_record_str_or_null(ind, "source", bron);
            flat_record_str_or_null(ind, "explanation", toel);
            flat_record_str(ind, "page_id", pc->page_id);
            flat_record_str(ind, "document_id", pc->document_id);
            flat_record_str(ind, "series",
                            region_col && TXT(r, region_col)[0]
                                ? series_of_region(TXT(r, region_col), pc->municipality)
                                : cc_->series);
            flat_record_str(ind, "measure", measure);
            if (period)
                flat_record_int(ind, "period", period);
            else
                flat_record_null(ind, "period");
            flat_record_str_or_null(ind, "value", dn.status == DN_OK ? dn.value : NULL);
            flat_record_str(ind, "raw", raw);
            flat_record_str(ind, "status", dn_status_name(dn.status));
            flat_record_str(ind, "fact_id", fact_id);
            put_derived(o, DS_INDICATORS, ind, fact_ok, fact_id);
            strbuf_release(&key);
        }
        /* a taakveld row that prints only its code takes the name of its model year */
        const char *row_code = row ? jstr(row, "code") : NULL;
        if (!label && row_code && !strcmp(kind, "taakvelden"))
            label = reference_taakveld_name(o->ref, row_code, pc->year);
        if (money && label && !is_label && !is_group && c != prog_col && c != toel_col &&
            c != struct_col && dn.status != DN_TEXT && dn.status != DN_EMPTY &&
            (period || cc_->has_measure)) {
            char line_key[720];
            *add_digits(stpcpy(line_key, table_id), "/r", r) = '\0';
            const char *programme = pc->programme_number;
            const char *structural = NULL;
            char prognum[16];
            if (prog_col && TXT(r, prog_col)[0]) {
                /* "0. Bestuur en ondersteuning" is programme 0; a name alone stays */
                const char *pt = TXT(r, prog_col);
                size_t nd = strspn(pt, "0123456789");
                if (nd && nd < sizeof(prognum) && (!pt[nd] || pt[nd] == '.' || pt[nd] == ' ')) {
                    snprintf(prognum, sizeof(prognum), "%.*s", (int)nd, pt);
                    programme = prognum;
                } else {
                    programme = pt;
                }
            }
            /* a stub group or group row that names a programme ("1 Veiligheid",
             * "Programma 2 Verkeer"); a taakveld ("2.1 Verkeer") names none */
            if (!prog_col && row) {
                json_t *path = json_object_get(row, "path");
                for (size_t k = json_array_size(path); k-- > 0;) {
                    if (programme_of_label(json_string_value(json_array_get(path, k)), prognum,
                                           sizeof(prognum))) {
                        programme = prognum;
                        break;
                    }
                    if (is_total_label(json_string_value(json_array_get(path, k)))) {
                        programme = NULL; /* the total of all programmes */
                        break;
                    }
                }
            }
            const char *tx = struct_col ? TXT(r, struct_col) : "";
            if (tx[0])
                structural = !strncasecmp(tx, "s", 1)   ? "structureel"
                             : !strncasecmp(tx, "i", 1) ? "incidenteel"
                                                        : NULL;
            struct flat_record *bl = &o->budget_line;
            flat_record_reset(bl);
            flat_record_str(bl, "line_key", line_key);
            flat_record_str(bl, "page_id", pc->page_id);
            flat_record_str(bl, "document_id", pc->document_id);
            flat_record_str(bl, "table_id", table_id);
            flat_record_str_or_null(bl, "programme", programme);
            flat_record_str(bl, "line_label", label);
            if (row)
                flat_record_json(bl, "line_code", json_object_get(row, "code"));
            else
                flat_record_null(bl, "line_code");
            /* a row that does not say (a taakveld, a programme) takes its column's word:
             * "lasten 2018", "Primitieve begroting > Baten" */
            if (!row_line_group) /* label and row_path are the row's */
                row_line_group = classify_line_group(label, row_path);
            const char *lgroup = row_line_group;
            if (!strcmp(lgroup, "other"))
                lgroup = cc_->line_group;
            if (!strcmp(lgroup, "other")) {
                if (!title_line_group)
                    title_line_group = classify_column_line_group(jstr(t, "title"));
                lgroup = title_line_group;
            }
            flat_record_str(bl, "line_group", lgroup);
            flat_record_str(bl, "measure", measure);
            if (period)
                flat_record_int(bl, "period", period);
            else
                flat_record_null(bl, "period");
            flat_record_str_or_null(bl, "structural", structural);
            flat_record_str_or_null(bl, "amount_eur", has_amount ? amount : NULL);
            flat_record_str_or_null(bl, "value", dn.status == DN_OK ? dn.value : NULL);
            flat_record_int(bl, "scale", scale);
            flat_record_str(bl, "sign_convention", sign);
            flat_record_str(bl, "raw", raw);
            flat_record_str(bl, "fact_id", fact_id);
            put_derived(o, DS_BUDGET_LINES, bl, fact_ok, fact_id);
            const char *lg = checks_line_group(label);
            if (fact_ok && lg && has_amount)
                add_line(pc, fact_id, table_id, lg, measure, period, amount);
        }
    }
    free(row_path);
    struct check_table ct = {table_id, pc->page_id, money, stub_cols, nrows, ncols, crow,
                             clabel, ccell, 0};
    checks_table(&ct, put_check, o);
    for (int r = 0; r < nrows; r++)
        free(crow_names[r]);
    free(crow_names);
#undef TXT
    free(cls);
    free(col_shape);
    free(txt);
    free(crow);
    free(ccell);
    free(clabel);
    free(body);
    free(hp);
    json_decref(col_labels);
}

static void emit_key_figure(struct out *o, struct page_ctx *pc, json_t *k)
{
    json_t *jscale = json_object_get(k, "scale");
    long scale = json_is_integer(jscale) ? (long)json_integer_value(jscale) : 1;
    struct dutch_number amount, total, share;
    dutch_number_parse(jstr(k, "amount_raw"), DN_DOTS_THOUSANDS, &amount);
    dutch_number_parse(jstr(k, "total_raw") ? jstr(k, "total_raw") : "", DN_DOTS_THOUSANDS, &total);
    dutch_number_parse(jstr(k, "share_raw") ? jstr(k, "share_raw") : "", DN_DOTS_THOUSANDS, &share);
    char a[160], t[160];
    int ha = amount.status == DN_OK && !decimal_shift(amount.value, (int)scale_exp(scale), a, sizeof(a));
    int ht = total.status == DN_OK && !decimal_shift(total.value, (int)scale_exp(scale), t, sizeof(t));
    json_t *r = json_object();
    json_object_set_new(r, "page_id", json_string(pc->page_id));
    json_object_set_new(r, "document_id", json_string(pc->document_id));
    json_object_set_new(r, "ordinal", json_integer(jint(k, "ordinal", 0)));
    json_object_set_new(r, "label", json_string(jstr(k, "label")));
    json_object_set_new(r, "amount_eur", ha ? json_string(a) : json_null());
    json_object_set_new(r, "share_pct", share.status == DN_OK ? json_string(share.value) : json_null());
    json_object_set_new(r, "total_eur", ht ? json_string(t) : json_null());
    json_object_set_new(r, "raw", json_string(jstr(k, "amount_raw")));
    json_object_set_new(r, "scale", json_integer(scale));
    if (pc->nwidgets == pc->widgets_cap) {
        pc->widgets_cap = pc->widgets_cap ? pc->widgets_cap * 2 : 8;
        pc->widgets = realloc(pc->widgets, (size_t)pc->widgets_cap * sizeof(*pc->widgets));
    }
    struct check_widget *w = &pc->widgets[pc->nwidgets++];
    w->ordinal = (int)jint(k, "ordinal", 0);
    w->label = strdup(jstr(k, "label") ? jstr(k, "label") : ""); /* freed after the page's checks */
    snprintf(w->amount_eur, sizeof(w->amount_eur), "%s", ha ? a : "");
    put(o, DS_KEY_FIGURES, r);
}

/* SHA-256 over everything the records depend on: this transform's and the
 * extractor's versions, the source's settings and each page's URL, content
 * hash and fetch time, in manifest order. */
static void inputs_key(const struct source *src, json_t *man, char out[SHA256_HEX_LEN + 1])
{
    struct strbuf k = STRBUF_INIT;
    strbuf_addf(&k, "transform %d extract %d\n%s|%s|%s|%s|%s|%d|%d|%s\n", TRANSFORM_VERSION,
                EXTRACTOR_VERSION_READ, src->id, src->cbs_code, src->municipality, src->doc_type,
                src->doc_label, src->year, src->seq, src->url);
    strbuf_addf(&k, "%s|%s\n", jstr(man, "title") ? jstr(man, "title") : "",
                jstr(man, "pdf_url") ? jstr(man, "pdf_url") : "");
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(man, "pages"), i, p) {
        strbuf_addf(&k, "%s|%s|%s|%s\n", jstr(p, "url") ? jstr(p, "url") : "",
                    jstr(p, "sha256") ? jstr(p, "sha256") : "",
                    jstr(p, "content_fetched_at") ? jstr(p, "content_fetched_at") : "",
                    jstr(p, "build_stamp") ? jstr(p, "build_stamp") : "");
    }
    sha256_hex(k.buf, k.len, out);
    strbuf_release(&k);
}

int records_build_source(const char *wd, const struct source *src,
                         struct jsonschema *const *schemas, const struct reference *ref,
                         struct transform_counts *counts, struct odp_error *err)
{
    memset(counts, 0, sizeof(*counts));
    struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT;
    workdir_fetch_manifest(&path, wd, src->id);
    json_t *man = json_load_path(path.buf, err);
    if (!man) {
        strbuf_release(&path);
        return ODP_ENOTFOUND;
    }
    workdir_records_dir(&dir, wd, src->id);
    /* the same inputs give the same records: an unchanged source costs nothing */
    char inputs[SHA256_HEX_LEN + 1];
    inputs_key(src, man, inputs);
    struct strbuf key_path = STRBUF_INIT, old_key = STRBUF_INIT;
    strbuf_addf(&key_path, "%s/.inputs", dir.buf);
    struct odp_error ignore;
    if (read_file(key_path.buf, &old_key, &ignore) == 0 && !strcmp(old_key.buf, inputs)) {
        counts->unchanged = 1;
        strbuf_release(&key_path);
        strbuf_release(&old_key);
        json_decref(man);
        strbuf_release(&path);
        strbuf_release(&dir);
        return ODP_OK;
    }
    strbuf_release(&old_key);
    int rc = mkdir_p(dir.buf, err);
    struct out o;
    memset(&o, 0, sizeof(o));
    strbuf_init(&o.line, 4096);
    o.schemas = schemas;
    o.ref = ref;
    o.counts = counts;
    int opened = 0; /* files 0..opened-1 are open */
    while (!rc && opened < DS_COUNT) {
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s.jsonl", dir.buf, records_datasets[opened]);
        rc = atomic_file_open(&o.af[opened], path.buf, err);
        if (!rc) /* a page gives hundreds of small records: few, large writes */
            setvbuf(o.af[opened].fp, NULL, _IOFBF, 1 << 20);
        if (!rc)
            opened++;
    }
    struct strbuf qpath = STRBUF_INIT;
    strbuf_addf(&qpath, "%s/quarantine", wd);
    if (!rc)
        rc = mkdir_p(qpath.buf, err);
    strbuf_addf(&qpath, "/%s.jsonl", src->id);
    if (!rc)
        rc = atomic_file_open(&o.quarantine, qpath.buf, err);
    strbuf_release(&qpath);
    if (rc) {
        for (int i = 0; i < opened; i++)
            atomic_file_abort(&o.af[i]);
        strbuf_release(&o.line);
        strbuf_release(&key_path);
        json_decref(man);
        strbuf_release(&path);
        strbuf_release(&dir);
        return rc;
    }

    char *document_id = source_document_id(src);
    struct extract_reader reader = EXTRACT_READER_INIT;
    const char *first_fetched = NULL, *last_changed = NULL, *build_stamp = NULL;
    json_t *page_urls = json_object(); /* page_id -> url, to find two URLs with one key */
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(man, "pages"), i, p) {
        const char *sha = jstr(p, "sha256");
        const char *url = jstr(p, "url");
        if (!sha)
            continue;
        strbuf_reset(&path);
        workdir_extract_path(&path, wd, sha, EXTRACTOR_VERSION_READ);
        FILE *fp = fopen(path.buf, "r");
        if (!fp) {
            counts->failed_pages++;
            if (!counts->first_error[0])
                snprintf(counts->first_error, sizeof(counts->first_error),
                         "%s: not extracted (%s missing); run odp extract", url, path.buf);
            continue;
        }
        struct page_ctx pc = {document_id, "", NULL, src->year, NULL, NULL, 0, 0, NULL, 0, 0};
        pc.municipality = src->municipality;
        struct strbuf pid = STRBUF_INIT;
        strbuf_addf(&pid, "%s/", document_id);
        page_key(url ? url : "", src->url, &pid);
        /* two URLs of one document with one key (page_key.h) would publish two
         * pages under one id: the second fails, naming both */
        const char *other = jstr(page_urls, pid.buf);
        if (other || pid.len >= sizeof(pc.page_id)) {
            fclose(fp);
            counts->failed_pages++;
            if (!counts->first_error[0])
                snprintf(counts->first_error, sizeof(counts->first_error),
                         other ? "%s: page_id \"%s\" is the id of %s too (page_key.h maps both "
                                 "URLs to one key); not published"
                               : "%s: page_id \"%s\"%s is too long; not published",
                         url, pid.buf, other ? other : "");
            strbuf_release(&pid);
            continue;
        }
        json_object_set_new(page_urls, pid.buf, json_string(url));
        snprintf(pc.page_id, sizeof(pc.page_id), "%s", pid.buf);
        strbuf_release(&pid);
        char *slug = url_slug(url);
        json_t *rec, *page = NULL;
        int nsec = 0, ntab = 0;
        struct odp_error e = {0};
        json_t *programme = NULL;
        extract_reader_load(&reader, fp, path.buf, &e);
        while (!e.code && (rec = extract_reader_next(&reader, &e))) {
            const char *type = jstr(rec, "type");
            if (type && !strcmp(type, "page")) {
                page = json_incref(rec);
                programme = json_object_get(page, "programme_number");
                pc.programme_number = json_string_value(programme);
            } else if (type && !strcmp(type, "section")) {
                struct flat_record *s = &o.section;
                char *hp = join_path(json_object_get(rec, "heading_path"));
                flat_record_reset(s);
                flat_record_str(s, "page_id", pc.page_id);
                flat_record_int(s, "ordinal", jint(rec, "ordinal", 0));
                flat_record_str(s, "heading", jstr(rec, "heading"));
                flat_record_int(s, "heading_level", jint(rec, "level", 0));
                flat_record_str(s, "heading_path", hp);
                flat_record_str(s, "text", jstr(rec, "text"));
                put_flat(&o, DS_SECTIONS, s);
                free(hp);
                nsec++;
            } else if (type && !strcmp(type, "table")) {
                emit_table(&o, &pc, rec, counts);
                ntab++;
            } else if (type && !strcmp(type, "key_figure")) {
                emit_key_figure(&o, &pc, rec);
            }
            json_decref(rec);
        }
        fclose(fp);
        checks_widget(pc.page_id, pc.year, pc.widgets, pc.nwidgets, pc.lines, pc.nlines, put_check,
                      &o);
        for (int w = 0; w < pc.nwidgets; w++)
            free((char *)pc.widgets[w].label);
        free(pc.widgets);
        free(pc.lines);
        if (e.code) {
            counts->failed_pages++;
            if (!counts->first_error[0])
                snprintf(counts->first_error, sizeof(counts->first_error), "%s", e.msg);
        }
        const char *fetched = jstr(p, "content_fetched_at");
        if (fetched && (!first_fetched || strcmp(fetched, first_fetched) < 0))
            first_fetched = fetched;
        if (fetched && (!last_changed || strcmp(fetched, last_changed) > 0))
            last_changed = fetched;
        const char *stamp = page ? jstr(page, "build_stamp") : NULL;
        if (stamp && (!build_stamp || strcmp(stamp + 6, build_stamp + 6) > 0))
            build_stamp = jstr(p, "build_stamp") ? jstr(p, "build_stamp") : NULL;
        json_t *pr = json_object();
        char *bc = page ? join_path(json_object_get(page, "breadcrumb")) : strdup("");
        json_object_set_new(pr, "page_id", json_string(pc.page_id));
        json_object_set_new(pr, "document_id", json_string(document_id));
        json_object_set_new(pr, "url", json_string(url));
        json_object_set_new(pr, "slug", json_string(slug));
        json_object_set_new(pr, "title", jstr_or_null(page ? jstr(page, "title") : NULL));
        json_object_set_new(pr, "breadcrumb", json_string(bc));
        json_object_set_new(pr, "programme_number", programme ? json_incref(programme) : json_null());
        json_object_set_new(pr, "programme_title",
                            page ? json_incref(json_object_get(page, "programme_title")) : json_null());
        json_object_set_new(pr, "content_sha256", json_string(sha));
        json_object_set_new(pr, "fetched_at", jstr_or_null(fetched));
        json_object_set_new(pr, "table_count", json_integer(ntab));
        json_object_set_new(pr, "section_count", json_integer(nsec));
        put(&o, DS_PAGES, pr);
        counts->pages++;
        free(bc);
        free(slug);
        json_decref(page);
    }

    json_t *d = json_object();
    json_object_set_new(d, "document_id", json_string(document_id));
    json_object_set_new(d, "cbs_code", json_string(src->cbs_code));
    json_object_set_new(d, "municipality", json_string(src->municipality));
    json_object_set_new(d, "doc_type", json_string(src->doc_type));
    json_object_set_new(d, "doc_label", json_string(src->doc_label));
    json_object_set_new(d, "year", json_integer(src->year));
    json_object_set_new(d, "seq", src->seq ? json_integer(src->seq) : json_null());
    json_object_set_new(d, "site_url", json_string(src->url));
    json_object_set_new(d, "platform", json_string(platform_of(src->host, build_stamp != NULL)));
    json_object_set_new(d, "title", jstr_or_null(jstr(man, "title")));
    json_object_set_new(d, "pdf_url", jstr_or_null(jstr(man, "pdf_url")));
    json_object_set_new(d, "build_stamp", stamp_iso(build_stamp));
    json_object_set_new(d, "page_count", json_integer(counts->pages));
    json_object_set_new(d, "first_fetched_at", jstr_or_null(first_fetched));
    json_object_set_new(d, "last_changed_at", jstr_or_null(last_changed));
    put(&o, DS_DOCUMENTS, d);

    for (int k = 0; k < DS_COUNT; k++) {
        int r2 = rc ? (atomic_file_abort(&o.af[k]), rc) : atomic_file_commit(&o.af[k], err);
        if (r2 && !rc)
            rc = r2;
    }
    int qrc = rc ? (atomic_file_abort(&o.quarantine), rc) : atomic_file_commit(&o.quarantine, err);
    if (qrc && !rc)
        rc = qrc;
    jsonschema_errors_release(&o.errs);
    strbuf_release(&o.line);
    extract_reader_release(&reader);
    flat_record_release(&o.fact);
    flat_record_release(&o.indicator);
    flat_record_release(&o.budget_line);
    flat_record_release(&o.section);
    /* the key last, once every record file is in place; pages that failed to
     * extract leave no key, so the next run tries them again */
    if (!rc && !counts->failed_pages)
        rc = atomic_write(key_path.buf, inputs, strlen(inputs), err);
    strbuf_release(&key_path);
    free(document_id);
    json_decref(page_urls);
    json_decref(man);
    strbuf_release(&path);
    strbuf_release(&dir);
    return rc;
}
