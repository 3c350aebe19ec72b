/*
 * bench_file.c: odp's validator on a JSON Lines file, as bench/validate/run.sh
 * compares it with its peers.
 *
 *   bench-validate-file file   SCHEMA FILE [ROUNDS]
 *   bench-validate-file memory SCHEMA FILE [ROUNDS]
 *
 * ROUNDS (default 3): best of that many rounds (build + dump: at most 3).
 *
 * "file" streams FILE line by line (getline) and times, alternately, jansson
 * alone (json_loadb per line, then json_decref) and jansson + validation
 * (json_loadb, jsonschema_validate in fast mode, json_decref): the best round
 * of each. The difference is what validation adds to parsing, but it is
 * within the run-to-run noise of the parse, so one more pass clocks
 * jsonschema_validate alone around each call, while the just-parsed record is
 * still in the cache ("odp_validate_in_pass").
 *
 * "memory" parses every record of FILE first (untimed), then times validation
 * alone of the records already in memory (best round), the same on the first
 * 2,000 records 100 times over (they stay in the cache: "hot"), and, as a
 * proxy for the rest of odp-transform's work per record, building each record afresh
 * the way transform/records.c does (json_object + json_object_set_new of its
 * 20 properties) and writing it with json_dumps(JSON_COMPACT).
 *
 * Output: one line per figure, "RESULT name records seconds invalid", read by
 * run.sh; the process's peak memory is measured from outside.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jsonschema.h"

/* "memory" also validates the first HOT_RECORDS records HOT_PASSES times */
#define HOT_RECORDS 2000
#define HOT_PASSES 100

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One streaming pass over path: parse each line, validate it when s is not
 * NULL. Returns the seconds taken; *n and *invalid are set, and *vsecs (when
 * not NULL) to the time spent in jsonschema_validate alone, clocked around
 * each call (two clock reads per record, about 40 ns, included). */
static double file_pass(const char *path, const struct jsonschema *s, size_t *n, size_t *invalid,
                        double *vsecs)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        exit(2);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    json_error_t je;
    *n = *invalid = 0;
    double t0 = now();
    while ((len = getline(&line, &cap, fp)) > 0) {
        json_t *rec = json_loadb(line, (size_t)len, 0, &je);
        if (!rec) {
            fprintf(stderr, "%s:%zu: %s\n", path, *n + 1, je.text);
            exit(2);
        }
        if (s && vsecs) {
            double v0 = now();
            *invalid += !jsonschema_validate(s, rec, NULL);
            *vsecs += now() - v0;
        } else if (s && !jsonschema_validate(s, rec, NULL)) {
            ++*invalid;
        }
        json_decref(rec);
        ++*n;
    }
    double dt = now() - t0;
    free(line);
    fclose(fp);
    return dt;
}

static json_t *str_or_null(json_t *v)
{
    return json_is_string(v) ? json_string(json_string_value(v)) : json_null();
}

static json_t *int_or_null(json_t *v)
{
    return json_is_integer(v) ? json_integer(json_integer_value(v)) : json_null();
}

/* transform/records.c's way of making a facts record, from src's values. */
static json_t *build_fact(json_t *src)
{
#define S(k) json_string(json_string_value(json_object_get(src, k)))
    json_t *f = json_object();
    json_object_set_new(f, "fact_id", S("fact_id"));
    json_object_set_new(f, "table_id", S("table_id"));
    json_object_set_new(f, "page_id", S("page_id"));
    json_object_set_new(f, "document_id", S("document_id"));
    json_object_set_new(f, "row", json_integer(json_integer_value(json_object_get(src, "row"))));
    json_object_set_new(f, "col", json_integer(json_integer_value(json_object_get(src, "col"))));
    json_object_set_new(f, "row_label", str_or_null(json_object_get(src, "row_label")));
    json_object_set_new(f, "row_code", str_or_null(json_object_get(src, "row_code")));
    json_object_set_new(f, "row_path", S("row_path"));
    json_object_set_new(f, "col_label", S("col_label"));
    json_object_set_new(f, "period", int_or_null(json_object_get(src, "period")));
    json_object_set_new(f, "measure", S("measure"));
    json_object_set_new(f, "raw", S("raw"));
    json_object_set_new(f, "value", str_or_null(json_object_get(src, "value")));
    json_object_set_new(f, "status", S("status"));
    json_object_set_new(f, "unit", str_or_null(json_object_get(src, "unit")));
    json_object_set_new(f, "scale", int_or_null(json_object_get(src, "scale")));
    json_object_set_new(f, "amount_eur", str_or_null(json_object_get(src, "amount_eur")));
    json_object_set_new(f, "sign_convention", S("sign_convention"));
    json_object_set_new(f, "value_note", str_or_null(json_object_get(src, "value_note")));
#undef S
    return f;
}

