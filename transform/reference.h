/*
 * reference.h: the curated reference data of pipelines/reference/ that
 * transform uses: the BBV/Iv3 taakveld list by model year (taakvelden.csv) and
 * the BBV indicator dictionary keyed by name + unit (bbv_indicators.csv), whose
 * aliases map the names municipalities print ("Diefstal uit woning",
 * "Misdrijven - Diefstallen uit woning") onto one indicator.
 *
 * Taakveld codes are strings ("0.10" is not "0.1"; "6.71a" exists), never numbers.
 */
#ifndef ODP_REFERENCE_H
#define ODP_REFERENCE_H

#include "error.h"

struct reference;

/* Load DIR/taakvelden.csv and DIR/bbv_indicators.csv; dir NULL: $ODP_REFERENCE_DIR,
 * else the source tree's pipelines/reference. Returns NULL with err on failure.
 * Free with reference_free (accepts NULL). */
struct reference *reference_load(const char *dir, struct odp_error *err);
void reference_free(struct reference *ref);

/* The taakveld's name in the model of `year` ("0.1" -> "Bestuur"), or NULL. */
const char *reference_taakveld_name(const struct reference *ref, const char *code, int year);

/* The dictionary's indicator for a printed name and unit (unit may be NULL):
 * fills *name and *unit with the canonical ones (owned by ref) and returns 1,
 * or returns 0 when the name is not in the dictionary or the unit says it is a
 * different indicator (per 1.000 vs per 10.000). */
int reference_indicator(const struct reference *ref, const char *name, const char *unit,
                        const char **canon_name, const char **canon_unit);

#endif
