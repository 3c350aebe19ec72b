/* jsonutil.c: see jsonutil.h. */
#include "jsonutil.h"

#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "xalloc.h"

json_t *jsonutil_load_path(const char *path, struct odp_error *err)
{
    json_error_t je;
    json_t *v = json_load_file(path, 0, &je);
    if (!v)
        odp_error_set(err, ODP_EPARSE, "%s:%d:%d: %s", path, je.line, je.column, je.text);
    return v;
}

int jsonutil_write_path(const char *path, json_t *v, struct odp_error *err)
{
    char *s = json_dumps(v, JSON_INDENT(2));
    if (!s)
        return odp_error_set(err, ODP_ENOMEM, "%s: cannot serialise JSON", path);
    size_t n = strlen(s);
    s = xrealloc(s, n + 2);
    s[n] = '\n';
    int rc = atomic_write(path, s, n + 1, err);
    free(s);
    return rc;
}

const char *jstr(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

long long jint(json_t *obj, const char *key, long long dflt)
{
    json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}
