/*
 * schema_objects.c: unit tests (cmocka) for the ways the validator checks an
 * object, which the test suite's small cases do not all reach. Without
 * errors wanted (fast mode) an object's keys are walked once, each found in
 * one table of the names of "properties" and "required", and the required
 * names met are counted; with errors wanted each required name is looked up,
 * so that a missing one is reported by name. Every case here is validated
 * both ways and must give the same verdict, with errors exactly when it is
 * invalid. Also: enum against its compiled string list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jsonschema.h"

static struct jsonschema *compile_text(const char *text)
{
    json_error_t je;
    json_t *schema = json_loads(text, JSON_ALLOW_NUL, &je);
    if (!schema)
        fail_msg("schema does not parse: %s: %s", je.text, text);
    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct odp_error err = {0};
    struct jsonschema *s = jsonschema_compile(reg, schema, "", NULL, &err);
    jsonschema_registry_free(reg);
    json_decref(schema);
    if (!s)
        fail_msg("schema does not compile: %s", err.msg);
    return s;
}

/* Validates text both ways; both must say valid; errs (when not NULL) gets
 * the errors of the reporting pass. */
static void check(const struct jsonschema *s, const char *text, int valid,
                  struct jsonschema_errors *errs_out)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    assert_non_null(v);
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    int fast = jsonschema_validate(s, v, NULL);
    int full = jsonschema_validate(s, v, &errs);
    json_decref(v);
    if (fast != valid || full != valid || (errs.count == 0) != valid)
        fail_msg("%s: expected %s, fast mode says %s, reporting says %s with %zu errors", text,
                 valid ? "valid" : "invalid", fast ? "valid" : "invalid",
                 full ? "valid" : "invalid", errs.count);
    if (errs_out)
        *errs_out = errs;
    else
        jsonschema_errors_release(&errs);
}

#define FACTS_LIKE                                                                                 \
    "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}, \"row\": "            \
    "{\"type\": \"integer\"}, \"label\": {\"type\": [\"string\", \"null\"]}, \"status\": "         \
    "{\"enum\": [\"ok\", \"empty\", \"text\"]}}, \"required\": [\"id\", \"row\", \"label\", "      \
    "\"status\"], \"additionalProperties\": false}"

static void object_with_every_property_is_checked_property_by_property(void **state)
{
    (void)state;
    struct jsonschema *s = compile_text(FACTS_LIKE);
    check(s, "{\"id\": \"a\", \"row\": 1, \"label\": null, \"status\": \"ok\"}", 1, NULL);
    /* keys in another order than the schema's */
    check(s, "{\"status\": \"text\", \"label\": \"x\", \"row\": 2, \"id\": \"b\"}", 1, NULL);
    check(s, "{\"id\": \"a\", \"row\": 1.5, \"label\": null, \"status\": \"ok\"}", 0, NULL);
    check(s, "{\"id\": \"a\", \"row\": 1, \"label\": null, \"status\": \"okay\"}", 0, NULL);
    check(s, "{\"id\": 7, \"row\": 1, \"label\": null, \"status\": \"ok\"}", 0, NULL);
    jsonschema_free(s);
}

static void missing_required_property_is_reported_by_name(void **state)
{
    (void)state;
    struct jsonschema *s = compile_text(FACTS_LIKE);
    struct jsonschema_errors errs;
    check(s, "{\"id\": \"a\", \"row\": 1, \"status\": \"ok\"}", 0, &errs);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.items[0].message, "required property \"label\" is missing");
    assert_string_equal(errs.items[0].schema_path, "#/required");
    jsonschema_errors_release(&errs);
    /* missing, with an unknown key in its place: the object has as many keys */
    check(s, "{\"id\": \"a\", \"row\": 1, \"labels\": null, \"status\": \"ok\"}", 0, &errs);
    assert_int_equal(errs.count, 2);
    jsonschema_errors_release(&errs);
    jsonschema_free(s);
}

static void additional_property_is_refused_or_checked(void **state)
{
    (void)state;
    struct jsonschema *s = compile_text(FACTS_LIKE);
    struct jsonschema_errors errs;
    check(s, "{\"id\": \"a\", \"row\": 1, \"label\": null, \"status\": \"ok\", \"x\": 1}", 0,
          &errs);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.items[0].message, "property \"x\" is not allowed");
    jsonschema_errors_release(&errs);
    jsonschema_free(s);

    s = compile_text("{\"properties\": {\"a\": {\"type\": \"integer\"}}, "
                     "\"additionalProperties\": {\"type\": \"string\"}}");
    check(s, "{\"a\": 1, \"b\": \"x\"}", 1, NULL);
    check(s, "{\"a\": 1, \"b\": 2}", 0, &errs);
    assert_string_equal(errs.items[0].instance_ptr, "/b");
    jsonschema_errors_release(&errs);
    check(s, "{\"a\": \"1\", \"b\": \"x\"}", 0, NULL);
    check(s, "{\"b\": \"x\", \"c\": \"y\"}", 1, NULL);
    jsonschema_free(s);

    /* without additionalProperties, unknown keys are fine */
    s = compile_text("{\"properties\": {\"a\": {\"type\": \"integer\"}}, \"required\": [\"a\"]}");
    check(s, "{\"a\": 1, \"b\": 2, \"c\": 3}", 1, NULL);
    check(s, "{\"b\": 2, \"c\": 3}", 0, NULL);
    jsonschema_free(s);
}

