/*
 * site_chart.c: the release page's bar chart (inline SVG, no script) of the
 * budget lines: per document, the amounts of its first period summed per
 * programme.
 *
 * The sums of each budget_lines file are made once, in one pass over it as a
 * stream, and kept in {portal}/.describe/figures/{sha256}.json, by the
 * checksum its release's SHA256SUMS gives: a file's bytes never change under
 * its checksum, so an entry is never stale, and the national release, whose
 * budget lines are the municipalities' files as parts, gets its chart from
 * the municipalities' entries without reading a line. An entry that cannot be
 * read, or was made by another odp version, is made again; the folder may be
 * removed at any time.
 *
 * It draws nothing when a release has no budget lines, and links nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fsutil.h"
#include "describe.h"
#include "html.h"
#include "jsonutil.h"
#include "record_scan.h"
#include "sha256.h"
#include "site_internal.h"
#include "xalloc.h"

/* ---- the chart: budget lines per programme ---- */

struct bar {
    char *label;
    double amount;
};

/* the chart's data, gathered while the budget lines stream past: per
 * document, the first (lowest) period seen so far and its bars */
struct doc_bars {
    char *doc; /* document_id */
    long long period;
    struct bar bars[64];
    int nb;
};

struct chart_scan {
    json_t *index; /* document_id -> its place in per_doc, in order of first appearance */
    struct doc_bars *per_doc;
    size_t ndocs, cap;
    struct record_scan rs;
    struct strbuf d, prog, amount; /* the line's strings, NUL-terminated */
};

static void doc_bars_clear(struct doc_bars *db)
{
    for (int k = 0; k < db->nb; k++)
        free(db->bars[k].label);
    db->nb = 0;
}

/* One pass: a line of a lower period than its document's so far starts that
 * document's bars again, so what is left is the sums of its first period, in
 * the order the lines come, as two passes (find the periods, then sum) gave. */
static void chart_add(struct chart_scan *c, const char *d, json_int_t p, const char *prog,
                      const char *amount)
{
    json_t *at = json_object_get(c->index, d);
    struct doc_bars *db;
    if (!at) {
        ALLOC_GROW(c->per_doc, c->ndocs + 1, c->cap);
        json_object_set_new(c->index, d, json_integer((json_int_t)c->ndocs));
        db = &c->per_doc[c->ndocs++];
        db->doc = xstrdup(d);
        db->period = p;
        db->nb = 0;
    } else {
        db = &c->per_doc[json_integer_value(at)];
        if (p > db->period)
            return;
        if (p < db->period) {
            doc_bars_clear(db);
            db->period = p;
        }
    }
    int k;
    for (k = 0; k < db->nb && strcmp(db->bars[k].label, prog); k++)
        ;
    if (k == db->nb) {
        if (db->nb == 64)
            return;
        db->bars[db->nb].label = xstrdup(prog);
        db->bars[db->nb].amount = 0;
        db->nb++;
    }
    db->bars[k].amount += strtod(amount, NULL);
}

static void scan_record(json_t *b, struct chart_scan *c)
{
    const char *d = jstr(b, "document_id");
    json_int_t p = jint(b, "period", 0);
    if (!d || !p || !jstr(b, "amount_eur"))
        return;
    const char *prog = jstr(b, "programme") ? jstr(b, "programme") : "(none)";
    chart_add(c, d, p, prog, jstr(b, "amount_eur"));
}

/* A string member's text into sb, NUL-terminated; NULL when not a string. */
static const char *member_string(const struct record_member *m, struct strbuf *sb)
{
    if (!m || m->kind != REC_STRING)
        return NULL;
    strbuf_reset(sb);
    strbuf_add(sb, m->text + 1, m->len - 2);
    return sb->buf;
}

/* A budget line as scan_record takes it, through record_scan when it can. */
static void scan_line(const char *line, size_t len, void *ud)
{
    struct chart_scan *c = ud;
    if (record_scan_line(&c->rs, line, len)) {
        json_t *b = json_loadb(line, len, 0, NULL);
        if (b)
            scan_record(b, c);
        json_decref(b);
        return;
    }
    const char *d = member_string(record_scan_get(&c->rs, "document_id"), &c->d);
    const struct record_member *pm = record_scan_get(&c->rs, "period");
    json_int_t p = pm && pm->kind == REC_INTEGER ? strtoll(pm->text, NULL, 10) : 0;
    const char *amount = member_string(record_scan_get(&c->rs, "amount_eur"), &c->amount);
    if (!d || !p || !amount)
        return;
    const char *prog = member_string(record_scan_get(&c->rs, "programme"), &c->prog);
    chart_add(c, d, p, prog ? prog : "(none)", amount);
}

/* The documents' bars in order, and whether the lines could be read. */
struct chart_data {
    struct doc_bars *per_doc;
    size_t ndocs, cap;
};

static void chart_data_free(struct chart_data *cd)
{
    for (size_t i = 0; i < cd->ndocs; i++) {
        doc_bars_clear(&cd->per_doc[i]);
        free(cd->per_doc[i].doc);
    }
    free(cd->per_doc);
    memset(cd, 0, sizeof(*cd));
}

