/*
 * checks.c: see checks.h. Rows are read top to bottom once; a block is the run
 * of item rows since the last group row, total or saldo. Every sum is exact
 * (decimal_add); nothing here ever changes a value, it only reports.
 */
#include "checks.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"
#include "xalloc.h"

/* The words of a label, lower case, without the filler words of these labels. */
static int label_words(const char *label, char words[][24], int max)
{
    int n = 0;
    const unsigned char *p = (const unsigned char *)(label ? label : "");
    while (*p) {
        while (*p && !isalnum(*p))
            p++;
        char w[24];
        int k = 0;
        while (*p && isalnum(*p)) {
            if (k < 23)
                w[k++] = (char)tolower(*p);
            p++;
        }
        w[k] = '\0';
        if (!k || !strcmp(w, "totaal") || !strcmp(w, "van") || !strcmp(w, "en"))
            continue;
        if (n == max)
            return max + 1; /* too many words: not one of the short labels */
        strcpy(words[n++], w);
    }
    return n;
}

const char *checks_line_group(const char *label)
{
    char w[3][24];
    int n = label_words(label, w, 3);
    if (n == 1 && !strcmp(w[0], "lasten"))
        return "lasten";
    if (n == 1 && !strcmp(w[0], "baten"))
        return "baten";
    return NULL;
}

/* "Saldo", "Saldo van baten en lasten", "Totaal saldo baten en lasten". */
static int is_saldo_row(const char *label)
{
    char w[4][24];
    int n = label_words(label, w, 3);
    if (n < 1 || n > 3)
        return 0;
    int saldo = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(w[i], "saldo"))
            saldo = 1;
        else if (strcmp(w[i], "baten") && strcmp(w[i], "lasten"))
            return 0;
    }
    return saldo;
}

static int is_total_row(const struct check_table *t, int r, int last_body)
{
    const struct check_row *row = &t->row[r - 1];
    const char *l = row->label;
    while (l && isspace((unsigned char)*l))
        l++;
    if (l && (!strncasecmp(l, "totaal", 6) || !strncasecmp(l, "subtotaal", 9) ||
              !strncasecmp(l, "financieel kader", 16)))
        return 1;
    /* a last row without a label or code under rows of figures: a total */
    return r == last_body && (!l || !*l) && (!row->code || !*row->code);
}

static const struct check_cell *cell_at(const struct check_table *t, int r, int c)
{
    return &t->cells[(size_t)(r - 1) * (size_t)t->cols + (size_t)(c - 1)];
}

/* A cell usable as the stated side of a check. */
static int stated_ok(const struct check_cell *x)
{
    return x->present && x->status == DN_OK && !x->percent;
}

/* Add an item cell to sum. 0 = added (or counts as 0), -1 = cannot be summed. */
static int add_item(const struct check_cell *x, char *sum)
{
    if (!x->present || x->status == DN_EMPTY || x->status == DN_NOT_APPLICABLE)
        return 0;
    if (x->status != DN_OK || x->percent)
        return -1;
    char tmp[DECIMAL_MAX];
    if (decimal_add(sum, x->value, tmp, sizeof(tmp)))
        return -1;
    strcpy(sum, tmp);
    return 0;
}

static void fact_id_of(const struct check_table *t, int r, int c, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/r%dc%d", t->table_id, r, c);
}

static void add_fact(struct strbuf *ids, const struct check_table *t, int r, int c)
{
    if (!cell_at(t, r, c)->present)
        return;
    char id[800];
    fact_id_of(t, r, c, id, sizeof(id));
    if (ids->len)
        strbuf_addch(ids, ' ');
    strbuf_addstr(ids, id);
}

