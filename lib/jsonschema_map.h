/*
 * jsonschema_map.h: internal to the JSON Schema validator (lib/jsonschema*.c):
 * open-addressing hash maps keyed by string or pointer, and URI reference
 * resolution, which is lib/uri.h's (included here for the validator). Not
 * part of the public API (jsonschema.h).
 */
#ifndef ODP_JSONSCHEMA_MAP_H
#define ODP_JSONSCHEMA_MAP_H

#include <stddef.h>

#include "strbuf.h"
#include "uri.h" /* uri_resolve: $id and $ref against their base */

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
