/*
 * portal_scan.h: what the portal directory holds, read back from disk: every
 * dataset under datasets/, its releases (oldest first, by version number),
 * which one `latest` names, and per release its datapackage.json, what the
 * pages show of CHANGES.json (read as a stream, never whole) and the files
 * SHA256SUMS lists with their sizes.
 *
 * The catalogue (catalog.c) and the pages for people (site.c) are built from
 * this, after the releases are in place, so they describe what is published and
 * nothing else; reading the portal instead of the run's memory also lets a
 * rerun after a crash rebuild them.
 */
#ifndef ODP_PORTAL_SCAN_H
#define ODP_PORTAL_SCAN_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

/* How many of a release's changed facts release_view keeps. */
#define PORTAL_CHANGES_KEPT 20

struct release_file {
    char *name;
    char *sha256;
    long long bytes;
};

struct release_view {
    char *version;
    json_t *package; /* datapackage.json */
    json_t *changes; /* CHANGES.json's counts and versions, and the first
                      * PORTAL_CHANGES_KEPT entries of "changed" (the lists
                      * themselves are left out), or NULL */
    struct release_file *files; /* SHA256SUMS order (by name), plus SHA256SUMS itself */
    size_t nfiles;
    json_t *tombstone; /* TOMBSTONE.json of a pruned release (release_retention.h), whose
                        * files are gone (nfiles is 0); NULL for a whole release */
};

struct dataset_view {
    char *id;
    char *latest; /* the version `latest` names, or NULL */
    struct release_view *releases; /* oldest first */
    size_t nreleases;
};

struct portal_view {
    struct dataset_view *datasets; /* by id */
    size_t ndatasets;
};

/* Read the portal. A release without a readable datapackage.json and
 * SHA256SUMS is left out (it is not a whole release). Free with
 * portal_view_free. */
int portal_scan(const char *portal, struct portal_view *out, struct odp_error *err);
void portal_view_free(struct portal_view *v);

/* The release `latest` names, or the newest; NULL when there is none. */
const struct release_view *dataset_latest(const struct dataset_view *d);

/* Call each(record, ud) for the first limit records (all when limit is 0) of
 * the zstd-compressed JSON Lines file path, in order; the record is borrowed
 * for the call. Lines that are no JSON are left out. Returns 0, or -1 when the
 * file cannot be read. */
int jsonl_zst_each(const char *path, size_t limit, void (*each)(json_t *rec, void *ud), void *ud);

/* The same with each line's text (borrowed for the call, no newline, never
 * empty), unparsed: for callers that take a few fields (record_scan.h) and
 * leave to jansson only what that does not take, as those lines are then left
 * out when jansson refuses them. */
int jsonl_zst_each_line(const char *path, void (*each)(const char *line, size_t len, void *ud),
                        void *ud);

/* The same records as a JSON array (new reference), or NULL. */
json_t *jsonl_zst_read(const char *path, size_t limit);

/* jsonl_zst_read of a release's NAME.jsonl.zst; of a pruned release the
 * documents its tombstone kept. */
json_t *release_read_records(const char *portal, const char *dataset_id, const char *version,
                             const char *name, size_t limit);

/* Write data to path atomically unless the file holds these bytes already, so
 * that a run that publishes nothing changes nothing. */
int portal_write_file(const char *path, const char *data, size_t len, struct odp_error *err);

/* Compare two MAJOR.MINOR.PATCH versions numerically (strcmp-like). */
int version_cmp(const char *a, const char *b);

#endif
