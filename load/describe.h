/*
 * describe.h: the portal's catalogue (catalog.h) and pages (site.h), made
 * again only where what they describe changed, with output byte for byte
 * what making them all from scratch gives.
 *
 * What it keeps for that lives in {portal}/DESCRIBE_DIR (see describe.c):
 * the digest of the inputs of the last describe that finished, each page's
 * digest, and the budget-line sums of each budget_lines file by checksum.
 * Removing the folder costs one full describe, never a wrong page.
 */
#ifndef ODP_DESCRIBE_H
#define ODP_DESCRIBE_H

#include <stddef.h>

#include "error.h"
#include "pipeline.h"

#define DESCRIBE_DIR ".describe"

struct describe_stats {
    int unchanged;        /* 1: the inputs were those last described: nothing read or written */
    size_t pages_made;    /* pages made again (each written only when its bytes differ) */
    size_t pages_kept;    /* pages whose inputs had not changed: not made */
};

/* Describe the portal (catalog.jsonld, index.html, pages/) as pl says.
 * Returns 0, or an odp_code with err naming what could not be written. */
int describe_write(const char *portal, const struct pipeline *pl, struct describe_stats *st,
                   struct odp_error *err);

#endif
