/*
 * flat_record.h: a record of the data contract as a list of (key, value)
 * fields, built, validated and written without a jansson object.
 *
 * Facts and budget lines are nine tenths of transform's records, and each is
 * a flat object of strings, integers and nulls. Building it as a jansson
 * object (one allocation per key and per value), walking it to validate it,
 * walking it again to write it and freeing it cost more than everything else
 * transform does to a record. A flat_record holds borrowed pointers instead,
 * is validated by jsonschema_validate_fields() and written straight to text;
 * flat_record_to_json() builds the jansson object for the rare record that
 * the flat path does not decide (an invalid one, for its error report).
 *
 * The setters keep json_object_set_new()'s behaviour for what transform
 * passes it, so that both paths give the same record: a string that is NULL
 * or not valid UTF-8 (json_string() returns NULL) leaves the key out, and so
 * does a NULL jansson value. Keys must be distinct (no setter replaces).
 *
 * Ownership: the record borrows every key and value; they must outlive its
 * use. One flat_record is reused for every record: flat_record_reset().
 */
#ifndef ODP_FLAT_RECORD_H
#define ODP_FLAT_RECORD_H

#include <stddef.h>
#include <string.h>

#include <jansson.h>

#include "jsonout.h"
#include "jsonschema.h"
#include "strbuf.h"

struct flat_record {
    struct jsonschema_field *f;
    json_t **json; /* per field: the jansson value it came from (flat_record_json), or NULL */
    size_t n, cap;
    int other; /* a value that is not a string, integer, boolean or null: not flat */
};

#define FLAT_RECORD_INIT                                                                           \
    {                                                                                              \
        NULL, NULL, 0, 0, 0                                                                        \
    }

void flat_record_reset(struct flat_record *r);
void flat_record_release(struct flat_record *r);

/* The next field, uninitialised but for its key. */
struct jsonschema_field *flat_record_add(struct flat_record *r, const char *key, size_t key_len);

/* json_string(s): left out when s is NULL or not UTF-8. */
static inline void flat_record_str(struct flat_record *r, const char *key, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (!s || !jsonl_utf8_valid(s, len))
        return;
    struct jsonschema_field *f = flat_record_add(r, key, strlen(key));
    f->kind = JSONSCHEMA_FIELD_STRING;
    f->s = s;
    f->len = len;
}

/* s ? json_string(s) : json_null() */
static inline void flat_record_str_or_null(struct flat_record *r, const char *key, const char *s)
{
    if (s) {
        flat_record_str(r, key, s);
        return;
    }
    flat_record_add(r, key, strlen(key))->kind = JSONSCHEMA_FIELD_NULL;
}

static inline void flat_record_null(struct flat_record *r, const char *key)
{
    flat_record_add(r, key, strlen(key))->kind = JSONSCHEMA_FIELD_NULL;
}

static inline void flat_record_int(struct flat_record *r, const char *key, long long i)
{
    struct jsonschema_field *f = flat_record_add(r, key, strlen(key));
    f->kind = JSONSCHEMA_FIELD_INTEGER;
    f->i = i;
}

/* json_incref(v) of a borrowed value: left out when v is NULL. */
void flat_record_json(struct flat_record *r, const char *key, json_t *v);

/* The record as a new jansson object (caller json_decref()s). */
json_t *flat_record_to_json(const struct flat_record *r);

/* Append the record as one line of compact JSON, byte for byte what
 * json_dumps(flat_record_to_json(r), JSON_COMPACT) and a '\n' give. Only for a
 * record without other values (r->other 0). */
void flat_record_write(const struct flat_record *r, struct strbuf *sb);

#endif
