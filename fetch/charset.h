/*
 * charset.h: fetched pages as UTF-8. The charset comes from the Content-Type
 * header, else from <meta charset> / <meta http-equiv> in the first 4 KiB;
 * without either, valid UTF-8 is taken as UTF-8 and anything else as
 * Windows-1252 (what browsers do for Dutch pages). Bytes that are invalid in
 * the charset become U+FFFD and are counted, never silently dropped.
 */
#ifndef ODP_CHARSET_H
#define ODP_CHARSET_H

#include <stddef.h>

#include "strbuf.h"

/* The declared charset, lower-cased, into out ("" when none is declared). */
void charset_detect(const char *content_type, const char *body, size_t len, char *out, size_t n);

/* Convert in (declared charset cs, "" when unknown) to UTF-8 into out.
 * *used receives the charset used; *invalid counts replaced bytes.
 * Returns 0, or -1 when the charset is unknown to iconv (out then holds the
 * bytes with invalid UTF-8 replaced). */
int charset_to_utf8(const char *cs, const char *in, size_t len, struct strbuf *out,
                    const char **used, long *invalid);

#endif
