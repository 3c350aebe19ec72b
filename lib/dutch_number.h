/*
 * dutch_number.h: numbers as Dutch municipal documents print them, parsed
 * exactly (never through binary floating point) into canonical decimal
 * strings: "-1.000" -> "-1000", "6,3" -> "6.3", "€ -6.718" -> "-6718".
 *
 * What it accepts (research source-platforms.md §5.5): thousands dots and
 * decimal commas; unformatted digits; a decimal point when the caller says the
 * column uses one (or when the digits after a single dot are not three); every
 * sign form (-, en dash, minus sign, trailing -, -/-, +/+, N/V prefixes, a sign
 * after €); € and %; a period attached ("10 (2021)", "2019: € 248"); a second
 * number in parentheses after the value ("3,4 (2,3)", kept in paren); the status
 * words n.v.t., n.n.b., nb, ?, PM, -PM. Anything else (ranges "90-130%",
 * parentheses, words) is text, kept raw by the caller. Parentheses never mean
 * negative. A lone "-" is a dash: nil, reported as value 0 with dash set.
 */
#ifndef ODP_DUTCH_NUMBER_H
#define ODP_DUTCH_NUMBER_H

#include <stddef.h>

enum dn_status {
    DN_OK,
    DN_EMPTY,
    DN_NOT_APPLICABLE,
    DN_UNKNOWN,
    DN_PM,
    DN_TEXT,
};

/* How a single dot followed by exactly three digits ("1.000") is read. */
enum dn_dots {
    DN_DOTS_THOUSANDS, /* the default: Dutch grouping */
    DN_DOTS_DECIMAL,   /* the column uses decimal points (e.g. 67.2) */
};

struct dutch_number {
    enum dn_status status;
    char value[96]; /* canonical decimal when status == DN_OK, else "" */
    int negative;   /* a sign notation made it negative */
    int percent;    /* a % sign was present */
    int currency;   /* a € sign was present */
    int period;     /* a year attached to the value, 0 when none */
    int ambiguous;  /* "1.000"-shaped: read by the dots rule, say so */
    int dash;       /* the cell was a lone dash */
    char marker;    /* 'N' or 'V' when an N/V prefix was used, else 0 */
    int trailing_minus;
    /* a second number in parentheses after the value ("3,4 (2,3)": Midden-Drenthe
     * prints the previous year's value so), as printed; "" when none. It is not
     * part of value, and never read as a minus. */
    char paren[32];
};

/* Parse raw (UTF-8). Always fills out; returns out->status. */
enum dn_status dutch_number_parse(const char *raw, enum dn_dots dots, struct dutch_number *out);

/* 1 when dutch_number_parse(raw, DN_DOTS_THOUSANDS, ...) would say DN_OK,
 * DN_NOT_APPLICABLE, DN_UNKNOWN or DN_PM, 0 when DN_TEXT or DN_EMPTY: the same
 * answer, without the parse for the common shapes (a plain number, a label).
 * For callers that only classify cells (the extractor, for every cell). */
int dutch_number_is_value(const char *raw);

/* "ok", "empty", "not_applicable", "unknown", "pm", "text". */
const char *dn_status_name(enum dn_status s);

/* value x 10^exp10 (exp10 >= 0) as a canonical decimal, exactly. out must hold
 * strlen(value) + exp10 + 2 bytes; returns 0, or -1 when it does not fit. */
int decimal_shift(const char *value, int exp10, char *out, size_t outsz);

/* Exact arithmetic on canonical decimals ("-1500", "6.3"), for the checks a
 * table states about itself. The result is canonical with trailing fraction
 * zeros dropped ("6.30" + "0.70" -> "7"). out must hold DECIMAL_MAX bytes;
 * returns 0, or -1 when an operand is not a canonical decimal or the result
 * does not fit. */
#define DECIMAL_MAX 96
int decimal_add(const char *a, const char *b, char *out, size_t outsz);
int decimal_sub(const char *a, const char *b, char *out, size_t outsz);
/* -1, 0 or 1 as a <, =, > b numerically ("6.30" equals "6.3"); a malformed
 * operand compares as 0. */
int decimal_cmp(const char *a, const char *b);

/* Format a canonical decimal the Dutch way ("-1234.5" -> "-1.234,5"); used by
 * tests and by pages for people. */
void dutch_number_format(const char *value, char *out, size_t outsz);

#endif
