/*
 * page_record.h: the page's own record in the extract format, {"type":"page",
 * title, html_title, breadcrumb, programme_number, programme_title,
 * build_stamp, parse_errors, extractor_version} (schemas/extract.schema.json),
 * and the landmarks it is read from, which the walk uses too (its content is
 * the <main>, else the <body>).
 *
 * It reads the page's frame: it does not walk the content (page.c does) and
 * writes no section, table or key figure.
 */
#ifndef ODP_PAGE_RECORD_H
#define ODP_PAGE_RECORD_H

#include <libxml/tree.h>

#include "strbuf.h"

/* The elements the page record is read from, each the first of its kind in
 * document order (main: <main> or role="main"; breadcrumb: class or id with
 * "breadcrumb"), NULL when there is none. */
struct page_landmarks {
    xmlNodePtr main, body, breadcrumb, footer, title;
};

/* Find the landmarks under root (may be NULL) in one walk that stops when it
 * has them all. */
void page_landmarks_find(xmlNodePtr root, struct page_landmarks *lm);

/* Append the page record, from '{' to its '\n', to out. h1 is the page's first
 * <h1> text (normalised) or NULL; the title is it, else the breadcrumb's last
 * part, else the <title>. root is the document's root element or NULL (the
 * build stamp is looked for in its text when the footer lacks it). */
void page_record_write(struct strbuf *out, const struct page_landmarks *lm, xmlNodePtr root,
                       const char *h1, int parse_errors);

#endif
