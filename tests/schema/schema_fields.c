/*
 * schema_fields.c: jsonschema_validate_fields() (the flat path transform
 * validates its records on) gives the verdict of jsonschema_validate() (the
 * general path, itself held to the JSON-Schema-Test-Suite), on the records
 * given and on broken variants of each: every field in turn left out, set to
 * a value of the wrong type, to null, to a string outside an enum or a
 * pattern, to an empty and a non-ASCII string, and an extra property added.
 *
 *   schema_fields                          synthetic schemas and instances
 *   schema_fields SCHEMA FILE.jsonl...     records of FILE against SCHEMA
 *
 * With SCHEMA the flat path must decide every flat record (the contract's
 * schemas are all of the kind it decides); the synthetic schemas include
 * kinds it must leave undecided (-1), where only agreement is required.
 * Exit status 1 on any disagreement; the counts are printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_fields.h"
#include "jsonschema.h"

struct tally {
    size_t records, variants, invalid, undecided, disagree;
};

/* Compare both paths on obj; must_decide: -1 is a failure too. */
static void compare(const struct jsonschema *s, json_t *obj, int must_decide, struct tally *t,
                    const char *what)
{
    struct jsonschema_field *f;
    long n = json_fields_of(obj, &f);
    if (n < 0)
        return;
    int general = jsonschema_validate(s, obj, NULL);
    int flat = jsonschema_validate_fields(s, f, (size_t)n);
    free(f);
    t->variants++;
    t->invalid += !general;
    t->undecided += flat < 0;
    if ((flat >= 0 && flat != general) || (flat < 0 && must_decide)) {
        if (t->disagree++ < 10) {
            char *text = json_dumps(obj, JSON_COMPACT);
            printf("DISAGREE (%s): general %d, flat %d: %s\n", what, general, flat, text);
            free(text);
        }
    }
}

/* The record and its broken variants. */
static void check_record(const struct jsonschema *s, json_t *rec, int must_decide, struct tally *t)
{
    static const char *strings[] = {"6,3", "not-in-any-enum", "", "\xc3\xab\xe2\x82\xac",
                                    "7",   "2024-13-45"};
    t->records++;
    compare(s, rec, must_decide, t, "as is");
    json_t *extra = json_copy(rec);
    json_object_set_new(extra, "zz_extra_property", json_string("x"));
    compare(s, extra, must_decide, t, "extra property");
    json_decref(extra);
    const char *key;
    json_t *v;
    json_object_foreach(rec, key, v)
    {
        json_t *c = json_copy(rec);
        json_object_del(c, key);
        compare(s, c, must_decide, t, "left out");
        json_t *values[] = {json_null(), json_true(), json_false(), json_integer(7),
                            json_integer(-12345678901LL)};
        for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
            json_object_set_new(c, key, values[i]);
            compare(s, c, must_decide, t, "value replaced");
        }
        for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
            json_object_set_new(c, key, json_string(strings[i]));
            compare(s, c, must_decide, t, "string replaced");
        }
        json_decref(c);
    }
}

static int run_files(const char *schema_path, char **files, int nfiles)
{
    json_error_t je;
    json_t *doc = json_load_file(schema_path, 0, &je);
    if (!doc) {
        printf("%s:%d: %s\n", schema_path, je.line, je.text);
        return 1;
    }
    struct odp_error err = {0};
    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct jsonschema *s = jsonschema_compile(reg, doc, schema_path, NULL, &err);
    jsonschema_registry_free(reg);
    json_decref(doc);
    if (!s) {
        printf("%s: %s\n", schema_path, err.msg);
        return 1;
    }
    struct tally t = {0};
    for (int i = 0; i < nfiles; i++) {
        FILE *fp = fopen(files[i], "r");
        if (!fp) {
            printf("%s: cannot open\n", files[i]);
            jsonschema_free(s);
            return 1;
        }
        char *line = NULL;
        size_t cap = 0;
        while (getline(&line, &cap, fp) > 0) {
            json_t *rec = json_loads(line, 0, &je);
            if (!rec) {
                printf("%s:%d: %s\n", files[i], je.line, je.text);
                t.disagree++;
                continue;
            }
            check_record(s, rec, 1, &t);
            json_decref(rec);
        }
        free(line);
        fclose(fp);
    }
    jsonschema_free(s);
    printf("%s: %zu records, %zu variants (%zu invalid), %zu undecided, %zu disagreements\n",
           schema_path, t.records, t.variants, t.invalid, t.undecided, t.disagree);
    return t.disagree || !t.records || !t.invalid;
}

/* Schemas of the kind the flat path decides (1) and of kinds it must leave to
 * the general path (0), with instances drawn from a pool of keys and values. */
