/*
 * test_extract_tables.c: header detection, grid spans and the legend lexicon,
 * through page_extract on small tables: what a table record says about its
 * rows (header / body / legend / title), its column label paths and its
 * scale and sign convention, with where each was found.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "legend.h"
#include "page.h"

#define EURO "\xE2\x82\xAC"

/* The first table record of html (new reference). */
static json_t *first_table(const char *html)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct page_counts counts;
    struct odp_error err = {0};
    assert_int_equal(page_extract(html, strlen(html), f, &counts, &err), 0);
    fclose(f);
    json_t *t = NULL;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        json_t *rec = json_loads(line, 0, NULL);
        assert_non_null(rec);
        if (!t && !strcmp(json_string_value(json_object_get(rec, "type")), "table")) {
            t = rec;
            continue;
        }
        json_decref(rec);
    }
    free(buf);
    assert_non_null(t);
    return t;
}

static const char *kind(json_t *t, int r)
{
    return json_string_value(json_array_get(json_object_get(t, "row_kinds"), (size_t)r));
}

/* A column's header levels joined with " > ", as transform publishes them
 * (kept per table in a static buffer: the tests compare it at once). */
static const char *col_label(json_t *t, int c)
{
    static char buf[512];
    json_t *levels = json_array_get(json_object_get(t, "col_levels"), (size_t)c);
    size_t i;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(levels, i, v) {
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " > " : "", json_string_value(v));
    }
    return buf;
}

static const char *str(json_t *t, const char *key)
{
    return json_string_value(json_object_get(t, key));
}

static void thead_rows_are_headers(void **state)
{
    json_t *t = first_table("<table><thead><tr><td>Omschrijving</td><td>2026</td></tr></thead>"
                            "<tbody><tr><td>Lonen</td><td>-240</td></tr></tbody></table>");
    assert_string_equal(kind(t, 0), "header");
    assert_string_equal(kind(t, 1), "body");
    assert_string_equal(col_label(t, 1), "2026");
    json_decref(t);
}

static void leading_rows_of_years_without_th_are_headers(void **state)
{
    json_t *t = first_table("<table><tr><td></td><td>2019</td><td>2020</td></tr>"
                            "<tr><td>Lasten</td><td>61.149</td><td>60.165</td></tr></table>");
    assert_string_equal(kind(t, 0), "header");
    assert_string_equal(kind(t, 1), "body");
    assert_string_equal(col_label(t, 2), "2020");
    json_decref(t);
}

static void group_header_with_colspan_labels_the_years_below(void **state)
{
    json_t *t = first_table(
        "<table><tr><td colspan=\"2\">Realisatie cijfers</td><td>Streefcijfers</td></tr>"
        "<tr><td>2022</td><td>2023</td><td>2023</td></tr>"
        "<tr><td>62</td><td></td><td></td></tr></table>");
    assert_string_equal(kind(t, 0), "header");
    assert_string_equal(kind(t, 1), "header");
    assert_string_equal(kind(t, 2), "body");
    assert_string_equal(col_label(t, 0), "Realisatie cijfers > 2022");
    assert_string_equal(col_label(t, 1), "Realisatie cijfers > 2023");
    assert_string_equal(col_label(t, 2), "Streefcijfers > 2023");
    json_decref(t);
}

static void bold_first_row_is_a_header(void **state)
{
    json_t *t = first_table("<table><tr><td><b>Omschrijving</b></td><td><b>Bedrag</b></td></tr>"
                            "<tr><td>Lonen</td><td>12</td></tr></table>");
    assert_string_equal(kind(t, 0), "header");
    assert_string_equal(col_label(t, 1), "Bedrag");
    json_decref(t);
}

static void rowspan_header_cell_labels_both_rows(void **state)
{
    json_t *t =
        first_table("<table><thead><tr><th rowspan=\"2\">Rekening 2020</th><th colspan=\"2\">"
                    "Meerjarenraming</th></tr><tr><th>2023</th><th>2024</th></tr></thead>"
                    "<tbody><tr><td>0</td><td>1</td><td>2</td></tr></tbody></table>");
    assert_string_equal(col_label(t, 0), "Rekening 2020");
    assert_string_equal(col_label(t, 1), "Meerjarenraming > 2023");
    assert_string_equal(col_label(t, 2), "Meerjarenraming > 2024");
    assert_int_equal(json_integer_value(json_object_get(t, "cols")), 3);
    json_decref(t);
}

