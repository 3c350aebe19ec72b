/*
 * changes_head.c: see changes_head.h. The file is mapped, not read, and
 * passed over by the JSON Lines codec (jsonl.h) under JSONL_STRICT, which
 * checks what it passes over as jansson would; the values it keeps are handed
 * to jansson, which makes them. What it passes over (the long lists) is never
 * copied: the mapping's pages are the page cache's, read once in order.
 */
#include "changes_head.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonl.h"
#include "strbuf.h"

/* The value v parsed by jansson (new reference), or NULL. */
static json_t *parse(const struct jsonl_value *v)
{
    return json_loadb(v->text, v->len, JSON_DECODE_ANY, NULL);
}

/* The elements of the array at sc, the first keep of them parsed (new
 * reference), or NULL when it is no array. */
static json_t *array_head(struct jsonl_scanner *sc, size_t keep)
{
    json_t *a = json_array();
    struct jsonl_value v;
    if (jsonl_begin(sc))
        goto fail;
    for (size_t i = 0;; i++) {
        int r = jsonl_element(sc, i);
        if (r < 0)
            goto fail;
        if (r == 0)
            return a;
        if (jsonl_value(sc, &v))
            goto fail;
        if (i < keep) {
            json_t *e = parse(&v);
            if (!e)
                goto fail;
            json_array_append_new(a, e);
        }
    }
fail:
    json_decref(a);
    return NULL;
}

/* The members of the object text[0..len), reduced, into out: 0, or -1. */
static int read_head(const char *text, size_t len, size_t keep, json_t *out)
{
    struct jsonl_scanner sc;
    struct jsonl_value k, v;
    struct strbuf key = STRBUF_INIT, scratch = STRBUF_INIT;
    int rc = -1;
    jsonl_scanner_init(&sc, text, len, JSONL_STRICT);
    if (jsonl_peek(&sc) != '{' || jsonl_begin(&sc))
        goto out;
    for (size_t i = 0;; i++) {
        int r = jsonl_member(&sc, i, &k);
        if (r < 0)
            goto out;
        if (r == 0)
            break;
        size_t klen;
        const char *ks = jsonl_string(&k, &scratch, &klen);
        if (!ks)
            goto out;
        strbuf_reset(&key);
        strbuf_add(&key, ks, klen);
        char c = jsonl_peek(&sc);
        json_t *val = NULL;
        if (c == '[' && !strcmp(key.buf, "changed")) {
            if (!(val = array_head(&sc, keep)))
                goto out;
        } else {
            if (jsonl_value(&sc, &v))
                goto out;
            if (v.kind != JSONL_ARRAY && v.kind != JSONL_OBJECT && !(val = parse(&v)))
                goto out;
        }
        if (val)
            json_object_set_new(out, key.buf, val);
        else
            json_object_del(out, key.buf); /* a list passed over: the last one counts */
    }
    rc = jsonl_end(&sc);
out:
    strbuf_release(&key);
    strbuf_release(&scratch);
    return rc;
}

json_t *changes_head_read(const char *path, size_t keep)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size == 0) {
        close(fd);
        return NULL;
    }
    size_t len = (size_t)st.st_size;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return NULL;
    madvise(map, len, MADV_SEQUENTIAL);
    json_t *out = json_object();
    if (read_head(map, len, keep, out)) {
        json_decref(out);
        out = NULL;
    }
    munmap(map, len);
    return out;
}
