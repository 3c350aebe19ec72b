/*
 * site.h: the portal's pages for people, static HTML with no external
 * resources, readable on a phone:
 *   {portal}/index.html                    every dataset
 *   {portal}/pages/{dataset}.html          a dataset: its current release, every release
 *   {portal}/pages/{dataset}-{version}.html one release
 * Each dataset and release page says what the data is and what the contract
 * promises in plain words, lists the downloads with sizes and SHA-256
 * checksums, the changes, a small preview of the facts and, where the dataset
 * has budget lines, a bar chart (inline SVG) of the amounts per programme.
 *
 * The pages live outside the release directories, which are never modified
 * after they are published; they are made from the portal (portal_scan.h),
 * a page only when what it shows changed (struct site_keys: describe.c keeps
 * the digests), and a file is written only when its bytes change.
 *
 * Everything taken from the source sites is escaped (& < > " '), links point
 * only at files of the portal (source URLs are shown as text), and a
 * Content-Security-Policy forbids scripts, so hostile text in a page stays text.
 */
#ifndef ODP_SITE_H
#define ODP_SITE_H

#include <jansson.h>

#include "error.h"
#include "pipeline.h"
#include "portal_scan.h"
#include "strbuf.h"

/* What each page showed when it was last written, and shows now: a page is
 * made again only when its digest (of its dataset's or release's datapackage,
 * changes, tombstone and files, the title and odp's version) is not the one
 * in was, or its file is gone. */
struct site_keys {
    json_t *was;       /* page name ("pages/X.html") -> digest, hex; may be empty */
    json_t *now;       /* filled: every page written or kept -> its digest */
    size_t made, kept; /* pages made (and written when their bytes differ), not made */
};

int site_write(const char *portal, const struct pipeline *pl, const struct portal_view *v,
               struct site_keys *keys, struct odp_error *err);

#endif
