/*
 * test_reference.c: the reference data of pipelines/reference/ as transform
 * reads it: taakveld names by model year (codes are strings: 0.10 is not 0.1)
 * and the BBV indicator dictionary keyed by name + unit, with the name variants
 * research source-platforms.md 5.2 quotes. Expected values written by hand
 * from the BBV list in the research text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "reference.h"

static struct reference *ref;

static int setup(void **state)
{
    struct odp_error err = {0};
    ref = reference_load(ODP_SOURCE_DIR "/pipelines/reference", &err);
    return ref ? 0 : -1;
}

static int teardown(void **state)
{
    reference_free(ref);
    return 0;
}

static void taakveld_codes_are_strings(void **state)
{
    assert_string_equal(reference_taakveld_name(ref, "0.1", 2018), "Bestuur");
    assert_string_equal(reference_taakveld_name(ref, "0.10", 2018), "Mutaties reserves");
    assert_string_equal(reference_taakveld_name(ref, "0.11", 2018),
                        "Resultaat van de rekening van baten en lasten");
    assert_string_equal(reference_taakveld_name(ref, "8.3", 2024), "Wonen en bouwen");
    assert_null(reference_taakveld_name(ref, "0.100", 2018));
    assert_null(reference_taakveld_name(ref, "9.1", 2018));
}

static void taakveld_names_follow_the_model_year(void **state)
{
    assert_string_equal(reference_taakveld_name(ref, "6.2", 2018), "Wijkteams");
    assert_string_equal(reference_taakveld_name(ref, "6.2", 2021),
                        "Toegang en eerstelijnsvoorzieningen");
    assert_string_equal(reference_taakveld_name(ref, "6.4", 2017), "Begeleide participatie");
    assert_string_equal(reference_taakveld_name(ref, "6.4", 2025), "WSW en beschut werk");
    /* sub-taakvelden exist only in the newer models */
    assert_null(reference_taakveld_name(ref, "6.71a", 2019));
    assert_string_equal(reference_taakveld_name(ref, "6.71a", 2024), "Huishoudelijke hulp (Wmo)");
}

static void indicator(const char *name, const char *unit, const char *want_name,
                      const char *want_unit)
{
    const char *n = NULL, *u = NULL;
    int found = reference_indicator(ref, name, unit, &n, &u);
    if (!want_name) {
        assert_false(found);
        return;
    }
    assert_true(found);
    assert_string_equal(n, want_name);
    assert_string_equal(u, want_unit);
}

static void indicator_name_variants_are_one_indicator(void **state)
{
    /* research 5.2: names vary for the same indicator */
    indicator("Diefstal uit woning per 1.000 inwoners", "per 1.000 inwoners",
              "Diefstallen uit woning", "per 1.000 inwoners");
    indicator("Misdrijven - Diefstallen uit woning", "per 1.000 inwoners",
              "Diefstallen uit woning", "per 1.000 inwoners");
    indicator("Diefstallen uit woning", NULL, "Diefstallen uit woning", "per 1.000 inwoners");
    /* Maassluis 2017 and Wassenaar 2023 (fixtures) */
    indicator("Winkeldiefstal per 1.000 inwoners", "per 1.000 inwoners", "Winkeldiefstallen",
              "per 1.000 inwoners");
    indicator("Winkeldiefstallen", "Aantal per 1.000 inwoners", NULL, NULL);
    indicator("Winkeldiefstallen", "per 1.000 inwoners", "Winkeldiefstallen",
              "per 1.000 inwoners");
}

static void the_unit_tells_indicators_apart(void **state)
{
    /* BBV changed per 1.000 to per 10.000 for bijstand; the unit decides */
    indicator("Personen met een bijstandsuitkering", "per 10.000 inwoners",
              "Personen met een bijstandsuitkering", "per 10.000 inwoners");
    indicator("Personen met een bijstandsuitkering per 1000 inwoners", "per 1000 inwoners",
              "Personen met een bijstandsuitkering", "per 1.000 inwoners");
    /* without a unit, two entries: not guessed */
    indicator("Verwijzingen Halt", NULL, NULL, NULL);
    indicator("Verwijzingen Halt", "per 1.000 jongeren", "Verwijzingen Halt", "per 1.000 jongeren");
    /* a number cut short is another unit */
    indicator("Winkeldiefstallen", "per 100 inwoners", NULL, NULL);
    /* a longer statement of the same unit */
    indicator("Banen", "per 1.000 inwoners", "Banen", "per 1.000 inwoners 15-64 jaar");
    indicator("Onbekende indicator", "%", NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(taakveld_codes_are_strings),
        cmocka_unit_test(taakveld_names_follow_the_model_year),
        cmocka_unit_test(indicator_name_variants_are_one_indicator),
        cmocka_unit_test(the_unit_tells_indicators_apart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
