/*
 * json_dump.h: jansson values to compact JSON text in a strbuf, byte for byte
 * what json_dumps(v, JSON_COMPACT) writes (keys in insertion order, UTF-8 kept,
 * control characters as \b \f \n \r \t or \u00XX), without json_dumps's
 * allocations and printf: the extractor writes hundreds of small records a page.
 */
#ifndef ODP_JSON_DUMP_H
#define ODP_JSON_DUMP_H

#include <jansson.h>

#include "strbuf.h"

/* Append v to sb. */
void json_dump_compact(json_t *v, struct strbuf *sb);

/* Append s[0..len), which must be valid UTF-8, as a JSON string to sb. */
void json_dump_string(const char *s, size_t len, struct strbuf *sb);

#endif
