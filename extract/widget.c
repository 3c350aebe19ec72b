/* widget.c: see widget.h. */
#include "widget.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dutch_number.h"
#include "legend.h"

static const struct {
    const char *prefix;
    const char *label;
} labels[] = {
    {"begrote lasten", "lasten"}, {"begrote baten", "baten"}, {"lasten", "lasten"},
    {"baten", "baten"},           {"saldo", "saldo"},         {"begroot", "begroot"},
    {"rekening", "rekening"},     {"verschil", "verschil"},
};

static const char *match_label(const char *t)
{
    if (strlen(t) > 120)
        return NULL;
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        size_t n = strlen(labels[i].prefix);
        if (!strncasecmp(t, labels[i].prefix, n) && !isalpha((unsigned char)t[n]))
            return labels[i].label;
    }
    return NULL;
}

int widget_is_label(const char *t)
{
    return t && match_label(t) != NULL;
}

static int is_amount(const char *t)
{
    struct dutch_number dn;
    return strlen(t) < 40 && dutch_number_parse(t, DN_DOTS_THOUSANDS, &dn) == DN_OK &&
           !dn.percent && !dn.dash;
}

static int is_pct(const char *t)
{
    struct dutch_number dn;
    return strlen(t) < 20 && dutch_number_parse(t, DN_DOTS_THOUSANDS, &dn) == DN_OK && dn.percent;
}

/* The trailing "€ ..." of a label block, or NULL. */
static const char *trailing_amount(const char *t)
{
    const char *e = strstr(t, "\xE2\x82\xAC");
    const char *last = NULL;
    while (e) {
        last = e;
        e = strstr(e + 3, "\xE2\x82\xAC");
    }
    return last && is_amount(last) ? last : NULL;
}

static json_t *figure(const char *label, const char *label_raw, const char *amount,
                      const char *total, const char *share, long scale, const char *scale_raw)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("key_figure"));
    json_object_set_new(o, "label", json_string(label));
    json_object_set_new(o, "label_raw", label_raw ? json_string(label_raw) : json_null());
    json_object_set_new(o, "amount_raw", json_string(amount));
    json_object_set_new(o, "total_raw", total ? json_string(total) : json_null());
    json_object_set_new(o, "share_raw", share ? json_string(share) : json_null());
    json_object_set_new(o, "scale", scale ? json_integer(scale) : json_null());
    json_object_set_new(o, "scale_raw",
                        scale_raw && *scale_raw ? json_string(scale_raw) : json_null());
    return o;
}

json_t *widget_find(struct text_block *b, int n)
{
    json_t *out = json_array();
    long scale = 0;
    char scale_raw[96] = "";
    int unlabelled = 0, seen_prose = 0;
    static const char *const order[] = {"lasten", "baten"};
    for (int i = 0; i < n; i++) {
        const char *t = b[i].text;
        struct legend_info li = {0};
        /* a short scale line of the widget ("Bedragen x € 1.000") */
        if (strlen(t) < 40 && (legend_scan(t, &li) & LEGEND_SCALE) && !match_label(t) &&
            i + 1 < n && (match_label(b[i + 1].text) || is_amount(b[i + 1].text))) {
            scale = li.scale;
            snprintf(scale_raw, sizeof(scale_raw), "%s", t);
            b[i].consumed = 1;
            continue;
        }
        /* a caption naming the figures in order ("Lasten, baten en saldo",
         * Edam-Volendam) followed by unlabelled amount / share pairs */
        if (strlen(t) < 60 && strcasestr(t, "lasten") && strcasestr(t, "baten") &&
            !trailing_amount(t) && i + 1 < n && is_amount(b[i + 1].text)) {
            static const char *const named[] = {"lasten", "baten", "saldo"};
            int k = 0, j = i + 1;
            int max = strcasestr(t, "saldo") ? 3 : 2;
            while (k < max && j < n && is_amount(b[j].text)) {
                const char *share = j + 1 < n && is_pct(b[j + 1].text) ? b[j + 1].text : NULL;
                json_array_append_new(
                    out, figure(named[k++], NULL, b[j].text, NULL, share, scale, scale_raw));
                b[j].consumed = 1;
                if (share)
                    b[++j].consumed = 1;
                j++;
            }
            b[i].consumed = 1;
            i = j - 1;
            continue;
        }
        const char *label = match_label(t);
        if (label) {
            const char *amount = trailing_amount(t);
            int j = i + 1;
            if (!amount && j < n && is_amount(b[j].text))
                amount = b[j++].text;
            if (!amount)
                continue;
            const char *total = NULL, *share = NULL;
            if ((!strcmp(label, "lasten") || !strcmp(label, "baten")) && j < n &&
                is_amount(b[j].text) && !match_label(b[j].text))
                total = b[j++].text;
            if (j < n && is_pct(b[j].text))
                share = b[j++].text;
            long sc = scale;
            const char *sraw = scale_raw;
            struct legend_info own = {0};
            if (legend_scan(t, &own) & LEGEND_SCALE) {
                sc = own.scale;
                sraw = own.scale_raw;
            }
            /* the label without its amount */
            char lraw[160];
            size_t ll = amount >= t && amount < t + strlen(t) ? (size_t)(amount - t) : strlen(t);
            snprintf(lraw, sizeof(lraw), "%.*s", (int)ll, t);
            size_t k = strlen(lraw);
            while (k && lraw[k - 1] == ' ')
                lraw[--k] = '\0';
            json_array_append_new(out, figure(label, lraw, amount, total, share, sc, sraw));
            for (int k2 = i; k2 < j; k2++)
                b[k2].consumed = 1;
            i = j - 1;
            continue;
        }
        /* unlabelled: "€ 491.732" / "0,0%" pairs at the top of the page */
        if (!seen_prose && unlabelled < 2 && is_amount(t) && i + 1 < n && is_pct(b[i + 1].text)) {
            json_array_append_new(
                out, figure(order[unlabelled], NULL, t, NULL, b[i + 1].text, scale, scale_raw));
            b[i].consumed = b[i + 1].consumed = 1;
            unlabelled++;
            i++;
            continue;
        }
        if (strlen(t) > 80)
            seen_prose = 1;
    }
    return out;
}
