/*
 * test_jsonl.c: the JSON Lines codec (lib/jsonl.c) and the JSON Pointer
 * locator (lib/json_locate.c).
 *
 * The writer must write what json_dumps(v, JSON_COMPACT) writes (hand-written
 * text, then jansson itself). The scanner under JSONL_STRICT must take exactly
 * what jansson loads (but for numbers jansson cannot hold), and give each
 * string as jansson does; each further flag must refuse what it says and take
 * the rest. The locator must name the line a pointer's value starts on,
 * written by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_locate.h"
#include "jsonl.h"
#include "jsonschema.h"

/* ---- writing ------------------------------------------------------------- */

static void assert_string_written(const char *s, size_t len, const char *expected)
{
    struct strbuf sb = STRBUF_INIT;
    jsonl_put_string(&sb, s, len);
    assert_string_equal(sb.buf, expected);
    json_t *j = json_stringn(s, len);
    char *d = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    assert_string_equal(sb.buf, d);
    free(d);
    json_decref(j);
    strbuf_release(&sb);
}

static void strings_are_written_as_jansson_writes_them(void **state)
{
    (void)state;
    assert_string_written("", 0, "\"\"");
    assert_string_written("plain", 5, "\"plain\"");
    assert_string_written("say \"hi\" a\\b", 12, "\"say \\\"hi\\\" a\\\\b\"");
    assert_string_written("a\nb\rc\td\b\f", 9, "\"a\\nb\\rc\\td\\b\\f\"");
    /* upper-case hex, as jansson writes it */
    assert_string_written("x\x1fy\x01", 4, "\"x\\u001Fy\\u0001\"");
    assert_string_written("a\0b", 3, "\"a\\u0000b\"");
    assert_string_written("\xE2\x82\xAC 9.153 caf\xC3\xA9 \x7f", 17,
                          "\"\xE2\x82\xAC 9.153 caf\xC3\xA9 \x7f\"");
    /* past the eight-byte steps: an escape in each position of a word */
    const char *long_text = "0123456789abcdef\"0123456\n89abcdef01234567\\";
    assert_string_written(long_text, strlen(long_text),
                          "\"0123456789abcdef\\\"0123456\\n89abcdef01234567\\\\\"");
}

static void integers_and_records_are_written_as_jansson_writes_them(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    jsonl_put_int(&sb, 0);
    strbuf_addch(&sb, ' ');
    jsonl_put_int(&sb, INT64_MIN);
    strbuf_addch(&sb, ' ');
    jsonl_put_int(&sb, INT64_MAX);
    assert_string_equal(sb.buf, "0 -9223372036854775808 9223372036854775807");
    strbuf_reset(&sb);

    struct jsonschema_field f[] = {
        {"fact_id", 7, JSONSCHEMA_FIELD_STRING, "t1-r2\"c3", 8, 0},
        {"value", 5, JSONSCHEMA_FIELD_INTEGER, NULL, 0, -1376},
        {"scale", 5, JSONSCHEMA_FIELD_NULL, NULL, 0, 0},
        {"k\n", 2, JSONSCHEMA_FIELD_TRUE, NULL, 0, 0},
        {"", 0, JSONSCHEMA_FIELD_FALSE, NULL, 0, 0},
    };
    jsonl_put_record(&sb, f, 5);
    assert_string_equal(sb.buf, "{\"fact_id\":\"t1-r2\\\"c3\",\"value\":-1376,\"scale\":null,"
                                "\"k\\n\":true,\"\":false}\n");
    json_t *o = json_pack("{s:s,s:i,s:n,s:b,s:b}", "fact_id", "t1-r2\"c3", "value", -1376, "scale",
                          "k\n", 1, "", 0);
    char *d = json_dumps(o, JSON_COMPACT);
    assert_int_equal(sb.len, strlen(d) + 1);
    assert_memory_equal(sb.buf, d, strlen(d));
    free(d);
    json_decref(o);
    strbuf_release(&sb);
}

/* ---- reading --------------------------------------------------------------- */

/* Whether the scanner takes text whole as one value under flags; a taken
 * string is checked against jansson's value of it. */
static int takes(const char *text, size_t len, unsigned flags)
{
    struct jsonl_scanner sc;
    struct jsonl_value v;
    jsonl_scanner_init(&sc, text, len, flags);
    if (jsonl_value(&sc, &v) || jsonl_end(&sc))
        return 0;
    if (v.kind == JSONL_STRING) {
        struct strbuf scratch = STRBUF_INIT;
        size_t n;
        const char *s = jsonl_string(&v, &scratch, &n);
        json_t *j = json_loadb(text, len, JSON_DECODE_ANY, NULL);
        if (j) {
            assert_non_null(s);
            assert_int_equal(n, json_string_length(j));
            assert_memory_equal(s, json_string_value(j), n);
        }
        json_decref(j);
        strbuf_release(&scratch);
    }
    return 1;
}

