/*
 * jsonschema.h: a JSON Schema validator (draft 2020-12 and draft-07) on
 * jansson and PCRE2.
 *
 * A schema is compiled once (references resolved, regular expressions
 * compiled) into a struct jsonschema that then validates many instances
 * without allocating, unless an instance is invalid and errors are collected,
 * or the schema uses unevaluatedProperties/unevaluatedItems.
 *
 * References are never fetched from the network: every URI a schema refers
 * to must be in a struct jsonschema_registry, added as a document or served
 * from a local folder mapped to a URI prefix.
 *
 * Typical use:
 *
 *     struct jsonschema_registry *reg = jsonschema_registry_new();
 *     jsonschema_registry_add_metaschemas(reg, "/path/json-schema-metaschemas", &err);
 *     struct jsonschema *s = jsonschema_compile(reg, schema_json, "file:///x.json", NULL, &err);
 *     struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
 *     if (!jsonschema_validate(s, instance, &errs)) ... errs.items[i] ...
 *     jsonschema_errors_release(&errs);
 *     jsonschema_free(s);
 *     jsonschema_registry_free(reg);
 *
 * Thread safety: a registry and a compiled schema are used by one thread at a
 * time (validation reuses one PCRE2 match buffer kept in the schema). Compile
 * one schema per thread to validate in parallel.
 */
#ifndef ODP_JSONSCHEMA_H
#define ODP_JSONSCHEMA_H

#include <stddef.h>

#include <jansson.h>

#include "error.h"

/* ---- registry: where references are looked up ---------------------------- */

struct jsonschema_registry;

/* A new empty registry; free with jsonschema_registry_free(). Never NULL. */
struct jsonschema_registry *jsonschema_registry_new(void);
/* Frees the registry and every document it holds; accepts NULL. */
void jsonschema_registry_free(struct jsonschema_registry *reg);

/* Add doc under uri (a fragment, if any, is dropped). The registry takes its
 * own reference (json_incref); the caller keeps theirs. Returns an odp_code. */
int jsonschema_registry_add(struct jsonschema_registry *reg, const char *uri, json_t *doc,
                            struct odp_error *err);

/* Serve every URI that starts with prefix from the folder dir: the rest of the
 * URI is a path under dir, tried as is and with ".json" added. Files are read
 * when first referenced. Returns an odp_code. */
int jsonschema_registry_map(struct jsonschema_registry *reg, const char *prefix, const char *dir,
                            struct odp_error *err);

/* Register the official meta-schemas by their $id from a copy of them:
 * dir/2020-12/schema.json, dir/2020-12/meta/ (every .json) and dir/draft-07/schema.json.
 * Returns an odp_code (ODP_ENOTFOUND when dir holds none of them). */
int jsonschema_registry_add_metaschemas(struct jsonschema_registry *reg, const char *dir,
                                        struct odp_error *err);

/* ---- compiling ------------------------------------------------------------ */

enum jsonschema_draft {
    JSONSCHEMA_DRAFT_2020_12 = 2020,
    JSONSCHEMA_DRAFT_2019_09 = 2019,
    JSONSCHEMA_DRAFT_7 = 7,
};

struct jsonschema_options {
    /* Draft for schemas without $schema (default 2020-12). */
    enum jsonschema_draft default_draft;
    /* Treat "format" as an assertion (default: annotation only). */
    int format_assert;
    /* Validate the schema against its meta-schema first (which must be in the
     * registry); compile fails with ODP_EINVAL when it does not conform. */
    int check_metaschema;
    /* Limits: nested validation depth (default 256) and errors collected per
     * call (default 100). */
    int max_depth;
    size_t max_errors;
};

struct jsonschema;

/* Compile schema (a JSON object or boolean) whose retrieval URI is base_uri
 * (NULL or "" when it has none). The result takes its own reference to schema.
 * opts may be NULL (the defaults above). The registry is used only during
 * this call (documents it lends are referenced), so it may be freed first.
 * Returns NULL with err set when the schema cannot be compiled (bad keyword
 * value, unresolvable $ref, invalid regex, meta-schema violation).
 * Free with jsonschema_free(). */
struct jsonschema *jsonschema_compile(struct jsonschema_registry *reg, json_t *schema,
                                      const char *base_uri, const struct jsonschema_options *opts,
                                      struct odp_error *err);

