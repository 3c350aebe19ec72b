/* classify.c: see classify.h. A small lexicon per question, matched on lower case. */
#include "classify.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

static int has(const char *s, const char *w)
{
    return s && strcasestr(s, w) != NULL;
}

/* A column's header levels, as the words the lexicon reads. */
static void add_levels(struct strbuf *sb, json_t *levels)
{
    size_t i;
    json_t *v;
    json_array_foreach(levels, i, v) {
        strbuf_addf(sb, "%s%s", i ? " > " : "", json_string_value(v));
    }
    strbuf_addstr(sb, " | ");
}

/* The kind a text names, from the lexicon below; "other" when none. */
static const char *kind_of_words(const char *a, int money_words)
{
    if (has(a, "kengetal") || has(a, "schuldquote") || has(a, "solvabiliteit"))
        return "kengetallen";
    if (has(a, "indicator") || has(a, "streefcijfer") || has(a, "streefwaarde") ||
        has(a, "realisatie cijfers") || has(a, "nulmeting"))
        return "indicator";
    if (has(a, "taakveld"))
        return "taakvelden";
    if (has(a, "reserve") && (has(a, "dot") || has(a, "onttr") || has(a, "toevoeging")))
        return "reserves";
    if (has(a, "soort afwijking") || has(a, "mutatie"))
        return "mutations";
    if (money_words && (has(a, "lasten") || has(a, "baten") || has(a, "begroting") ||
                        has(a, "rekening") || has(a, "meerjarenraming") || has(a, "programma")))
        return "budget";
    return "other";
}

const char *classify_table_kind(json_t *t)
{
    /* the table's own evidence first: amounts printed with €, lasten / baten /
     * saldo rows (extract's "evidence"), a legend of its own, and its own words
     * (title, column labels). A heading above it ("Kengetallen", "Indicatoren")
     * decides only when the table itself says nothing. */
    json_t *ev = json_object_get(t, "evidence");
    long cur = (long)json_integer_value(json_object_get(ev, "currency_cells"));
    long lines = (long)json_integer_value(json_object_get(ev, "line_rows"));
    const char *src = json_string_value(json_object_get(t, "scale_source"));
    int own_legend = json_is_integer(json_object_get(t, "scale")) && src &&
                     (!strcmp(src, "caption") || !strcmp(src, "legend_row") ||
                      !strcmp(src, "header_cell"));
    if (cur > 0 || lines > 0 || own_legend) {
        struct strbuf own = STRBUF_INIT;
        const char *ts = json_string_value(json_object_get(t, "title_source"));
        const char *tt = json_string_value(json_object_get(t, "title"));
        if (tt && (!ts || strcmp(ts, "heading")))
            strbuf_addf(&own, "%s | ", tt);
        size_t k;
        json_t *v;
        json_array_foreach(json_object_get(t, "col_levels"), k, v) {
            add_levels(&own, v);
        }
        const char *kind = kind_of_words(own.buf, 1);
        strbuf_release(&own);
        /* an indicator table may print € (woonlasten): its own words say so */
        if (strcmp(kind, "other"))
            return kind;
        if (lines > 0 || own_legend || cur > 0)
            return "budget";
    }

    struct strbuf all = STRBUF_INIT;
    const char *title = json_string_value(json_object_get(t, "title"));
    const char *legend = json_string_value(json_object_get(t, "legend"));
    if (title)
        strbuf_addf(&all, "%s | ", title);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(t, "col_levels"), i, v) {
        add_levels(&all, v);
    }
    json_t *hp = json_object_get(t, "heading_path");
    json_array_foreach(hp, i, v) {
        strbuf_addf(&all, "%s | ", json_string_value(v));
    }
    const char *kind = "other";
    const char *a = all.buf;
    if (has(a, "kengetal") || has(a, "schuldquote") || has(a, "solvabiliteit"))
        kind = "kengetallen";
    else if (has(a, "indicator") || has(a, "streefcijfer") || has(a, "streefwaarde") ||
             has(a, "realisatie cijfers") || has(a, "nulmeting"))
        kind = "indicator";
    else if (has(a, "taakveld"))
        kind = "taakvelden";
    else if (has(a, "reserve") && (has(a, "dot") || has(a, "onttr") || has(a, "toevoeging")))
        kind = "reserves";
    else if (has(a, "soort afwijking") || has(a, "mutatie"))
        kind = "mutations";
    else if (legend || !json_is_null(json_object_get(t, "scale")) || has(a, "lasten") ||
             has(a, "baten") || has(a, "begroting") || has(a, "rekening") ||
             has(a, "meerjarenraming") || has(a, "programma"))
        kind = "budget";
    strbuf_release(&all);
    return kind;
}

