/* release.c: see release.h. */
#include "release.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <zstd.h>

#include "atomic_file.h"
#include "bundle.h"
#include "csv.h"
#include "fault.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "portal_scan.h"
#include "sha256.h"
#include "strbuf.h"
#include "workbook.h"
#include "workdir.h"

#define CONTRACT_MAJOR 1

static const char *const resources[] = {"documents", "pages",      "sections",     "tables",
                                        "facts",     "indicators", "budget_lines", "key_figures",
                                        "checks",
                                        NULL};

struct file_info {
    char name[64];
    char sha[SHA256_HEX_LEN + 1];
    long long bytes;
};

/* ---- sorting records by the schema's x-sort keys ---- */

static json_t *sort_keys; /* qsort has no user data pointer */

static int cmp_value(json_t *a, json_t *b)
{
    if (json_is_null(a) || !a)
        return (json_is_null(b) || !b) ? 0 : -1;
    if (json_is_null(b) || !b)
        return 1;
    if (json_is_integer(a) && json_is_integer(b)) {
        json_int_t x = json_integer_value(a), y = json_integer_value(b);
        return x < y ? -1 : x > y;
    }
    if (json_is_string(a) && json_is_string(b))
        return strcmp(json_string_value(a), json_string_value(b));
    return 0;
}

static int cmp_records(const void *pa, const void *pb)
{
    json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    size_t i;
    json_t *k;
    json_array_foreach(sort_keys, i, k) {
        const char *key = json_string_value(k);
        int c = cmp_value(json_object_get(a, key), json_object_get(b, key));
        if (c)
            return c;
    }
    return 0;
}

/* ---- helpers ---- */

static int file_info_of(const char *dir, const char *name, struct file_info *fi,
                        struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s", dir, name);
    snprintf(fi->name, sizeof(fi->name), "%s", name);
    int rc = sha256_file_hex(p.buf, fi->sha, &fi->bytes, err);
    strbuf_release(&p);
    return rc;
}

static void remove_stale_staging(const char *dsdir)
{
    DIR *d = opendir(dsdir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        /* a staging directory, or a temporary file (".latest.json.tmp.PID",
         * ".latest.tmp") left by a killed publish */
        if (strncmp(e->d_name, ".staging-", 9) && !(e->d_name[0] == '.' && strstr(e->d_name, ".tmp")))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", dsdir, e->d_name);
        log_info("removing what an interrupted publish left: %s", p.buf);
        remove_tree(p.buf);
        strbuf_release(&p);
    }
    closedir(d);
}

/* The records of one resource for the dataset's sources, sorted. */
static json_t *load_resource(const struct release_config *cfg, const struct dataset_spec *ds,
                             const char *res, json_t *schema, struct odp_error *err)
{
    json_t *all = json_array();
    for (size_t i = 0; i < ds->nsources; i++) {
        struct strbuf p = STRBUF_INIT;
        workdir_records_dir(&p, cfg->workdir, ds->sources[i]->id);
        strbuf_addf(&p, "/%s.jsonl", res);
        FILE *fp = fopen(p.buf, "r");
        if (!fp) {
            strbuf_release(&p);
            continue;
        }
        long line = 0;
        json_t *rec;
        struct odp_error e = {0};
        while ((rec = jsonl_next(fp, p.buf, &line, &e)))
            json_array_append_new(all, rec);
        fclose(fp);
        strbuf_release(&p);
        if (e.code) {
            *err = e;
            json_decref(all);
            return NULL;
        }
    }
    size_t n = json_array_size(all);
    json_t **v = malloc((n ? n : 1) * sizeof(json_t *));
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(all, i));
    sort_keys = json_object_get(schema, "x-sort");
    qsort(v, n, sizeof(json_t *), cmp_records);
    json_t *sorted = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(sorted, v[i]);
    free(v);
    json_decref(all);
    return sorted;
}

