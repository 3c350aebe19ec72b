/*
 * jsonschema_uri.h: internal to the JSON Schema validator (lib/jsonschema*.c):
 * URI reference resolution and open-addressing hash maps keyed by string or
 * pointer. Not part of the public API (jsonschema.h).
 */
#ifndef ODP_JSONSCHEMA_URI_H
#define ODP_JSONSCHEMA_URI_H

#include <stddef.h>

#include "strbuf.h"

/* out = ref resolved against base (RFC 3986 5.2); base may be "" or NULL. */
void uri_resolve(const char *base, const char *ref, struct strbuf *out);

/* A hash map; zero-initialise with is_str set. String keys are copied and
 * freed by the map; pointer keys are not owned. Values are not owned unless a
 * free function is passed to map_release(). Allocation failure aborts. */
struct map {
    const void **keys;
    void **vals;
    size_t cap, n;
    int is_str;
};

void *map_get(const struct map *m, const void *key);
void map_put(struct map *m, const void *key, void *val);
void map_release(struct map *m, void (*free_val)(void *));

#endif
