/*
 * reference.c: see reference.h. The files are small (tens of rows), so they are
 * read whole and searched linearly; names are compared by classify_key (lower
 * case ASCII letters and digits), which absorbs case, spaces and punctuation.
 */
#include "reference.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "fsutil.h"
#include "strbuf.h"
#include "xalloc.h"

struct taakveld {
    char *code, *name;
    int from, to; /* to 0: still valid */
};

struct indicator {
    char *name, *unit;
    char *unit_key;
    char **keys; /* classify_key of the name and each alias */
    int nkeys;
    size_t keys_alloc;
};

struct reference {
    struct taakveld *tv;
    int ntv;
    size_t tv_alloc;
    struct indicator *ind;
    int nind;
    size_t ind_alloc;
};

/* Split one CSV line (RFC 4180 quotes, no embedded newlines) into at most max
 * fields, each malloc'd. Returns the number of fields. */
static int csv_fields(const char *line, char **f, int max)
{
    int n = 0;
    const char *p = line;
    while (n < max) {
        struct strbuf sb = STRBUF_INIT;
        if (*p == '"') {
            p++;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"')
                    p++;
                strbuf_addch(&sb, *p++);
            }
            if (*p == '"')
                p++;
        }
        while (*p && *p != ',')
            strbuf_addch(&sb, *p++);
        f[n++] = strbuf_detach(&sb, NULL);
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

static int read_rows(const char *dir, const char *file, int nf,
                     void (*row)(struct reference *, char **), struct reference *ref,
                     struct odp_error *err)
{
    struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s", dir, file);
    int rc = fs_read_file(path.buf, &text, err);
    strbuf_release(&path);
    if (rc) {
        strbuf_release(&text);
        return rc;
    }
    char *save = NULL;
    int first = 1;
    for (char *l = strtok_r(text.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (first) { /* the header */
            first = 0;
            continue;
        }
        char *f[16] = {0};
        int n = csv_fields(l, f, 16);
        if (n >= nf)
            row(ref, f);
        for (int i = 0; i < n; i++)
            free(f[i]);
    }
    strbuf_release(&text);
    return 0;
}

/* code,name,main,valid_from,valid_to,note */
static void taakveld_row(struct reference *ref, char **f)
{
    ALLOC_GROW(ref->tv, (size_t)ref->ntv + 1, ref->tv_alloc);
    struct taakveld *t = &ref->tv[ref->ntv++];
    t->code = xstrdup(f[0]);
    t->name = xstrdup(f[1]);
    t->from = atoi(f[3]);
    t->to = atoi(f[4]);
}

static void add_key(struct indicator *x, const char *text)
{
    char *k = classify_key(text);
    if (!*k) {
        free(k);
        return;
    }
    ALLOC_GROW(x->keys, (size_t)x->nkeys + 1, x->keys_alloc);
    x->keys[x->nkeys++] = k;
}

/* indicator_id,bbv_number,main,name,unit,source,aliases ('|'-separated) */
static void indicator_row(struct reference *ref, char **f)
{
    ALLOC_GROW(ref->ind, (size_t)ref->nind + 1, ref->ind_alloc);
    struct indicator *x = &ref->ind[ref->nind++];
    memset(x, 0, sizeof(*x));
    x->name = xstrdup(f[3]);
    x->unit = xstrdup(f[4]);
    x->unit_key = classify_key(f[4]);
    add_key(x, f[3]);
    char *aliases = f[6] ? xstrdup(f[6]) : NULL, *save = NULL;
    for (char *a = aliases ? strtok_r(aliases, "|", &save) : NULL; a; a = strtok_r(NULL, "|", &save))
        add_key(x, a);
    free(aliases);
}

struct reference *reference_load(const char *dir, struct odp_error *err)
{
    const char *env = getenv("ODP_REFERENCE_DIR");
    struct strbuf d = STRBUF_INIT;
    strbuf_addstr(&d, dir ? dir : env && *env ? env : ODP_SOURCE_DIR "/pipelines/reference");
    struct reference *ref = xcalloc(1, sizeof(*ref));
    int rc = read_rows(d.buf, "taakvelden.csv", 5, taakveld_row, ref, err);
    if (!rc)
        rc = read_rows(d.buf, "bbv_indicators.csv", 7, indicator_row, ref, err);
    strbuf_release(&d);
    if (rc) {
        reference_free(ref);
        return NULL;
    }
    return ref;
}

void reference_free(struct reference *ref)
{
    if (!ref)
        return;
    for (int i = 0; i < ref->ntv; i++) {
        free(ref->tv[i].code);
        free(ref->tv[i].name);
    }
    for (int i = 0; i < ref->nind; i++) {
        for (int k = 0; k < ref->ind[i].nkeys; k++)
            free(ref->ind[i].keys[k]);
        free(ref->ind[i].keys);
        free(ref->ind[i].name);
        free(ref->ind[i].unit);
        free(ref->ind[i].unit_key);
    }
    free(ref->tv);
    free(ref->ind);
    free(ref);
}

const char *reference_taakveld_name(const struct reference *ref, const char *code, int year)
{
    for (int i = 0; ref && code && i < ref->ntv; i++) {
        const struct taakveld *t = &ref->tv[i];
        if (!strcmp(t->code, code) && (!year || ((!t->from || year >= t->from) &&
                                                 (!t->to || year <= t->to))))
            return t->name;
    }
    return NULL;
}

/* The printed unit agrees with the dictionary's: the same words and digits
 * ("per 1000 inwoners" is "per 1.000 inwoners"), or one the start of the other
 * ("per 1.000 inwoners" and "per 1.000 inwoners 15-64 jaar"), but never a number
 * cut short ("per 100" is not "per 1000"). */
static int unit_agrees(const char *a, const char *b)
{
    char x[128], y[128];
    size_t lx = 0, ly = 0;
    /* "1-000" (from "1.000") is "1000": drop a separator between two digits */
    for (const char *p = a; *p && lx + 1 < sizeof(x); p++)
        if (!(*p == '-' && p > a && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1])))
            x[lx++] = *p;
    for (const char *p = b; *p && ly + 1 < sizeof(y); p++)
        if (!(*p == '-' && p > b && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1])))
            y[ly++] = *p;
    size_t n = lx < ly ? lx : ly;
    if (memcmp(x, y, n))
        return 0;
    char next = lx == ly ? 0 : lx < ly ? y[n] : x[n];
    return next == 0 || next == '-';
}

int reference_indicator(const struct reference *ref, const char *name, const char *unit,
                        const char **canon_name, const char **canon_unit)
{
    if (!ref || !name)
        return 0;
    char *key = classify_key(name);
    char *ukey = unit ? classify_key(unit) : NULL;
    const struct indicator *found = NULL;
    int matches = 0;
    for (int i = 0; i < ref->nind; i++) {
        const struct indicator *x = &ref->ind[i];
        int named = 0;
        for (int k = 0; k < x->nkeys && !named; k++)
            named = !strcmp(x->keys[k], key);
        if (!named)
            continue;
        if (ukey && *ukey) {
            if (unit_agrees(ukey, x->unit_key)) {
                found = x;
                matches = 1;
                break;
            }
        } else {
            found = x;
            matches++;
        }
    }
    free(key);
    free(ukey);
    if (matches != 1) /* no unit and two units in the dictionary: not guessed */
        return 0;
    *canon_name = found->name;
    *canon_unit = found->unit;
    return 1;
}
