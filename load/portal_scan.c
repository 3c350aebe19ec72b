/* portal_scan.c: see portal_scan.h. */
#include "portal_scan.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "atomic_file.h"
#include "changes_head.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "strbuf.h"
#include "xalloc.h"

int version_cmp(const char *a, const char *b)
{
    int x[3] = {0}, y[3] = {0};
    sscanf(a, "%d.%d.%d", &x[0], &x[1], &x[2]);
    sscanf(b, "%d.%d.%d", &y[0], &y[1], &y[2]);
    for (int i = 0; i < 3; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return strcmp(a, b);
}

static int cmp_version_ptr(const void *a, const void *b)
{
    return version_cmp(((const struct release_view *)a)->version,
                       ((const struct release_view *)b)->version);
}

static int cmp_dataset(const void *a, const void *b)
{
    return strcmp(((const struct dataset_view *)a)->id, ((const struct dataset_view *)b)->id);
}

static int is_version(const char *s)
{
    int a, b, c, n = 0;
    return sscanf(s, "%d.%d.%d%n", &a, &b, &c, &n) == 3 && s[n] == '\0';
}

/* SHA256SUMS lines "HEX  NAME", with each file's size; 0 when whole. */
static int read_sums(const char *dir, struct release_view *r)
{
    struct strbuf p = STRBUF_INIT, sums = STRBUF_INIT;
    struct odp_error e;
    strbuf_addf(&p, "%s/SHA256SUMS", dir);
    int rc = fs_read_file(p.buf, &sums, &e);
    if (rc) {
        strbuf_release(&p);
        return rc;
    }
    size_t cap = 0;
    char *save = NULL;
    for (char *l = strtok_r(sums.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char *sp = strstr(l, "  ");
        if (!sp)
            continue;
        *sp = '\0';
        ALLOC_GROW(r->files, r->nfiles + 1, cap);
        struct release_file *f = &r->files[r->nfiles++];
        f->name = xstrdup(sp + 2);
        f->sha256 = xstrdup(l);
        struct stat st;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", dir, f->name);
        f->bytes = stat(p.buf, &st) == 0 ? (long long)st.st_size : -1;
    }
    strbuf_release(&p);
    strbuf_release(&sums);
    return 0;
}

static void release_view_free(struct release_view *r)
{
    free(r->version);
    json_decref(r->package);
    json_decref(r->changes);
    json_decref(r->tombstone);
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].name);
        free(r->files[i].sha256);
    }
    free(r->files);
}

static void scan_dataset(const char *portal, const char *id, struct dataset_view *d)
{
    struct strbuf dir = STRBUF_INIT, p = STRBUF_INIT;
    strbuf_addf(&dir, "%s/datasets/%s", portal, id);
    d->id = xstrdup(id);
    char link[64];
    strbuf_addf(&p, "%s/latest", dir.buf);
    ssize_t n = readlink(p.buf, link, sizeof(link) - 1);
    if (n > 0) {
        link[n] = '\0';
        d->latest = xstrdup(link);
    }
    DIR *dh = opendir(dir.buf);
    size_t cap = 0;
    struct dirent *e;
    while (dh && (e = readdir(dh))) {
        if (!is_version(e->d_name))
            continue;
        struct release_view r = {0};
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s/datapackage.json", dir.buf, e->d_name);
        r.package = jsonutil_load_path(p.buf, NULL);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s/TOMBSTONE.json", dir.buf, e->d_name);
        /* a pruned release: described, with no files */
        r.tombstone = fs_exists(p.buf) ? jsonutil_load_path(p.buf, NULL) : NULL;
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", dir.buf, e->d_name);
        if (!r.package || (!r.tombstone && read_sums(p.buf, &r))) {
            release_view_free(&r);
            continue;
        }
        r.version = xstrdup(e->d_name);
        strbuf_addstr(&p, "/CHANGES.json");
        r.changes = fs_exists(p.buf) ? changes_head_read(p.buf, PORTAL_CHANGES_KEPT) : NULL;
        ALLOC_GROW(d->releases, d->nreleases + 1, cap);
        d->releases[d->nreleases++] = r;
    }
    if (dh)
        closedir(dh);
    if (d->nreleases)
        qsort(d->releases, d->nreleases, sizeof(*d->releases), cmp_version_ptr);
    strbuf_release(&dir);
    strbuf_release(&p);
}