static int write_csv(const char *path, json_t *schema, json_t *rows, struct odp_error *err)
{
    struct atomic_file af;
    int rc = atomic_file_open(&af, path, err);
    if (rc)
        return rc;
    json_t *props = json_object_get(schema, "properties");
    struct strbuf line = STRBUF_INIT;
    const char *key;
    json_t *v;
    int first = 1;
    json_object_foreach(props, key, v) {
        if (!first)
            strbuf_addch(&line, ',');
        csv_add_text(&line, key);
        first = 0;
    }
    strbuf_addch(&line, '\n');
    fwrite(line.buf, 1, line.len, af.fp);
    size_t i;
    json_t *rec;
    json_array_foreach(rows, i, rec) {
        strbuf_reset(&line);
        first = 1;
        json_object_foreach(props, key, v) {
            if (!first)
                strbuf_addch(&line, ',');
            csv_add_field(&line, json_object_get(rec, key));
            first = 0;
        }
        strbuf_addch(&line, '\n');
        fwrite(line.buf, 1, line.len, af.fp);
    }
    strbuf_release(&line);
    return atomic_file_commit(&af, err);
}

static int write_jsonl_zst(const char *path, json_t *schema, json_t *rows, struct odp_error *err)
{
    struct strbuf all = STRBUF_INIT;
    json_t *props = json_object_get(schema, "properties");
    size_t i;
    json_t *rec;
    json_array_foreach(rows, i, rec) {
        json_t *o = json_object(); /* the schema's column order */
        const char *key;
        json_t *v;
        json_object_foreach(props, key, v) {
            json_t *x = json_object_get(rec, key);
            json_object_set(o, key, x ? x : json_null());
        }
        char *s = json_dumps(o, JSON_COMPACT);
        strbuf_addstr(&all, s);
        strbuf_addch(&all, '\n');
        free(s);
        json_decref(o);
    }
    size_t cap = ZSTD_compressBound(all.len);
    void *z = malloc(cap ? cap : 1);
    size_t zn = ZSTD_compress(z, cap, all.buf, all.len, 9);
    int rc;
    if (ZSTD_isError(zn))
        rc = odp_error_set(err, ODP_EIO, "%s: zstd: %s", path, ZSTD_getErrorName(zn));
    else
        rc = atomic_write(path, z, zn, err);
    free(z);
    strbuf_release(&all);
    return rc;
}

static void add_fact(json_t *r, void *map)
{
    if (jstr(r, "fact_id"))
        json_object_set_new(map, jstr(r, "fact_id"),
                            json_pack("{s:O,s:O,s:O}", "status", json_object_get(r, "status"),
                                      "value", json_object_get(r, "value"), "raw",
                                      json_object_get(r, "raw")));
}

/* fact_id -> {status, value, raw} of a release's facts.jsonl.zst, or NULL. */
static json_t *load_fact_map(const char *release_dir)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/facts.jsonl.zst", release_dir);
    json_t *map = json_object();
    if (jsonl_zst_each(p.buf, 0, add_fact, map)) {
        json_decref(map);
        map = NULL;
    }
    strbuf_release(&p);
    return map;
}

