/*
 * release_install.h: put a staged release into place and announce it, the
 * last step of every publish (a municipality's release, release.c, and the
 * national one made of parts, release_union.c): one mechanism, so both keep
 * the same crash guarantee.
 *
 * The staging directory (fsynced by the caller) is renamed to
 * {dsdir}/{version}, the dataset directory fsynced, then `latest` switched by
 * renaming a new symlink over it. A crash leaves the dataset wholly at its old
 * release or wholly at the new one. A crash after the rename and before the
 * switch leaves {dsdir}/{version} in place but unannounced: the next publish
 * of the same input stages the same bytes, finds that release with the same
 * SHA256SUMS, and finishes it (switches latest) instead of failing; a release
 * with other bytes under that version is an error, never overwritten.
 */
#ifndef ODP_RELEASE_INSTALL_H
#define ODP_RELEASE_INSTALL_H

#include <stddef.h>

#include "error.h"

/* Install staging as {dsdir}/{version} and point latest at it. The staging
 * directory is gone afterwards when it succeeded (renamed, or removed when the
 * same release was already in place); on an error the caller removes it. */
int release_install(const char *staging, const char *dsdir, const char *version,
                    struct odp_error *err);

#endif
