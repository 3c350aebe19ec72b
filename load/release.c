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

#include "atomic_file.h"
#include "bundle.h"
#include "extsort.h"
#include "fault.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "release_changes.h"
#include "release_inputs.h"
#include "release_install.h"
#include "release_keys.h"
#include "release_rows.h"
#include "resource_writer.h"
#include "sha256.h"
#include "strbuf.h"
#include "workbook.h"
#include "workdir.h"
#include "xalloc.h"

/* The version of DATA-CONTRACT.md the records follow: a release's MAJOR. */

/* Why each contract version changed, for the CHANGES of its first release
 * (index: the new major). */
const char *const release_contract_notes[CONTRACT_MAJOR + 1] = {
    NULL,
    NULL,
    "Contract 2: page_id is now {document_id}/{page_key}, the page's URL path under the "
    "document root made id-safe (p21636-burger-en-bestuur), instead of {document_id}/{slug}, "
    "which was not unique: whole documents repeat slugs (every programme has its own "
    "beleidsindicatoren page), so facts of different pages shared one fact_id. Every page_id, "
    "table_id, fact_id and check_id changed; the facts of the previous release are listed as "
    "removed and added under their new ids.",
};

/* The major version this publish writes: CONTRACT_MAJOR, or a lower one from
 * ODP_CONTRACT_MAJOR in the environment. That is a test hook (like
 * ODP_SORT_BUFFER): it lets a test build a real release of the previous
 * contract with this code and then check the first release of the new one;
 * a value that is no earlier contract is ignored. */
int release_contract_major(void)
{
    const char *e = getenv("ODP_CONTRACT_MAJOR");
    int m = e ? atoi(e) : 0;
    return m >= 1 && m < CONTRACT_MAJOR ? m : CONTRACT_MAJOR;
}

/* The major of version v, 0 when it has none. */
int release_major_of(const char *v)
{
    int m = 0;
    return v && sscanf(v, "%d.", &m) == 1 ? m : 0;
}

const char *const release_resources[] = {"documents", "pages",      "sections",     "tables",
                                        "facts",     "indicators", "budget_lines", "key_figures",
                                        "checks",
                                        NULL};

struct file_info {
    char name[64];
    char sha[SHA256_HEX_LEN + 1];
    long long bytes;
};

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

static int cmp_file_name(const void *a, const void *b)
{
    return strcmp(((const struct file_info *)a)->name, ((const struct file_info *)b)->name);
}

/* The bundles and SHA256SUMS list the files in name order (names are unique). */
static void sort_by_name(struct file_info *files, int n)
{
    qsort(files, (size_t)n, sizeof(*files), cmp_file_name);
}

void release_remove_stale_staging(const char *dsdir)
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
        if (!fault_write(EIO))
            fs_remove_tree(p.buf);
        strbuf_release(&p);
    }
    closedir(d);
}

/* MINOR when data was added and nothing removed or changed; PATCH otherwise. */
void release_next_version(const char *prev, long added, long removed, long changed, char *out,
                         size_t n)
{
    int cur = release_contract_major(), major = cur, minor = 0, patch = 0;
    if (!prev || sscanf(prev, "%d.%d.%d", &major, &minor, &patch) != 3 || major != cur) {
        snprintf(out, n, "%d.0.0", cur);
        return;
    }
    if (added > 0 && removed == 0 && changed == 0)
        snprintf(out, n, "%d.%d.0", major, minor + 1);
    else
        snprintf(out, n, "%d.%d.%d", major, minor, patch + 1);
}

json_t *release_table_schema(json_t *schema)
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

int release_write_latest_json(const char *dsdir, const char *id, const char *version,
                              const char *inputs, struct odp_error *err)
{
    json_t *lj = json_pack("{s:s,s:s,s:s}", "dataset_id", id, "version", version, "path", version);
    /* what the release was made from: a night whose inputs have this digest
     * would build the same release, so it builds nothing (release_inputs.h) */
    if (inputs)
        json_object_set_new(lj, "inputs_sha256", json_string(inputs));
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/latest.json", dsdir);
    int rc = jsonutil_write_path(p.buf, lj, err);
    json_decref(lj);
    strbuf_release(&p);
    return rc;
}