static int same_value(json_t *a, json_t *b)
{
    return json_equal(json_object_get(a, "status"), json_object_get(b, "status")) &&
           json_equal(json_object_get(a, "value"), json_object_get(b, "value")) &&
           json_equal(json_object_get(a, "raw"), json_object_get(b, "raw"));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What changed in the facts since the previous release: added, removed and
 * changed facts by fact_id, old and new values (CHANGES.json). */
static json_t *fact_changes(const char *prev_version, json_t *prev_facts, json_t *facts)
{
    json_t *added = json_array(), *removed = json_array(), *changed = json_array();
    json_t *kept = json_object();
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f) {
        const char *id = jstr(f, "fact_id");
        json_t *cur = json_pack("{s:O,s:O,s:O}", "status", json_object_get(f, "status"), "value",
                                json_object_get(f, "value"), "raw", json_object_get(f, "raw"));
        json_t *old = prev_facts ? json_object_get(prev_facts, id) : NULL;
        if (!old) {
            if (prev_facts)
                json_array_append_new(added, json_pack("{s:s,s:O}", "fact_id", id, "new", cur));
        } else {
            json_object_set_new(kept, id, json_true());
            if (!same_value(old, cur))
                json_array_append_new(changed, json_pack("{s:s,s:O,s:O}", "fact_id", id, "old",
                                                         old, "new", cur));
        }
        json_decref(cur);
    }
    if (prev_facts) {
        size_t n = json_object_size(prev_facts), k = 0;
        const char **ids = malloc((n ? n : 1) * sizeof(char *));
        const char *key;
        json_t *v;
        json_object_foreach(prev_facts, key, v) {
            if (!json_object_get(kept, key))
                ids[k++] = key;
        }
        qsort(ids, k, sizeof(char *), cmp_str);
        for (size_t x = 0; x < k; x++)
            json_array_append_new(removed, json_pack("{s:s,s:O}", "fact_id", ids[x], "old",
                                                     json_object_get(prev_facts, ids[x])));
        free(ids);
    }
    json_decref(kept);
    json_t *c = json_object();
    json_object_set_new(c, "previous_version", prev_version ? json_string(prev_version) : json_null());
    json_object_set_new(c, "first_release", json_boolean(!prev_facts));
    json_object_set_new(c, "facts_total", json_integer((json_int_t)json_array_size(facts)));
    json_object_set_new(c, "added_count", json_integer((json_int_t)json_array_size(added)));
    json_object_set_new(c, "removed_count", json_integer((json_int_t)json_array_size(removed)));
    json_object_set_new(c, "changed_count", json_integer((json_int_t)json_array_size(changed)));
    json_object_set_new(c, "added", added);
    json_object_set_new(c, "removed", removed);
    json_object_set_new(c, "changed", changed);
    return c;
}

/* MINOR when data was added and nothing removed or changed; PATCH otherwise. */
static void next_version(const char *prev, json_t *changes, char *out, size_t n)
{
    int major = CONTRACT_MAJOR, minor = 0, patch = 0;
    if (!prev || sscanf(prev, "%d.%d.%d", &major, &minor, &patch) != 3 || major != CONTRACT_MAJOR) {
        snprintf(out, n, "%d.0.0", CONTRACT_MAJOR);
        return;
    }
    long added = (long)jint(changes, "added_count", 0), removed = (long)jint(changes, "removed_count", 0),
         changed = (long)jint(changes, "changed_count", 0);
    if (added > 0 && removed == 0 && changed == 0)
        snprintf(out, n, "%d.%d.0", major, minor + 1);
    else
        snprintf(out, n, "%d.%d.%d", major, minor, patch + 1);
}

static const char *value_text(json_t *v)
{
    json_t *x = json_object_get(v, "value");
    if (json_is_string(x))
        return json_string_value(x);
    return json_string_value(json_object_get(v, "status"));
}

/* CHANGES.md: the same, for people (the first 200 of each kind). */
static void changes_markdown(json_t *c, const char *id, const char *version, struct strbuf *md)
{
    strbuf_addf(md, "# %s %s: changes\n\n", id, version);
    if (json_is_true(json_object_get(c, "first_release"))) {
        strbuf_addf(md, "The first release: %lld facts.\n", (long long)jint(c, "facts_total", 0));
        return;
    }
    strbuf_addf(md, "Since %s: %lld facts added, %lld removed, %lld changed (%lld in all).\n",
                jstr(c, "previous_version"), (long long)jint(c, "added_count", 0),
                (long long)jint(c, "removed_count", 0), (long long)jint(c, "changed_count", 0),
                (long long)jint(c, "facts_total", 0));
    static const char *const kinds[] = {"changed", "added", "removed"};
    for (int k = 0; k < 3; k++) {
        json_t *list = json_object_get(c, kinds[k]);
        if (!json_array_size(list))
            continue;
        strbuf_addf(md, "\n## %c%s\n\n| fact_id | old | new |\n|---|---|---|\n",
                    kinds[k][0] - 32, kinds[k] + 1);
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e) {
            if (i == 200) {
                strbuf_addf(md, "\n(%zu more in CHANGES.json)\n", json_array_size(list) - 200);
                break;
            }
            json_t *o = json_object_get(e, "old"), *nw = json_object_get(e, "new");
            strbuf_addf(md, "| `%s` | %s | %s |\n", jstr(e, "fact_id"), o ? value_text(o) : "",
                        nw ? value_text(nw) : "");
        }
    }
}

