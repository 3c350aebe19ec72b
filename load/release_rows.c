/* release_rows.c: see release_rows.h. */
#include "release_rows.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "json_dump.h"
#include "jsonutil.h"
#include "workdir.h"

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
        json_dump_string(key, strlen(key), sb);
        strbuf_addch(sb, ':');
        json_t *v = json_object_get(rec, key);
        if (v)
            json_dump_compact(v, sb);
        else
            strbuf_addstr(sb, "null");
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
        json_t *rec;
        struct odp_error e = {0};
        while (!rc && (rec = jsonl_next(fp, p.buf, &lineno, &e))) {
            strbuf_reset(&key);
            strbuf_reset(&line);
            release_rows_key(rec, sort_keys, &key);
            release_rows_line(rec, props, &line);
            json_decref(rec);
            *text_bytes += line.len + 1;
            rc = extsort_add(s, key.buf, key.len, line.buf, line.len, err);
        }
        fclose(fp);
        strbuf_release(&p);
        if (!rc && e.code) {
            *err = e;
            rc = ODP_EPARSE;
        }
    }
    strbuf_release(&key);
    strbuf_release(&line);
    return rc;
}
