/*
 * jsonschema.c: the JSON Schema registry, compiler and validator (see
 * jsonschema.h).
 *
 * Compiling indexes every document a schema reaches (its $id, $anchor and
 * $dynamicAnchor, with the base URI and draft in force at each subschema),
 * then turns each subschema into a struct node: one flat record per schema
 * with the keywords that apply, $ref already pointing at its target node,
 * property names in a small hash table and regexes compiled. Cycles are fine:
 * a node is registered before its children are compiled.
 *
 * Validating walks nodes and instance together. Nothing is allocated on the
 * way unless an error is reported, unevaluatedProperties/Items needs to know
 * what was evaluated, or propertyNames needs a key as a JSON value. Instance
 * paths live on the C stack and are only turned into JSON Pointers for an
 * error. Depth is bounded (max_depth) so a $ref cycle or a deeply nested
 * instance fails with an error instead of overflowing the stack.
 *
 * What it does not do: fetch anything from the network, draft 4/6 specifics
 * (they are read as draft-07), $recursiveRef (2019-09), content decoding.
 */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema.h"
#include "jsonschema_uri.h"
#include "strbuf.h"

/* ---- vocabularies and types ------------------------------------------------ */

enum {
    V_CORE = 1 << 0,
    V_APPLICATOR = 1 << 1,
    V_UNEVALUATED = 1 << 2,
    V_VALIDATION = 1 << 3,
    V_META = 1 << 4,
    V_FORMAT_ANNOTATION = 1 << 5,
    V_CONTENT = 1 << 6,
    V_FORMAT_ASSERTION = 1 << 7,
    V_DEFAULT = V_CORE | V_APPLICATOR | V_UNEVALUATED | V_VALIDATION | V_META |
                V_FORMAT_ANNOTATION | V_CONTENT,
};

enum {
    T_NULL = 1 << 0,
    T_BOOL = 1 << 1,
    T_INT = 1 << 2,
    T_NUM = 1 << 3,
    T_STR = 1 << 4,
    T_ARR = 1 << 5,
    T_OBJ = 1 << 6,
};

#define MAX_SCOPE 1024

/* ---- registry ------------------------------------------------------------- */

struct prefix_map {
    char *prefix;
    char *dir;
};

struct jsonschema_registry {
    struct map docs; /* uri -> json_t* (owned reference) */
    struct prefix_map *maps;
    size_t nmaps;
};

struct jsonschema_registry *jsonschema_registry_new(void)
{
    struct jsonschema_registry *reg = calloc(1, sizeof(*reg));
    if (!reg)
        abort();
    reg->docs.is_str = 1;
    return reg;
}

static void decref_val(void *v)
{
    json_decref(v);
}

void jsonschema_registry_free(struct jsonschema_registry *reg)
{
    if (!reg)
        return;
    map_release(&reg->docs, decref_val);
    for (size_t i = 0; i < reg->nmaps; i++) {
        free(reg->maps[i].prefix);
        free(reg->maps[i].dir);
    }
    free(reg->maps);
    free(reg);
}

static void strip_fragment(const char *uri, struct strbuf *out)
{
    strbuf_reset(out);
    strbuf_add(out, uri, strcspn(uri, "#"));
}

int jsonschema_registry_add(struct jsonschema_registry *reg, const char *uri, json_t *doc,
                            struct odp_error *err)
{
    if (!uri || !doc)
        return odp_error_set(err, ODP_EINVAL, "registry: a schema needs a URI and a document");
    struct strbuf u = STRBUF_INIT;
    strip_fragment(uri, &u);
    json_t *old = map_get(&reg->docs, u.buf);
    json_incref(doc);
    map_put(&reg->docs, u.buf, doc);
    json_decref(old);
    strbuf_release(&u);
    return ODP_OK;
}

int jsonschema_registry_map(struct jsonschema_registry *reg, const char *prefix, const char *dir,
                            struct odp_error *err)
{
    if (!prefix || !*prefix || !dir || !*dir)
        return odp_error_set(err, ODP_EINVAL, "registry: a mapping needs PREFIX=DIR");
    struct prefix_map *m = realloc(reg->maps, (reg->nmaps + 1) * sizeof(*m));
    if (!m)
        return odp_error_set(err, ODP_ENOMEM, "out of memory");
    reg->maps = m;
    m[reg->nmaps].prefix = strdup(prefix);
    m[reg->nmaps].dir = strdup(dir);
    reg->nmaps++;
    return ODP_OK;
}

static int add_schema_file(struct jsonschema_registry *reg, const char *path, struct odp_error *err)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc)
        return odp_error_set(err, ODP_EPARSE, "%s:%d: %s", path, je.line, je.text);
    json_t *id = json_object_get(doc, "$id");
    if (!json_is_string(id))
        id = json_object_get(doc, "id");
    int rc = ODP_OK;
    if (json_is_string(id))
        rc = jsonschema_registry_add(reg, json_string_value(id), doc, err);
    else
        rc = odp_error_set(err, ODP_EINVAL, "%s: meta-schema has no $id", path);
    json_decref(doc);
    return rc;
}

int jsonschema_registry_add_metaschemas(struct jsonschema_registry *reg, const char *dir,
                                        struct odp_error *err)
{
    static const char *const files[] = {"2020-12/schema.json", "draft-07/schema.json"};
    struct strbuf p = STRBUF_INIT;
    int found = 0;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", dir, files[i]);
        FILE *fp = fopen(p.buf, "r");
        if (!fp)
            continue;
        fclose(fp);
        int rc = add_schema_file(reg, p.buf, err);
        if (rc) {
            strbuf_release(&p);
            return rc;
        }
        found++;
    }
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/2020-12/meta", dir);
    DIR *d = opendir(p.buf);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            size_t l = strlen(de->d_name);
            if (l < 6 || strcmp(de->d_name + l - 5, ".json"))
                continue;
            struct strbuf f = STRBUF_INIT;
            strbuf_addf(&f, "%s/%s", p.buf, de->d_name);
            int rc = add_schema_file(reg, f.buf, err);
            strbuf_release(&f);
            if (rc) {
                closedir(d);
                strbuf_release(&p);
                return rc;
            }
        }
        closedir(d);
    }
    strbuf_release(&p);
    if (!found)
        return odp_error_set(err, ODP_ENOTFOUND,
                             "%s: no meta-schemas (2020-12/schema.json, draft-07/schema.json)",
                             dir);
    return ODP_OK;
}

/* The document for uri (no fragment): added, or read from a mapped folder.
 * Returns a borrowed reference or NULL. */
static json_t *registry_lookup(struct jsonschema_registry *reg, const char *uri,
                               struct odp_error *err)
{
    json_t *doc = map_get(&reg->docs, uri);
    if (doc)
        return doc;
    for (size_t i = 0; i < reg->nmaps; i++) {
        size_t pl = strlen(reg->maps[i].prefix);
        if (strncmp(uri, reg->maps[i].prefix, pl))
            continue;
        const char *rest = uri + pl;
        if (strstr(rest, ".."))
            continue;
        for (int ext = 0; ext < 2; ext++) {
            struct strbuf p = STRBUF_INIT;
            strbuf_addf(&p, "%s/%s%s", reg->maps[i].dir, rest, ext ? ".json" : "");
            FILE *fp = fopen(p.buf, "r");
            if (!fp) {
                strbuf_release(&p);
                continue;
            }
            json_error_t je;
            doc = json_loadf(fp, 0, &je);
            fclose(fp);
            if (!doc) {
                odp_error_set(err, ODP_EPARSE, "%s:%d: %s", p.buf, je.line, je.text);
                strbuf_release(&p);
                return NULL;
            }
            strbuf_release(&p);
            map_put(&reg->docs, uri, doc);
            return doc;
        }
    }
    return NULL;
}

/* ---- compiled form ---------------------------------------------------------- */

struct node;

/* A property name an object schema knows: from "properties" (n set) and/or
 * "required". One open-addressing table of these lets validation walk an
 * instance object once, instead of one lookup per property and per required
 * name. */
struct okey {
    const char *name;
    size_t len;
    uint32_t hash;
    int required;
    struct node *n; /* NULL: a name only "required" lists */
};

/* A string of an "enum", with its length (enum values may hold NUL). */
struct estr {
    const char *s;
    size_t len;
};

struct pprop {
    struct jsonschema_regex *re;
    struct node *n;
};

struct depreq {
    const char *name;
    const char **req;
    size_t nreq;
};

struct depsch {
    const char *name;
    struct node *n;
};

struct num {
    int is_int;
    long long i;
    double d;
};

struct dynanchor {
    const char *name;
    json_t *js;
    struct node *n;
};

struct resource {
    const char *uri;
    struct dynanchor *dyn;
    size_t ndyn, cap;
};

enum { K_SCHEMA, K_TRUE, K_FALSE };

enum {
    HAS_MIN = 1,
    HAS_MAX = 2,
    HAS_EXMIN = 4,
    HAS_EXMAX = 8,
    HAS_MULT = 16,
};

struct node {
    int kind;
    unsigned types; /* 0: no "type" */
    const char *loc;
    struct resource *res;

    struct node *ref;
    struct node *dynref;
    const char *dyn_name;

    struct node **allof, **anyof, **oneof;
    size_t nallof, nanyof, noneof;
    struct node *not_, *if_, *then_, *else_;

    /* objects */
    int obj_checks;
    struct okey *keys; /* "properties" first (nprops of them), then names only required */
    size_t nprops, nkeys;
    size_t nreq_keys; /* distinct names in "required" */
    uint32_t *ktab;   /* index+1 into keys; size ktab_mask+1 */
    uint32_t ktab_mask;
    struct pprop *pprops;
    size_t npprops;
    struct node *addprops, *uprops, *pnames;
    const char **required;
    size_t *required_len;
    size_t nrequired;
    struct depreq *dreq;
    size_t ndreq;
    struct depsch *dsch;
    size_t ndsch;
    long long minprops, maxprops;

    /* arrays */
    int arr_checks;
    struct node **prefix;
    size_t nprefix;
    struct node *items, *contains, *uitems;
    long long mincontains, maxcontains;
    long long minitems, maxitems;
    int unique;

    /* numbers */
    unsigned numflags;
    struct num min, max, exmin, exmax, mult;

    /* strings */
    int str_checks;
    long long minlen, maxlen;
    struct jsonschema_regex *pattern;
    const char *format;
    int format_assert;

    json_t *const_;
    int has_const;
    json_t *enum_;
    struct estr *enum_strs; /* the string members of enum_ */
    size_t nenum_strs;
    int enum_others; /* enum_ has members that are not strings */

    int needs_ev;
    /* No applicator, $ref, object or array keyword: validating needs no
     * recursion, scope or annotations (see v_value). */
    int simple;
    int value_checks; /* const, enum, or a string or number keyword */
};

struct jsonschema {
    struct node *root;
    json_t *schema;
    void **owned;
    size_t nowned, capowned;
    struct jsonschema_regex **regexes;
    size_t nregexes, capregexes;
    json_t **docs; /* references kept for const/enum values */
    size_t ndocs, capdocs;
    struct resource **res;
    size_t nres, capres;
    int format_assert;
    int max_depth;
    size_t max_errors;
};

