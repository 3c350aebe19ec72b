/*
 * jsonschema_compile.c: turns each subschema into a struct node: one flat
 * record per schema with the keywords that apply, $ref already pointing at
 * its target node, property names in a small hash table and regexes
 * compiled. Cycles are fine: a node is registered before its children are
 * compiled. jsonschema_compile() also checks a schema against its
 * meta-schema when asked.
 *
 * Finding what a $ref names is jsonschema_index.c's; checking an instance is
 * jsonschema_validate.c's. It does not do draft 4/6 specifics (they are read
 * as draft-07), $recursiveRef (2019-09) or content decoding.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"
#include "xalloc.h"

static void *own(struct jsonschema *s, void *p)
{
    ALLOC_GROW(s->owned, s->nowned + 1, s->capowned);
    s->owned[s->nowned++] = p;
    return p;
}

void *jsonschema_own_calloc(struct jsonschema *s, size_t n, size_t size)
{
    return own(s, xcalloc(n ? n : 1, size));
}

const char *jsonschema_own_str(struct jsonschema *s, const char *str)
{
    return own(s, xstrdup(str));
}

const char *jsonschema_own_memdup(struct jsonschema *s, const char *p, size_t len)
{
    return own(s, xmemdup(p, len));
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

int jsonschema_compile_fail(struct compiler *c, const char *fmt, ...)
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

static struct node *compile_node(struct compiler *c, json_t *s);

static struct node *compile_ref(struct compiler *c, json_t *refv, const struct sinfo *si)
{
    if (!json_is_string(refv)) {
        jsonschema_compile_fail(c, "%s: $ref must be a string", si->loc);
        return NULL;
    }
    struct strbuf full = STRBUF_INIT;
    json_t *t = jsonschema_resolve_ref(c, json_string_value(refv), si->base, si->draft, &full);
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
        return jsonschema_compile_fail(c, "%s/%s must be a non-negative integer", si->loc, kw);
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
        return jsonschema_compile_fail(c, "%s/%s must be a number", si->loc, kw);
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
        jsonschema_compile_fail(c, "%s/%s must be a non-empty array of schemas", si->loc, kw);
        return NULL;
    }
    *n = json_array_size(arr);
    struct node **v = jsonschema_own_calloc(c->s, *n, sizeof(*v));
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

/* Index every name of "properties" and "required" in n->ktab; a required name
 * that "properties" lacks gets a key of its own. */