static int run_synthetic(void)
{
    static const struct {
        int decides;
        int format_assert;
        const char *schema;
    } cases[] = {
        {1, 0,
         "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"minLength\":2,"
         "\"maxLength\":3},\"b\":{\"format\":\"date\"},\"c\":true,\"d\":false,"
         "\"e\":{\"enum\":[\"x\",\"\\u00eb\\u20ac\"]},\"f\":{\"type\":[\"integer\",\"null\"]}},"
         "\"required\":[\"a\",\"z\"],\"additionalProperties\":{\"type\":\"string\","
         "\"pattern\":\"^q\"},\"minProperties\":1,\"maxProperties\":4}"},
        {1, 1,
         "{\"properties\":{\"b\":{\"type\":\"string\",\"format\":\"date\"},"
         "\"a\":{\"pattern\":\"^-?[0-9]+$\"},\"e\":{\"type\":\"boolean\"}},"
         "\"required\":[\"b\"],\"additionalProperties\":{\"type\":[\"integer\",\"null\"]}}"},
        {1, 0,
         "{\"type\":[\"object\",\"null\"],\"required\":[\"a\"],"
         "\"properties\":{\"a\":{\"type\":\"number\"},\"z\":{\"enum\":[\"x\",\"ab\"]}}}"},
        /* an enum with members that are not strings: left to the general path */
        {0, 0, "{\"properties\":{\"z\":{\"enum\":[\"x\",7,null]}}}"},
        {1, 0, "{\"type\":\"string\"}"},
        {1, 0, "true"},
        {1, 0, "false"},
        {0, 0, "{\"properties\":{\"a\":{\"const\":\"ab\"},\"f\":{\"minimum\":0}}}"},
        {0, 0, "{\"allOf\":[{\"required\":[\"a\"]}],\"properties\":{\"a\":{\"type\":\"string\"}}}"},
        {0, 0,
         "{\"$defs\":{\"s\":{\"type\":\"string\"}},\"properties\":{\"a\":{\"$ref\":\"#/$defs/"
         "s\"}}}"},
        {0, 0,
         "{\"properties\":{\"a\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}},"
         "\"unevaluatedProperties\":false}"},
        {0, 0,
         "{\"patternProperties\":{\"^q\":{\"type\":\"integer\"}},\"propertyNames\":{\"maxLength\":"
         "2}}"},
    };
    static const char *keys[] = {"a", "b", "c", "d", "e", "f", "z", "q1", "xx"};
    json_t *values[] = {json_null(),
                        json_true(),
                        json_false(),
                        json_integer(0),
                        json_integer(7),
                        json_integer(-3),
                        json_string(""),
                        json_string("x"),
                        json_string("ab"),
                        json_string("abc"),
                        json_string("abcd"),
                        json_string("q1"),
                        json_string("2024-01-02"),
                        json_string("2024-13-02"),
                        json_string("\xc3\xab\xe2\x82\xac"),
                        json_string("6,3"),
                        json_string("-12")};
    size_t nvalues = sizeof(values) / sizeof(values[0]);
    size_t nkeys = sizeof(keys) / sizeof(keys[0]);
    int fail = 0;
    unsigned long long rng = 88172645463325252ULL;
    for (size_t ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
        json_error_t je;
        json_t *doc = json_loads(cases[ci].schema, JSON_DECODE_ANY, &je);
        struct jsonschema_options o = {0};
        o.format_assert = cases[ci].format_assert;
        struct odp_error err = {0};
        struct jsonschema_registry *reg = jsonschema_registry_new();
        struct jsonschema *s = doc ? jsonschema_compile(reg, doc, "", &o, &err) : NULL;
        jsonschema_registry_free(reg);
        json_decref(doc);
        if (!s) {
            printf("case %zu: does not compile: %s %s\n", ci, je.text, err.msg);
            fail = 1;
            continue;
        }
        struct tally t = {0};
        for (int k = 0; k < 4000; k++) {
            json_t *obj = json_object();
            for (size_t j = 0; j < nkeys; j++) {
                rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                if (rng % 4 != 0)
                    continue;
                json_object_set(obj, keys[j], values[(rng >> 8) % nvalues]);
            }
            compare(s, obj, cases[ci].decides, &t, "synthetic");
            json_decref(obj);
        }
        printf("case %zu: %zu instances (%zu invalid), %zu undecided, %zu disagreements\n", ci,
               t.variants, t.invalid, t.undecided, t.disagree);
        /* the instances must exercise both verdicts where the schema decides */
        if (t.disagree || (cases[ci].decides && ci < 3 && (!t.invalid || t.invalid == t.variants)))
            fail = 1;
        if (!cases[ci].decides && !t.undecided) {
            printf("case %zu: never left to the general path\n", ci);
            fail = 1;
        }
        jsonschema_free(s);
    }
    for (size_t i = 0; i < nvalues; i++)
        json_decref(values[i]);
    return fail;
}

int main(int argc, char **argv)
{
    if (argc == 1)
        return run_synthetic();
    if (argc < 3) {
        fprintf(stderr, "usage: schema_fields [SCHEMA FILE.jsonl...]\n");
        return 2;
    }
    return run_files(argv[1], argv + 2, argc - 2);
}
