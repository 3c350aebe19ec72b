/*
 * jsonschema_validate.c: checking an instance against a compiled schema,
 * keyword by keyword (jsonschema_validate()).
 *
 * It walks nodes and instance together. Nothing is allocated on the way
 * unless an error is reported, unevaluatedProperties/Items needs to know
 * what was evaluated, or propertyNames needs a key as a JSON value. Instance
 * paths live on the C stack and are only turned into JSON Pointers for an
 * error (jsonschema_errors.c). Depth is bounded (max_depth) so a $ref cycle
 * or a deeply nested instance fails with an error instead of overflowing
 * the stack.
 *
 * Value comparisons (equality, uniqueness, multiples) are in
 * jsonschema_value.c, formats in jsonschema_format.c, regexes in
 * jsonschema_regex.c; the flat-record fast path in jsonschema_fields.c; what
 * a subschema evaluated (for unevaluated*) in jsonschema_eval.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"
#include "xalloc.h"

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
                jsonschema_show_value(inst, &v);
            jsonschema_report(c, ip, n, "minLength", "%s is shorter than %lld characters", v.buf,
                              n->minlen);
            strbuf_release(&v);
            FAIL_IF_QUIET();
        }
        if (n->maxlen >= 0 && cps > (size_t)n->maxlen) {
            struct strbuf v = STRBUF_INIT;
            if (c->errs)
                jsonschema_show_value(inst, &v);
            jsonschema_report(c, ip, n, "maxLength", "%s is longer than %lld characters", v.buf,
                              n->maxlen);
            strbuf_release(&v);
            FAIL_IF_QUIET();
        }
    }
    if (n->pattern) {
        int m = jsonschema_regex_search(n->pattern, s, len);
        if (m <= 0) {
            struct strbuf v = STRBUF_INIT;
            if (c->errs)
                jsonschema_show_value(inst, &v);
            if (m < 0) {
                c->limit_hit = 1;
                jsonschema_report(c, ip, n, "pattern",
                                  "matching %s against %s hit the backtracking limit", v.buf,
                                  jsonschema_regex_pattern(n->pattern));
            } else
                jsonschema_report(c, ip, n, "pattern", "%s does not match %s", v.buf,
                                  jsonschema_regex_pattern(n->pattern));
            strbuf_release(&v);
            FAIL_IF_QUIET();
        }
    }
    if (n->format && (n->format_assert || c->s->format_assert)) {
        if (jsonschema_format_check(n->format, s, len) == 0) {
            struct strbuf v = STRBUF_INIT;
            if (c->errs)
                jsonschema_show_value(inst, &v);
            jsonschema_report(c, ip, n, "format", "%s is not a valid %s", v.buf, n->format);
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
        jsonschema_num_text(&xn, x, sizeof(x));
    }
    if ((n->numflags & HAS_MIN) && num_cmp(inst, &n->min) < 0) {
        if (c->errs)
            jsonschema_num_text(&n->min, b, sizeof(b));
        jsonschema_report(c, ip, n, "minimum", "%s is less than the minimum %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_MAX) && num_cmp(inst, &n->max) > 0) {
        if (c->errs)
            jsonschema_num_text(&n->max, b, sizeof(b));
        jsonschema_report(c, ip, n, "maximum", "%s is greater than the maximum %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_EXMIN) && num_cmp(inst, &n->exmin) <= 0) {
        if (c->errs)
            jsonschema_num_text(&n->exmin, b, sizeof(b));
        jsonschema_report(c, ip, n, "exclusiveMinimum", "%s is not greater than %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_EXMAX) && num_cmp(inst, &n->exmax) >= 0) {
        if (c->errs)
            jsonschema_num_text(&n->exmax, b, sizeof(b));
        jsonschema_report(c, ip, n, "exclusiveMaximum", "%s is not less than %s", x, b);
        FAIL_IF_QUIET();
    }
    if ((n->numflags & HAS_MULT) && !jsonschema_is_multiple(inst, &n->mult)) {
        if (c->errs)
            jsonschema_num_text(&n->mult, b, sizeof(b));
        jsonschema_report(c, ip, n, "multipleOf", "%s is not a multiple of %s", x, b);
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
        if (jsonschema_value_equal(json_array_get(n->enum_, i), v))
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
            jsonschema_types_text(n->types, &t);
            jsonschema_show_value(inst, &v);
        }
        jsonschema_report(c, ip, n, "type", "%s is %s, not %s", v.buf, jsonschema_type_name(inst),
                          t.buf);
        strbuf_release(&t);
        strbuf_release(&v);
        FAIL_IF_QUIET();
    }
    if (n->has_const && !jsonschema_value_equal(n->const_, inst)) {
        struct strbuf v = STRBUF_INIT;
        if (c->errs)
            jsonschema_show_value(n->const_, &v);
        jsonschema_report(c, ip, n, "const", "must be %s", v.buf);
        strbuf_release(&v);
        FAIL_IF_QUIET();
    }
    if (n->enum_ && !enum_match(n, inst)) {
        struct strbuf v = STRBUF_INIT, l = STRBUF_INIT;
        if (c->errs) {
            jsonschema_show_value(inst, &v);
            jsonschema_show_value(n->enum_, &l);
        }
        jsonschema_report(c, ip, n, "enum", "%s is not one of %s", v.buf, l.buf);
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
        jsonschema_report(c, ip, n, kw_min, "has %zu %s, fewer than %lld", size, noun, min);
        FAIL_IF_QUIET();
    }
    if (max >= 0 && size > (size_t)max) {
        jsonschema_report(c, ip, n, kw_max, "has %zu %s, more than %lld", size, noun, max);
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
                jsonschema_report(c, ip, n, "required", "required property \"%s\" is missing",
                                  n->required[i]);
                FAIL_IF_QUIET();
            }
        }
    }
    for (size_t i = 0; i < n->ndreq; i++) {
        if (!json_object_get(inst, n->dreq[i].name))
            continue;
        for (size_t j = 0; j < n->dreq[i].nreq; j++)
            if (!json_object_get(inst, n->dreq[i].req[j])) {
                jsonschema_report(c, ip, n, "dependentRequired",
                                  "property \"%s\" is required when \"%s\" is present",
                                  n->dreq[i].req[j], n->dreq[i].name);
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
                    jsonschema_report(c, ip, n, "propertyNames",
                                      "property name \"%s\" is not allowed", key);
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
                    jsonschema_report(c, &kp, n, "patternProperties",
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
                    jsonschema_report(c, ip, n, "additionalProperties",
                                      "property \"%s\" is not allowed", key);
                    FAIL_IF_QUIET();
                } else if (!v_node(c, n->addprops, val, &kp, NULL))
                    FAIL_IF_QUIET();
                matched = 1;
            }
            if (matched && ev && !ev->all_props)
                jsonschema_eval_add_key(ev, key);
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
            jsonschema_report(c, ip, n, "dependentSchemas",
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
        long long dup = jsonschema_first_duplicate(inst, &first);
        if (dup >= 0) {
            jsonschema_report(c, ip, n, "uniqueItems",
                              "items %zu and %lld are equal, items must be unique", first, dup);
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
                jsonschema_report(c, ip, n, "items", "has %zu items, at most %zu are allowed", size,
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
                    jsonschema_eval_mark(ev, i, size);
                else if (n->maxcontains < 0 && count >= n->mincontains)
                    break;
            }
        }
        if (count < n->mincontains) {
            if (n->mincontains == 1)
                jsonschema_report(c, ip, n, "contains", "no item matches the \"contains\" schema");
            else
                jsonschema_report(c, ip, n, "minContains",
                                  "%lld items match the \"contains\" schema, fewer than %lld",
                                  count, n->mincontains);
            FAIL_IF_QUIET();
        }
        if (n->maxcontains >= 0 && count > n->maxcontains) {
            jsonschema_report(c, ip, n, "maxContains",
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

/* One node against one instance: the value, object and array keywords,
 * then the applicators ($ref, $dynamicRef, allOf, anyOf, oneOf, not,
 * if/then/else), then unevaluatedProperties/Items.
 * long: it is the recursion every subschema goes through, and keeping the
 * applicators in one frame keeps the dynamic scope push/pop, the depth count
 * and the annotation merge (local -> ev) in one place that every exit passes
 * through ("done:"). The keyword families it can hand off without that state
 * are in v_value, v_object and v_array. */
