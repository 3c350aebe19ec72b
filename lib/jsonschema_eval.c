/*
 * jsonschema_eval.c: what a subschema evaluated (struct eval): the property
 * names and item indexes that unevaluatedProperties and unevaluatedItems
 * must not look at again. Only schemas that use those keywords (needs_ev)
 * collect it; for all others validation passes NULL and none of this runs.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"
#include "xalloc.h"

void jsonschema_eval_release(struct eval *e)
{
    free(e->keys);
    free(e->marks);
}

void jsonschema_eval_add_key(struct eval *e, const char *k)
{
    ALLOC_GROW(e->keys, e->nkeys + 1, e->capkeys);
    e->keys[e->nkeys++] = k;
}

int jsonschema_eval_has_key(const struct eval *e, const char *k)
{
    for (size_t i = 0; i < e->nkeys; i++)
        if (!strcmp(e->keys[i], k))
            return 1;
    return 0;
}

void jsonschema_eval_mark(struct eval *e, size_t i, size_t len)
{
    if (!e->marks) {
        e->marks = xcalloc(len ? len : 1, 1);
        e->nmarks = len;
    }
    if (i < e->nmarks)
        e->marks[i] = 1;
}

void jsonschema_eval_merge(struct eval *dst, const struct eval *src)
{
    dst->all_props |= src->all_props;
    for (size_t i = 0; i < src->nkeys; i++)
        jsonschema_eval_add_key(dst, src->keys[i]);
    dst->all_items |= src->all_items;
    if (src->upto > dst->upto)
        dst->upto = src->upto;
    for (size_t i = 0; i < src->nmarks; i++)
        if (src->marks[i])
            jsonschema_eval_mark(dst, i, src->nmarks);
}