const char *classify_measure(const char *l)
{
    if (!l || !*l)
        return "other";
    if (has(l, "na wijziging") || has(l, "gewijzigd"))
        return "begroting_na_wijziging";
    if (has(l, "primitie"))
        return "begroting_primitief";
    if (has(l, "meerjarenraming") || has(l, "raming"))
        return "meerjarenraming";
    if (has(l, "realisatie"))
        return "realisatie";
    if (has(l, "rekening"))
        return "rekening";
    if (has(l, "verschil"))
        return "verschil";
    if (has(l, "streef"))
        return "streefwaarde";
    if (has(l, "nulmeting"))
        return "nulmeting";
    if (has(l, "norm"))
        return "norm";
    if (has(l, "mutatie") || has(l, "dot.") || has(l, "onttr"))
        return "mutatie";
    if (has(l, "stand") || has(l, "31-12") || has(l, "saldo per") || has(l, "eindsaldo") ||
        has(l, "beginsaldo"))
        return "stand";
    if (has(l, "begroting") || has(l, "begroot"))
        return "begroting";
    return "other";
}

int classify_has_measure(const char *l)
{
    return strcmp(classify_measure(l), "other") != 0;
}

int classify_period(const char *l)
{
    int year = 0;
    for (const char *p = l; p && *p; p++) {
        if ((p == l || !isdigit((unsigned char)p[-1])) && (p[0] == '1' || p[0] == '2') &&
            (p[1] == '9' || p[1] == '0') && isdigit((unsigned char)p[2]) &&
            isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]))
            year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    }
    return year;
}

const char *classify_line_group(const char *label, const char *path)
{
    const char *srcs[2] = {label, path};
    for (int i = 0; i < 2; i++) {
        const char *s = srcs[i];
        if (!s)
            continue;
        if (has(s, "toevoeging") || has(s, "storting"))
            return "reserves_toevoeging";
        if (has(s, "onttrekking"))
            return "reserves_onttrekking";
        if (has(s, "resultaat"))
            return "resultaat";
        if (has(s, "saldo"))
            return "saldo";
        if (has(s, "lasten"))
            return "lasten";
        if (has(s, "baten"))
            return "baten";
    }
    return "other";
}

const char *classify_column_line_group(const char *l)
{
    static const char *const words[] = {"lasten", "baten", "saldo", NULL};
    for (int w = 0; words[w]; w++) {
        size_t n = strlen(words[w]);
        for (const char *p = l ? strcasestr(l, words[w]) : NULL; p; p = strcasestr(p + 1, words[w]))
            if ((p == l || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
                return words[w];
    }
    return "other";
}

const char *classify_series(const char *l)
{
    if (has(l, "nederland") || has(l, "landelijk"))
        return "nederland";
    if (has(l, "provincie"))
        return "provincie";
    if (has(l, "grootteklasse") || has(l, "gemeenten van"))
        return "grootteklasse";
    if (has(l, "regio"))
        return "regio";
    return "gemeente";
}

const char *classify_indicator_unit(const char *name)
{
    static const char *const units[] = {"per 10.000 inwoners", "per 1.000 inwoners",
                                        "per 1000 inwoners",   "per 10.000 jongeren",
                                        "per 1.000 jongeren",  "per 1.000 leerlingen",
                                        "per 1.000 woningen",  "kg per inwoner",
                                        "per inwoner",         NULL};
    for (int i = 0; units[i]; i++)
        if (has(name, units[i]))
            return units[i];
    if (name && (name[0] == '%' || has(name, "percentage") || has(name, " in %")))
        return "%";
    return NULL;
}

char *classify_key(const char *text)
{
    struct strbuf sb = STRBUF_INIT;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        if (isalnum(*p)) {
            if (dash && sb.len)
                strbuf_addch(&sb, '-');
            dash = 0;
            strbuf_addch(&sb, tolower(*p));
        } else if (*p == '%') {
            if (sb.len)
                strbuf_addch(&sb, '-');
            strbuf_addstr(&sb, "pct");
            dash = 1;
        } else if (*p < 0x80) {
            dash = 1;
        } else if (*p >= 0xC0) {
            dash = 1; /* non-ASCII letters: a separator keeps keys ASCII and stable */
        }
    }
    return strbuf_detach(&sb, NULL);
}
