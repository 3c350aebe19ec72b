/*
 * changes_head.h: what the portal pages show of a release's CHANGES.json (its
 * versions and counts, and the first few changed facts), read as a stream: a
 * release that changed a million facts has a file of hundreds of MB, and the
 * pages need a few hundred bytes of it.
 */
#ifndef ODP_CHANGES_HEAD_H
#define ODP_CHANGES_HEAD_H

#include <stddef.h>

#include <jansson.h>

/* The JSON object in the file at path, reduced to its members whose values
 * are no arrays or objects, plus "changed" (when it is an array) cut to its
 * first keep elements; for a duplicate key the last one counts, as in
 * jansson. The same as loading the file with jansson and reducing it, for
 * every file jansson loads as an object. NULL when the file cannot be read,
 * is no JSON object, or is no JSON as jansson reads it (a number jansson
 * cannot hold inside a list it passes over is not noticed). New reference;
 * the caller json_decref()s it. */
json_t *changes_head_read(const char *path, size_t keep);

#endif