/* The record. computed NULL: not_checkable. */
static json_t *check_record(const char *check_id, const char *page_id, const char *table_id,
                            const char *kind, const char *rule, const char *stated_fact_id,
                            const char *stated, const char *computed, const char *fact_ids)
{
    char diff[DECIMAL_MAX] = "";
    int have = computed && stated && !decimal_sub(stated, computed, diff, sizeof(diff));
    const char *status = !have ? "not_checkable" : decimal_cmp(diff, "0") == 0 ? "holds" : "off";
    json_t *c = json_object();
    json_object_set_new(c, "check_id", json_string(check_id));
    json_object_set_new(c, "page_id", json_string(page_id));
    json_object_set_new(c, "table_id", table_id ? json_string(table_id) : json_null());
    json_object_set_new(c, "kind", json_string(kind));
    json_object_set_new(c, "rule", json_string(rule));
    json_object_set_new(c, "stated_fact_id", stated_fact_id ? json_string(stated_fact_id) : json_null());
    json_object_set_new(c, "stated_value", stated ? json_string(stated) : json_null());
    json_object_set_new(c, "computed_value", have ? json_string(computed) : json_null());
    json_object_set_new(c, "difference", have ? json_string(diff) : json_null());
    json_object_set_new(c, "status", json_string(status));
    json_object_set_new(c, "fact_ids", json_string(fact_ids ? fact_ids : ""));
    return c;
}

static int is_label_col(const struct check_row *row, int c)
{
    return c == row->label_col || c == row->code_col;
}

static int is_label_cell(const struct check_table *t, const struct check_row *row, int c)
{
    return c <= t->stub_cols || is_label_col(row, c);
}

/* "1 Veiligheid > Lasten (row 2)", or "row 2" for a row without a label. */
static void add_row_name(struct strbuf *sb, const struct check_table *t, int r)
{
    const char *n = t->row[r - 1].name;
    if (n && *n)
        strbuf_addf(sb, "%s (row %d)", n, r);
    else
        strbuf_addf(sb, "row %d", r);
}

/* ", column \"Begroting 2025\"", or ", column 3" for a column without a label. */
static void add_col_name(struct strbuf *sb, const struct check_table *t, int c)
{
    const char *l = t->col_labels[c - 1];
    if (l && *l)
        strbuf_addf(sb, ", column \"%s\"", l);
    else
        strbuf_addf(sb, ", column %d", c);
}

/* "lasten", "baten" or "saldo" when the label holds that word whole (any case:
 * "Lasten", "Totaal baten", "Saldo van baten en lasten" is saldo), else NULL. */
static const char *line_word(const char *label)
{
    char w[6][24];
    int n = label_words(label, w, 5);
    if (n > 5)
        return NULL;
    for (int i = 0; i < n; i++)
        if (!strcmp(w[i], "saldo"))
            return "saldo";
    for (int i = 0; i < n; i++)
        if (!strcmp(w[i], "lasten") || !strcmp(w[i], "baten"))
            return !strcmp(w[i], "lasten") ? "lasten" : "baten";
    return NULL;
}

/* Whether a path entry names a total group ("Totaal", "Totaal programma's"). */
static int is_total_name(const char *p)
{
    while (p && isspace((unsigned char)*p))
        p++;
    return p && (!strncasecmp(p, "totaal", 6) || !strncasecmp(p, "subtotaal", 9));
}

/* Total row r over the item rows items[0..n). A total that names a line
 * ("Totaal lasten") adds the item rows of that line only; one that names none
 * over items of more than one line (lasten beside baten) states no sum that
 * can be redone, and is not_checkable. */
