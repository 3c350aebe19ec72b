/*
 * test_jsonout.c: json_dump_compact writes what json_dumps(v, JSON_COMPACT)
 * writes (the extractor's output files must not change bytes with the writer),
 * checked against hand-written text and against jansson itself; the field
 * writers (jsonout_*) write what jansson writes of the same object.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

/* v is consumed */
static void assert_dumps(json_t *v, const char *expected)
{
    struct strbuf sb = STRBUF_INIT;
    jsonout_compact(v, &sb);
    assert_string_equal(sb.buf, expected);
    char *j = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    assert_string_equal(sb.buf, j);
    free(j);
    strbuf_release(&sb);
    json_decref(v);
}

static void writes_a_record_in_insertion_order(void **state)
{
    (void)state;
    json_t *r = json_pack("{s:s, s:i, s:[s,s], s:n, s:b, s:b, s:{}}", "type", "table", "ordinal", 3,
                          "col_labels", "Realisatie cijfers > 2015", "2016", "scale", "ok", 1,
                          "empty", 0, "x", NULL);
    assert_dumps(r, "{\"type\":\"table\",\"ordinal\":3,\"col_labels\":[\"Realisatie cijfers > "
                    "2015\",\"2016\"],\"scale\":null,\"ok\":true,\"empty\":false,\"x\":{}}");
}

static void integers_at_their_limits(void **state)
{
    (void)state;
    assert_dumps(json_integer(0), "0");
    assert_dumps(json_integer(-24535), "-24535");
    assert_dumps(json_integer(INT64_MAX), "9223372036854775807");
    assert_dumps(json_integer(INT64_MIN), "-9223372036854775808");
}

static void strings_escape_what_json_needs(void **state)
{
    (void)state;
    assert_dumps(json_string("\"-/- = Nadeel\" \\ a/b"), "\"\\\"-/- = Nadeel\\\" \\\\ a/b\"");
    assert_dumps(json_string("r1\nr2\tc\r\b\f"), "\"r1\\nr2\\tc\\r\\b\\f\"");
    assert_dumps(json_string("\x01\x1f\x7f"), "\"\\u0001\\u001F\x7f\"");
    assert_dumps(json_string("\xE2\x82\xAC 1.376 \xE2\x80\x93 \xC3\xA9\xE2\x80\xA8"),
                 "\"\xE2\x82\xAC 1.376 \xE2\x80\x93 \xC3\xA9\xE2\x80\xA8\"");
    assert_dumps(json_stringn("a\0b", 3), "\"a\\u0000b\"");
    assert_dumps(json_string(""), "\"\"");
}

static void nested_arrays_and_objects(void **state)
{
    (void)state;
    assert_dumps(json_loads("[[],[[1]],{\"k\":[{}]}]", 0, NULL), "[[],[[1]],{\"k\":[{}]}]");
}

/* Byte strings at the edges of UTF-8: json_utf8_valid accepts what
 * json_string accepts, no more, no less. */
static void utf8_check_agrees_with_jansson(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "plain", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xEF\xBF\xBF",
        /* invalid: a lone continuation, C0/C1, overlong 3 and 4 bytes, a surrogate,
         * above U+10FFFF, F5, cut short at the end and in the middle */
        "\x80", "\xC0\xAF", "\xC1\xBF", "\xE0\x9F\xBF", "\xF0\x8F\xBF\xBF", "\xED\xA0\x80",
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "ab\xE2\x82", "\xE2\x82x", "\xC3",
        "a\xFF"
        "b"};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *j = json_string(cases[i]);
        assert_int_equal(jsonl_utf8_valid(cases[i], strlen(cases[i])), j != NULL);
        json_decref(j);
    }
    assert_false(jsonl_utf8_valid("\xC3\xA9", 1)); /* the length is what counts */
}

/* A record written field by field is what jansson writes of the object built
 * by the same calls, also when a text is no UTF-8 (jansson leaves that key or
 * element out) or missing. */
static void field_writers_write_what_jansson_builds(void **state)
{
    (void)state;
    const char *bad = "caf\xE9"; /* Latin-1 */
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("table"));
    json_object_set_new(o, "ordinal", json_integer(-12));
    json_object_set_new(o, "xpath", json_string(NULL));
    json_object_set_new(o, "caption", json_string(bad));
    json_object_set_new(o, "title", json_null());
    json_object_set_new(o, "truncated", json_boolean(0));
    json_object_set_new(o, "group", json_boolean(1));
    json_t *a = json_array();
    json_array_append_new(a, json_string(bad));
    json_array_append_new(a, json_string("Lasten \"x\""));
    json_array_append_new(a, json_string(bad));
    json_array_append_new(a, json_string("Baten"));
    json_object_set_new(o, "path", a);
    json_object_set_new(o, "empty", json_array());
    json_object_set_new(o, "label", json_string("\xE2\x82\xAC 1.000"));
    char *want = json_dumps(o, JSON_COMPACT);
    json_decref(o);

    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, '{');
    jsonout_str(&sb, "type", "table");
    jsonout_int(&sb, "ordinal", -12);
    jsonout_str(&sb, "xpath", NULL);
    jsonout_str_or_null(&sb, "caption", bad);
    jsonout_str_or_null(&sb, "title", NULL);
    jsonout_bool(&sb, "truncated", 0);
    jsonout_bool(&sb, "group", 1);
    jsonout_key(&sb, "path");
    strbuf_addch(&sb, '[');
    jsonout_str(&sb, NULL, bad);
    jsonout_str(&sb, NULL, "Lasten \"x\"");
    jsonout_str(&sb, NULL, bad);
    jsonout_str(&sb, NULL, "Baten");
    strbuf_addch(&sb, ']');
    jsonout_key(&sb, "empty");
    strbuf_add(&sb, "[]", 2);
    jsonout_str(&sb, "label", "\xE2\x82\xAC 1.000");
    strbuf_addch(&sb, '}');
    assert_string_equal(sb.buf,
                        "{\"type\":\"table\",\"ordinal\":-12,\"title\":null,"
                        "\"truncated\":false,\"group\":true,\"path\":[\"Lasten "
                        "\\\"x\\\"\",\"Baten\"],\"empty\":[],\"label\":\"\xE2\x82\xAC 1.000\"}");
    assert_string_equal(sb.buf, want);
    strbuf_release(&sb);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_a_record_in_insertion_order),
        cmocka_unit_test(integers_at_their_limits),
        cmocka_unit_test(strings_escape_what_json_needs),
        cmocka_unit_test(nested_arrays_and_objects),
        cmocka_unit_test(utf8_check_agrees_with_jansson),
        cmocka_unit_test(field_writers_write_what_jansson_builds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