/* One pass over the budget lines at path (a file, or a table in parts: see
 * jsonl_zst_each_line): 0, or -1 when they cannot be read. */
static int chart_scan_path(const char *path, struct chart_data *out)
{
    struct chart_scan c = {json_object(),    NULL,        0,           0,
                           RECORD_SCAN_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    int bad = jsonl_zst_each_line(path, scan_line, &c);
    record_scan_release(&c.rs);
    strbuf_release(&c.d);
    strbuf_release(&c.prog);
    strbuf_release(&c.amount);
    json_decref(c.index);
    out->per_doc = c.per_doc;
    out->ndocs = c.ndocs;
    out->cap = c.cap;
    if (bad)
        chart_data_free(out);
    return bad ? -1 : 0;
}

/* ---- the figures kept per file ---- */

/* {"odp": version, "docs": [[document_id, period, [[programme, amount], ...]], ...]},
 * amounts as C99 hex floats, so they come back bit for bit */
static json_t *figures_json(const struct chart_data *cd)
{
    json_t *docs = json_array();
    for (size_t i = 0; i < cd->ndocs; i++) {
        const struct doc_bars *db = &cd->per_doc[i];
        json_t *bars = json_array();
        for (int k = 0; k < db->nb; k++) {
            char a[64];
            snprintf(a, sizeof(a), "%a", db->bars[k].amount);
            json_array_append_new(bars, json_pack("[s,s]", db->bars[k].label, a));
        }
        json_array_append_new(docs, json_pack("[s,I,o]", db->doc, (json_int_t)db->period, bars));
    }
    return json_pack("{s:s,s:o}", "odp", ODP_VERSION, "docs", docs);
}

static int figures_from_json(json_t *j, struct chart_data *out)
{
    const char *v = jstr(j, "odp");
    json_t *docs = json_object_get(j, "docs");
    if (!v || strcmp(v, ODP_VERSION) || !json_is_array(docs))
        return -1;
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d) {
        json_t *bars = json_array_get(d, 2);
        const char *doc = json_string_value(json_array_get(d, 0));
        if (!doc || !json_is_integer(json_array_get(d, 1)) || !json_is_array(bars) ||
            json_array_size(bars) > 64) {
            chart_data_free(out);
            return -1;
        }
        ALLOC_GROW(out->per_doc, out->ndocs + 1, out->cap);
        struct doc_bars *db = &out->per_doc[out->ndocs++];
        db->doc = xstrdup(doc);
        db->period = json_integer_value(json_array_get(d, 1));
        db->nb = 0;
        size_t k;
        json_t *b;
        json_array_foreach(bars, k, b) {
            const char *label = json_string_value(json_array_get(b, 0));
            const char *amount = json_string_value(json_array_get(b, 1));
            if (!label || !amount) {
                chart_data_free(out);
                return -1;
            }
            db->bars[db->nb].label = xstrdup(label);
            db->bars[db->nb].amount = strtod(amount, NULL);
            db->nb++;
        }
    }
    return 0;
}

/* Keep the figures as dir/name (site_keep): an entry cut short does not
 * parse, and is made again. */
static void figures_store(const char *dir, const char *name, const struct chart_data *cd)
{
    json_t *j = figures_json(cd);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (text)
        site_keep(dir, name, text, strlen(text));
    free(text);
}

/* The figures of the budget_lines file name of release r, whose bytes have
 * checksum sha: kept ones, or made from the file and kept. */
static int file_figures(const char *portal, const char *id, const char *version,
                        const struct release_file *f, struct chart_data *out)
{
    struct strbuf dir = STRBUF_INIT, p = STRBUF_INIT, name = STRBUF_INIT;
    strbuf_addf(&dir, "%s/" DESCRIBE_DIR "/figures", portal);
    strbuf_addf(&name, "%s.json", f->sha256);
    strbuf_addf(&p, "%s/%s", dir.buf, name.buf);
    json_t *j = strlen(f->sha256) == SHA256_HEX_LEN ? jsonutil_load_path(p.buf, NULL) : NULL;
    int rc = j ? figures_from_json(j, out) : -1;
    json_decref(j);
    if (rc) {
        struct strbuf file = STRBUF_INIT;
        strbuf_addf(&file, "%s/datasets/%s/%s/%s", portal, id, version, f->name);
        rc = chart_scan_path(file.buf, out);
        strbuf_release(&file);
        /* what could not be read says nothing about the bytes: not kept */
        if (!rc && strlen(f->sha256) == SHA256_HEX_LEN)
            figures_store(dir.buf, name.buf, out);
    }
    strbuf_release(&name);
    strbuf_release(&dir);
    strbuf_release(&p);
    return rc;
}

static int is_lines_part(const char *name)
{
    static const char pre[] = "budget_lines/", suf[] = ".jsonl.zst";
    size_t n = strlen(name), lp = sizeof(pre) - 1, ls = sizeof(suf) - 1;
    return n > lp + ls && !strncmp(name, pre, lp) && !strcmp(name + n - ls, suf) &&
           !strchr(name + lp, '/') && name[lp] != '.';
}

