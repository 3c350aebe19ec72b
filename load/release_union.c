/*
 * release_union.c: the national dataset (nl-gemeenten-pc-documenten) made
 * from the municipalities' latest releases, without parsing, sorting or
 * compressing a record again.
 *
 * Every id begins with its document_id, which begins with the municipality's
 * CBS code, so the national rows in id order are the municipalities' sorted
 * files one after the other in CBS order. A national release therefore holds
 * each table as parts, NAME/GM0150.csv and NAME/GM0150.jsonl.zst, each a hard
 * link to the file of that municipality's release (releases never change, so
 * sharing is safe), and its datapackage.json gives each resource the list of
 * its CSV parts as "path" (Data Package v2: a resource's data may be split
 * over several files, concatenated in the order given). A night that changes
 * one municipality writes a few small files here: CHANGES, datapackage.json,
 * SHA256SUMS.
 *
 * The keys stay checked: each municipality's release was published only when
 * its primary keys were unique and its references resolved (release_keys.c);
 * here every document_id of a part must begin with that part's CBS code, so
 * the municipalities' ids cannot meet and the national keys, their union, are
 * unique and resolve too. CHANGES compares only the parts whose bytes changed
 * since the previous national release.
 *
 * Deliberately no workbook and no bundles for the national dataset: at the
 * national size an xlsx is millions of rows and a bundle repeats every byte
 * of the parts in each release; the municipality releases have both.
 */
#include "release.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "atomic_file.h"
#include "changes_head.h"
#include "extsort.h"
#include "fault.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "portal_scan.h"
#include "release_changes.h"
#include "release_install.h"
#include "row_view.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

struct part {
    char cbs[16];         /* GM0150 */
    char *version;        /* the municipality release it is taken from */
    struct strbuf dir;    /* that release's directory */
    struct strbuf sums;   /* its SHA256SUMS */
    int changed;          /* its facts differ from the previous national release's */
};

struct doc_check {
    const char *cbs;
    const char *bad; /* the first document_id of another municipality (copied) */
    char badbuf[256];
};

static void check_document(json_t *rec, void *ud)
{
    struct doc_check *dc = ud;
    const char *id = jstr(rec, "document_id");
    size_t n = strlen(dc->cbs);
    if (!dc->bad && (!id || strncmp(id, dc->cbs, n) || id[n] != '-')) {
        snprintf(dc->badbuf, sizeof(dc->badbuf), "%s", id ? id : "(none)");
        dc->bad = dc->badbuf;
    }
}

struct fact_feed {
    struct release_changes *changes;
    struct row_view rv;
    long col_id, col_status, col_value, col_raw, ncols;
    int rc;
    struct odp_error err;
};

static void feed_fact(const char *line, size_t len, void *ud)
{
    struct fact_feed *f = ud;
    if (f->rc)
        return;
    if (row_view_scan(&f->rv, line, len) || f->rv.n != (size_t)f->ncols) {
        f->rc = odp_error_set(&f->err, ODP_EIO, "a published fact is damaged");
        return;
    }
    const char *id = f->col_id >= 0 ? row_view_string(&f->rv, (size_t)f->col_id) : NULL;
    f->rc = release_changes_add_fact(
        f->changes, id, f->col_status >= 0 ? &f->rv.v[f->col_status] : NULL,
        f->col_value >= 0 ? &f->rv.v[f->col_value] : NULL,
        f->col_raw >= 0 ? &f->rv.v[f->col_raw] : NULL, &f->err);
}

/* SHA256SUMS lines ("sha  name") by name. */
static int cmp_sum_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + SHA256_HEX_LEN + 2, *(char *const *)b + SHA256_HEX_LEN + 2);
}

static int link_part(const char *from, const char *to, struct odp_error *err)
{
    if (!fault_write(EIO) && link(from, to) == 0)
        return 0;
    return odp_error_set(err, ODP_EIO, "%s: cannot link %s: %s", to, from, strerror(errno));
}

