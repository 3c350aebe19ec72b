/*
 * csv.h: RFC 4180 CSV, UTF-8, "\n" line ends, a header row. A field is quoted
 * when it holds a comma, a quote, a line break, or leading/trailing space;
 * quotes are doubled. NULL is an empty field.
 *
 * Spreadsheet formulas: a text cell that starts with = + - @ is written as
 * it is, so the CSV keeps every byte of the source and numbers are never
 * altered; the .xlsx workbook (workbook.h) stores such text as a string cell,
 * which a spreadsheet never evaluates. (README, "In a spreadsheet".)
 */
#ifndef ODP_CSV_H
#define ODP_CSV_H

#include <jansson.h>

#include "strbuf.h"

/* Append one field (JSON value: string, integer, real as printed, null). */
void csv_add_field(struct strbuf *sb, json_t *v);
void csv_add_text(struct strbuf *sb, const char *s);

#endif
