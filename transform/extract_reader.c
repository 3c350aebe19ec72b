/* extract_reader.c: see extract_reader.h. Lines are read by the JSON Lines
 * codec (jsonl.h); this builds jansson values from its spans. */
#include "extract_reader.h"

#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

int extract_reader_load(struct extract_reader *r, FILE *fp, const char *path, struct odp_error *err)
{
    strbuf_reset(&r->buf);
    r->pos = 0;
    r->lineno = 0;
    r->path = path;
    for (;;) {
        strbuf_grow(&r->buf, 1 << 16);
        size_t n = fread(r->buf.buf + r->buf.len, 1, r->buf.alloc - r->buf.len - 1, fp);
        strbuf_setlen(&r->buf, r->buf.len + n);
        if (n == 0)
            break;
    }
    if (ferror(fp))
        return odp_error_set(err, ODP_EIO, "%s: cannot read", path);
    return ODP_OK;
}

void extract_reader_release(struct extract_reader *r)
{
    strbuf_release(&r->buf);
    strbuf_release(&r->scratch);
}

/* ---- values built from the codec's spans: NULL means "not taken" ----------- */

/* The codec's contract here: what jansson takes (JSONL_STRICT), numbers as
 * integers that fit (JSONL_INT18); anything else is left to json_loadb. */
#define READER_FLAGS (JSONL_STRICT | JSONL_INT18)

enum { MAX_DEPTH = 64 }; /* deeper lines go to json_loadb, which allows 2048 */

static json_t *build_value(struct jsonl_scanner *sc, struct strbuf *scratch);

static json_t *build_object(struct jsonl_scanner *sc, struct strbuf *scratch)
{
    json_t *o = json_object();
    struct jsonl_value k;
    jsonl_begin(sc);
    for (size_t i = 0;; i++) {
        int r = jsonl_member(sc, i, &k);
        if (r == 0)
            return o;
        size_t klen;
        const char *key = r < 0 ? NULL : jsonl_string(&k, scratch, &klen);
        if (!key)
            break;
        /* an unescaped key stays in the line; an escaped one is copied out of
         * scratch, which the value may need */
        char small[256];
        if (key == scratch->buf) {
            if (klen >= sizeof(small))
                break;
            memcpy(small, key, klen);
            key = small;
        }
        json_t *v = build_value(sc, scratch);
        if (!v || json_object_setn_new_nocheck(o, key, klen, v))
            break;
    }
    json_decref(o);
    return NULL;
}

static json_t *build_array(struct jsonl_scanner *sc, struct strbuf *scratch)
{
    json_t *a = json_array();
    jsonl_begin(sc);
    for (size_t i = 0;; i++) {
        int r = jsonl_element(sc, i);
        if (r == 0)
            return a;
        json_t *v = r < 0 ? NULL : build_value(sc, scratch);
        if (!v || json_array_append_new(a, v))
            break;
    }
    json_decref(a);
    return NULL;
}

static json_t *build_value(struct jsonl_scanner *sc, struct strbuf *scratch)
{
    char c = jsonl_peek(sc);
    if (c == '{' || c == '[') {
        if (sc->depth >= MAX_DEPTH)
            return NULL;
        return c == '{' ? build_object(sc, scratch) : build_array(sc, scratch);
    }
    struct jsonl_value v;
    if (jsonl_value(sc, &v))
        return NULL;
    switch (v.kind) {
    case JSONL_STRING: {
        size_t len;
        const char *s = jsonl_string(&v, scratch, &len);
        return s ? json_stringn_nocheck(s, len) : NULL;
    }
    case JSONL_INTEGER: {
        long long i;
        return jsonl_integer(&v, &i) ? NULL : json_integer(i);
    }
    case JSONL_TRUE: return json_true();
    case JSONL_FALSE: return json_false();
    case JSONL_NULL: return json_null();
    default: return NULL;
    }
}

json_t *extract_reader_next(struct extract_reader *r, struct odp_error *err)
{
    if (err)
        err->code = 0;
    while (r->pos < r->buf.len) {
        const char *line = r->buf.buf + r->pos;
        const char *nl = memchr(line, '\n', r->buf.len - r->pos);
        size_t n = nl ? (size_t)(nl - line) + 1 : r->buf.len - r->pos;
        r->pos += n;
        r->lineno++;
        if (line[0] == '\n')
            continue;
        struct jsonl_scanner sc;
        jsonl_scanner_init(&sc, line, n, READER_FLAGS);
        json_t *v = NULL;
        char c = jsonl_peek(&sc);
        if (c == '{' || c == '[')
            v = build_value(&sc, &r->scratch);
        if (v) {
            if (!jsonl_end(&sc))
                return v;
            json_decref(v);
        }
        json_error_t je;
        v = json_loadb(line, n, 0, &je);
        if (!v)
            odp_error_set(err, ODP_EPARSE, "%s:%ld: %s", r->path, r->lineno, je.text);
        return v;
    }
    return NULL;
}
