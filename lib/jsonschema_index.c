/*
 * jsonschema_index.c: the first half of compiling. Indexes every document a
 * schema reaches (its $id, $anchor and $dynamicAnchor, with the base URI,
 * draft and vocabularies in force at each subschema, chosen by $schema and
 * the meta-schema's $vocabulary), and resolves a $ref or $dynamicRef to the
 * subschema it names (a JSON Pointer or an anchor).
 *
 * It builds no nodes (jsonschema_compile.c does) and reads documents only
 * through the registry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"
#include "xalloc.h"

static struct resource *new_resource(struct compiler *c, const char *uri)
{
    struct resource *r = jsonschema_own_calloc(c->s, 1, sizeof(*r));
    r->uri = jsonschema_own_str(c->s, uri);
    ALLOC_GROW(c->s->res, c->s->nres + 1, c->s->capres);
    c->s->res[c->s->nres++] = r;
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
    jsonschema_strip_fragment(schema_uri, &u);
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
        jsonschema_compile_fail(c, "cannot find the meta-schema %s (not in the registry)", u.buf);
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
                jsonschema_compile_fail(c, "meta-schema %s requires the unknown vocabulary %s",
                                        u.buf, k);
                strbuf_release(&u);
                return 0;
            }
            *vocab |= bit;
        }
    }
    strbuf_release(&u);
    return 1;
}

void jsonschema_pointer_append(struct strbuf *ptr, const char *tok)
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
    jsonschema_pointer_append(ptr, tok1);
    if (tok2)
        jsonschema_pointer_append(ptr, tok2);
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
        jsonschema_compile_fail(c, "%s: schema nests too deeply", docuri);
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
            struct sinfo *si = jsonschema_own_calloc(c->s, 1, sizeof(*si));
            *si = (struct sinfo){jsonschema_own_str(c->s, base), jsonschema_own_str(c->s, loc.buf),
                                 res, draft, vocab};
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
                jsonschema_strip_fragment(full.buf, &nb);
                const char *frag = strchr(full.buf, '#');
                if (draft == JSONSCHEMA_DRAFT_7 && frag && frag[1])
                    map_put(&c->anchors, full.buf, s);
                strbuf_release(&full);
                base = jsonschema_own_str(c->s, nb.buf);
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
                struct dynanchor da = {jsonschema_own_str(c->s, json_string_value(a)), s, NULL};
                ALLOC_GROW(res->dyn, res->ndyn + 1, res->cap);
                res->dyn[res->ndyn++] = da;
            }
        }
    }
    struct sinfo *si = jsonschema_own_calloc(c->s, 1, sizeof(*si));
    *si = (struct sinfo){jsonschema_own_str(c->s, base), jsonschema_own_str(c->s, loc.buf), res,
                         draft, vocab};
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
void jsonschema_index_document(struct compiler *c, json_t *doc, const char *uri, int draft)
{
    const char *u = jsonschema_own_str(c->s, uri);
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
    doc = jsonschema_registry_lookup(c->reg, uri, &lerr);
    if (!doc) {
        if (lerr.code)
            jsonschema_compile_fail(c, "%s", lerr.msg);
        return NULL;
    }
    json_incref(doc);
    ALLOC_GROW(c->s->docs, c->s->ndocs + 1, c->s->capdocs);
    c->s->docs[c->s->ndocs++] = doc;
    jsonschema_index_document(c, doc, uri, draft);
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
json_t *jsonschema_resolve_ref(struct compiler *c, const char *ref, const char *base, int draft,
                               struct strbuf *full)
{
    uri_resolve(base, ref, full);
    struct strbuf u = STRBUF_INIT;
    jsonschema_strip_fragment(full->buf, &u);
    const char *frag = strchr(full->buf, '#');
    frag = frag ? frag + 1 : "";
    json_t *doc = load_doc(c, u.buf, draft);
    json_t *target = NULL;
    if (!doc) {
        if (!c->failed)
            jsonschema_compile_fail(c, "cannot resolve $ref \"%s\": %s is not in the registry", ref,
                                    u.buf);
    } else if (!*frag) {
        target = doc;
    } else if (frag[0] == '/') {
        struct strbuf dec = STRBUF_INIT;
        percent_decode(frag, &dec);
        target = json_pointer_get(doc, dec.buf);
        strbuf_release(&dec);
        if (!target)
            jsonschema_compile_fail(c, "cannot resolve $ref \"%s\": no %s in %s", ref, frag, u.buf);
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
            jsonschema_compile_fail(c, "cannot resolve $ref \"%s\": no anchor \"%s\" in %s", ref,
                                    frag, u.buf);
    }
    strbuf_release(&u);
    return target;
}
