/*
 * describe.c: describe_write() (see describe.h): the catalogue and the pages
 * made again only where what they describe changed.
 *
 * {portal}/.describe/ holds what that takes:
 *   inputs    the digest of what the last describe that finished was made
 *             from: odp's version, the pipeline's fields the catalogue and
 *             pages show (publisher, its URI, contact, base URL, licence), and
 *             per dataset its `latest` and per release the checksums of its
 *             SHA256SUMS and TOMBSTONE.json. A release never changes after it
 *             is published, and its SHA256SUMS names the bytes of every other
 *             file (datapackage.json and CHANGES.json too), so the same
 *             checksums mean the same catalogue and pages: when tonight's
 *             digest is the stored one, nothing else is read, and nothing is
 *             made or written. A prune adds TOMBSTONE.json and removes
 *             SHA256SUMS, so it changes the digest and its own describe runs.
 *             Checksums of bytes, not inodes or times: a copy of the portal
 *             (cp -a, a backup restored) is described as it was, and two
 *             portals of the same releases hold the same folder.
 *   pages     per page, the digest of what it shows (site.c's keys): a page
 *             whose digest is unchanged and that exists is not made again.
 *   figures/  the chart's sums per budget_lines file (site_chart.c).
 *   contents/ the release pages' listing of documents and pages per set of
 *             documents, pages and sections files (site_release.c).
 * Both are kept by the checksums SHA256SUMS gives the files they come from,
 * so an entry is never stale, and the national release, whose tables are its
 * municipalities' files as parts, is described from its municipalities'
 * entries without reading a line of them.
 * The digest is taken before the portal is read and stored only after every
 * page and the catalogue are written, so a describe that dies half-way, or
 * a release added while it runs, leaves a digest that differs from the
 * portal's next time, and everything it covers is looked at again.
 *
 * Deliberately not here: what a page shows (site*.c, catalog.c), and removing
 * pages of releases that are gone (a pruned release keeps its directory and
 * its page).
 */
#include "describe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "atomic_file.h"
#include "catalog.h"
#include "fsutil.h"
#include "log.h"
#include "portal_scan.h"
#include "sha256.h"
#include "site.h"
#include "strbuf.h"
#include "xalloc.h"

static void add_field(struct strbuf *sb, const char *what, const char *value)
{
    /* a NUL cannot occur in a value: it separates them unambiguously */
    strbuf_addf(sb, "%s=%s", what, value ? value : "(none)");
    strbuf_addch(sb, '\0');
}

/* The checksum of a small file's bytes, or "-" when there is none. */
static void add_file_sum(struct strbuf *sb, struct strbuf *buf, const char *path)
{
    struct odp_error e;
    char hex[SHA256_HEX_LEN + 1];
    strbuf_reset(buf);
    if (fs_read_file(path, buf, &e)) {
        strbuf_addstr(sb, " -");
        return;
    }
    sha256_hex(buf->buf, buf->len, hex);
    strbuf_addf(sb, " %s", hex);
}

/* The digest of everything the catalogue and pages are made from (see the
 * top of this file), as hex into out. */
static void inputs_digest(const char *portal, const struct pipeline *pl,
                          char out[SHA256_HEX_LEN + 1])
{
    struct strbuf sb = STRBUF_INIT, p = STRBUF_INIT, buf = STRBUF_INIT;
    add_field(&sb, "odp", ODP_VERSION);
    add_field(&sb, "publisher", pl->publisher);
    add_field(&sb, "publisher_uri", pl->publisher_uri);
    add_field(&sb, "contact", pl->contact_email);
    add_field(&sb, "base_url", pl->base_url);
    add_field(&sb, "license", pl->license);
    strbuf_addf(&p, "%s/datasets", portal);
    char **ids;
    long nids = fs_list_sorted(p.buf, "", &ids);
    for (long i = 0; i < nids; i++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/datasets/%s", portal, ids[i]);
        size_t dl = p.len;
        char link[256];
        strbuf_addstr(&p, "/latest");
        ssize_t n = readlink(p.buf, link, sizeof(link) - 1);
        link[n > 0 ? n : 0] = '\0';
        strbuf_setlen(&p, dl);
        strbuf_addf(&sb, "\ndataset %s latest %s", ids[i], link);
        char **vs;
        long nvs = fs_list_sorted(p.buf, "", &vs);
        for (long k = 0; k < nvs; k++) {
            if (!strcmp(vs[k], "latest") || !strcmp(vs[k], "latest.json"))
                continue;
            /* SHA256SUMS names the bytes of every file of a whole release
             * (its datapackage.json and CHANGES.json too); a pruned one has
             * TOMBSTONE.json instead */
            strbuf_addf(&sb, "\n %s", vs[k]);
            strbuf_setlen(&p, dl);
            strbuf_addf(&p, "/%s/SHA256SUMS", vs[k]);
            add_file_sum(&sb, &buf, p.buf);
            strbuf_setlen(&p, dl);
            strbuf_addf(&p, "/%s/TOMBSTONE.json", vs[k]);
            add_file_sum(&sb, &buf, p.buf);
        }
        if (nvs > 0)
            fs_names_free(vs, (size_t)nvs);
    }
    if (nids > 0)
        fs_names_free(ids, (size_t)nids);
    sha256_hex(sb.buf, sb.len, out);
    strbuf_release(&sb);
    strbuf_release(&p);
    strbuf_release(&buf);
}

