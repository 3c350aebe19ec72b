/*
 * extract_file.c: the test driver for the extractor's fixtures. Runs
 * page_extract on one HTML file and prints its JSON Lines on stdout, exactly
 * as odp-extract would store them. Exit 0 on success, 1 when the file cannot
 * be read or extraction fails, 2 on usage.
 */
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "page.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.html\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (len + 65536 > cap) {
            cap = cap ? cap * 2 : 131072;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    struct page_counts counts;
    struct odp_error err = {0};
    int rc = page_extract(buf ? buf : "", len, stdout, &counts, &err);
    free(buf);
    if (rc) {
        fprintf(stderr, "%s: %s\n", argv[1], err.msg);
        return 1;
    }
    return 0;
}
