/*
 * test_dutch_number.c: dutch_number_parse, decimal_shift and dutch_number_format
 * against every number format of research source-platforms.md §5.5, each with
 * the example the research found on a real municipal site. Expected values are
 * written by hand; the property test builds its own Dutch-formatted strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dutch_number.h"

#define NBSP "\xC2\xA0"     /* U+00A0 no-break space */
#define EN_DASH "\xE2\x80\x93" /* U+2013 */
#define MINUS "\xE2\x88\x92"   /* U+2212 minus sign */

static struct dutch_number parse_with(const char *raw, enum dn_dots dots)
{
    struct dutch_number n;
    enum dn_status st = dutch_number_parse(raw, dots, &n);
    assert_int_equal(st, n.status); /* the return value is out->status */
    return n;
}

static struct dutch_number parse(const char *raw)
{
    return parse_with(raw, DN_DOTS_THOUSANDS);
}

/* A macro, so a failure names the line of the example. */
#define assert_parses_to(raw, expected)                                                    \
    do {                                                                                   \
        struct dutch_number n_ = parse(raw);                                               \
        assert_int_equal(n_.status, DN_OK);                                                \
        assert_string_equal(n_.value, (expected));                                         \
    } while (0)

#define assert_status(raw, st)                                                             \
    do {                                                                                   \
        struct dutch_number n_ = parse(raw);                                               \
        assert_int_equal(n_.status, (st));                                                 \
        assert_string_equal(n_.value, "");                                                 \
    } while (0)

/* --- thousands dots, decimal commas, plain digits ---------------------------- */

static void parses_thousands_dot(void **state)
{
    assert_parses_to("10.690", "10690");
    assert_parses_to("1.234.567", "1234567");
}

static void parses_decimal_comma(void **state)
{
    assert_parses_to("6,3", "6.3");
    assert_parses_to("484,5", "484.5");
    assert_parses_to("1.234,5", "1234.5");
}

static void parses_unformatted_digits(void **state)
{
    assert_parses_to("9163", "9163");
    assert_parses_to("7509", "7509");
    struct dutch_number n = parse("-24535");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "-24535");
    assert_true(n.negative);
}

static void single_dot_not_followed_by_three_digits_is_decimal_point(void **state)
{
    assert_parses_to("67.2", "67.2");
    assert_parses_to("2.67", "2.67");
    assert_false(parse("67.2").ambiguous);
}

static void one_dot_three_digits_is_ambiguous_and_follows_the_dots_rule(void **state)
{
    struct dutch_number t = parse_with("1.000", DN_DOTS_THOUSANDS);
    assert_int_equal(t.status, DN_OK);
    assert_string_equal(t.value, "1000");
    assert_true(t.ambiguous);

    struct dutch_number d = parse_with("1.000", DN_DOTS_DECIMAL);
    assert_int_equal(d.status, DN_OK);
    /* one; the fraction keeps its printed digits, as "0,0 %" -> "0.0" does */
    assert_string_equal(d.value, "1.000");
    assert_true(d.ambiguous);
}

static void two_thousands_dots_are_not_ambiguous(void **state)
{
    struct dutch_number n = parse("1.234.567");
    assert_int_equal(n.status, DN_OK);
    assert_false(n.ambiguous);
}

static void malformed_dot_groups_are_text(void **state)
{
    assert_status("1.2.3", DN_TEXT);
    assert_status("12.34.567", DN_TEXT);
}

static void overlong_decimal_fraction_is_text_not_an_overflow(void **state)
{
    /* the fuzzer's find: a point followed by 100 digits overflowed the fraction buffer */
    char raw[128] = "1.";
    memset(raw + 2, '7', 100);
    assert_status(raw, DN_TEXT);
    assert_parses_to("1.77", "1.77");
}

/* --- signs ----------------------------------------------------------------- */

#define assert_minus_240(raw)                                                              \
    do {                                                                                   \
        struct dutch_number n_ = parse(raw);                                               \
        assert_int_equal(n_.status, DN_OK);                                                \
        assert_string_equal(n_.value, "-240");                                             \
        assert_true(n_.negative);                                                          \
    } while (0)