static int check_total(const struct check_table *t, int r, const int *items, int n,
                       check_emit_fn emit, void *ctx)
{
    int emitted = 0;
    const struct check_row *row = &t->row[r - 1];
    const char *own = line_word(row->label);
    int *use = xcalloc((size_t)n + 1, sizeof(int));
    int nuse = 0, mixed = 0;
    const char *first = NULL;
    for (int i = 0; i < n; i++) {
        const char *w = line_word(t->row[items[i] - 1].label);
        if (own && w && strcmp(w, own))
            continue; /* like with like: baten are no part of Totaal lasten */
        if (!own && w && first && strcmp(w, first))
            mixed = 1;
        if (w && !first)
            first = w;
        use[nuse++] = items[i];
    }
    for (int c = 1; c <= t->cols && nuse; c++) {
        const struct check_cell *s = cell_at(t, r, c);
        if (is_label_cell(t, row, c) || !stated_ok(s))
            continue;
        char sum[DECIMAL_MAX] = "0";
        int ok = !mixed;
        struct strbuf ids = STRBUF_INIT, rule = STRBUF_INIT;
        add_row_name(&rule, t, r);
        strbuf_addstr(&rule, " = ");
        for (int i = 0; i < nuse; i++) {
            if (i)
                strbuf_addstr(&rule, " + ");
            add_row_name(&rule, t, use[i]);
            if (is_label_cell(t, &t->row[use[i] - 1], c))
                continue;
            if (add_item(cell_at(t, use[i], c), sum))
                ok = 0;
            add_fact(&ids, t, use[i], c);
        }
        add_col_name(&rule, t, c);
        if (mixed)
            strbuf_addstr(&rule, " (not checkable: the rows mix lasten, baten and saldo)");
        char fid[800], cid[840];
        fact_id_of(t, r, c, fid, sizeof(fid));
        snprintf(cid, sizeof(cid), "%s/total", fid);
        emit(ctx, check_record(cid, t->page_id, t->table_id, "total", rule.buf, fid, s->value,
                               ok ? sum : NULL, ids.buf));
        strbuf_release(&ids);
        strbuf_release(&rule);
        emitted++;
    }
    free(use);
    return emitted;
}

/* The saldo of lasten l and baten b, as the table's signs say; rule names it. */
static int saldo_of(const char *l, const char *b, const char *stated, char *out, const char **rule,
                    int plus)
{
    if (plus || decimal_cmp(l, "0") < 0 || decimal_cmp(b, "0") < 0) {
        *rule = "lasten + baten";
        return decimal_add(l, b, out, DECIMAL_MAX);
    }
    char bl[DECIMAL_MAX], lb[DECIMAL_MAX], d1[DECIMAL_MAX], d2[DECIMAL_MAX];
    if (decimal_sub(b, l, bl, sizeof(bl)) || decimal_sub(l, b, lb, sizeof(lb)) ||
        decimal_sub(stated, bl, d1, sizeof(d1)) || decimal_sub(stated, lb, d2, sizeof(d2)))
        return -1;
    /* the reading nearer to what the table states */
    const char *a1 = d1[0] == '-' ? d1 + 1 : d1, *a2 = d2[0] == '-' ? d2 + 1 : d2;
    if (decimal_cmp(a2, a1) < 0) {
        *rule = "lasten - baten";
        strcpy(out, lb);
    } else {
        *rule = "baten - lasten";
        strcpy(out, bl);
    }
    return 0;
}