static int cmp_file_name(const void *a, const void *b)
{
    return strcmp((*(const struct release_file *const *)a)->name,
                  (*(const struct release_file *const *)b)->name);
}

/* The chart's data of release r: budget_lines.jsonl.zst's figures, or those
 * of its parts one after the other in name order (as jsonl_zst_each_line
 * reads them), which is one pass over them all as long as no document is in
 * two parts (the national dataset's parts are municipalities, whose document
 * ids differ); when one is, the parts are read as one. 0, or -1 when the
 * lines cannot be read. */
static int release_figures(const char *portal, const char *id, const struct release_view *r,
                           struct chart_data *out)
{
    const struct release_file **files = xcalloc(r->nfiles + 1, sizeof(*files));
    size_t n = 0;
    for (size_t i = 0; i < r->nfiles; i++)
        if (!strcmp(r->files[i].name, "budget_lines.jsonl.zst")) {
            files[0] = &r->files[i];
            n = 1;
            break;
        }
    int single = n == 1;
    for (size_t i = 0; !single && i < r->nfiles; i++)
        if (is_lines_part(r->files[i].name))
            files[n++] = &r->files[i];
    qsort(files, n, sizeof(*files), cmp_file_name);
    int rc = n ? 0 : -1;
    json_t *seen = json_object();
    for (size_t k = 0; k < n && !rc; k++) {
        struct chart_data part = {0};
        rc = file_figures(portal, id, r->version, files[k], &part);
        for (size_t i = 0; i < part.ndocs && !rc; i++) {
            if (json_object_get(seen, part.per_doc[i].doc))
                rc = 1; /* a document in two parts */
            json_object_set_new(seen, part.per_doc[i].doc, json_true());
        }
        if (!rc && part.ndocs) {
            ALLOC_GROW(out->per_doc, out->ndocs + part.ndocs, out->cap);
            memcpy(out->per_doc + out->ndocs, part.per_doc, part.ndocs * sizeof(*part.per_doc));
            out->ndocs += part.ndocs;
            free(part.per_doc);
        } else {
            chart_data_free(&part);
        }
    }
    json_decref(seen);
    free(files);
    if (rc == 1) {
        chart_data_free(out);
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/datasets/%s/%s/budget_lines.jsonl.zst", portal, id, r->version);
        rc = chart_scan_path(p.buf, out);
        strbuf_release(&p);
    } else if (rc) {
        chart_data_free(out);
    }
    return rc;
}

/* For each document with budget lines: the amounts in euros of its first
 * period (year), summed per programme, as horizontal bars (negative to the
 * left). */
void site_chart(struct strbuf *h, const char *portal, const char *id, const struct release_view *r)
{
    struct chart_data c = {0};
    if (release_figures(portal, id, r, &c) || !c.ndocs) {
        chart_data_free(&c);
        return;
    }
    strbuf_addstr(h, "<h2>Budget lines per programme</h2>\n");
    for (size_t i = 0; i < c.ndocs; i++) {
        struct doc_bars *db = &c.per_doc[i];
        const char *doc = db->doc;
        struct bar *bars = db->bars;
        int nb = db->nb;
        double max = 0;
        for (int k = 0; k < nb; k++) {
            double a = bars[k].amount < 0 ? -bars[k].amount : bars[k].amount;
            if (a > max)
                max = a;
        }
        int row = 28, w = 600, mid = 300, top = 8;
        strbuf_addstr(h, "<figure>\n<figcaption>");
        html_escape(h, doc);
        strbuf_addf(h,
                    ", %lld: amount in euros per programme (sum of the budget lines; "
                    "negative to the left)</figcaption>\n",
                    db->period);
        strbuf_addf(h,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                    "width=\"%d\" height=\"%d\" role=\"img\">\n",
                    w, top + nb * row + 4, w, top + nb * row + 4);
        strbuf_addf(h, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n", mid, mid,
                    top + nb * row);
        for (int k = 0; k < nb; k++) {
            double len =
                max > 0 ? (bars[k].amount < 0 ? -bars[k].amount : bars[k].amount) / max * (mid - 10)
                        : 0;
            int y = top + k * row;
            double x = bars[k].amount < 0 ? mid - len : mid;
            strbuf_addf(h,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        "fill=\"%s\"/>\n",
                        x, y, len, row - 8, bars[k].amount < 0 ? "#b5473a" : "#3a6fb5");
            int tx = bars[k].amount < 0 ? mid + 6 : mid - 6;
            strbuf_addf(h,
                        "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"%s\">"
                        "programme ",
                        tx, y + row - 12, bars[k].amount < 0 ? "start" : "end");
            html_escape(h, bars[k].label);
            strbuf_addf(h, ": %.0f</text>\n", bars[k].amount);
        }
        strbuf_addstr(h, "</svg>\n</figure>\n");
    }
    chart_data_free(&c);
}
