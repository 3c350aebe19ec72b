/*
 * test_json_dump.c: json_dump_compact writes what json_dumps(v, JSON_COMPACT)
 * writes (the extractor's output files must not change bytes with the writer),
 * checked against hand-written text and against jansson itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "json_dump.h"

/* v is consumed */
static void assert_dumps(json_t *v, const char *expected)
{
    struct strbuf sb = STRBUF_INIT;
    json_dump_compact(v, &sb);
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
    json_t *r = json_pack("{s:s, s:i, s:[s,s], s:n, s:b, s:b, s:{}}", "type", "table", "ordinal",
                          3, "col_labels", "Realisatie cijfers > 2015", "2016", "scale", "ok", 1,
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
    assert_dumps(json_loads("[[],[[1]],{\"k\":[{}]}]", 0, NULL),
                 "[[],[[1]],{\"k\":[{}]}]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_a_record_in_insertion_order),
        cmocka_unit_test(integers_at_their_limits),
        cmocka_unit_test(strings_escape_what_json_needs),
        cmocka_unit_test(nested_arrays_and_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
