/* release_retention.c: see release_retention.h. */
#include "release_retention.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "atomic_file.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "portal_scan.h"
#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

#define NATIONAL_PREFIX "nl-"

/* What a pruned release keeps: its description and its changes, which the
 * pages and the catalogue show, and the tombstone. */
static const char *const kept_files[] = {"datapackage.json", "CHANGES.json", "CHANGES.md",
                                         "TOMBSTONE.json", NULL};

static int is_version(const char *s)
{
    int a, b, c, n = 0;
    return sscanf(s, "%d.%d.%d%n", &a, &b, &c, &n) == 3 && s[n] == '\0';
}

static int is_kept_file(const char *name)
{
    for (int i = 0; kept_files[i]; i++)
        if (!strcmp(name, kept_files[i]))
            return 1;
    return 0;
}

static int is_national(const char *dataset)
{
    return !strncmp(dataset, NATIONAL_PREFIX, strlen(NATIONAL_PREFIX));
}

static int cmp_version_str(const void *a, const void *b)
{
    return version_cmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of dir's entries that pass keep (all when NULL), sorted by cmp. */
static char **list_dir(const char *dir, int (*keep)(const char *),
                       int (*cmp)(const void *, const void *), size_t *n)
{
    char **out = NULL;
    size_t alloc = 0;
    *n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' || (keep && !keep(e->d_name)))
            continue;
        ALLOC_GROW(out, *n + 1, alloc);
        out[(*n)++] = xstrdup(e->d_name);
    }
    if (d)
        closedir(d);
    if (*n)
        qsort(out, *n, sizeof(*out), cmp);
    return out;
}

static void free_list(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

/* The bytes of every file under path, and of those no other name links to. */
static void tree_bytes(const char *path, long long *bytes, long long *freed)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        size_t n;
        char **names = list_dir(path, NULL, cmp_str, &n);
        for (size_t i = 0; i < n; i++) {
            struct strbuf p = STRBUF_INIT;
            strbuf_addf(&p, "%s/%s", path, names[i]);
            tree_bytes(p.buf, bytes, freed);
            strbuf_release(&p);
        }
        free_list(names, n);
        return;
    }
    *bytes += (long long)st.st_size;
    if (st.st_nlink <= 1)
        *freed += (long long)st.st_size;
}

/* The part of the release's tree that pruning removes. */
static void prunable_bytes(const char *rdir, long long *bytes, long long *freed)
{
    size_t n;
    char **names = list_dir(rdir, NULL, cmp_str, &n);
    for (size_t i = 0; i < n; i++) {
        if (is_kept_file(names[i]))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", rdir, names[i]);
        tree_bytes(p.buf, bytes, freed);
        strbuf_release(&p);
    }
    free_list(names, n);
}

static int keep_last(const struct retention_settings *rs, const char *dataset)
{
    return is_national(dataset) ? rs->national_releases : rs->municipality_releases;
}

char *retention_reason(const struct retention_settings *rs, const char *dataset)
{
    struct strbuf sb = STRBUF_INIT;
    int n = keep_last(rs, dataset);
    strbuf_addf(&sb, "the pipeline's retention keeps the last %d %s release%s", n,
                is_national(dataset) ? "national" : "municipality", n == 1 ? "" : "s");
    return strbuf_detach(&sb, NULL);
}

int retention_plan(const char *portal, const struct retention_settings *rs,
                   struct retention_plan *out, struct odp_error *err)
{
    (void)err;
    memset(out, 0, sizeof(*out));
    size_t alloc = 0, nds;
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/datasets", portal);
    char **datasets = list_dir(p.buf, NULL, cmp_str, &nds);
    for (size_t d = 0; d < nds; d++) {
        struct strbuf dsdir = STRBUF_INIT;
        strbuf_addf(&dsdir, "%s/datasets/%s", portal, datasets[d]);
        size_t nv;
        char **versions = list_dir(dsdir.buf, is_version, cmp_version_str, &nv);
        char latest[64] = "";
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/latest", dsdir.buf);
        ssize_t ln = readlink(p.buf, latest, sizeof(latest) - 1);
        latest[ln > 0 ? ln : 0] = '\0';
        int keep = keep_last(rs, datasets[d]);
        /* the newest `keep` releases that are not pruned already count
         * against the policy; a pruned one never comes back */
        size_t whole = 0;
        for (size_t v = nv; v-- > 0;) {
            struct retention_entry e = {xstrdup(datasets[d]), xstrdup(versions[v]), RETENTION_KEEP,
                                        0, 0};
            struct strbuf rdir = STRBUF_INIT;
            strbuf_addf(&rdir, "%s/%s", dsdir.buf, versions[v]);
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/TOMBSTONE.json", rdir.buf);
            if (fs_exists(p.buf)) {
                e.state = RETENTION_PRUNED;
            } else {
                if (!strcmp(versions[v], latest))
                    e.state = RETENTION_LATEST;
                else if (keep && whole >= (size_t)keep)
                    e.state = RETENTION_PRUNE;
                whole++;
            }
            prunable_bytes(rdir.buf, &e.bytes, &e.freed);
            strbuf_release(&rdir);
            ALLOC_GROW(out->entries, out->n + 1, alloc);
            out->entries[out->n++] = e;
        }
        /* oldest first within the dataset */
        size_t first = out->n - nv;
        for (size_t a = first, b = out->n; nv && a < --b; a++) {
            struct retention_entry t = out->entries[a];
            out->entries[a] = out->entries[b];
            out->entries[b] = t;
        }
        free_list(versions, nv);
        strbuf_release(&dsdir);
    }
    free_list(datasets, nds);
    strbuf_release(&p);
    return ODP_OK;
}