int portal_scan(const char *portal, struct portal_view *out, struct odp_error *err)
{
    memset(out, 0, sizeof(*out));
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/datasets", portal);
    DIR *dh = opendir(p.buf);
    strbuf_release(&p);
    if (!dh)
        return 0; /* nothing published yet */
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        struct dataset_view d = {0};
        scan_dataset(portal, e->d_name, &d);
        if (!d.nreleases) {
            free(d.id);
            free(d.latest);
            free(d.releases);
            continue;
        }
        ALLOC_GROW(out->datasets, out->ndatasets + 1, cap);
        out->datasets[out->ndatasets++] = d;
    }
    closedir(dh);
    if (out->ndatasets)
        qsort(out->datasets, out->ndatasets, sizeof(*out->datasets), cmp_dataset);
    return 0;
}

void portal_view_free(struct portal_view *v)
{
    for (size_t i = 0; i < v->ndatasets; i++) {
        struct dataset_view *d = &v->datasets[i];
        for (size_t k = 0; k < d->nreleases; k++)
            release_view_free(&d->releases[k]);
        free(d->releases);
        free(d->id);
        free(d->latest);
    }
    free(v->datasets);
    memset(v, 0, sizeof(*v));
}

const struct release_view *dataset_latest(const struct dataset_view *d)
{
    for (size_t i = 0; d->latest && i < d->nreleases; i++)
        if (!strcmp(d->releases[i].version, d->latest))
            return &d->releases[i];
    return d->nreleases ? &d->releases[d->nreleases - 1] : NULL;
}

/* Hand each complete line of text[0..len) to each(); a last line without its
 * newline stays in *rest. each() returns 1 for a line taken as a record.
 * Returns 1 when the limit is reached. */
static int each_line(struct strbuf *rest, const char *text, size_t len, size_t limit, size_t *count,
                     int (*each)(const char *line, size_t len, void *ud), void *ud)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            strbuf_add(rest, p, (size_t)(end - p));
            return 0;
        }
        const char *l = p;
        size_t n = (size_t)(nl - p);
        if (rest->len) {
            strbuf_add(rest, p, n);
            l = rest->buf;
            n = rest->len;
        }
        p = nl + 1;
        if (n) {
            int took = each(l, n, ud);
            strbuf_reset(rest);
            if (took && limit && ++*count == limit)
                return 1;
        }
    }
    return 0;
}

static int each_text_file(const char *path, size_t limit, size_t *countp,
                          int (*each)(const char *line, size_t len, void *ud), void *ud)
{
    /* a stream: a release's file can be larger than memory should hold */
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    ZSTD_DCtx *d = ZSTD_createDCtx();
    size_t incap = ZSTD_DStreamInSize(), outcap = ZSTD_DStreamOutSize();
    char *inbuf = xmalloc(incap), *outbuf = xmalloc(outcap);
    if (!d)
        xalloc_die(sizeof(ZSTD_DCtx *));
    struct strbuf rest = STRBUF_INIT;
    size_t count = *countp, left = 1, total = 0;
    int rc = 0, done = 0;
    while (!rc && !done) {
        size_t n = fread(inbuf, 1, incap, fp);
        if (n == 0) {
            if (ferror(fp) || left != 0 || total == 0)
                rc = -1; /* unreadable, cut short or empty */
            break;
        }
        total += n;
        ZSTD_inBuffer in = {inbuf, n, 0};
        while (!rc && !done && in.pos < in.size) {
            ZSTD_outBuffer out = {outbuf, outcap, 0};
            left = ZSTD_decompressStream(d, &out, &in);
            if (ZSTD_isError(left))
                rc = -1;
            else
                done = each_line(&rest, outbuf, out.pos, limit, &count, each, ud);
        }
    }
    if (!rc && !done && rest.len)
        each_line(&rest, "\n", 1, limit, &count, each, ud);
    strbuf_release(&rest);
    free(inbuf);
    free(outbuf);
    ZSTD_freeDCtx(d);
    fclose(fp);
    *countp = count;
    return rc;
}