#define VEC_PUSH(arr, n, cap, val)                                                                 \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t nc_ = (cap) ? (cap)*2 : 16;                                                     \
            void *p_ = realloc((arr), nc_ * sizeof(*(arr)));                                       \
            if (!p_)                                                                               \
                abort();                                                                           \
            (arr) = p_;                                                                            \
            (cap) = nc_;                                                                           \
        }                                                                                          \
        (arr)[(n)++] = (val);                                                                      \
    } while (0)

static void *own(struct jsonschema *s, void *p)
{
    if (!p)
        abort();
    VEC_PUSH(s->owned, s->nowned, s->capowned, p);
    return p;
}

static void *own_calloc(struct jsonschema *s, size_t n, size_t size)
{
    return own(s, calloc(n ? n : 1, size));
}

static const char *own_str(struct jsonschema *s, const char *str)
{
    return own(s, strdup(str));
}

/* A NUL-terminated copy of the len bytes at p (which may hold NUL). */
static const char *own_memdup(struct jsonschema *s, const char *p, size_t len)
{
    char *d = own(s, malloc(len + 1));
    memcpy(d, p, len);
    d[len] = '\0';
    return d;
}

void jsonschema_free(struct jsonschema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nres; i++)
        free(s->res[i]->dyn);
    free(s->res);
    for (size_t i = 0; i < s->nowned; i++)
        free(s->owned[i]);
    free(s->owned);
    for (size_t i = 0; i < s->nregexes; i++)
        jsonschema_regex_free(s->regexes[i]);
    free(s->regexes);
    for (size_t i = 0; i < s->ndocs; i++)
        json_decref(s->docs[i]);
    free(s->docs);
    json_decref(s->schema);
    free(s);
}

/* ---- compiler -------------------------------------------------------------- */

struct sinfo {
    const char *base;
    const char *loc;
    struct resource *res;
    int draft;
    unsigned vocab;
};

struct compiler {
    struct jsonschema_registry *reg;
    struct jsonschema *s;
    struct odp_error *err;
    struct map info;       /* json_t* -> struct sinfo* */
    struct map ids;        /* uri -> json_t* */
    struct map anchors;    /* uri#name -> json_t* */
    struct map dynanchors; /* uri#name -> json_t* */
    struct map nodes;      /* json_t* -> struct node* */
    struct map doc_of;     /* json_t* document root -> its uri (for locations) */
    const char *root_uri;
    int default_draft;
    int depth;
    int failed;
};

static int cfail(struct compiler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int cfail(struct compiler *c, const char *fmt, ...)
{
    if (!c->failed && c->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
        va_end(ap);
        c->err->code = ODP_EINVAL;
    }
    c->failed = 1;
    return -1;
}

static struct resource *new_resource(struct compiler *c, const char *uri)
{
    struct resource *r = own_calloc(c->s, 1, sizeof(*r));
    r->uri = own_str(c->s, uri);
    VEC_PUSH(c->s->res, c->s->nres, c->s->capres, r);
    return r;
}

static int draft_of_uri(const char *u)
{
    if (strstr(u, "draft/2020-12"))
        return JSONSCHEMA_DRAFT_2020_12;
    if (strstr(u, "draft/2019-09"))
        return JSONSCHEMA_DRAFT_2019_09;
    if (strstr(u, "draft-07") || strstr(u, "draft-06") || strstr(u, "draft-04"))
        return JSONSCHEMA_DRAFT_7;
    return 0;
}

static json_t *load_doc(struct compiler *c, const char *uri, int draft);

static unsigned vocab_bit(const char *v)
{
    static const struct {
        const char *name;
        unsigned bit;
    } known[] = {
        {"core", V_CORE},
        {"applicator", V_APPLICATOR},
        {"unevaluated", V_UNEVALUATED},
        {"validation", V_VALIDATION},
        {"meta-data", V_META},
        {"format-annotation", V_FORMAT_ANNOTATION},
        {"format-assertion", V_FORMAT_ASSERTION},
        {"content", V_CONTENT},
        {"format", V_FORMAT_ANNOTATION},
    };
    const char *p = strstr(v, "/vocab/");
    if (!p || strncmp(v, "https://json-schema.org/draft/", 30))
        return 0;
    p += 7;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (!strcmp(p, known[i].name))
            return known[i].bit;
    return 0;
}

/* The draft and vocabularies a $schema value selects; 0 on error. */
static int schema_dialect(struct compiler *c, const char *schema_uri, int *draft, unsigned *vocab)
{
    struct strbuf u = STRBUF_INIT;
    strip_fragment(schema_uri, &u);
    int d = draft_of_uri(u.buf);
    if (d && (!strcmp(u.buf, "https://json-schema.org/draft/2020-12/schema") ||
              !strcmp(u.buf, "https://json-schema.org/draft/2019-09/schema") ||
              d == JSONSCHEMA_DRAFT_7)) {
        *draft = d;
        *vocab = V_DEFAULT;
        strbuf_release(&u);
        return 1;
    }
    json_t *meta = load_doc(c, u.buf, *draft);
    if (!meta) {
        if (d) {
            *draft = d;
            *vocab = V_DEFAULT;
            strbuf_release(&u);
            return 1;
        }
        cfail(c, "cannot find the meta-schema %s (not in the registry)", u.buf);
        strbuf_release(&u);
        return 0;
    }
    json_t *ms = json_object_get(meta, "$schema");
    if (json_is_string(ms) && draft_of_uri(json_string_value(ms)))
        *draft = draft_of_uri(json_string_value(ms));
    else if (d)
        *draft = d;
    json_t *voc = json_object_get(meta, "$vocabulary");
    *vocab = V_DEFAULT;
    if (json_is_object(voc)) {
        const char *k;
        json_t *v;
        *vocab = V_CORE;
        json_object_foreach(voc, k, v)
        {
            unsigned bit = vocab_bit(k);
            if (!bit && json_is_true(v)) {
                cfail(c, "meta-schema %s requires the unknown vocabulary %s", u.buf, k);
                strbuf_release(&u);
                return 0;
            }
            *vocab |= bit;
        }
    }
    strbuf_release(&u);
    return 1;
}

static void ptr_append(struct strbuf *ptr, const char *tok)
{
    strbuf_addch(ptr, '/');
    for (const char *p = tok; *p; p++) {
        if (*p == '~')
            strbuf_addstr(ptr, "~0");
        else if (*p == '/')
            strbuf_addstr(ptr, "~1");
        else
            strbuf_addch(ptr, *p);
    }
}

static void walk(struct compiler *c, json_t *s, const char *base, struct resource *res,
                 const char *docuri, struct strbuf *ptr, int draft, unsigned vocab, int depth);

static void walk_child(struct compiler *c, json_t *child, const char *base, struct resource *res,
                       const char *docuri, struct strbuf *ptr, int draft, unsigned vocab, int depth,
                       const char *tok1, const char *tok2)
{
    size_t mark = ptr->len;
    ptr_append(ptr, tok1);
    if (tok2)
        ptr_append(ptr, tok2);
    walk(c, child, base, res, docuri, ptr, draft, vocab, depth + 1);
    strbuf_setlen(ptr, mark);
}

static const char *const single_kw[] = {
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "contentSchema",
    "items",
};
static const char *const array_kw[] = {"allOf", "anyOf", "oneOf", "prefixItems", "items"};
static const char *const map_kw[] = {"properties",  "patternProperties", "$defs",
                                     "definitions", "dependentSchemas",  "dependencies"};

static void walk(struct compiler *c, json_t *s, const char *base, struct resource *res,
                 const char *docuri, struct strbuf *ptr, int draft, unsigned vocab, int depth)
{
    if (c->failed || map_get(&c->info, s))
        return;
    if (depth > 1000) {
        cfail(c, "%s: schema nests too deeply", docuri);
        return;
    }
    if (!json_is_object(s) && !json_is_boolean(s))
        return;
    struct strbuf nb = STRBUF_INIT;
    struct strbuf loc = STRBUF_INIT;
    if (c->root_uri && !strcmp(docuri, c->root_uri))
        strbuf_addf(&loc, "#%s", ptr->buf);
    else
        strbuf_addf(&loc, "%s#%s", docuri, ptr->buf);
    if (json_is_object(s)) {
        json_t *sch = json_object_get(s, "$schema");
        if (json_is_string(sch) && !schema_dialect(c, json_string_value(sch), &draft, &vocab)) {
            strbuf_release(&nb);
            strbuf_release(&loc);
            return;
        }
        json_t *ref = json_object_get(s, "$ref");
        json_t *id = json_object_get(s, "$id");
        if (draft == JSONSCHEMA_DRAFT_7 && ref) {
            struct sinfo *si = own_calloc(c->s, 1, sizeof(*si));
            *si = (struct sinfo){own_str(c->s, base), own_str(c->s, loc.buf), res, draft, vocab};
            map_put(&c->info, s, si);
            strbuf_release(&nb);
            strbuf_release(&loc);
            return;
        }
        if (json_is_string(id)) {
            const char *idv = json_string_value(id);
            if (draft == JSONSCHEMA_DRAFT_7 && idv[0] == '#') {
                strbuf_addf(&nb, "%s%s", base, idv);
                map_put(&c->anchors, nb.buf, s);
            } else {
                struct strbuf full = STRBUF_INIT;
                uri_resolve(base, idv, &full);
                strip_fragment(full.buf, &nb);
                const char *frag = strchr(full.buf, '#');
                if (draft == JSONSCHEMA_DRAFT_7 && frag && frag[1])
                    map_put(&c->anchors, full.buf, s);
                strbuf_release(&full);
                base = own_str(c->s, nb.buf);
                if (!map_get(&c->ids, base))
                    map_put(&c->ids, base, s);
                res = new_resource(c, base);
            }
        }
        if (draft != JSONSCHEMA_DRAFT_7) {
            json_t *a = json_object_get(s, "$anchor");
            if (json_is_string(a)) {
                strbuf_reset(&nb);
                strbuf_addf(&nb, "%s#%s", base, json_string_value(a));
                map_put(&c->anchors, nb.buf, s);
            }
            a = json_object_get(s, "$dynamicAnchor");
            if (json_is_string(a) && draft == JSONSCHEMA_DRAFT_2020_12) {
                strbuf_reset(&nb);
                strbuf_addf(&nb, "%s#%s", base, json_string_value(a));
                map_put(&c->anchors, nb.buf, s);
                map_put(&c->dynanchors, nb.buf, s);
                struct dynanchor da = {own_str(c->s, json_string_value(a)), s, NULL};
                VEC_PUSH(res->dyn, res->ndyn, res->cap, da);
            }
        }
    }
    struct sinfo *si = own_calloc(c->s, 1, sizeof(*si));
    *si = (struct sinfo){own_str(c->s, base), own_str(c->s, loc.buf), res, draft, vocab};
    map_put(&c->info, s, si);
    strbuf_release(&nb);
    strbuf_release(&loc);
    if (!json_is_object(s))
        return;
    base = si->base;
    for (size_t i = 0; i < sizeof(single_kw) / sizeof(single_kw[0]); i++) {
        json_t *v = json_object_get(s, single_kw[i]);
        if (v && (json_is_object(v) || json_is_boolean(v)))
            walk_child(c, v, base, res, docuri, ptr, draft, vocab, depth, single_kw[i], NULL);
    }
    for (size_t i = 0; i < sizeof(array_kw) / sizeof(array_kw[0]); i++) {
        json_t *v = json_object_get(s, array_kw[i]);
        if (!json_is_array(v))
            continue;
        size_t k;
        json_t *e;
        json_array_foreach(v, k, e)
        {
            char idx[32];
            snprintf(idx, sizeof(idx), "%zu", k);
            walk_child(c, e, base, res, docuri, ptr, draft, vocab, depth, array_kw[i], idx);
        }
    }
    for (size_t i = 0; i < sizeof(map_kw) / sizeof(map_kw[0]); i++) {
        json_t *v = json_object_get(s, map_kw[i]);
        if (!json_is_object(v))
            continue;
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e)
        {
            if (json_is_object(e) || json_is_boolean(e))
                walk_child(c, e, base, res, docuri, ptr, draft, vocab, depth, map_kw[i], k);
        }
    }
}

