/*
 * datasets.h: which datasets a publish makes and what they are called: one
 * per municipality, {cbs_code}-{slug}-pc-documenten, holding that
 * municipality's sources, and the national one, nl-gemeenten-pc-documenten,
 * made of the municipalities' releases.
 *
 * It decides names and grouping only; building and publishing a release is
 * release.h's.
 */
#ifndef ODP_DATASETS_H
#define ODP_DATASETS_H

#include <stddef.h>

#include "pipeline.h"
#include "release.h"

#define DATASETS_NATIONAL_ID "nl-gemeenten-pc-documenten"
#define DATASETS_NATIONAL_TITLE "Nederlandse gemeenten: planning- en controldocumenten"

struct datasets {
    struct dataset_spec *ds; /* the municipality datasets, by id (CBS order) */
    size_t nds;
    size_t nready; /* sources with records */
    int missing;   /* sources without (said on stderr) */
};

/* The municipality datasets of pl: its sources that have records in workdir
 * (a source without is an error on stderr, counted in missing), grouped by
 * CBS code, sorted by id. Free with datasets_release(). */
void datasets_plan(const struct pipeline *pl, const char *workdir, struct datasets *out);
void datasets_release(struct datasets *d);

#endif
