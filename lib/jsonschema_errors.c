/*
 * jsonschema_errors.c: the validator's error list (struct
 * jsonschema_errors): an instance location turned into a JSON Pointer, the
 * schema keyword's location, and a message naming the value.
 *
 * Only called when a check failed; it does not decide what is an error.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"
#include "xalloc.h"

static void path_to_pointer(const struct ipath *ip, struct strbuf *out)
{
    if (!ip)
        return;
    path_to_pointer(ip->up, out);
    if (ip->key)
        jsonschema_pointer_append(out, ip->key);
    else
        strbuf_addf(out, "/%zu", ip->idx);
}

/* A short rendering of a value for messages. */
void jsonschema_show_value(json_t *v, struct strbuf *out)
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

void jsonschema_report(struct vctx *c, const struct ipath *ip, const struct node *n, const char *kw,
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
    ALLOC_GROW(e->items, e->count + 1, e->alloc);
    e->items[e->count++] = item;
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