/* One saldo check: stated cell (rs, cs), lasten (rl, cl), baten (rb, cb). */
static void check_saldo(const struct check_table *t, int rs, int cs, int rl, int cl, int rb,
                        int cb, const char *suffix, check_emit_fn emit, void *ctx)
{
    const struct check_cell *s = cell_at(t, rs, cs);
    char l[DECIMAL_MAX] = "0", b[DECIMAL_MAX] = "0", computed[DECIMAL_MAX];
    int ok = !add_item(cell_at(t, rl, cl), l) && !add_item(cell_at(t, rb, cb), b);
    const char *rule = "baten - lasten";
    if (ok && saldo_of(l, b, s->value, computed, &rule, t->baten_negative))
        ok = 0;
    struct strbuf ids = STRBUF_INIT, words = STRBUF_INIT;
    add_fact(&ids, t, rl, cl);
    add_fact(&ids, t, rb, cb);
    /* the rule in words: the rows named when the three are one column, the
     * columns when they are one row */
    int by_row = cs == cl && cs == cb;
    const char *first = !strcmp(rule, "baten - lasten") ? "b" : "l";
    const char *op = !strcmp(rule, "lasten + baten") ? " + " : " - ";
    for (int k = 0; k < 3; k++) {
        int rr = k == 0 ? rs : (k == 1) == (*first == 'l') ? rl : rb;
        int cc = k == 0 ? cs : (k == 1) == (*first == 'l') ? cl : cb;
        if (k)
            strbuf_addstr(&words, k == 1 ? " = " : op);
        if (by_row) {
            add_row_name(&words, t, rr);
        } else {
            const char *cl_ = t->col_labels[cc - 1];
            if (cl_ && *cl_)
                strbuf_addf(&words, "\"%s\"", cl_);
            else
                strbuf_addf(&words, "column %d", cc);
        }
    }
    if (by_row) {
        add_col_name(&words, t, cs);
    } else {
        strbuf_addstr(&words, ", in ");
        add_row_name(&words, t, rs);
    }
    char fid[800], cid[840];
    fact_id_of(t, rs, cs, fid, sizeof(fid));
    snprintf(cid, sizeof(cid), "%s/%s", fid, suffix);
    emit(ctx, check_record(cid, t->page_id, t->table_id, "saldo", words.buf, fid, s->value,
                           ok ? computed : NULL, ids.buf));
    strbuf_release(&ids);
    strbuf_release(&words);
}

/* A column label with its first "lasten"/"baten"/"saldo" word taken out, as a
 * key that pairs the three columns of one measure and year. */
static int column_role(const char *label, char *key, size_t keysz)
{
    static const char *const words[] = {"lasten", "baten", "saldo"};
    for (int w = 0; w < 3; w++) {
        const char *p = label ? strcasestr(label, words[w]) : NULL;
        size_t wl = strlen(words[w]);
        /* a whole word: "Personeelslasten" is not the lasten column */
        if (!p || (p > label && isalnum((unsigned char)p[-1])) || isalnum((unsigned char)p[wl]))
            continue;
        snprintf(key, keysz, "%.*s|%s", (int)(p - label), label, p + wl);
        for (char *k = key; *k; k++)
            *k = (char)tolower((unsigned char)*k);
        return w + 1;
    }
    return 0;
}

/* Whether the table prints its baten negative (Leiden, Oss, Groningen 2017): a
 * baten row with a negative amount. Then saldo = lasten + baten in every
 * column, also one (a Verschil) where a baten figure happens to be positive. */
static int baten_printed_negative(const struct check_table *t)
{
    for (int r = 1; r <= t->rows; r++) {
        const char *w = t->row[r - 1].body ? line_word(t->row[r - 1].label) : NULL;
        if (!w || strcmp(w, "baten"))
            continue;
        for (int c = 1; c <= t->cols; c++) {
            const struct check_cell *x = cell_at(t, r, c);
            if (!is_label_cell(t, &t->row[r - 1], c) && stated_ok(x) && x->value[0] == '-')
                return 1;
        }
    }
    return 0;
}

/* Runs of item rows closed by a total row (the items' sum), and saldo rows
 * (the nearest lasten and baten rows above); last_body is the last body row
 * that is no group. Returns the checks emitted. */
