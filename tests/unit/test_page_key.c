/*
 * test_page_key.c: the page key of DATA-CONTRACT.md §5 (transform/page_key.h),
 * every expected key written by hand from the rule: whole documents repeat
 * slugs, so the key is the path under the document root, made id-safe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "page_key.h"
#include "strbuf.h"

#define assert_key(url, root, expected)                                                    \
    do {                                                                                   \
        struct strbuf k_ = STRBUF_INIT;                                                    \
        page_key((url), (root), &k_);                                                      \
        assert_string_equal(k_.buf, (expected));                                           \
        strbuf_release(&k_);                                                               \
    } while (0)

static void pid_pages_with_one_slug_get_different_keys(void **state)
{
    (void)state;
    const char *root = "https://beverwijk.begroting-2020.nl/";
    assert_key("https://beverwijk.begroting-2020.nl/p3203/beleidsindicatoren", root,
               "p3203-beleidsindicatoren");
    assert_key("https://beverwijk.begroting-2020.nl/p3207/beleidsindicatoren", root,
               "p3207-beleidsindicatoren");
    assert_key("https://deventer.begroting-2025.nl/p21636/burger-en-bestuur",
               "https://deventer.begroting-2025.nl/", "p21636-burger-en-bestuur");
    /* the root url without its slash is the same root */
    assert_key("https://deventer.begroting-2025.nl/p21636/burger-en-bestuur",
               "https://deventer.begroting-2025.nl", "p21636-burger-en-bestuur");
}

static void trailing_slash_html_and_index_name_the_same_page(void **state)
{
    (void)state;
    const char *root = "http://h.nl/";
    assert_key("http://h.nl/p1/inleiding/", root, "p1-inleiding");
    assert_key("http://h.nl/p1/inleiding.html", root, "p1-inleiding");
    assert_key("http://h.nl/p1/inleiding.htm", root, "p1-inleiding");
    assert_key("https://breda-1ebestuursrapportage-2018.azurewebsites.net/p22153/"
               "inleiding-afwijkingen.html",
               "https://breda-1ebestuursrapportage-2018.azurewebsites.net/",
               "p22153-inleiding-afwijkingen");
    assert_key("http://h.nl/hoofdstuk/index.html", root, "hoofdstuk");
    /* only a whole segment named index.html is an index page */
    assert_key("http://h.nl/p1/myindex.html", root, "p1-myindex");
    /* the fragment is not part of the page */
    assert_key("http://h.nl/p1/a#tabel-2", root, "p1-a");
}

static void the_root_page_is_index(void **state)
{
    (void)state;
    assert_key("http://h.nl/", "http://h.nl/", "index");
    assert_key("http://h.nl", "http://h.nl/", "index");
    assert_key("http://h.nl/index.html", "http://h.nl/", "index");
    assert_key("http://h.nl/docs/", "http://h.nl/docs/", "index");
    assert_key("http://h.nl/docs", "http://h.nl/docs/", "index");
    /* a root url naming a file stands for its directory */
    assert_key("http://h.nl/docs/index.html", "http://h.nl/docs/index.html", "index");
    assert_key("http://h.nl/docs/a/b.html", "http://h.nl/docs/index.html", "a-b");
}

static void path_under_a_generic_source_url(void **state)
{
    (void)state;
    const char *root = "https://programmabegroting.leiden.nl/beleidsbegroting/";
    assert_key("https://programmabegroting.leiden.nl/beleidsbegroting/programmaplan/"
               "dekkingsmiddelen-overhead-vpb-en-onvoorzien",
               root, "programmaplan-dekkingsmiddelen-overhead-vpb-en-onvoorzien");
    /* a page outside the root keeps its whole path */
    assert_key("https://programmabegroting.leiden.nl/over/colofon", root, "over-colofon");
    /* a path that only shares the root's text is not under it */
    assert_key("https://programmabegroting.leiden.nl/beleidsbegroting2/x", root,
               "beleidsbegroting2-x");
}

static void begrotingsapp_path_after_the_documents_own_root(void **state)
{
    (void)state;
    /* source at the host root: the first segment is the document's root */
    const char *host_root = "http://oude-ijsselstreek.begrotingonline.nl/";
    assert_key("http://oude-ijsselstreek.begrotingonline.nl/begroting-2021/programma/inleiding",
               host_root, "programma-inleiding");
    assert_key("http://oude-ijsselstreek.begrotingonline.nl/begroting-2021/programma/"
               "programma-4-de-dienstverlenende-gemeente.html",
               host_root, "programma-programma-4-de-dienstverlenende-gemeente");
    /* the document's root page and the host's landing page */
    assert_key("http://oude-ijsselstreek.begrotingonline.nl/begroting-2021/", host_root,
               "begroting-2021");
    assert_key("http://oude-ijsselstreek.begrotingonline.nl/", host_root, "index");
    /* source at the document's root: the path under it */
    assert_key("https://dronten.begrotingsapp.nl/programmabegroting-2025/programma/algemeen",
               "https://dronten.begrotingsapp.nl/programmabegroting-2025/", "programma-algemeen");
    /* the first segment is stripped on the app hosts only */
    assert_key("http://h.nl/begroting-2021/programma/inleiding", "http://h.nl/",
               "begroting-2021-programma-inleiding");
    assert_key("http://notbegrotingsapp.nl/begroting-2021/programma/x", "http://notbegrotingsapp.nl/",
               "begroting-2021-programma-x");
}