/* The files of SHA256SUMS in dir: "sha  name" lines into sums (name order). */
static int read_sums(const char *dir, struct strbuf *sums)
{
    struct strbuf p = STRBUF_INIT;
    struct odp_error e;
    strbuf_addf(&p, "%s/SHA256SUMS", dir);
    int rc = fs_read_file(p.buf, sums, &e);
    strbuf_release(&p);
    return rc;
}

const char *release_sum_line(const struct strbuf *sums, const char *name)
{
    size_t nl = strlen(name);
    for (const char *l = sums->buf; l && *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        if (len == SHA256_HEX_LEN + 2 + nl && !memcmp(l + SHA256_HEX_LEN + 2, name, nl))
            return l;
        l = e ? e + 1 : NULL;
    }
    return NULL;
}

int release_share_unchanged(const char *staging, const char *prev_dir, struct odp_error *err)
{
    struct strbuf now = STRBUF_INIT, before = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT,
                  t = STRBUF_INIT;
    int rc = 0;
    if (read_sums(staging, &now) || read_sums(prev_dir, &before))
        goto out; /* nothing to compare with: nothing shared */
    for (const char *l = now.buf; *l && !rc;) {
        const char *e = strchr(l, '\n');
        if (!e)
            break;
        char name[512];
        size_t nl = (size_t)(e - l) - (SHA256_HEX_LEN + 2);
        if ((size_t)(e - l) > SHA256_HEX_LEN + 2 && nl < sizeof(name)) {
            memcpy(name, l + SHA256_HEX_LEN + 2, nl);
            name[nl] = '\0';
            const char *old = release_sum_line(&before, name);
            if (old && !memcmp(old, l, SHA256_HEX_LEN)) {
                strbuf_reset(&a);
                strbuf_reset(&b);
                strbuf_reset(&t);
                strbuf_addf(&a, "%s/%s", prev_dir, name);
                strbuf_addf(&b, "%s/%s", staging, name);
                strbuf_addf(&t, "%s/.share.tmp", staging);
                if (!fault_write(EIO))
                    unlink(t.buf);
                /* a failed link (another file system) keeps the copy */
                if (!fault_write(EIO) && link(a.buf, t.buf) == 0 && (fault_write(EIO) || rename(t.buf, b.buf) != 0))
                    rc = odp_error_set(err, ODP_EIO, "%s: cannot put in place: %s", b.buf,
                                       strerror(errno));
            }
        }
        l = e + 1;
    }
out:
    strbuf_release(&now);
    strbuf_release(&before);
    strbuf_release(&a);
    strbuf_release(&b);
    strbuf_release(&t);
    return rc;
}

/* Sort resource res and write its files (CSV, JSON Lines, workbook sheets)
 * a record at a time; hand the facts to changes, take created and sources from
 * the documents. *nrows receives the number of records. */
