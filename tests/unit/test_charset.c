/*
 * test_charset.c: fetched pages become UTF-8: the charset from the header or
 * <meta>, Windows-1252 when undeclared and not UTF-8, and every invalid byte
 * replaced by U+FFFD and counted (fetch/charset.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "charset.h"

static void charset_from_header_wins(void **state)
{
    (void)state;
    char cs[48];
    const char *html = "<meta charset=\"utf-8\">";
    charset_detect("text/html; charset=Windows-1252", html, strlen(html), cs, sizeof(cs));
    assert_string_equal(cs, "windows-1252");
}

static void charset_from_meta_tags(void **state)
{
    (void)state;
    char cs[48];
    const char *a = "<html><head><META CHARSET='ISO-8859-1'></head>";
    charset_detect("text/html", a, strlen(a), cs, sizeof(cs));
    assert_string_equal(cs, "iso-8859-1");
    const char *b = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">";
    charset_detect(NULL, b, strlen(b), cs, sizeof(cs));
    assert_string_equal(cs, "utf-8");
    charset_detect(NULL, "<p>geen</p>", 11, cs, sizeof(cs));
    assert_string_equal(cs, "");
}

static void windows_1252_becomes_utf8(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char *used;
    long bad;
    /* "Café € 5" in Windows-1252: é = E9, € = 80 */
    const char in[] = "Caf\xE9 \x80 5";
    assert_int_equal(charset_to_utf8("windows-1252", in, strlen(in), &out, &used, &bad), 0);
    assert_string_equal(out.buf, "Caf\xC3\xA9 \xE2\x82\xAC 5");
    assert_int_equal(bad, 0);
    strbuf_release(&out);
}

static void latin1_is_read_as_windows_1252(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char *used;
    long bad;
    charset_to_utf8("iso-8859-1", "\x80", 1, &out, &used, &bad);
    assert_string_equal(used, "windows-1252");
    assert_string_equal(out.buf, "\xE2\x82\xAC");
    strbuf_release(&out);
}

static void undeclared_bytes_are_utf8_when_valid_else_1252(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char *used;
    long bad;
    charset_to_utf8("", "\xC3\xA9", 2, &out, &used, &bad);
    assert_string_equal(used, "utf-8");
    assert_string_equal(out.buf, "\xC3\xA9");
    strbuf_reset(&out);
    charset_to_utf8("", "\xE9t\xE9", 3, &out, &used, &bad);
    assert_string_equal(used, "windows-1252");
    assert_string_equal(out.buf, "\xC3\xA9t\xC3\xA9");
    strbuf_release(&out);
}

static void invalid_utf8_is_replaced_and_counted(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char *used;
    long bad;
    /* a stray continuation byte and a truncated sequence in a page declared UTF-8 */
    const char in[] = "a\x80" "b\xE2\x82";
    charset_to_utf8("utf-8", in, sizeof(in) - 1, &out, &used, &bad);
    assert_int_equal(bad, 3);
    assert_string_equal(out.buf, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
    strbuf_release(&out);
}

/* Found by fuzz/fuzz_charset.c: a surrogate, an overlong form and a code
 * point above U+10FFFF passed as UTF-8, and jansson then refused the text. */
static void utf8_that_jansson_refuses_is_replaced_and_counted(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char *used;
    long bad;
    const char in[] = "a\xED\xA0\x80" "b\xE0\x80\xAF" "c\xF4\x90\x80\x80" "d\xF8\x88\x80\x80";
    charset_to_utf8("utf-8", in, sizeof(in) - 1, &out, &used, &bad);
    assert_int_equal(bad, 14);
#define R "\xEF\xBF\xBD"
    assert_string_equal(out.buf, "a" R R R "b" R R R "c" R R R R "d" R R R R);
#undef R
    /* undeclared: such bytes are no UTF-8, so the page is read as Windows-1252 */
    strbuf_reset(&out);
    charset_to_utf8("", "\xED\xA0\x80", 3, &out, &used, &bad);
    assert_string_equal(used, "windows-1252");
    /* the edges that are valid stay */
    strbuf_reset(&out);
    const char ok[] = "\xED\x9F\xBF\xE0\xA0\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    charset_to_utf8("utf-8", ok, sizeof(ok) - 1, &out, &used, &bad);
    assert_int_equal(bad, 0);
    assert_string_equal(out.buf, ok);
    strbuf_release(&out);
}

static void invalid_bytes_in_a_declared_charset_are_counted(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    const char *used;
    long bad;
    /* 0x81 is undefined in Windows-1252 */
    charset_to_utf8("windows-1252", "x\x81y", 3, &out, &used, &bad);
    assert_int_equal(bad, 1);
    assert_string_equal(out.buf, "x\xEF\xBF\xBDy");
    strbuf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(charset_from_header_wins),
        cmocka_unit_test(charset_from_meta_tags),
        cmocka_unit_test(windows_1252_becomes_utf8),
        cmocka_unit_test(latin1_is_read_as_windows_1252),
        cmocka_unit_test(undeclared_bytes_are_utf8_when_valid_else_1252),
        cmocka_unit_test(invalid_utf8_is_replaced_and_counted),
        cmocka_unit_test(invalid_bytes_in_a_declared_charset_are_counted),
        cmocka_unit_test(utf8_that_jansson_refuses_is_replaced_and_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
