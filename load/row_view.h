/*
 * row_view.h: a published JSON line (release_rows.h) read back without
 * building it in jansson: one span of JSON text per schema property, in
 * schema order, as release_rows_line wrote them.
 *
 * Writing a sorted record to CSV, the workbook and CHANGES needs only its
 * values in column order, and the line holds them in that order already; a
 * jansson parse per record (objects, hash tables, a string per value) was a
 * tenth of publish's time. Strings are unescaped only when asked for; a value
 * that is not a string, an integer, true, false or null (a real, an array, an
 * object) is handed to jansson (row_value_json), so such values come out as
 * they did.
 *
 * It does not check keys: the line was written by release_rows_line from the
 * same schema, so its members are the properties in order. The text is read
 * by the JSON Lines codec (jsonl.h), which finds each value and unescapes a
 * string on request.
 */
#ifndef ODP_ROW_VIEW_H
#define ODP_ROW_VIEW_H

#include <stddef.h>

#include <jansson.h>

#include "strbuf.h"

enum row_kind { ROW_NULL, ROW_STRING, ROW_INTEGER, ROW_TRUE, ROW_FALSE, ROW_OTHER };

struct row_value {
    enum row_kind kind;
    const char *text; /* the value's JSON text, borrowed from the line */
    size_t len;
    int escaped; /* a string with a backslash in it */
};

struct row_view {
    struct row_value *v;
    size_t n, cap;
    struct strbuf scratch; /* the last string asked for, unescaped */
};

#define ROW_VIEW_INIT                                                                              \
    {                                                                                              \
        NULL, 0, 0, STRBUF_INIT                                                                    \
    }

/* Split line[0..len), a JSON object of compact members, into its values
 * (rv->v[0..rv->n)), which borrow from line. Returns 0, or -1 when the line
 * is not such an object. */
int row_view_scan(struct row_view *rv, const char *line, size_t len);

/* Value i as a NUL-terminated string when it is a string (borrowed until the
 * next call), else NULL; NULL too for an escape jansson would not load. */
const char *row_view_string(struct row_view *rv, size_t i);

/* v parsed by jansson: a new reference, NULL when it does not parse. */
json_t *row_value_json(const struct row_value *v);

void row_view_release(struct row_view *rv);

#endif