/* Index a document found under uri. */
static void add_document(struct compiler *c, json_t *doc, const char *uri, int draft)
{
    const char *u = own_str(c->s, uri);
    map_put(&c->ids, u, doc);
    struct resource *res = new_resource(c, u);
    struct strbuf ptr = STRBUF_INIT;
    walk(c, doc, u, res, u, &ptr, draft, V_DEFAULT, 0);
    strbuf_release(&ptr);
}

static json_t *load_doc(struct compiler *c, const char *uri, int draft)
{
    json_t *doc = map_get(&c->ids, uri);
    if (doc)
        return doc;
    struct odp_error lerr = {0};
    doc = registry_lookup(c->reg, uri, &lerr);
    if (!doc) {
        if (lerr.code)
            cfail(c, "%s", lerr.msg);
        return NULL;
    }
    json_incref(doc);
    VEC_PUSH(c->s->docs, c->s->ndocs, c->s->capdocs, doc);
    add_document(c, doc, uri, draft);
    return doc;
}

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* URI fragments are percent-encoded JSON Pointers (RFC 6901 section 6). */
static void percent_decode(const char *s, struct strbuf *out)
{
    strbuf_reset(out);
    for (; *s; s++) {
        int h1 = s[0] == '%' ? hex_digit((unsigned char)s[1]) : -1;
        int h2 = h1 >= 0 ? hex_digit((unsigned char)s[2]) : -1;
        if (h2 >= 0) {
            strbuf_addch(out, h1 * 16 + h2);
            s += 2;
        } else
            strbuf_addch(out, *s);
    }
}

static json_t *json_pointer_get(json_t *doc, const char *ptr)
{
    json_t *cur = doc;
    const char *p = ptr;
    struct strbuf tok = STRBUF_INIT;
    while (cur && *p == '/') {
        p++;
        strbuf_reset(&tok);
        while (*p && *p != '/') {
            if (*p == '~' && p[1] == '0') {
                strbuf_addch(&tok, '~');
                p += 2;
            } else if (*p == '~' && p[1] == '1') {
                strbuf_addch(&tok, '/');
                p += 2;
            } else
                strbuf_addch(&tok, *p++);
        }
        if (json_is_object(cur))
            cur = json_object_get(cur, tok.buf);
        else if (json_is_array(cur)) {
            char *end;
            unsigned long idx = strtoul(tok.buf, &end, 10);
            cur = (*end || !tok.len) ? NULL : json_array_get(cur, idx);
        } else
            cur = NULL;
    }
    strbuf_release(&tok);
    return *p ? NULL : cur;
}

/* Resolve ref against base to a schema; *full gets the absolute URI. */
static json_t *resolve_ref(struct compiler *c, const char *ref, const char *base, int draft,
                           struct strbuf *full)
{
    uri_resolve(base, ref, full);
    struct strbuf u = STRBUF_INIT;
    strip_fragment(full->buf, &u);
    const char *frag = strchr(full->buf, '#');
    frag = frag ? frag + 1 : "";
    json_t *doc = load_doc(c, u.buf, draft);
    json_t *target = NULL;
    if (!doc) {
        if (!c->failed)
            cfail(c, "cannot resolve $ref \"%s\": %s is not in the registry", ref, u.buf);
    } else if (!*frag) {
        target = doc;
    } else if (frag[0] == '/') {
        struct strbuf dec = STRBUF_INIT;
        percent_decode(frag, &dec);
        target = json_pointer_get(doc, dec.buf);
        strbuf_release(&dec);
        if (!target)
            cfail(c, "cannot resolve $ref \"%s\": no %s in %s", ref, frag, u.buf);
        else if (!map_get(&c->info, target)) {
            /* a subschema under a keyword the index does not know */
            struct sinfo *di = map_get(&c->info, doc);
            struct strbuf ptr = STRBUF_INIT;
            strbuf_addstr(&ptr, frag);
            walk(c, target, di ? di->base : u.buf, di ? di->res : new_resource(c, u.buf), u.buf,
                 &ptr, di ? di->draft : draft, di ? di->vocab : V_DEFAULT, 0);
            strbuf_release(&ptr);
        }
    } else {
        target = map_get(&c->anchors, full->buf);
        if (!target)
            cfail(c, "cannot resolve $ref \"%s\": no anchor \"%s\" in %s", ref, frag, u.buf);
    }
    strbuf_release(&u);
    return target;
}

static struct node *compile_node(struct compiler *c, json_t *s);

static struct node *compile_ref(struct compiler *c, json_t *refv, const struct sinfo *si)
{
    if (!json_is_string(refv)) {
        cfail(c, "%s: $ref must be a string", si->loc);
        return NULL;
    }
    struct strbuf full = STRBUF_INIT;
    json_t *t = resolve_ref(c, json_string_value(refv), si->base, si->draft, &full);
    strbuf_release(&full);
    return t ? compile_node(c, t) : NULL;
}

static int get_count(struct compiler *c, json_t *s, const char *kw, const struct sinfo *si,
                     long long *out)
{
    json_t *v = json_object_get(s, kw);
    if (!v)
        return 0;
    double d = json_number_value(v);
    if (!json_is_number(v) || d < 0 || d != floor(d))
        return cfail(c, "%s/%s must be a non-negative integer", si->loc, kw);
    *out = json_is_integer(v) ? json_integer_value(v) : (long long)d;
    return 0;
}

static int get_num(struct compiler *c, json_t *s, const char *kw, const struct sinfo *si,
                   struct num *out, unsigned flag, unsigned *flags)
{
    json_t *v = json_object_get(s, kw);
    if (!v)
        return 0;
    if (!json_is_number(v))
        return cfail(c, "%s/%s must be a number", si->loc, kw);
    out->is_int = json_is_integer(v);
    out->i = out->is_int ? json_integer_value(v) : 0;
    out->d = json_number_value(v);
    *flags |= flag;
    return 0;
}

static struct node **compile_array(struct compiler *c, json_t *arr, const char *kw,
                                   const struct sinfo *si, size_t *n)
{
    if (!json_is_array(arr) ||
        (json_array_size(arr) == 0 && strcmp(kw, "prefixItems") && strcmp(kw, "items"))) {
        cfail(c, "%s/%s must be a non-empty array of schemas", si->loc, kw);
        return NULL;
    }
    *n = json_array_size(arr);
    struct node **v = own_calloc(c->s, *n, sizeof(*v));
    for (size_t i = 0; i < *n; i++)
        v[i] = compile_node(c, json_array_get(arr, i));
    return v;
}

static unsigned type_bit(const char *t)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"null", T_NULL},          {"boolean", T_BOOL}, {"integer", T_INT},
                 {"number", T_NUM | T_INT}, {"string", T_STR},   {"array", T_ARR},
                 {"object", T_OBJ}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(t, names[i].name))
            return names[i].bit;
    return 0;
}

static uint32_t hash_key(const char *k)
{
    uint32_t h = 2166136261u;
    for (; *k; k++) {
        h ^= (unsigned char)*k;
        h *= 16777619u;
    }
    return h;
}

/* A hash of a property name that reads it a word at a time: instance keys
 * are hashed once each while an object is walked. */
static uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static uint32_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static uint32_t key_hash(const char *k, size_t len)
{
    const uint64_t m = 0x9E3779B97F4A7C15ULL;
    uint64_t h = len * 0xC2B2AE3D27D4EB4FULL, a, b;
    if (len > 16) {
        for (size_t i = 0; i + 16 < len; i += 8) {
            h = (h ^ load64(k + i)) * m;
            h ^= h >> 29;
        }
        a = load64(k + len - 16);
        b = load64(k + len - 8);
    } else if (len >= 8) {
        a = load64(k);
        b = load64(k + len - 8);
    } else if (len >= 4) {
        a = load32(k);
        b = load32(k + len - 4);
    } else {
        a = len ? (uint64_t)(unsigned char)k[0] << 16 | (uint64_t)(unsigned char)k[len / 2] << 8 |
                      (unsigned char)k[len - 1]
                : 0;
        b = 0;
    }
    h = (h ^ a) * m;
    h ^= h >> 31;
    h = (h ^ b) * m;
    h ^= h >> 32;
    return (uint32_t)h;
}

/* memcmp(a, b, len) == 0 for the short strings property names are, a word
 * at a time and inline. */
static inline int key_eq(const char *a, const char *b, size_t len)
{
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8)
            if (load64(a + i) != load64(b + i))
                return 0;
        return load64(a + len - 8) == load64(b + len - 8);
    }
    if (len >= 4)
        return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static const struct okey *key_lookup(const struct node *n, const char *k, size_t len)
{
    uint32_t h = key_hash(k, len);
    for (uint32_t j = h & n->ktab_mask; n->ktab[j]; j = (j + 1) & n->ktab_mask) {
        const struct okey *e = &n->keys[n->ktab[j] - 1];
        if (e->hash == h && e->len == len && key_eq(e->name, k, len))
            return e;
    }
    return NULL;
}

/* key_lookup, trying first the key after the one found last (*next): objects
 * are often written in the order of their schema's properties. */
static inline const struct okey *key_find(const struct node *n, const char *k, size_t len,
                                          size_t *next)
{
    const struct okey *e = &n->keys[*next];
    if (*next < n->nkeys && e->len == len && key_eq(e->name, k, len)) {
        ++*next;
        return e;
    }
    e = key_lookup(n, k, len);
    if (e)
        *next = (size_t)(e - n->keys) + 1;
    return e;
}

/* Index every name of "properties" and "required" in n->ktab; a required name
 * that "properties" lacks gets a key of its own. */
