/*
 * test_platform.c: what odp knows of the publishing platforms (lib/platform.c),
 * which the crawler (which links are pages, the PDF, the build stamp) and the
 * records (documents.platform, the page key's document root) both read.
 * Expected values from the platforms' URL shapes in platform.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "platform.h"

static int app_host(const char *h)
{
    return platform_is_app_host(h, strlen(h));
}

static void app_hosts_are_the_two_domains_and_their_subdomains(void **state)
{
    (void)state;
    assert_true(app_host("begrotingsapp.nl"));
    assert_true(app_host("app.begrotingsapp.nl"));
    assert_true(app_host("oude-ijsselstreek.begrotingonline.nl"));
    assert_true(app_host("Zoetermeer.BegrotingsApp.NL"));
    /* a name that only ends in the same letters, or has them inside, is not */
    assert_false(app_host("mybegrotingsapp.nl"));
    assert_false(app_host("begrotingsapp.nl.example.org"));
    assert_false(app_host("deventer.begroting-2025.nl"));
    assert_false(app_host(""));
    /* the length is the host's: "begrotingsapp.nl" within a longer buffer */
    assert_true(platform_is_app_host("app.begrotingsapp.nl:8080", 20));
}

static void platform_of_a_document(void **state)
{
    (void)state;
    assert_string_equal(platform_of("tubbergen.begrotingsapp.nl", 0), "begrotingsapp");
    assert_string_equal(platform_of("ooststellingwerf.begrotingonline.nl", 1), "begrotingsapp");
    assert_string_equal(platform_of("deventer.begroting-2025.nl", 0), "pid");
    assert_string_equal(platform_of("deventer.jaarverslag-2015.nl", 0), "pid");
    assert_string_equal(platform_of("deventer2026.perspectiefnota.nl", 0), "pid");
    assert_string_equal(platform_of("x2024.bestuursrapportage.nl", 0), "pid");
    assert_string_equal(platform_of("x2024.voorjaarsnota.nl", 0), "pid");
    assert_string_equal(platform_of("x2024.najaarsnota.nl", 0), "pid");
    /* any host whose pages carry the p-id build stamp */
    assert_string_equal(platform_of("begroting.gemeente.nl", 1), "pid");
    assert_string_equal(platform_of("begroting.gemeente.nl", 0), "other");
}

static void page_paths_of_both_platforms(void **state)
{
    (void)state;
    assert_true(platform_is_page_path("/p21636/burger-en-bestuur"));
    assert_true(platform_is_page_path("/p21636/burger-en-bestuur.html"));
    assert_true(platform_is_page_path("/p1/x2"));
    assert_true(platform_is_page_path("/begroting-2021/programma/inleiding"));
    assert_false(platform_is_page_path("/p21636/"));
    assert_false(platform_is_page_path("/p21636/.html"));
    assert_false(platform_is_page_path("/p21636/Burger"));   /* the platform writes lower case */
    assert_false(platform_is_page_path("/p21636/a/b"));
    assert_false(platform_is_page_path("/px/burger"));
    assert_false(platform_is_page_path("/begroting-2021/programma/"));
    assert_false(platform_is_page_path("/begroting-2021/programma/a/b"));
    assert_false(platform_is_page_path("/a/b/programma/x")); /* the document is one segment */
    assert_false(platform_is_page_path("/programma/x"));
    assert_false(platform_is_page_path("/"));
}

static void pdf_is_under_assets_docs(void **state)
{
    (void)state;
    assert_true(platform_is_pdf_path("/assets/docs/Begroting_2025.pdf"));
    assert_true(platform_is_pdf_path("/p7705/assets/docs/Begroting_2025.PDF"));
    assert_false(platform_is_pdf_path("/assets/Begroting_2025.pdf"));
    assert_false(platform_is_pdf_path("/assets/docs/Begroting_2025.docx"));
    assert_false(platform_is_pdf_path("/assets/docs/"));
}

static void build_stamp_is_its_19_characters(void **state)
{
    (void)state;
    char *s = platform_build_stamp("<p>Deze pagina is gebouwd op 10/03/2025 14:05:09 met de "
                                   "export van 10/03/2025</p>");
    assert_non_null(s);
    assert_string_equal(s, "10/03/2025 14:05:09");
    free(s);
    assert_null(platform_build_stamp("<p>Deze pagina is gebouwd op 10/03/2025</p>"));
    assert_null(platform_build_stamp("<p>geen stempel</p>"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(app_hosts_are_the_two_domains_and_their_subdomains),
        cmocka_unit_test(platform_of_a_document),
        cmocka_unit_test(page_paths_of_both_platforms),
        cmocka_unit_test(pdf_is_under_assets_docs),
        cmocka_unit_test(build_stamp_is_its_19_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