static json_t *table_schema(json_t *schema)
{
    json_t *ts = json_object();
    json_t *fields = json_array();
    const char *key;
    json_t *p;
    json_object_foreach(json_object_get(schema, "properties"), key, p) {
        json_t *f = json_object();
        json_object_set_new(f, "name", json_string(key));
        json_object_set_new(f, "type", json_string(jstr(p, "x-table-type")));
        json_object_set(f, "description", json_object_get(p, "description"));
        json_t *constraints = json_object();
        if (!json_is_array(json_object_get(p, "type")))
            json_object_set_new(constraints, "required", json_true());
        if (json_object_get(p, "enum")) {
            json_t *e = json_array();
            size_t i;
            json_t *v;
            json_array_foreach(json_object_get(p, "enum"), i, v) {
                if (!json_is_null(v))
                    json_array_append(e, v);
            }
            json_object_set_new(constraints, "enum", e);
        }
        json_object_set_new(f, "constraints", constraints);
        json_array_append_new(fields, f);
    }
    json_object_set_new(ts, "fields", fields);
    json_object_set(ts, "primaryKey", json_object_get(schema, "x-primary-key"));
    json_t *fks = json_array();
    size_t i;
    json_t *fk;
    json_array_foreach(json_object_get(schema, "x-foreign-keys"), i, fk) {
        json_t *o = json_pack("{s:s,s:{s:s,s:s}}", "fields", jstr(fk, "fields"), "reference",
                              "resource", jstr(fk, "resource"), "fields", jstr(fk, "reference"));
        json_array_append_new(fks, o);
    }
    /* the Table Schema profile wants at least one foreign key when the list is there */
    if (json_array_size(fks))
        json_object_set_new(ts, "foreignKeys", fks);
    else
        json_decref(fks);
    json_object_set_new(ts, "missingValues", json_pack("[s]", ""));
    return ts;
}

static int write_latest_json(const char *dsdir, const char *id, const char *version,
                             struct odp_error *err)
{
    json_t *lj = json_pack("{s:s,s:s,s:s}", "dataset_id", id, "version", version, "path", version);
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/latest.json", dsdir);
    int rc = json_write_path(p.buf, lj, err);
    json_decref(lj);
    strbuf_release(&p);
    return rc;
}

/* 1 when dir a and dir b hold the same bytes in name. */
static int same_file(const char *a, const char *b, const char *name)
{
    struct strbuf pa = STRBUF_INIT, pb = STRBUF_INIT, da = STRBUF_INIT, db = STRBUF_INIT;
    struct odp_error e;
    strbuf_addf(&pa, "%s/%s", a, name);
    strbuf_addf(&pb, "%s/%s", b, name);
    int same = !read_file(pa.buf, &da, &e) && !read_file(pb.buf, &db, &e) && da.len == db.len &&
               !memcmp(da.buf, db.buf, da.len);
    strbuf_release(&pa);
    strbuf_release(&pb);
    strbuf_release(&da);
    strbuf_release(&db);
    return same;
}

int release_publish(const struct release_config *cfg, const struct dataset_spec *ds,
                    struct release_result *res, struct odp_error *err)
{
    memset(res, 0, sizeof(*res));
    struct strbuf dsdir = STRBUF_INIT, staging = STRBUF_INIT, p = STRBUF_INIT;
    strbuf_addf(&dsdir, "%s/datasets/%s", cfg->portal, ds->id);
    int rc = mkdir_p(dsdir.buf, err);
    if (rc)
        goto out;
    remove_stale_staging(dsdir.buf);
    strbuf_addf(&staging, "%s/.staging-%ld", dsdir.buf, (long)getpid());
    rc = mkdir_p(staging.buf, err);
    if (rc)
        goto out;

