/* store.c: see store.h. */
#include "store.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

#include "atomic_file.h"
#include "charset.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "ledger.h"
#include "log.h"
#include "render.h"
#include "sha256.h"
#include "workdir.h"
#include "xalloc.h"

/* Stored copies written since the ledger's last commit: written without
 * their own fsync (two a page were most of a first night's fetch) and made
 * durable together just before the ledger commits the records that name them
 * (ledger_before_commit). Fetch is one thread. */
static struct {
    char *raw_dir;        /* WORKDIR/raw */
    struct strbuf files;  /* paths, each ending in '\0' */
} pending = {NULL, STRBUF_INIT};

static int sync_pending(void *ud)
{
    (void)ud;
    if (!pending.files.len)
        return 0;
    struct odp_error e = {0};
    int rc = atomic_file_sync_files(pending.files.buf, pending.files.len, &e);
    /* the renames into raw/XX/ and any new raw/XX/ itself */
    const char *last = NULL;
    for (size_t at = 0; at < pending.files.len && !rc; at += strlen(pending.files.buf + at) + 1) {
        const char *f = pending.files.buf + at, *slash = strrchr(f, '/');
        if (last && !strncmp(last, f, (size_t)(slash - f + 1)))
            continue;
        char *dir = xstrndup(f, (size_t)(slash - f));
        rc = fsync_dir(dir, &e);
        free(dir);
        last = f;
    }
    if (!rc)
        rc = fsync_dir(pending.raw_dir, &e);
    if (rc)
        log_error("%s; the pages fetched since the last record are not recorded and are "
                  "fetched again next run",
                  e.msg);
    strbuf_reset(&pending.files);
    return rc;
}

void store_begin(const struct fetch_config *cfg)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/raw", cfg->workdir);
    pending.raw_dir = strbuf_detach(&p, NULL);
    atomic_file_defer_sync(pending.raw_dir);
    ledger_before_commit(cfg->ledger, sync_pending, NULL);
}

void store_end(const struct fetch_config *cfg)
{
    ledger_flush(cfg->ledger); /* syncs what is pending */
    ledger_before_commit(cfg->ledger, NULL, NULL);
    atomic_file_defer_sync(NULL);
    free(pending.raw_dir);
    pending.raw_dir = NULL;
    strbuf_release(&pending.files);
}

/* Move b's bytes into a (a's old bytes are dropped). */
static void strbuf_swap_body(struct strbuf *a, struct strbuf *b)
{
    strbuf_reset(a);
    strbuf_add(a, b->buf, b->len);
}

/* Store a 200's body as UTF-8 in the raw store; fill the entry. 0 on success. */
int store_body(struct request *q, struct strbuf *utf8, struct strbuf *why)
{
    struct crawler *cr = q->cr;
    char *ct = NULL;
    curl_easy_getinfo(q->easy, CURLINFO_CONTENT_TYPE, &ct);
    char declared[48];
    charset_detect(ct, q->resp.body.buf, q->resp.body.len, declared, sizeof(declared));
    const char *used = "utf-8";
    long invalid = 0;
    charset_to_utf8(declared, q->resp.body.buf, q->resp.body.len, utf8, &used, &invalid);
    if (invalid)
        log_warn("%s: %ld bytes invalid in %s, replaced by U+FFFD", q->cur, invalid, used);
    char sha[SHA256_HEX_LEN + 1];
    sha256_hex(utf8->buf, utf8->len, sha);
    struct strbuf path = STRBUF_INIT, dir = STRBUF_INIT;
    workdir_raw_path(&path, cr->cfg->workdir, sha);
    strbuf_addf(&dir, "%s/raw/%.2s", cr->cfg->workdir, sha);
    struct odp_error e = {0};
    int rc = 0;
    /* a copy already stored is kept, unless a power cut cut it short: copies
     * are named by their hash, so the same name means the same length */
    struct stat st;
    if (stat(path.buf, &st) != 0 || st.st_size != (off_t)utf8->len) {
        rc = fs_mkdir_p(dir.buf, &e);
        if (!rc)
            rc = atomic_write(path.buf, utf8->buf, utf8->len, &e);
        if (!rc && pending.raw_dir)
            strbuf_add(&pending.files, path.buf, path.len + 1);
    }
    strbuf_release(&path);
    strbuf_release(&dir);
    if (rc) {
        strbuf_addstr(why, e.msg);
        return rc;
    }
    const char *prev_sha = q->prev ? jstr(q->prev, "sha256") : NULL;
    int same = prev_sha && !strcmp(prev_sha, sha);
    const char *first = same ? jstr(q->prev, "content_fetched_at") : NULL;
    json_object_set_new(q->entry, "sha256", json_string(sha));
    json_object_set_new(q->entry, "content_fetched_at",
                        first ? json_string(first) : json_incref(json_object_get(q->entry, "fetched_at")));
    json_object_set_new(q->entry, "changed", json_boolean(!same));
    json_object_set_new(q->entry, "charset", json_string(used));
    if (invalid)
        json_object_set_new(q->entry, "invalid_bytes", json_integer(invalid));
    if (strcmp(used, "utf-8")) {
        char osha[SHA256_HEX_LEN + 1];
        sha256_hex(q->resp.body.buf, q->resp.body.len, osha);
        json_object_set_new(q->entry, "original_sha256", json_string(osha));
    }
    if (q->resp.etag.len)
        json_object_set_new(q->entry, "etag", json_string(q->resp.etag.buf));
    if (q->resp.last_modified.len)
        json_object_set_new(q->entry, "last_modified", json_string(q->resp.last_modified.buf));
    return 0;
}

