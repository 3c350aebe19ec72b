/*
 * fuzz_row_view.c: libFuzzer target for publish's reader of its own JSON
 * lines (load/row_view.c), against jansson, its reference.
 *   - Any input, as a line: row_view_scan, then every value's string and
 *     jansson value, must not crash, leak or meet undefined behaviour (a
 *     damaged file is read this way too).
 *   - When jansson loads the input as an object, the line jsonout_compact
 *     writes of it (what release_rows_line writes) is split by row_view into
 *     exactly jansson's members in order: each value's text is its compact
 *     text, each string is jansson's string, each other value (ROW_OTHER)
 *     parses back equal.
 * The contract is tests/unit/test_record_scan.c's row_view part.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonout.h"
#include "row_view.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void every_value(struct row_view *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        row_view_string(rv, i);
        json_decref(row_value_json(&rv->v[i]));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *line = malloc(size ? size : 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    struct row_view rv = ROW_VIEW_INIT;
    if (row_view_scan(&rv, line, size) == 0)
        every_value(&rv);

    json_t *j = json_loadb(line, size, 0, NULL);
    if (json_is_object(j)) {
        struct strbuf dumped = STRBUF_INIT;
        jsonout_compact(j, &dumped);
        /* again in an allocation of its own size */
        char *exact = malloc(dumped.len ? dumped.len : 1);
        if (!exact)
            abort();
        memcpy(exact, dumped.buf, dumped.len);
        if (row_view_scan(&rv, exact, dumped.len) || rv.n != json_object_size(j))
            abort();
        size_t i = 0;
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            struct strbuf sb = STRBUF_INIT;
            jsonout_compact(v, &sb);
            if (rv.v[i].len != sb.len || memcmp(rv.v[i].text, sb.buf, sb.len))
                abort();
            strbuf_release(&sb);
            const char *s = row_view_string(&rv, i);
            if (json_is_string(v) ? !s || strcmp(s, json_string_value(v)) : s != NULL)
                abort();
            if (rv.v[i].kind == ROW_OTHER) {
                json_t *o = row_value_json(&rv.v[i]);
                if (!json_equal(o, v))
                    abort();
                json_decref(o);
            }
            i++;
        }
        free(exact);
        strbuf_release(&dumped);
    }
    json_decref(j);
    row_view_release(&rv);
    free(line);
    return 0;
}
