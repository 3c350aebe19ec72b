/*
 * bundle.h: one archive holding a release's files, reproducibly: entries in
 * name order, every timestamp the data's own time, owner 0:0 with no names,
 * mode 0644. Written with libarchive as .tar.zst or .zip.
 */
#ifndef ODP_BUNDLE_H
#define ODP_BUNDLE_H

#include <time.h>

#include "error.h"

enum bundle_format { BUNDLE_TAR_ZST, BUNDLE_ZIP };

/* Write dir/out_name holding dir/names[0..n) (sorted by the caller) under
 * prefix/ inside the archive, with mtime for every entry. */
int bundle_write(const char *dir, const char *out_name, const char *prefix,
                 const char *const *names, int n, time_t mtime, enum bundle_format fmt,
                 struct odp_error *err);

#endif
