/*
 * jsonschema_fields.c: jsonschema_validate_fields(), validating a flat
 * record given as fields (key, kind, text) without building a JSON value:
 * the same walk as the validator's fast path for an object, for the
 * schemas it can decide (leaf properties, required, additionalProperties).
 *
 * It reports no errors and returns -1 for any schema it cannot decide, so
 * the caller falls back to jsonschema_validate().
 */
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"

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
