/*
 * site_internal.h: what the files of the portal's pages (load/site*.c)
 * share; the public entry is site.h's site_write(). Not included outside
 * them.
 */
#ifndef ODP_SITE_INTERNAL_H
#define ODP_SITE_INTERNAL_H

#include <jansson.h>

#include "error.h"
#include "portal_scan.h"
#include "strbuf.h"

/* ---- the parts of every page (site_page.c) ---- */

/* The page's head (title escaped) up to <main>; home is the front page's
 * address relative to the page. */
void site_page_start(struct strbuf *h, const char *title, const char *home);
/* </main>, the footer, </html>. */
void site_page_end(struct strbuf *h);
/* a JSON value as text: strings as they are (escaped), numbers as printed */
void site_esc_value(struct strbuf *sb, json_t *v);
/* n bytes as "12 bytes", "3.4 KiB", "5.6 MiB" */
void site_human_size(struct strbuf *sb, long long n);
/* what a release file is, in words, from its name */
const char *site_file_what(const char *name);
/* "What you can rely on": the data contract's promises in plain words. */
void site_contract_in_plain_words(struct strbuf *h);
/* A release's changes (CHANGES.json as read): a line (detail 0) or the
 * list of what changed (detail 1). */
void site_changes_summary(struct strbuf *h, json_t *ch, int detail);
/* Keep data as dir/name (made when missing): what the pages are made from,
 * kept for the next describe (.describe/figures, .describe/contents). Not
 * synced: a file cut short by a crash fails its own check when read and is
 * made again; a file that cannot be written is simply not kept. */
void site_keep(const char *dir, const char *name, const char *data, size_t len);
/* Write h as portal/name when its bytes differ from the file's. */
int site_write_page(const char *portal, const char *name, struct strbuf *h, struct odp_error *err);

/* ---- the chart (site_chart.c) ---- */

/* The bar chart of release r's budget lines, if any; the sums of each
 * budget_lines file are kept in {portal}/.describe/figures by its checksum. */
void site_chart(struct strbuf *h, const char *portal, const char *id,
                const struct release_view *r);

/* ---- the dataset and release pages (site_dataset.c, site_release.c) ---- */

/* The body of release r's page, appended to h. */
void site_release_body(struct strbuf *h, const char *portal, const struct dataset_view *d,
                       const struct release_view *r);
/* pages/{dataset}-{version}.html for release r of d, titled from title; body
 * is r's body when it is already made, else NULL. */
int site_release_page(const char *portal, const struct dataset_view *d,
                      const struct release_view *r, const char *title, const struct strbuf *body,
                      struct odp_error *err);
/* The body of release r as its page, written before, holds it (when the
 * page is there and made the way site_release_page makes it): 0, or -1. */
int site_release_body_from_page(const char *portal, const struct dataset_view *d,
                                const struct release_view *r, const char *title,
                                struct strbuf *body);
/* pages/{dataset}.html: the current release (cur_body, its body) and the list
 * of every release. */
int site_dataset_page(const char *portal, const struct dataset_view *d, const char *title,
                      const struct strbuf *cur_body, struct odp_error *err);

#endif