/* long: the union release as one transaction, from its parts to the switch of
 * `latest`, with the two clean-up paths (cleanup:, out:) every failure goes
 * through; not yet split into its steps (issue 16). */
int release_publish_union(const struct release_config *cfg, const struct dataset_spec *ds,
                          char *const *member_ids, size_t nmembers, struct release_result *res,
                          struct odp_error *err)
{
    memset(res, 0, sizeof(*res));
    struct strbuf dsdir = STRBUF_INIT, staging = STRBUF_INIT, p = STRBUF_INIT, q = STRBUF_INIT,
                  dg = STRBUF_INIT, sums = STRBUF_INIT, prev_sums = STRBUF_INIT,
                  prev_dir = STRBUF_INIT;
    struct part *parts = xcalloc(nmembers ? nmembers : 1, sizeof(*parts));
    json_t *latest = NULL, *pkg = NULL, *sources = json_array();
    struct release_changes *changes = NULL;
    char *created = NULL;
    size_t nparts = 0;
    int rc = 0;
    strbuf_addf(&dsdir, "%s/datasets/%s", cfg->portal, ds->id);
    rc = fs_mkdir_p(dsdir.buf, err);
    if (rc)
        goto out;
    release_remove_stale_staging(dsdir.buf);

    /* the parts: each municipality's latest release */
    strbuf_addf(&dg, "odp national inputs\ncontract %d\nid %s\ntitle %s\nlicense %s\n"
                     "publisher %s\n",
                release_contract_major(), ds->id, ds->title,
                cfg->pipeline->license ? cfg->pipeline->license : "",
                cfg->pipeline->publisher ? cfg->pipeline->publisher : "");
    for (size_t m = 0; m < nmembers; m++) {
        char link[64];
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/datasets/%s/latest", cfg->portal, member_ids[m]);
        ssize_t ln = readlink(p.buf, link, sizeof(link) - 1);
        if (ln <= 0)
            continue; /* never published: not part of the nation yet */
        link[ln] = '\0';
        struct part *pt = &parts[nparts];
        strbuf_init(&pt->dir, 0);
        strbuf_init(&pt->sums, 0);
        const char *dash = strchr(member_ids[m], '-');
        size_t cl = dash ? (size_t)(dash - member_ids[m]) : strlen(member_ids[m]);
        snprintf(pt->cbs, sizeof(pt->cbs), "%.*s", (int)cl, member_ids[m]);
        pt->version = xstrdup(link);
        strbuf_addf(&pt->dir, "%s/datasets/%s/%s", cfg->portal, member_ids[m], link);
        nparts++;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/SHA256SUMS", pt->dir.buf);
        if (fs_read_file(p.buf, &pt->sums, err)) {
            rc = ODP_EIO;
            goto out;
        }
        char sha[SHA256_HEX_LEN + 1];
        sha256_hex(pt->sums.buf, pt->sums.len, sha);
        strbuf_addf(&dg, "part %s %s %s %s\n", pt->cbs, member_ids[m], link, sha);
    }
    if (!nparts) {
        rc = odp_error_set(err, ODP_EINVAL, "no municipality has a release to take part in it");
        goto out;
    }
    char inputs[SHA256_HEX_LEN + 1];
    sha256_hex(dg.buf, dg.len, inputs);

