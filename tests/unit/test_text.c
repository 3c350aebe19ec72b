/*
 * test_text.c: text_normalise folds whitespace (also no-break and typographic
 * spaces), drops soft hyphens, zero-width characters and BOMs, and puts text in
 * Unicode NFC, also where its quick path decides that NFC changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "strbuf.h"
#include "text.h"

#define assert_normalises(in, expected)                                                    \
    do {                                                                                   \
        struct strbuf sb_ = STRBUF_INIT;                                                   \
        text_normalise((in), &sb_);                                                        \
        assert_string_equal(sb_.buf, (expected));                                          \
        strbuf_release(&sb_);                                                              \
    } while (0)

static void folds_whitespace_and_trims(void **state)
{
    (void)state;
    assert_normalises("  Programma\t 4:\n\n De  dienstverlenende gemeente ",
                      "Programma 4: De dienstverlenende gemeente");
    assert_normalises("", "");
    assert_normalises(" \n\t ", "");
}

static void typographic_spaces_are_spaces(void **state)
{
    (void)state;
    assert_normalises("bedragen\xC2\xA0x\xE2\x80\xAF" "1.000", "bedragen x 1.000");  /* NBSP, NNBSP */
    assert_normalises("a\xE2\x80\x83" "b\xE2\x80\x89" "c", "a b c");                  /* em, thin */
}

static void invisible_characters_are_removed(void **state)
{
    (void)state;
    assert_normalises("be\xC2\xAD" "groting", "begroting");               /* soft hyphen */
    assert_normalises("\xEF\xBB\xBFjaar\xE2\x80\x8B" "verslag", "jaarverslag"); /* BOM, ZWSP */
}

static void decomposed_letters_are_composed(void **state)
{
    (void)state;
    /* e + combining acute (U+0301) -> é (U+00E9); i + diaeresis (U+0308) -> ï */
    assert_normalises("Cre\xCC\x81" "atief", "Cr\xC3\xA9" "atief");
    assert_normalises("re\xC3\xAB" "el en na\xC3\xAF" "ef", "re\xC3\xAB" "el en na\xC3\xAF" "ef");
    assert_normalises("nai\xCC\x88" "ef", "na\xC3\xAF" "ef");
    /* Angstrom sign U+212B is canonically Å U+00C5; ohm sign U+2126 is Ω U+03A9 */
    assert_normalises("\xE2\x84\xAB", "\xC3\x85");
    assert_normalises("10 \xE2\x84\xA6", "10 \xCE\xA9");
}

static void punctuation_and_euro_stay(void **state)
{
    (void)state;
    assert_normalises("\xE2\x82\xAC \xE2\x80\x93" "6.718 \xE2\x80\x9C" "x\xE2\x80\x9D \xE2\x80\xA6",
                      "\xE2\x82\xAC \xE2\x80\x93" "6.718 \xE2\x80\x9C" "x\xE2\x80\x9D \xE2\x80\xA6");
}

static void invalid_utf8_keeps_its_bytes(void **state)
{
    (void)state;
    assert_normalises("caf\xE9 ok", "caf\xE9 ok"); /* Latin-1 byte: not UTF-8 */
    assert_normalises("x\x80y", "x\x80y");         /* a lone continuation byte */
}

static void appends_to_what_is_there(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "Titel: ");
    text_normalise("  Cre\xCC\x81" "atief  ", &sb);
    assert_string_equal(sb.buf, "Titel: Cr\xC3\xA9" "atief");
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folds_whitespace_and_trims),
        cmocka_unit_test(typographic_spaces_are_spaces),
        cmocka_unit_test(invisible_characters_are_removed),
        cmocka_unit_test(decomposed_letters_are_composed),
        cmocka_unit_test(punctuation_and_euro_stay),
        cmocka_unit_test(invalid_utf8_keeps_its_bytes),
        cmocka_unit_test(appends_to_what_is_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
