/*
 * jsonschema_map.c: the small hash maps the compiler indexes schemas with
 * (by URI, and by schema node). The resolution of $id and $ref against their
 * base is lib/uri.c's uri_resolve (RFC 3986 5.2, nothing normalised:
 * identifiers are compared as written, which is what the specification asks
 * for).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_map.h"
#include "xalloc.h"

/* ---- hash maps ---------------------------------------------------------- */

static uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static void map_grow(struct map *m);

static size_t map_slot(const struct map *m, const void *key, int is_str)
{
    uint64_t h = is_str ? hash_bytes(key, strlen(key)) : hash_ptr(key);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i]) {
        if (is_str ? !strcmp(m->keys[i], key) : m->keys[i] == key)
            return i;
        i = (i + 1) & (m->cap - 1);
    }
    return i;
}

static void map_grow(struct map *m)
{
    size_t oldcap = m->cap;
    const void **oldk = m->keys;
    void **oldv = m->vals;
    m->cap = oldcap ? oldcap * 2 : 16;
    m->keys = xcalloc(m->cap, sizeof(*m->keys));
    m->vals = xcalloc(m->cap, sizeof(*m->vals));
    for (size_t i = 0; i < oldcap; i++) {
        if (!oldk[i])
            continue;
        size_t j = map_slot(m, oldk[i], m->is_str);
        m->keys[j] = oldk[i];
        m->vals[j] = oldv[i];
    }
    free(oldk);
    free(oldv);
}

void *map_get(const struct map *m, const void *key)
{
    if (!m->cap)
        return NULL;
    size_t i = map_slot(m, key, m->is_str);
    return m->keys[i] ? m->vals[i] : NULL;
}

void map_put(struct map *m, const void *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap)
        map_grow(m);
    size_t i = map_slot(m, key, m->is_str);
    if (!m->keys[i]) {
        m->keys[i] = m->is_str ? xstrdup(key) : key;
        m->n++;
    }
    m->vals[i] = val;
}

void map_release(struct map *m, void (*free_val)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        if (m->is_str)
            free((void *)m->keys[i]);
        if (free_val)
            free_val(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}