static void legend_row_gives_scale_sign_and_title(void **state)
{
    json_t *t = first_table("<table><tr><td>bedragen x " EURO "1.000 (-/- = Nadeel)</td><td></td>"
                            "<td></td></tr><tr><td>Omschrijving</td><td>2026</td><td>2027</td></tr>"
                            "<tr><td>Lonen</td><td>-240</td><td>-240</td></tr></table>");
    assert_string_equal(kind(t, 0), "legend");
    assert_string_equal(kind(t, 1), "header");
    assert_int_equal(json_integer_value(json_object_get(t, "scale")), 1000);
    assert_string_equal(str(t, "scale_source"), "legend_row");
    assert_string_equal(str(t, "sign_convention"), "minus_is_disadvantage");
    assert_string_equal(str(t, "title_source"), "legend_row");
    json_decref(t);
}

static void caption_wins_over_the_paragraph_before(void **state)
{
    json_t *t = first_table("<p>(bedragen x 1.000 euro)</p><table><caption>Bedragen x " EURO
                            " 1.000</caption><tr><td>Lonen</td><td>1</td></tr></table>");
    assert_string_equal(str(t, "scale_source"), "caption");
    assert_string_equal(str(t, "title_source"), "caption");
    json_decref(t);
}

static void scale_in_a_header_cell(void **state)
{
    json_t *t = first_table("<table><tr><th>Programma (in " EURO " 1.000)</th><th>Baten</th></tr>"
                            "<tr><td>1 Burger en Bestuur</td><td>329</td></tr></table>");
    assert_int_equal(json_integer_value(json_object_get(t, "scale")), 1000);
    assert_string_equal(str(t, "scale_source"), "header_cell");
    json_decref(t);
}

/* Every spelling of research 5.5, scale and sign. */
static void every_legend_spelling_of_the_research(void **state)
{
    static const char *const thousands[] = {"bedragen x " EURO "1.000",
                                            "(Bedragen x " EURO " 1.000)",
                                            "bedrag x " EURO " 1.000",
                                            "x " EURO " 1.000",
                                            "(x " EURO " 1.000)",
                                            "bedragen x 1.000,-",
                                            "(bedragen x 1.000 euro)",
                                            "Programma (in " EURO " 1.000)",
                                            "(bedragen * " EURO " 1.000)",
                                            "Bedragen x 1000",
                                            "(bedragen x " EURO " 1.000 ; - = nadeel)",
                                            "(bedragen x 1.000 euro)",
                                            NULL};
    for (int i = 0; thousands[i]; i++) {
        struct legend_info li = {0};
        assert_true(legend_scan(thousands[i], &li) & LEGEND_SCALE);
        assert_int_equal(li.scale, 1000);
    }
    static const struct {
        const char *text, *conv;
    } signs[] = {{"(-/- = Nadeel)", "minus_is_disadvantage"},
                 {"(-/- = nadeel)", "minus_is_disadvantage"},
                 {"(bedragen x " EURO " 1.000 ; - = nadeel)", "minus_is_disadvantage"},
                 {"+ is nadeel \xE2\x80\xA6 - is voordeel", "plus_is_disadvantage"},
                 {"Verschil (+ voordeel, - nadeel)", "minus_is_disadvantage"},
                 {"+/+ is voordelig -/- is nadelig", "minus_is_disadvantage"},
                 {"bedragen met een \xE2\x80\x93 teken ervoor betekenen lasten of negatieve baten",
                  "minus_is_expense"},
                 {"N is nadeel, V is voordeel", "n_is_disadvantage"},
                 {NULL, NULL}};
    for (int i = 0; signs[i].text; i++) {
        struct legend_info li = {0};
        assert_true(legend_scan(signs[i].text, &li) & LEGEND_SIGN);
        assert_string_equal(li.sign_convention, signs[i].conv);
    }
    struct legend_info li = {0};
    assert_true(legend_scan("bedragen in " EURO, &li) & LEGEND_SCALE);
    assert_int_equal(li.scale, 1);
    li = (struct legend_info){0};
    assert_int_equal(legend_scan("Het saldo is " EURO " 8,1 miljoen voordelig.", &li), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thead_rows_are_headers),
        cmocka_unit_test(leading_rows_of_years_without_th_are_headers),
        cmocka_unit_test(group_header_with_colspan_labels_the_years_below),
        cmocka_unit_test(bold_first_row_is_a_header),
        cmocka_unit_test(rowspan_header_cell_labels_both_rows),
        cmocka_unit_test(legend_row_gives_scale_sign_and_title),
        cmocka_unit_test(caption_wins_over_the_paragraph_before),
        cmocka_unit_test(scale_in_a_header_cell),
        cmocka_unit_test(every_legend_spelling_of_the_research),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