static void build_key_table(struct compiler *c, struct node *n)
{
    if (!n->nprops && !n->nrequired)
        return;
    size_t cap = n->nprops + n->nrequired;
    struct okey *keys = own_calloc(c->s, cap, sizeof(*keys));
    if (n->nprops)
        memcpy(keys, n->keys, n->nprops * sizeof(*keys));
    n->keys = keys;
    uint32_t size = 4;
    while (size < 2 * cap)
        size *= 2;
    n->ktab = own_calloc(c->s, size, sizeof(*n->ktab));
    n->ktab_mask = size - 1;
    for (size_t i = 0; i < cap; i++) {
        struct okey *e;
        if (i < n->nprops) {
            e = &keys[i];
        } else {
            const char *name = n->required[i - n->nprops];
            size_t len = n->required_len[i - n->nprops];
            struct okey *found = (struct okey *)key_lookup(n, name, len);
            if (found) {
                n->nreq_keys += !found->required;
                found->required = 1;
                continue;
            }
            e = &keys[n->nkeys++];
            e->name = name;
            e->len = len;
            e->required = 1;
            n->nreq_keys++;
        }
        e->hash = key_hash(e->name, e->len);
        uint32_t j = e->hash & n->ktab_mask;
        while (n->ktab[j])
            j = (j + 1) & n->ktab_mask;
        n->ktab[j] = (uint32_t)(e - keys) + 1;
    }
}

static void compile_object_keywords(struct compiler *c, struct node *n, json_t *s,
                                    const struct sinfo *si)
{
    json_t *v;
    int app = si->vocab & V_APPLICATOR;
    if (app && (v = json_object_get(s, "properties"))) {
        if (!json_is_object(v)) {
            cfail(c, "%s/properties must be an object", si->loc);
            return;
        }
        n->nprops = json_object_size(v);
        n->keys = own_calloc(c->s, n->nprops, sizeof(*n->keys));
        const char *k;
        size_t klen;
        json_t *e;
        json_object_keylen_foreach(v, k, klen, e)
        {
            struct okey *p = &n->keys[n->nkeys++];
            p->name = own_memdup(c->s, k, klen);
            p->len = klen;
            p->n = compile_node(c, e);
        }
        n->obj_checks = 1;
    }
    if (app && (v = json_object_get(s, "patternProperties"))) {
        if (!json_is_object(v)) {
            cfail(c, "%s/patternProperties must be an object", si->loc);
            return;
        }
        n->npprops = json_object_size(v);
        n->pprops = own_calloc(c->s, n->npprops, sizeof(*n->pprops));
        size_t i = 0;
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e)
        {
            struct odp_error rerr = {0};
            n->pprops[i].re = jsonschema_regex_new(k, &rerr);
            if (!n->pprops[i].re) {
                cfail(c, "%s/patternProperties: %s", si->loc, rerr.msg);
                return;
            }
            VEC_PUSH(c->s->regexes, c->s->nregexes, c->s->capregexes, n->pprops[i].re);
            n->pprops[i].n = compile_node(c, e);
            i++;
        }
        n->obj_checks = 1;
    }
    if (app && (v = json_object_get(s, "additionalProperties"))) {
        n->addprops = compile_node(c, v);
        n->obj_checks = 1;
    }
    if (app && (v = json_object_get(s, "propertyNames"))) {
        n->pnames = compile_node(c, v);
        n->obj_checks = 1;
    }
    if ((si->vocab & V_UNEVALUATED) && si->draft == JSONSCHEMA_DRAFT_2020_12 &&
        (v = json_object_get(s, "unevaluatedProperties"))) {
        n->uprops = compile_node(c, v);
        n->obj_checks = 1;
        n->needs_ev = 1;
    }
    int val = si->vocab & V_VALIDATION;
    if (val && (v = json_object_get(s, "required"))) {
        if (!json_is_array(v)) {
            cfail(c, "%s/required must be an array of strings", si->loc);
            return;
        }
        n->nrequired = json_array_size(v);
        n->required = own_calloc(c->s, n->nrequired, sizeof(char *));
        n->required_len = own_calloc(c->s, n->nrequired, sizeof(size_t));
        for (size_t i = 0; i < n->nrequired; i++) {
            json_t *e = json_array_get(v, i);
            if (!json_is_string(e)) {
                cfail(c, "%s/required must be an array of strings", si->loc);
                return;
            }
            n->required_len[i] = json_string_length(e);
            n->required[i] = own_memdup(c->s, json_string_value(e), n->required_len[i]);
        }
        n->obj_checks = 1;
    }
    build_key_table(c, n);
    n->minprops = -1;
    n->maxprops = -1;
    if (val) {
        get_count(c, s, "minProperties", si, &n->minprops);
        get_count(c, s, "maxProperties", si, &n->maxprops);
        if (n->minprops >= 0 || n->maxprops >= 0)
            n->obj_checks = 1;
    }
    /* dependentRequired / dependentSchemas, and draft-07's dependencies (also
     * honoured in later drafts, as most implementations do) */
    const char *dkws[] = {"dependentRequired", "dependentSchemas", "dependencies"};
    for (int d = 0; d < 3; d++) {
        if (d == 0 && !val)
            continue;
        if (d == 1 && !app)
            continue;
        if (d < 2 && si->draft == JSONSCHEMA_DRAFT_7)
            continue;
        v = json_object_get(s, dkws[d]);
        if (!json_is_object(v))
            continue;
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e)
        {
            if (json_is_array(e) && d != 1) {
                struct depreq dr = {own_str(c->s, k), NULL, json_array_size(e)};
                dr.req = own_calloc(c->s, dr.nreq, sizeof(char *));
                for (size_t i = 0; i < dr.nreq; i++) {
                    json_t *x = json_array_get(e, i);
                    if (!json_is_string(x)) {
                        cfail(c, "%s/%s/%s must list property names", si->loc, dkws[d], k);
                        return;
                    }
                    dr.req[i] = own_str(c->s, json_string_value(x));
                }
                struct depreq *nd = own_calloc(c->s, n->ndreq + 1, sizeof(*nd));
                if (n->ndreq)
                    memcpy(nd, n->dreq, n->ndreq * sizeof(*nd));
                nd[n->ndreq++] = dr;
                n->dreq = nd;
            } else if ((json_is_object(e) || json_is_boolean(e)) && d != 0) {
                struct depsch *nd = own_calloc(c->s, n->ndsch + 1, sizeof(*nd));
                if (n->ndsch)
                    memcpy(nd, n->dsch, n->ndsch * sizeof(*nd));
                nd[n->ndsch].name = own_str(c->s, k);
                nd[n->ndsch].n = compile_node(c, e);
                n->ndsch++;
                n->dsch = nd;
            }
        }
        n->obj_checks = 1;
    }
}

static void compile_array_keywords(struct compiler *c, struct node *n, json_t *s,
                                   const struct sinfo *si)
{
    json_t *v;
    int app = si->vocab & V_APPLICATOR;
    if (app) {
        if (si->draft == JSONSCHEMA_DRAFT_2020_12) {
            if ((v = json_object_get(s, "prefixItems")))
                n->prefix = compile_array(c, v, "prefixItems", si, &n->nprefix);
            if ((v = json_object_get(s, "items")) && !json_is_array(v))
                n->items = compile_node(c, v);
        } else {
            v = json_object_get(s, "items");
            if (json_is_array(v)) {
                n->prefix = compile_array(c, v, "items", si, &n->nprefix);
                if ((v = json_object_get(s, "additionalItems")))
                    n->items = compile_node(c, v);
            } else if (v) {
                n->items = compile_node(c, v);
            }
        }
        if ((v = json_object_get(s, "contains")))
            n->contains = compile_node(c, v);
    }
    if ((si->vocab & V_UNEVALUATED) && si->draft == JSONSCHEMA_DRAFT_2020_12 &&
        (v = json_object_get(s, "unevaluatedItems"))) {
        n->uitems = compile_node(c, v);
        n->needs_ev = 1;
    }
    n->minitems = n->maxitems = -1;
    n->mincontains = 1;
    n->maxcontains = -1;
    if (si->vocab & V_VALIDATION) {
        get_count(c, s, "minItems", si, &n->minitems);
        get_count(c, s, "maxItems", si, &n->maxitems);
        if (si->draft != JSONSCHEMA_DRAFT_7) {
            get_count(c, s, "minContains", si, &n->mincontains);
            get_count(c, s, "maxContains", si, &n->maxcontains);
        }
        v = json_object_get(s, "uniqueItems");
        n->unique = json_is_true(v);
    }
    n->arr_checks = n->prefix || n->items || n->contains || n->uitems || n->minitems >= 0 ||
                    n->maxitems >= 0 || n->unique;
}

