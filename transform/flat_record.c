/* flat_record.c: see flat_record.h. */
#include "flat_record.h"

#include <stdlib.h>

#include "jsonl.h"
#include "xalloc.h"

void flat_record_reset(struct flat_record *r)
{
    r->n = 0;
    r->other = 0;
}

void flat_record_release(struct flat_record *r)
{
    free(r->f);
    free(r->json);
    r->f = NULL;
    r->json = NULL;
    r->n = r->cap = 0;
    r->other = 0;
}

struct jsonschema_field *flat_record_add(struct flat_record *r, const char *key, size_t key_len)
{
    if (r->n == r->cap) {
        ALLOC_GROW(r->f, r->n + 1, r->cap);
        r->json = xrealloc(r->json, xsize_mul(r->cap, sizeof(*r->json))); /* as many */
    }
    r->json[r->n] = NULL;
    struct jsonschema_field *f = &r->f[r->n++];
    f->key = key;
    f->key_len = key_len;
    f->s = NULL;
    f->len = 0;
    return f;
}

void flat_record_json(struct flat_record *r, const char *key, json_t *v)
{
    if (!v)
        return;
    struct jsonschema_field *f = flat_record_add(r, key, strlen(key));
    r->json[r->n - 1] = v;
    switch (json_typeof(v)) {
    case JSON_STRING:
        f->kind = JSONSCHEMA_FIELD_STRING;
        f->s = json_string_value(v);
        f->len = json_string_length(v);
        break;
    case JSON_INTEGER:
        f->kind = JSONSCHEMA_FIELD_INTEGER;
        f->i = json_integer_value(v);
        break;
    case JSON_TRUE:
        f->kind = JSONSCHEMA_FIELD_TRUE;
        break;
    case JSON_FALSE:
        f->kind = JSONSCHEMA_FIELD_FALSE;
        break;
    case JSON_NULL:
        f->kind = JSONSCHEMA_FIELD_NULL;
        break;
    default:
        f->kind = JSONSCHEMA_FIELD_NULL; /* not used: the record goes the jansson way */
        r->other = 1;
    }
}

json_t *flat_record_to_json(const struct flat_record *r)
{
    json_t *o = json_object();
    for (size_t i = 0; i < r->n; i++) {
        const struct jsonschema_field *f = &r->f[i];
        json_t *v;
        if (r->json[i])
            v = json_incref(r->json[i]);
        else if (f->kind == JSONSCHEMA_FIELD_STRING)
            v = json_stringn(f->s, f->len);
        else if (f->kind == JSONSCHEMA_FIELD_INTEGER)
            v = json_integer(f->i);
        else if (f->kind == JSONSCHEMA_FIELD_TRUE)
            v = json_true();
        else if (f->kind == JSONSCHEMA_FIELD_FALSE)
            v = json_false();
        else
            v = json_null();
        json_object_setn_new(o, f->key, f->key_len, v);
    }
    return o;
}

void flat_record_write(const struct flat_record *r, struct strbuf *sb)
{
    jsonl_put_record(sb, r->f, r->n);
}