/* Under JSONL_STRICT the scanner takes what jansson loads; what jansson
 * refuses the scanner refuses too, but for a number jansson cannot hold. */
static void agrees_strict(const char *text, size_t len)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_DECODE_ANY, &je);
    int taken = takes(text, len, JSONL_STRICT);
    if (j)
        assert_true(taken);
    else if (taken && !strstr(je.text, "too big") && !strstr(je.text, "overflow"))
        fail_msg("scanner takes what jansson refuses (%s): %.*s", je.text, (int)len, text);
    json_decref(j);
}

#define STRICT_CASE(s) agrees_strict((s), sizeof(s) - 1)

static void strict_takes_what_jansson_loads(void **state)
{
    (void)state;
    STRICT_CASE("{\"a\":[1,-2,3.5e-3,true,false,null,\"x\"],\"b\":{}}");
    STRICT_CASE(" [ ] ");
    STRICT_CASE("\"\\u20ac\\ud83d\\ude00\\/\\\"\\\\\\b\\f\\n\\r\\t\"");
    STRICT_CASE("\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
    STRICT_CASE("\"\\u0000\""); /* jansson refuses a NUL */
    STRICT_CASE("\"\\ud83d\""); /* a lone surrogate */
    STRICT_CASE("\"\\ude00x\"");
    STRICT_CASE("\"\\ud83d\\u0041\"");
    STRICT_CASE("\"\\x\"");
    STRICT_CASE("\"\\u12\"");
    STRICT_CASE("\"a\tb\"");         /* a raw control character */
    STRICT_CASE("\"\xC3\"");         /* UTF-8 cut short */
    STRICT_CASE("\"\xED\xA0\x80\""); /* an encoded surrogate */
    STRICT_CASE("\"\xC0\xAF\"");     /* overlong */
    STRICT_CASE("01");
    STRICT_CASE("-");
    STRICT_CASE("1.");
    STRICT_CASE(".5");
    STRICT_CASE("1e");
    STRICT_CASE("1e+5");
    STRICT_CASE("-0");
    STRICT_CASE("99999999999999999999"); /* jansson: too big */
    STRICT_CASE("1e999");
    STRICT_CASE("[1,]");
    STRICT_CASE("[1 2]");
    STRICT_CASE("{\"a\" 1}");
    STRICT_CASE("{\"a\":1,}");
    STRICT_CASE("{1:2}");
    STRICT_CASE("{\"a\":1]");
    STRICT_CASE("[truex]");
    STRICT_CASE("[nul]");
    STRICT_CASE("{}x");
    STRICT_CASE("{} {}");
    STRICT_CASE("");
    STRICT_CASE("\"abc");
}

static void strict_stops_at_janssons_depth(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    for (int depth = JSONL_MAX_DEPTH - 1; depth <= JSONL_MAX_DEPTH + 1; depth++) {
        strbuf_reset(&sb);
        for (int i = 0; i < depth; i++)
            strbuf_addch(&sb, '[');
        for (int i = 0; i < depth; i++)
            strbuf_addch(&sb, ']');
        agrees_strict(sb.buf, sb.len);
        assert_int_equal(takes(sb.buf, sb.len, JSONL_STRICT), depth <= JSONL_MAX_DEPTH);
    }
    strbuf_release(&sb);
}

static unsigned long long rnd = 7;
static unsigned next(void)
{
    rnd = rnd * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rnd >> 33);
}

