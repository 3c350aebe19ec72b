/*
 * test_changes_head.c: the portal pages read a release's CHANGES.json as a
 * stream (load/changes_head.c), keeping the counts and the first changed
 * facts. Checked on hand-written files with hand-known results, on files cut
 * short or broken (never a partial answer), and on a few thousand generated
 * documents against jansson loading the whole file and reducing it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changes_head.h"

static char dir[] = "/tmp/odp-test-changes-head-XXXXXX";
static char path[sizeof(dir) + 32];

static void put(const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static json_t *read_text(const char *text, size_t keep)
{
    put(text, strlen(text));
    return changes_head_read(path, keep);
}

static const char changes[] =
    "{\n"
    "  \"previous_version\": \"1.0.0\",\n"
    "  \"first_release\": false,\n"
    "  \"facts_total\": 7,\n"
    "  \"added_count\": 1,\n"
    "  \"removed_count\": 1,\n"
    "  \"changed_count\": 3,\n"
    "  \"added\": [{\"fact_id\": \"f-]1\", \"value\": \"12\", \"note\": \"{[\\\"\\\\\"}],\n"
    "  \"removed\": [{\"fact_id\": \"f\\\"}2\", \"value\": null, \"x\": [1, [2, {\"y\": -3.5e2}]]}],\n"
    "  \"changed\": [\n"
    "    {\"fact_id\": \"a\", \"old\": \"1\", \"new\": \"2\"},\n"
    "    {\"fact_id\": \"b\\u00e9\", \"old\": null, \"new\": \"3\"},\n"
    "    {\"fact_id\": \"c\", \"old\": \"4\", \"new\": \"5\"}\n"
    "  ],\n"
    "  \"version\": \"1.1.0\"\n"
    "}\n";

static void keeps_counts_versions_and_the_first_changes(void **state)
{
    (void)state;
    json_t *h = read_text(changes, 2);
    assert_non_null(h);
    assert_string_equal(json_string_value(json_object_get(h, "previous_version")), "1.0.0");
    assert_true(json_is_false(json_object_get(h, "first_release")));
    assert_int_equal(json_integer_value(json_object_get(h, "facts_total")), 7);
    assert_int_equal(json_integer_value(json_object_get(h, "added_count")), 1);
    assert_int_equal(json_integer_value(json_object_get(h, "removed_count")), 1);
    assert_int_equal(json_integer_value(json_object_get(h, "changed_count")), 3);
    assert_string_equal(json_string_value(json_object_get(h, "version")), "1.1.0");
    /* the lists are left out, "changed" is cut to its first two */
    assert_null(json_object_get(h, "added"));
    assert_null(json_object_get(h, "removed"));
    json_t *ch = json_object_get(h, "changed");
    assert_int_equal(json_array_size(ch), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0), "fact_id")), "a");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 0), "new")), "2");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ch, 1), "fact_id")), "b\xC3\xA9");
    assert_true(json_is_null(json_object_get(json_array_get(ch, 1), "old")));
    assert_int_equal(json_object_size(h), 8);
    json_decref(h);

    /* keep 0: an empty list; keep more than there are: all of them */
    h = read_text(changes, 0);
    assert_int_equal(json_array_size(json_object_get(h, "changed")), 0);
    json_decref(h);
    h = read_text(changes, 100);
    assert_int_equal(json_array_size(json_object_get(h, "changed")), 3);
    json_decref(h);

    /* a duplicate key: the last one counts, as when jansson loads it */
    h = read_text("{\"a\": 1, \"a\": [1], \"b\": 2, \"b\": 3, \"c\": {}, \"c\": \"x\"}", 5);
    assert_non_null(h);
    assert_null(json_object_get(h, "a"));
    assert_int_equal(json_integer_value(json_object_get(h, "b")), 3);
    assert_string_equal(json_string_value(json_object_get(h, "c")), "x");
    json_decref(h);

    h = read_text(" {} ", 5);
    assert_non_null(h);
    assert_int_equal(json_object_size(h), 0);
    json_decref(h);
}

