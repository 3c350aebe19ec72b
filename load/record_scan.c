/* record_scan.c: see record_scan.h. The text is read by the JSON Lines codec
 * (jsonl.h) under the contract this reader needs: checked as jansson checks
 * it (JSONL_STRICT), flat (JSONL_FLAT), integers that fit (JSONL_INT18), and
 * every value's text what json_dumps writes of it (JSONL_CANONICAL), as the
 * text is copied into the published line. */
#include "record_scan.h"

#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "xalloc.h"

#define RECORD_SCAN_FLAGS (JSONL_STRICT | JSONL_FLAT | JSONL_INT18 | JSONL_CANONICAL)

int record_scan_line(struct record_scan *rs, const char *line, size_t len)
{
    struct jsonl_scanner sc;
    struct jsonl_value k, v;
    rs->n = 0;
    jsonl_scanner_init(&sc, line, len, RECORD_SCAN_FLAGS);
    if (jsonl_peek(&sc) != '{' || jsonl_begin(&sc))
        return 1;
    for (;;) {
        int r = jsonl_member(&sc, rs->n, &k);
        if (r < 0)
            return 1;
        if (r == 0)
            break;
        if (jsonl_value(&sc, &v))
            return 1;
        ALLOC_GROW(rs->m, rs->n + 1, rs->cap);
        struct record_member *m = &rs->m[rs->n++];
        m->key = k.text + 1;
        m->klen = k.len - 2;
        m->kind = v.kind == JSONL_STRING    ? REC_STRING
                  : v.kind == JSONL_INTEGER ? REC_INTEGER
                  : v.kind == JSONL_TRUE    ? REC_TRUE
                  : v.kind == JSONL_FALSE   ? REC_FALSE
                                            : REC_NULL;
        m->text = v.text;
        m->len = v.len;
    }
    return jsonl_end(&sc) ? 1 : 0;
}

const struct record_member *record_scan_get(const struct record_scan *rs, const char *name)
{
    if (!name)
        return NULL;
    size_t n = strlen(name);
    for (size_t i = rs->n; i-- > 0;)
        if (rs->m[i].klen == n && !memcmp(rs->m[i].key, name, n))
            return &rs->m[i];
    return NULL;
}

void record_scan_release(struct record_scan *rs)
{
    free(rs->m);
    rs->m = NULL;
    rs->n = rs->cap = 0;
}
