/*
 * classify.h: what a table, a column and a row are about, from their own
 * words: table kind, column measure and period, row line group. Unknown stays
 * "other" (or NULL): never guessed.
 */
#ifndef ODP_CLASSIFY_H
#define ODP_CLASSIFY_H

#include <jansson.h>

/* budget | indicator | kengetallen | reserves | taakvelden | mutations | other */
const char *classify_table_kind(json_t *table);
/* The measure a column label names (contract vocabulary), "other" when none. */
const char *classify_measure(const char *col_label);
/* 1 when the label names a measure (not "other"). */
int classify_has_measure(const char *col_label);
/* The last year (1900-2099) in a label, 0 when none. */
int classify_period(const char *col_label);
/* lasten | baten | saldo | reserves_toevoeging | reserves_onttrekking | resultaat | other */
const char *classify_line_group(const char *label, const char *path);
/* lasten | baten | saldo when a column label or table title holds that whole
 * word ("lasten 2018", "Primitieve begroting > Baten", "Lasten Vóór wijziging"),
 * else "other": "Eindsaldo" is a reserve's stand, not a saldo. */
const char *classify_column_line_group(const char *label);
/* gemeente | nederland | provincie | grootteklasse | regio */
const char *classify_series(const char *col_label);
/* The unit an indicator name states ("%", "per 1.000 inwoners", ...), or NULL. */
const char *classify_indicator_unit(const char *name);
/* Lower-case ASCII key: letters and digits, runs of others as '-'. Caller frees. */
char *classify_key(const char *text);

#endif
