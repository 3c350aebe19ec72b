/*
 * bench_extract.c: extractor throughput, per core and on N threads.
 *   bench_extract [--parse-only] [--jobs N] FILE...
 * Each thread reads its pages one at a time (as odp-extract does, so peak
 * memory shows what extraction holds, not the corpus) and runs them through
 * one reused page_extractor (output to /dev/null), or with --parse-only only
 * through libxml2's HTML parser with one reused context (the floor any
 * extractor built on libxml2 pays). Pages go to threads round-robin.
 * Prints one line:
 *   mode jobs pages bytes wall_s cpu_s pages_per_s pages_per_cpu_s MB_per_cpu_s peak_rss_kb
 * "per CPU second" is the per-core figure: it holds on a machine that is busy
 * with other work, where wall-clock rates do not.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/HTMLparser.h>

#include "error.h"
#include "page.h"

struct job {
    char **files;
    int nfiles, jobs, index, parse_only;
    size_t bytes;
    int failed;
};

static void silent(void *ud, xmlErrorPtr e)
{
    (void)ud;
    (void)e;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    *len = buf ? fread(buf, 1, (size_t)n, f) : 0;
    fclose(f);
    return buf;
}

static void *run(void *arg)
{
    struct job *j = arg;
    FILE *sink = fopen("/dev/null", "w");
    struct page_extractor *pe = page_extractor_new();
    htmlParserCtxtPtr ctx = htmlNewParserCtxt();
    xmlSetStructuredErrorFunc(NULL, silent);
    for (int i = j->index; i < j->nfiles; i += j->jobs) {
        size_t len;
        char *buf = slurp(j->files[i], &len);
        if (!buf) {
            perror(j->files[i]);
            j->failed++;
            continue;
        }
        j->bytes += len;
        if (j->parse_only) {
            htmlDocPtr doc = htmlCtxtReadMemory(ctx, buf, (int)len, NULL, "UTF-8",
                                                HTML_PARSE_RECOVER | HTML_PARSE_NOWARNING |
                                                    HTML_PARSE_NOERROR | HTML_PARSE_NONET);
            xmlFreeDoc(doc);
        } else {
            struct page_counts c;
            struct odp_error err = {0};
            if (page_extractor_run(pe, buf, len, sink, &c, &err)) {
                fprintf(stderr, "%s: %s\n", j->files[i], err.msg);
                j->failed++;
            }
        }
        free(buf);
    }
    htmlFreeParserCtxt(ctx);
    page_extractor_free(pe);
    fclose(sink);
    return NULL;
}

int main(int argc, char **argv)
{
    int a = 1, parse_only = 0, jobs = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "--parse-only"))
            parse_only = 1;
        else if (!strcmp(argv[a], "--jobs") && a + 1 < argc)
            jobs = atoi(argv[++a]);
        else
            break;
    }
    int n = argc - a;
    if (n <= 0 || jobs < 1 || jobs > 64) {
        fprintf(stderr, "usage: %s [--parse-only] [--jobs N] FILE...\n", argv[0]);
        return 2;
    }
    xmlInitParser();
    struct job js[64];
    pthread_t th[64];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int t = 0; t < jobs; t++) {
        js[t] = (struct job){argv + a, n, jobs, t, parse_only, 0, 0};
        if (pthread_create(&th[t], NULL, run, &js[t])) {
            perror("pthread_create");
            return 1;
        }
    }
    size_t bytes = 0;
    int failed = 0;
    for (int t = 0; t < jobs; t++) {
        pthread_join(th[t], NULL);
        bytes += js[t].bytes;
        failed += js[t].failed;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    printf("%s %d %d %zu %.3f %.3f %.1f %.1f %.2f %ld\n", parse_only ? "parse_only" : "page_extract",
           jobs, n, bytes, wall, cpu, n / wall, n / cpu, bytes / cpu / 1e6, ru.ru_maxrss);
    return failed ? 1 : 0;
}