static void build_key_table(struct compiler *c, struct node *n)
{
    if (!n->nprops && !n->nrequired)
        return;
    size_t cap = n->nprops + n->nrequired;
    struct okey *keys = jsonschema_own_calloc(c->s, cap, sizeof(*keys));
    if (n->nprops)
        memcpy(keys, n->keys, n->nprops * sizeof(*keys));
    n->keys = keys;
    uint32_t size = 4;
    while (size < 2 * cap)
        size *= 2;
    n->ktab = jsonschema_own_calloc(c->s, size, sizeof(*n->ktab));
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
            jsonschema_compile_fail(c, "%s/properties must be an object", si->loc);
            return;
        }
        n->nprops = json_object_size(v);
        n->keys = jsonschema_own_calloc(c->s, n->nprops, sizeof(*n->keys));
        const char *k;
        size_t klen;
        json_t *e;
        json_object_keylen_foreach(v, k, klen, e)
        {
            struct okey *p = &n->keys[n->nkeys++];
            p->name = jsonschema_own_memdup(c->s, k, klen);
            p->len = klen;
            p->n = compile_node(c, e);
        }
        n->obj_checks = 1;
    }
    if (app && (v = json_object_get(s, "patternProperties"))) {
        if (!json_is_object(v)) {
            jsonschema_compile_fail(c, "%s/patternProperties must be an object", si->loc);
            return;
        }
        n->npprops = json_object_size(v);
        n->pprops = jsonschema_own_calloc(c->s, n->npprops, sizeof(*n->pprops));
        size_t i = 0;
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e)
        {
            struct odp_error rerr = {0};
            n->pprops[i].re = jsonschema_regex_new(k, &rerr);
            if (!n->pprops[i].re) {
                jsonschema_compile_fail(c, "%s/patternProperties: %s", si->loc, rerr.msg);
                return;
            }
            ALLOC_GROW(c->s->regexes, c->s->nregexes + 1, c->s->capregexes);
            c->s->regexes[c->s->nregexes++] = n->pprops[i].re;
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
            jsonschema_compile_fail(c, "%s/required must be an array of strings", si->loc);
            return;
        }
        n->nrequired = json_array_size(v);
        n->required = jsonschema_own_calloc(c->s, n->nrequired, sizeof(char *));
        n->required_len = jsonschema_own_calloc(c->s, n->nrequired, sizeof(size_t));
        for (size_t i = 0; i < n->nrequired; i++) {
            json_t *e = json_array_get(v, i);
            if (!json_is_string(e)) {
                jsonschema_compile_fail(c, "%s/required must be an array of strings", si->loc);
                return;
            }
            n->required_len[i] = json_string_length(e);
            n->required[i] = jsonschema_own_memdup(c->s, json_string_value(e), n->required_len[i]);
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
                struct depreq dr = {jsonschema_own_str(c->s, k), NULL, json_array_size(e)};
                dr.req = jsonschema_own_calloc(c->s, dr.nreq, sizeof(char *));
                for (size_t i = 0; i < dr.nreq; i++) {
                    json_t *x = json_array_get(e, i);
                    if (!json_is_string(x)) {
                        jsonschema_compile_fail(c, "%s/%s/%s must list property names", si->loc,
                                                dkws[d], k);
                        return;
                    }
                    dr.req[i] = jsonschema_own_str(c->s, json_string_value(x));
                }
                struct depreq *nd = jsonschema_own_calloc(c->s, n->ndreq + 1, sizeof(*nd));
                if (n->ndreq)
                    memcpy(nd, n->dreq, n->ndreq * sizeof(*nd));
                nd[n->ndreq++] = dr;
                n->dreq = nd;
            } else if ((json_is_object(e) || json_is_boolean(e)) && d != 0) {
                struct depsch *nd = jsonschema_own_calloc(c->s, n->ndsch + 1, sizeof(*nd));
                if (n->ndsch)
                    memcpy(nd, n->dsch, n->ndsch * sizeof(*nd));
                nd[n->ndsch].name = jsonschema_own_str(c->s, k);
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
        jsonschema_compile_fail(c, "internal error: a subschema was not indexed");
        return NULL;
    }
    if (++c->depth > 1000) {
        jsonschema_compile_fail(c, "%s: schema nests or refers too deeply", si->loc);
        return NULL;
    }
    n = jsonschema_own_calloc(c->s, 1, sizeof(*n));
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
        jsonschema_compile_fail(c, "%s: a schema must be an object or a boolean", si->loc);
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
            jsonschema_compile_fail(c, "%s: $dynamicRef must be a string", si->loc);
            return NULL;
        }
        struct strbuf full = STRBUF_INIT;
        json_t *t = jsonschema_resolve_ref(c, json_string_value(v), si->base, si->draft, &full);
        if (t) {
            n->dynref = compile_node(c, t);
            const char *frag = strchr(full.buf, '#');
            if (frag && frag[1] && frag[1] != '/' && map_get(&c->dynanchors, full.buf))
                n->dyn_name = jsonschema_own_str(c->s, frag + 1);
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
                jsonschema_compile_fail(c, "%s/type names no JSON type", si->loc);
        }
        if ((v = json_object_get(s, "const"))) {
            n->has_const = 1;
            n->const_ = v;
        }
        if ((v = json_object_get(s, "enum"))) {
            if (!json_is_array(v))
                jsonschema_compile_fail(c, "%s/enum must be an array", si->loc);
            n->enum_ = v;
            size_t ne = json_array_size(v), i;
            json_t *e;
            n->enum_strs = jsonschema_own_calloc(c->s, ne, sizeof(*n->enum_strs));
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
            jsonschema_compile_fail(c, "%s/multipleOf must be greater than 0", si->loc);
        get_count(c, s, "minLength", si, &n->minlen);
        get_count(c, s, "maxLength", si, &n->maxlen);
        if ((v = json_object_get(s, "pattern"))) {
            struct odp_error rerr = {0};
            if (!json_is_string(v))
                jsonschema_compile_fail(c, "%s/pattern must be a string", si->loc);
            else if (!(n->pattern = jsonschema_regex_new(json_string_value(v), &rerr)))
                jsonschema_compile_fail(c, "%s/pattern: %s", si->loc, rerr.msg);
            else {
                ALLOC_GROW(c->s->regexes, c->s->nregexes + 1, c->s->capregexes);
                c->s->regexes[c->s->nregexes++] = n->pattern;
            }
        }
    }
    if ((voc & (V_FORMAT_ANNOTATION | V_FORMAT_ASSERTION)) &&
        json_is_string(v = json_object_get(s, "format"))) {
        n->format = jsonschema_own_str(c->s, json_string_value(v));
        n->format_assert = (voc & V_FORMAT_ASSERTION) != 0;
    }
    n->str_checks = n->minlen >= 0 || n->maxlen >= 0 || n->pattern || n->format;
    n->value_checks = n->has_const || n->enum_ || n->str_checks || n->numflags;
    n->simple = !n->ref && !n->dynref && !n->nallof && !n->nanyof && !n->noneof && !n->not_ &&
                !n->if_ && !n->obj_checks && !n->arr_checks && !n->needs_ev;
    c->depth--;
    return n;
}

static int check_against_metaschema(struct jsonschema_registry *reg, json_t *schema, int draft,
                                    struct odp_error *err)
{
    const char *meta = draft == JSONSCHEMA_DRAFT_7 ? "http://json-schema.org/draft-07/schema"
                                                   : "https://json-schema.org/draft/2020-12/schema";
    json_t *sv = json_is_object(schema) ? json_object_get(schema, "$schema") : NULL;
    if (json_is_string(sv))
        meta = json_string_value(sv);
    struct strbuf u = STRBUF_INIT;
    jsonschema_strip_fragment(meta, &u);
    struct odp_error lerr = {0};
    json_t *mdoc = jsonschema_registry_lookup(reg, u.buf, &lerr);
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

    struct jsonschema *s = xcalloc(1, sizeof(*s));
    s->schema = json_incref(schema);
    s->format_assert = o.format_assert;
    s->max_depth = o.max_depth;
    s->max_errors = o.max_errors;
    struct strbuf base = STRBUF_INIT;
    jsonschema_strip_fragment(base_uri ? base_uri : "", &base);
    struct compiler c = {0};
    c.reg = reg;
    c.s = s;
    c.err = err;
    c.ids.is_str = 1;
    c.anchors.is_str = 1;
    c.dynanchors.is_str = 1;
    c.root_uri = jsonschema_own_str(s, base.buf);
    c.default_draft = o.default_draft;
    jsonschema_index_document(&c, schema, base.buf, o.default_draft);
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
