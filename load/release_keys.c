/* release_keys.c: see release_keys.h. */
#include "release_keys.h"

#include <stdlib.h>
#include <string.h>

#include "extsort.h"
#include "jsonutil.h"
#include "strbuf.h"
#include "xalloc.h"

#define MAX_RES 16
#define MAX_PK 4
#define MAX_FK 4

/* byte order as extsort.h sorts: memcmp, the shorter first on a common prefix */
static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : al < bl ? -1 : al > bl;
}

/* A key for people: the parts of a composite key are joined by ", ". */
static void key_text(struct strbuf *sb, const char *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (k[i] == '\t')
            strbuf_addstr(sb, ", ");
        else
            strbuf_addch(sb, k[i]);
    }
}

/* "CHILD\tCOLUMN\tURL" -> its three parts. */
static void split_origin(const char *o, size_t n, const char *part[3], int len[3])
{
    int p = 0;
    part[0] = o;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || (o[i] == '\t' && p < 2)) {
            len[p] = (int)(o + i - part[p]);
            if (p < 2)
                part[++p] = o + i + 1;
        }
    }
    for (p++; p < 3; p++)
        part[p] = "?", len[p] = 1;
}

static int dangling(const char *res, const char *rk, size_t rkl, const char *ro, size_t rol,
                    struct odp_error *err)
{
    const char *part[3];
    int len[3];
    split_origin(ro, rol, part, len);
    struct strbuf v = STRBUF_INIT;
    key_text(&v, rk, rkl);
    int rc = odp_error_set(err, ODP_EINVAL, "%.*s: %.*s \"%s\" names no row of %s: %.*s", len[0],
                           part[0], len[1], part[1], v.buf, res, len[2], part[2]);
    strbuf_release(&v);
    return rc;
}

int release_keys_merge(const char *res, const char *field, struct release_keys_stream *keys,
                       struct release_keys_stream *refs, struct odp_error *err)
{
    struct strbuf prev = STRBUF_INIT, prev_origin = STRBUF_INIT;
    int have_prev = 0, got = 0, rgot = 0, rc = 0;
    const char *k, *o, *rk = NULL, *ro = NULL;
    size_t kl, ol, rkl = 0, rol = 0;
    if (refs)
        rc = refs->next(refs->ctx, &rk, &rkl, &ro, &rol, &rgot, err);
    while (!rc) {
        rc = keys->next(keys->ctx, &k, &kl, &o, &ol, &got, err);
        if (rc || !got)
            break;
        if (have_prev && !cmp_bytes(k, kl, prev.buf, prev.len)) {
            struct strbuf v = STRBUF_INIT;
            key_text(&v, k, kl);
            rc = odp_error_set(err, ODP_EINVAL, "%s: %s \"%s\" twice: %s and %.*s", res, field,
                               v.buf, prev_origin.buf, (int)ol, o);
            strbuf_release(&v);
            break;
        }
        /* the references before this key must name the key before it */
        while (!rc && rgot && cmp_bytes(rk, rkl, k, kl) < 0) {
            if (!have_prev || cmp_bytes(rk, rkl, prev.buf, prev.len)) {
                rc = dangling(res, rk, rkl, ro, rol, err);
                break;
            }
            rc = refs->next(refs->ctx, &rk, &rkl, &ro, &rol, &rgot, err);
        }
        strbuf_reset(&prev);
        strbuf_add(&prev, k, kl);
        strbuf_reset(&prev_origin);
        strbuf_add(&prev_origin, o, ol);
        have_prev = 1;
    }
    while (!rc && rgot) {
        if (!have_prev || cmp_bytes(rk, rkl, prev.buf, prev.len)) {
            rc = dangling(res, rk, rkl, ro, rol, err);
            break;
        }
        rc = refs->next(refs->ctx, &rk, &rkl, &ro, &rol, &rgot, err);
    }
    strbuf_release(&prev);
    strbuf_release(&prev_origin);
    return rc;
}

/* ---- the checker publish uses ---- */

struct fk {
    size_t col;
    char field[64];
    int parent;           /* index in release_keys.res */
    struct strbuf last;   /* the last reference added: runs are kept once */
};