static struct node *compile_node(struct compiler *c, json_t *s)
{
    if (c->failed)
        return NULL;
    struct node *n = map_get(&c->nodes, s);
    if (n)
        return n;
    struct sinfo *si = map_get(&c->info, s);
    if (!si) {
        cfail(c, "internal error: a subschema was not indexed");
        return NULL;
    }
    if (++c->depth > 1000) {
        cfail(c, "%s: schema nests or refers too deeply", si->loc);
        return NULL;
    }
    n = own_calloc(c->s, 1, sizeof(*n));
    map_put(&c->nodes, s, n);
    n->loc = si->loc;
    n->res = si->res;
    n->minlen = n->maxlen = -1;
    n->minprops = n->maxprops = -1;
    n->minitems = n->maxitems = -1;
    n->mincontains = 1;
    n->maxcontains = -1;
    if (json_is_boolean(s)) {
        n->kind = json_is_true(s) ? K_TRUE : K_FALSE;
        c->depth--;
        return n;
    }
    if (!json_is_object(s)) {
        cfail(c, "%s: a schema must be an object or a boolean", si->loc);
        return NULL;
    }
    n->kind = K_SCHEMA;
    json_t *v;
    if ((v = json_object_get(s, "$ref")))
        n->ref = compile_ref(c, v, si);
    if (si->draft == JSONSCHEMA_DRAFT_7 && v) {
        c->depth--;
        return n;
    }
    if (si->draft == JSONSCHEMA_DRAFT_2020_12 && (v = json_object_get(s, "$dynamicRef"))) {
        if (!json_is_string(v)) {
            cfail(c, "%s: $dynamicRef must be a string", si->loc);
            return NULL;
        }
        struct strbuf full = STRBUF_INIT;
        json_t *t = resolve_ref(c, json_string_value(v), si->base, si->draft, &full);
        if (t) {
            n->dynref = compile_node(c, t);
            const char *frag = strchr(full.buf, '#');
            if (frag && frag[1] && frag[1] != '/' && map_get(&c->dynanchors, full.buf))
                n->dyn_name = own_str(c->s, frag + 1);
        }
        strbuf_release(&full);
    }
    unsigned voc = si->vocab;
    if (voc & V_APPLICATOR) {
        if ((v = json_object_get(s, "allOf")))
            n->allof = compile_array(c, v, "allOf", si, &n->nallof);
        if ((v = json_object_get(s, "anyOf")))
            n->anyof = compile_array(c, v, "anyOf", si, &n->nanyof);
        if ((v = json_object_get(s, "oneOf")))
            n->oneof = compile_array(c, v, "oneOf", si, &n->noneof);
        if ((v = json_object_get(s, "not")))
            n->not_ = compile_node(c, v);
        if ((v = json_object_get(s, "if"))) {
            n->if_ = compile_node(c, v);
            if ((v = json_object_get(s, "then")))
                n->then_ = compile_node(c, v);
            if ((v = json_object_get(s, "else")))
                n->else_ = compile_node(c, v);
        }
    }
    compile_object_keywords(c, n, s, si);
    compile_array_keywords(c, n, s, si);
    if (voc & V_VALIDATION) {
        if ((v = json_object_get(s, "type"))) {
            if (json_is_string(v))
                n->types = type_bit(json_string_value(v));
            else if (json_is_array(v)) {
                size_t i;
                json_t *e;
                json_array_foreach(v, i, e) n->types |=
                    json_is_string(e) ? type_bit(json_string_value(e)) : 0;
            }
            if (!n->types)
                cfail(c, "%s/type names no JSON type", si->loc);
        }
        if ((v = json_object_get(s, "const"))) {
            n->has_const = 1;
            n->const_ = v;
        }
        if ((v = json_object_get(s, "enum"))) {
            if (!json_is_array(v))
                cfail(c, "%s/enum must be an array", si->loc);
            n->enum_ = v;
            size_t ne = json_array_size(v), i;
            json_t *e;
            n->enum_strs = own_calloc(c->s, ne, sizeof(*n->enum_strs));
            json_array_foreach(v, i, e)
            {
                if (json_is_string(e))
                    n->enum_strs[n->nenum_strs++] =
                        (struct estr){json_string_value(e), json_string_length(e)};
                else
                    n->enum_others = 1;
            }
        }
        get_num(c, s, "minimum", si, &n->min, HAS_MIN, &n->numflags);
        get_num(c, s, "maximum", si, &n->max, HAS_MAX, &n->numflags);
        get_num(c, s, "exclusiveMinimum", si, &n->exmin, HAS_EXMIN, &n->numflags);
        get_num(c, s, "exclusiveMaximum", si, &n->exmax, HAS_EXMAX, &n->numflags);
        get_num(c, s, "multipleOf", si, &n->mult, HAS_MULT, &n->numflags);
        if ((n->numflags & HAS_MULT) && n->mult.d <= 0)
            cfail(c, "%s/multipleOf must be greater than 0", si->loc);
        get_count(c, s, "minLength", si, &n->minlen);
        get_count(c, s, "maxLength", si, &n->maxlen);
        if ((v = json_object_get(s, "pattern"))) {
            struct odp_error rerr = {0};
            if (!json_is_string(v))
                cfail(c, "%s/pattern must be a string", si->loc);
            else if (!(n->pattern = jsonschema_regex_new(json_string_value(v), &rerr)))
                cfail(c, "%s/pattern: %s", si->loc, rerr.msg);
            else
                VEC_PUSH(c->s->regexes, c->s->nregexes, c->s->capregexes, n->pattern);
        }
    }
    if ((voc & (V_FORMAT_ANNOTATION | V_FORMAT_ASSERTION)) &&
        json_is_string(v = json_object_get(s, "format"))) {
        n->format = own_str(c->s, json_string_value(v));
        n->format_assert = (voc & V_FORMAT_ASSERTION) != 0;
    }
    n->str_checks = n->minlen >= 0 || n->maxlen >= 0 || n->pattern || n->format;
    n->value_checks = n->has_const || n->enum_ || n->str_checks || n->numflags;
    n->simple = !n->ref && !n->dynref && !n->nallof && !n->nanyof && !n->noneof && !n->not_ &&
                !n->if_ && !n->obj_checks && !n->arr_checks && !n->needs_ev;
    c->depth--;
    return n;
}

/* ---- validator ------------------------------------------------------------- */

struct ipath {
    const struct ipath *up;
    const char *key; /* NULL: idx */
    size_t idx;
};

struct eval {
    int all_props;
    const char **keys;
    size_t nkeys, capkeys;
    int all_items;
    size_t upto;
    unsigned char *marks;
    size_t nmarks;
};

struct vctx {
    const struct jsonschema *s;
    struct jsonschema_errors *errs;
    int depth;
    int nscope;
    int limit_hit;
    struct resource *scope[MAX_SCOPE];
};

static void eval_release(struct eval *e)
{
    free(e->keys);
    free(e->marks);
}

static void eval_add_key(struct eval *e, const char *k)
{
    VEC_PUSH(e->keys, e->nkeys, e->capkeys, k);
}

static int eval_has_key(const struct eval *e, const char *k)
{
    for (size_t i = 0; i < e->nkeys; i++)
        if (!strcmp(e->keys[i], k))
            return 1;
    return 0;
}

static void eval_mark(struct eval *e, size_t i, size_t len)
{
    if (!e->marks) {
        e->marks = calloc(len ? len : 1, 1);
        if (!e->marks)
            abort();
        e->nmarks = len;
    }
    if (i < e->nmarks)
        e->marks[i] = 1;
}

static void eval_merge(struct eval *dst, const struct eval *src)
{
    dst->all_props |= src->all_props;
    for (size_t i = 0; i < src->nkeys; i++)
        eval_add_key(dst, src->keys[i]);
    dst->all_items |= src->all_items;
    if (src->upto > dst->upto)
        dst->upto = src->upto;
    for (size_t i = 0; i < src->nmarks; i++)
        if (src->marks[i])
            eval_mark(dst, i, src->nmarks);
}

static void path_to_pointer(const struct ipath *ip, struct strbuf *out)
{
    if (!ip)
        return;
    path_to_pointer(ip->up, out);
    if (ip->key)
        ptr_append(out, ip->key);
    else
        strbuf_addf(out, "/%zu", ip->idx);
}

/* A short rendering of a value for messages. */
static void show_value(json_t *v, struct strbuf *out)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!s) {
        strbuf_addstr(out, "(value)");
        return;
    }
    size_t l = strlen(s);
    if (l > 80) {
        strbuf_add(out, s, 77);
        strbuf_addstr(out, "...");
    } else
        strbuf_add(out, s, l);
    free(s);
}

static void report(struct vctx *c, const struct ipath *ip, const struct node *n, const char *kw,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void report(struct vctx *c, const struct ipath *ip, const struct node *n, const char *kw,
                   const char *fmt, ...)
{
    struct jsonschema_errors *e = c->errs;
    if (!e)
        return;
    if (e->count >= c->s->max_errors) {
        e->dropped++;
        return;
    }
    struct strbuf p = STRBUF_INIT, sp = STRBUF_INIT, m = STRBUF_INIT;
    path_to_pointer(ip, &p);
    strbuf_addstr(&sp, n ? n->loc : "#");
    if (kw && *kw) {
        if (sp.len == 0 || sp.buf[sp.len - 1] != '/')
            strbuf_addch(&sp, '/');
        strbuf_addstr(&sp, kw);
    }
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&m, fmt, ap);
    va_end(ap);
    struct jsonschema_error item = {strbuf_detach(&p, NULL), strbuf_detach(&sp, NULL),
                                    strbuf_detach(&m, NULL)};
    VEC_PUSH(e->items, e->count, e->alloc, item);
}

void jsonschema_errors_release(struct jsonschema_errors *errs)
{
    if (!errs)
        return;
    for (size_t i = 0; i < errs->count; i++) {
        free(errs->items[i].instance_ptr);
        free(errs->items[i].schema_path);
        free(errs->items[i].message);
    }
    free(errs->items);
    memset(errs, 0, sizeof(*errs));
}

static int is_integral(json_t *v)
{
    if (json_is_integer(v))
        return 1;
    if (!json_is_real(v))
        return 0;
    double d = json_real_value(v);
    return isfinite(d) && d == floor(d);
}

static unsigned type_of(json_t *v)
{
    static const unsigned char bits[] = {
        [JSON_OBJECT] = T_OBJ, [JSON_ARRAY] = T_ARR, [JSON_STRING] = T_STR, [JSON_INTEGER] = T_INT,
        [JSON_REAL] = T_NUM,   [JSON_TRUE] = T_BOOL, [JSON_FALSE] = T_BOOL, [JSON_NULL] = T_NULL,
    };
    json_type t = json_typeof(v);
    if (t == JSON_REAL)
        return is_integral(v) ? T_INT : T_NUM;
    return (unsigned)t < sizeof(bits) ? bits[t] : 0;
}

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
        return "null";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_STRING:
        return "a string";
    case JSON_ARRAY:
        return "an array";
    case JSON_OBJECT:
        return "an object";
    }
    return "a value";
}

static void types_text(unsigned t, struct strbuf *out)
{
    static const char *const names[] = {"null",   "boolean", "integer", "number",
                                        "string", "array",   "object"};
    int first = 1;
    if (t & T_NUM)
        t &= ~(unsigned)T_INT;
    for (int i = 0; i < 7; i++) {
        if (!(t & (1u << i)))
            continue;
        if (!first)
            strbuf_addstr(out, " or ");
        strbuf_addstr(out, names[i]);
        first = 0;
    }
}

/* JSON equality: numbers by value (1 == 1.0), objects regardless of order. */
static int json_equal_value(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b)) {
        if (json_is_integer(a) && json_is_integer(b))
            return json_integer_value(a) == json_integer_value(b);
        return json_number_value(a) == json_number_value(b);
    }
    if (json_typeof(a) != json_typeof(b))
        return 0;
    switch (json_typeof(a)) {
    case JSON_STRING:
        return json_string_length(a) == json_string_length(b) &&
               !memcmp(json_string_value(a), json_string_value(b), json_string_length(a));
    case JSON_ARRAY: {
        size_t n = json_array_size(a);
        if (n != json_array_size(b))
            return 0;
        for (size_t i = 0; i < n; i++)
            if (!json_equal_value(json_array_get(a, i), json_array_get(b, i)))
                return 0;
        return 1;
    }
    case JSON_OBJECT: {
        if (json_object_size(a) != json_object_size(b))
            return 0;
        const char *k;
        json_t *v;
        json_object_foreach(a, k, v)
        {
            json_t *w = json_object_get(b, k);
            if (!w || !json_equal_value(v, w))
                return 0;
        }
        return 1;
    }
    default:
        return 1;
    }
}

static uint64_t json_hash_value(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_INTEGER:
    case JSON_REAL: {
        double d = json_number_value(v);
        if (d == 0)
            d = 0;
        uint64_t h;
        memcpy(&h, &d, sizeof(h));
        return h * 0x9E3779B97F4A7C15ULL;
    }
    case JSON_STRING: {
        uint64_t h = 1469598103934665603ULL;
        const char *s = json_string_value(v);
        for (size_t i = 0; i < json_string_length(v); i++) {
            h ^= (unsigned char)s[i];
            h *= 1099511628211ULL;
        }
        return h;
    }
    case JSON_ARRAY: {
        uint64_t h = 7;
        for (size_t i = 0; i < json_array_size(v); i++)
            h = h * 31 + json_hash_value(json_array_get(v, i));
        return h;
    }
    case JSON_OBJECT: {
        uint64_t h = 11;
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) h += hash_key(k) * 0x100000001B3ULL ^ json_hash_value(x);
        return h;
    }
    default:
        return (uint64_t)json_typeof(v) + 1;
    }
}