static void every_sign_notation_gives_minus_240(void **state)
{
    assert_minus_240("-240");
    assert_minus_240(EN_DASH "240");
    assert_minus_240(MINUS "240");
    assert_minus_240("240-");
    assert_minus_240("-/- 240");
    assert_minus_240("N 240");
}

static void trailing_minus_is_flagged(void **state)
{
    struct dutch_number n = parse("4.977-");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "-4977");
    assert_true(n.trailing_minus);
    assert_false(parse("-4.977").trailing_minus);
}

static void plus_slash_plus_is_positive(void **state)
{
    struct dutch_number n = parse("+/+ 240");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "240");
    assert_false(n.negative);
}

static void sign_after_the_euro_sign(void **state)
{
    struct dutch_number n = parse("\xE2\x82\xAC -6.718");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "-6718");
    assert_true(n.negative);
    assert_true(n.currency);
}

static void sign_before_the_euro_sign(void **state)
{
    struct dutch_number n = parse("-\xE2\x82\xAC 0,19");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "-0.19");
    assert_true(n.currency);
    assert_parses_to("- \xE2\x82\xAC 1,1", "-1.1");
}

static void n_prefix_is_negative_with_marker(void **state)
{
    struct dutch_number n = parse("N 31.393");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "-31393");
    assert_true(n.negative);
    assert_int_equal(n.marker, 'N');
    assert_parses_to("N75.000", "-75000");
}

static void v_prefix_is_positive_with_marker(void **state)
{
    struct dutch_number n = parse("V 12.000");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "12000");
    assert_false(n.negative);
    assert_int_equal(n.marker, 'V');
    assert_parses_to("V12.000", "12000");
}

static void minus_zero_is_zero(void **state)
{
    assert_parses_to("-0", "0");
    assert_parses_to("-/- 0,00", "0.00");
}

static void two_signs_are_text(void **state)
{
    assert_status("--240", DN_TEXT);
    assert_status("-/- 240-", DN_TEXT);
}

/* --- currency, percent, periods ---------------------------------------------- */

static void euro_sign_is_flagged(void **state)
{
    struct dutch_number n = parse("\xE2\x82\xAC 1.376");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "1376");
    assert_true(n.currency);
    assert_parses_to("\xE2\x82\xAC" "375", "375");
    assert_parses_to("\xE2\x82\xAC 223,00", "223.00");
    assert_false(parse("1376").currency);
}

static void euro_sign_with_no_break_space(void **state)
{
    struct dutch_number n = parse("\xE2\x82\xAC" NBSP "9.153");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "9153");
    assert_true(n.currency);
}

static void percent_with_space_before_sign(void **state)
{
    struct dutch_number n = parse("12,1 %");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "12.1");
    assert_true(n.percent);
    assert_false(parse("12,1").percent);
}

static void negative_percent(void **state)
{
    struct dutch_number n = parse("-/- 22%");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "-22");
    assert_true(n.negative);
    assert_true(n.percent);
}

static void zero_percent_keeps_printed_fraction(void **state)
{
    struct dutch_number n = parse("0,0 %");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "0.0");
    assert_true(n.percent);
    assert_parses_to("0,0%", "0.0");
}

static void period_in_parentheses_after_value(void **state)
{
    struct dutch_number n = parse("10 (2021)");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "10");
    assert_int_equal(n.period, 2021);

    n = parse("44,4 % (2020)");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "44.4");
    assert_true(n.percent);
    assert_int_equal(n.period, 2020);
    assert_int_equal(parse("10").period, 0);
}

static void period_before_value_with_colon(void **state)
{
    struct dutch_number n = parse("2019: \xE2\x82\xAC 248");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "248");
    assert_int_equal(n.period, 2019);
    assert_true(n.currency);
    /* as printed on the site: a line break after the colon */
    n = parse("2019:\n\xE2\x82\xAC 248");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "248");
    assert_int_equal(n.period, 2019);
}

/* --- text, never a number ---------------------------------------------------- */

static void ranges_are_text(void **state)
{
    assert_status("90-130%", DN_TEXT);
    assert_status("20-50%", DN_TEXT);
    assert_status("Begr = 0%", DN_TEXT);
}

/* Midden-Drenthe 2018 (research 5.5): this year's value, last year's in
 * parentheses on the next line: "3,4\n(2,3)", "?\n(10,5)" */
