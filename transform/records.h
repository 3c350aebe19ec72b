/*
 * records.h: one source's extraction -> the contract's records
 * (DATA-CONTRACT.md): documents, pages, sections, tables, facts, indicators,
 * budget_lines, key_figures, written as JSON Lines into records/<source>/.
 *
 * Ids follow the contract's principle 5, so the same source gives the same ids
 * every night. Values are exact decimals (dutch_number.h); scale, sign
 * convention and unit are carried as data, never applied silently.
 */
#ifndef ODP_RECORDS_H
#define ODP_RECORDS_H

#include "error.h"
#include "pipeline.h"

struct transform_counts {
    int pages;
    int tables;
    int facts;
    int failed_pages;
    int unchanged;       /* the inputs equal the last run's: records kept as they are */
    char first_error[600];
};

int records_build_source(const char *workdir, const struct source *src,
                         struct transform_counts *counts, struct odp_error *err);

#endif