static void gen_value(struct strbuf *sb, int depth)
{
    static const char *const atoms[] = {"1",
                                        "-7",
                                        "0",
                                        "-0",
                                        "007",
                                        "12345678901234567",
                                        "1.5",
                                        "2e-3",
                                        "1E+2",
                                        "\"\"",
                                        "\"abc\"",
                                        "\"a b,c\"",
                                        "\"\xc3\xa9\"",
                                        "\"\\n\"",
                                        "\"\\u00e9\"",
                                        "\"\\ud83d\\ude00\"",
                                        "\"\xc3\"",
                                        "null",
                                        "true",
                                        "false",
                                        "\"\x7f\"",
                                        "nul",
                                        "\"\t\"",
                                        "\"\\q\""};
    static const char *const ws[] = {"", "", "", " ", "\n", "\t", "\r\n"};
    strbuf_addstr(sb, ws[next() % 7]);
    unsigned r = next() % 10;
    if (depth < 4 && r < 2) {
        strbuf_addch(sb, '[');
        for (unsigned i = 0, n = next() % 4; i < n; i++) {
            if (i)
                strbuf_addch(sb, ',');
            gen_value(sb, depth + 1);
        }
        strbuf_addch(sb, ']');
    } else if (depth < 4 && r < 4) {
        strbuf_addch(sb, '{');
        for (unsigned i = 0, n = next() % 4; i < n; i++) {
            if (i)
                strbuf_addch(sb, ',');
            strbuf_addstr(sb, next() % 8 ? "\"k\"" : "\"k\\u0041\"");
            strbuf_addstr(sb, ws[next() % 7]);
            strbuf_addch(sb, ':');
            gen_value(sb, depth + 1);
        }
        strbuf_addch(sb, '}');
    } else {
        strbuf_addstr(sb, atoms[next() % (sizeof(atoms) / sizeof(*atoms))]);
    }
    strbuf_addstr(sb, ws[next() % 7]);
}

static void generated_text_agrees_with_jansson(void **state)
{
    (void)state;
    int taken = 0;
    struct strbuf sb = STRBUF_INIT;
    for (int t = 0; t < 20000; t++) {
        strbuf_reset(&sb);
        gen_value(&sb, 0);
        if (next() % 8 == 0 && sb.len)
            sb.buf[next() % sb.len] = "x,:}{\"\\ ]["[next() % 10];
        agrees_strict(sb.buf, sb.len);
        taken += takes(sb.buf, sb.len, JSONL_STRICT);
    }
    strbuf_release(&sb);
    assert_true(taken > 2000);
}

static void flags_refuse_what_they_say(void **state)
{
    (void)state;
    const unsigned S = JSONL_STRICT;
    /* JSONL_FLAT: no array or object as a member's value */
    assert_true(takes("{\"a\":1}", 7, S | JSONL_FLAT) == 0); /* the line itself is an object */
    struct jsonl_scanner sc;
    struct jsonl_value k, v;
    jsonl_scanner_init(&sc, "{\"a\":[1]}", 9, S | JSONL_FLAT);
    assert_int_equal(jsonl_begin(&sc), 0);
    assert_int_equal(jsonl_member(&sc, 0, &k), 1);
    assert_int_equal(jsonl_value(&sc, &v), -1);
    /* JSONL_INT18: integers of at most 18 digits, no reals */
    assert_true(takes("-999999999999999999", 19, S | JSONL_INT18));
    assert_false(takes("1234567890123456789", 19, S | JSONL_INT18));
    assert_false(takes("1.5", 3, S | JSONL_INT18));
    assert_false(takes("1e3", 3, S | JSONL_INT18));
    assert_true(takes("-0", 2, S | JSONL_INT18));
    /* JSONL_CANONICAL: no escape, no -0 */
    assert_false(takes("-0", 2, S | JSONL_CANONICAL));
    assert_true(takes("0", 1, S | JSONL_CANONICAL));
    assert_false(takes("\"a\\/b\"", 6, S | JSONL_CANONICAL));
    assert_true(takes("\"a/b\"", 5, S | JSONL_CANONICAL));
    /* no flag: the text is trusted, only its extent is found */
    assert_true(takes("\"a\tb\xff\"", 6, 0));
    assert_true(takes("[\"\\q\",1.5.5]", 12, 0));
    assert_false(takes("[\"\\q\",1.5.5]", 12, S));
    assert_false(takes("\"a", 2, 0));
    assert_false(takes("[1", 2, 0));
}

