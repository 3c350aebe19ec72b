/*
 * release.h: build and publish one dataset release atomically.
 *
 * A release is built in a staging directory inside the portal
 * (datasets/{id}/.staging-PID), every file written via atomic_file (fsync),
 * then the directory is renamed to datasets/{id}/{version} and `latest` (a
 * symlink) plus latest.json are switched by rename. A crash leaves the portal
 * wholly old or wholly new; a stale staging directory is removed by the next
 * run. Data files hold no run time, rows are sorted by their ids, so the same
 * input gives byte-identical files, and a run whose data equals the latest
 * release publishes nothing.
 */
#ifndef ODP_RELEASE_H
#define ODP_RELEASE_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"
#include "pipeline.h"
#include "strbuf.h"

struct dataset_spec {
    char *id;    /* GM0150-deventer-pc-documenten, nl-gemeenten-pc-documenten */
    char *title; /* a human title */
    const struct source **sources;
    size_t nsources;
};

struct release_config {
    const char *portal;
    const char *workdir;
    const char *schema_dir;
    const struct pipeline *pipeline;
};

struct release_result {
    int published;    /* 0: data unchanged, nothing published */
    char version[32]; /* the new (or unchanged latest) version */
    char path[1024];  /* the release directory */
    long facts;
    long rows_total;
    int key_violation; /* failed: a primary key twice or a foreign key dangling */
    int inputs_unchanged; /* nothing built: the latest release has these inputs */
};

/* Publish the release of the municipality dataset ds; nothing is built when
 * the latest release was made from the same inputs (release_inputs.h). */
int release_publish(const struct release_config *cfg, const struct dataset_spec *ds,
                    struct release_result *res, struct odp_error *err);

/* Replace each file in staging that the release in prev_dir has with the
 * same SHA-256 (both SHA256SUMS) by a hard link to that file. */
int release_share_unchanged(const char *staging, const char *prev_dir, struct odp_error *err);

/* Write dsdir/latest.json (atomic): the dataset, the version `latest` names
 * and the digest of the inputs it was made from (NULL: none). */
int release_write_latest_json(const char *dsdir, const char *id, const char *version,
                              const char *inputs, struct odp_error *err);

/* Publish the national dataset ds from the latest releases of the
 * municipality datasets member_ids (in CBS order): release_union.c. */
int release_publish_union(const struct release_config *cfg, const struct dataset_spec *ds,
                          char *const *member_ids, size_t nmembers, struct release_result *res,
                          struct odp_error *err);

/* Shared by release.c and release_union.c. */
#define CONTRACT_MAJOR 2 /* the version of DATA-CONTRACT.md the records follow */
extern const char *const release_resources[];                  /* NULL-terminated */
extern const char *const release_contract_notes[CONTRACT_MAJOR + 1];
int release_contract_major(void);
int release_major_of(const char *v);
void release_next_version(const char *prev, long added, long removed, long changed, char *out,
                          size_t n);
json_t *release_table_schema(json_t *schema); /* new reference */
void release_remove_stale_staging(const char *dsdir);

/* The line "SHA-256  name" that sums (a SHA256SUMS text) holds for name, or
 * NULL; it points into sums. */
const char *release_sum_line(const struct strbuf *sums, const char *name);

#endif
