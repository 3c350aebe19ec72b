/*
 * extsort.h: an external merge sort of (key, value) byte strings in bounded
 * memory, so that publishing a resource never holds all of its records.
 *
 * Entries are collected in a buffer of a fixed budget; a full buffer is
 * sorted and written to a temporary run file, and the runs are merged k ways
 * when the entries are read back. Keys compare as bytes (memcmp, the shorter
 * first on a common prefix); entries with equal keys are ordered by their
 * values the same way, so the order never depends on the input order or on the
 * budget: the same entries always come back in the same order.
 *
 * Run files are created in a directory the caller names and unlinked at once
 * (they live as open descriptors only), so nothing is left behind by a crash
 * and nothing appears among the caller's files. At most EXTSORT_FAN_IN runs
 * are open at a time: more are merged into one as they come.
 *
 * It does not interpret keys: callers encode what they sort by so that byte
 * order is the order they want (see release_key.h for records).
 */
#ifndef ODP_EXTSORT_H
#define ODP_EXTSORT_H

#include <stddef.h>

#include "error.h"

#define EXTSORT_FAN_IN 32
#define EXTSORT_DEFAULT_BUDGET ((size_t)64 << 20)

struct extsort;

/* The buffer budget in bytes: ODP_SORT_BUFFER from the environment when set
 * (a test hook: a few KB make many runs), else EXTSORT_DEFAULT_BUDGET. */
size_t extsort_budget(void);

/* A new, empty sorter whose run files go to tmpdir (copied). Free with
 * extsort_free. */
struct extsort *extsort_new(const char *tmpdir, size_t budget);

/* Add one entry; key and val are copied. */
int extsort_add(struct extsort *s, const void *key, size_t klen, const void *val, size_t vlen,
                struct odp_error *err);

/* Done adding: sort what is buffered and prepare the merge. */
int extsort_finish(struct extsort *s, struct odp_error *err);

/* The next entry in order: *got is 1 with *key and *val borrowed until the next
 * call, 0 at the end. Returns 0 or an odp error code with err set. */
int extsort_next(struct extsort *s, const char **key, size_t *klen, const char **val, size_t *vlen,
                 int *got, struct odp_error *err);

/* Entries added so far, and how many runs went to disk (0: all in memory). */
size_t extsort_count(const struct extsort *s);
size_t extsort_runs_written(const struct extsort *s);

/* Close and free everything. Accepts NULL. */
void extsort_free(struct extsort *s);

#endif
