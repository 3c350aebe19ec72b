/*
 * release_inputs.h: the digest of everything a dataset's release is made
 * from, so that publish can tell a release would equal the latest one without
 * building it.
 *
 * A municipality's release is a function of its member sources' record files
 * (records/{source}/NAME.jsonl), the schemas of the published resources, the
 * pipeline's settings that end up in the files (licence, publisher), the
 * dataset's id and title, the contract major and RELEASE_FORMAT (raised
 * whenever this code writes different bytes for the same records). The
 * digest is SHA-256 over all of them. A record file's own SHA-256 is cached in
 * {workdir}/publish/{source}.digest under its inode, size and modification
 * time in nanoseconds: transform replaces a record file by rename (a new
 * inode), so a stale entry cannot match, and a night with nothing changed
 * reads a stat per file instead of every record.
 *
 * It does not look at the release itself: a release someone edited in the
 * portal by hand is not noticed (releases are never changed in place).
 */
#ifndef ODP_RELEASE_INPUTS_H
#define ODP_RELEASE_INPUTS_H

#include "error.h"
#include "release.h"
#include "sha256.h"

/* Raise when the files publish writes for the same records change. */
#define RELEASE_FORMAT 1

/* The inputs digest of the municipality dataset ds (hex, out). */
int release_inputs_digest(const struct release_config *cfg, const struct dataset_spec *ds,
                          int contract_major, char out[SHA256_HEX_LEN + 1], struct odp_error *err);

#endif
