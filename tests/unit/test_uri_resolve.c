/*
 * test_uri_resolve.c: RFC 3986 reference resolution (lib/uri.c, uri_resolve,
 * which the JSON Schema validator resolves $id and $ref with) on the examples
 * of RFC 3986 section 5.4 (base http://a/b/c/d;p?q), whose expected results
 * are the RFC's own, and on the shapes JSON Schema documents use: fragments
 * against a URN or an empty base, relative file names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "uri.h"

/* Returns 1 when ref resolves against base to expected, else says what it got. */
static int resolves(const char *base, const char *ref, const char *expected)
{
    struct strbuf out = STRBUF_INIT;
    uri_resolve(base, ref, &out);
    const char *got = out.buf ? out.buf : "";
    int ok = !strcmp(got, expected);
    if (!ok)
        print_error("resolve(\"%s\", \"%s\") = \"%s\", expected \"%s\"\n", base ? base : "(null)", ref,
                    got, expected);
    strbuf_release(&out);
    return ok;
}

/* every case is tried, so one failure shows all of them */
static void check_all(const char *base, const char *const (*cases)[2], size_t n)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += !resolves(base, cases[i][0], cases[i][1]);
    assert_int_equal(failed, 0);
}

#define BASE "http://a/b/c/d;p?q"

static void rfc3986_normal_examples(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y#s"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
    };
    check_all(BASE, cases, sizeof(cases) / sizeof(cases[0]));
}

static void rfc3986_abnormal_examples(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g#s/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
        {"http:g", "http:g"},
    };
    check_all(BASE, cases, sizeof(cases) / sizeof(cases[0]));
}

static void check(const char *base, const char *ref, const char *expected)
{
    assert_true(resolves(base, ref, expected));
}

static void json_schema_identifiers(void **state)
{
    (void)state;
    /* a fragment against the document's own URN, or against no base at all */
    check("urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed", "#/$defs/bar",
          "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed#/$defs/bar");
    check("", "#/$defs/x", "#/$defs/x");
    check(NULL, "#foo", "#foo");
    /* the test suite's remote schemas: a sibling file, a folder, a base with a fragment */
    check("http://localhost:1234/draft2020-12/tree", "node", "http://localhost:1234/draft2020-12/node");
    check("http://localhost:1234/draft2020-12/", "baseUriChange/folderInteger.json",
          "http://localhost:1234/draft2020-12/baseUriChange/folderInteger.json");
    check("http://example.com/root.json#/a", "#/b", "http://example.com/root.json#/b");
    /* an authority with an empty path merges as "/" + reference */
    check("http://example.com", "x.json", "http://example.com/x.json");
    /* the project's own schema ids: absolute references replace the base */
    check("https://odp.example/schemas/facts.schema.json", "https://json-schema.org/draft/2020-12/schema",
          "https://json-schema.org/draft/2020-12/schema");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc3986_normal_examples),
        cmocka_unit_test(rfc3986_abnormal_examples),
        cmocka_unit_test(json_schema_identifiers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