static void previous_value_in_parentheses_is_kept_apart(void **state)
{
    struct dutch_number n = parse("3,4\n(2,3)");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "3.4");
    assert_string_equal(n.paren, "2,3");
    assert_false(n.negative);
    n = parse("235 (235)");
    assert_string_equal(n.value, "235");
    assert_string_equal(n.paren, "235");
    n = parse("?\n(10,5)");
    assert_int_equal(n.status, DN_UNKNOWN);
    assert_string_equal(n.paren, "10,5");
    /* a year in parentheses is a period, not a second value */
    n = parse("10 (2021)");
    assert_string_equal(n.value, "10");
    assert_int_equal(n.period, 2021);
    assert_string_equal(n.paren, "");
    /* words in parentheses, or parentheses alone: text */
    assert_status("3,4 (voorlopig)", DN_TEXT);
    assert_status("(2,3)", DN_TEXT);
}

static void parentheses_are_never_negative(void **state)
{
    assert_status("(1.234)", DN_TEXT);
    /* a second number in parentheses is kept apart, never subtracted or negated */
    struct dutch_number n = parse("3,4 (2,3)");
    assert_string_equal(n.value, "3.4");
    assert_false(n.negative);
    n = parse("-3,4 (2,3)");
    assert_string_equal(n.value, "-3.4");
    assert_string_equal(n.paren, "2,3");
}

static void words_are_text(void **state)
{
    assert_status("invullen", DN_TEXT);
    assert_status("Nader bepalen op basis van keuze", DN_TEXT);
    assert_status("\xE2\x82\xAC 484,5 miljoen", DN_TEXT);
}

/* --- status words, dash, empty ----------------------------------------------- */

static void nvt_is_not_applicable(void **state)
{
    assert_status("n.v.t.", DN_NOT_APPLICABLE);
}

static void unknown_markers(void **state)
{
    assert_status("n.n.b.", DN_UNKNOWN);
    assert_status("nb", DN_UNKNOWN);
    assert_status("NB", DN_UNKNOWN);
    assert_status("?", DN_UNKNOWN);
}

static void pro_memorie(void **state)
{
    assert_status("PM", DN_PM);
    assert_status("-PM", DN_PM);
}

static void lone_dash_is_zero_with_dash_flag(void **state)
{
    struct dutch_number n = parse("-");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "0");
    assert_true(n.dash);
    n = parse("-  ");
    assert_int_equal(n.status, DN_OK);
    assert_string_equal(n.value, "0");
    assert_true(n.dash);
    assert_false(parse("0").dash);
}

static void empty_and_blank_cells_are_empty(void **state)
{
    assert_status("", DN_EMPTY);
    assert_status("   ", DN_EMPTY);
    assert_status(" \t\n", DN_EMPTY);
    assert_status(NBSP, DN_EMPTY);
    assert_status(NBSP " " NBSP, DN_EMPTY);
}

static void status_names(void **state)
{
    assert_string_equal(dn_status_name(DN_OK), "ok");
    assert_string_equal(dn_status_name(DN_EMPTY), "empty");
    assert_string_equal(dn_status_name(DN_NOT_APPLICABLE), "not_applicable");
    assert_string_equal(dn_status_name(DN_UNKNOWN), "unknown");
    assert_string_equal(dn_status_name(DN_PM), "pm");
    assert_string_equal(dn_status_name(DN_TEXT), "text");
}

/* --- decimal_shift and dutch_number_format ----------------------------------- */

#define assert_shift(value, exp10, expected)                                               \
    do {                                                                                   \
        char out_[64];                                                                     \
        assert_int_equal(decimal_shift((value), (exp10), out_, sizeof(out_)), 0);          \
        assert_string_equal(out_, (expected));                                             \
    } while (0)

static void decimal_shift_scales_exactly(void **state)
{
    assert_shift("-1000", 3, "-1000000");
    assert_shift("6.3", 3, "6300");
    assert_shift("0.19", 6, "190000");
    assert_shift("484.5", 6, "484500000");
    assert_shift("-0.5", 0, "-0.5");
    assert_shift("1.23456", 3, "1234.56");
}

static void decimal_shift_reports_a_buffer_too_small(void **state)
{
    char out[4];
    assert_int_equal(decimal_shift("1", 3, out, sizeof(out)), -1); /* "1000" needs 5 */
}

