/* release_inputs.c: see release_inputs.h. */
#include "release_inputs.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "fsutil.h"
#include "strbuf.h"
#include "workdir.h"
#include "xalloc.h"

/* The cached SHA-256 of a file with this signature in cache (lines "name ino
 * size sec nsec sha"), or 0. */
static int cached_sha(const char *cache, const char *name, const char *sig,
                      char out[SHA256_HEX_LEN + 1])
{
    size_t nl = strlen(name), sl = strlen(sig);
    for (const char *l = cache; l && *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        if (len == nl + 1 + sl + 1 + SHA256_HEX_LEN && !memcmp(l, name, nl) && l[nl] == ' ' &&
            !memcmp(l + nl + 1, sig, sl) && l[nl + 1 + sl] == ' ') {
            memcpy(out, l + nl + 1 + sl + 1, SHA256_HEX_LEN);
            out[SHA256_HEX_LEN] = '\0';
            return 1;
        }
        l = e ? e + 1 : NULL;
    }
    return 0;
}

/* Append "source name sha\n" to dg for each record file of source, in name
 * order, from the cache where the file is unchanged. */
static int source_digest(const char *wd, const char *source_id, struct strbuf *dg,
                         struct odp_error *err)
{
    struct strbuf dir = STRBUF_INIT, cpath = STRBUF_INIT, cache = STRBUF_INIT,
                  fresh = STRBUF_INIT, p = STRBUF_INIT;
    workdir_records_dir(&dir, wd, source_id);
    strbuf_addf(&cpath, "%s/publish/%s.digest", wd, source_id);
    struct odp_error ignore;
    if (fs_read_file(cpath.buf, &cache, &ignore))
        strbuf_reset(&cache);
    int rc = 0;
    char **names;
    long listed = fs_list_sorted(dir.buf, ".jsonl", &names);
    size_t n = listed < 0 ? 0 : (size_t)listed;
    if (listed < 0)
        rc = odp_error_set(err, ODP_EIO, "%s: cannot read the records", dir.buf);
    for (size_t i = 0; i < n && !rc; i++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", dir.buf, names[i]);
        struct stat st;
        if (stat(p.buf, &st)) {
            rc = odp_error_set(err, ODP_EIO, "%s: cannot read it", p.buf);
            break;
        }
        char sig[96], sha[SHA256_HEX_LEN + 1];
        snprintf(sig, sizeof(sig), "%llu %lld %lld %ld", (unsigned long long)st.st_ino,
                 (long long)st.st_size, (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
        if (!cached_sha(cache.buf, names[i], sig, sha)) {
            long long size;
            rc = sha256_file_hex(p.buf, sha, &size, err);
            if (rc)
                break;
        }
        strbuf_addf(&fresh, "%s %s %s\n", names[i], sig, sha);
        strbuf_addf(dg, "%s %s %s\n", source_id, names[i], sha);
    }
    /* the cache is a hint: a failure to write it costs only time */
    if (!rc && (fresh.len != cache.len || memcmp(fresh.buf, cache.buf, fresh.len))) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/publish", wd);
        if (!fs_mkdir_p(p.buf, &ignore))
            atomic_write(cpath.buf, fresh.buf, fresh.len, &ignore);
    }
    fs_names_free(names, n);
    strbuf_release(&dir);
    strbuf_release(&cpath);
    strbuf_release(&cache);
    strbuf_release(&fresh);
    strbuf_release(&p);
    return rc;
}

int release_inputs_digest(const struct release_config *cfg, const struct dataset_spec *ds,
                          int contract_major, char out[SHA256_HEX_LEN + 1], struct odp_error *err)
{
    struct strbuf dg = STRBUF_INIT, p = STRBUF_INIT;
    const struct pipeline *pl = cfg->pipeline;
    strbuf_addf(&dg, "odp release inputs\nformat %d\ncontract %d\nid %s\ntitle %s\n",
                RELEASE_FORMAT, contract_major, ds->id, ds->title);
    strbuf_addf(&dg, "license %s\npublisher %s\n", pl->license ? pl->license : "",
                pl->publisher ? pl->publisher : "");
    int rc = 0;
    /* the schemas: every one in the directory, as publish reads the ones it
     * publishes and a new one may be published */
    char **names;
    long listed = fs_list_sorted(cfg->schema_dir, ".schema.json", &names);
    size_t n = listed < 0 ? 0 : (size_t)listed;
    if (listed < 0)
        rc = odp_error_set(err, ODP_EIO, "%s: cannot read the schemas", cfg->schema_dir);
    for (size_t i = 0; i < n && !rc; i++) {
        char sha[SHA256_HEX_LEN + 1];
        long long size;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", cfg->schema_dir, names[i]);
        rc = sha256_file_hex(p.buf, sha, &size, err);
        if (!rc)
            strbuf_addf(&dg, "schema %s %s\n", names[i], sha);
    }
    fs_names_free(names, n);
    for (size_t i = 0; i < ds->nsources && !rc; i++)
        rc = source_digest(cfg->workdir, ds->sources[i]->id, &dg, err);
    if (!rc)
        sha256_hex(dg.buf, dg.len, out);
    strbuf_release(&dg);
    strbuf_release(&p);
    return rc;
}