    char linkbuf[64] = "";
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/latest", dsdir.buf);
    ssize_t ln = readlink(p.buf, linkbuf, sizeof(linkbuf) - 1);
    linkbuf[ln > 0 ? ln : 0] = '\0';
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/latest.json", dsdir.buf);
    latest = fs_exists(p.buf) ? jsonutil_load_path(p.buf, NULL) : NULL;
    const char *prev_version = linkbuf[0] ? linkbuf : latest ? jstr(latest, "version") : NULL;
    int same_major = prev_version && release_major_of(prev_version) == release_contract_major();
    if (same_major && latest && jstr(latest, "inputs_sha256") &&
        !strcmp(jstr(latest, "inputs_sha256"), inputs) && jstr(latest, "version") &&
        !strcmp(jstr(latest, "version"), prev_version)) {
        snprintf(res->version, sizeof(res->version), "%s", prev_version);
        snprintf(res->path, sizeof(res->path), "%s/%s", dsdir.buf, prev_version);
        res->inputs_unchanged = 1;
        goto out;
    }
    int prev_in_parts = 0;
    if (prev_version) {
        strbuf_addf(&prev_dir, "%s/%s", dsdir.buf, prev_version);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/SHA256SUMS", prev_dir.buf);
        struct odp_error ignore;
        if (fs_read_file(p.buf, &prev_sums, &ignore))
            strbuf_reset(&prev_sums);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/facts", prev_dir.buf);
        struct stat st;
        prev_in_parts = stat(p.buf, &st) == 0 && S_ISDIR(st.st_mode);
    }

    strbuf_addf(&staging, "%s/.staging-%ld", dsdir.buf, (long)getpid());
    atomic_file_track(staging.buf);
    rc = fs_mkdir_p(staging.buf, err);
    if (rc)
        goto out;
    /* the release is made durable once, before it goes into place */
    atomic_file_defer_sync(staging.buf);