void retention_plan_free(struct retention_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++) {
        free(plan->entries[i].dataset);
        free(plan->entries[i].version);
    }
    free(plan->entries);
    memset(plan, 0, sizeof(*plan));
}

static int is_kept(const struct retention_entry *e)
{
    return e->state == RETENTION_LATEST || e->state == RETENTION_KEEP;
}

/* A kept release's SHA256SUMS (cached in sums, by "dataset/version"). */
static const char *sums_of(const char *portal, json_t *sums, const struct retention_entry *e)
{
    struct strbuf key = STRBUF_INIT, p = STRBUF_INIT, text = STRBUF_INIT;
    strbuf_addf(&key, "%s/%s", e->dataset, e->version);
    json_t *have = json_object_get(sums, key.buf);
    if (!have) {
        struct odp_error ignore;
        strbuf_addf(&p, "%s/datasets/%s/SHA256SUMS", portal, key.buf);
        if (fs_read_file(p.buf, &text, &ignore))
            strbuf_reset(&text);
        have = json_stringn(text.buf, text.len);
        json_object_set_new(sums, key.buf, have);
    }
    strbuf_release(&key);
    strbuf_release(&p);
    strbuf_release(&text);
    return json_string_value(have);
}

/* The name of the file with SHA-256 sha in a SHA256SUMS text, or NULL
 * (caller frees). */
static char *name_with_sum(const char *sums, const char *sha)
{
    for (const char *l = sums; l && *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        if (len > SHA256_HEX_LEN + 2 && !memcmp(l, sha, SHA256_HEX_LEN))
            return xstrndup(l + SHA256_HEX_LEN + 2, len - SHA256_HEX_LEN - 2);
        l = e ? e + 1 : NULL;
    }
    return NULL;
}

/* Where a file with this SHA-256 lives on in a kept release: the newest of
 * the same dataset first, then any other dataset's. NULL when nowhere. */
static json_t *lives_on(const char *portal, const struct retention_plan *plan, json_t *sums,
                        const char *dataset, const char *sha)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = plan->n; i-- > 0;) {
            const struct retention_entry *e = &plan->entries[i];
            if (!is_kept(e) || (!strcmp(e->dataset, dataset)) != (pass == 0))
                continue;
            char *name = name_with_sum(sums_of(portal, sums, e), sha);
            if (name) {
                json_t *o = json_pack("{s:s,s:s,s:s}", "dataset_id", e->dataset, "version",
                                      e->version, "name", name);
                struct strbuf path = STRBUF_INIT;
                strbuf_addf(&path, "datasets/%s/%s/%s", e->dataset, e->version, name);
                json_object_set_new(o, "path", json_string(path.buf));
                strbuf_release(&path);
                free(name);
                return o;
            }
        }
    return NULL;
}

/* The tombstone of plan->entries[k]: what it was, why it went, where its
 * files live on. */
