/*
 * site_page.c: what every page of the portal is made of (see site.h): the
 * frame (head with the Content-Security-Policy and the style, the footer),
 * the contract in plain words, a release's changes in a line or in detail,
 * sizes and file kinds in words, and writing a page only when its bytes
 * change.
 *
 * The pages themselves are site.c (the index), site_dataset.c and
 * site_release.c; the chart is site_chart.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "atomic_file.h"
#include "fault.h"
#include "fsutil.h"
#include "html.h"
#include "jsonutil.h"
#include "site_internal.h"

#define CHANGES_SHOWN PORTAL_CHANGES_KEPT /* no more are read */

/* a JSON value as text: strings as they are, numbers as printed */
void site_esc_value(struct strbuf *sb, json_t *v)
{
    if (json_is_string(v))
        html_escape(sb, json_string_value(v));
    else if (json_is_integer(v))
        strbuf_addf(sb, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        strbuf_addf(sb, "%g", json_real_value(v));
}

static const char *CSS =
    "body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;max-width:60em;"
    "padding:0 1em;color:#1b1b1b}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}"
    "table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}"
    "td,th{border:1px solid #ccc;padding:.2em .45em;text-align:left;vertical-align:top}"
    "td.n{text-align:right;white-space:nowrap}code{font-size:.85em;word-break:break-all}"
    "td a{word-break:break-all}"
    "nav{margin:.8em 0}svg{max-width:100%;height:auto}.small{font-size:.85em;color:#555}";

void site_page_start(struct strbuf *h, const char *title, const char *home)
{
    strbuf_addstr(h, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; img-src 'self'\">\n<title>");
    html_escape(h, title);
    strbuf_addf(h,
                "</title>\n<style>%s</style>\n</head>\n<body>\n<nav><a href=\"%s\">Open data "
                "portal</a></nav>\n<main>\n",
                CSS, home);
}

void site_page_end(struct strbuf *h)
{
    strbuf_addstr(h, "</main>\n<footer><p class=\"small\">Published by odp. Every file is "
                     "listed with its SHA-256 checksum in the release's SHA256SUMS.</p></footer>\n"
                     "</body>\n</html>\n");
}

void site_human_size(struct strbuf *sb, long long n)
{
    if (n < 1024)
        strbuf_addf(sb, "%lld bytes", n);
    else if (n < 1024 * 1024)
        strbuf_addf(sb, "%.1f KiB", n / 1024.0);
    else
        strbuf_addf(sb, "%.1f MiB", n / 1048576.0);
}

const char *site_file_what(const char *name)
{
    static const struct {
        const char *suffix, *what;
    } kinds[] = {{".csv", "table, CSV (UTF-8, comma-separated)"},
                 {".jsonl.zst", "table, JSON Lines (zstd)"},
                 {".xlsx", "Excel workbook, one sheet per table"},
                 {".tar.zst", "the whole release (tar, zstd)"},
                 {".zip", "the whole release (zip)"},
                 {"datapackage.json", "every column described (Data Package)"},
                 {"CHANGES.json", "changes since the previous release"},
                 {"CHANGES.md", "changes since the previous release"},
                 {NULL, "file"}};
    size_t n = strlen(name);
    for (int i = 0;; i++) {
        if (!kinds[i].suffix)
            return kinds[i].what;
        size_t k = strlen(kinds[i].suffix);
        if (n >= k && !strcmp(name + n - k, kinds[i].suffix))
            return kinds[i].what;
    }
}

void site_contract_in_plain_words(struct strbuf *h)
{
    strbuf_addstr(
        h, "<h2>What you can rely on</h2>\n<ul>\n"
           "<li><b>Nothing is left out.</b> Every non-empty cell of every table is a row in "
           "<code>facts</code>, also when it was not understood.</li>\n"
           "<li><b>Every number is exact.</b> <code>value</code> is the number as printed, written "
           "with a <code>.</code> and never rounded; <code>raw</code> is the text as published; "
           "<code>amount_eur</code> = <code>value</code> &times; <code>scale</code>.</li>\n"
           "<li><b>Scale and sign are data.</b> The table's legend (bedragen x &euro;1.000) and "
           "what minus means are columns, not silent corrections.</li>\n"
           "<li><b>Ids do not change</b> from one release to the next.</li>\n"
           "<li><b>A release never changes</b> after it is published; "
           "<code>sha256sum -c SHA256SUMS</code> checks every file. A version's MINOR number rises "
           "when data was only added, PATCH when values were corrected or removed.</li>\n"
           "</ul>\n");
}

void site_changes_summary(struct strbuf *h, json_t *ch, int detail)
{
    if (!ch) {
        strbuf_addstr(h, "<p>No list of changes.</p>\n");
        return;
    }
    const char *prev = jstr(ch, "previous_version");
    if (!prev) {
        strbuf_addf(h, "<p>First release: %lld facts.</p>\n", jint(ch, "facts_total", 0));
        return;
    }
    strbuf_addstr(h, "<p>Since ");
    html_escape(h, prev);
    strbuf_addf(h, ": %lld facts added, %lld removed, %lld changed.</p>\n",
                jint(ch, "added_count", 0), jint(ch, "removed_count", 0),
                jint(ch, "changed_count", 0));
    if (!detail)
        return;
    json_t *changed = json_object_get(ch, "changed");
    if (!json_array_size(changed))
        return;
    strbuf_addstr(h, "<table>\n<tr><th>fact_id</th><th>old</th><th>new</th></tr>\n");
    size_t i;
    json_t *c;
    json_array_foreach(changed, i, c)
    {
        if (i == CHANGES_SHOWN)
            break;
        strbuf_addstr(h, "<tr><td><code>");
        html_escape(h, jstr(c, "fact_id"));
        strbuf_addstr(h, "</code></td><td>");
        html_escape(h, jstr(json_object_get(c, "old"), "raw"));
        strbuf_addstr(h, "</td><td>");
        html_escape(h, jstr(json_object_get(c, "new"), "raw"));
        strbuf_addstr(h, "</td></tr>\n");
    }
    strbuf_addstr(h, "</table>\n<p class=\"small\">All changes: CHANGES.md and CHANGES.json in "
                     "the downloads.</p>\n");
}

int site_write_page(const char *portal, const char *name, struct strbuf *h, struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%s", portal, name);
    int rc = portal_write_file(p.buf, h->buf, h->len, err);
    strbuf_release(&p);
    return rc;
}

void site_keep(const char *dir, const char *name, const char *data, size_t len)
{
    struct odp_error e;
    if (fs_mkdir_p(dir, &e))
        return;
    struct strbuf tmp = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_addf(&tmp, "%s/.%s.tmp.%ld", dir, name, (long)getpid());
    strbuf_addf(&path, "%s/%s", dir, name);
    /* removed by exit() if the process dies while it is written */
    atomic_file_track(tmp.buf);
    /* a kept entry is a cache: a failure to write it loses nothing (it is
     * made again next time), so it is not an error; the hooks let the fault
     * tests fail it all the same */
    FILE *fp = fault_write(ENOSPC) ? NULL : fopen(tmp.buf, "wb");
    int ok = fp && fwrite(data, 1, len, fp) == len;
    if (fp && (fclose(fp) | fault_write(ENOSPC)))
        ok = 0;
    if (!ok || fault_write(EIO) || rename(tmp.buf, path.buf))
        unlink(tmp.buf);
    atomic_file_untrack(tmp.buf);
    strbuf_release(&tmp);
    strbuf_release(&path);
}