static int check_row_runs(const struct check_table *t, int last_body, check_emit_fn emit,
                          void *ctx)
{
    int emitted = 0;
    int *items = xcalloc((size_t)t->rows + 1, sizeof(int));
    int n = 0;
    for (int r = 1; r <= t->rows; r++) {
        const struct check_row *row = &t->row[r - 1];
        if (!row->body)
            continue;
        if (row->group) {
            n = 0;
            continue;
        }
        if (is_saldo_row(row->label)) {
            /* the nearest lasten and baten rows above, back to the previous saldo
             * (group rows do not stop the search: "Lasten" and "Baten" are often
             * groups of their own, each closed by its total) */
            int rl = 0, rb = 0;
            for (int k = r - 1; k >= 1; k--) {
                const struct check_row *above = &t->row[k - 1];
                const char *g = above->body && !above->group ? checks_line_group(above->label) : NULL;
                if (g && !strcmp(g, "lasten") && !rl)
                    rl = k;
                if (g && !strcmp(g, "baten") && !rb)
                    rb = k;
                if (t->row[k - 1].body && is_saldo_row(t->row[k - 1].label))
                    break;
            }
            if (rl && rb) {
                for (int c = 1; c <= t->cols; c++) {
                    if (is_label_cell(t, row, c) || !stated_ok(cell_at(t, r, c)))
                        continue;
                    check_saldo(t, r, c, rl, c, rb, c, "saldo-row", emit, ctx);
                    emitted++;
                }
            }
            n = 0;
            continue;
        }
        if (is_total_row(t, r, last_body)) {
            if (n == 0) {
                items[n++] = r; /* a total with nothing above it: an opening figure */
                continue;
            }
            emitted += check_total(t, r, items, n, emit, ctx);
            n = 0;
            continue;
        }
        items[n++] = r;
    }
    free(items);
    return emitted;
}

/* Trees: a row with values over the rows whose path ends in its label (their
 * sum, or lasten minus baten). */
static int check_trees(const struct check_table *t, check_emit_fn emit, void *ctx)
{
    int emitted = 0;
    int *kids = xcalloc((size_t)t->rows + 1, sizeof(int));
    for (int r = 1; r <= t->rows; r++) {
        const struct check_row *row = &t->row[r - 1];
        /* group rows too: Groningen's programme rows head their subprogrammes and
         * print their own totals */
        if (!row->body || !row->label || !*row->label)
            continue;
        int nk = 0, rl = 0, rb = 0, other = 0;
        for (int k = r + 1; k <= t->rows; k++) {
            const struct check_row *x = &t->row[k - 1];
            if (!x->body || !x->parent || strcmp(x->parent, row->label))
                continue;
            const char *g = checks_line_group(x->label);
            if (g && !strcmp(g, "lasten"))
                rl = k;
            else if (g && !strcmp(g, "baten"))
                rb = k;
            else
                other++;
            kids[nk++] = k;
        }
        if (!nk)
            continue;
        for (int c = 1; c <= t->cols; c++) {
            if (is_label_cell(t, row, c) || !stated_ok(cell_at(t, r, c)))
                continue;
            if (rl && rb && !other && nk == 2) {
                check_saldo(t, r, c, rl, c, rb, c, "saldo-tree", emit, ctx);
            } else if (!rl && !rb) {
                char sum[DECIMAL_MAX] = "0";
                int ok = 1;
                struct strbuf ids = STRBUF_INIT;
                for (int i = 0; i < nk; i++) {
                    if (add_item(cell_at(t, kids[i], c), sum))
                        ok = 0;
                    add_fact(&ids, t, kids[i], c);
                }
                struct strbuf rule = STRBUF_INIT;
                add_row_name(&rule, t, r);
                strbuf_addstr(&rule, " = ");
                for (int i = 0; i < nk; i++) {
                    if (i)
                        strbuf_addstr(&rule, " + ");
                    add_row_name(&rule, t, kids[i]);
                }
                add_col_name(&rule, t, c);
                char fid[800], cid[840];
                fact_id_of(t, r, c, fid, sizeof(fid));
                snprintf(cid, sizeof(cid), "%s/total-tree", fid);
                emit(ctx, check_record(cid, t->page_id, t->table_id, "total", rule.buf, fid,
                                       cell_at(t, r, c)->value, ok ? sum : NULL, ids.buf));
                strbuf_release(&ids);
                strbuf_release(&rule);
            } else {
                continue; /* lasten or baten beside other rows: no stated arithmetic known */
            }
            emitted++;
        }
    }
    free(kids);
    return emitted;
}

/* Total groups: "Totaal programma's > Lasten" against the Lasten of each
 * group above it at the same depth, back to the previous total group. */
