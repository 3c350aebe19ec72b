/*
 * jsonout.h: jansson values to compact JSON text in a strbuf, byte for byte
 * what json_dumps(v, JSON_COMPACT) writes (keys in insertion order, UTF-8 kept,
 * control characters as \b \f \n \r \t or \u00XX), without json_dumps's
 * allocations and printf: the extractor writes hundreds of small records a page.
 * Strings and numbers are written by the JSON Lines codec (jsonl.h), the one
 * writer of JSON text; this adds jansson values and members of an object
 * written in pieces.
 */
#ifndef ODP_JSONOUT_H
#define ODP_JSONOUT_H

#include <jansson.h>

#include "jsonl.h"
#include "strbuf.h"

/* Append v to sb. */
void jsonout_compact(json_t *v, struct strbuf *sb);

/* Append s[0..len), which must be valid UTF-8, as a JSON string to sb. */
void jsonout_string(const char *s, size_t len, struct strbuf *sb);

/* Field writers, for records written without building them in jansson first:
 * each appends one member (key != NULL) or array element (key == NULL),
 * preceded by ',' unless it is the first in its object or array (sb ends
 * with '{' or '['). The bytes are those json_dump_compact writes of the object
 * built by the same json_object_set_new / json_array_append_new calls. */
void jsonout_key(struct strbuf *sb, const char *key); /* separator and "key": */
void jsonout_int(struct strbuf *sb, const char *key, long long v);
void jsonout_bool(struct strbuf *sb, const char *key, int v);
void jsonout_null(struct strbuf *sb, const char *key);
/* s as a string; nothing at all (no key) when s is NULL or not valid UTF-8,
 * as json_string returns NULL for it and jansson then sets nothing. */
void jsonout_str(struct strbuf *sb, const char *key, const char *s);
/* The same for s[0..len) (which may then hold a NUL). */
void jsonout_strn(struct strbuf *sb, const char *key, const char *s, size_t len);
/* The same with null for s == NULL: `s ? json_string(s) : json_null()`. */
void jsonout_str_or_null(struct strbuf *sb, const char *key, const char *s);


#endif
