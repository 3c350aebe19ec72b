/*
 * cell_value.h: a table cell's number with what is printed around it in the
 * cell: a period ("2019: 38 %", "€ 248 (2019)"), a series word before the
 * period ("Nederland 2020: 1.234 ton") and a unit after the number ("160 kg",
 * "1.234 ton"). dutch_number_parse reads the number, the sign, € and % and the
 * period; this adds the series word and the unit word it leaves as text.
 *
 * Deliberately narrow: a unit is one of a short list of measurement words
 * (ton, kg, km, ha, uur, kWh, TJ, ...), so a cell of words that happens to
 * start with a number ("4 weken", "90-130%") stays text, as the reader would
 * not call it one number with a unit.
 */
#ifndef ODP_CELL_VALUE_H
#define ODP_CELL_VALUE_H

#include <stddef.h>

#include "dutch_number.h"

/* Parse raw as dutch_number_parse does; when that finds text, try again
 * without a series word before "YYYY:" and without a unit word at the end.
 * unit (unitsz bytes) receives the unit word, "" when none. Returns dn->status. */
enum dn_status cell_value_parse(const char *raw, enum dn_dots dots, struct dutch_number *dn,
                                char *unit, size_t unitsz);

#endif