struct hidx {
    uint64_t h;
    size_t i;
};

static int hidx_cmp(const void *a, const void *b)
{
    const struct hidx *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Index of the second of two equal items, or -1 when all are unique. */
static long long first_duplicate(json_t *arr, size_t *first)
{
    size_t n = json_array_size(arr);
    if (n <= 32) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = 0; j < i; j++)
                if (json_equal_value(json_array_get(arr, i), json_array_get(arr, j))) {
                    *first = j;
                    return (long long)i;
                }
        return -1;
    }
    struct hidx *h = malloc(n * sizeof(*h));
    if (!h)
        abort();
    for (size_t i = 0; i < n; i++)
        h[i] = (struct hidx){json_hash_value(json_array_get(arr, i)), i};
    qsort(h, n, sizeof(*h), hidx_cmp);
    long long dup = -1;
    for (size_t i = 1; i < n && dup < 0; i++)
        for (size_t j = i; j > 0 && h[j - 1].h == h[i].h; j--)
            if (json_equal_value(json_array_get(arr, h[i].i), json_array_get(arr, h[j - 1].i))) {
                dup = (long long)h[i].i;
                *first = h[j - 1].i;
                break;
            }
    free(h);
    return dup;
}

static int num_cmp(json_t *v, const struct num *b)
{
    if (json_is_integer(v) && b->is_int) {
        long long a = json_integer_value(v);
        return a < b->i ? -1 : a > b->i;
    }
    double a = json_number_value(v);
    return a < b->d ? -1 : a > b->d;
}

static int is_multiple(json_t *v, const struct num *m)
{
    if (json_is_integer(v) && m->is_int)
        return m->i == 0 || json_integer_value(v) % m->i == 0;
    double x = json_number_value(v), d = m->d;
    double q = x / d;
    if (isinf(q)) {
        /* overflow: an integral x is a multiple of d when 1/d is integral */
        double inv = 1 / d;
        return x == floor(x) && inv == floor(inv);
    }
    double r = nearbyint(q);
    return fabs(q - r) <= 1e-9 * fmax(1.0, fabs(q));
}

static size_t utf8_length(const char *s, size_t n)
{
    size_t cps = 0;
    for (size_t i = 0; i < n; i++)
        cps += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cps;
}

static void num_text(const struct num *x, char *buf, size_t size)
{
    if (x->is_int)
        snprintf(buf, size, "%lld", x->i);
    else
        snprintf(buf, size, "%.17g", x->d);
    /* shortest form that reads back the same */
    if (!x->is_int)
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, size, "%.*g", prec, x->d);
            if (strtod(buf, NULL) == x->d)
                break;
        }
}

static int v_node(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip,
                  struct eval *ev);

/* Validate quietly (no errors), as applicators that test subschemas do. */
static int v_quiet(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip,
                   struct eval *ev)
{
    struct jsonschema_errors *saved = c->errs;
    c->errs = NULL;
    int ok = v_node(c, n, inst, ip, ev);
    c->errs = saved;
    return ok;
}

#define FAIL_IF_QUIET()                                                                            \
    do {                                                                                           \
        ok = 0;                                                                                    \
        if (!c->errs)                                                                              \
            goto done;                                                                             \
    } while (0)

static int v_string(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip)
{
    int ok = 1;
    const char *s = json_string_value(inst);
    size_t len = json_string_length(inst);
    if (n->minlen >= 0 || n->maxlen >= 0) {
        size_t cps = utf8_length(s, len);
        if (n->minlen >= 0 && cps < (size_t)n->minlen) {
            struct strbuf v = STRBUF_INIT;
            if (c->errs)
                show_value(inst, &v);
            report(c, ip, n, "minLength", "%s is shorter than %lld characters", v.buf, n->minlen);
            strbuf_release(&v);
            FAIL_IF_QUIET();
        }
        if (n->maxlen >= 0 && cps > (size_t)n->maxlen) {
            struct strbuf v = STRBUF_INIT;
            if (c->errs)
                show_value(inst, &v);
            report(c, ip, n, "maxLength", "%s is longer than %lld characters", v.buf, n->maxlen);
            strbuf_release(&v);
            FAIL_IF_QUIET();
        }
    }
    if (n->pattern) {
        int m = jsonschema_regex_search(n->pattern, s, len);
        if (m <= 0) {
            struct strbuf v = STRBUF_INIT;
            if (c->errs)
                show_value(inst, &v);
            if (m < 0) {
                c->limit_hit = 1;
                report(c, ip, n, "pattern", "matching %s against %s hit the backtracking limit",
                       v.buf, jsonschema_regex_pattern(n->pattern));
            } else
                report(c, ip, n, "pattern", "%s does not match %s", v.buf,
                       jsonschema_regex_pattern(n->pattern));
            strbuf_release(&v);
            FAIL_IF_QUIET();
        }
    }
    if (n->format && (n->format_assert || c->s->format_assert)) {
        if (jsonschema_format_check(n->format, s, len) == 0) {
            struct strbuf v = STRBUF_INIT;
            if (c->errs)
                show_value(inst, &v);
            report(c, ip, n, "format", "%s is not a valid %s", v.buf, n->format);
            strbuf_release(&v);
            FAIL_IF_QUIET();
        }
    }
done:
    return ok;
}

