/*
 * checks.h: the arithmetic a source states about itself, checked exactly
 * (DATA-CONTRACT.md, dataset "checks"). A source that does not add up is
 * reported with the difference, never corrected.
 *
 * What is checked (and nothing else: an unrecognised row is no claim):
 *   total   a row labelled "Totaal ..."/"Subtotaal ..." (or a last row without
 *           a label) against the sum of the rows above it since the previous
 *           group row, total or saldo, per numeric column;
 *   saldo   a row "Saldo" / "Saldo van baten en lasten" against the nearest
 *           lasten and baten rows above it, and a "Saldo" column against the
 *           "Lasten" and "Baten" columns of the same measure and year;
 *   a tree of rows (Groningen: "01 Werk en inkomen" over "01.1 ..." and "01.2 ...",
 *           each over Lasten and Baten): a row with values is the total of the
 *           rows under it, or their saldo when those are its lasten and baten;
 *   a total group (a stub group "Totaal ..." over rows Lasten / Baten / Saldo):
 *           each of its rows against the rows of the same label in the groups
 *           above it at the same depth: Lasten of the total = the Lasten of each
 *           programme, never Lasten plus Baten;
 *   widget_vs_table  a header widget's lasten/baten amount against the page's
 *           budget table (the lasten or baten row, the document's year);
 *   other   the widget's own "Verschil" against Begroot minus Rekening.
 * Which way a saldo is computed follows the table's signs: when lasten or baten
 * are printed negative, saldo = lasten + baten; otherwise baten - lasten, or
 * lasten - baten when that is what the table states (the rule column says which).
 *
 * Every check's rule says in words which rows (by path, label and number) and
 * which column it added, so a steward can redo it by hand. A total whose item
 * rows mix lasten, baten and saldo (and that names none of them) states no sum
 * that can be redone: it is not_checkable, never off.
 *
 * Cells: empty, "-" and n.v.t. count as 0 in a sum; PM, unknown and words make
 * the check not_checkable. Values are compared as printed (the table's own
 * scale); a widget is compared with its table in euros (amount_eur).
 */
#ifndef ODP_CHECKS_H
#define ODP_CHECKS_H

#include <jansson.h>

#include "dutch_number.h"

/* One body cell of a table, as transform parsed it. */
struct check_cell {
    int present;          /* a fact exists for this cell */
    enum dn_status status;
    int percent;
    char value[DECIMAL_MAX];
    char amount_eur[160]; /* "" when the cell has no amount */
};

struct check_row {
    int body;             /* a body row */
    int group;            /* a group heading row (no values of its own) */
    const char *label;    /* NULL when none */
    const char *code;
    int label_col, code_col; /* 0 when none */
    const char *parent;   /* the label of the enclosing row (last of its path), or NULL */
    const char *name;     /* the row as a steward finds it: its path and label joined
                           * with " > " ("1 Veiligheid > Lasten"), or NULL */
    int depth;            /* the number of entries in its path */
};

/* A table, by grid coordinates from 1: cells[(r-1)*cols + (c-1)], rows[r-1]. */
struct check_table {
    const char *table_id;
    const char *page_id;
    int money; /* a budget-like table: only these state sums */
    int stub_cols; /* columns 1..stub_cols label the rows (extract's stub) */
    int rows, cols;
    const struct check_row *row;
    const char *const *col_labels; /* cols entries */
    const struct check_cell *cells;
    int baten_negative; /* set by checks_table: the table prints baten negative */
};

/* Called with each check record (a new reference the callee owns). */
typedef void (*check_emit_fn)(void *ctx, json_t *check);

/* The total and saldo checks of one table. Returns the number emitted. */
int checks_table(const struct check_table *t, check_emit_fn emit, void *ctx);

/* A line of a budget table a widget can be compared with. */
struct check_line {
    char fact_id[700];
    char table_id[600];
    const char *group;   /* "lasten" or "baten" */
    const char *measure; /* the column's measure */
    int period;
    char amount_eur[160];
};

/* A header widget figure. */
struct check_widget {
    int ordinal;
    const char *label; /* lasten | baten | saldo | begroot | rekening | verschil */
    char amount_eur[160]; /* "" when none */
};

/* The widget checks of one page: each lasten/baten/begroot/rekening figure
 * against lines (the page's budget-table lasten and baten rows) for the
 * document's year, and each Verschil against Begroot - Rekening. */
int checks_widget(const char *page_id, int year, const struct check_widget *w, int nw,
                  const struct check_line *lines, int nlines, check_emit_fn emit, void *ctx);

/* "lasten" or "baten" when a row label names exactly that line ("Lasten",
 * "Totaal baten"), else NULL: "Personeelslasten" is an item, not the line. */
const char *checks_line_group(const char *label);

/* Counts by status, for the run report. */
struct check_counts {
    int holds, off, not_checkable;
};

#endif
