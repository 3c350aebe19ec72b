/*
 * test_record_scan.c: publish reads record lines without jansson where it
 * can (load/record_scan.c) and its own published lines back as spans
 * (load/row_view.c). Whatever record_scan takes must be what jansson makes
 * of the line, member by member; what it cannot vouch for (escapes, reals,
 * "-0", nesting, bad UTF-8, anything after the object) it must leave to
 * jansson. A line json_dump_compact wrote must come back from row_view with
 * each value's text and string as jansson has them. Hand-written lines, then
 * 20,000 generated ones with random flaws.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonout.h"
#include "record_scan.h"
#include "row_view.h"

/* When record_scan takes line, jansson loads it and agrees on every key. */
static int agrees(const char *line)
{
    struct record_scan rs = RECORD_SCAN_INIT;
    size_t len = strlen(line);
    int taken = !record_scan_line(&rs, line, len);
    if (taken) {
        json_t *j = json_loadb(line, len, 0, NULL);
        assert_non_null(j);
        assert_int_equal(json_object_size(j) <= rs.n, 1);
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            const struct record_member *m = record_scan_get(&rs, key);
            assert_non_null(m);
            struct strbuf sb = STRBUF_INIT;
            jsonout_compact(v, &sb);
            assert_int_equal(m->len, sb.len);
            assert_memory_equal(m->text, sb.buf, sb.len);
            strbuf_release(&sb);
            enum record_kind k = json_is_string(v)    ? REC_STRING
                                 : json_is_integer(v) ? REC_INTEGER
                                 : json_is_true(v)    ? REC_TRUE
                                 : json_is_false(v)   ? REC_FALSE
                                                      : REC_NULL;
            assert_int_equal(m->kind, k);
        }
        for (size_t i = 0; i < rs.n; i++) {
            char *k = strndup(rs.m[i].key, rs.m[i].klen);
            assert_non_null(json_object_get(j, k));
            free(k);
        }
        json_decref(j);
    }
    record_scan_release(&rs);
    return taken;
}

static void takes_plain_lines_as_jansson_reads_them(void **state)
{
    (void)state;
    assert_true(agrees("{\"a\":1,\"b\":\"x\",\"c\":null,\"d\":true,\"e\":false}"));
    assert_true(agrees("{\"a\": 1, \"b\": \"é €\"}\n"));
    assert_true(agrees(" {\"a\":-12,\"z\":0}\r\n"));
    assert_true(agrees("{}"));
    assert_true(agrees("{\"a\":1,\"a\":2}")); /* the last of duplicates */
    assert_true(agrees("{\"n\":-999999999999999999}"));
}

static void leaves_the_rest_to_jansson(void **state)
{
    (void)state;
    const char *left[] = {
        "{\"a\":\"x\\\"y\"}",
        "{\"a\\u0041\":1}",
        "{\"a\":1.5}",
        "{\"a\":1e3}",
        "{\"a\":-0}",
        "{\"a\":01}",
        "{\"a\":[1]}",
        "{\"a\":{}}",
        "{\"a\":1}x",
        "{\"a\":1,}",
        "{\"a\":\"\xff\"}",
        "{\"a\":\"\x01\"}",
        "{\"a\":1234567890123456789}",
        "[1]",
        "{\"a\" 1}",
        "{\"a\":nul}",
        "{\"a\":truex}",
        "{\"a\":\"x}",
        "",
        "{\"a\":1}{}",
        "{\"a\":-}",
    };
    for (size_t i = 0; i < sizeof(left) / sizeof(*left); i++)
        assert_false(agrees(left[i]));
}

static unsigned long long rnd = 1;
static unsigned next(void)
{
    rnd = rnd * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rnd >> 33);
}

