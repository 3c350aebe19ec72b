/*
 * test_pipeline.c: pipeline_load accepts a good pipeline file and rejects a bad
 * one with a message a steward can act on: "FILE:LINE:COL" for a JSON syntax
 * error, "FILE:LINE: source "ID": why" for a bad source, LINE being the line of
 * the offending key. Also the identifiers built from a source (document_id,
 * municipality slug).
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

#include "pipeline.h"

/* Write text to a fresh temporary file; path receives its name. */
static void write_temp(const char *text, char path[64])
{
    strcpy(path, "/tmp/odp-test-pipeline-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
}

/* One source, one key a line, so each key's line is known:
 *  1 {                       6   "cbs_code"      10  "url"
 *  2   "name": "t",          7   "municipality"  11  (extra, if any)
 *  3   "sources": [          8   "doc_type"
 *  4     {                   9   "year"
 *  5       "id": ...                                                 */
static void one_source(char *out, size_t cap, const char *id, const char *cbs,
                       const char *doc_type, const char *url, const char *extra)
{
    snprintf(out, cap,
             "{\n"
             "  \"name\": \"t\",\n"
             "  \"sources\": [\n"
             "    {\n"
             "      \"id\": \"%s\",\n"
             "      \"cbs_code\": \"%s\",\n"
             "      \"municipality\": \"Deventer\",\n"
             "      \"doc_type\": \"%s\",\n"
             "      \"year\": 2025,\n"
             "      \"url\": \"%s\"%s\n"
             "    }\n"
             "  ]\n"
             "}\n",
             id, cbs, doc_type, url, extra);
}

#define GOOD_URL "https://deventer.begroting-2025.nl/"

/* Load text expecting failure; err receives the message, path the file name. */
static int load_bad(const char *text, char path[64], struct odp_error *err)
{
    struct pipeline *p = NULL;
    write_temp(text, path);
    memset(err, 0, sizeof(*err));
    int rc = pipeline_load(path, &p, err);
    unlink(path);
    assert_int_not_equal(rc, ODP_OK);
    assert_int_equal(err->code, rc);
    return rc;
}

/* The message starts with "PATH:LINE: source "ID": " and contains why. */
#define assert_source_error(text, line, id, why)                                           \
    do {                                                                                   \
        char path_[64], prefix_[160];                                                      \
        struct odp_error err_;                                                             \
        assert_int_equal(load_bad((text), path_, &err_), ODP_EINVAL);                      \
        snprintf(prefix_, sizeof(prefix_), "%s:%d: source \"%s\": ", path_, (line), (id)); \
        if (strncmp(err_.msg, prefix_, strlen(prefix_)) != 0)                              \
            fail_msg("message \"%s\" does not start with \"%s\"", err_.msg, prefix_);      \
        if (!strstr(err_.msg, (why)))                                                      \
            fail_msg("message \"%s\" does not mention \"%s\"", err_.msg, (why));           \
    } while (0)

static void good_file_loads(void **state)
{
    char path[64];
    write_temp("{\n"
               "  \"name\": \"deventer\",\n"
               "  \"portal\": { \"base_url\": \"https://data.example.nl/\", \"publisher\": "
               "\"Gemeente Deventer\", \"publisher_uri\": "
               "\"https://identifier.overheid.nl/tooi/id/gemeente/gm0150\",\n"
               "              \"contact\": { \"email\": \"opendata@example.nl\" } },\n"
               "  \"sources\": [\n"
               "    { \"id\": \"begroting-2025\", \"cbs_code\": \"GM0150\",\n"
               "      \"municipality\": \"Deventer\", \"doc_type\": \"begroting\",\n"
               "      \"year\": 2025, \"url\": \"https://Deventer.Begroting-2025.nl/\",\n"
               "      \"pages\": [\"https://deventer.begroting-2025.nl/p21636/burger-en-bestuur\"] },\n"
               "    { \"id\": \"berap-2025-2\", \"cbs_code\": \"GM0150\",\n"
               "      \"municipality\": \"Deventer\", \"doc_type\": \"bestuursrapportage\",\n"
               "      \"doc_label\": \"Tweede bestuursrapportage\", \"year\": 2025, \"seq\": 2,\n"
               "      \"max_pages\": 40, \"url\": \"http://berap.example.nl/\" }\n"
               "  ]\n"
               "}\n",
               path);
    struct pipeline *p = NULL;
    struct odp_error err = {0};
    int rc = pipeline_load(path, &p, &err);
    unlink(path);
    if (rc != ODP_OK)
        fail_msg("pipeline_load failed: %s", err.msg);
    assert_string_equal(p->name, "deventer");
    assert_string_equal(p->base_url, "https://data.example.nl/");
    assert_string_equal(p->contact_email, "opendata@example.nl");
    assert_string_equal(p->publisher_uri, "https://identifier.overheid.nl/tooi/id/gemeente/gm0150");
    assert_string_equal(p->license, "CC-BY-4.0"); /* the default */
    assert_int_equal(p->nsources, 2);

    const struct source *s = &p->sources[0];
    assert_string_equal(s->id, "begroting-2025");
    assert_string_equal(s->cbs_code, "GM0150");
    assert_string_equal(s->municipality, "Deventer");
    assert_string_equal(s->doc_type, "begroting");
    assert_string_equal(s->doc_label, "begroting"); /* defaults to doc_type */
    assert_int_equal(s->year, 2025);
    assert_int_equal(s->seq, 0);
    assert_string_equal(s->host, "deventer.begroting-2025.nl");
    assert_int_equal(s->npages, 1);
    assert_string_equal(s->pages[0], "https://deventer.begroting-2025.nl/p21636/burger-en-bestuur");
    assert_int_equal(s->max_pages, 500);
    assert_int_equal(s->line, 6);

    s = pipeline_find_source(p, "berap-2025-2");
    assert_ptr_equal(s, &p->sources[1]);
    assert_string_equal(s->doc_label, "Tweede bestuursrapportage");
    assert_int_equal(s->seq, 2);
    assert_int_equal(s->max_pages, 40);
    assert_int_equal(s->line, 10);
    char *id = source_document_id(s);
    assert_string_equal(id, "GM0150-bestuursrapportage-2025-02");
    free(id);
    assert_null(pipeline_find_source(p, "nope"));
    pipeline_free(p);
}

static void syntax_error_names_file_line_and_column(void **state)
{
    char path[64], want[96];
    struct odp_error err;
    /* line 3 column 1 holds a bare word */
    int rc = load_bad("{\n  \"name\": \"t\",\nx\n}\n", path, &err);
    assert_int_equal(rc, ODP_EPARSE);
    snprintf(want, sizeof(want), "%s:3:1:", path);
    if (strncmp(err.msg, want, strlen(want)) != 0)
        fail_msg("message \"%s\" does not start with \"%s\"", err.msg, want);
}

static void url_must_be_http_or_https(void **state)
{
    char text[1024];
    one_source(text, sizeof(text), "good", "GM0150", "begroting", "ftp://x", "");
    assert_source_error(text, 10, "good", "http://");
    one_source(text, sizeof(text), "good", "GM0150", "begroting", "deventer.nl", "");
    assert_source_error(text, 10, "good", "https://");
}

static void cbs_code_must_be_gm_and_four_digits(void **state)
{
    char text[1024];
    one_source(text, sizeof(text), "good", "0150", "begroting", GOOD_URL, "");
    assert_source_error(text, 6, "good", "cbs_code");
    one_source(text, sizeof(text), "good", "GM150", "begroting", GOOD_URL, "");
    assert_source_error(text, 6, "good", "cbs_code");
    one_source(text, sizeof(text), "good", "GM01500", "begroting", GOOD_URL, "");
    assert_source_error(text, 6, "good", "cbs_code");
}

static void doc_type_must_be_in_the_vocabulary(void **state)
{
    char text[1024];
    one_source(text, sizeof(text), "good", "GM0150", "begrooting", GOOD_URL, "");
    assert_source_error(text, 8, "good", "doc_type");
    assert_true(doc_type_is_known("jaarverslag"));
    assert_true(doc_type_is_known("bestuursrapportage"));
    assert_false(doc_type_is_known("begrooting"));
}

static void id_must_be_lower_case(void **state)
{
    char text[1024];
    one_source(text, sizeof(text), "Begroting 2025", "GM0150", "begroting", GOOD_URL, "");
    assert_source_error(text, 5, "Begroting 2025", "id");
}

static void unknown_key_is_named_on_its_line(void **state)
{
    char text[1024];
    one_source(text, sizeof(text), "good", "GM0150", "begroting", GOOD_URL,
               ",\n      \"colour\": \"red\"");
    assert_source_error(text, 11, "good", "colour");
}

static void pages_must_be_on_the_source_host(void **state)
{
    char text[1024];
    one_source(text, sizeof(text), "good", "GM0150", "begroting", GOOD_URL,
               ",\n      \"pages\": [\"https://evil.example.nl/p1\"]");
    assert_source_error(text, 11, "good", "evil.example.nl");
}

static void duplicate_id_points_at_the_second(void **state)
{
    const char *text = "{\n"
                       "  \"name\": \"t\",\n"
                       "  \"sources\": [\n"
                       "    { \"id\": \"dup\", \"cbs_code\": \"GM0150\", \"municipality\": \"D\",\n"
                       "      \"doc_type\": \"begroting\", \"year\": 2025, \"url\": \"https://a.nl/\" },\n"
                       "    {\n"
                       "      \"id\": \"dup\", \"cbs_code\": \"GM0150\", \"municipality\": \"D\",\n"
                       "      \"doc_type\": \"jaarverslag\", \"year\": 2025, \"url\": \"https://a.nl/\"\n"
                       "    }\n"
                       "  ]\n"
                       "}\n";
    assert_source_error(text, 7, "dup", "line 4");
}

static void error_names_the_right_source_among_several(void **state)
{
    const char *text = "{\n"
                       "  \"name\": \"t\",\n"
                       "  \"sources\": [\n"
                       "    { \"id\": \"a\", \"cbs_code\": \"GM0150\", \"municipality\": \"D\",\n"
                       "      \"doc_type\": \"begroting\", \"year\": 2025, \"url\": \"https://a.nl/\" },\n"
                       "    { \"id\": \"b\", \"cbs_code\": \"GM0150\", \"municipality\": \"D\",\n"
                       "      \"doc_type\": \"begroting\", \"year\": 2025,\n"
                       "      \"url\": \"gopher://b.nl/\" }\n"
                       "  ]\n"
                       "}\n";
    assert_source_error(text, 8, "b", "http");
}

static void document_id_adds_two_digit_seq(void **state)
{
    struct source s = {0};
    s.cbs_code = "GM0150";
    s.doc_type = "bestuursrapportage";
    s.year = 2025;
    s.seq = 2;
    char *id = source_document_id(&s);
    assert_string_equal(id, "GM0150-bestuursrapportage-2025-02");
    free(id);
    s.doc_type = "begroting";
    s.year = 2026;
    s.seq = 0;
    id = source_document_id(&s);
    assert_string_equal(id, "GM0150-begroting-2026");
    free(id);
}

#define assert_slug(name, expected)                                                        \
    do {                                                                                   \
        struct source s_ = {0};                                                            \
        s_.municipality = (name);                                                          \
        char *slug_ = source_municipality_slug(&s_);                                       \
        assert_string_equal(slug_, (expected));                                            \
        free(slug_);                                                                       \
    } while (0)

static void municipality_slug_is_lower_case_ascii_with_dashes(void **state)
{
    assert_slug("Oude IJsselstreek", "oude-ijsselstreek");
    assert_slug("Deventer", "deventer");
    assert_slug("'s-Hertogenbosch", "s-hertogenbosch");
    assert_slug("Edam-Volendam", "edam-volendam");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_file_loads),
        cmocka_unit_test(syntax_error_names_file_line_and_column),
        cmocka_unit_test(url_must_be_http_or_https),
        cmocka_unit_test(cbs_code_must_be_gm_and_four_digits),
        cmocka_unit_test(doc_type_must_be_in_the_vocabulary),
        cmocka_unit_test(id_must_be_lower_case),
        cmocka_unit_test(unknown_key_is_named_on_its_line),
        cmocka_unit_test(pages_must_be_on_the_source_host),
        cmocka_unit_test(duplicate_id_points_at_the_second),
        cmocka_unit_test(error_names_the_right_source_among_several),
        cmocka_unit_test(document_id_adds_two_digit_seq),
        cmocka_unit_test(municipality_slug_is_lower_case_ascii_with_dashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
