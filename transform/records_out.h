/*
 * records_out.h: the writing side of records.c that the table modules
 * (table_facts.c, table_indicators.c, table_budget_lines.c) share: the open
 * record files of one source, the page being read, and how a record is
 * validated and written or quarantined. Internal to transform.
 *
 * It says nothing about what a record holds; the modules do.
 */
#ifndef ODP_RECORDS_OUT_H
#define ODP_RECORDS_OUT_H

#include <jansson.h>

#include "atomic_file.h"
#include "checks.h"
#include "flat_record.h"
#include "jsonschema.h"
#include "records.h"
#include "strbuf.h"

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

struct page_ctx {
    const char *document_id;
    char page_id[512];
    const char *programme_number;
    int year; /* the document's year: the widget is about it */
    const char *municipality;
    /* what the page's widget is checked against, gathered while reading it */
    struct check_line *lines;
    int nlines;
    size_t lines_cap;
    struct check_widget *widgets;
    int nwidgets;
    size_t widgets_cap;
};

/* Validate rec (taken) against its dataset's schema; write it and return 1,
 * or quarantine it with each error and return 0. */
int records_put(struct out *o, int ds, json_t *rec);
/* records_put for a flat record, without a jansson object when it can. */
int records_put_flat(struct out *o, int ds, struct flat_record *r);
/* A derived record (indicator, budget line) of the fact fact_id: written
 * like any record when its fact was (fact_ok), else quarantined with it. */
void records_put_derived(struct out *o, int ds, struct flat_record *r, int fact_ok,
                         const char *fact_id);
/* Quarantine rec (taken) because the record its field names was quarantined. */
void records_quarantine_orphan(struct out *o, int ds, json_t *rec, const char *field,
                               const char *resource, const char *key);
/* A check record (checks.h's callback; ctx is the struct out). */
void records_put_check(void *ctx, json_t *check);
/* Note a budget line the page's widget is checked against. */
void records_add_line(struct page_ctx *pc, const char *fact_id, const char *table_id,
                      const char *group, const char *measure, int period, const char *amount);

/* Append prefix and then v in decimal at p; returns the end (not terminated). */
char *records_add_digits(char *p, const char *prefix, int v);
json_t *records_jstr_or_null(const char *s);
/* The texts of a JSON array joined by " > " (the published paths); the
 * caller frees it. */
char *records_join_path(json_t *arr);
/* 3 for 1000: the power of ten of a scale. */
long records_scale_exp(long scale);

#endif