static json_t *tombstone(const char *portal, const struct retention_settings *rs,
                         const struct retention_plan *plan, size_t k, json_t *sums, const char *now)
{
    const struct retention_entry *r = &plan->entries[k];
    char *why = retention_reason(rs, r->dataset);
    json_t *t = json_pack("{s:s,s:s,s:s,s:s}", "dataset_id", r->dataset, "version", r->version,
                          "pruned_at", now, "reason", why);
    free(why);
    /* the release that follows it: its CHANGES says what changed since */
    for (size_t i = k + 1; i < plan->n && !strcmp(plan->entries[i].dataset, r->dataset); i++)
        if (is_kept(&plan->entries[i])) {
            struct strbuf path = STRBUF_INIT;
            strbuf_addf(&path, "datasets/%s/%s/", r->dataset, plan->entries[i].version);
            json_object_set_new(t, "superseded_by", json_string(plan->entries[i].version));
            json_object_set_new(t, "superseded_by_path", json_string(path.buf));
            strbuf_release(&path);
            break;
        }
    /* its files, each with the kept release that has the same bytes */
    struct strbuf p = STRBUF_INIT, text = STRBUF_INIT;
    struct odp_error ignore;
    strbuf_addf(&p, "%s/datasets/%s/%s/SHA256SUMS", portal, r->dataset, r->version);
    if (fs_read_file(p.buf, &text, &ignore))
        strbuf_reset(&text);
    json_t *files = json_array();
    long total = 0, kept = 0;
    for (const char *l = text.buf; *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        if (len > SHA256_HEX_LEN + 2) {
            char sha[SHA256_HEX_LEN + 1];
            memcpy(sha, l, SHA256_HEX_LEN);
            sha[SHA256_HEX_LEN] = '\0';
            char *name = xstrndup(l + SHA256_HEX_LEN + 2, len - SHA256_HEX_LEN - 2);
            json_t *f = json_pack("{s:s,s:s}", "name", name, "sha256", sha);
            json_t *on = lives_on(portal, plan, sums, r->dataset, sha);
            json_object_set_new(f, "lives_on", on ? on : json_null());
            total++;
            kept += on != NULL;
            json_array_append_new(files, f);
            free(name);
        }
        if (!e)
            break;
        l = e + 1;
    }
    json_object_set_new(t, "files", files);
    json_object_set_new(t, "files_living_on", json_integer(kept));
    json_object_set_new(t, "files_total", json_integer(total));
    /* what it covered, for the catalogue's coverage and the pages */
    json_t *docs = release_read_records(portal, r->dataset, r->version, "documents", 0);
    json_t *kept_docs = json_array();
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d)
    {
        json_t *o = json_object();
        static const char *const keys[] = {"document_id", "cbs_code", "municipality",
                                           "doc_type",    "year",     NULL};
        for (int c = 0; keys[c]; c++)
            if (json_object_get(d, keys[c]))
                json_object_set(o, keys[c], json_object_get(d, keys[c]));
        json_array_append_new(kept_docs, o);
    }
    json_decref(docs);
    json_object_set_new(t, "documents", kept_docs);
    strbuf_release(&p);
    strbuf_release(&text);
    return t;
}

/* Remove every file and folder of rdir but the kept files. */
static int remove_data(const char *rdir, struct odp_error *err)
{
    size_t n;
    char **names = list_dir(rdir, NULL, cmp_str, &n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (is_kept_file(names[i]))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s", rdir, names[i]);
        if (fs_remove_tree(p.buf) != 0 && errno != ENOENT)
            rc = odp_error_set(err, ODP_EIO, "%s: cannot remove: %s", p.buf, strerror(errno));
        strbuf_release(&p);
    }
    free_list(names, n);
    if (!rc)
        rc = fsync_dir(rdir, err);
    return rc;
}

int retention_apply(const char *portal, const struct retention_settings *rs,
                    const struct retention_plan *plan, const char *now, size_t *pruned,
                    struct odp_error *err)
{
    *pruned = 0;
    json_t *sums = json_object();
    int rc = 0;
    for (size_t k = 0; k < plan->n && !rc; k++) {
        const struct retention_entry *r = &plan->entries[k];
        if (r->state != RETENTION_PRUNE && r->state != RETENTION_PRUNED)
            continue;
        struct strbuf rdir = STRBUF_INIT, p = STRBUF_INIT;
        strbuf_addf(&rdir, "%s/datasets/%s/%s", portal, r->dataset, r->version);
        if (r->state == RETENTION_PRUNE) {
            json_t *t = tombstone(portal, rs, plan, k, sums, now);
            strbuf_addf(&p, "%s/TOMBSTONE.json", rdir.buf);
            /* on disk before any file goes: a killed prune leaves a release
             * that says it was pruned, never one that silently lacks files */
            rc = jsonutil_write_path(p.buf, t, err);
            json_decref(t);
            if (!rc)
                (*pruned)++;
        }
        if (!rc && (r->bytes || r->state == RETENTION_PRUNE))
            rc = remove_data(rdir.buf, err);
        strbuf_release(&rdir);
        strbuf_release(&p);
    }
    json_decref(sums);
    return rc;
}
