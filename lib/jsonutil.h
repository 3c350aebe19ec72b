/*
 * jsonutil.h: jansson helpers: load a file with a located error, write a value
 * atomically, and read JSON Lines one record at a time.
 */
#ifndef ODP_JSONUTIL_H
#define ODP_JSONUTIL_H

#include <stdio.h>

#include <jansson.h>

#include "error.h"

/* Load a JSON file; on failure err says FILE:LINE:COL. Caller json_decref()s. */
json_t *json_load_path(const char *path, struct odp_error *err);
/* Dump v (sorted keys off, indent 2) to path atomically. */
int json_write_path(const char *path, json_t *v, struct odp_error *err);

/* Read the next JSON Lines record from fp; *lineno counts lines. Returns a new
 * reference, NULL at EOF (err->code 0) or on a bad line (err set with FILE:LINE). */
json_t *jsonl_next(FILE *fp, const char *path, long *lineno, struct odp_error *err);

/* Convenience getters that tolerate NULL / wrong types. */
const char *jstr(json_t *obj, const char *key);
long long jint(json_t *obj, const char *key, long long dflt);

#endif
