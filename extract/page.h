/*
 * page.h: one fetched page -> its extraction, as JSON Lines records:
 *   {"type":"page", title, breadcrumb, programme_number, programme_title, build_stamp, ...}
 *   {"type":"section", ordinal, heading, level, heading_path, text}
 *   {"type":"table", ordinal, xpath, rows, cols, row_kinds, col_levels, stub_cols, body, cells,
 *    legend, scale..., evidence}
 * (the whole format: schemas/extract.schema.json)
 *   {"type":"key_figure", label, amount_raw, total_raw, share_raw, scale, ...}
 *
 * Extraction depends only on the page's bytes, so its output is keyed by the
 * bytes' SHA-256 and EXTRACTOR_VERSION: an unchanged page is not extracted again.
 * Navigation, menus, breadcrumbs, headers and footers are left out of content.
 */
#ifndef ODP_PAGE_H
#define ODP_PAGE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "extract_format.h"

/* the extract format version (lib/extract_format.h), also transform's */
#define EXTRACTOR_VERSION ODP_EXTRACT_FORMAT_VERSION

struct page_counts {
    int sections;
    int tables;
    int key_figures;
    int parse_errors;
};

/* A reusable extraction context (one libxml2 HTML parser context): create one
 * per thread and use it for many pages; contexts are independent, so threads
 * may extract pages at the same time. Returns NULL when out of memory. */
struct page_extractor;
struct page_extractor *page_extractor_new(void);
void page_extractor_free(struct page_extractor *pe); /* NULL is fine */

/* Extract html (UTF-8) with pe and write the records to out. 0 or an odp_code
 * with err set. */
int page_extractor_run(struct page_extractor *pe, const char *html, size_t len, FILE *out,
                       struct page_counts *counts, struct odp_error *err);

/* The same with a context made for this one page. */
int page_extract(const char *html, size_t len, FILE *out, struct page_counts *counts,
                 struct odp_error *err);

#endif