static void generated_lines_agree_with_jansson(void **state)
{
    (void)state;
    static const char *const atoms[] = {
        "1",        "-7",   "0",       "-0",        "007",   "12345678901234567",
        "1.5",      "\"\"", "\"abc\"", "\"a b,c\"", "\"é\"", "\"\\n\"",
        "\"\xc3\"", "null", "true",    "false",     "[]",    "{\"x\":1}",
        "\"\x7f\"", "nul",  "\"\t\""};
    static const char *const keys[] = {"\"a\"", "\"b\"", "\"fact_id\"", "\"\"", "\"k\\u0041\""};
    static const char *const ws[] = {"", "", "", " ", "\n", "\t", "\r\n"};
    int taken = 0;
    for (int t = 0; t < 20000; t++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addstr(&sb, ws[next() % 7]);
        strbuf_addch(&sb, '{');
        int n = (int)(next() % 6);
        for (int i = 0; i < n; i++) {
            if (i)
                strbuf_addch(&sb, ',');
            strbuf_addstr(&sb, ws[next() % 7]);
            strbuf_addstr(&sb, keys[next() % 4 + (next() % 20 == 0)]);
            strbuf_addstr(&sb, ws[next() % 7]);
            strbuf_addch(&sb, ':');
            strbuf_addstr(&sb, ws[next() % 7]);
            strbuf_addstr(&sb, atoms[next() % (sizeof(atoms) / sizeof(*atoms))]);
        }
        strbuf_addch(&sb, '}');
        strbuf_addstr(&sb, ws[next() % 7]);
        if (next() % 10 == 0 && sb.len)
            sb.buf[next() % sb.len] = "x,:}{\"\\ "[next() % 8];
        taken += agrees(sb.buf);
        strbuf_release(&sb);
    }
    assert_true(taken > 500);
}

/* row_view: each value of a json_dump_compact line, as jansson holds it. */
static void row_view_reads_back_dumped_lines(void **state)
{
    (void)state;
    const char *lines[] = {
        "{\"a\":1,\"b\":\"x\\\"y\\\\z\\n\\u0001\",\"c\":null,\"d\":[1,{\"e\":\"]}\"}],\"f\":2.5,"
        "\"g\":true,\"h\":false,\"i\":\"\\u20ac\\ud83d\\ude00\",\"j\":{}}",
        "{\"x\":-5}",
        "{}",
    };
    for (size_t l = 0; l < sizeof(lines) / sizeof(*lines); l++) {
        json_t *j = json_loads(lines[l], 0, NULL);
        assert_non_null(j);
        struct strbuf line = STRBUF_INIT;
        jsonout_compact(j, &line);
        struct row_view rv = ROW_VIEW_INIT;
        assert_int_equal(row_view_scan(&rv, line.buf, line.len), 0);
        assert_int_equal(rv.n, json_object_size(j));
        size_t i = 0;
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            struct strbuf sb = STRBUF_INIT;
            jsonout_compact(v, &sb);
            assert_int_equal(rv.v[i].len, sb.len);
            assert_memory_equal(rv.v[i].text, sb.buf, sb.len);
            strbuf_release(&sb);
            if (json_is_string(v))
                assert_string_equal(row_view_string(&rv, i), json_string_value(v));
            else
                assert_null(row_view_string(&rv, i));
            if (rv.v[i].kind == ROW_OTHER) {
                json_t *o = row_value_json(&rv.v[i]);
                assert_true(json_equal(o, v));
                json_decref(o);
            }
            i++;
        }
        row_view_release(&rv);
        strbuf_release(&line);
        json_decref(j);
    }
    struct row_view rv = ROW_VIEW_INIT;
    assert_int_equal(row_view_scan(&rv, "{\"a\":1", 6), -1);
    assert_int_equal(row_view_scan(&rv, "{\"a\":\"x}", 8), -1);
    assert_int_equal(row_view_scan(&rv, "{\"a\":1}x", 8), -1);
    row_view_release(&rv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(takes_plain_lines_as_jansson_reads_them),
        cmocka_unit_test(leaves_the_rest_to_jansson),
        cmocka_unit_test(generated_lines_agree_with_jansson),
        cmocka_unit_test(row_view_reads_back_dumped_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