/* Render the page with chromium and store the DOM it built in place of the
 * shell. 0 on success. */
int store_rendered(struct request *q, struct strbuf *dom, struct strbuf *why)
{
    struct crawler *cr = q->cr;
    struct strbuf shell = STRBUF_INIT;
    if (store_body(q, &shell, why)) {
        strbuf_release(&shell);
        return -1;
    }
    json_t *shell_sha = json_incref(json_object_get(q->entry, "sha256"));
    /* chromium goes where libcurl went for the shell: the address its guard vetted */
    char *ip = NULL;
    long port = 0;
    curl_easy_getinfo(q->easy, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(q->easy, CURLINFO_PRIMARY_PORT, &port);
    struct render_target t = {q->cur, ip ? ip : "", port, cr->cfg->crawl->timeout_s,
                              (size_t)cr->cfg->crawl->max_body, &fetch_stop};
    int rc = render_chromium(&t, dom, why);
    if (!rc) {
        /* the rendered DOM goes through the same store as fetched bytes */
        strbuf_swap_body(&q->resp.body, dom);
        json_object_del(q->entry, "charset");
        strbuf_reset(dom);
        rc = store_body(q, dom, why);
        json_object_set_new(q->entry, "rendered", json_string("chromium"));
        json_object_set(q->entry, "shell_sha256", shell_sha);
    } else {
        /* the shell is not the page: a page that did not render is not stored
         * (extract would read "Laden..."); a copy from an earlier night is kept */
        static const char *const stored[] = {"sha256",  "content_fetched_at", "changed",
                                             "charset", "invalid_bytes", "original_sha256",
                                             "etag",    "last_modified",      NULL};
        for (int k = 0; stored[k]; k++)
            json_object_del(q->entry, stored[k]);
        json_object_set(q->entry, "shell_sha256", shell_sha);
    }
    json_decref(shell_sha);
    strbuf_release(&shell);
    return rc;
}

/* Offline: take the entry from the previous manifest when its bytes are stored. */
int store_offline_page(const struct fetch_config *cfg, const char *url, json_t *prev,
                       json_t *entry, struct strbuf *body)
{
    struct strbuf path = STRBUF_INIT;
    struct odp_error e;
    int rc = -1;
    if (prev && jstr(prev, "sha256")) {
        workdir_raw_path(&path, cfg->workdir, jstr(prev, "sha256"));
        if (!fs_read_file(path.buf, body, &e)) {
            json_object_update(entry, prev);
            json_object_set_new(entry, "changed", json_false());
            rc = 0;
        }
    }
    if (rc) {
        json_object_set_new(entry, "url", json_string(url));
        json_object_set_new(entry, "error", json_string("offline, and not in the raw store"));
    }
    strbuf_release(&path);
    return rc;
}
