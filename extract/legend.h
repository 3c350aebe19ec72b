/*
 * legend.h: the lexicon of scale and sign legends (research §5.5):
 * "bedragen x €1.000 (-/- = Nadeel)" -> scale 1000, minus_is_disadvantage.
 * Used on captions, legend rows, the paragraph before a table and header cells.
 * Where a table's legend is looked for, and whether it reaches the table,
 * is table_legend.h's.
 */
#ifndef ODP_LEGEND_H
#define ODP_LEGEND_H

struct legend_info {
    long scale;                  /* 0 when no scale is stated */
    char scale_raw[96];          /* the words that stated it */
    const char *sign_convention; /* NULL when none is stated */
    char sign_raw[96];
};

enum { LEGEND_SCALE = 1, LEGEND_SIGN = 2 };

/* Scan text; returns a mask of LEGEND_SCALE / LEGEND_SIGN found. li is filled
 * for what was found and left untouched otherwise. */
int legend_scan(const char *text, struct legend_info *li);

#endif