static void a_cut_or_broken_file_gives_nothing(void **state)
{
    (void)state;
    /* every prefix short of the closing brace */
    size_t end = strrchr(changes, '}') - changes;
    for (size_t n = 0; n <= end; n++) {
        put(changes, n);
        json_t *h = changes_head_read(path, 2);
        if (h)
            print_error("a file cut after %zu bytes was read\n", n);
        assert_null(h);
    }
    static const char *const broken[] = {
        "",
        "[]",
        "\"changes\"",
        "{\"a\": 1} x",
        "{\"a\": 1}}",
        "{\"a\" 1}",
        "{\"a\": 1,}",
        "{a: 1}",
        "{\"added\": [1, 2}",
        "{\"added\": [\"abc]}",
        "{\"added\": [\"\\x\"]}",
        "{\"added\": [\"\\u12G4\"]}",
        "{\"added\": [\"tab\there\"]}",
        "{\"added\": [,]}",
        "{\"added\": [1 2]}",
        "{\"added\": {\"k\" 1}}",
        "{\"changed\": [{\"a\": 1}, {\"b\": }]}",
        "{\"version\": \"1.0\\u0000\"}",
        "{\"version\": 01}",
    };
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        json_t *h = read_text(broken[i], 2);
        if (h)
            print_error("broken file %s was read\n", broken[i]);
        assert_null(h);
    }
    char missing[sizeof(dir) + 32];
    snprintf(missing, sizeof(missing), "%s/none.json", dir);
    assert_null(changes_head_read(missing, 2));
}

/* ---- generated documents against jansson ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static json_t *gen_string(void)
{
    static const char *const bits[] = {"a", "]", "[", "{", "}", "\"", "\\", ",", ":", " ", "\n",
                                       "\xC3\xA9", "\xE2\x82\xAC", "/", "\x01", "0", "changed"};
    char buf[64] = "";
    for (unsigned i = 0, n = rnd(6); i < n; i++)
        strcat(buf, bits[rnd(sizeof(bits) / sizeof(bits[0]))]);
    return json_string(buf);
}

static json_t *gen_value(int depth)
{
    switch (rnd(depth > 3 ? 6 : 8)) {
    case 0: return json_null();
    case 1: return json_boolean(rnd(2));
    case 2: return json_integer((json_int_t)rnd(2000000) - 1000000);
    case 3: return json_real((double)rnd(100000) / 64.0 - 300.0);
    case 4:
    case 5: return gen_string();
    case 6: {
        json_t *a = json_array();
        for (unsigned i = 0, n = rnd(5); i < n; i++)
            json_array_append_new(a, gen_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = 0, n = rnd(5); i < n; i++) {
            json_t *k = gen_string();
            json_object_set_new(o, json_string_value(k), gen_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    }
}

/* what changes_head_read must give: the whole file's object, reduced */
static json_t *reduce(json_t *full, size_t keep)
{
    json_t *want = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(full, k, v) {
        if (!strcmp(k, "changed") && json_is_array(v)) {
            json_t *a = json_array();
            for (size_t j = 0; j < json_array_size(v) && j < keep; j++)
                json_array_append(a, json_array_get(v, j));
            json_object_set_new(want, k, a);
        } else if (!json_is_array(v) && !json_is_object(v)) {
            json_object_set(want, k, v);
        }
    }
    return want;
}

static void generated_documents_agree_with_jansson(void **state)
{
    (void)state;
    static const size_t flags[] = {0, JSON_INDENT(2), JSON_COMPACT, JSON_ENSURE_ASCII | JSON_INDENT(1),
                                   JSON_COMPACT | JSON_ENSURE_ASCII};
    for (int i = 0; i < 3000; i++) {
        json_t *doc = json_object();
        static const char *const keys[] = {"version", "facts_total", "added", "removed", "changed",
                                           "first_release", "changed_count", "x"};
        for (unsigned j = 0, n = 1 + rnd(8); j < n; j++) {
            const char *key = keys[rnd(sizeof(keys) / sizeof(keys[0]))];
            json_t *v = gen_value(1);
            if (!strcmp(key, "changed") && rnd(3)) {
                json_decref(v);
                v = json_array();
                for (unsigned e = 0, ne = rnd(30); e < ne; e++)
                    json_array_append_new(v, gen_value(2));
            }
            json_object_set_new(doc, key, v);
        }
        size_t keep = rnd(4) ? 20 : rnd(3);
        char *text = json_dumps(doc, flags[rnd(sizeof(flags) / sizeof(flags[0]))] | JSON_REAL_PRECISION(17));
        assert_non_null(text);
        put(text, strlen(text));
        json_t *want = reduce(doc, keep), *got = changes_head_read(path, keep);
        if (!got || !json_equal(want, got))
            print_error("document %d differs: %s\n", i, text);
        assert_non_null(got);
        assert_true(json_equal(want, got));
        /* cut short anywhere inside its outermost braces: nothing */
        size_t cut = rnd((unsigned)strlen(text));
        put(text, cut);
        json_t *part = changes_head_read(path, keep);
        if (part)
            print_error("document %d cut after %zu bytes was read: %s\n", i, cut, text);
        assert_null(part);
        json_decref(want);
        json_decref(got);
        json_decref(doc);
        free(text);
    }
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/CHANGES.json", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keeps_counts_versions_and_the_first_changes),
        cmocka_unit_test(a_cut_or_broken_file_gives_nothing),
        cmocka_unit_test(generated_documents_agree_with_jansson),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