static int v_number(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip)
{
    int ok = 1;
    char b[64] = "", x[64] = "";
    if (c->errs) {
        struct num xn = {json_is_integer(inst),
                         json_is_integer(inst) ? json_integer_value(inst) : 0,
                         json_number_value(inst)};
        num_text(&xn, x, sizeof(x));
    }
    if ((n->numflags & HAS_MIN) && num_cmp(inst, &n->min) < 0) {
        if (c->errs)
            num_text(&n->min, b, sizeof(b));
        report(c, ip, n, "minimum", "%s is less than the minimum %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_MAX) && num_cmp(inst, &n->max) > 0) {
        if (c->errs)
            num_text(&n->max, b, sizeof(b));
        report(c, ip, n, "maximum", "%s is greater than the maximum %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_EXMIN) && num_cmp(inst, &n->exmin) <= 0) {
        if (c->errs)
            num_text(&n->exmin, b, sizeof(b));
        report(c, ip, n, "exclusiveMinimum", "%s is not greater than %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_EXMAX) && num_cmp(inst, &n->exmax) >= 0) {
        if (c->errs)
            num_text(&n->exmax, b, sizeof(b));
        report(c, ip, n, "exclusiveMaximum", "%s is not less than %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_MULT) && !is_multiple(inst, &n->mult)) {
        if (c->errs)
            num_text(&n->mult, b, sizeof(b));
        report(c, ip, n, "multipleOf", "%s is not a multiple of %s", x, b);
        FAIL_IF_QUIET();
    }
done:
    return ok;
}

/* enum with JSON equality; strings are compared against the compiled list. */
static int enum_match(const struct node *n, json_t *v)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t l = json_string_length(v);
        for (size_t i = 0; i < n->nenum_strs; i++)
            if (n->enum_strs[i].len == l && key_eq(n->enum_strs[i].s, s, l))
                return 1;
        return 0;
    }
    if (!n->enum_others)
        return 0;
    size_t size = json_array_size(n->enum_);
    for (size_t i = 0; i < size; i++)
        if (json_equal_value(json_array_get(n->enum_, i), v))
            return 1;
    return 0;
}

/* The keywords that look at the value alone: type, const, enum, and the
 * string and number keywords. All a "simple" node has. */
static int v_value_all(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip)
{
    int ok = 1;
    if (n->types && !(n->types & type_of(inst))) {
        struct strbuf t = STRBUF_INIT, v = STRBUF_INIT;
        if (c->errs) {
            types_text(n->types, &t);
            show_value(inst, &v);
        }
        report(c, ip, n, "type", "%s is %s, not %s", v.buf, type_name(inst), t.buf);
        strbuf_release(&t);
        strbuf_release(&v);
        FAIL_IF_QUIET();
    }
    if (n->has_const && !json_equal_value(n->const_, inst)) {
        struct strbuf v = STRBUF_INIT;
        if (c->errs)
            show_value(n->const_, &v);
        report(c, ip, n, "const", "must be %s", v.buf);
        strbuf_release(&v);
        FAIL_IF_QUIET();
    }
    if (n->enum_ && !enum_match(n, inst)) {
        struct strbuf v = STRBUF_INIT, l = STRBUF_INIT;
        if (c->errs) {
            show_value(inst, &v);
            show_value(n->enum_, &l);
        }
        report(c, ip, n, "enum", "%s is not one of %s", v.buf, l.buf);
        strbuf_release(&v);
        strbuf_release(&l);
        FAIL_IF_QUIET();
    }
    switch (json_typeof(inst)) {
    case JSON_STRING:
        if (n->str_checks && !v_string(c, n, inst, ip))
            FAIL_IF_QUIET();
        break;
    case JSON_INTEGER:
    case JSON_REAL:
        if (n->numflags && !v_number(c, n, inst, ip))
            FAIL_IF_QUIET();
        break;
    default:
        break;
    }
done:
    return ok;
}

/* v_value_all, with the commonest case (a type that matches and no other
 * keyword) decided inline. */
static inline int v_value(struct vctx *c, const struct node *n, json_t *inst,
                          const struct ipath *ip)
{
    if (!n->value_checks && (!n->types || (n->types & type_of(inst))))
        return 1;
    return v_value_all(c, n, inst, ip);
}

/* jansson keeps an object's keys in a linked list of pairs, each allocated
 * separately; its parser, like transform building a record, allocates them
 * one after another, 80-240 bytes apart, each beside its value. Walking a
 * record that is not in the cache is then a chain of dependent cache misses,
 * which the hardware does not prefetch. Prefetching the memory 256 and 384
 * bytes past the current pair brings the next keys in while this one is
 * checked: on 200,000 parsed records, 1.2 -> 4.0 million records/s (nearer
 * or farther did less). A wrong guess costs only bandwidth; a prefetch never
 * faults. */
static inline void prefetch_next_pairs(const void *iter)
{
#if defined(__GNUC__)
    __builtin_prefetch((const char *)iter + 256);
    __builtin_prefetch((const char *)iter + 384);
#else
    (void)iter;
#endif
}

/* minProperties and maxProperties, or minItems and maxItems (-1: not
 * given), against size: 1 when it is within them. noun names what is
 * counted in the reports. */
static inline int v_size(struct vctx *c, const struct node *n, const struct ipath *ip, size_t size,
                         long long min, long long max, const char *kw_min, const char *kw_max,
                         const char *noun)
{
    int ok = 1;
    if (min >= 0 && size < (size_t)min) {
        report(c, ip, n, kw_min, "has %zu %s, fewer than %lld", size, noun, min);
        FAIL_IF_QUIET();
    }
    if (max >= 0 && size > (size_t)max) {
        report(c, ip, n, kw_max, "has %zu %s, more than %lld", size, noun, max);
        FAIL_IF_QUIET();
    }
done:
    return ok;
}

/* A property's value against the schema of its name (simple ones inline). */
static inline int v_property(struct vctx *c, const struct node *n, json_t *val,
                             const struct ipath *kp)
{
    return n->simple ? v_value(c, n, val, kp) : v_node(c, n, val, kp, NULL);
}

static int v_object(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip,
                    struct eval *ev)
{
    int ok = 1;
    size_t size = json_object_size(inst);
    if (!v_size(c, n, ip, size, n->minprops, n->maxprops, "minProperties", "maxProperties",
                "properties"))
        FAIL_IF_QUIET();
    /* In fast mode (no errors wanted) the walk below counts the required
     * names it meets instead of looking each one up. (Looking every schema
     * name up instead of walking lets a cold record's cache misses overlap,
     * but jansson's lookups cost more instructions and touch its bucket
     * array too: slower here, cold and warm.) Reporting keeps one lookup per
     * required name, so that missing names are reported first, by name. */
    int walk = n->nkeys || n->npprops || n->addprops || n->pnames;
    int count_required = walk && !c->errs;
    if (!count_required) {
        for (size_t i = 0; i < n->nrequired; i++) {
            if (!json_object_getn(inst, n->required[i], n->required_len[i])) {
                report(c, ip, n, "required", "required property \"%s\" is missing", n->required[i]);
                FAIL_IF_QUIET();
            }
        }
    }
    for (size_t i = 0; i < n->ndreq; i++) {
        if (!json_object_get(inst, n->dreq[i].name))
            continue;
        for (size_t j = 0; j < n->dreq[i].nreq; j++)
            if (!json_object_get(inst, n->dreq[i].req[j])) {
                report(c, ip, n, "dependentRequired",
                       "property \"%s\" is required when \"%s\" is present", n->dreq[i].req[j],
                       n->dreq[i].name);
                FAIL_IF_QUIET();
            }
    }
    if (walk && !c->errs && !ev && !n->pnames && !n->npprops) {
        /* the walk below, for the common case (a record): fast mode, no
         * annotations to collect, no propertyNames or patternProperties */
        size_t required_seen = 0, next = 0;
        const struct node *add = n->addprops;
        for (void *it = json_object_iter(inst); it; it = json_object_iter_next(inst, it)) {
            prefetch_next_pairs(it);
            const char *key = json_object_iter_key(it);
            size_t klen = json_object_iter_key_len(it);
            json_t *val = json_object_iter_value(it);
            struct ipath kp = {ip, key, 0};
            const struct okey *p = n->nkeys ? key_find(n, key, klen, &next) : NULL;
            if (p) {
                required_seen += p->required;
                if (p->n) {
                    if (!v_property(c, p->n, val, &kp))
                        return 0;
                    continue;
                }
            }
            if (add && (add->kind == K_FALSE || !v_node(c, add, val, &kp, NULL)))
                return 0;
        }
        if (required_seen < n->nreq_keys)
            return 0;
        walk = 0;
    }
    if (walk) {
        size_t required_seen = 0, next = 0;
        for (void *it = json_object_iter(inst); it; it = json_object_iter_next(inst, it)) {
            prefetch_next_pairs(it);
            const char *key = json_object_iter_key(it);
            size_t klen = json_object_iter_key_len(it);
            json_t *val = json_object_iter_value(it);
            struct ipath kp = {ip, key, 0};
            int matched = 0;
            if (n->pnames) {
                json_t *ks = json_stringn(key, klen);
                int kok = v_quiet(c, n->pnames, ks, ip, NULL);
                json_decref(ks);
                if (!kok) {
                    report(c, ip, n, "propertyNames", "property name \"%s\" is not allowed", key);
                    FAIL_IF_QUIET();
                }
            }
            if (n->nkeys) {
                const struct okey *p = key_find(n, key, klen, &next);
                if (p) {
                    required_seen += p->required;
                    if (p->n) {
                        matched = 1;
                        if (!v_property(c, p->n, val, &kp))
                            FAIL_IF_QUIET();
                    }
                }
            }
            for (size_t i = 0; i < n->npprops; i++) {
                int m = jsonschema_regex_search(n->pprops[i].re, key, klen);
                if (m < 0) {
                    report(c, &kp, n, "patternProperties",
                           "matching the property name against %s hit a limit",
                           jsonschema_regex_pattern(n->pprops[i].re));
                    c->limit_hit = 1;
                    FAIL_IF_QUIET();
                }
                if (m > 0) {
                    matched = 1;
                    if (!v_node(c, n->pprops[i].n, val, &kp, NULL))
                        FAIL_IF_QUIET();
                }
            }
            if (!matched && n->addprops) {
                if (n->addprops->kind == K_FALSE) {
                    report(c, ip, n, "additionalProperties", "property \"%s\" is not allowed", key);
                    FAIL_IF_QUIET();
                } else if (!v_node(c, n->addprops, val, &kp, NULL))
                    FAIL_IF_QUIET();
                matched = 1;
            }
            if (matched && ev && !ev->all_props)
                eval_add_key(ev, key);
        }
        if (count_required && required_seen < n->nreq_keys) {
            ok = 0;
            goto done;
        }
        if (ev && n->addprops)
            ev->all_props = 1;
    }
    for (size_t i = 0; i < n->ndsch; i++) {
        if (json_object_get(inst, n->dsch[i].name) && !v_node(c, n->dsch[i].n, inst, ip, ev)) {
            report(c, ip, n, "dependentSchemas",
                   "does not satisfy the schema that applies when \"%s\" is present",
                   n->dsch[i].name);
            FAIL_IF_QUIET();
        }
    }
done:
    return ok;
}

static int v_array(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip,
                   struct eval *ev)
{
    int ok = 1;
    size_t size = json_array_size(inst);
    if (!v_size(c, n, ip, size, n->minitems, n->maxitems, "minItems", "maxItems", "items"))
        FAIL_IF_QUIET();
    if (n->unique) {
        size_t first = 0;
        long long dup = first_duplicate(inst, &first);
        if (dup >= 0) {
            report(c, ip, n, "uniqueItems", "items %zu and %lld are equal, items must be unique",
                   first, dup);
            FAIL_IF_QUIET();
        }
    }
    size_t np = n->nprefix < size ? n->nprefix : size;
    for (size_t i = 0; i < np; i++) {
        struct ipath kp = {ip, NULL, i};
        if (!v_node(c, n->prefix[i], json_array_get(inst, i), &kp, NULL))
            FAIL_IF_QUIET();
    }
    if (ev && np > ev->upto)
        ev->upto = np;
    if (n->items) {
        for (size_t i = n->nprefix; i < size; i++) {
            struct ipath kp = {ip, NULL, i};
            if (n->items->kind == K_FALSE) {
                report(c, ip, n, "items", "has %zu items, at most %zu are allowed", size,
                       n->nprefix);
                FAIL_IF_QUIET();
                break;
            }
            if (!v_node(c, n->items, json_array_get(inst, i), &kp, NULL))
                FAIL_IF_QUIET();
        }
        if (ev)
            ev->all_items = 1;
    }
    if (n->contains) {
        long long count = 0;
        for (size_t i = 0; i < size; i++) {
            struct ipath kp = {ip, NULL, i};
            if (v_quiet(c, n->contains, json_array_get(inst, i), &kp, NULL)) {
                count++;
                if (ev)
                    eval_mark(ev, i, size);
                else if (n->maxcontains < 0 && count >= n->mincontains)
                    break;
            }
        }
        if (count < n->mincontains) {
            if (n->mincontains == 1)
                report(c, ip, n, "contains", "no item matches the \"contains\" schema");
            else
                report(c, ip, n, "minContains",
                       "%lld items match the \"contains\" schema, fewer than %lld", count,
                       n->mincontains);
            FAIL_IF_QUIET();
        }
        if (n->maxcontains >= 0 && count > n->maxcontains) {
            report(c, ip, n, "maxContains",
                   "%lld items match the \"contains\" schema, more than %lld", count,
                   n->maxcontains);
            FAIL_IF_QUIET();
        }
    }
done:
    return ok;
}

static const struct node *dynamic_target(struct vctx *c, const struct node *n)
{
    if (!n->dyn_name)
        return n->dynref;
    for (int i = 0; i < c->nscope; i++) {
        const struct resource *r = c->scope[i];
        for (size_t j = 0; j < r->ndyn; j++)
            if (!strcmp(r->dyn[j].name, n->dyn_name) && r->dyn[j].n)
                return r->dyn[j].n;
    }
    return n->dynref;
}

static int v_node(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip,
                  struct eval *ev)
{
    if (n->kind == K_TRUE)
        return 1;
    if (n->kind == K_FALSE) {
        report(c, ip, n, "", "no value is allowed here");
        return 0;
    }
    if (c->depth >= c->s->max_depth || c->nscope >= MAX_SCOPE) {
        c->limit_hit = 1;
        report(c, ip, n, "",
               "validation nests deeper than %d schemas (a $ref cycle or a deeply nested value)",
               c->s->max_depth);
        return 0;
    }
    if (n->simple)
        return v_value(c, n, inst, ip);
    c->depth++;
    int pushed = 0;
    if (!c->nscope || c->scope[c->nscope - 1] != n->res) {
        c->scope[c->nscope++] = n->res;
        pushed = 1;
    }
    int ok = 1;
    struct eval local = {0};
    struct eval *e = ev;
    if (n->needs_ev)
        e = &local;

    if (!v_value(c, n, inst, ip))
        FAIL_IF_QUIET();
    switch (json_typeof(inst)) {
    case JSON_OBJECT:
        if (n->obj_checks && !v_object(c, n, inst, ip, e))
            FAIL_IF_QUIET();
        break;
    case JSON_ARRAY:
        if (n->arr_checks && !v_array(c, n, inst, ip, e))
            FAIL_IF_QUIET();
        break;
    default:
        break;
    }
    if (n->ref && !v_node(c, n->ref, inst, ip, e))
        FAIL_IF_QUIET();
    if (n->dynref && !v_node(c, dynamic_target(c, n), inst, ip, e))
        FAIL_IF_QUIET();
    for (size_t i = 0; i < n->nallof; i++)
        if (!v_node(c, n->allof[i], inst, ip, e))
            FAIL_IF_QUIET();
    if (n->nanyof) {
        int any = 0;
        for (size_t i = 0; i < n->nanyof; i++) {
            struct eval t = {0};
            if (v_quiet(c, n->anyof[i], inst, ip, e ? &t : NULL)) {
                any = 1;
                if (e)
                    eval_merge(e, &t);
            }
            eval_release(&t);
            if (any && !e)
                break;
        }
        if (!any) {
            report(c, ip, n, "anyOf", "matches none of the %zu schemas in \"anyOf\"", n->nanyof);
            FAIL_IF_QUIET();
        }
    }
    if (n->noneof) {
        int count = 0;
        size_t first = 0, second = 0;
        for (size_t i = 0; i < n->noneof && count < 2; i++) {
            struct eval t = {0};
            if (v_quiet(c, n->oneof[i], inst, ip, e ? &t : NULL)) {
                if (count == 0) {
                    first = i;
                    if (e)
                        eval_merge(e, &t);
                } else
                    second = i;
                count++;
            }
            eval_release(&t);
        }
        if (count == 0) {
            report(c, ip, n, "oneOf", "matches none of the %zu schemas in \"oneOf\"", n->noneof);
            FAIL_IF_QUIET();
        } else if (count > 1) {
            report(c, ip, n, "oneOf", "matches schemas %zu and %zu of \"oneOf\", not exactly one",
                   first, second);
            FAIL_IF_QUIET();
        }
    }
    if (n->not_ && v_quiet(c, n->not_, inst, ip, NULL)) {
        report(c, ip, n, "not", "matches the schema in \"not\"");
        FAIL_IF_QUIET();
    }
    if (n->if_) {
        struct eval t = {0};
        if (v_quiet(c, n->if_, inst, ip, e ? &t : NULL)) {
            if (e)
                eval_merge(e, &t);
            if (n->then_ && !v_node(c, n->then_, inst, ip, e)) {
                eval_release(&t);
                FAIL_IF_QUIET();
            }
        } else if (n->else_ && !v_node(c, n->else_, inst, ip, e)) {
            eval_release(&t);
            FAIL_IF_QUIET();
        }
        eval_release(&t);
    }
    if (n->uprops && json_is_object(inst) && !e->all_props) {
        const char *key;
        json_t *val;
        json_object_foreach(inst, key, val)
        {
            if (eval_has_key(e, key))
                continue;
            struct ipath kp = {ip, key, 0};
            if (n->uprops->kind == K_FALSE) {
                report(c, ip, n, "unevaluatedProperties", "property \"%s\" is not allowed", key);
                FAIL_IF_QUIET();
            } else if (!v_node(c, n->uprops, val, &kp, NULL))
                FAIL_IF_QUIET();
        }
        e->all_props = 1;
    }
    if (n->uitems && json_is_array(inst) && !e->all_items) {
        size_t size = json_array_size(inst);
        for (size_t i = e->upto; i < size; i++) {
            if (i < e->nmarks && e->marks[i])
                continue;
            struct ipath kp = {ip, NULL, i};
            if (n->uitems->kind == K_FALSE) {
                report(c, &kp, n, "unevaluatedItems", "item %zu is not allowed", i);
                FAIL_IF_QUIET();
            } else if (!v_node(c, n->uitems, json_array_get(inst, i), &kp, NULL))
                FAIL_IF_QUIET();
        }
        e->all_items = 1;
    }
done:
    if (n->needs_ev) {
        if (ok && ev)
            eval_merge(ev, &local);
        eval_release(&local);
    }
    if (pushed)
        c->nscope--;
    c->depth--;
    return ok;
}

int jsonschema_validate(const struct jsonschema *s, json_t *instance, struct jsonschema_errors *out)
{
    struct vctx c; /* on the stack: validating a record allocates nothing */
    c.s = s;
    c.errs = out;
    c.depth = 0;
    c.nscope = 0;
    c.limit_hit = 0;
    return v_node(&c, s->root, instance, NULL, NULL);
}

/* ---- flat records ----------------------------------------------------------- */

/* v_value_all's verdict for one field under the property schema m, or -1 when
 * m is not a leaf this decides (const and number keywords are left to the
 * general path). */
static int field_value(const struct jsonschema *s, const struct node *m,
                       const struct jsonschema_field *f)
{
    static const unsigned bits[] = {
        [JSONSCHEMA_FIELD_NULL] = T_NULL,  [JSONSCHEMA_FIELD_TRUE] = T_BOOL,
        [JSONSCHEMA_FIELD_FALSE] = T_BOOL, [JSONSCHEMA_FIELD_INTEGER] = T_INT,
        [JSONSCHEMA_FIELD_STRING] = T_STR,
    };
    if (m->kind == K_TRUE)
        return 1;
    if (m->kind == K_FALSE)
        return 0;
    if (!m->simple || (unsigned)f->kind >= sizeof(bits) / sizeof(bits[0]))
        return -1;
    if (m->types && !(m->types & bits[f->kind]))
        return 0;
    if (!m->value_checks)
        return 1;
    if (m->has_const)
        return -1;
    int is_str = f->kind == JSONSCHEMA_FIELD_STRING;
    if (m->enum_) {
        if (!is_str)
            return m->enum_others ? -1 : 0;
        size_t i;
        for (i = 0; i < m->nenum_strs; i++)
            if (m->enum_strs[i].len == f->len && key_eq(m->enum_strs[i].s, f->s, f->len))
                break;
        if (i == m->nenum_strs)
            return 0;
    }
    if (is_str && m->str_checks) {
        if (m->minlen >= 0 || m->maxlen >= 0) {
            size_t cps = utf8_length(f->s, f->len);
            if ((m->minlen >= 0 && cps < (size_t)m->minlen) ||
                (m->maxlen >= 0 && cps > (size_t)m->maxlen))
                return 0;
        }
        if (m->pattern && jsonschema_regex_search(m->pattern, f->s, f->len) <= 0)
            return 0;
        if (m->format && (m->format_assert || s->format_assert) &&
            jsonschema_format_check(m->format, f->s, f->len) == 0)
            return 0;
    }
    if (f->kind == JSONSCHEMA_FIELD_INTEGER && m->numflags)
        return -1;
    return 1;
}

/* The same walk as v_object's fast path (fast mode, no annotations), over the
 * fields instead of a jansson object. */
int jsonschema_validate_fields(const struct jsonschema *s, const struct jsonschema_field *f,
                               size_t nf)
{
    const struct node *n = s->root;
    if (n->kind == K_TRUE)
        return 1;
    if (n->kind == K_FALSE)
        return 0;
    if (n->ref || n->dynref || n->nallof || n->nanyof || n->noneof || n->not_ || n->if_ ||
        n->needs_ev || n->uprops || n->has_const || n->enum_ || n->npprops || n->pnames ||
        n->ndreq || n->ndsch || s->max_depth < 2)
        return -1;
    if (n->types && !(n->types & T_OBJ))
        return 0;
    if (!n->obj_checks)
        return 1;
    if (n->nrequired && !n->nkeys)
        return -1;
    if ((n->minprops >= 0 && nf < (size_t)n->minprops) ||
        (n->maxprops >= 0 && nf > (size_t)n->maxprops))
        return 0;
    size_t required_seen = 0, next = 0;
    const struct node *add = n->addprops;
    for (size_t i = 0; i < nf; i++) {
        const struct okey *p = n->nkeys ? key_find(n, f[i].key, f[i].key_len, &next) : NULL;
        if (p) {
            required_seen += (size_t)p->required;
            if (p->n) {
                int r = field_value(s, p->n, &f[i]);
                if (r <= 0)
                    return r;
                continue;
            }
        }
        if (add) {
            int r = field_value(s, add, &f[i]);
            if (r <= 0)
                return r;
        }
    }
    return required_seen < n->nreq_keys ? 0 : 1;
}

/* ---- compile entry --------------------------------------------------------- */

static int check_against_metaschema(struct jsonschema_registry *reg, json_t *schema, int draft,
                                    struct odp_error *err)
{
    const char *meta = draft == JSONSCHEMA_DRAFT_7 ? "http://json-schema.org/draft-07/schema"
                                                   : "https://json-schema.org/draft/2020-12/schema";
    json_t *sv = json_is_object(schema) ? json_object_get(schema, "$schema") : NULL;
    if (json_is_string(sv))
        meta = json_string_value(sv);
    struct strbuf u = STRBUF_INIT;
    strip_fragment(meta, &u);
    struct odp_error lerr = {0};
    json_t *mdoc = registry_lookup(reg, u.buf, &lerr);
    if (!mdoc) {
        int rc = odp_error_set(err, ODP_ENOTFOUND,
                               "cannot check the schema: its meta-schema %s is not in the registry",
                               u.buf);
        strbuf_release(&u);
        return rc;
    }
    struct jsonschema_options mo = {0};
    mo.default_draft = draft;
    struct jsonschema *ms = jsonschema_compile(reg, mdoc, u.buf, &mo, err);
    strbuf_release(&u);
    if (!ms)
        return err ? err->code : ODP_EINVAL;
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    int rc = ODP_OK;
    if (!jsonschema_validate(ms, schema, &errs)) {
        const struct jsonschema_error *e = errs.count ? &errs.items[0] : NULL;
        rc = odp_error_set(err, ODP_EINVAL,
                           "the schema does not conform to its meta-schema: %s: %s (%s)",
                           e && *e->instance_ptr ? e->instance_ptr : "(root)",
                           e ? e->message : "invalid", e ? e->schema_path : "");
    }
    jsonschema_errors_release(&errs);
    jsonschema_free(ms);
    return rc;
}

struct jsonschema *jsonschema_compile(struct jsonschema_registry *reg, json_t *schema,
                                      const char *base_uri, const struct jsonschema_options *opts,
                                      struct odp_error *err)
{
    struct jsonschema_options o = {0};
    if (opts)
        o = *opts;
    if (!o.default_draft)
        o.default_draft = JSONSCHEMA_DRAFT_2020_12;
    if (o.max_depth <= 0 || o.max_depth > MAX_SCOPE - 24)
        o.max_depth = o.max_depth > 0 ? MAX_SCOPE - 24 : 256;
    if (!o.max_errors)
        o.max_errors = 100;
    if (!schema || (!json_is_object(schema) && !json_is_boolean(schema))) {
        odp_error_set(err, ODP_EINVAL, "a schema must be a JSON object or boolean");
        return NULL;
    }
    if (o.check_metaschema && check_against_metaschema(reg, schema, o.default_draft, err))
        return NULL;

    struct jsonschema *s = calloc(1, sizeof(*s));
    if (!s)
        abort();
    s->schema = json_incref(schema);
    s->format_assert = o.format_assert;
    s->max_depth = o.max_depth;
    s->max_errors = o.max_errors;
    struct strbuf base = STRBUF_INIT;
    strip_fragment(base_uri ? base_uri : "", &base);
    struct compiler c = {0};
    c.reg = reg;
    c.s = s;
    c.err = err;
    c.ids.is_str = 1;
    c.anchors.is_str = 1;
    c.dynanchors.is_str = 1;
    c.root_uri = own_str(s, base.buf);
    c.default_draft = o.default_draft;
    add_document(&c, schema, base.buf, o.default_draft);
    strbuf_release(&base);
    if (!c.failed)
        s->root = compile_node(&c, schema);
    /* every $dynamicAnchor must have a node: the dynamic scope may pick it */
    for (size_t i = 0; i < s->nres && !c.failed; i++)
        for (size_t j = 0; j < s->res[i]->ndyn && !c.failed; j++) {
            struct node *dn = compile_node(&c, s->res[i]->dyn[j].js);
            s->res[i]->dyn[j].n = dn;
        }
    map_release(&c.info, NULL);
    map_release(&c.ids, NULL);
    map_release(&c.anchors, NULL);
    map_release(&c.dynanchors, NULL);
    map_release(&c.nodes, NULL);
    map_release(&c.doc_of, NULL);
    if (c.failed || !s->root) {
        if (!c.failed)
            odp_error_set(err, ODP_EINVAL, "the schema could not be compiled");
        jsonschema_free(s);
        return NULL;
    }
    return s;
}
