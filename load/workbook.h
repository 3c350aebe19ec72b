/*
 * workbook.h: the release's Excel workbook ({dataset_id}-{version}.xlsx), for
 * spreadsheet users whose Excel misreads a comma-separated file with `.`
 * decimals (Dutch Excel expects `;` and decimal commas).
 *
 * One sheet per resource, in the schema's column order, with a frozen header
 * row: a column whose Table Schema type is integer or number holds numbers
 * (the exact decimal string written as a number; one with more than 15
 * significant digits, which Excel cannot hold, stays text), every other column
 * holds text, so ids and codes ("01", "GM0150") stay as published. Text is
 * always written as a string cell, never as a formula, so a cell starting with
 * = + - @ shows as the text it is. A first sheet explains the data and lists
 * every column with its description from the schemas; a resource over Excel's
 * row limit is split over sheets "NAME (2)", ... and a text over Excel's 32,767
 * characters is cut, both with a note on that sheet (the CSV has it whole).
 *
 * Reproducible: rows are written in the caller's order, the document's created
 * time is the data's own time, and the library's zip entries carry a fixed
 * date, so the same data gives the same bytes. Written in libxlsxwriter's
 * constant-memory mode: each sheet's rows go to a temporary file as they come.
 */
#ifndef ODP_WORKBOOK_H
#define ODP_WORKBOOK_H

#include <time.h>

#include <jansson.h>

#include "error.h"
#include "row_view.h"

struct workbook;

/* Start a workbook that will be written to dir/name once finished (name may
 * be decided later, see workbook_finish). Returns NULL on failure with err set.
 * Free with workbook_finish or workbook_abort. */
struct workbook *workbook_start(const char *dir, struct odp_error *err);

/* Add one resource as its sheet(s), a row at a time: begin with the record's
 * JSON Schema (properties in column order, x-table-type, description; borrowed
 * until workbook_end_resource), add each record in order, then end it. Only
 * one resource is written at a time. */
int workbook_begin_resource(struct workbook *wb, const char *name, json_t *schema,
                            struct odp_error *err);
/* rv: the record's published line, scanned (row_view.h), values in column order. */
int workbook_add_row(struct workbook *wb, struct row_view *rv, struct odp_error *err);
void workbook_end_resource(struct workbook *wb);

struct workbook_about {
    const char *dataset_id;
    const char *title;
    const char *version;
    const char *created;  /* ISO 8601, the data's own newest change, or NULL */
    time_t created_time;  /* the same as a time (0 when unknown) */
    const char *license;
    const char *publisher;
    json_t *sources;      /* [{title, path}] as in datapackage.json */
};

/* Write the explanation sheet, close the workbook and put it in place as
 * dir/name (atomically, fsynced). Frees wb, also on failure. */
int workbook_finish(struct workbook *wb, const char *name, const struct workbook_about *about,
                    struct odp_error *err);

/* Discard an unfinished workbook. Accepts NULL. */
void workbook_abort(struct workbook *wb);

#endif