static int check_total_groups(const struct check_table *t, check_emit_fn emit, void *ctx)
{
    int emitted = 0;
    int *same = xcalloc((size_t)t->rows + 1, sizeof(int));
    for (int r = 1; r <= t->rows; r++) {
        const struct check_row *row = &t->row[r - 1];
        if (!row->body || row->group || !row->label || !*row->label || !is_total_name(row->parent))
            continue;
        int ns = 0;
        for (int k = r - 1; k >= 1; k--) {
            const struct check_row *x = &t->row[k - 1];
            if (!x->body || x->group)
                continue;
            if (x->parent && row->parent && !strcmp(x->parent, row->parent))
                continue; /* the total group's own rows */
            if (is_total_name(x->parent))
                break; /* an earlier total group closes the block */
            if (x->depth == row->depth && x->parent && x->label &&
                !strcasecmp(x->label, row->label))
                same[ns++] = k;
        }
        if (!ns)
            continue;
        for (int i = 0; i < ns / 2; i++) { /* top to bottom */
            int tmp = same[i];
            same[i] = same[ns - 1 - i];
            same[ns - 1 - i] = tmp;
        }
        for (int c = 1; c <= t->cols; c++) {
            if (is_label_cell(t, row, c) || !stated_ok(cell_at(t, r, c)))
                continue;
            char sum[DECIMAL_MAX] = "0";
            int ok = 1;
            struct strbuf ids = STRBUF_INIT, rule = STRBUF_INIT;
            add_row_name(&rule, t, r);
            strbuf_addstr(&rule, " = ");
            for (int i = 0; i < ns; i++) {
                if (i)
                    strbuf_addstr(&rule, " + ");
                add_row_name(&rule, t, same[i]);
                if (add_item(cell_at(t, same[i], c), sum))
                    ok = 0;
                add_fact(&ids, t, same[i], c);
            }
            add_col_name(&rule, t, c);
            char fid[800], cid[840];
            fact_id_of(t, r, c, fid, sizeof(fid));
            snprintf(cid, sizeof(cid), "%s/total-group", fid);
            emit(ctx, check_record(cid, t->page_id, t->table_id, "total", rule.buf, fid,
                                   cell_at(t, r, c)->value, ok ? sum : NULL, ids.buf));
            strbuf_release(&ids);
            strbuf_release(&rule);
            emitted++;
        }
    }
    free(same);
    return emitted;
}

/* Lasten | Baten | Saldo columns of one measure and year, row by row. */
static int check_saldo_columns(const struct check_table *t, check_emit_fn emit, void *ctx)
{
    int emitted = 0;
    char key[512], k2[512];
    for (int cs = 1; cs <= t->cols; cs++) {
        if (column_role(t->col_labels[cs - 1], key, sizeof(key)) != 3)
            continue;
        int cl = 0, cb = 0;
        for (int c = 1; c <= t->cols; c++) {
            int role = column_role(t->col_labels[c - 1], k2, sizeof(k2));
            if (role == 1 && !cl && !strcmp(k2, key))
                cl = c;
            if (role == 2 && !cb && !strcmp(k2, key))
                cb = c;
        }
        if (!cl || !cb)
            continue;
        for (int r = 1; r <= t->rows; r++) {
            const struct check_row *row = &t->row[r - 1];
            if (!row->body || row->group || is_label_cell(t, row, cs) || !stated_ok(cell_at(t, r, cs)))
                continue;
            check_saldo(t, r, cs, r, cl, r, cb, "saldo-col", emit, ctx);
            emitted++;
        }
    }
    return emitted;
}

/* The table's four kinds of stated arithmetic, each a pass of its own, in the
 * order their checks are written. */