static void integers_and_kinds_are_read(void **state)
{
    (void)state;
    const char *text =
        "{\"i\":-9223372036854775808,\"j\":9223372036854775808,\"r\":2.5,\"s\":\"x\","
        "\"n\":null,\"t\":true,\"f\":false,\"a\":[],\"o\":{\"p\":[1]}}";
    struct jsonl_scanner sc;
    struct jsonl_value k, v;
    jsonl_scanner_init(&sc, text, strlen(text), JSONL_STRICT);
    static const enum jsonl_kind kinds[] = {JSONL_INTEGER, JSONL_INTEGER, JSONL_REAL,
                                            JSONL_STRING,  JSONL_NULL,    JSONL_TRUE,
                                            JSONL_FALSE,   JSONL_ARRAY,   JSONL_OBJECT};
    static const char *const texts[] = {"-9223372036854775808",
                                        "9223372036854775808",
                                        "2.5",
                                        "\"x\"",
                                        "null",
                                        "true",
                                        "false",
                                        "[]",
                                        "{\"p\":[1]}"};
    assert_int_equal(jsonl_begin(&sc), 0);
    size_t i = 0;
    while (jsonl_member(&sc, i, &k) == 1) {
        assert_int_equal(jsonl_value(&sc, &v), 0);
        assert_int_equal(v.kind, kinds[i]);
        assert_int_equal(v.len, strlen(texts[i]));
        assert_memory_equal(v.text, texts[i], v.len);
        i++;
    }
    assert_int_equal(i, 9);
    assert_int_equal(jsonl_end(&sc), 0);
    long long n;
    struct jsonl_value iv = {JSONL_INTEGER, "-9223372036854775808", 20, 0};
    assert_int_equal(jsonl_integer(&iv, &n), 0);
    assert_true(n == INT64_MIN);
    iv.text = "9223372036854775808";
    iv.len = 19;
    assert_int_equal(jsonl_integer(&iv, &n), -1);
    iv.len = 18; /* 922337203685477580 */
    assert_int_equal(jsonl_integer(&iv, &n), 0);
    assert_true(n == 922337203685477580LL);
}

/* ---- the locator ------------------------------------------------------------ */

static void locator_names_the_line_of_the_value(void **state)
{
    (void)state;
    const char *text = "{\n"                        /* 1 */
                       "  \"name\": \"demo\",\n"    /* 2 */
                       "  \"a/b\": {\"x~y\": 1},\n" /* 3 */
                       "  \"sources\": [\n"         /* 4 */
                       "    {\"id\": \"one\"},\n"   /* 5 */
                       "    {\n"                    /* 6 */
                       "      \"id\": \"two\",\n"   /* 7 */
                       "      \"k\\u0065y\":\n"     /* 8 */
                       "        [1,\n"              /* 9 */
                       "         \"s}]\\\"\", 3]\n" /* 10 */
                       "    }\n"                    /* 11 */
                       "  ]\n"                      /* 12 */
                       "}\n";
    size_t len = strlen(text);
    assert_int_equal(json_locate_line(text, len, "", 1), 1);
    assert_int_equal(json_locate_line(text, len, "/name", 1), 2);
    assert_int_equal(json_locate_line(text, len, "/a~1b/x~0y", 1), 3);
    assert_int_equal(json_locate_line(text, len, "/sources", 1), 4);
    assert_int_equal(json_locate_line(text, len, "/sources/0", 1), 5);
    assert_int_equal(json_locate_line(text, len, "/sources/1", 1), 6);
    assert_int_equal(json_locate_line(text, len, "/sources/1/id", 1), 7);
    assert_int_equal(json_locate_line(text, len, "/sources/1/key", 1), 9);
    assert_int_equal(json_locate_line(text, len, "/sources/1/key/1", 1), 10);
    assert_int_equal(json_locate_line(text, len, "/sources/1/key/2", 1), 10);
    /* what is not there: the line of the object or array that lacks it */
    assert_int_equal(json_locate_line(text, len, "/sources/1/url", 1), 6);
    assert_int_equal(json_locate_line(text, len, "/sources/7/id", 1), 4);
    assert_int_equal(json_locate_line(text, len, "/nothing", 1), 1);
    /* a line of JSON Lines, counted from its own line number */
    assert_int_equal(json_locate_line("{\"a\":[0,1]}", 11, "/a/1", 40), 40);

    long lines[4] = {0};
    assert_int_equal(json_locate_elements(text, len, "/sources", 1, lines, 4), 2);
    assert_int_equal(lines[0], 5);
    assert_int_equal(lines[1], 6);
    assert_int_equal(json_locate_elements(text, len, "/sources/1/key", 1, lines, 2), 2);
    assert_int_equal(lines[0], 9);
    assert_int_equal(lines[1], 10);
    assert_int_equal(json_locate_elements(text, len, "/name", 1, lines, 4), 0);

    struct strbuf sb = STRBUF_INIT;
    json_pointer_append(&sb, "sources");
    json_pointer_append(&sb, "a/b~c");
    assert_string_equal(sb.buf, "/sources/a~1b~0c");
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_are_written_as_jansson_writes_them),
        cmocka_unit_test(integers_and_records_are_written_as_jansson_writes_them),
        cmocka_unit_test(strict_takes_what_jansson_loads),
        cmocka_unit_test(strict_stops_at_janssons_depth),
        cmocka_unit_test(generated_text_agrees_with_jansson),
        cmocka_unit_test(flags_refuse_what_they_say),
        cmocka_unit_test(integers_and_kinds_are_read),
        cmocka_unit_test(locator_names_the_line_of_the_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
