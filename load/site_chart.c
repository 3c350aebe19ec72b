/*
 * site_chart.c: the release page's bar chart (inline SVG, no script) of the
 * budget lines: per document, the amounts of its first period summed per
 * programme. One pass over budget_lines.jsonl.zst as a stream.
 *
 * It draws nothing when a release has no budget lines, and links nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "html.h"
#include "jsonutil.h"
#include "record_scan.h"
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

/* For each document with budget lines: the amounts in euros of its first
 * period (year), summed per programme, as horizontal bars (negative to the
 * left). One pass over the budget lines as a stream; only the sums are kept. */
void site_chart(struct strbuf *h, const char *lines_path)
{
    struct chart_scan c = {json_object(),    NULL,        0,           0,
                           RECORD_SCAN_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    int bad = jsonl_zst_each_line(lines_path, scan_line, &c);
    record_scan_release(&c.rs);
    strbuf_release(&c.d);
    strbuf_release(&c.prog);
    strbuf_release(&c.amount);
    if (bad || !c.ndocs) {
        for (size_t i = 0; i < c.ndocs; i++)
            doc_bars_clear(&c.per_doc[i]);
        free(c.per_doc);
        json_decref(c.index);
        return;
    }
    strbuf_addstr(h, "<h2>Budget lines per programme</h2>\n");
    const char *doc;
    json_t *at;
    json_object_foreach(c.index, doc, at)
    {
        struct doc_bars *db = &c.per_doc[json_integer_value(at)];
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
            free(bars[k].label);
        }
        strbuf_addstr(h, "</svg>\n</figure>\n");
    }
    free(c.per_doc);
    json_decref(c.index);
}