int checks_table(const struct check_table *t0, check_emit_fn emit, void *ctx)
{
    if (!t0->money)
        return 0;
    struct check_table tt = *t0;
    tt.baten_negative = baten_printed_negative(&tt);
    const struct check_table *t = &tt;
    int emitted = 0;
    int last_body = 0;
    for (int r = 1; r <= t->rows; r++)
        if (t->row[r - 1].body && !t->row[r - 1].group)
            last_body = r;
    emitted += check_row_runs(t, last_body, emit, ctx);
    emitted += check_trees(t, emit, ctx);
    emitted += check_total_groups(t, emit, ctx);
    emitted += check_saldo_columns(t, emit, ctx);
    return emitted;
}

static const struct check_line *find_line(const struct check_line *lines, int nlines,
                                          const char *group, int year,
                                          const char *const *measures)
{
    for (int m = 0; measures[m]; m++)
        for (int i = 0; i < nlines; i++)
            if (!strcmp(lines[i].group, group) && lines[i].period == year &&
                !strcmp(lines[i].measure, measures[m]) && lines[i].amount_eur[0])
                return &lines[i];
    return NULL;
}

int checks_widget(const char *page_id, int year, const struct check_widget *w, int nw,
                  const struct check_line *lines, int nlines, check_emit_fn emit, void *ctx)
{
    static const char *const begroot[] = {"begroting", "begroting_primitief", "other",
                                          "begroting_na_wijziging", NULL};
    static const char *const begroot_jv[] = {"begroting_na_wijziging", "begroting", NULL};
    static const char *const rekening[] = {"rekening", "realisatie", NULL};
    int emitted = 0, triple = -1; /* which Begroot/Rekening/Verschil triple: 0 lasten, 1 baten */
    const char *last_begroot = NULL, *last_rekening = NULL;
    for (int i = 0; i < nw; i++) {
        const char *label = w[i].label;
        const char *amount = w[i].amount_eur[0] ? w[i].amount_eur : NULL;
        char cid[700];
        if (!strcmp(label, "begroot")) {
            triple++;
            last_begroot = amount;
            last_rekening = NULL;
        } else if (!strcmp(label, "rekening")) {
            last_rekening = amount;
        }
        if (!amount)
            continue;
        if (!strcmp(label, "verschil")) {
            char computed[DECIMAL_MAX];
            int ok = last_begroot && last_rekening &&
                     !decimal_sub(last_begroot, last_rekening, computed, sizeof(computed));
            snprintf(cid, sizeof(cid), "%s#k%d/verschil", page_id, w[i].ordinal);
            emit(ctx, check_record(cid, page_id, NULL, "other", "widget: begroot - rekening",
                                   NULL, amount, ok ? computed : NULL, ""));
            emitted++;
            continue;
        }
        const char *group = NULL;
        const char *const *measures = NULL;
        if (!strcmp(label, "lasten") || !strcmp(label, "baten")) {
            group = label;
            measures = begroot;
        } else if (!strcmp(label, "begroot") || !strcmp(label, "rekening")) {
            if (triple > 1)
                continue;
            group = triple == 1 ? "baten" : "lasten";
            measures = !strcmp(label, "begroot") ? begroot_jv : rekening;
        } else {
            continue;
        }
        const struct check_line *line = find_line(lines, nlines, group, year, measures);
        char rule[96];
        snprintf(rule, sizeof(rule), "widget %s = table %s %d", label, group, year);
        const char *computed = line ? line->amount_eur : NULL;
        char neg[DECIMAL_MAX];
        /* baten printed negative in the table and positive in the widget: the
         * same amount in another sign notation */
        if (line && decimal_cmp(amount, computed) != 0 &&
            !decimal_sub("0", computed, neg, sizeof(neg)) && decimal_cmp(amount, neg) == 0) {
            snprintf(rule, sizeof(rule), "widget %s = -(table %s %d)", label, group, year);
            computed = neg;
        }
        snprintf(cid, sizeof(cid), "%s#k%d/widget_vs_table", page_id, w[i].ordinal);
        emit(ctx, check_record(cid, page_id, line ? line->table_id : NULL, "widget_vs_table", rule,
                               NULL, amount, computed, line ? line->fact_id : ""));
        emitted++;
    }
    return emitted;
}
