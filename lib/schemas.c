/* schemas.c: see schemas.h. */
#include "schemas.h"

#include <stdlib.h>

#include "fsutil.h"
#include "jsonutil.h"

void schemas_dir(struct strbuf *sb)
{
    const char *env = getenv("ODP_SCHEMA_DIR");
    if (env && *env) {
        strbuf_addstr(sb, env);
        return;
    }
    struct strbuf exe = STRBUF_INIT;
    if (!fs_self_exe_dir(&exe)) {
        size_t mark = sb->len;
        strbuf_addf(sb, "%s/../share/odp/schemas", exe.buf);
        struct strbuf probe = STRBUF_INIT;
        strbuf_addf(&probe, "%s/facts.schema.json", sb->buf);
        int ok = fs_exists(probe.buf);
        strbuf_release(&probe);
        strbuf_release(&exe);
        if (ok)
            return;
        strbuf_setlen(sb, mark);
    }
    strbuf_addstr(sb, ODP_SOURCE_DIR "/schemas");
}

struct jsonschema *schemas_compile(const char *name, struct strbuf *path, struct odp_error *err)
{
    struct strbuf p = STRBUF_INIT, uri = STRBUF_INIT;
    schemas_dir(&p);
    strbuf_addf(&p, "/%s.schema.json", name);
    if (path)
        strbuf_addstr(path, p.buf);
    json_t *doc = jsonutil_load_path(p.buf, err);
    struct jsonschema *s = NULL;
    if (doc) {
        struct jsonschema_registry *reg = jsonschema_registry_new();
        strbuf_addf(&uri, "file://%s", p.buf);
        s = jsonschema_compile(reg, doc, uri.buf, NULL, err);
        jsonschema_registry_free(reg);
        json_decref(doc);
    }
    strbuf_release(&p);
    strbuf_release(&uri);
    return s;
}
