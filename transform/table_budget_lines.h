/*
 * table_budget_lines.h: the budget line a fact of a money table is (an amount
 * of a labelled row under a period or measure), with its programme (a
 * Programma column, a stub group or group row that names one, the page's),
 * its line group (lasten, baten, saldo: the row's word, else its column's or
 * the table's title's) and whether it is structural.
 *
 * It does not decide the amount (table_facts.h) nor run the checks.
 */
#ifndef ODP_TABLE_BUDGET_LINES_H
#define ODP_TABLE_BUDGET_LINES_H

#include "table_facts.h"

/* Write the budget line of fact f of table v, when it is one, and note it for
 * the page's widget check. */
void table_budget_line_put(struct out *o, struct page_ctx *pc, struct table_view *v,
                           const struct cell_fact *f);

#endif
