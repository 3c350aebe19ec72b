/*
 * bench_extract.c: extractor throughput on one core.
 *   bench_extract [--parse-only] FILE...
 * Reads every file into memory first, then runs page_extract on each (output
 * to /dev/null), or with --parse-only only libxml2's HTML parse (the floor any
 * extractor built on libxml2 pays). Prints one line:
 *   mode pages bytes seconds pages_per_s MB_per_s peak_rss_kb
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "error.h"
#include "page.h"

struct doc {
    char *buf;
    size_t len;
};

static int read_file(const char *path, struct doc *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    d->buf = malloc((size_t)n + 1);
    d->len = d->buf ? fread(d->buf, 1, (size_t)n, f) : 0;
    fclose(f);
    return d->buf ? 0 : -1;
}

static void silent(void *ud, xmlErrorPtr e)
{
    (void)ud;
    (void)e;
}

int main(int argc, char **argv)
{
    int parse_only = argc > 1 && !strcmp(argv[1], "--parse-only");
    int first = 1 + parse_only;
    int n = argc - first;
    if (n <= 0) {
        fprintf(stderr, "usage: %s [--parse-only] FILE...\n", argv[0]);
        return 2;
    }
    struct doc *docs = calloc((size_t)n, sizeof(*docs));
    size_t bytes = 0;
    for (int i = 0; i < n; i++) {
        if (read_file(argv[first + i], &docs[i])) {
            perror(argv[first + i]);
            return 1;
        }
        bytes += docs[i].len;
    }
    FILE *sink = fopen("/dev/null", "w");
    xmlSetStructuredErrorFunc(NULL, silent);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) {
        if (parse_only) {
            htmlDocPtr doc = htmlReadMemory(docs[i].buf, (int)docs[i].len, NULL, "UTF-8",
                                            HTML_PARSE_RECOVER | HTML_PARSE_NOWARNING |
                                                HTML_PARSE_NOERROR | HTML_PARSE_NONET);
            xmlFreeDoc(doc);
        } else {
            struct page_counts c;
            struct odp_error err = {0};
            if (page_extract(docs[i].buf, docs[i].len, sink, &c, &err))
                fprintf(stderr, "%s: %s\n", argv[first + i], err.msg);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s %d %zu %.3f %.1f %.2f %ld\n", parse_only ? "parse_only" : "page_extract", n, bytes,
           s, n / s, bytes / s / 1e6, ru.ru_maxrss);
    for (int i = 0; i < n; i++)
        free(docs[i].buf);
    free(docs);
    fclose(sink);
    return 0;
}
