/*
 * test_table_grid.c: HTML tables (parsed by libxml2's HTML parser, as the extract
 * stage does) become grids per the HTML table model: colspan and rowspan
 * expansion, rowspan=0, clamped colspans, overlapping spans, row-group order,
 * header and bold flags, nested tables kept apart, and cell text normalised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <libxml/HTMLparser.h>

#include "table_grid.h"

struct fixture {
    htmlDocPtr doc;
    struct table_grid g;
};

static xmlNodePtr first_table(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, BAD_CAST "table"))
            return n;
        xmlNodePtr t = first_table(n->children);
        if (t)
            return t;
    }
    return NULL;
}

/* Parse html, build the grid of its first (outermost) table. */
static void build(struct fixture *f, const char *html)
{
    f->doc = htmlReadMemory(html, (int)strlen(html), "test.html", "UTF-8",
                            HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    assert_non_null(f->doc);
    xmlNodePtr table = first_table(xmlDocGetRootElement(f->doc));
    assert_non_null(table);
    table_grid_build(table, &f->g);
}

static void done(struct fixture *f)
{
    table_grid_free(&f->g);
    xmlFreeDoc(f->doc);
}

static const char *text_at(const struct table_grid *g, int r, int c)
{
    assert_in_range(r, 0, g->rows - 1);
    assert_in_range(c, 0, g->cols - 1);
    struct grid_cell *x = table_grid_at(g, r, c);
    assert_non_null(x);
    return x->text;
}

static void colspan_and_rowspan_are_expanded(void **state)
{
    struct fixture f;
    build(&f, "<table>"
              "<tr><td colspan=\"2\">A</td><td rowspan=\"2\">B</td></tr>"
              "<tr><td>C</td><td>D</td></tr>"
              "</table>");
    assert_int_equal(f.g.rows, 2);
    assert_int_equal(f.g.cols, 3);
    assert_int_equal(f.g.ncells, 4);
    assert_string_equal(text_at(&f.g, 0, 0), "A");
    assert_string_equal(text_at(&f.g, 0, 1), "A"); /* spanned slot: same text */
    assert_string_equal(text_at(&f.g, 0, 2), "B");
    assert_string_equal(text_at(&f.g, 1, 2), "B");
    assert_string_equal(text_at(&f.g, 1, 0), "C");
    assert_string_equal(text_at(&f.g, 1, 1), "D");
    /* only the origin slot is a fact */
    assert_true(table_grid_is_origin(&f.g, 0, 0));
    assert_false(table_grid_is_origin(&f.g, 0, 1));
    assert_true(table_grid_is_origin(&f.g, 0, 2));
    assert_false(table_grid_is_origin(&f.g, 1, 2));
    assert_ptr_equal(table_grid_at(&f.g, 0, 0), table_grid_at(&f.g, 0, 1));
    struct grid_cell *a = table_grid_at(&f.g, 0, 0), *b = table_grid_at(&f.g, 0, 2);
    assert_int_equal(a->span_cols, 2);
    assert_int_equal(a->span_rows, 1);
    assert_int_equal(b->span_rows, 2);
    assert_int_equal(b->r0, 0);
    assert_int_equal(b->c0, 2);
    done(&f);
}

/* Cells spanning down push the cells of the rows below to the right, as far
 * as the slots they take: in a long table that is the widest place a cell can
 * reach (the slots are laid out that wide), two spanning cells side by side
 * included. */
static void rowspans_push_later_rows_right_to_the_last_column(void **state)
{
    struct fixture f;
    build(&f, "<table>"
              "<tr><td rowspan=\"6\">L</td><td rowspan=\"6\" colspan=\"2\">M</td><td>1</td></tr>"
              "<tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr>"
              "<tr><td>e</td><td>f</td></tr><tr><td>g</td><td>h</td></tr>"
              "<tr><td>i</td><td>j</td><td>k</td></tr>"
              "</table>");
    assert_int_equal(f.g.rows, 6);
    assert_int_equal(f.g.cols, 6);
    for (int r = 0; r < 6; r++) {
        assert_string_equal(text_at(&f.g, r, 0), "L");
        assert_string_equal(text_at(&f.g, r, 1), "M");
        assert_string_equal(text_at(&f.g, r, 2), "M");
    }
    assert_string_equal(text_at(&f.g, 0, 3), "1");
    assert_null(table_grid_at(&f.g, 0, 4));
    assert_string_equal(text_at(&f.g, 1, 3), "a");
    assert_string_equal(text_at(&f.g, 1, 4), "b");
    assert_string_equal(text_at(&f.g, 4, 4), "h");
    assert_string_equal(text_at(&f.g, 5, 3), "i");
    assert_string_equal(text_at(&f.g, 5, 4), "j");
    assert_string_equal(text_at(&f.g, 5, 5), "k");
    assert_null(table_grid_at(&f.g, 4, 5));
    assert_int_equal(table_grid_at(&f.g, 5, 5)->c0, 5);
    done(&f);
}

static void short_row_leaves_empty_slots(void **state)
{
    struct fixture f;
    build(&f, "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>");
    assert_int_equal(f.g.cols, 2);
    assert_null(table_grid_at(&f.g, 1, 1));
    assert_false(table_grid_is_origin(&f.g, 1, 1));
    done(&f);
}

static void rowspan_zero_spans_to_end_of_row_group(void **state)
{
    struct fixture f;
    build(&f, "<table>"
              "<thead><tr><th>h1</th><th>h2</th></tr></thead>"
              "<tbody><tr><td rowspan=\"0\">a</td><td>1</td></tr>"
              "<tr><td>2</td></tr><tr><td>3</td></tr></tbody>"
              "<tfoot><tr><td>f</td><td>g</td></tr></tfoot>"
              "</table>");
    assert_int_equal(f.g.rows, 5);
    assert_int_equal(f.g.cols, 2);
    assert_int_equal(table_grid_at(&f.g, 1, 0)->span_rows, 3);
    assert_string_equal(text_at(&f.g, 2, 0), "a");
    assert_string_equal(text_at(&f.g, 3, 0), "a");
    assert_string_equal(text_at(&f.g, 2, 1), "2");
    assert_string_equal(text_at(&f.g, 3, 1), "3");
    assert_string_equal(text_at(&f.g, 4, 0), "f"); /* the tfoot is not covered */
    done(&f);
}

static void rowspan_beyond_the_table_is_clamped(void **state)
{
    struct fixture f;
    build(&f, "<table><tr><td rowspan=\"50\">a</td><td>1</td></tr>"
              "<tr><td>2</td></tr></table>");
    assert_int_equal(f.g.rows, 2);
    assert_int_equal(table_grid_at(&f.g, 0, 0)->span_rows, 2);
    assert_string_equal(text_at(&f.g, 1, 1), "2");
    done(&f);
}

/* A rowspan never reaches into the next row group: the HTML table model ends all
 * spans with their row group (browsers clamp; the spec pads the group with empty
 * rows), so either way the tbody row keeps its cells in columns 0 and 1.
 *
 * Regression test for a fixed bug (extract/table_grid.c, table_grid_build): rowspan is clamped to
 * the end of the table ("if (r + rs > nrows)"), not of the row group, so the thead cell "H"
 * (rowspan="3") covers slot (1,0) of the tbody row and pushes "x" and "y" one column
 * right: expected cols 2, (1,0) "x", (1,1) "y"; actual cols 3, (1,0) "H", (1,1) "x",
 * (1,2) "y". */
static void rowspan_does_not_cross_into_next_row_group(void **state)
{
    struct fixture f;
    build(&f, "<table>"
              "<thead><tr><th rowspan=\"3\">H</th><th>J</th></tr></thead>"
              "<tbody><tr><td>x</td><td>y</td></tr></tbody>"
              "</table>");
    int last = f.g.rows - 1;
    assert_int_equal(f.g.cols, 2);
    assert_string_equal(text_at(&f.g, last, 0), "x");
    assert_string_equal(text_at(&f.g, last, 1), "y");
    assert_false(table_grid_at(&f.g, last, 0)->thead);
    done(&f);
}

static void oversized_colspan_is_clamped_to_1000(void **state)
{
    struct fixture f;
    build(&f, "<table><tr><td colspan=\"5000\">wide</td></tr>"
              "<tr><td>a</td><td>b</td></tr></table>");
    assert_int_equal(f.g.cols, 1000);
    assert_int_equal(table_grid_at(&f.g, 0, 0)->span_cols, 1000);
    assert_string_equal(text_at(&f.g, 0, 999), "wide");
    assert_string_equal(text_at(&f.g, 1, 1), "b");
    assert_null(table_grid_at(&f.g, 1, 2));
    done(&f);
}

static void bad_span_values_mean_one(void **state)
{
    struct fixture f;
    build(&f, "<table><tr><td colspan=\"zwei\">a</td><td colspan=\"0\" rowspan=\"-3\">b</td>"
              "<td>c</td></tr></table>");
    assert_int_equal(f.g.cols, 3);
    assert_int_equal(f.g.rows, 1);
    assert_string_equal(text_at(&f.g, 0, 1), "b");
    assert_string_equal(text_at(&f.g, 0, 2), "c");
    done(&f);
}

static void overlapping_spans_keep_the_first_owner(void **state)
{
    struct fixture f;
    build(&f, "<table>"
              "<tr><td>1</td><td rowspan=\"2\">2</td></tr>"
              "<tr><td colspan=\"2\">4</td></tr>"
              "</table>");
    assert_int_equal(f.g.rows, 2);
    assert_int_equal(f.g.cols, 2);
    assert_string_equal(text_at(&f.g, 1, 0), "4");
    assert_string_equal(text_at(&f.g, 1, 1), "2"); /* the rowspan from above keeps it */
    assert_int_equal(table_grid_at(&f.g, 1, 1)->r0, 0);
    done(&f);
}

static void thead_rows_and_th_cells_are_flagged(void **state)
{
    struct fixture f;
    build(&f, "<table><thead><tr><th>Jaar</th><td>2025</td></tr></thead>"
              "<tbody><tr><th>Lasten</th><td>9.153</td></tr></tbody></table>");
    struct grid_cell *h0 = table_grid_at(&f.g, 0, 0), *h1 = table_grid_at(&f.g, 0, 1);
    struct grid_cell *b0 = table_grid_at(&f.g, 1, 0), *b1 = table_grid_at(&f.g, 1, 1);
    assert_true(h0->thead && h0->th);
    assert_true(h1->thead);
    assert_false(h1->th);
    assert_false(b0->thead);
    assert_true(b0->th);
    assert_false(b1->thead || b1->th);
    done(&f);
}

static void tfoot_comes_last(void **state)
{
    struct fixture f;
    build(&f, "<table><tfoot><tr><td>Totaal</td></tr></tfoot>"
              "<tbody><tr><td>regel</td></tr></tbody></table>");
    assert_int_equal(f.g.rows, 2);
    assert_string_equal(text_at(&f.g, 0, 0), "regel");
    assert_string_equal(text_at(&f.g, 1, 0), "Totaal");
    done(&f);
}

static void bold_cells_are_detected(void **state)
{
    struct fixture f;
    build(&f, "<table><tr>"
              "<td><strong>x</strong></td>"
              "<td> <b>Totaal</b>&nbsp;</td>"
              "<td><strong>x</strong> y</td>"
              "<td>plain</td>"
              "<td></td>"
              "</tr></table>");
    assert_true(table_grid_at(&f.g, 0, 0)->bold);
    assert_true(table_grid_at(&f.g, 0, 1)->bold);
    assert_false(table_grid_at(&f.g, 0, 2)->bold);
    assert_false(table_grid_at(&f.g, 0, 3)->bold);
    assert_false(table_grid_at(&f.g, 0, 4)->bold);
    done(&f);
}

static void nested_table_rows_stay_out_of_parent(void **state)
{
    struct fixture f;
    build(&f, "<table><tr><td>outer<table><tr><td>i1</td><td>i2</td><td>i3</td></tr>"
              "<tr><td>i4</td></tr></table></td><td>o2</td></tr></table>");
    assert_int_equal(f.g.rows, 1);
    assert_int_equal(f.g.cols, 2);
    assert_int_equal(f.g.ncells, 2);
    assert_string_equal(text_at(&f.g, 0, 1), "o2");
    done(&f);
}

/* Regression test for a fixed bug (extract/table_grid.c, table_grid_build -> text_node_normalised;
 * the walk in extract/text.c text_of_children does not stop at <table>): the text of a cell that
 * holds a nested table includes the nested table's cells, run together without spaces: expected
 * slot (0,0) "outer", actual "outeri1i2i3i4". table_grid.h says nested tables are separate tables,
 * not read into their parent. */
static void nested_table_text_stays_out_of_parent_cell(void **state)
{
    struct fixture f;
    build(&f, "<table><tr><td>outer<table><tr><td>i1</td><td>i2</td><td>i3</td></tr>"
              "<tr><td>i4</td></tr></table></td><td>o2</td></tr></table>");
    assert_string_equal(text_at(&f.g, 0, 0), "outer");
    done(&f);
}

static void cell_text_is_normalised(void **state)
{
    struct fixture f;
    build(&f, "<table><tr>"
              "<td>  a\xC2\xA0\xC2\xA0"
              "b \n\t c </td>"
              "<td>be\xC2\xADgroting</td>"
              "<td>be&shy;leid</td>"
              "<td>&nbsp;</td>"
              "<td>regel<br>twee</td>"
              "<td>cafe\xCC\x81</td>"
              "<td>1\xE2\x80\xAF"
              "000</td>"                       /* narrow no-break space U+202F */
              "<td>zero\xE2\x80\x8Bwidth</td>" /* zero-width space U+200B */
              "</tr></table>");
    assert_string_equal(text_at(&f.g, 0, 0), "a b c");
    assert_string_equal(text_at(&f.g, 0, 1), "begroting");
    assert_string_equal(text_at(&f.g, 0, 2), "beleid");
    assert_string_equal(text_at(&f.g, 0, 3), "");
    assert_string_equal(text_at(&f.g, 0, 4), "regel twee");
    assert_string_equal(text_at(&f.g, 0, 5), "caf\xC3\xA9"); /* NFC */
    assert_string_equal(text_at(&f.g, 0, 6), "1 000");
    assert_string_equal(text_at(&f.g, 0, 7), "zerowidth");
    done(&f);
}

/* Amersfoort begroting 2018 (seed 002): the indicator table's two header rows. */
static void seed_002_indicator_header(void **state)
{
    struct fixture f;
    build(&f, "<table><thead>"
              "<tr><th rowspan=\"2\">Indicator</th><th colspan=\"6\">Realisatie cijfers</th>"
              "<th colspan=\"3\">Streefcijfers</th><th rowspan=\"2\">Toelichting</th></tr>"
              "<tr><th>2011</th><th>2012</th><th>2013</th><th>2014</th><th>2015</th>"
              "<th>2016</th><th>2017</th><th>2018</th><th>2019</th></tr>"
              "</thead><tbody>"
              "<tr><td>Waardering wijze waarop gemeente burgers en organisaties betrekt</td>"
              "<td></td><td></td><td></td><td></td><td></td><td>6,3</td>"
              "<td></td><td></td><td></td><td></td></tr>"
              "</tbody></table>");
    assert_int_equal(f.g.cols, 11);
    assert_int_equal(f.g.rows, 3);
    assert_string_equal(text_at(&f.g, 1, 5), "2015");
    assert_string_equal(text_at(&f.g, 0, 5), "Realisatie cijfers");
    assert_false(table_grid_is_origin(&f.g, 0, 5));
    assert_true(table_grid_is_origin(&f.g, 0, 1));
    assert_string_equal(text_at(&f.g, 1, 1), "2011");
    assert_string_equal(text_at(&f.g, 1, 9), "2019");
    assert_string_equal(text_at(&f.g, 0, 7), "Streefcijfers");
    assert_true(table_grid_is_origin(&f.g, 0, 7));
    assert_string_equal(text_at(&f.g, 0, 9), "Streefcijfers");
    assert_string_equal(text_at(&f.g, 1, 0), "Indicator");
    assert_false(table_grid_is_origin(&f.g, 1, 0));
    assert_string_equal(text_at(&f.g, 1, 10), "Toelichting");
    assert_string_equal(text_at(&f.g, 2, 6), "6,3"); /* under 2016 */
    assert_true(table_grid_at(&f.g, 1, 5)->thead);
    assert_false(table_grid_at(&f.g, 2, 6)->thead);
    done(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(colspan_and_rowspan_are_expanded),
        cmocka_unit_test(short_row_leaves_empty_slots),
        cmocka_unit_test(rowspan_zero_spans_to_end_of_row_group),
        cmocka_unit_test(rowspan_beyond_the_table_is_clamped),
        cmocka_unit_test(rowspan_does_not_cross_into_next_row_group),
        cmocka_unit_test(oversized_colspan_is_clamped_to_1000),
        cmocka_unit_test(bad_span_values_mean_one),
        cmocka_unit_test(overlapping_spans_keep_the_first_owner),
        cmocka_unit_test(thead_rows_and_th_cells_are_flagged),
        cmocka_unit_test(tfoot_comes_last),
        cmocka_unit_test(bold_cells_are_detected),
        cmocka_unit_test(nested_table_rows_stay_out_of_parent),
        cmocka_unit_test(nested_table_text_stays_out_of_parent_cell),
        cmocka_unit_test(cell_text_is_normalised),
        cmocka_unit_test(seed_002_indicator_header),
        cmocka_unit_test(rowspans_push_later_rows_right_to_the_last_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
