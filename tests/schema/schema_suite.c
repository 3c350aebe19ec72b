/*
 * schema_suite.c: runs the JSON-Schema-Test-Suite against odpschema and
 * prints the pass count per file and in total, like cmark's spec tests.
 * Each case is validated twice, without and with errors collected; a case
 * passes when both give the expected verdict and errors come exactly with an
 * invalid one. A case whose instance is a flat object (strings, integers,
 * booleans, null) is also given to jsonschema_validate_fields(), which must
 * give the same verdict whenever it decides one.
 *
 *   schema_suite [--required-only-fails] DRAFT GROUP
 *
 * DRAFT is draft2020-12 or draft7; GROUP is required (the .json files of tests/DRAFT),
 * optional (tests/DRAFT/optional) or format (optional/format,
 * with format assertion on). The data is read from $ODP_SHARED_DATA or
 * ../shared/data next to the source tree; without it the program exits 77
 * (ctest: skipped). Exit status 1 when a case fails and GROUP is required;
 * optional and format groups only report.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_fields.h"
#include "jsonschema.h"
#include "strbuf.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *load_suite_file(const char *path)
{
    json_error_t je;
    json_t *v = json_load_file(path, JSON_ALLOW_NUL, &je);
    if (!v) /* bignum.json holds integers jansson cannot store */
        v = json_load_file(path, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &je);
    if (!v)
        fprintf(stderr, "%s:%d: %s\n", path, je.line, je.text);
    return v;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: schema_suite draft2020-12|draft7 required|optional|format\n");
        return 2;
    }
    const char *draft = argv[1], *group = argv[2];
    struct strbuf data = STRBUF_INIT;
    const char *env = getenv("ODP_SHARED_DATA");
    if (env && *env)
        strbuf_addstr(&data, env);
    else
        strbuf_addstr(&data, ODP_SOURCE_DIR "/../shared/data");
    struct strbuf dir = STRBUF_INIT, remotes = STRBUF_INIT, meta = STRBUF_INIT;
    strbuf_addf(&dir, "%s/json-schema-test-suite/tests/%s%s", data.buf, draft,
                !strcmp(group, "required")   ? ""
                : !strcmp(group, "optional") ? "/optional"
                                             : "/optional/format");
    strbuf_addf(&remotes, "%s/json-schema-test-suite/remotes", data.buf);
    strbuf_addf(&meta, "%s/json-schema-metaschemas", data.buf);
    DIR *d = opendir(dir.buf);
    if (!d) {
        printf("SKIPPED: %s not found. Put the JSON-Schema-Test-Suite in "
               "json-schema-test-suite/ and the meta-schemas in json-schema-metaschemas/ under "
               "%s (or set ODP_SHARED_DATA).\n",
               dir.buf, data.buf);
        strbuf_release(&data);
        strbuf_release(&dir);
        strbuf_release(&remotes);
        strbuf_release(&meta);
        return 77;
    }
    char *names[256];
    size_t nnames = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && nnames < 256) {
        size_t l = strlen(de->d_name);
        if (l > 5 && !strcmp(de->d_name + l - 5, ".json"))
            names[nnames++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, nnames, sizeof(char *), cmp_str);

    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct odp_error err = {0};
    if (jsonschema_registry_add_metaschemas(reg, meta.buf, &err) ||
        jsonschema_registry_map(reg, "http://localhost:1234/", remotes.buf, &err)) {
        printf("SKIPPED: %s\n", err.msg);
        for (size_t f = 0; f < nnames; f++)
            free(names[f]);
        jsonschema_registry_free(reg);
        strbuf_release(&data);
        strbuf_release(&dir);
        strbuf_release(&remotes);
        strbuf_release(&meta);
        return 77;
    }
    struct jsonschema_options opts = {0};
    opts.default_draft = !strcmp(draft, "draft7") ? JSONSCHEMA_DRAFT_7 : JSONSCHEMA_DRAFT_2020_12;
    opts.format_assert = !strcmp(group, "format");

    size_t total = 0, passed = 0, flat_decided = 0;
    struct strbuf failures = STRBUF_INIT;
    for (size_t f = 0; f < nnames; f++) {
        struct strbuf path = STRBUF_INIT;
        strbuf_addf(&path, "%s/%s", dir.buf, names[f]);
        json_t *cases = load_suite_file(path.buf);
        size_t ft = 0, fp = 0;
        size_t gi;
        json_t *g;
        json_array_foreach(cases, gi, g)
        {
            json_t *tests = json_object_get(g, "tests");
            const char *gdesc = json_string_value(json_object_get(g, "description"));
            struct odp_error cerr = {0};
            struct jsonschema *s =
                jsonschema_compile(reg, json_object_get(g, "schema"), "", &opts, &cerr);
            size_t ti;
            json_t *t;
            json_array_foreach(tests, ti, t)
            {
                int expect = json_is_true(json_object_get(t, "valid"));
                const char *tdesc = json_string_value(json_object_get(t, "description"));
                ft++;
                int got = -1, agree = 1, flat_agrees = 1;
                if (s) {
                    /* fast mode (no errors) and reporting take different
                     * paths through an object; they must agree */
                    json_t *inst = json_object_get(t, "data");
                    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
                    got = jsonschema_validate(s, inst, NULL);
                    int full = jsonschema_validate(s, inst, &errs);
                    agree = full == got && (errs.count + errs.dropped == 0) == full;
                    jsonschema_errors_release(&errs);
                    struct jsonschema_field *fields;
                    long nf = json_fields_of(inst, &fields);
                    if (nf >= 0) {
                        int flat = jsonschema_validate_fields(s, fields, (size_t)nf);
                        flat_decided += flat >= 0;
                        flat_agrees = flat < 0 || flat == got;
                        free(fields);
                    }
                }
                if (got == expect && agree && flat_agrees) {
                    fp++;
                    continue;
                }
                strbuf_addf(&failures, "  FAIL %s: %s: %s: %s\n", names[f], gdesc, tdesc,
                            got < 0        ? cerr.msg
                            : !agree       ? "reporting errors disagrees with the fast mode"
                            : !flat_agrees ? "the flat check (validate_fields) disagrees"
                            : expect       ? "valid instance rejected"
                                           : "invalid instance accepted");
            }
            jsonschema_free(s);
        }
        json_decref(cases);
        printf("%-40s %4zu/%-4zu%s\n", names[f], fp, ft, fp == ft ? "" : "  <--");
        total += ft;
        passed += fp;
        strbuf_release(&path);
        free(names[f]);
    }
    if (failures.len)
        printf("\nFailing cases:\n%s", failures.buf);
    printf("\n%s %s: %zu/%zu passed (%zu failed)%s; %zu flat objects decided by the flat check\n",
           draft, group, passed, total, total - passed,
           strcmp(group, "required") && passed != total ? " [reported, not required]" : "",
           flat_decided);
    jsonschema_registry_free(reg);
    strbuf_release(&failures);
    strbuf_release(&data);
    strbuf_release(&dir);
    strbuf_release(&remotes);
    strbuf_release(&meta);
    if (total == 0) {
        printf("SKIPPED: no test files found\n");
        return 77;
    }
    return !strcmp(group, "required") && passed != total ? 1 : 0;
}