    /* the previous release: where `latest` points (the switch is atomic);
     * latest.json, written just after it, can lag behind a crash */
    char linkbuf[64] = "";
    strbuf_addf(&p, "%s/latest", dsdir.buf);
    ssize_t ln = readlink(p.buf, linkbuf, sizeof(linkbuf) - 1);
    linkbuf[ln > 0 ? ln : 0] = '\0';
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/latest.json", dsdir.buf);
    json_t *latest = file_exists(p.buf) ? json_load_path(p.buf, NULL) : NULL;
    const char *prev_version = linkbuf[0] ? linkbuf : latest ? jstr(latest, "version") : NULL;
    json_t *prev_pkg = NULL;
    struct strbuf prev_dir = STRBUF_INIT;
    if (prev_version) {
        strbuf_addf(&prev_dir, "%s/%s", dsdir.buf, prev_version);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/datapackage.json", prev_dir.buf);
        prev_pkg = json_load_path(p.buf, NULL);
    }

    struct file_info files[64];
    int nfiles = 0, same = prev_pkg != NULL;
    struct workbook *wb = workbook_start(staging.buf, err);
    if (!wb)
        rc = ODP_EIO;
    json_t *pkg_resources = json_array();
    json_t *facts = NULL;
    const char *created = NULL;
    json_t *documents = NULL;
    for (int r = 0; resources[r] && !rc; r++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s.schema.json", cfg->schema_dir, resources[r]);
        json_t *schema = json_load_path(p.buf, err);
        if (!schema) {
            rc = ODP_EIO;
            break;
        }
        json_t *rows = load_resource(cfg, ds, resources[r], schema, err);
        if (!rows) {
            json_decref(schema);
            rc = ODP_EPARSE;
            break;
        }
        res->rows_total += (long)json_array_size(rows);
        rc = workbook_add_resource(wb, resources[r], schema, rows, err);
        char name[64], zname[64];
        snprintf(name, sizeof(name), "%s.csv", resources[r]);
        snprintf(zname, sizeof(zname), "%s.jsonl.zst", resources[r]);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", staging.buf, name);
        if (!rc)
            rc = write_csv(p.buf, schema, rows, err);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", staging.buf, zname);
        if (!rc)
            rc = write_jsonl_zst(p.buf, schema, rows, err);
        if (!rc)
            rc = file_info_of(staging.buf, name, &files[nfiles], err);
        if (!rc)
            rc = file_info_of(staging.buf, zname, &files[nfiles + 1], err);
        if (!rc) {
            /* unchanged when the previous release has the same CSV bytes */
            json_t *pr = NULL;
            size_t i;
            json_t *x;
            json_array_foreach(json_object_get(prev_pkg, "resources"), i, x) {
                if (jstr(x, "name") && !strcmp(jstr(x, "name"), resources[r]))
                    pr = x;
            }
            char hash[80];
            snprintf(hash, sizeof(hash), "sha256:%s", files[nfiles].sha);
            if (!pr || !jstr(pr, "hash") || strcmp(jstr(pr, "hash"), hash))
                same = 0;
            json_t *res_obj = json_object();
            json_object_set_new(res_obj, "name", json_string(resources[r]));
            json_object_set_new(res_obj, "path", json_string(name));
            json_object_set_new(res_obj, "title", json_string(resources[r]));
            json_object_set(res_obj, "description", json_object_get(schema, "description"));
            json_object_set_new(res_obj, "format", json_string("csv"));
            json_object_set_new(res_obj, "mediatype", json_string("text/csv"));
            json_object_set_new(res_obj, "encoding", json_string("utf-8"));
            json_object_set_new(res_obj, "bytes", json_integer(files[nfiles].bytes));
            json_object_set_new(res_obj, "hash", json_string(hash));
            json_object_set_new(res_obj, "schema", table_schema(schema));
            json_array_append_new(pkg_resources, res_obj);
            nfiles += 2;
        }
        if (!strcmp(resources[r], "facts")) {
            facts = json_incref(rows);
            res->facts = (long)json_array_size(rows);
        }
        if (!strcmp(resources[r], "documents"))
            documents = json_incref(rows);
        json_decref(rows);
        json_decref(schema);
    }
    if (rc)
        goto cleanup;

