/*
 * schema_limits.c: unit tests (cmocka) for what the validator promises beyond
 * the test suite: errors a person can act on (instance pointer, schema path,
 * one sentence), and bounded work: deep nesting, $ref cycles, catastrophic
 * regexes and huge arrays fail or finish quickly, never hang or overflow.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "jsonschema.h"

static struct jsonschema *compile_text(const char *text)
{
    json_error_t je;
    json_t *schema = json_loads(text, 0, &je);
    assert_non_null(schema);
    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct odp_error err = {0};
    struct jsonschema *s = jsonschema_compile(reg, schema, "", NULL, &err);
    jsonschema_registry_free(reg);
    json_decref(schema);
    return s;
}

static int validate_text(const struct jsonschema *s, const char *text,
                         struct jsonschema_errors *errs)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    int ok = jsonschema_validate(s, v, errs);
    json_decref(v);
    return ok;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void error_names_pointer_schema_path_and_value(void **state)
{
    struct jsonschema *s =
        compile_text("{\"properties\": {\"facts\": {\"items\": {\"properties\": {\"value\": "
                     "{\"pattern\": \"^-?[0-9]+(\\\\.[0-9]+)?$\"}}}}}}");
    assert_non_null(s);
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    assert_false(
        validate_text(s, "{\"facts\": [{\"value\": \"1\"}, {\"value\": \"6,3\"}]}", &errs));
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.items[0].instance_ptr, "/facts/1/value");
    assert_string_equal(errs.items[0].schema_path,
                        "#/properties/facts/items/properties/value/pattern");
    assert_string_equal(errs.items[0].message, "\"6,3\" does not match ^-?[0-9]+(\\.[0-9]+)?$");
    jsonschema_errors_release(&errs);
    jsonschema_free(s);
}

static void numbers_compare_by_value_and_multiple_of_has_no_float_error(void **state)
{
    struct jsonschema *s = compile_text("{\"enum\": [1, \"a\"], \"multipleOf\": 0.0001}");
    assert_non_null(s);
    assert_true(validate_text(s, "1.0", NULL));
    jsonschema_free(s);
    s = compile_text("{\"multipleOf\": 0.0001}");
    assert_true(validate_text(s, "0.0075", NULL));
    assert_false(validate_text(s, "0.00751", NULL));
    jsonschema_free(s);
    s = compile_text("{\"multipleOf\": 0.01}");
    assert_true(validate_text(s, "19.99", NULL));
    jsonschema_free(s);
}

static void ref_cycle_fails_with_an_error_instead_of_recursing_forever(void **state)
{
    struct jsonschema *s = compile_text(
        "{\"$defs\": {\"a\": {\"$ref\": \"#/$defs/b\"}, \"b\": {\"$ref\": \"#/$defs/a\"}},"
        " \"$ref\": \"#/$defs/a\"}");
    assert_non_null(s);
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    assert_false(validate_text(s, "1", &errs));
    assert_true(errs.count >= 1);
    assert_non_null(strstr(errs.items[0].message, "deeper than"));
    jsonschema_errors_release(&errs);
    jsonschema_free(s);
}

static void deeply_nested_instance_fails_with_an_error(void **state)
{
    struct jsonschema *s = compile_text("{\"items\": {\"$ref\": \"#\"}}");
    assert_non_null(s);
    json_t *root = json_array(), *cur = root;
    for (int i = 0; i < 5000; i++) {
        json_t *next = json_array();
        json_array_append_new(cur, next);
        cur = next;
    }
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    assert_false(jsonschema_validate(s, root, &errs));
    assert_true(errs.count >= 1);
    jsonschema_errors_release(&errs);
    json_decref(root);
    jsonschema_free(s);
}

static void deeply_nested_schema_is_refused_at_compile_time(void **state)
{
    json_t *root = json_object(), *cur = root;
    for (int i = 0; i < 5000; i++) {
        json_t *next = json_object();
        json_object_set_new(cur, "not", next);
        cur = next;
    }
    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct odp_error err = {0};
    struct jsonschema *s = jsonschema_compile(reg, root, "", NULL, &err);
    assert_null(s);
    assert_non_null(strstr(err.msg, "too deeply"));
    jsonschema_registry_free(reg);
    json_decref(root);
}

static void catastrophic_regex_hits_a_limit_quickly(void **state)
{
    struct jsonschema *s = compile_text("{\"pattern\": \"^(a+)+$\"}");
    assert_non_null(s);
    char text[128] = "\"";
    memset(text + 1, 'a', 60);
    strcpy(text + 61, "!\"");
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    double t0 = seconds();
    assert_false(validate_text(s, text, &errs));
    assert_true(seconds() - t0 < 5.0);
    assert_int_equal(errs.count, 1);
    assert_non_null(strstr(errs.items[0].message, "limit"));
    jsonschema_errors_release(&errs);
    jsonschema_free(s);
}

static void unique_items_on_a_huge_array_is_fast(void **state)
{
    struct jsonschema *s = compile_text("{\"uniqueItems\": true}");
    assert_non_null(s);
    json_t *arr = json_array();
    for (int i = 0; i < 200000; i++)
        json_array_append_new(arr, json_integer(i));
    double t0 = seconds();
    assert_true(jsonschema_validate(s, arr, NULL));
    json_array_append_new(arr, json_real(777.0));
    assert_false(jsonschema_validate(s, arr, NULL));
    assert_true(seconds() - t0 < 5.0);
    json_decref(arr);
    jsonschema_free(s);
}

static void unresolvable_ref_is_a_compile_error(void **state)
{
    json_t *schema = json_loads("{\"$ref\": \"https://example.com/x.json\"}", 0, NULL);
    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct odp_error err = {0};
    assert_null(jsonschema_compile(reg, schema, "", NULL, &err));
    assert_non_null(strstr(err.msg, "https://example.com/x.json"));
    jsonschema_registry_free(reg);
    json_decref(schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_names_pointer_schema_path_and_value),
        cmocka_unit_test(numbers_compare_by_value_and_multiple_of_has_no_float_error),
        cmocka_unit_test(ref_cycle_fails_with_an_error_instead_of_recursing_forever),
        cmocka_unit_test(deeply_nested_instance_fails_with_an_error),
        cmocka_unit_test(deeply_nested_schema_is_refused_at_compile_time),
        cmocka_unit_test(catastrophic_regex_hits_a_limit_quickly),
        cmocka_unit_test(unique_items_on_a_huge_array_is_fast),
        cmocka_unit_test(unresolvable_ref_is_a_compile_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
