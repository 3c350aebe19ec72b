/*
 * fuzz_page.c: libFuzzer target for the page extractor. Feeds arbitrary bytes
 * to page_extract (HTML parse, tables as grids, legends, the header widget)
 * and writes its JSON Lines to /dev/null. Crashes, leaks and undefined
 * behaviour are the findings; extraction errors are not.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libxml/parser.h>

#include "error.h"
#include "page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink) {
        xmlInitParser();
        sink = fopen("/dev/null", "w");
        if (!sink)
            return 0;
    }
    struct page_counts counts;
    struct odp_error err = {0};
    page_extract((const char *)data, size, sink, &counts, &err);
    return 0;
}
