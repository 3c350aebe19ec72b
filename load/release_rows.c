/* release_rows.c: see release_rows.h. */
#include "release_rows.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "jsonutil.h"
#include "record_scan.h"
#include "workdir.h"
#include "xalloc.h"

void release_rows_key(json_t *rec, json_t *sort_keys, struct strbuf *sb)
{
    size_t i;
    json_t *k;
    json_array_foreach(sort_keys, i, k)
    {
        json_t *v = json_object_get(rec, json_string_value(k));
        if (!v || json_is_null(v)) {
            strbuf_addch(sb, 0);
        } else if (json_is_integer(v)) {
            uint64_t u = (uint64_t)json_integer_value(v) ^ ((uint64_t)1 << 63);
            unsigned char b[9];
            b[0] = 1;
            for (int x = 0; x < 8; x++)
                b[1 + x] = (unsigned char)(u >> (56 - 8 * x));
            strbuf_add(sb, b, sizeof(b));
        } else if (json_is_string(v)) {
            strbuf_addch(sb, 2);
            strbuf_add(sb, json_string_value(v), json_string_length(v));
            strbuf_addch(sb, 0);
        } else {
            strbuf_addch(sb, 3);
        }
    }
}

void release_rows_line(json_t *rec, json_t *props, struct strbuf *sb)
{
    const char *key;
    json_t *p;
    int first = 1;
    strbuf_addch(sb, '{');
    json_object_foreach(props, key, p)
    {
        if (!first)
            strbuf_addch(sb, ',');
        first = 0;
        jsonout_string(key, strlen(key), sb);
        strbuf_addch(sb, ':');
        json_t *v = json_object_get(rec, key);
        if (v)
            jsonout_compact(v, sb);
        else
            strbuf_addstr(sb, "null");
    }
    strbuf_addch(sb, '}');
}

/* The schema's names, once per resource: the x-sort keys, and each property
 * with its key as the line writes it ("name":). */
struct line_plan {
    const char **sort_names;
    size_t nsort;
    const char **prop_names;
    struct strbuf *prop_heads;
    size_t nprops;
};

static void plan_init(struct line_plan *pl, json_t *sort_keys, json_t *props)
{
    pl->nsort = json_array_size(sort_keys);
    pl->nprops = json_object_size(props);
    pl->sort_names = xcalloc(pl->nsort + 1, sizeof(*pl->sort_names));
    pl->prop_names = xcalloc(pl->nprops + 1, sizeof(*pl->prop_names));
    pl->prop_heads = xcalloc(pl->nprops + 1, sizeof(*pl->prop_heads));
    for (size_t i = 0; i < pl->nsort; i++)
        pl->sort_names[i] = json_string_value(json_array_get(sort_keys, i));
    const char *key;
    json_t *p;
    size_t i = 0;
    json_object_foreach(props, key, p)
    {
        pl->prop_names[i] = key;
        strbuf_init(&pl->prop_heads[i], 0);
        jsonout_string(key, strlen(key), &pl->prop_heads[i]);
        strbuf_addch(&pl->prop_heads[i], ':');
        i++;
    }
}

static void plan_release(struct line_plan *pl)
{
    for (size_t i = 0; i < pl->nprops; i++)
        strbuf_release(&pl->prop_heads[i]);
    free(pl->prop_heads);
    free(pl->prop_names);
    free(pl->sort_names);
}

/* release_rows_key of a scanned record: the same bytes, as a plain record's
 * values are what jansson would hold (a string's bytes are its text). */
static void scanned_key(const struct record_scan *rs, const struct line_plan *pl,
                        struct strbuf *sb)
{
    for (size_t i = 0; i < pl->nsort; i++) {
        const struct record_member *m = record_scan_get(rs, pl->sort_names[i]);
        if (!m || m->kind == REC_NULL) {
            strbuf_addch(sb, 0);
        } else if (m->kind == REC_INTEGER) {
            uint64_t u = (uint64_t)strtoll(m->text, NULL, 10) ^ ((uint64_t)1 << 63);
            unsigned char b[9];
            b[0] = 1;
            for (int x = 0; x < 8; x++)
                b[1 + x] = (unsigned char)(u >> (56 - 8 * x));
            strbuf_add(sb, b, sizeof(b));
        } else if (m->kind == REC_STRING) {
            strbuf_addch(sb, 2);
            strbuf_add(sb, m->text + 1, m->len - 2);
            strbuf_addch(sb, 0);
        } else {
            strbuf_addch(sb, 3);
        }
    }
}

/* release_rows_line of a scanned record: a plain value's text is already
 * what json_dump_compact writes of it. */
static void scanned_line(const struct record_scan *rs, const struct line_plan *pl,
                         struct strbuf *sb)
{
    strbuf_addch(sb, '{');
    for (size_t i = 0; i < pl->nprops; i++) {
        if (i)
            strbuf_addch(sb, ',');
        strbuf_add(sb, pl->prop_heads[i].buf, pl->prop_heads[i].len);
        const struct record_member *m = record_scan_get(rs, pl->prop_names[i]);
        if (m)
            strbuf_add(sb, m->text, m->len);
        else
            strbuf_add(sb, "null", 4);
    }
    strbuf_addch(sb, '}');
}

int release_rows_sort(const struct release_config *cfg, const struct dataset_spec *ds,
                      const char *res, json_t *schema, struct extsort *s,
                      unsigned long long *text_bytes, struct odp_error *err)
{
    json_t *sort_keys = json_object_get(schema, "x-sort");
    json_t *props = json_object_get(schema, "properties");
    struct strbuf key = STRBUF_INIT, line = STRBUF_INIT;
    struct line_plan pl;
    plan_init(&pl, sort_keys, props);
    struct record_scan rs = RECORD_SCAN_INIT;
    char *buf = NULL;
    size_t cap = 0;
    int rc = 0;
    *text_bytes = 0;
    for (size_t i = 0; i < ds->nsources && !rc; i++) {
        struct strbuf p = STRBUF_INIT;
        workdir_records_dir(&p, cfg->workdir, ds->sources[i]->id);
        strbuf_addf(&p, "/%s.jsonl", res);
        FILE *fp = fopen(p.buf, "r");
        if (!fp) {
            strbuf_release(&p);
            continue;
        }
        long lineno = 0;
        ssize_t n;
        /* as jsonl_next reads them: empty lines skipped, a bad one ends the file */
        while (!rc && (n = getline(&buf, &cap, fp)) >= 0) {
            lineno++;
            if (n == 0 || buf[0] == '\n')
                continue;
            strbuf_reset(&key);
            strbuf_reset(&line);
            if (!record_scan_line(&rs, buf, (size_t)n)) {
                scanned_key(&rs, &pl, &key);
                scanned_line(&rs, &pl, &line);
            } else {
                json_error_t je;
                json_t *rec = json_loadb(buf, (size_t)n, 0, &je);
                if (!rec) {
                    rc = odp_error_set(err, ODP_EPARSE, "%s:%ld: %s", p.buf, lineno, je.text);
                    break;
                }
                release_rows_key(rec, sort_keys, &key);
                release_rows_line(rec, props, &line);
                json_decref(rec);
            }
            *text_bytes += line.len + 1;
            rc = extsort_add(s, key.buf, key.len, line.buf, line.len, err);
        }
        fclose(fp);
        strbuf_release(&p);
    }
    free(buf);
    record_scan_release(&rs);
    plan_release(&pl);
    strbuf_release(&key);
    strbuf_release(&line);
    return rc;
}
