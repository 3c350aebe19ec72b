/*
 * validate.c: odp-validate, checks JSON and JSON Lines files against a JSON
 * Schema (draft 2020-12 or draft-07, chosen by the schema's $schema, or by
 * --dialect for a schema without one). The schema file may be any JSON
 * Schema document, also the boolean schemas true and false.
 *
 *   odp-validate [--map PREFIX=DIR]... [--dialect URI] [--format-assert] [--quiet] SCHEMA [FILE]...
 *
 * Each error is printed as FILE:LINE: POINTER: message on stdout. Exit status:
 * 0 every file valid, 1 some record invalid or a file unreadable, 2 usage
 * error or a schema that is unreadable or invalid (against its meta-schema).
 *
 * References are never fetched: the official meta-schemas are registered
 * from $ODP_SHARED_DATA/json-schema-metaschemas (default ../shared/data next
 * to the source tree), the schema's own folder serves file: references, and
 * --map serves other URI prefixes from local folders.
 * A thin client of lib/jsonschema.h; all validation logic lives there.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_locate.h"
#include "jsonschema.h"
#include "strbuf.h"
#include "xalloc.h"

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: odp-validate [OPTION]... SCHEMA [FILE]...\n\n"
            "Validate JSON or JSON Lines files (stdin when no FILE, or FILE is -) against\n"
            "the JSON Schema in SCHEMA (draft 2020-12 or draft-07). Errors are printed as\n"
            "FILE:LINE: POINTER: message.\n\n"
            "Options:\n"
            "  -m, --map PREFIX=DIR   serve references under the URI PREFIX from the folder DIR\n"
            "                         (repeatable); nothing is fetched from the network\n"
            "  -d, --dialect URI      the dialect of a schema without $schema:\n"
            "                         https://json-schema.org/draft/2020-12/schema (default)\n"
            "                         or http://json-schema.org/draft-07/schema\n"
            "  -f, --format-assert    treat \"format\" as an assertion (default: annotation)\n"
            "  -l, --lines            read every FILE as JSON Lines (default: by content)\n"
            "  -q, --quiet            print nothing, only set the exit status\n"
            "  -h, --help             show this help\n"
            "  -V, --version          show the version\n\n"
            "Exit status: 0 all valid, 1 some record invalid or a file unreadable,\n"
            "2 usage error or a bad schema.\n");
}

struct run {
    const struct jsonschema *schema;
    int quiet;
    int lines;
    int invalid;
};

/* ---- validating files ----------------------------------------------------------- */

static void check_value(struct run *r, const char *name, json_t *v, const char *text, size_t len,
                        long first_line)
{
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    if (jsonschema_validate(r->schema, v, r->quiet ? NULL : &errs)) {
        jsonschema_errors_release(&errs);
        return;
    }
    r->invalid = 1;
    for (size_t i = 0; i < errs.count; i++) {
        const struct jsonschema_error *e = &errs.items[i];
        long line = json_locate_line(text, len, e->instance_ptr, first_line);
        printf("%s:%ld: %s: %s\n", name, line, *e->instance_ptr ? e->instance_ptr : "(root)",
               e->message);
    }
    if (errs.dropped)
        printf("%s:%ld: (and %zu more errors)\n", name, first_line, errs.dropped);
    jsonschema_errors_release(&errs);
}

/* jansson keeps integers in 64 bits; one beyond that (a bignum) is read as a
 * double instead of being refused, so it is still checked (type, bounds). */
static json_t *load_value(const char *text, size_t len, json_error_t *je)
{
    json_t *v = json_loadb(text, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, je);
    if (!v && strstr(je->text, "too big"))
        v = json_loadb(text, len, JSON_ALLOW_NUL | JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, je);
    return v;
}

static int read_stream(FILE *fp, struct strbuf *sb)
{
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        strbuf_add(sb, buf, n);
    return ferror(fp) ? -1 : 0;
}

static void check_lines(struct run *r, const char *name, const char *text, size_t len)
{
    long lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        size_t k = 0;
        while (k < l && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
            k++;
        if (k < l) {
            json_error_t je;
            json_t *v = load_value(p, l, &je);
            if (!v) {
                r->invalid = 1;
                if (!r->quiet)
                    printf("%s:%ld: (root): not JSON: %s\n", name, lineno, je.text);
            } else {
                check_value(r, name, v, p, l, lineno);
                json_decref(v);
            }
        }
        p += l + 1;
    }
}

static void check_file(struct run *r, const char *path)
{
    int is_stdin = !strcmp(path, "-");
    const char *name = is_stdin ? "(stdin)" : path;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "odp-validate: %s: cannot open: %s\n", path, strerror(errno));
        r->invalid = 1;
        return;
    }
    struct strbuf text = STRBUF_INIT;
    int rc = read_stream(fp, &text);
    if (!is_stdin)
        fclose(fp);
    if (rc) {
        fprintf(stderr, "odp-validate: %s: cannot read\n", path);
        r->invalid = 1;
        strbuf_release(&text);
        return;
    }
    size_t l = strlen(path);
    int lines = r->lines || (l > 6 && !strcmp(path + l - 6, ".jsonl")) ||
                (l > 7 && !strcmp(path + l - 7, ".ndjson"));
    if (!lines) {
        json_error_t je;
        json_t *v = load_value(text.buf, text.len, &je);
        if (v) {
            check_value(r, name, v, text.buf, text.len, 1);
            json_decref(v);
        } else if (strstr(je.text, "end of file expected")) {
            lines = 1; /* several values: JSON Lines */
        } else {
            r->invalid = 1;
            if (!r->quiet)
                printf("%s:%d: (root): not JSON: %s\n", name, je.line, je.text);
        }
    }
    if (lines)
        check_lines(r, name, text.buf, text.len);
    strbuf_release(&text);
}