/* NAME.jsonl.zst, or, where a release holds a table in parts (the national
 * dataset: NAME/GM0150.jsonl.zst, ...), its parts in name order as one. */
static int each_text(const char *path, size_t limit,
                     int (*each)(const char *line, size_t len, void *ud), void *ud)
{
    size_t count = 0, pl = strlen(path);
    if (fs_exists(path) || pl < 11 || strcmp(path + pl - 10, ".jsonl.zst"))
        return each_text_file(path, limit, &count, each, ud);
    struct strbuf dir = STRBUF_INIT, p = STRBUF_INIT;
    strbuf_add(&dir, path, pl - 10);
    char **names;
    long listed = fs_list_sorted(dir.buf, ".jsonl.zst", &names);
    if (listed < 0) {
        strbuf_release(&dir);
        return -1;
    }
    size_t n = (size_t)listed;
    int rc = n ? 0 : -1;
    for (size_t i = 0; i < n && !rc && !(limit && count >= limit); i++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", dir.buf, names[i]);
        rc = each_text_file(p.buf, limit, &count, each, ud);
    }
    fs_names_free(names, n);
    strbuf_release(&dir);
    strbuf_release(&p);
    return rc;
}

struct each_record {
    void (*each)(json_t *rec, void *ud);
    void *ud;
};

static int parse_line(const char *line, size_t len, void *ud)
{
    struct each_record *er = ud;
    json_t *r = json_loadb(line, len, 0, NULL);
    if (!r)
        return 0;
    er->each(r, er->ud);
    json_decref(r);
    return 1;
}

int jsonl_zst_each(const char *path, size_t limit, void (*each)(json_t *rec, void *ud), void *ud)
{
    struct each_record er = {each, ud};
    return each_text(path, limit, parse_line, &er);
}

struct each_text_line {
    void (*each)(const char *line, size_t len, void *ud);
    void *ud;
};

static int pass_line(const char *line, size_t len, void *ud)
{
    struct each_text_line *el = ud;
    el->each(line, len, el->ud);
    return 1;
}

int jsonl_zst_each_line(const char *path, void (*each)(const char *line, size_t len, void *ud),
                        void *ud)
{
    struct each_text_line el = {each, ud};
    return each_text(path, 0, pass_line, &el);
}

static void append_record(json_t *rec, void *array)
{
    json_array_append(array, rec);
}

json_t *jsonl_zst_read(const char *path, size_t limit)
{
    json_t *out = json_array();
    if (jsonl_zst_each(path, limit, append_record, out)) {
        json_decref(out);
        return NULL;
    }
    return out;
}

json_t *release_read_records(const char *portal, const char *dataset_id, const char *version,
                             const char *name, size_t limit)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/datasets/%s/%s/TOMBSTONE.json", portal, dataset_id, version);
    if (!strcmp(name, "documents") && fs_exists(p.buf)) {
        json_t *t = jsonutil_load_path(p.buf, NULL);
        json_t *docs = json_incref(json_object_get(t, "documents"));
        json_decref(t);
        strbuf_release(&p);
        return docs;
    }
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/datasets/%s/%s/%s.jsonl.zst", portal, dataset_id, version, name);
    json_t *out = jsonl_zst_read(p.buf, limit);
    strbuf_release(&p);
    return out;
}

int portal_write_file(const char *path, const char *data, size_t len, struct odp_error *err)
{
    struct strbuf old = STRBUF_INIT;
    struct odp_error e;
    int same = fs_read_file(path, &old, &e) == 0 && old.len == len && !memcmp(old.buf, data, len);
    strbuf_release(&old);
    return same ? 0 : atomic_write(path, data, len, err);
}
