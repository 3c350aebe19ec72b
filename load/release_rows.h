/*
 * release_rows.h: the records of one resource, in the order a release
 * publishes them, without holding them all: each record of
 * records/{source}/{resource}.jsonl is read, reduced to its sort key and its
 * published JSON line, and put in an external sort (extsort.h). A plain line
 * (record_scan.h) is taken apart without jansson, its values' text copied as
 * they stand; any other line goes through jansson as before.
 *
 * The order is the schema's x-sort keys, compared as before: a missing or
 * null value first, integers numerically, strings by strcmp, keys in x-sort
 * order. The key is encoded so that bytes compare that way: per key a tag
 * (0 null, 1 integer, 2 string, 3 anything else), then an integer as 8
 * big-endian bytes with the sign bit flipped, a string with a NUL after it
 * (JSON strings hold none). Records are validated against their schema, so a
 * sort key never mixes types. Records with equal keys (x-sort keys are the
 * primary key, so only duplicates) are ordered by their whole line.
 */
#ifndef ODP_RELEASE_ROWS_H
#define ODP_RELEASE_ROWS_H

#include <jansson.h>

#include "error.h"
#include "extsort.h"
#include "release.h"
#include "strbuf.h"

/* Append rec's sort key by sort_keys (the schema's x-sort array) to sb. */
void release_rows_key(json_t *rec, json_t *sort_keys, struct strbuf *sb);

/* Append rec as its published JSON line (no newline): the schema's properties
 * in order, a missing one as null, byte for byte json_dumps(JSON_COMPACT). */
void release_rows_line(json_t *rec, json_t *props, struct strbuf *sb);

/* Read resource res of every source of ds into s (not finished). *text_bytes
 * receives the size of the JSON Lines text (lines and their newlines). */
int release_rows_sort(const struct release_config *cfg, const struct dataset_spec *ds,
                      const char *res, json_t *schema, struct extsort *s,
                      unsigned long long *text_bytes, struct odp_error *err);

#endif