    if (same) {
        res->published = 0;
        snprintf(res->version, sizeof(res->version), "%s", prev_version);
        snprintf(res->path, sizeof(res->path), "%s", prev_dir.buf);
        workbook_abort(wb);
        wb = NULL;
        remove_tree(staging.buf);
        /* a crash between switching latest and writing latest.json: finish it */
        if (!latest || !jstr(latest, "version") || strcmp(jstr(latest, "version"), prev_version))
            rc = write_latest_json(dsdir.buf, ds->id, prev_version, err);
        goto cleanup;
    }
    json_t *prev_facts = prev_version ? load_fact_map(prev_dir.buf) : NULL;
    json_t *changes = fact_changes(prev_version, prev_facts, facts);
    json_decref(prev_facts);
    next_version(prev_version, changes, res->version, sizeof(res->version));
    json_object_set_new(changes, "version", json_string(res->version));
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/CHANGES.json", staging.buf);
    rc = json_write_path(p.buf, changes, err);
    if (!rc)
        rc = file_info_of(staging.buf, "CHANGES.json", &files[nfiles++], err);
    if (!rc) {
        struct strbuf md = STRBUF_INIT;
        changes_markdown(changes, ds->id, res->version, &md);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/CHANGES.md", staging.buf);
        rc = atomic_write(p.buf, md.buf, md.len, err);
        strbuf_release(&md);
        if (!rc)
            rc = file_info_of(staging.buf, "CHANGES.md", &files[nfiles++], err);
    }
    json_decref(changes);
    if (rc)
        goto cleanup;

    /* created: the data's own newest change, never the run time */
    size_t i;
    json_t *d;
    json_t *sources = json_array();
    json_array_foreach(documents, i, d) {
        const char *t = jstr(d, "last_changed_at");
        if (t && (!created || strcmp(t, created) > 0))
            created = t;
        json_array_append_new(sources, json_pack("{s:s,s:s}", "title", jstr(d, "document_id"),
                                                 "path", jstr(d, "site_url")));
    }
    json_t *pkg = json_object();
    json_object_set_new(pkg, "$schema",
                        json_string("https://datapackage.org/profiles/2.0/datapackage.json"));
    json_object_set_new(pkg, "name", json_string(ds->id));
    json_object_set_new(pkg, "id", json_string(ds->id));
    json_object_set_new(pkg, "title", json_string(ds->title));
    json_object_set_new(pkg, "description",
                        json_string("Programmes, sections, tables, indicators and budget figures "
                                    "read from the municipality's planning-and-control documents "
                                    "(begroting, jaarverslag, perspectiefnota, "
                                    "bestuursrapportage) as published on their websites."));
    json_object_set_new(pkg, "version", json_string(res->version));
    json_object_set_new(pkg, "created", created ? json_string(created) : json_null());
    if (!created)
        json_object_del(pkg, "created");
    json_object_set_new(pkg, "licenses",
                        json_pack("[{s:s}]", "name", cfg->pipeline->license));
    json_object_set(pkg, "sources", sources);
    if (cfg->pipeline->publisher)
        json_object_set_new(pkg, "contributors",
                            json_pack("[{s:s,s:[s]}]", "title", cfg->pipeline->publisher, "roles",
                                      "publisher"));
    json_object_set_new(pkg, "resources", pkg_resources);
    pkg_resources = NULL;
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/datapackage.json", staging.buf);
    rc = json_write_path(p.buf, pkg, err);
    json_decref(pkg);
    if (!rc)
        rc = file_info_of(staging.buf, "datapackage.json", &files[nfiles++], err);

    /* the workbook, for spreadsheet users */
    struct tm ctm;
    memset(&ctm, 0, sizeof(ctm));
    time_t mtime = 0;
    if (created && strptime(created, "%Y-%m-%dT%H:%M:%SZ", &ctm))
        mtime = timegm(&ctm);
    if (!rc) {
        char xlsx[200];
        snprintf(xlsx, sizeof(xlsx), "%s-%s.xlsx", ds->id, res->version);
        struct workbook_about about = {ds->id,  ds->title, res->version, created, mtime,
                                       cfg->pipeline->license, cfg->pipeline->publisher, sources};
        rc = workbook_finish(wb, xlsx, &about, err);
        wb = NULL;
        if (!rc)
            rc = file_info_of(staging.buf, xlsx, &files[nfiles++], err);
    }
    json_decref(sources);

