/*
 * release_changes.h: what changed in the facts since the previous release
 * (CHANGES.json for programs, CHANGES.md for people), in bounded memory.
 *
 * The new facts are handed over one at a time in publish order; the previous
 * release's facts are read from its facts.jsonl.zst as a stream. Both are
 * sorted by fact_id on disk (extsort.h) and merged: a fact only in the new
 * release is added, only in the old one removed, in both with another status,
 * value or raw changed. Added and changed facts are listed in publish order,
 * removed ones by fact_id, as before; CHANGES.json is written entry by entry.
 * A previous release whose facts cannot be read counts as none (a first
 * release). A fact_id twice in the previous release counts once.
 */
#ifndef ODP_RELEASE_CHANGES_H
#define ODP_RELEASE_CHANGES_H

#include <jansson.h>

#include "error.h"
#include "row_view.h"

struct release_changes;

/* Sort files go to tmpdir; budget is each sort's buffer. When track is 0
 * (there is no previous release) facts are only counted. Free with
 * release_changes_free. */
struct release_changes *release_changes_new(const char *tmpdir, size_t budget, int track);

/* The next fact of the new release, in publish order: its fact_id (NULL when
 * not a string) and its status, value and raw as they stand in its published
 * line (NULL when the schema has no such property). All borrowed. */
int release_changes_add_fact(struct release_changes *c, const char *id,
                             const struct row_value *status, const struct row_value *value,
                             const struct row_value *raw, struct odp_error *err);

/* Compare with the previous release in prev_dir (prev_version NULL: none). */
int release_changes_compute(struct release_changes *c, const char *prev_version,
                            const char *prev_dir, struct odp_error *err);

/* The same against the facts of several files of the previous release (the
 * parts of a national release that changed); a file that cannot be read
 * counts as empty. */
int release_changes_compute_files(struct release_changes *c, const char *prev_version,
                                  const char *const *prev_files, size_t nfiles,
                                  struct odp_error *err);

/* The number of facts the release holds in all, when more than were handed
 * over (the national release hands over its changed parts only). */
void release_changes_set_total(struct release_changes *c, long total);

/* The counts, once computed. */
long release_changes_added(const struct release_changes *c);
long release_changes_removed(const struct release_changes *c);
long release_changes_changed(const struct release_changes *c);

/* A sentence that says why this release is what it is beyond its facts (a
 * new contract version and what changed in it), written as "note" in
 * CHANGES.json (null without one) and as a paragraph of CHANGES.md. Copied;
 * NULL for none. */
void release_changes_set_note(struct release_changes *c, const char *note);

/* Write dir/CHANGES.json and dir/CHANGES.md (atomic files) for the release
 * version of dataset_id. Once only. */
int release_changes_write(struct release_changes *c, const char *dir, const char *dataset_id,
                          const char *version, struct odp_error *err);

void release_changes_free(struct release_changes *c);

#endif