static int write_resource(const struct release_config *cfg, const struct dataset_spec *ds,
                          const char *res, json_t *schema, const char *staging, size_t budget,
                          struct workbook *wb, struct release_changes *changes,
                          struct release_keys *keys, char **created, json_t *sources, long *nrows,
                          struct odp_error *err)
{
    struct extsort *s = extsort_new(staging, budget);
    unsigned long long text_bytes = 0;
    int rc = release_rows_sort(cfg, ds, res, schema, s, &text_bytes, err);
    if (!rc)
        rc = extsort_finish(s, err);
    if (!rc && extsort_runs_written(s))
        log_info("%s: %zu records sorted in %zu runs on disk", res, extsort_count(s),
                 extsort_runs_written(s));
    struct resource_writer *w = NULL;
    if (!rc) {
        w = resource_writer_open(staging, res, schema, text_bytes, wb, err);
        if (!w)
            rc = ODP_EIO;
    }
    int is_facts = !strcmp(res, "facts"), is_documents = !strcmp(res, "documents");
    /* the columns CHANGES takes from a fact: -1 when the schema has none */
    json_t *props = json_object_get(schema, "properties");
    long col_id = -1, col_status = -1, col_value = -1, col_raw = -1, ncols = 0;
    const char *pkey;
    json_t *pval;
    json_object_foreach(props, pkey, pval)
    {
        if (!strcmp(pkey, "fact_id"))
            col_id = ncols;
        else if (!strcmp(pkey, "status"))
            col_status = ncols;
        else if (!strcmp(pkey, "value"))
            col_value = ncols;
        else if (!strcmp(pkey, "raw"))
            col_raw = ncols;
        ncols++;
    }
    if (!rc)
        rc = release_keys_begin(keys, res, schema, err);
    struct row_view rv = ROW_VIEW_INIT;
    const char *key, *line;
    size_t klen, len;
    int got = 0;
    while (!rc && !(rc = extsort_next(s, &key, &klen, &line, &len, &got, err)) && got) {
        if (row_view_scan(&rv, line, len) || rv.n != (size_t)ncols) {
            rc = odp_error_set(err, ODP_EIO, "%s: a sorted record is damaged", res);
            break;
        }
        (*nrows)++;
        rc = release_keys_row(keys, &rv, err);
        if (!rc)
            rc = resource_writer_add(w, line, len, &rv, err);
        if (!rc && is_facts) {
            const char *id = col_id >= 0 ? row_view_string(&rv, (size_t)col_id) : NULL;
            rc = release_changes_add_fact(changes, id, col_status >= 0 ? &rv.v[col_status] : NULL,
                                          col_value >= 0 ? &rv.v[col_value] : NULL,
                                          col_raw >= 0 ? &rv.v[col_raw] : NULL, err);
        }
        if (is_documents) {
            /* a handful of records: jansson is simplest */
            json_t *rec = json_loadb(line, len, 0, NULL);
            const char *t = jstr(rec, "last_changed_at");
            if (t && (!*created || strcmp(t, *created) > 0)) {
                free(*created);
                *created = xstrdup(t);
            }
            json_array_append_new(sources, json_pack("{s:s,s:s}", "title", jstr(rec, "document_id"),
                                                     "path", jstr(rec, "site_url")));
            json_decref(rec);
        }
    }
    row_view_release(&rv);
    if (w) {
        if (rc)
            resource_writer_abort(w);
        else
            rc = resource_writer_close(w, err);
    }
    extsort_free(s);
    return rc;
}

/* long: one release as one transaction, from the staging directory to the
 * switch of `latest`, with the two clean-up paths (cleanup:, out:) every
 * failure goes through; not yet split into its steps (issue 16). */
int release_publish(const struct release_config *cfg, const struct dataset_spec *ds,
                    struct release_result *res, struct odp_error *err)
{
    memset(res, 0, sizeof(*res));
    struct strbuf dsdir = STRBUF_INIT, staging = STRBUF_INIT, p = STRBUF_INIT;
    strbuf_addf(&dsdir, "%s/datasets/%s", cfg->portal, ds->id);
    int rc = fs_mkdir_p(dsdir.buf, err);
    if (rc)
        goto out;
    release_remove_stale_staging(dsdir.buf);
    char inputs[SHA256_HEX_LEN + 1];
    rc = release_inputs_digest(cfg, ds, release_contract_major(), inputs, err);
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
    json_t *latest = fs_exists(p.buf) ? jsonutil_load_path(p.buf, NULL) : NULL;
    const char *prev_version = linkbuf[0] ? linkbuf : latest ? jstr(latest, "version") : NULL;
    /* the latest release was made from these very inputs: it is what a build
     * would give, so nothing is built (no staging directory, no sort) */
    if (prev_version && latest && jstr(latest, "inputs_sha256") &&
        !strcmp(jstr(latest, "inputs_sha256"), inputs) && jstr(latest, "version") &&
        !strcmp(jstr(latest, "version"), prev_version) &&
        release_major_of(prev_version) == release_contract_major()) {
        snprintf(res->version, sizeof(res->version), "%s", prev_version);
        snprintf(res->path, sizeof(res->path), "%s/%s", dsdir.buf, prev_version);
        res->inputs_unchanged = 1;
        json_decref(latest);
        goto out;
    }
    strbuf_addf(&staging, "%s/.staging-%ld", dsdir.buf, (long)getpid());
    atomic_file_track(staging.buf);
    rc = fs_mkdir_p(staging.buf, err);
    if (rc) {
        json_decref(latest);
        goto out;
    }
    /* the release is made durable once, before it goes into place */
    atomic_file_defer_sync(staging.buf);
    json_t *prev_pkg = NULL;
    struct strbuf prev_dir = STRBUF_INIT;
    if (prev_version) {
        strbuf_addf(&prev_dir, "%s/%s", dsdir.buf, prev_version);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/datapackage.json", prev_dir.buf);
        prev_pkg = jsonutil_load_path(p.buf, NULL);
    }