    /* the bundles: every file above, in name order, stamped with the data's time */
    for (int a = 0; a < nfiles; a++)
        for (int b = a + 1; b < nfiles; b++)
            if (strcmp(files[a].name, files[b].name) > 0) {
                struct file_info t = files[a];
                files[a] = files[b];
                files[b] = t;
            }
    if (!rc) {
        const char *names[64];
        for (int a = 0; a < nfiles; a++)
            names[a] = files[a].name;
        char prefix[160], tarname[200], zipname[200];
        snprintf(prefix, sizeof(prefix), "%s-%s", ds->id, res->version);
        snprintf(tarname, sizeof(tarname), "%s.tar.zst", prefix);
        snprintf(zipname, sizeof(zipname), "%s.zip", prefix);
        int nbase = nfiles;
        rc = bundle_write(staging.buf, tarname, prefix, names, nbase, mtime, BUNDLE_TAR_ZST, err);
        if (!rc)
            rc = file_info_of(staging.buf, tarname, &files[nfiles++], err);
        if (!rc)
            rc = bundle_write(staging.buf, zipname, prefix, names, nbase, mtime, BUNDLE_ZIP, err);
        if (!rc)
            rc = file_info_of(staging.buf, zipname, &files[nfiles++], err);
    }
    /* SHA256SUMS over every file of the release, sorted by name */
    if (!rc) {
        for (int a = 0; a < nfiles; a++)
            for (int b = a + 1; b < nfiles; b++)
                if (strcmp(files[a].name, files[b].name) > 0) {
                    struct file_info t = files[a];
                    files[a] = files[b];
                    files[b] = t;
                }
        struct strbuf sums = STRBUF_INIT;
        for (int a = 0; a < nfiles; a++)
            strbuf_addf(&sums, "%s  %s\n", files[a].sha, files[a].name);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/SHA256SUMS", staging.buf);
        rc = atomic_write(p.buf, sums.buf, sums.len, err);
        strbuf_release(&sums);
    }
    /* into place: rename the staging directory, then switch latest */
    if (!rc)
        rc = fsync_dir(staging.buf, err);
    snprintf(res->path, sizeof(res->path), "%s/%s", dsdir.buf, res->version);
    int completing = 0;
    if (!rc && file_exists(res->path)) {
        /* an earlier publish crashed after putting this release in place and
         * before switching latest: the same input gives the same bytes, so the
         * release is finished, not rebuilt; anything else is an error */
        if (same_file(staging.buf, res->path, "SHA256SUMS")) {
            remove_tree(staging.buf);
            completing = 1;
        } else {
            rc = odp_error_set(err, ODP_EIO,
                               "%s: a different release with this version exists already (left "
                               "by an interrupted publish?); move it away and publish again",
                               res->path);
        }
    }
    fault_point(); /* staged, not yet in place */
    if (!rc && !completing && rename(staging.buf, res->path) != 0)
        rc = odp_error_set(err, ODP_EIO, "%s: rename failed: %s", res->path, strerror(errno));
    if (!rc)
        rc = fsync_dir(dsdir.buf, err);
    if (!rc) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/.latest.tmp", dsdir.buf);
        unlink(p.buf);
        struct strbuf link = STRBUF_INIT;
        strbuf_addf(&link, "%s/latest", dsdir.buf);
        fault_point(); /* in place, latest not yet switched */
        if (symlink(res->version, p.buf) != 0 || rename(p.buf, link.buf) != 0)
            rc = odp_error_set(err, ODP_EIO, "%s: cannot switch the latest link: %s", link.buf,
                               strerror(errno));
        strbuf_release(&link);
    }
    if (!rc)
        rc = write_latest_json(dsdir.buf, ds->id, res->version, err);
    if (!rc)
        res->published = 1;
cleanup:
    workbook_abort(wb);
    if (rc)
        remove_tree(staging.buf);
    json_decref(pkg_resources);
    json_decref(facts);
    json_decref(documents);
    json_decref(prev_pkg);
    json_decref(latest);
    strbuf_release(&prev_dir);
out:
    strbuf_release(&dsdir);
    strbuf_release(&staging);
    strbuf_release(&p);
    return rc;
}
