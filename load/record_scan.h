/*
 * record_scan.h: a record line of records/{source}/{resource}.jsonl taken
 * apart without jansson, when it is plain enough that the result is surely
 * jansson's: one object of members whose keys and strings have no escapes,
 * whose numbers are integers in their canonical form (no "-0", no leading
 * zero, at most 18 digits) and which holds no array or object. Every such
 * line is checked as jansson checks it (UTF-8, no control characters, the
 * tokens and the white space between them, nothing after the object).
 *
 * Any other line, a bad one included, is left to jansson by the caller, so
 * values and error messages stay jansson's own. Reading the records was a
 * tenth of publish's time in json_loadb, which builds a hash table and a
 * string per value to pull out a few sort keys and write the line again.
 *
 * A member asked for by name is the last one of that key, as jansson keeps
 * the last of duplicates.
 */
#ifndef ODP_RECORD_SCAN_H
#define ODP_RECORD_SCAN_H

#include <stddef.h>

enum record_kind { REC_NULL, REC_STRING, REC_INTEGER, REC_TRUE, REC_FALSE };

struct record_member {
    const char *key; /* the key's bytes, without quotes (borrowed) */
    size_t klen;
    enum record_kind kind;
    const char *text; /* the value's JSON text, quotes included (borrowed) */
    size_t len;
};

struct record_scan {
    struct record_member *m;
    size_t n, cap;
};

#define RECORD_SCAN_INIT                                                                           \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Take line[0..len) apart into rs->m[0..rs->n): 0, or 1 when the line is not
 * one this takes (rs is then undefined). Members borrow from line. */
int record_scan_line(struct record_scan *rs, const char *line, size_t len);

/* The last member with key name (NUL-terminated), or NULL. */
const struct record_member *record_scan_get(const struct record_scan *rs, const char *name);

void record_scan_release(struct record_scan *rs);

#endif
