/*
 * extract_main.c: odp-extract, raw HTML -> pages, sections, tables, key
 * figures as JSON Lines in the work directory, one file per page keyed by the
 * page's SHA-256 and the extractor version (unchanged pages are skipped).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "atomic_file.h"
#include "cli.h"
#include "fsutil.h"
#include "jsonutil.h"
#include "log.h"
#include "page.h"
#include "pipeline.h"
#include "stage_status.h"
#include "workdir.h"

static const struct cli_command cmd = {
    "odp-extract",
    "Read each fetched page: sections, tables as grids, key figures (JSON Lines in the work "
    "directory).",
    OPT_PIPELINE | OPT_WORKDIR | OPT_SOURCE | OPT_QUIET | OPT_FORCE | OPT_JOBS};

/* Extract one page unless its output exists. Returns 0, or an odp_code with err. */
static int extract_page(const char *wd, const char *sha, const char *url, int force, int *cached,
                        struct odp_error *err)
{
    struct strbuf out = STRBUF_INIT, raw = STRBUF_INIT, html = STRBUF_INIT;
    int rc = ODP_OK;
    workdir_extract_path(&out, wd, sha, EXTRACTOR_VERSION);
    *cached = !force && file_exists(out.buf);
    if (*cached)
        goto done;
    workdir_raw_path(&raw, wd, sha);
    rc = read_file(raw.buf, &html, err);
    if (rc)
        goto done;
    /* a page URL that served nothing, or binary data (a PDF, an image): no page */
    if (html.len == 0 || memchr(html.buf, '\0', html.len)) {
        rc = odp_error_set(err, ODP_EPARSE, "%s: not an HTML page (%s); the page is left out",
                           url, html.len ? "it holds binary data" : "it is empty");
        goto done;
    }
    struct atomic_file af;
    rc = atomic_file_open(&af, out.buf, err);
    if (rc)
        goto done;
    struct page_counts counts;
    rc = page_extract(html.buf, html.len, af.fp, &counts, err);
    if (rc) {
        atomic_file_abort(&af);
        char msg[sizeof(err->msg)];
        snprintf(msg, sizeof(msg), "%s", err->msg);
        odp_error_set(err, rc, "%s: %s", url, msg);
        goto done;
    }
    rc = atomic_file_commit(&af, err);
done:
    strbuf_release(&out);
    strbuf_release(&raw);
    strbuf_release(&html);
    return rc;
}

int main(int argc, char **argv)
{
    struct cli_opts o;
    struct pipeline *pl;
    int rc = stage_begin(&cmd, argc, argv, &o, &pl);
    if (rc != CLI_CONTINUE)
        return rc;
    struct odp_error err = {0};
    xmlInitParser();
    struct strbuf dir = STRBUF_INIT;
    strbuf_addf(&dir, "%s/extract", o.workdir);
    if (mkdir_p(dir.buf, &err)) {
        log_error("%s", err.msg);
        pipeline_free(pl);
        strbuf_release(&dir);
        return 1;
    }
    int done = 0, failed = 0;
    for (size_t i = 0; i < pl->nsources; i++) {
        const struct source *s = &pl->sources[i];
        if (!cli_source_selected(&o, s->id))
            continue;
        done++;
        struct strbuf mpath = STRBUF_INIT;
        workdir_fetch_manifest(&mpath, o.workdir, s->id);
        json_t *man = json_load_path(mpath.buf, &err);
        strbuf_release(&mpath);
        if (!man) {
            failed++;
            log_error("source \"%s\": nothing fetched yet (%s); run odp fetch first", s->id,
                      err.msg);
            stage_status_write(o.workdir, s->id, "extract", 0, err.msg, 0, NULL);
            continue;
        }
        int ok = 0, bad = 0, cached = 0;
        char first[600] = "";
        size_t k;
        json_t *p;
        json_array_foreach(json_object_get(man, "pages"), k, p) {
            const char *sha = jstr(p, "sha256");
            if (!sha)
                continue; /* a page fetch that failed: reported by fetch */
            int was_cached = 0;
            err.code = 0;
            if (extract_page(o.workdir, sha, jstr(p, "url"), o.force, &was_cached, &err)) {
                bad++;
                log_error("%s", err.msg);
                if (!first[0])
                    snprintf(first, sizeof(first), "%s", err.msg);
                continue;
            }
            ok++;
            cached += was_cached;
        }
        json_decref(man);
        if (ok == 0 && bad > 0) {
            failed++;
            stage_status_write(o.workdir, s->id, "extract", 0, first, 0, NULL);
        } else {
            log_info("source \"%s\": %d pages extracted (%d unchanged), %d failed", s->id, ok,
                     cached, bad);
            stage_status_write(o.workdir, s->id, "extract", 1, first[0] ? first : NULL, ok, NULL);
        }
    }
    strbuf_release(&dir);
    pipeline_free(pl);
    xmlCleanupParser();
    return stage_exit_code(done, failed);
}
