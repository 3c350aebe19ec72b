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

#include "error.h"
#include "pipeline.h"

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
};

int release_publish(const struct release_config *cfg, const struct dataset_spec *ds,
                    struct release_result *res, struct odp_error *err);

#endif
