/*
 * fuzz_record_scan.c: libFuzzer target for publish's record line scanner
 * (load/record_scan.c), against jansson, its reference: whenever
 * record_scan_line takes the input (one line), json_loadb loads it too, and
 * every member jansson holds is the last member of that key record_scan
 * found, with jansson's kind and jansson's compact text (jsonout_compact),
 * and every key record_scan found is one jansson holds. Lines it leaves to
 * jansson are not checked (leaving any line is allowed). Besides those,
 * crashes, leaks and undefined behaviour are the findings. The contract is
 * tests/unit/test_record_scan.c's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonout.h"
#include "record_scan.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    /* the line in an allocation of its own size: a read past it is seen */
    char *line = malloc(size ? size : 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    struct record_scan rs = RECORD_SCAN_INIT;
    if (record_scan_line(&rs, line, size) == 0) {
        json_t *j = json_loadb(line, size, 0, NULL);
        if (!json_is_object(j) || json_object_size(j) > rs.n)
            abort();
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v)
        {
            const struct record_member *m = record_scan_get(&rs, key);
            if (!m)
                abort();
            struct strbuf sb = STRBUF_INIT;
            jsonout_compact(v, &sb);
            if (m->len != sb.len || memcmp(m->text, sb.buf, sb.len))
                abort();
            strbuf_release(&sb);
            enum record_kind k = json_is_string(v)    ? REC_STRING
                                 : json_is_integer(v) ? REC_INTEGER
                                 : json_is_true(v)    ? REC_TRUE
                                 : json_is_false(v)   ? REC_FALSE
                                 : json_is_null(v)    ? REC_NULL
                                                      : (enum record_kind)-1;
            if (m->kind != k)
                abort();
        }
        for (size_t i = 0; i < rs.n; i++) {
            char *k = strndup(rs.m[i].key, rs.m[i].klen);
            if (!k || strlen(k) != rs.m[i].klen || !json_object_get(j, k))
                abort();
            free(k);
        }
        json_decref(j);
    }
    record_scan_release(&rs);
    free(line);
    return 0;
}