static void percent_encoded_and_non_ascii_paths(void **state)
{
    (void)state;
    const char *root = "http://h.nl/";
    /* %C3%A9 is é; both are one page, and é becomes e */
    assert_key("http://h.nl/p5/financi%C3%ABle-kengetallen", root, "p5-financiele-kengetallen");
    assert_key("http://h.nl/p5/financi\xC3\xABle-kengetallen", root, "p5-financiele-kengetallen");
    assert_key("http://h.nl/p5/caf%c3%a9", root, "p5-cafe");
    /* ß, ĳ, œ fold to letters; a character that is no Latin letter separates */
    assert_key("http://h.nl/p6/stra\xC3\x9F" "e", root, "p6-strasse");
    assert_key("http://h.nl/p6/\xC4\xB3sselmeer", root, "p6-ijsselmeer");
    assert_key("http://h.nl/p7/a\xE2\x82\xAC" "b", root, "p7-a-b");
    /* an escaped space, underscores, dots and runs of separators become one '-' */
    assert_key("http://h.nl/p8/Wat%20mag%20het__kosten%3F", root, "p8-wat-mag-het-kosten");
    assert_key("http://h.nl/p9/3.1-financieel--beeld-", root, "p9-3-1-financieel-beeld");
    /* upper case is lowered */
    assert_key("http://h.nl/P10/Burger-En-Bestuur", root, "p10-burger-en-bestuur");
    /* a broken escape or broken UTF-8 does not stop the key */
    assert_key("http://h.nl/p11/a%zzb", root, "p11-a-zzb");
    assert_key("http://h.nl/p11/a\xFF" "b%", root, "p11-a-b");
}

static void query_string_is_part_of_the_key(void **state)
{
    (void)state;
    assert_key("http://h.nl/p1/tabel?jaar=2021", "http://h.nl/", "p1-tabel-jaar-2021");
    assert_key("http://h.nl/p1/tabel.html?jaar=2022#x", "http://h.nl/", "p1-tabel-jaar-2022");
    /* a query on the root page */
    assert_key("http://h.nl/?p=3", "http://h.nl/", "p-3");
}

static void long_keys_are_cut_with_a_hash_of_the_whole(void **state)
{
    (void)state;
    /* 25 segments of "abcdefghij": the whole key is 274 bytes; its SHA-256
     * (sha256sum of the key text) begins ec8549f13c3b218d */
    char url[400] = "http://h.nl", want[256] = "";
    for (int i = 0; i < 25; i++)
        strcat(url, "/abcdefghij");
    for (int i = 0; i < 16; i++)
        strcat(want, "abcdefghij-");
    strcat(want, "abcdefg-ec8549f13c3b218d");
    assert_int_equal(strlen(want), PAGE_KEY_MAX);
    assert_key(url, "http://h.nl/", want);
    /* one under the limit is kept whole */
    char url2[300] = "http://h.nl/", want2[256] = "";
    memset(url2 + 12, 'a', PAGE_KEY_MAX);
    url2[12 + PAGE_KEY_MAX] = '\0';
    memset(want2, 'a', PAGE_KEY_MAX);
    assert_key(url2, "http://h.nl/", want2);
}

static void page_key_appends_to_what_the_buffer_holds(void **state)
{
    (void)state;
    struct strbuf k = STRBUF_INIT;
    strbuf_addstr(&k, "GM0150-begroting-2025/");
    page_key("https://deventer.begroting-2025.nl/p21636/burger-en-bestuur",
             "https://deventer.begroting-2025.nl/", &k);
    assert_string_equal(k.buf, "GM0150-begroting-2025/p21636-burger-en-bestuur");
    strbuf_release(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pid_pages_with_one_slug_get_different_keys),
        cmocka_unit_test(trailing_slash_html_and_index_name_the_same_page),
        cmocka_unit_test(the_root_page_is_index),
        cmocka_unit_test(path_under_a_generic_source_url),
        cmocka_unit_test(begrotingsapp_path_after_the_documents_own_root),
        cmocka_unit_test(percent_encoded_and_non_ascii_paths),
        cmocka_unit_test(query_string_is_part_of_the_key),
        cmocka_unit_test(long_keys_are_cut_with_a_hash_of_the_whole),
        cmocka_unit_test(page_key_appends_to_what_the_buffer_holds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