/* --- exact arithmetic for the checks ----------------------------------------- */

static void assert_add(const char *a, const char *b, const char *sum)
{
    char out[DECIMAL_MAX];
    assert_int_equal(decimal_add(a, b, out, sizeof(out)), 0);
    assert_string_equal(out, sum);
}

static void assert_sub(const char *a, const char *b, const char *diff)
{
    char out[DECIMAL_MAX];
    assert_int_equal(decimal_sub(a, b, out, sizeof(out)), 0);
    assert_string_equal(out, diff);
}

static void decimal_add_and_sub_are_exact(void **state)
{
    /* Zaanstad voorjaarsnota 2025, Totaal (B) 2025: 553 + -869 + 0 = -316 */
    assert_add("553", "-869", "-316");
    assert_add("-316", "0", "-316");
    /* Drimmelen: 329 + 4.977- = -4.648 (the source says 4.649-) */
    assert_add("329", "-4977", "-4648");
    assert_sub("-4649", "-4648", "-1");
    /* carries and borrows across every digit */
    assert_add("999999999999999999999999", "1", "1000000000000000000000000");
    assert_sub("1000000000000000000000000", "1", "999999999999999999999999");
    /* fractions align; trailing zeros go: 0,1 + 0,2 is exactly 0.3 (not 0.30000000000000004) */
    assert_add("0.1", "0.2", "0.3");
    assert_add("6.30", "0.70", "7");
    assert_add("-0.5", "0.5", "0");
    assert_sub("2.67", "67.2", "-64.53");
    assert_sub("0", "-1.05", "1.05");
}

static void decimal_cmp_is_numeric(void **state)
{
    assert_int_equal(decimal_cmp("6.30", "6.3"), 0);
    assert_int_equal(decimal_cmp("-937", "-316"), -1);
    assert_int_equal(decimal_cmp("10077", "-11774"), 1);
    assert_int_equal(decimal_cmp("0", "-0"), 0);
}

static void decimal_arithmetic_rejects_what_is_not_a_decimal(void **state)
{
    char out[DECIMAL_MAX];
    assert_int_equal(decimal_add("1.000,5", "1", out, sizeof(out)), -1);
    assert_int_equal(decimal_add("", "1", out, sizeof(out)), -1);
    assert_int_equal(decimal_sub("1", "abc", out, sizeof(out)), -1);
    char tiny[3];
    assert_int_equal(decimal_add("99", "1", tiny, sizeof(tiny)), -1);
}

static void format_uses_dots_and_comma(void **state)
{
    char out[64];
    dutch_number_format("-1234.5", out, sizeof(out));
    assert_string_equal(out, "-1.234,5");
    dutch_number_format("1234567", out, sizeof(out));
    assert_string_equal(out, "1.234.567");
    dutch_number_format("0.19", out, sizeof(out));
    assert_string_equal(out, "0,19");
    dutch_number_format("999", out, sizeof(out));
    assert_string_equal(out, "999");
}

/* --- property: 10,000 random decimals round-trip ----------------------------- */

/* Our own Dutch formatter (not dutch_number_format): sign form, dot groups, comma. */
static void format_dutch(const char *sign, int trailing, const char *ip, const char *fp, char *out)
{
    size_t il = strlen(ip), n = 0;
    if (!trailing)
        n += (size_t)sprintf(out, "%s", sign);
    for (size_t i = 0; i < il; i++) {
        if (i > 0 && (il - i) % 3 == 0)
            out[n++] = '.';
        out[n++] = ip[i];
    }
    if (*fp)
        n += (size_t)sprintf(out + n, ",%s", fp);
    if (trailing)
        n += (size_t)sprintf(out + n, "%s", sign);
    out[n] = '\0';
}

