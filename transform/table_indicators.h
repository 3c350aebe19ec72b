/*
 * table_indicators.h: the indicator record a fact of an indicator table is
 * (a value with its period or measure, named by its row or the table's
 * title), with its unit, source and explanation as the table prints them,
 * keyed by the BBV dictionary's name where it has one (reference.h).
 *
 * It does not decide the value (table_facts.h) nor write budget lines.
 */
#ifndef ODP_TABLE_INDICATORS_H
#define ODP_TABLE_INDICATORS_H

#include "table_facts.h"

/* Write the indicator of fact f of table v, when it is one. */
void table_indicator_put(struct out *o, const struct page_ctx *pc, const struct table_view *v,
                         const struct cell_fact *f);

#endif
