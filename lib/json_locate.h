/*
 * json_locate.h: the line of JSON text a JSON Pointer (RFC 6901) points to,
 * so that an error about a value (a schema error, a bad pipeline setting) is
 * reported as FILE:LINE. jansson gives lines for syntax errors only.
 *
 * It reads the text with the JSON Lines codec (jsonl.h) as it stands, keys
 * unescaped before they are compared; it does not check the text (it was
 * loaded by jansson first) and gives a best effort on text that is no JSON.
 */
#ifndef ODP_JSON_LOCATE_H
#define ODP_JSON_LOCATE_H

#include <stddef.h>

#include "strbuf.h"

/* The line (first_line for the text's first) where the value ptr points to
 * starts in text[0..len). When the pointer goes further than the text does
 * (a member or element that is not there), the line of the last value on its
 * way that is there: the object or array that lacks it. */
long json_locate_line(const char *text, size_t len, const char *ptr, long first_line);

/* The lines where the first max elements of the array ptr points to start,
 * in lines[0..n), in one pass; returns n (0 when ptr points to no array). */
size_t json_locate_elements(const char *text, size_t len, const char *ptr, long first_line,
                            long *lines, size_t max);

/* Append '/' and token to sb as a JSON Pointer's reference token ('~' as
 * "~0", '/' as "~1"). */
void json_pointer_append(struct strbuf *sb, const char *token);

#endif
