/*
 * schemas.h: the project's JSON Schemas (schemas/NAME.schema.json), the single
 * source of truth for records and the pipeline file: where they are, and
 * compiled once for validating many records.
 */
#ifndef ODP_SCHEMAS_H
#define ODP_SCHEMAS_H

#include "error.h"
#include "jsonschema.h"
#include "strbuf.h"

/* The schema folder: $ODP_SCHEMA_DIR, else the installed share/odp/schemas
 * beside the executable, else the source tree's schemas/. */
void schemas_dir(struct strbuf *sb);

/* Load and compile schemas/NAME.schema.json. path (may be NULL) receives the
 * file's path. Returns NULL with err set. Free with jsonschema_free(). */
struct jsonschema *schemas_compile(const char *name, struct strbuf *path, struct odp_error *err);

#endif