/* The draft a --dialect URI names: the meta-schema URIs of the two drafts
 * odp validates, with or without the empty fragment; 0 for anything else. */
static enum jsonschema_draft dialect_of(const char *uri)
{
    static const struct {
        const char *uri;
        enum jsonschema_draft draft;
    } known[] = {
        {"https://json-schema.org/draft/2020-12/schema", JSONSCHEMA_DRAFT_2020_12},
        {"http://json-schema.org/draft-07/schema", JSONSCHEMA_DRAFT_7},
    };
    size_t n = strlen(uri);
    if (n && uri[n - 1] == '#')
        n--;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strlen(known[i].uri) == n && !strncmp(uri, known[i].uri, n))
            return known[i].draft;
    return 0;
}

static void default_data_dir(struct strbuf *out)
{
    const char *env = getenv("ODP_SHARED_DATA");
    if (env && *env)
        strbuf_addstr(out, env);
    else
        strbuf_addstr(out, ODP_SOURCE_DIR "/../shared/data");
}

int main(int argc, char **argv)
{
    xalloc_route_libraries();
    static const struct option longopts[] = {
        {"map", required_argument, NULL, 'm'},
        {"dialect", required_argument, NULL, 'd'},
        {"format-assert", no_argument, NULL, 'f'},
        {"lines", no_argument, NULL, 'l'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct jsonschema_registry *reg = jsonschema_registry_new();
    struct jsonschema_options opts = {0};
    opts.check_metaschema = 1;
    struct run r = {0};
    struct odp_error err = {0};
    int c;
    while ((c = getopt_long(argc, argv, "m:d:flqhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1]) {
                fprintf(stderr, "odp-validate: --map wants PREFIX=DIR, not %s\n", optarg);
                jsonschema_registry_free(reg);
                return 2;
            }
            *eq = 0;
            jsonschema_registry_map(reg, optarg, eq + 1, NULL);
            break;
        }
        case 'd':
            opts.default_draft = dialect_of(optarg);
            if (!opts.default_draft) {
                fprintf(stderr,
                        "odp-validate: --dialect %s: unknown dialect (use "
                        "https://json-schema.org/draft/2020-12/schema or "
                        "http://json-schema.org/draft-07/schema)\n",
                        optarg);
                jsonschema_registry_free(reg);
                return 2;
            }
            break;
        case 'f':
            opts.format_assert = 1;
            break;
        case 'l':
            r.lines = 1;
            break;
        case 'q':
            r.quiet = 1;
            break;
        case 'h':
            usage(stdout);
            jsonschema_registry_free(reg);
            return 0;
        case 'V':
            printf("odp-validate %s\n", ODP_VERSION);
            jsonschema_registry_free(reg);
            return 0;
        default:
            usage(stderr);
            jsonschema_registry_free(reg);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "odp-validate: missing SCHEMA\n");
        usage(stderr);
        jsonschema_registry_free(reg);
        return 2;
    }
    const char *schema_path = argv[optind++];

    struct strbuf meta = STRBUF_INIT;
    default_data_dir(&meta);
    strbuf_addstr(&meta, "/json-schema-metaschemas");
    if (jsonschema_registry_add_metaschemas(reg, meta.buf, &err)) {
        if (!r.quiet)
            fprintf(stderr,
                    "odp-validate: warning: no meta-schemas in %s (set ODP_SHARED_DATA); the "
                    "schema is not checked against its meta-schema\n",
                    meta.buf);
        opts.check_metaschema = 0;
    }
    strbuf_release(&meta);

    json_error_t je;
    /* JSON_DECODE_ANY: true and false are schemas too */
    json_t *schema = json_load_file(schema_path, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
    if (!schema && strstr(je.text, "too big"))
        schema = json_load_file(schema_path,
                                JSON_ALLOW_NUL | JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &je);
    if (!schema) {
        fprintf(stderr, "odp-validate: %s:%d: %s\n", schema_path, je.line, je.text);
        jsonschema_registry_free(reg);
        return 2;
    }
    /* the schema's own folder serves its relative file: references */
    char real[PATH_MAX];
    struct strbuf base = STRBUF_INIT, dir = STRBUF_INIT;
    if (realpath(schema_path, real)) {
        strbuf_addf(&base, "file://%s", real);
        char *slash = strrchr(real, '/');
        strbuf_add(&dir, real, (size_t)(slash - real));
        struct strbuf prefix = STRBUF_INIT;
        strbuf_addf(&prefix, "file://%s/", dir.buf);
        jsonschema_registry_map(reg, prefix.buf, dir.buf, NULL);
        strbuf_release(&prefix);
    }
    struct jsonschema *s = jsonschema_compile(reg, schema, base.buf, &opts, &err);
    json_decref(schema);
    strbuf_release(&base);
    strbuf_release(&dir);
    if (!s) {
        fprintf(stderr, "odp-validate: %s: invalid schema: %s\n", schema_path, err.msg);
        jsonschema_registry_free(reg);
        return 2;
    }
    r.schema = s;
    if (optind >= argc)
        check_file(&r, "-");
    for (int i = optind; i < argc; i++)
        check_file(&r, argv[i]);
    jsonschema_free(s);
    jsonschema_registry_free(reg);
    return r.invalid ? 1 : 0;
}
