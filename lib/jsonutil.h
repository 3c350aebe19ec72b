/*
 * jsonutil.h: jansson helpers: load a file with a located error, write a value
 * atomically, get a member of a type. JSON Lines are read and written by the
 * codec (jsonl.h), not here.
 */
#ifndef ODP_JSONUTIL_H
#define ODP_JSONUTIL_H

#include <stdio.h>

#include <jansson.h>

#include "error.h"

/* Load a JSON file; on failure err says FILE:LINE:COL. Caller json_decref()s. */
json_t *jsonutil_load_path(const char *path, struct odp_error *err);
/* Dump v (sorted keys off, indent 2) to path atomically. */
int jsonutil_write_path(const char *path, json_t *v, struct odp_error *err);

/* Convenience getters that tolerate NULL / wrong types. */
const char *jstr(json_t *obj, const char *key);
long long jint(json_t *obj, const char *key, long long dflt);

#endif