static void required_name_without_property_schema_counts(void **state)
{
    (void)state;
    struct jsonschema *s = compile_text("{\"properties\": {\"a\": {\"type\": \"integer\"}}, "
                                        "\"required\": [\"a\", \"z\", \"z\"]}");
    check(s, "{\"a\": 1, \"z\": null}", 1, NULL);
    check(s, "{\"z\": null, \"a\": 1}", 1, NULL);
    check(s, "{\"a\": 1, \"y\": null}", 0, NULL);
    check(s, "{\"z\": 1}", 0, NULL);
    jsonschema_free(s);
    s = compile_text("{\"properties\": {\"a\": true}, \"required\": [\"z\"], "
                     "\"additionalProperties\": false}");
    check(s, "{\"z\": 1}", 0, NULL); /* z is required and not allowed */
    check(s, "{\"a\": 1}", 0, NULL);
    jsonschema_free(s);
}

/* A schema with many more properties than the object has keys, with names
 * long and alike: the key table must still find each one. */
static void small_object_against_many_properties(void **state)
{
    (void)state;
    char schema[8192] = "{\"properties\": {";
    size_t len = strlen(schema);
    for (int i = 0; i < 60; i++)
        len += (size_t)snprintf(schema + len, sizeof(schema) - len,
                                "%s\"property_number_%02d\": {\"type\": \"integer\"}",
                                i ? ", " : "", i);
    snprintf(schema + len, sizeof(schema) - len,
             "}, \"required\": [\"property_number_07\", \"other\"], "
             "\"additionalProperties\": {\"type\": \"null\"}}");
    struct jsonschema *s = compile_text(schema);
    check(s, "{\"property_number_07\": 1, \"other\": null}", 1, NULL);
    check(s, "{\"other\": null, \"property_number_07\": 1, \"property_number_59\": 2}", 1, NULL);
    check(s, "{\"property_number_07\": 1, \"another\": null}", 0, NULL);
    check(s, "{\"property_number_07\": 1, \"other\": 0}", 0, NULL);
    check(s, "{\"property_number_06\": 1, \"other\": null}", 0, NULL);
    check(s, "{\"property_number_07\": \"1\", \"other\": null}", 0, NULL);
    jsonschema_free(s);
}

/* Names that share their length, their first and last bytes or a long
 * prefix: the key table must tell them apart byte by byte. */
static void property_names_alike_are_told_apart(void **state)
{
    (void)state;
    struct jsonschema *s = compile_text(
        "{\"properties\": {\"ab\": {\"type\": \"integer\"}, \"ba\": {\"type\": \"string\"}, "
        "\"a_rather_long_property_name_of_forty_bytes\": {\"type\": \"string\"}, "
        "\"a_rather_long_property_name_of_forty_byte_\": {\"type\": \"integer\"}, "
        "\"axxxxxxxxb\": {\"type\": \"null\"}, \"ayyyyyyyyb\": {\"type\": \"boolean\"}}, "
        "\"required\": [\"ab\"], \"additionalProperties\": false}");
    check(s, "{\"ab\": 1, \"ba\": \"x\"}", 1, NULL);
    check(s, "{\"ab\": \"x\", \"ba\": 1}", 0, NULL);
    check(s, "{\"ba\": \"x\"}", 0, NULL);
    check(s,
          "{\"ab\": 1, \"a_rather_long_property_name_of_forty_bytes\": \"x\", "
          "\"a_rather_long_property_name_of_forty_byte_\": 2}",
          1, NULL);
    check(s, "{\"ab\": 1, \"a_rather_long_property_name_of_forty_bytes\": 2}", 0, NULL);
    check(s, "{\"ab\": 1, \"a_rather_long_property_name_of_forty_bytez\": \"x\"}", 0, NULL);
    check(s, "{\"ab\": 1, \"axxxxxxxxb\": null, \"ayyyyyyyyb\": true}", 1, NULL);
    check(s, "{\"ab\": 1, \"axxxxxxxxb\": true, \"ayyyyyyyyb\": null}", 0, NULL);
    check(s, "{\"ab\": 1, \"azzzzzzzzb\": null}", 0, NULL);
    jsonschema_free(s);
}

static void enum_compares_strings_by_length_and_bytes_and_others_by_value(void **state)
{
    (void)state;
    struct jsonschema *s = compile_text("{\"enum\": [\"ok\", \"o\\u0000k\", \"\"]}");
    check(s, "\"ok\"", 1, NULL);
    check(s, "\"o\\u0000k\"", 1, NULL);
    check(s, "\"\"", 1, NULL);
    check(s, "\"o\"", 0, NULL);
    check(s, "\"okk\"", 0, NULL);
    check(s, "1", 0, NULL);
    check(s, "null", 0, NULL);
    jsonschema_free(s);
    s = compile_text("{\"enum\": [\"a\", 1, null, {\"k\": [1]}]}");
    check(s, "\"a\"", 1, NULL);
    check(s, "1.0", 1, NULL);
    check(s, "null", 1, NULL);
    check(s, "{\"k\": [1.0]}", 1, NULL);
    check(s, "\"1\"", 0, NULL);
    check(s, "2", 0, NULL);
    check(s, "false", 0, NULL);
    jsonschema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(object_with_every_property_is_checked_property_by_property),
        cmocka_unit_test(missing_required_property_is_reported_by_name),
        cmocka_unit_test(additional_property_is_refused_or_checked),
        cmocka_unit_test(required_name_without_property_schema_counts),
        cmocka_unit_test(small_object_against_many_properties),
        cmocka_unit_test(property_names_alike_are_told_apart),
        cmocka_unit_test(enum_compares_strings_by_length_and_bytes_and_others_by_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