static void result(const char *name, size_t n, double secs, size_t invalid)
{
    printf("RESULT %s %zu %.6f %zu\n", name, n, secs, invalid);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc < 4 || (strcmp(argv[1], "file") && strcmp(argv[1], "memory"))) {
        fprintf(stderr, "usage: bench-validate-file file|memory SCHEMA FILE [ROUNDS]\n");
        return 2;
    }
    const char *mode = argv[1], *schema_path = argv[2], *path = argv[3];
    int rounds = argc > 4 ? atoi(argv[4]) : 3;
    if (rounds < 1)
        rounds = 1;
    json_error_t je;
    json_t *schema = json_load_file(schema_path, 0, &je);
    if (!schema) {
        fprintf(stderr, "%s:%d: %s\n", schema_path, je.line, je.text);
        return 2;
    }
    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct odp_error err = {0};
    struct jsonschema *s = jsonschema_compile(reg, schema, "", NULL, &err);
    if (!s) {
        fprintf(stderr, "%s: %s\n", schema_path, err.msg);
        return 2;
    }

    /* The validator must accept the file's first record and reject it with a
     * decimal comma in "value" or with an unknown property. */
    FILE *fp0 = fopen(path, "r");
    char *first = NULL;
    size_t fcap = 0;
    if (!fp0 || getline(&first, &fcap, fp0) <= 0) {
        perror(path);
        return 2;
    }
    fclose(fp0);
    json_t *good = json_loads(first, 0, &je);
    free(first);
    json_t *bad1 = json_deep_copy(good), *bad2 = json_deep_copy(good);
    json_object_set_new(bad1, "value", json_string("6,3"));
    json_object_set_new(bad2, "extra", json_true());
    if (!jsonschema_validate(s, good, NULL) || jsonschema_validate(s, bad1, NULL) ||
        jsonschema_validate(s, bad2, NULL)) {
        fprintf(stderr, "bench-validate-file: sanity check failed on %s's first record\n", path);
        return 1;
    }
    json_decref(good);
    json_decref(bad1);
    json_decref(bad2);

    size_t n = 0, invalid = 0;
    if (!strcmp(mode, "file")) {
        double best_parse = 1e30, best_both = 1e30, inpass = 0;
        for (int r = 0; r < rounds; r++) {
            size_t inv;
            double t = file_pass(path, NULL, &n, &inv, NULL);
            if (t < best_parse)
                best_parse = t;
            t = file_pass(path, s, &n, &invalid, NULL);
            if (t < best_both)
                best_both = t;
        }
        /* one more pass, clocking validation alone while the record is fresh */
        file_pass(path, s, &n, &invalid, &inpass);
        result("jansson_parse", n, best_parse, 0);
        result("odp_parse_validate", n, best_both, invalid);
        result("odp_validate_in_pass", n, inpass, invalid);
    } else {
        FILE *fp = fopen(path, "r");
        if (!fp) {
            perror(path);
            return 2;
        }
        size_t cap = 1 << 16;
        json_t **recs = malloc(cap * sizeof(*recs));
        char *line = NULL;
        size_t lcap = 0;
        ssize_t len;
        while ((len = getline(&line, &lcap, fp)) > 0) {
            if (n == cap)
                recs = realloc(recs, (cap *= 2) * sizeof(*recs));
            if (!recs || !(recs[n++] = json_loadb(line, (size_t)len, 0, &je))) {
                fprintf(stderr, "%s:%zu: cannot load\n", path, n);
                return 2;
            }
        }
        free(line);
        fclose(fp);

        double best = 1e30;
        for (int r = 0; r < rounds; r++) {
            invalid = 0;
            double t0 = now();
            for (size_t i = 0; i < n; i++)
                invalid += !jsonschema_validate(s, recs[i], NULL);
            double t = now() - t0;
            if (t < best)
                best = t;
        }
        result("odp_validate", n, best, invalid);

        /* the same, on the first HOT_RECORDS records over and over: they
         * stay in the cache, as a record transform has just built does */
        size_t hot = n < HOT_RECORDS ? n : HOT_RECORDS, passes = HOT_PASSES;
        best = 1e30;
        for (int r = 0; r < rounds; r++) {
            invalid = 0;
            double t0 = now();
            for (size_t p = 0; p < passes; p++)
                for (size_t i = 0; i < hot; i++)
                    invalid += !jsonschema_validate(s, recs[i], NULL);
            double t = now() - t0;
            if (t < best)
                best = t;
        }
        result("odp_validate_hot", hot * passes, best, invalid);

        best = 1e30;
        size_t bytes = 0;
        for (int r = 0; r < (rounds < 3 ? rounds : 3); r++) {
            bytes = 0;
            double t0 = now();
            for (size_t i = 0; i < n; i++) {
                json_t *f = build_fact(recs[i]);
                char *out = json_dumps(f, JSON_COMPACT);
                bytes += strlen(out);
                free(out);
                json_decref(f);
            }
            double t = now() - t0;
            if (t < best)
                best = t;
        }
        result("jansson_build_dump", n, best, 0);
        fprintf(stderr, "build+dump wrote %zu bytes per round\n", bytes);
        for (size_t i = 0; i < n; i++)
            json_decref(recs[i]);
        free(recs);
    }
    jsonschema_free(s);
    jsonschema_registry_free(reg);
    json_decref(schema);
    return 0;
}
