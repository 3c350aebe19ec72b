/*
 * json_fields.h (tests): a jansson object as the fields that
 * jsonschema_validate_fields() takes, so that tests can compare its verdict
 * with jsonschema_validate()'s on the same record.
 */
#ifndef ODP_TEST_JSON_FIELDS_H
#define ODP_TEST_JSON_FIELDS_H

#include <stdlib.h>

#include <jansson.h>

#include "jsonschema.h"

/* The properties of obj as fields in *out (caller frees), or -1 when obj is
 * not an object whose values are all strings, integers, booleans or null (a
 * record the flat path never sees). Returns the number of fields. */
static inline long json_fields_of(json_t *obj, struct jsonschema_field **out)
{
    *out = NULL;
    if (!json_is_object(obj))
        return -1;
    size_t n = json_object_size(obj), i = 0;
    struct jsonschema_field *f = calloc(n + 1, sizeof(*f));
    if (!f)
        abort();
    const char *key;
    size_t klen;
    json_t *v;
    json_object_keylen_foreach(obj, key, klen, v)
    {
        f[i].key = key;
        f[i].key_len = klen;
        switch (json_typeof(v)) {
        case JSON_STRING:
            f[i].kind = JSONSCHEMA_FIELD_STRING;
            f[i].s = json_string_value(v);
            f[i].len = json_string_length(v);
            break;
        case JSON_INTEGER:
            f[i].kind = JSONSCHEMA_FIELD_INTEGER;
            f[i].i = json_integer_value(v);
            break;
        case JSON_TRUE:
            f[i].kind = JSONSCHEMA_FIELD_TRUE;
            break;
        case JSON_FALSE:
            f[i].kind = JSONSCHEMA_FIELD_FALSE;
            break;
        case JSON_NULL:
            f[i].kind = JSONSCHEMA_FIELD_NULL;
            break;
        default:
            free(f);
            return -1;
        }
        i++;
    }
    *out = f;
    return (long)n;
}

#endif
