/*
 * release_keys.h: the keys of a release, enforced before anything is
 * published: every resource's primary key (schema x-primary-key) is unique and
 * every foreign key (x-foreign-keys: facts -> tables -> pages -> documents,
 * indicators / budget_lines / checks -> facts, ...) names a row that exists.
 *
 * While publish writes each resource (release.c), every record hands its
 * primary key and the values its foreign keys name to this checker, which
 * puts them in external sorts (extsort.h): per resource its keys, per
 * referenced resource the references to it (a run of equal references, such
 * as the table_id of every cell of one table, is kept once). At the end each
 * resource's sorted keys are merged with the sorted references to it: a key
 * equal to the one before is a duplicate, a reference that falls between two
 * keys is dangling. Memory is the sorts' budgets plus one page_id -> URL map
 * (pages are few next to facts), so an error can name the source URL of each
 * record involved.
 *
 * It does not repair anything and reports the first violation only (the
 * upstream one: resources in publish order, duplicates before references).
 */
#ifndef ODP_RELEASE_KEYS_H
#define ODP_RELEASE_KEYS_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"
#include "row_view.h"

/* A sorted stream of (key, origin) entries: next sets *got 0 at the end. */
struct release_keys_stream {
    int (*next)(void *ctx, const char **key, size_t *klen, const char **origin, size_t *olen,
                int *got, struct odp_error *err);
    void *ctx;
};

/* Merge the sorted keys of resource res (column field) with the sorted
 * references to it (refs, may be NULL; an entry's origin is
 * "CHILD\tCOLUMN\tURL"). Returns 0, or ODP_EINVAL with err naming the first
 * duplicate key and both URLs, or the first dangling reference and its URL. */
int release_keys_merge(const char *res, const char *field, struct release_keys_stream *keys,
                       struct release_keys_stream *refs, struct odp_error *err);

struct release_keys;

/* A checker whose sort files go to tmpdir, each sort with budget bytes. */
struct release_keys *release_keys_new(const char *tmpdir, size_t budget);

/* The records of resource res (with its schema) follow. */
int release_keys_begin(struct release_keys *k, const char *res, json_t *schema,
                       struct odp_error *err);

/* One published record of the current resource, its values in schema order. */
int release_keys_row(struct release_keys *k, struct row_view *rv, struct odp_error *err);

/* Every resource has been handed over: check all keys (release_keys_merge per
 * resource, in the order they were begun). */
int release_keys_check(struct release_keys *k, struct odp_error *err);

void release_keys_free(struct release_keys *k);

#endif