static void random_decimals_round_trip(void **state)
{
    static const char *const minus_forms[] = {"-", "-/- ", EN_DASH, MINUS};
    srand(42);
    for (int k = 0; k < 10000; k++) {
        char ip[16], fp[8], canonical[32], dutch[64], formatted[64];
        int neg = rand() % 2;
        int il = 1 + rand() % 12, fl = rand() % 5;
        for (int i = 0; i < il; i++)
            ip[i] = (char)('0' + (i == 0 && il > 1 ? 1 + rand() % 9 : rand() % 10));
        ip[il] = '\0';
        for (int i = 0; i < fl; i++)
            fp[i] = (char)('0' + rand() % 10);
        fp[fl] = '\0';
        int zero = strspn(ip, "0") == (size_t)il && strspn(fp, "0") == (size_t)fl;
        snprintf(canonical, sizeof(canonical), "%s%s%s%s", neg && !zero ? "-" : "", ip,
                 fl ? "." : "", fp);

        int form = rand() % 5; /* 0..3 leading forms, 4 trailing minus */
        format_dutch(neg ? (form == 4 ? "-" : minus_forms[form]) : "", neg && form == 4, ip, fp,
                     dutch);
        struct dutch_number n = parse(dutch);
        if (n.status != DN_OK || strcmp(n.value, canonical) != 0)
            fail_msg("parse(\"%s\") = %s \"%s\", want \"%s\"", dutch, dn_status_name(n.status),
                     n.value, canonical);

        /* dutch_number_format gives the same text (plain '-') and parses back */
        format_dutch(neg && !zero ? "-" : "", 0, ip, fp, dutch);
        dutch_number_format(canonical, formatted, sizeof(formatted));
        if (strcmp(formatted, dutch) != 0)
            fail_msg("dutch_number_format(\"%s\") = \"%s\", want \"%s\"", canonical, formatted,
                     dutch);
        n = parse(formatted);
        if (n.status != DN_OK || strcmp(n.value, canonical) != 0)
            fail_msg("round trip of \"%s\" via \"%s\" gave \"%s\"", canonical, formatted,
                     n.value);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_thousands_dot),
        cmocka_unit_test(parses_decimal_comma),
        cmocka_unit_test(parses_unformatted_digits),
        cmocka_unit_test(single_dot_not_followed_by_three_digits_is_decimal_point),
        cmocka_unit_test(one_dot_three_digits_is_ambiguous_and_follows_the_dots_rule),
        cmocka_unit_test(two_thousands_dots_are_not_ambiguous),
        cmocka_unit_test(malformed_dot_groups_are_text),
        cmocka_unit_test(overlong_decimal_fraction_is_text_not_an_overflow),
        cmocka_unit_test(every_sign_notation_gives_minus_240),
        cmocka_unit_test(trailing_minus_is_flagged),
        cmocka_unit_test(plus_slash_plus_is_positive),
        cmocka_unit_test(sign_after_the_euro_sign),
        cmocka_unit_test(sign_before_the_euro_sign),
        cmocka_unit_test(n_prefix_is_negative_with_marker),
        cmocka_unit_test(v_prefix_is_positive_with_marker),
        cmocka_unit_test(minus_zero_is_zero),
        cmocka_unit_test(two_signs_are_text),
        cmocka_unit_test(euro_sign_is_flagged),
        cmocka_unit_test(euro_sign_with_no_break_space),
        cmocka_unit_test(percent_with_space_before_sign),
        cmocka_unit_test(negative_percent),
        cmocka_unit_test(zero_percent_keeps_printed_fraction),
        cmocka_unit_test(period_in_parentheses_after_value),
        cmocka_unit_test(period_before_value_with_colon),
        cmocka_unit_test(ranges_are_text),
        cmocka_unit_test(previous_value_in_parentheses_is_kept_apart),
        cmocka_unit_test(parentheses_are_never_negative),
        cmocka_unit_test(words_are_text),
        cmocka_unit_test(nvt_is_not_applicable),
        cmocka_unit_test(unknown_markers),
        cmocka_unit_test(pro_memorie),
        cmocka_unit_test(lone_dash_is_zero_with_dash_flag),
        cmocka_unit_test(empty_and_blank_cells_are_empty),
        cmocka_unit_test(status_names),
        cmocka_unit_test(decimal_shift_scales_exactly),
        cmocka_unit_test(decimal_shift_reports_a_buffer_too_small),
        cmocka_unit_test(decimal_add_and_sub_are_exact),
        cmocka_unit_test(decimal_cmp_is_numeric),
        cmocka_unit_test(decimal_arithmetic_rejects_what_is_not_a_decimal),
        cmocka_unit_test(format_uses_dots_and_comma),
        cmocka_unit_test(random_decimals_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
