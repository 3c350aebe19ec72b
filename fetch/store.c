/* store.c: see store.h. */
#include "store.h"

#include <string.h>

#include "atomic_file.h"
#include "charset.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "render.h"
#include "sha256.h"
#include "workdir.h"

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
    if (!fs_exists(path.buf)) {
        rc = fs_mkdir_p(dir.buf, &e);
        if (!rc)
            rc = atomic_write(path.buf, utf8->buf, utf8->len, &e);
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
