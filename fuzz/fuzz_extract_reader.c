/*
 * fuzz_extract_reader.c: libFuzzer target for transform's reader of extract
 * output (transform/extract_reader.c), against jansson, its reference: the
 * input is a JSON Lines file, read by extract_reader_next and, line by line
 * (getline, empty lines skipped), by json_loadb.
 * A finding (besides crashes, leaks and undefined behaviour) is any record
 * where the two differ: the reader accepts and its value is not jansson's
 * (json_equal, and the same compact text, so key order and duplicate keys
 * count), or one accepts what the other refuses, or a bad line's error is
 * not "PATH:LINE: jansson's text". The contract is
 * tests/transform/extract_reader_equals_jansson.c's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0; /* fmemopen refuses a size of 0 */
    FILE *a = fmemopen((void *)data, size, "r");
    struct extract_reader r = EXTRACT_READER_INIT;
    struct odp_error e1 = {0};
    if (!a || extract_reader_load(&r, a, "in", &e1))
        abort();
    fclose(a);
    FILE *b = fmemopen((void *)data, size, "r");
    if (!b)
        abort();
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = 0;
    long lineno = 0;
    for (;;) {
        json_t *want = NULL;
        char want_err[600] = "";
        while ((n = getline(&line, &cap, b)) >= 0) {
            lineno++;
            if (n == 0 || line[0] == '\n')
                continue;
            json_error_t je;
            want = json_loadb(line, (size_t)n, 0, &je);
            if (!want)
                snprintf(want_err, sizeof(want_err), "in:%ld: %s", lineno, je.text);
            break;
        }
        struct odp_error e = {0};
        json_t *got = extract_reader_next(&r, &e);
        if (!want != !got)
            abort();
        if (got) {
            char *ws = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
            char *gs = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
            if (!ws || !gs || strcmp(ws, gs) || !json_equal(want, got))
                abort();
            free(ws);
            free(gs);
        } else if (strcmp(e.code ? e.msg : "", want_err)) {
            abort();
        }
        json_decref(want);
        json_decref(got);
        if (n < 0 || !got)
            break;
    }
    free(line);
    fclose(b);
    extract_reader_release(&r);
    return 0;
}