    struct file_info files[64];
    /* a release of an earlier contract is followed by one of this contract,
     * also when the bytes happen to be the same: their meaning is not */
    int nfiles = 0, same = prev_pkg != NULL && release_major_of(prev_version) == release_contract_major();
    struct workbook *wb = workbook_start(staging.buf, err);
    if (!wb)
        rc = ODP_EIO;
    json_t *pkg_resources = json_array();
    char *created = NULL;
    json_t *sources = json_array();
    size_t budget = extsort_budget();
    struct release_changes *changes =
        release_changes_new(staging.buf, budget, prev_version != NULL);
    /* the key sorts are many but small next to the resources' own */
    struct release_keys *keys = release_keys_new(staging.buf, budget / 4);
    log_timing(ds->id, NULL);
    for (int r = 0; release_resources[r] && !rc; r++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s.schema.json", cfg->schema_dir, release_resources[r]);
        json_t *schema = jsonutil_load_path(p.buf, err);
        if (!schema) {
            rc = ODP_EIO;
            break;
        }
        long nrows = 0;
        rc = write_resource(cfg, ds, release_resources[r], schema, staging.buf, budget, wb, changes, keys,
                            &created, sources, &nrows, err);
        log_timing(ds->id, release_resources[r]);
        res->rows_total += nrows;
        char name[64], zname[64];
        snprintf(name, sizeof(name), "%s.csv", release_resources[r]);
        snprintf(zname, sizeof(zname), "%s.jsonl.zst", release_resources[r]);
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
                if (jstr(x, "name") && !strcmp(jstr(x, "name"), release_resources[r]))
                    pr = x;
            }
            char hash[80];
            snprintf(hash, sizeof(hash), "sha256:%s", files[nfiles].sha);
            if (!pr || !jstr(pr, "hash") || strcmp(jstr(pr, "hash"), hash))
                same = 0;
            json_t *res_obj = json_object();
            json_object_set_new(res_obj, "name", json_string(release_resources[r]));
            json_object_set_new(res_obj, "path", json_string(name));
            json_object_set_new(res_obj, "title", json_string(release_resources[r]));
            json_object_set(res_obj, "description", json_object_get(schema, "description"));
            json_object_set_new(res_obj, "format", json_string("csv"));
            json_object_set_new(res_obj, "mediatype", json_string("text/csv"));
            json_object_set_new(res_obj, "encoding", json_string("utf-8"));
            json_object_set_new(res_obj, "bytes", json_integer(files[nfiles].bytes));
            json_object_set_new(res_obj, "hash", json_string(hash));
            json_object_set_new(res_obj, "schema", release_table_schema(schema));
            json_array_append_new(pkg_resources, res_obj);
            nfiles += 2;
        }
        if (!strcmp(release_resources[r], "facts"))
            res->facts = nrows;
        json_decref(schema);
    }
    /* every primary key unique, every foreign key resolved, before anything is
     * published; a violation leaves the previous release as it is */
    log_timing(ds->id, "(the rest)");
    if (!rc && (rc = release_keys_check(keys, err)) == ODP_EINVAL) {
        res->key_violation = 1;
        log_error("%s: the records break a key: %s", ds->id, err->msg);
    }
    release_keys_free(keys);
    keys = NULL;
    if (rc)
        goto cleanup;

    if (same) {
        res->published = 0;
        snprintf(res->version, sizeof(res->version), "%s", prev_version);
        snprintf(res->path, sizeof(res->path), "%s", prev_dir.buf);
        workbook_abort(wb);
        wb = NULL;
        if (!fault_write(EIO))
            fs_remove_tree(staging.buf);
        /* a crash between switching latest and writing latest.json: finish it */
        if (!latest || !jstr(latest, "version") || strcmp(jstr(latest, "version"), prev_version) ||
            !jstr(latest, "inputs_sha256") || strcmp(jstr(latest, "inputs_sha256"), inputs))
            rc = release_write_latest_json(dsdir.buf, ds->id, prev_version, inputs, err);
        goto cleanup;
    }
    log_timing(ds->id, "keys");
    rc = release_changes_compute(changes, prev_version, prev_dir.buf, err);
    if (rc)
        goto cleanup;
    if (prev_version && release_major_of(prev_version) < release_contract_major())
        release_changes_set_note(changes, release_contract_notes[release_contract_major()]);
    release_next_version(prev_version, release_changes_added(changes), release_changes_removed(changes),
                 release_changes_changed(changes), res->version, sizeof(res->version));
    rc = release_changes_write(changes, staging.buf, ds->id, res->version, err);
    if (!rc)
        rc = file_info_of(staging.buf, "CHANGES.json", &files[nfiles++], err);
    if (!rc)
        rc = file_info_of(staging.buf, "CHANGES.md", &files[nfiles++], err);
    release_changes_free(changes);
    changes = NULL;
    if (rc)
        goto cleanup;

    log_timing(ds->id, "changes");
    /* created: the data's own newest change, never the run time */
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
    rc = jsonutil_write_path(p.buf, pkg, err);
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

    /* the bundle: every file above in one download, in name order, stamped
     * with the data's time. One, a zip, which every system opens without
     * extra tools; a .tar.zst beside it held the same files again at a fifth
     * of the release's bytes and a sixth of its CPU (bench/README.md) */
    sort_by_name(files, nfiles);
    if (!rc) {
        const char *names[64];
        for (int a = 0; a < nfiles; a++)
            names[a] = files[a].name;
        char prefix[160], zipname[200];
        snprintf(prefix, sizeof(prefix), "%s-%s", ds->id, res->version);
        snprintf(zipname, sizeof(zipname), "%s.zip", prefix);
        int nbase = nfiles;
        log_timing(ds->id, "workbook");
        rc = bundle_write(staging.buf, zipname, prefix, names, nbase, mtime, BUNDLE_ZIP, err);
        if (!rc)
            rc = file_info_of(staging.buf, zipname, &files[nfiles++], err);
    }
    /* SHA256SUMS over every file of the release, sorted by name */
    if (!rc) {
        sort_by_name(files, nfiles);
        struct strbuf sums = STRBUF_INIT;
        for (int a = 0; a < nfiles; a++)
            strbuf_addf(&sums, "%s  %s\n", files[a].sha, files[a].name);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/SHA256SUMS", staging.buf);
        rc = atomic_write(p.buf, sums.buf, sums.len, err);
        strbuf_release(&sums);
    }
    /* a file with the same bytes as the previous release's is that file:
     * releases are never changed, so they share it (a hard link) */
    log_timing(ds->id, "zip, sums");
    if (!rc && prev_version)
        rc = release_share_unchanged(staging.buf, prev_dir.buf, err);
    /* into place: every file of it on disk, the staging directory renamed,
     * then latest switched */
    if (!rc)
        rc = atomic_file_sync_tree(staging.buf, err);
    snprintf(res->path, sizeof(res->path), "%s/%s", dsdir.buf, res->version);
    if (!rc)
        rc = release_install(staging.buf, dsdir.buf, res->version, err);
    if (!rc)
        rc = release_write_latest_json(dsdir.buf, ds->id, res->version, inputs, err);
    log_timing(ds->id, "in place");
    if (!rc)
        res->published = 1;
cleanup:
    release_keys_free(keys);
    workbook_abort(wb);
    release_changes_free(changes);
    json_decref(sources);
    free(created);
    if (rc) {
        if (!fault_write(EIO))
            fs_remove_tree(staging.buf);
        if (!fault_write(EIO))
            rmdir(dsdir.buf); /* a first release that failed leaves no empty folder */
    }
    json_decref(pkg_resources);
    json_decref(prev_pkg);
    json_decref(latest);
    strbuf_release(&prev_dir);
out:
    atomic_file_defer_sync(NULL);
    strbuf_release(&dsdir);
    atomic_file_untrack(staging.buf);
    strbuf_release(&staging);
    strbuf_release(&p);
    return rc;
}
