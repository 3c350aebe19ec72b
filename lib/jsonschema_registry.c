/*
 * jsonschema_registry.c: the documents a schema may refer to (jsonschema.h's
 * registry): added by URI, or read on demand from a folder mapped to a URI
 * prefix, and the bundled meta-schemas.
 *
 * It does not fetch anything from the network, and does not index a
 * document's subschemas (jsonschema_index.c does, per compile).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonschema_internal.h"
#include "xalloc.h"

/* ---- registry ------------------------------------------------------------- */

struct prefix_map {
    char *prefix;
    char *dir;
};

struct jsonschema_registry {
    struct map docs; /* uri -> json_t* (owned reference) */
    struct prefix_map *maps;
    size_t nmaps, alloc_maps;
};

struct jsonschema_registry *jsonschema_registry_new(void)
{
    struct jsonschema_registry *reg = xcalloc(1, sizeof(*reg));
    reg->docs.is_str = 1;
    return reg;
}

static void decref_val(void *v)
{
    json_decref(v);
}

void jsonschema_registry_free(struct jsonschema_registry *reg)
{
    if (!reg)
        return;
    map_release(&reg->docs, decref_val);
    for (size_t i = 0; i < reg->nmaps; i++) {
        free(reg->maps[i].prefix);
        free(reg->maps[i].dir);
    }
    free(reg->maps);
    free(reg);
}

void jsonschema_strip_fragment(const char *uri, struct strbuf *out)
{
    strbuf_reset(out);
    strbuf_add(out, uri, strcspn(uri, "#"));
}

int jsonschema_registry_add(struct jsonschema_registry *reg, const char *uri, json_t *doc,
                            struct odp_error *err)
{
    if (!uri || !doc)
        return odp_error_set(err, ODP_EINVAL, "registry: a schema needs a URI and a document");
    struct strbuf u = STRBUF_INIT;
    jsonschema_strip_fragment(uri, &u);
    json_t *old = map_get(&reg->docs, u.buf);
    json_incref(doc);
    map_put(&reg->docs, u.buf, doc);
    json_decref(old);
    strbuf_release(&u);
    return ODP_OK;
}

int jsonschema_registry_map(struct jsonschema_registry *reg, const char *prefix, const char *dir,
                            struct odp_error *err)
{
    if (!prefix || !*prefix || !dir || !*dir)
        return odp_error_set(err, ODP_EINVAL, "registry: a mapping needs PREFIX=DIR");
    ALLOC_GROW(reg->maps, reg->nmaps + 1, reg->alloc_maps);
    reg->maps[reg->nmaps].prefix = xstrdup(prefix);
    reg->maps[reg->nmaps].dir = xstrdup(dir);
    reg->nmaps++;
    return ODP_OK;
}

static int add_schema_file(struct jsonschema_registry *reg, const char *path, struct odp_error *err)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc)
        return odp_error_set(err, ODP_EPARSE, "%s:%d: %s", path, je.line, je.text);
    json_t *id = json_object_get(doc, "$id");
    if (!json_is_string(id))
        id = json_object_get(doc, "id");
    int rc = ODP_OK;
    if (json_is_string(id))
        rc = jsonschema_registry_add(reg, json_string_value(id), doc, err);
    else
        rc = odp_error_set(err, ODP_EINVAL, "%s: meta-schema has no $id", path);
    json_decref(doc);
    return rc;
}

int jsonschema_registry_add_metaschemas(struct jsonschema_registry *reg, const char *dir,
                                        struct odp_error *err)
{
    static const char *const files[] = {"2020-12/schema.json", "draft-07/schema.json"};
    struct strbuf p = STRBUF_INIT;
    int found = 0;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", dir, files[i]);
        FILE *fp = fopen(p.buf, "r");
        if (!fp)
            continue;
        fclose(fp);
        int rc = add_schema_file(reg, p.buf, err);
        if (rc) {
            strbuf_release(&p);
            return rc;
        }
        found++;
    }
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/2020-12/meta", dir);
    DIR *d = opendir(p.buf);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            size_t l = strlen(de->d_name);
            if (l < 6 || strcmp(de->d_name + l - 5, ".json"))
                continue;
            struct strbuf f = STRBUF_INIT;
            strbuf_addf(&f, "%s/%s", p.buf, de->d_name);
            int rc = add_schema_file(reg, f.buf, err);
            strbuf_release(&f);
            if (rc) {
                closedir(d);
                strbuf_release(&p);
                return rc;
            }
        }
        closedir(d);
    }
    strbuf_release(&p);
    if (!found)
        return odp_error_set(err, ODP_ENOTFOUND,
                             "%s: no meta-schemas (2020-12/schema.json, draft-07/schema.json)",
                             dir);
    return ODP_OK;
}

/* The document for uri (no fragment): added, or read from a mapped folder.
 * Returns a borrowed reference or NULL. */
json_t *jsonschema_registry_lookup(struct jsonschema_registry *reg, const char *uri,
                                   struct odp_error *err)
{
    json_t *doc = map_get(&reg->docs, uri);
    if (doc)
        return doc;
    for (size_t i = 0; i < reg->nmaps; i++) {
        size_t pl = strlen(reg->maps[i].prefix);
        if (strncmp(uri, reg->maps[i].prefix, pl))
            continue;
        const char *rest = uri + pl;
        if (strstr(rest, ".."))
            continue;
        for (int ext = 0; ext < 2; ext++) {
            struct strbuf p = STRBUF_INIT;
            strbuf_addf(&p, "%s/%s%s", reg->maps[i].dir, rest, ext ? ".json" : "");
            FILE *fp = fopen(p.buf, "r");
            if (!fp) {
                strbuf_release(&p);
                continue;
            }
            json_error_t je;
            doc = json_loadf(fp, 0, &je);
            fclose(fp);
            if (!doc) {
                odp_error_set(err, ODP_EPARSE, "%s:%d: %s", p.buf, je.line, je.text);
                strbuf_release(&p);
                return NULL;
            }
            strbuf_release(&p);
            map_put(&reg->docs, uri, doc);
            return doc;
        }
    }
    return NULL;
}