    /* each part's documents belong to its municipality: the ids cannot meet */
    long facts_total = 0;
    for (size_t k = 0; k < nparts && !rc; k++) {
        struct doc_check dc = {parts[k].cbs, NULL, ""};
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/documents.jsonl.zst", parts[k].dir.buf);
        if (jsonl_zst_each(p.buf, 0, check_document, &dc)) {
            rc = odp_error_set(err, ODP_EIO, "%s: cannot be read", p.buf);
            break;
        }
        if (dc.bad) {
            res->key_violation = 1;
            rc = odp_error_set(err, ODP_EINVAL,
                               "%s: document %s does not belong to municipality %s, so its ids "
                               "could meet another municipality's",
                               p.buf, dc.bad, parts[k].cbs);
            break;
        }
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/CHANGES.json", parts[k].dir.buf);
        json_t *ch = changes_head_read(p.buf, 0);
        facts_total += jint(ch, "facts_total", 0);
        json_decref(ch);
        /* the part changed when its facts differ from the previous national's */
        char name[64];
        snprintf(name, sizeof(name), "facts/%s.jsonl.zst", parts[k].cbs);
        const char *old = prev_in_parts ? release_sum_line(&prev_sums, name) : NULL;
        const char *now = release_sum_line(&parts[k].sums, "facts.jsonl.zst");
        parts[k].changed = !old || !now || memcmp(old, now, SHA256_HEX_LEN);
        /* the package's sources and created: the municipalities' */
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/datapackage.json", parts[k].dir.buf);
        json_t *mp = jsonutil_load_path(p.buf, NULL);
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(mp, "sources"), i, x) json_array_append(sources, x);
        const char *c = jstr(mp, "created");
        if (c && (!created || strcmp(c, created) > 0)) {
            free(created);
            created = xstrdup(c);
        }
        json_decref(mp);
    }
    if (rc)
        goto cleanup;

    /* the files: a link per part and table, listed with the part's checksums */
    json_t *pkg_resources = json_array();
    for (int r = 0; release_resources[r] && !rc; r++) {
        const char *name = release_resources[r];
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", staging.buf, name);
        rc = fs_mkdir_p(p.buf, err);
        json_t *paths = json_array();
        for (size_t k = 0; k < nparts && !rc; k++) {
            static const char *const exts[] = {".csv", ".jsonl.zst"};
            for (int e = 0; e < 2 && !rc; e++) {
                char from[80], to[96];
                snprintf(from, sizeof(from), "%s%s", name, exts[e]);
                snprintf(to, sizeof(to), "%s/%s%s", name, parts[k].cbs, exts[e]);
                const char *sl = release_sum_line(&parts[k].sums, from);
                if (!sl) {
                    rc = odp_error_set(err, ODP_EIO, "%s/SHA256SUMS: %s is not listed",
                                       parts[k].dir.buf, from);
                    break;
                }
                strbuf_reset(&p);
                strbuf_reset(&q);
                strbuf_addf(&p, "%s/%s", parts[k].dir.buf, from);
                strbuf_addf(&q, "%s/%s", staging.buf, to);
                rc = link_part(p.buf, q.buf, err);
                strbuf_add(&sums, sl, SHA256_HEX_LEN);
                strbuf_addf(&sums, "  %s\n", to);
                if (e == 0)
                    json_array_append_new(paths, json_string(to));
            }
        }
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s.schema.json", cfg->schema_dir, name);
        json_t *schema = rc ? NULL : jsonutil_load_path(p.buf, err);
        if (!rc && !schema)
            rc = ODP_EIO;
        if (!rc) {
            json_t *ro = json_object();
            json_object_set_new(ro, "name", json_string(name));
            json_object_set_new(ro, "path", paths);
            paths = NULL;
            json_object_set_new(ro, "title", json_string(name));
            json_object_set(ro, "description", json_object_get(schema, "description"));
            json_object_set_new(ro, "format", json_string("csv"));
            json_object_set_new(ro, "mediatype", json_string("text/csv"));
            json_object_set_new(ro, "encoding", json_string("utf-8"));
            json_object_set_new(ro, "schema", release_table_schema(schema));
            json_array_append_new(pkg_resources, ro);
        }
        json_decref(paths);
        json_decref(schema);
    }

    /* what changed: the changed parts' facts against the same parts before */
    size_t budget = extsort_budget();
    changes = release_changes_new(staging.buf, budget, prev_version != NULL);
    struct strbuf *prev_files = xcalloc(nparts + 1, sizeof(*prev_files));
    const char **prev_paths = xcalloc(nparts + 1, sizeof(*prev_paths));
    size_t nprev = 0;
    if (!rc) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/facts.schema.json", cfg->schema_dir);
        json_t *schema = jsonutil_load_path(p.buf, err);
        struct fact_feed f = {changes, ROW_VIEW_INIT, -1, -1, -1, -1, 0, 0, {0}};
        const char *key;
        json_t *pv;
        json_object_foreach(json_object_get(schema, "properties"), key, pv)
        {
            if (!strcmp(key, "fact_id"))
                f.col_id = f.ncols;
            else if (!strcmp(key, "status"))
                f.col_status = f.ncols;
            else if (!strcmp(key, "value"))
                f.col_value = f.ncols;
            else if (!strcmp(key, "raw"))
                f.col_raw = f.ncols;
            f.ncols++;
        }
        json_decref(schema);
        for (size_t k = 0; k < nparts && !f.rc; k++) {
            if (!parts[k].changed)
                continue;
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/facts.jsonl.zst", parts[k].dir.buf);
            if (jsonl_zst_each_line(p.buf, feed_fact, &f) && !f.rc)
                f.rc = odp_error_set(&f.err, ODP_EIO, "%s: cannot be read", p.buf);
            if (prev_in_parts) {
                strbuf_init(&prev_files[nprev], 0);
                strbuf_addf(&prev_files[nprev], "%s/facts/%s.jsonl.zst", prev_dir.buf,
                            parts[k].cbs);
                prev_paths[nprev] = prev_files[nprev].buf;
                /* a municipality new in the nation has no part before */
                if (fs_exists(prev_files[nprev].buf))
                    nprev++;
                else
                    strbuf_release(&prev_files[nprev]);
            }
        }
        /* a part the previous release had and this one has not: all removed */
        for (const char *l = prev_in_parts ? prev_sums.buf : ""; *l;) {
            const char *e = strchr(l, '\n');
            if (!e)
                break;
            const char *nm = l + SHA256_HEX_LEN + 2;
            size_t nl = (size_t)(e - nm);
            if (nl > 16 && !strncmp(nm, "facts/", 6) && !memcmp(e - 10, ".jsonl.zst", 10)) {
                int kept = 0;
                for (size_t k = 0; k < nparts; k++)
                    kept |= nl == 6 + strlen(parts[k].cbs) + 10 &&
                            !memcmp(nm + 6, parts[k].cbs, strlen(parts[k].cbs));
                if (!kept) {
                    strbuf_init(&prev_files[nprev], 0);
                    strbuf_addf(&prev_files[nprev], "%s/%.*s", prev_dir.buf, (int)nl, nm);
                    prev_paths[nprev] = prev_files[nprev].buf;
                    nprev++;
                }
            }
            l = e + 1;
        }
        /* a national release of one table (before parts): compare with it whole */
        if (prev_version && !prev_in_parts) {
            strbuf_init(&prev_files[nprev], 0);
            strbuf_addf(&prev_files[nprev], "%s/facts.jsonl.zst", prev_dir.buf);
            prev_paths[nprev] = prev_files[nprev].buf;
            nprev++;
        }
        row_view_release(&f.rv);
        if (f.rc) {
            *err = f.err;
            rc = f.rc;
        }
    }
    if (!rc)
        rc = release_changes_compute_files(changes, prev_version, prev_paths, nprev, err);
    for (size_t k = 0; k < nprev; k++)
        strbuf_release(&prev_files[k]);
    free(prev_files);
    free(prev_paths);
    release_changes_set_total(changes, facts_total);
    res->facts = facts_total;
    if (!rc && same_major && release_changes_added(changes) == 0 &&
        release_changes_removed(changes) == 0 && release_changes_changed(changes) == 0 &&
        prev_sums.len) {
        /* the same facts; the other tables may still differ (a page title):
         * only when every part's every file is the same is nothing published */
        int all_same = 1;
        for (const char *l = sums.buf; *l && all_same;) {
            const char *e = strchr(l, '\n');
            char nm[128];
            snprintf(nm, sizeof(nm), "%.*s", (int)(e - l - SHA256_HEX_LEN - 2),
                     l + SHA256_HEX_LEN + 2);
            const char *o = release_sum_line(&prev_sums, nm);
            all_same = o && !memcmp(o, l, SHA256_HEX_LEN);
            l = e + 1;
        }
        if (all_same) {
            json_decref(pkg_resources);
            if (!fault_write(EIO))
                fs_remove_tree(staging.buf);
            snprintf(res->version, sizeof(res->version), "%s", prev_version);
            snprintf(res->path, sizeof(res->path), "%s", prev_dir.buf);
            rc = release_write_latest_json(dsdir.buf, ds->id, prev_version, inputs, err);
            goto cleanup;
        }
    }
    if (!rc && prev_version && release_major_of(prev_version) < release_contract_major())
        release_changes_set_note(changes, release_contract_notes[release_contract_major()]);
    if (!rc)
        release_next_version(same_major ? prev_version : NULL, release_changes_added(changes),
                             release_changes_removed(changes), release_changes_changed(changes),
                             res->version, sizeof(res->version));
    if (!rc)
        rc = release_changes_write(changes, staging.buf, ds->id, res->version, err);

    /* datapackage.json */
    if (!rc) {
        pkg = json_object();
        json_object_set_new(pkg, "$schema",
                            json_string("https://datapackage.org/profiles/2.0/datapackage.json"));
        json_object_set_new(pkg, "name", json_string(ds->id));
        json_object_set_new(pkg, "id", json_string(ds->id));
        json_object_set_new(pkg, "title", json_string(ds->title));
        json_object_set_new(
            pkg, "description",
            json_string("Programmes, sections, tables, indicators and budget figures read from "
                        "the municipalities' planning-and-control documents, every "
                        "municipality's release together. Each table is split per municipality "
                        "(NAME/GM0150.csv, in CBS order: together in id order); read them as "
                        "one with read_csv('facts/*.csv') in DuckDB."));
        json_object_set_new(pkg, "version", json_string(res->version));
        if (created)
            json_object_set_new(pkg, "created", json_string(created));
        json_object_set_new(pkg, "licenses",
                            json_pack("[{s:s}]", "name", cfg->pipeline->license));
        json_object_set(pkg, "sources", sources);
        if (cfg->pipeline->publisher)
            json_object_set_new(pkg, "contributors",
                                json_pack("[{s:s,s:[s]}]", "title", cfg->pipeline->publisher,
                                          "roles", "publisher"));
        json_object_set_new(pkg, "resources", pkg_resources);
        pkg_resources = NULL;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/datapackage.json", staging.buf);
        rc = jsonutil_write_path(p.buf, pkg, err);
    }
    json_decref(pkg_resources);
    /* SHA256SUMS: the parts' (from their releases) and this release's own */
    static const char *const own[] = {"CHANGES.json", "CHANGES.md", "datapackage.json"};
    for (int o = 0; o < 3 && !rc; o++) {
        char sha[SHA256_HEX_LEN + 1];
        long long bytes;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", staging.buf, own[o]);
        rc = sha256_file_hex(p.buf, sha, &bytes, err);
        if (!rc)
            strbuf_addf(&sums, "%s  %s\n", sha, own[o]);
    }
    if (!rc) {
        /* in name order, as every SHA256SUMS */
        size_t nl = 0, cap = 64;
        char **lines = xmalloc(cap * sizeof(*lines));
        for (char *l = sums.buf; *l;) {
            char *e = strchr(l, '\n');
            *e = '\0';
            if (nl == cap)
                lines = xrealloc(lines, (cap *= 2) * sizeof(*lines));
            lines[nl++] = l;
            l = e + 1;
        }
        struct strbuf sorted = STRBUF_INIT;
        qsort(lines, nl, sizeof(*lines), cmp_sum_name);
        for (size_t i = 0; i < nl; i++)
            strbuf_addf(&sorted, "%s\n", lines[i]);
        free(lines);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/SHA256SUMS", staging.buf);
        rc = atomic_write(p.buf, sorted.buf, sorted.len, err);
        strbuf_release(&sorted);
    }
    if (!rc)
        rc = atomic_file_sync_tree(staging.buf, err);
    snprintf(res->path, sizeof(res->path), "%s/%s", dsdir.buf, res->version);
    if (!rc)
        rc = release_install(staging.buf, dsdir.buf, res->version, err);
    if (!rc)
        rc = release_write_latest_json(dsdir.buf, ds->id, res->version, inputs, err);
    if (!rc)
        res->published = 1;
cleanup:
    if (rc && staging.len) {
        if (!fault_write(EIO))
            fs_remove_tree(staging.buf);
        if (!fault_write(EIO))
            rmdir(dsdir.buf); /* a first release that failed leaves no empty folder */
    }
out:
    atomic_file_defer_sync(NULL);
    release_changes_free(changes);
    for (size_t k = 0; k < nparts; k++) {
        free(parts[k].version);
        strbuf_release(&parts[k].dir);
        strbuf_release(&parts[k].sums);
    }
    free(parts);
    free(created);
    json_decref(sources);
    json_decref(latest);
    json_decref(pkg);
    strbuf_release(&dsdir);
    atomic_file_untrack(staging.buf);
    strbuf_release(&staging);
    strbuf_release(&p);
    strbuf_release(&q);
    strbuf_release(&dg);
    strbuf_release(&sums);
    strbuf_release(&prev_sums);
    strbuf_release(&prev_dir);
    return rc;
}