/* Frees a compiled schema; accepts NULL. */
void jsonschema_free(struct jsonschema *s);

/* ---- validating ----------------------------------------------------------- */

struct jsonschema_error {
    char *instance_ptr; /* JSON Pointer into the instance, "" for the root */
    char *schema_path;  /* keyword location, e.g. "#/properties/value/pattern" */
    char *message;      /* one sentence, e.g. "\"6,3\" does not match ^-?[0-9]+$" */
};

/* Errors collected by one or more validations. Initialise with
 * JSONSCHEMA_ERRORS_INIT; the struct owns items and their strings; release
 * with jsonschema_errors_release() (which leaves it empty and reusable). */
struct jsonschema_errors {
    struct jsonschema_error *items;
    size_t count;
    size_t alloc;
    size_t dropped; /* errors not kept because of max_errors */
};
#define JSONSCHEMA_ERRORS_INIT                                                                     \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

void jsonschema_errors_release(struct jsonschema_errors *errs);

/* Validate instance against s. Returns 1 when valid, 0 when not. When out is
 * not NULL the errors are appended to it; with out NULL validation stops at
 * the first failure (fastest). A limit hit (depth, regex backtracking) makes
 * the instance invalid with an error that says so; it never hangs or
 * overflows the stack. The instance is not modified or retained. */
int jsonschema_validate(const struct jsonschema *s, json_t *instance,
                        struct jsonschema_errors *out);

/* ---- validating a flat record without building it ------------------------ */

/* One property of a flat record: a string, an integer, a boolean or null. */
enum jsonschema_field_kind {
    JSONSCHEMA_FIELD_NULL,
    JSONSCHEMA_FIELD_TRUE,
    JSONSCHEMA_FIELD_FALSE,
    JSONSCHEMA_FIELD_INTEGER,
    JSONSCHEMA_FIELD_STRING,
};

struct jsonschema_field {
    const char *key; /* the property name, key_len bytes */
    size_t key_len;
    enum jsonschema_field_kind kind;
    const char *s; /* JSONSCHEMA_FIELD_STRING: len bytes of valid UTF-8 */
    size_t len;
    long long i; /* JSONSCHEMA_FIELD_INTEGER */
};

/* The verdict jsonschema_validate() gives for the object whose properties are
 * f[0..n) (distinct keys, in this order), without that object being built:
 * 1 valid, 0 invalid, -1 when s is not a schema this decides alone. It decides
 * an object schema of type, properties, required, additionalProperties and
 * min/maxProperties whose property schemas are leaves (type, enum, pattern,
 * minLength, maxLength, format, or true/false); anything else (a $ref, an
 * applicator, const, a number keyword, ...) gives -1, and the caller builds the
 * object and calls jsonschema_validate(), which is also what reports errors.
 * Collects no errors and allocates nothing. */
int jsonschema_validate_fields(const struct jsonschema *s, const struct jsonschema_field *f,
                               size_t n);

/* ---- helpers the validator is built from ----------------------------------- */

/* 1 when s is valid for the named format (date, date-time, time, duration,
 * email, idn-email, hostname, idn-hostname, ipv4, ipv6, uri, uri-reference,
 * iri, iri-reference, uri-template, json-pointer, relative-json-pointer,
 * regex, uuid), 0 when not; -1 when the format is unknown. */
int jsonschema_format_check(const char *format, const char *s, size_t len);

/* An ECMA-262 regular expression compiled with PCRE2 (UTF mode, \d and \w
 * ASCII, \s with the Unicode spaces, $ only at the end, \u escapes,
 * match and depth limits). */
struct jsonschema_regex;

/* Returns NULL with err set when pattern is not a valid ECMA-262 regex.
 * Free with jsonschema_regex_free(). */
struct jsonschema_regex *jsonschema_regex_new(const char *pattern, struct odp_error *err);
void jsonschema_regex_free(struct jsonschema_regex *re);
/* 1 when the regex matches somewhere in s, 0 when not, -1 when a limit was
 * hit (catastrophic backtracking) or s is not UTF-8. */
int jsonschema_regex_search(const struct jsonschema_regex *re, const char *s, size_t len);
/* The pattern as written. */
const char *jsonschema_regex_pattern(const struct jsonschema_regex *re);

#endif