struct res_keys {
    char name[64];
    char field[128]; /* the primary key's columns, ", "-joined */
    size_t pk[MAX_PK];
    int npk;
    struct fk fks[MAX_FK];
    int nfk;
    long url_col, page_col; /* -1: none */
    struct extsort *keys;   /* primary key -> URL */
    struct extsort *refs;   /* referenced value -> "CHILD\tCOLUMN\tURL" */
    int begun;
};

struct release_keys {
    char *tmpdir;
    size_t budget;
    struct res_keys res[MAX_RES];
    int nres;
    int cur;
    json_t *page_url; /* page_id -> url, from the pages */
    int is_pages;
    struct strbuf kb, ob, url;
};

struct release_keys *release_keys_new(const char *tmpdir, size_t budget)
{
    struct release_keys *k = xcalloc(1, sizeof(*k));
    k->tmpdir = xstrdup(tmpdir);
    k->budget = budget;
    k->cur = -1;
    k->page_url = json_object();
    strbuf_init(&k->kb, 0);
    strbuf_init(&k->ob, 0);
    strbuf_init(&k->url, 0);
    return k;
}

/* The slot of resource name, made on first use (a reference can come first). */
static int slot(struct release_keys *k, const char *name)
{
    for (int i = 0; i < k->nres; i++)
        if (!strcmp(k->res[i].name, name))
            return i;
    if (k->nres == MAX_RES)
        return -1;
    struct res_keys *r = &k->res[k->nres];
    memset(r, 0, sizeof(*r));
    snprintf(r->name, sizeof(r->name), "%s", name);
    r->url_col = r->page_col = -1;
    r->keys = extsort_new(k->tmpdir, k->budget);
    r->refs = extsort_new(k->tmpdir, k->budget);
    return k->nres++;
}

static long column_of(json_t *schema, const char *name)
{
    long i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(schema, "properties"), key, v) {
        if (!strcmp(key, name))
            return i;
        i++;
    }
    return -1;
}

int release_keys_begin(struct release_keys *k, const char *res, json_t *schema,
                       struct odp_error *err)
{
    int s = slot(k, res);
    if (s < 0)
        return odp_error_set(err, ODP_EINVAL, "%s: too many resources for the key check", res);
    struct res_keys *r = &k->res[s];
    r->begun = 1;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(schema, "x-primary-key"), i, f) {
        long c = column_of(schema, json_string_value(f));
        if (c < 0 || r->npk == MAX_PK)
            return odp_error_set(err, ODP_EINVAL, "%s: primary key column %s is not in the schema",
                                 res, json_string_value(f) ? json_string_value(f) : "?");
        size_t n = strlen(r->field);
        snprintf(r->field + n, sizeof(r->field) - n, "%s%s", n ? ", " : "", json_string_value(f));
        r->pk[r->npk++] = (size_t)c;
    }
    json_array_foreach(json_object_get(schema, "x-foreign-keys"), i, f) {
        const char *col = jstr(f, "fields"), *parent = jstr(f, "resource");
        long c = col ? column_of(schema, col) : -1;
        int p = parent ? slot(k, parent) : -1;
        if (c < 0 || p < 0 || r->nfk == MAX_FK)
            return odp_error_set(err, ODP_EINVAL, "%s: foreign key %s cannot be checked", res,
                                 col ? col : "?");
        struct fk *fk = &r->fks[r->nfk++];
        fk->col = (size_t)c;
        fk->parent = p;
        snprintf(fk->field, sizeof(fk->field), "%s", col);
        strbuf_init(&fk->last, 0);
    }
    k->is_pages = !strcmp(res, "pages");
    r->url_col = column_of(schema, k->is_pages ? "url" : "site_url");
    r->page_col = column_of(schema, "page_id");
    k->cur = s;
    return 0;
}

/* Value i of rv as key text appended to sb: a string unescaped, anything else
 * as its JSON text. 0, or -1 for null. */
