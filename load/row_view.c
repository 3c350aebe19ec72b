/* row_view.c: see row_view.h. The line is read by the JSON Lines codec
 * (jsonl.h) with no flag: release_rows_line wrote it, so its values are only
 * found, not checked. */
#include "row_view.h"

#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "xalloc.h"

int row_view_scan(struct row_view *rv, const char *line, size_t len)
{
    struct jsonl_scanner sc;
    struct jsonl_value k, v;
    rv->n = 0;
    jsonl_scanner_init(&sc, line, len, 0);
    if (jsonl_peek(&sc) != '{' || jsonl_begin(&sc))
        return -1;
    for (;;) {
        int r = jsonl_member(&sc, rv->n, &k);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        if (jsonl_value(&sc, &v))
            return -1;
        ALLOC_GROW(rv->v, rv->n + 1, rv->cap);
        struct row_value *rval = &rv->v[rv->n++];
        switch (v.kind) {
        case JSONL_NULL:
            rval->kind = ROW_NULL;
            break;
        case JSONL_STRING:
            rval->kind = ROW_STRING;
            break;
        case JSONL_INTEGER:
            rval->kind = ROW_INTEGER;
            break;
        case JSONL_TRUE:
            rval->kind = ROW_TRUE;
            break;
        case JSONL_FALSE:
            rval->kind = ROW_FALSE;
            break;
        default:
            rval->kind = ROW_OTHER;
        }
        rval->text = v.text;
        rval->len = v.len;
        rval->escaped = v.escaped;
    }
    return jsonl_end(&sc);
}

const char *row_view_string(struct row_view *rv, size_t i)
{
    const struct row_value *rval = &rv->v[i];
    if (rval->kind != ROW_STRING)
        return NULL;
    struct jsonl_value v = {JSONL_STRING, rval->text, rval->len, rval->escaped};
    size_t len;
    const char *s = jsonl_string(&v, &rv->scratch, &len);
    if (!s)
        return NULL;
    if (s != rv->scratch.buf) { /* borrowed from the line: copied to end in a NUL */
        strbuf_reset(&rv->scratch);
        strbuf_add(&rv->scratch, s, len);
    }
    return rv->scratch.buf; /* a strbuf always ends in a NUL */
}

json_t *row_value_json(const struct row_value *v)
{
    return json_loadb(v->text, v->len, JSON_DECODE_ANY, NULL);
}

void row_view_release(struct row_view *rv)
{
    free(rv->v);
    rv->v = NULL;
    rv->n = rv->cap = 0;
    strbuf_release(&rv->scratch);
}
