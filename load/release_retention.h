/*
 * release_retention.h: which old releases the pipeline's retention policy
 * removes from the portal (`odp releases`, `odp prune`), and the removal.
 *
 * A pruned release is not erased: its directory datasets/{id}/{version}/ stays
 * with datapackage.json, CHANGES.json and CHANGES.md, and gains TOMBSTONE.json
 * (the version, when and why it was pruned, the release that follows it, and
 * for each of its files the kept release that has the same bytes, if any). Its
 * data files, bundles, workbook and SHA256SUMS go. No file is changed in
 * place: files are only removed, and one is added.
 *
 * A file is removed only after the tombstone is on disk, so a prune killed
 * half-way leaves a release that the portal already shows as pruned; the next
 * prune removes what is left. The release `latest` names is never pruned (the
 * next publish builds on it, and the national release's parts are the
 * municipalities' latest files).
 */
#ifndef ODP_RELEASE_RETENTION_H
#define ODP_RELEASE_RETENTION_H

#include <stddef.h>

#include "error.h"
#include "pipeline.h"

enum retention_state {
    RETENTION_LATEST, /* the release latest names */
    RETENTION_KEEP,   /* within the policy */
    RETENTION_PRUNE,  /* outside the policy, still whole */
    RETENTION_PRUNED, /* has its tombstone (files left by a killed prune are
                       * removed by retention_apply) */
};

struct retention_entry {
    char *dataset;
    char *version;
    enum retention_state state;
    long long bytes; /* the release's files now */
    long long freed; /* what pruning it frees: files with no other link */
};

struct retention_plan {
    struct retention_entry *entries; /* by dataset id, then version (oldest first) */
    size_t n;
};

/* What the policy rs does to the portal's releases. Free with
 * retention_plan_free. */
int retention_plan(const char *portal, const struct retention_settings *rs,
                   struct retention_plan *out, struct odp_error *err);
void retention_plan_free(struct retention_plan *plan);

/* The reason a release in state RETENTION_PRUNE is pruned, in words: "the
 * pipeline keeps the last 2 national releases". Caller frees. */
char *retention_reason(const struct retention_settings *rs, const char *dataset);

/* Prune every RETENTION_PRUNE release of plan (tombstone first, then its
 * files), and finish any RETENTION_PRUNED release a killed prune left with
 * files. now is the time written in the tombstones (ISO 8601 UTC). *pruned
 * receives the number of releases pruned now. */
int retention_apply(const char *portal, const struct retention_settings *rs,
                    const struct retention_plan *plan, const char *now, size_t *pruned,
                    struct odp_error *err);

#endif
