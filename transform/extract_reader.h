/*
 * extract_reader.h: the records of one extract output file (JSON Lines), one
 * at a time, as jansson values: what json_loadb() gives of each non-empty
 * line, faster.
 *
 * The file is read whole (a page's extraction is tens of kilobytes) and each
 * line is read by the JSON Lines codec (jsonl.h), from whose spans the jansson
 * values are built directly, instead of json_loadb()'s lexer, which reads a
 * byte at a time through a callback and was a fifth of transform's time. The
 * codec takes the JSON extract writes (objects, arrays, strings, integers,
 * true, false, null); any line it does not take whole (a real number, a
 * syntax error) is parsed again by json_loadb(), so the values, and the error
 * text of a bad line, are jansson's own.
 *
 * Ownership: the reader owns its buffer; each record returned is a new
 * reference the caller json_decref()s.
 */
#ifndef ODP_EXTRACT_READER_H
#define ODP_EXTRACT_READER_H

#include <stdio.h>

#include <jansson.h>

#include "error.h"
#include "strbuf.h"

struct extract_reader {
    struct strbuf buf;     /* the whole file */
    struct strbuf scratch; /* a string with escapes, unescaped */
    size_t pos;
    long lineno;
    const char *path;
};

#define EXTRACT_READER_INIT                                                                        \
    {                                                                                              \
        STRBUF_INIT, STRBUF_INIT, 0, 0, NULL                                                       \
    }

/* Read fp (opened on path, which is kept for messages) to its end. Returns an
 * odp_code; the reader may be loaded again for the next file. */
int extract_reader_load(struct extract_reader *r, FILE *fp, const char *path,
                        struct odp_error *err);

/* The next record: a new reference, NULL at the end (err->code 0) or on a bad
 * line (err set to "PATH:LINE: what json_loadb says"). */
json_t *extract_reader_next(struct extract_reader *r, struct odp_error *err);

void extract_reader_release(struct extract_reader *r);

#endif