static int v_node(struct vctx *c, const struct node *n, json_t *inst, const struct ipath *ip,
                  struct eval *ev)
{
    if (n->kind == K_TRUE)
        return 1;
    if (n->kind == K_FALSE) {
        jsonschema_report(c, ip, n, "", "no value is allowed here");
        return 0;
    }
    if (c->depth >= c->s->max_depth || c->nscope >= MAX_SCOPE) {
        c->limit_hit = 1;
        jsonschema_report(
            c, ip, n, "",
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
                    jsonschema_eval_merge(e, &t);
            }
            jsonschema_eval_release(&t);
            if (any && !e)
                break;
        }
        if (!any) {
            jsonschema_report(c, ip, n, "anyOf", "matches none of the %zu schemas in \"anyOf\"",
                              n->nanyof);
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
                        jsonschema_eval_merge(e, &t);
                } else
                    second = i;
                count++;
            }
            jsonschema_eval_release(&t);
        }
        if (count == 0) {
            jsonschema_report(c, ip, n, "oneOf", "matches none of the %zu schemas in \"oneOf\"",
                              n->noneof);
            FAIL_IF_QUIET();
        } else if (count > 1) {
            jsonschema_report(c, ip, n, "oneOf",
                              "matches schemas %zu and %zu of \"oneOf\", not exactly one", first,
                              second);
            FAIL_IF_QUIET();
        }
    }
    if (n->not_ && v_quiet(c, n->not_, inst, ip, NULL)) {
        jsonschema_report(c, ip, n, "not", "matches the schema in \"not\"");
        FAIL_IF_QUIET();
    }
    if (n->if_) {
        struct eval t = {0};
        if (v_quiet(c, n->if_, inst, ip, e ? &t : NULL)) {
            if (e)
                jsonschema_eval_merge(e, &t);
            if (n->then_ && !v_node(c, n->then_, inst, ip, e)) {
                jsonschema_eval_release(&t);
                FAIL_IF_QUIET();
            }
        } else if (n->else_ && !v_node(c, n->else_, inst, ip, e)) {
            jsonschema_eval_release(&t);
            FAIL_IF_QUIET();
        }
        jsonschema_eval_release(&t);
    }
    if (n->uprops && json_is_object(inst) && !e->all_props) {
        const char *key;
        json_t *val;
        json_object_foreach(inst, key, val)
        {
            if (jsonschema_eval_has_key(e, key))
                continue;
            struct ipath kp = {ip, key, 0};
            if (n->uprops->kind == K_FALSE) {
                jsonschema_report(c, ip, n, "unevaluatedProperties",
                                  "property \"%s\" is not allowed", key);
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
                jsonschema_report(c, &kp, n, "unevaluatedItems", "item %zu is not allowed", i);
                FAIL_IF_QUIET();
            } else if (!v_node(c, n->uitems, json_array_get(inst, i), &kp, NULL))
                FAIL_IF_QUIET();
        }
        e->all_items = 1;
    }
done:
    if (n->needs_ev) {
        if (ok && ev)
            jsonschema_eval_merge(ev, &local);
        jsonschema_eval_release(&local);
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