/* The page digests of the last describe: "HEX NAME" lines, as name -> hex. */
static json_t *read_page_keys(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    struct odp_error e;
    json_t *keys = json_object();
    if (fs_read_file(path, &sb, &e) == 0) {
        char *save = NULL;
        for (char *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            if (strlen(l) > SHA256_HEX_LEN + 1 && l[SHA256_HEX_LEN] == ' ') {
                l[SHA256_HEX_LEN] = '\0';
                json_object_set_new(keys, l + SHA256_HEX_LEN + 1, json_string(l));
            }
    }
    strbuf_release(&sb);
    return keys;
}

static int write_page_keys(const char *path, json_t *keys, struct odp_error *err)
{
    struct strbuf sb = STRBUF_INIT;
    const char *name;
    json_t *hex;
    json_object_foreach(keys, name, hex)
        strbuf_addf(&sb, "%s %s\n", json_string_value(hex), name);
    int rc = atomic_write(path, sb.buf, sb.len, err);
    strbuf_release(&sb);
    return rc;
}

/* The catalogue and index.html a finished describe leaves: when one is
 * gone (removed by hand), the inputs alone do not say the portal is
 * described. */
static int outputs_there(const char *portal, const struct pipeline *pl)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/index.html", portal);
    int there = fs_exists(p.buf);
    if (there && pl->publisher && pl->publisher_uri && pl->contact_email) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/catalog.jsonld", portal);
        there = fs_exists(p.buf);
    }
    strbuf_release(&p);
    return there;
}

int describe_write(const char *portal, const struct pipeline *pl, struct describe_stats *st,
                   struct odp_error *err)
{
    memset(st, 0, sizeof(*st));
    log_timing("describe", NULL);
    char digest[SHA256_HEX_LEN + 1];
    inputs_digest(portal, pl, digest);
    log_timing("describe", "inputs digest");
    struct strbuf dir = STRBUF_INIT, p = STRBUF_INIT, was = STRBUF_INIT;
    strbuf_addf(&dir, "%s/" DESCRIBE_DIR, portal);
    strbuf_addf(&p, "%s/inputs", dir.buf);
    struct odp_error e;
    int same = fs_read_file(p.buf, &was, &e) == 0 && was.len == SHA256_HEX_LEN + 1 &&
               !memcmp(was.buf, digest, SHA256_HEX_LEN) && outputs_there(portal, pl);
    strbuf_release(&was);
    if (same) {
        st->unchanged = 1;
        strbuf_release(&dir);
        strbuf_release(&p);
        return 0;
    }

    struct portal_view view;
    int rc = fs_mkdir_p(dir.buf, err);
    if (!rc && portal_scan(portal, &view, err))
        rc = err->code ? err->code : 1;
    if (rc) {
        log_error("%s: %s", portal, err->msg);
        strbuf_release(&dir);
        strbuf_release(&p);
        return rc;
    }
    log_timing("describe", "portal scan");
    struct odp_error e2 = {0};
    if (catalog_write(portal, pl, &view, &e2)) {
        log_error("%s/catalog.jsonld: %s", portal, e2.msg);
        *err = e2;
        rc = e2.code ? e2.code : 1;
    }
    log_timing("describe", "catalogue");
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/pages", dir.buf);
    struct site_keys keys = {read_page_keys(p.buf), json_object(), 0, 0};
    e2 = (struct odp_error){0};
    if (site_write(portal, pl, &view, &keys, &e2)) {
        log_error("%s: the pages: %s", portal, e2.msg);
        if (!rc)
            *err = e2;
        rc = rc ? rc : e2.code ? e2.code : 1;
    }
    log_timing("describe", "pages");
    st->pages_made = keys.made;
    st->pages_kept = keys.kept;
    portal_view_free(&view);
    /* after a failure the old digests stay: a page written since differs
     * from its old digest, so it is looked at again */
    e2 = (struct odp_error){0};
    if (!rc && write_page_keys(p.buf, keys.now, &e2)) {
        log_error("%s: %s", p.buf, e2.msg);
        *err = e2;
        rc = e2.code ? e2.code : 1;
    }
    json_decref(keys.was);
    json_decref(keys.now);
    if (!rc) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/inputs", dir.buf);
        char line[SHA256_HEX_LEN + 1];
        memcpy(line, digest, SHA256_HEX_LEN);
        line[SHA256_HEX_LEN] = '\n';
        if (atomic_write(p.buf, line, sizeof(line), err)) {
            log_error("%s: %s", p.buf, err->msg);
            rc = err->code ? err->code : 1;
        }
    }
    strbuf_release(&dir);
    strbuf_release(&p);
    return rc;
}