static int add_value(struct strbuf *sb, struct row_view *rv, size_t i)
{
    if (i >= rv->n || rv->v[i].kind == ROW_NULL)
        return -1;
    if (rv->v[i].kind == ROW_STRING) {
        const char *s = row_view_string(rv, i);
        if (!s)
            return -1;
        strbuf_addstr(sb, s);
    } else {
        strbuf_add(sb, rv->v[i].text, rv->v[i].len);
    }
    return 0;
}

int release_keys_row(struct release_keys *k, struct row_view *rv, struct odp_error *err)
{
    if (k->cur < 0)
        return 0;
    struct res_keys *r = &k->res[k->cur];
    /* where the record came from: its page's URL (the document's site for documents) */
    strbuf_reset(&k->url);
    if (r->url_col >= 0 && add_value(&k->url, rv, (size_t)r->url_col) == 0) {
        if (k->is_pages && r->page_col >= 0) {
            strbuf_reset(&k->kb);
            if (add_value(&k->kb, rv, (size_t)r->page_col) == 0)
                json_object_set_new(k->page_url, k->kb.buf, json_string(k->url.buf));
        }
    } else if (r->page_col >= 0) {
        strbuf_reset(&k->kb);
        const char *u = add_value(&k->kb, rv, (size_t)r->page_col) == 0
                            ? json_string_value(json_object_get(k->page_url, k->kb.buf))
                            : NULL;
        strbuf_reset(&k->url);
        strbuf_addstr(&k->url, u ? u : "(no page)");
    }
    strbuf_reset(&k->kb);
    for (int i = 0; i < r->npk; i++) {
        if (i)
            strbuf_addch(&k->kb, '\t');
        add_value(&k->kb, rv, r->pk[i]);
    }
    int rc = extsort_add(r->keys, k->kb.buf, k->kb.len, k->url.buf, k->url.len, err);
    for (int i = 0; !rc && i < r->nfk; i++) {
        struct fk *fk = &r->fks[i];
        strbuf_reset(&k->kb);
        if (add_value(&k->kb, rv, fk->col))
            continue; /* null: names nothing */
        if (k->kb.len == fk->last.len && !memcmp(k->kb.buf, fk->last.buf, k->kb.len))
            continue;
        strbuf_reset(&fk->last);
        strbuf_add(&fk->last, k->kb.buf, k->kb.len);
        strbuf_reset(&k->ob);
        strbuf_addf(&k->ob, "%s\t%s\t%s", r->name, fk->field, k->url.buf);
        rc = extsort_add(k->res[fk->parent].refs, k->kb.buf, k->kb.len, k->ob.buf, k->ob.len, err);
    }
    return rc;
}

static int sort_next(void *ctx, const char **key, size_t *klen, const char **origin, size_t *olen,
                     int *got, struct odp_error *err)
{
    return extsort_next(ctx, key, klen, origin, olen, got, err);
}

int release_keys_check(struct release_keys *k, struct odp_error *err)
{
    int rc = 0;
    for (int i = 0; !rc && i < k->nres; i++) {
        struct res_keys *r = &k->res[i];
        if (!r->begun) /* referenced, never published: every reference dangles */
            snprintf(r->field, sizeof(r->field), "key");
        rc = extsort_finish(r->keys, err);
        if (!rc)
            rc = extsort_finish(r->refs, err);
        struct release_keys_stream ks = {sort_next, r->keys}, rs = {sort_next, r->refs};
        if (!rc)
            rc = release_keys_merge(r->name, r->field, &ks, &rs, err);
        /* done with them: free the memory before the next resource's sorts */
        extsort_free(r->keys);
        extsort_free(r->refs);
        r->keys = r->refs = NULL;
    }
    return rc;
}

void release_keys_free(struct release_keys *k)
{
    if (!k)
        return;
    for (int i = 0; i < k->nres; i++) {
        extsort_free(k->res[i].keys);
        extsort_free(k->res[i].refs);
        for (int j = 0; j < k->res[i].nfk; j++)
            strbuf_release(&k->res[i].fks[j].last);
    }
    json_decref(k->page_url);
    strbuf_release(&k->kb);
    strbuf_release(&k->ob);
    strbuf_release(&k->url);
    free(k->tmpdir);
    free(k);
}
