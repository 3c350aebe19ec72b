/*
 * records.h: one source's extraction -> the contract's records
 * (DATA-CONTRACT.md): documents, pages, sections, tables, facts, indicators,
 * budget_lines, key_figures, checks, written as JSON Lines into records/<source>/.
 *
 * Ids follow the contract's principle 5, so the same source gives the same ids
 * every night. Values are exact decimals (dutch_number.h); scale, sign
 * convention and unit are carried as data, never applied silently.
 */
#ifndef ODP_RECORDS_H
#define ODP_RECORDS_H

#include "checks.h"
#include "error.h"
#include "pipeline.h"

enum { DS_DOCUMENTS, DS_PAGES, DS_SECTIONS, DS_TABLES, DS_FACTS, DS_INDICATORS, DS_BUDGET_LINES,
       DS_KEY_FIGURES, DS_CHECKS, DS_COUNT };
/* The dataset names, in the order above ("documents", ...). */
extern const char *const records_datasets[DS_COUNT];

struct jsonschema;

struct transform_counts {
    int pages;
    int tables;
    int facts;
    int failed_pages;
    int unchanged;       /* the inputs equal the last run's: records kept as they are */
    int quarantined;     /* records that failed their schema: not published */
    struct check_counts checks; /* the source's own arithmetic, by outcome */
    char first_quarantine[600];
    char first_error[600];
};

/* Build the records of src. Every record is validated against schemas[dataset]
 * (compiled once by the caller; NULL skips a dataset's validation); ref (may be
 * NULL) names indicators and taakvelden from the reference data; a record
 * that fails goes to WORKDIR/quarantine/<source>.jsonl with each error
 * (instance pointer, schema path, message) and is not written. */
struct reference;
int records_build_source(const char *workdir, const struct source *src,
                         struct jsonschema *const *schemas, const struct reference *ref,
                         struct transform_counts *counts, struct odp_error *err);

#endif
