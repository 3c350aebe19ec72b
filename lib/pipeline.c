/*
 * pipeline.c: load and check a pipeline file.
 *
 * jansson gives line and column for syntax errors but not for values, so the
 * JSON Pointer locator (json_locate.h) finds the line where each source object
 * (and each key in it) starts; errors about a source then point at the right
 * line.
 */
#include "pipeline.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fsutil.h"
#include "json_locate.h"
#include "jsonschema.h"
#include "schemas.h"
#include "strbuf.h"
#include "uri.h"
#include "xalloc.h"

static const char *const doc_types[] = {"begroting",   "jaarverslag", "perspectiefnota",
                                        "voorjaarsnota", "najaarsnota", "bestuursrapportage",
                                        NULL};

int doc_type_is_known(const char *t)
{
    for (int i = 0; doc_types[i]; i++)
        if (!strcmp(t, doc_types[i]))
            return 1;
    return 0;
}

/* Where each element of the top-level "sources" array starts. */
struct src_pos {
    size_t index;
    int line;
};

static size_t scan_sources(const char *text, struct src_pos *pos, size_t max)
{
    long *lines = xcalloc(max ? max : 1, sizeof(*lines));
    size_t n = json_locate_elements(text, strlen(text), "/sources", 1, lines, max);
    for (size_t i = 0; i < max; i++) {
        pos[i].index = i;
        pos[i].line = i < n ? (int)lines[i] : 1;
    }
    free(lines);
    return n;
}

/* Line of "key" within the source p, or the source's line when it has none. */
static int key_line(const char *text, const struct src_pos *p, const char *key)
{
    struct strbuf ptr = STRBUF_INIT;
    strbuf_addf(&ptr, "/sources/%zu", p->index);
    json_pointer_append(&ptr, key);
    int line = (int)json_locate_line(text, strlen(text), ptr.buf, 1);
    strbuf_release(&ptr);
    return line;
}

static char *dup_str(json_t *v)
{
    return v && json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static int valid_id(const char *s)
{
    if (!*s || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
        return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
            return 0;
    return 1;
}

/* Host of an http(s) URL, lower-cased, without port; NULL when malformed. */
/* The host of a source's url: an http:// or https:// URL (the scheme in lower
 * case, as written in the file) naming a host by its DNS name, without user
 * info; NULL otherwise. */
static char *url_host(const char *url)
{
    struct uri_ref u;
    const char *h;
    size_t n;
    uri_split(url, &u);
    if (!u.has_scheme || !u.has_authority ||
        !((u.scheme_len == 4 && !strncmp(u.scheme, "http", 4)) ||
          (u.scheme_len == 5 && !strncmp(u.scheme, "https", 5))) ||
        uri_host(u.authority, u.authority_len, &h, &n) || n == 0)
        return NULL;
    char *host = xstrndup(h, n);
    for (char *q = host; *q; q++) {
        *q = (char)tolower((unsigned char)*q);
        if (!(isalnum((unsigned char)*q) || *q == '-' || *q == '.')) {
            free(host);
            return NULL;
        }
    }
    return host;
}

static const char *const source_keys[] = {"id",  "cbs_code", "municipality", "doc_type",
                                          "doc_label", "year", "seq", "url", "pages",
                                          "max_pages", "render", NULL};

#define SRC_ERR(key, ...)                                                                  \
    do {                                                                                   \
        strbuf_addf(&msg, "%s:%d: source \"%s\": ", path, key_line(text, &pos[i], key),    \
                    s->id ? s->id : "?");                                                  \
        strbuf_addf(&msg, __VA_ARGS__);                                                    \
        goto fail;                                                                         \
    } while (0)

static int check_source(struct pipeline *pl, size_t i, json_t *js, const char *path,
                        const char *text, struct src_pos *pos, struct odp_error *err)
{
    struct source *s = &pl->sources[i];
    struct strbuf msg = STRBUF_INIT;
    const char *key;
    json_t *v;

    s->line = pos[i].line;
    if (!json_is_object(js)) {
        strbuf_addf(&msg, "%s:%d: sources[%zu] must be an object", path, pos[i].line, i);
        goto fail;
    }
    s->id = dup_str(json_object_get(js, "id"));
    json_object_foreach(js, key, v) {
        int known = 0;
        for (int k = 0; source_keys[k]; k++)
            known |= !strcmp(key, source_keys[k]);
        if (!known)
            SRC_ERR(key, "unknown key \"%s\"", key);
    }
    if (!s->id)
        SRC_ERR("id", "\"id\" is required and must be a string");
    if (!valid_id(s->id))
        SRC_ERR("id", "id must be lower-case letters, digits and '-'");
    for (size_t j = 0; j < i; j++)
        if (!strcmp(pl->sources[j].id, s->id))
            SRC_ERR("id", "id is used twice (also on line %d)", pl->sources[j].line);

    s->cbs_code = dup_str(json_object_get(js, "cbs_code"));
    if (!s->cbs_code || strlen(s->cbs_code) != 6 || strncmp(s->cbs_code, "GM", 2) ||
        strspn(s->cbs_code + 2, "0123456789") != 4)
        SRC_ERR("cbs_code", "cbs_code must be GM followed by four digits (e.g. GM0150)");
    s->municipality = dup_str(json_object_get(js, "municipality"));
    if (!s->municipality || !*s->municipality)
        SRC_ERR("municipality", "municipality (the name) is required");
    s->doc_type = dup_str(json_object_get(js, "doc_type"));
    if (!s->doc_type || !doc_type_is_known(s->doc_type))
        SRC_ERR("doc_type",
                "doc_type must be one of begroting, jaarverslag, perspectiefnota, voorjaarsnota, "
                "najaarsnota, bestuursrapportage");
    s->doc_label = dup_str(json_object_get(js, "doc_label"));
    if (!s->doc_label)
        s->doc_label = xstrdup(s->doc_type);
    v = json_object_get(js, "year");
    if (!json_is_integer(v) || json_integer_value(v) < 1990 || json_integer_value(v) > 2100)
        SRC_ERR("year", "year must be an integer between 1990 and 2100");
    s->year = (int)json_integer_value(v);
    v = json_object_get(js, "seq");
    if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 99))
        SRC_ERR("seq", "seq must be an integer from 1 to 99");
    s->seq = v ? (int)json_integer_value(v) : 0;
    s->url = dup_str(json_object_get(js, "url"));
    if (!s->url)
        SRC_ERR("url", "url (the site root) is required");
    s->host = url_host(s->url);
    if (!s->host)
        SRC_ERR("url", "url must start with http:// or https:// and name a host");
    v = json_object_get(js, "max_pages");
    if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000))
        SRC_ERR("max_pages", "max_pages must be an integer from 1 to 100000");
    s->max_pages = v ? (int)json_integer_value(v) : 500;
    v = json_object_get(js, "render");
    if (v && !(json_is_string(v) && (!strcmp(json_string_value(v), "none") ||
                                     !strcmp(json_string_value(v), "chromium"))))
        SRC_ERR("render", "render must be \"none\" or \"chromium\"");
    s->render_chromium = v && !strcmp(json_string_value(v), "chromium");
    v = json_object_get(js, "pages");
    if (v) {
        if (!json_is_array(v))
            SRC_ERR("pages", "pages must be an array of URLs");
        s->npages = json_array_size(v);
        s->pages = xcalloc(s->npages ? s->npages : 1, sizeof(char *));
        for (size_t k = 0; k < s->npages; k++) {
            s->pages[k] = dup_str(json_array_get(v, k));
            char *h = s->pages[k] ? url_host(s->pages[k]) : NULL;
            int same = h && !strcmp(h, s->host);
            free(h);
            if (!s->pages[k])
                SRC_ERR("pages", "pages[%zu] must be a string", k);
            if (!same)
                SRC_ERR("pages", "pages[%zu] (%s) is not on the source's host %s", k,
                        s->pages[k], s->host);
        }
    }
    strbuf_release(&msg);
    return ODP_OK;
fail:
    odp_error_set(err, ODP_EINVAL, "%s", msg.buf);
    strbuf_release(&msg);
    return ODP_EINVAL;
}

/* The line of the value a JSON Pointer points to; *src_index the source it
 * points into (-1 for none). */
static int pointer_line(const char *text, const char *ptr, size_t npos, long *src_index)
{
    *src_index = -1;
    if (!strncmp(ptr, "/sources/", 9)) {
        long i = strtol(ptr + 9, NULL, 10);
        if (i >= 0 && (size_t)i < npos)
            *src_index = i;
    }
    return (int)json_locate_line(text, strlen(text), ptr, 1);
}

/* The whole file against schemas/pipeline.schema.json: the single statement of
 * what a pipeline file may hold (the checks above give the friendliest words
 * for the common mistakes). */
static int check_schema(json_t *root, const char *path, const char *text, struct src_pos *pos,
                        size_t npos, struct pipeline *pl, struct odp_error *err)
{
    struct strbuf spath = STRBUF_INIT;
    struct jsonschema *schema = schemas_compile("pipeline", &spath, err);
    if (!schema) {
        char msg[sizeof(err->msg)];
        snprintf(msg, sizeof(msg), "%s", err->msg);
        strbuf_release(&spath);
        return odp_error_set(err, ODP_EIO, "cannot check %s: the pipeline schema: %s", path, msg);
    }
    struct jsonschema_errors errs = JSONSCHEMA_ERRORS_INIT;
    int rc = ODP_OK;
    if (!jsonschema_validate(schema, root, &errs) && errs.count) {
        struct jsonschema_error *e = &errs.items[0];
        long si;
        /* a property that is not allowed: point at the property itself */
        struct strbuf ptr = STRBUF_INIT;
        strbuf_addstr(&ptr, e->instance_ptr);
        const char *prop = strstr(e->message, "property \"");
        if (prop && strstr(e->message, "\" is not allowed")) {
            prop += strlen("property \"");
            if (ptr.len == 1)
                strbuf_reset(&ptr);
            strbuf_addch(&ptr, '/');
            strbuf_add(&ptr, prop, strcspn(prop, "\""));
        }
        int line = pointer_line(text, ptr.buf, npos, &si);
        strbuf_release(&ptr);
        if (si >= 0 && (size_t)si < pl->nsources && pl->sources[si].id)
            rc = odp_error_set(err, ODP_EINVAL, "%s:%d: source \"%s\": %s: %s", path, line,
                               pl->sources[si].id, e->instance_ptr, e->message);
        else
            rc = odp_error_set(err, ODP_EINVAL, "%s:%d: %s: %s", path, line,
                               e->instance_ptr[0] ? e->instance_ptr : "/", e->message);
    }
    jsonschema_errors_release(&errs);
    jsonschema_free(schema);
    strbuf_release(&spath);
    return rc;
}

static char *get_portal_str(json_t *portal, const char *key)
{
    return portal ? dup_str(json_object_get(portal, key)) : NULL;
}

int pipeline_load(const char *path, struct pipeline **out, struct odp_error *err)
{
    struct strbuf text = STRBUF_INIT;
    int rc = fs_read_file(path, &text, err);
    if (rc) {
        strbuf_release(&text);
        return rc;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text.buf, text.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        rc = odp_error_set(err, ODP_EPARSE, "%s:%d:%d: not valid JSON: %s", path, jerr.line,
                           jerr.column, jerr.text);
        strbuf_release(&text);
        return rc;
    }
    struct pipeline *pl = xcalloc(1, sizeof(*pl));
    pl->path = xstrdup(path);
    json_t *sources = json_object_get(root, "sources");
    if (!json_is_object(root)) {
        rc = odp_error_set(err, ODP_EINVAL, "%s:1: the pipeline must be a JSON object", path);
        goto out;
    }
    pl->name = dup_str(json_object_get(root, "name"));
    if (!pl->name) {
        rc = odp_error_set(err, ODP_EINVAL, "%s:1: \"name\" is required and must be a string",
                           path);
        goto out;
    }
    json_t *portal = json_object_get(root, "portal");
    pl->base_url = get_portal_str(portal, "base_url");
    pl->publisher = get_portal_str(portal, "publisher");
    pl->publisher_uri = get_portal_str(portal, "publisher_uri");
    pl->license = get_portal_str(portal, "license");
    pl->user_agent_contact = get_portal_str(portal, "user_agent_contact");
    if (portal && json_object_get(portal, "contact"))
        pl->contact_email = dup_str(json_object_get(json_object_get(portal, "contact"), "email"));
    if (!pl->license)
        pl->license = xstrdup("CC-BY-4.0");
    pl->crawl = (struct crawl_settings){60, 10, 15, 4, 30, 200, 2, 5, 32L << 20, 0};
    json_t *crawl = json_object_get(root, "crawl");
    if (crawl) {
        static const struct {
            const char *key;
            size_t off;
            long lo, hi;
        } knobs[] = {
            {"timeout_s", offsetof(struct crawl_settings, timeout_s), 1, 3600},
            {"connect_timeout_s", offsetof(struct crawl_settings, connect_timeout_s), 1, 600},
            {"low_speed_s", offsetof(struct crawl_settings, low_speed_s), 1, 3600},
            {"max_attempts", offsetof(struct crawl_settings, max_attempts), 1, 20},
            {"retry_budget", offsetof(struct crawl_settings, retry_budget), 0, 100000},
            {"delay_ms", offsetof(struct crawl_settings, delay_ms), 0, 60000},
            {"max_redirects", offsetof(struct crawl_settings, max_redirects), 0, 20},
            {"per_host", offsetof(struct crawl_settings, per_host), 1, 16},
        };
        const char *key;
        json_t *v;
        json_object_foreach(crawl, key, v) {
            int done = 0;
            for (size_t k = 0; k < sizeof(knobs) / sizeof(knobs[0]); k++) {
                if (strcmp(key, knobs[k].key))
                    continue;
                if (!json_is_integer(v) || json_integer_value(v) < knobs[k].lo ||
                    json_integer_value(v) > knobs[k].hi) {
                    rc = odp_error_set(err, ODP_EINVAL, "%s:1: crawl.%s must be an integer from %ld to %ld",
                                       path, key, knobs[k].lo, knobs[k].hi);
                    goto out;
                }
                *(int *)((char *)&pl->crawl + knobs[k].off) = (int)json_integer_value(v);
                done = 1;
            }
            if (!strcmp(key, "max_body_bytes") && json_is_integer(v) && json_integer_value(v) > 0) {
                pl->crawl.max_body = (long)json_integer_value(v);
                done = 1;
            }
            if (!strcmp(key, "allow_private") && json_is_boolean(v)) {
                pl->crawl.allow_private = json_is_true(v);
                done = 1;
            }
            if (!done) {
                rc = odp_error_set(err, ODP_EINVAL, "%s:1: crawl: unknown or invalid setting \"%s\"",
                                   path, key);
                goto out;
            }
        }
    }
    json_t *retention = json_object_get(root, "retention");
    if (retention) {
        static const struct {
            const char *key;
            size_t off;
        } keep[] = {
            {"municipality_releases", offsetof(struct retention_settings, municipality_releases)},
            {"national_releases", offsetof(struct retention_settings, national_releases)},
        };
        const char *key;
        json_t *v;
        json_object_foreach(retention, key, v) {
            int done = 0;
            for (size_t k = 0; k < sizeof(keep) / sizeof(keep[0]); k++) {
                if (strcmp(key, keep[k].key))
                    continue;
                if (!json_is_integer(v) || json_integer_value(v) < 1 ||
                    json_integer_value(v) > 100000) {
                    rc = odp_error_set(err, ODP_EINVAL,
                                       "%s:1: retention.%s must be an integer from 1 to 100000 "
                                       "(leave it out to keep every release)",
                                       path, key);
                    goto out;
                }
                *(int *)((char *)&pl->retention + keep[k].off) = (int)json_integer_value(v);
                done = 1;
            }
            if (!done) {
                rc = odp_error_set(err, ODP_EINVAL, "%s:1: retention: unknown setting \"%s\"",
                                   path, key);
                goto out;
            }
        }
    }
    if (!json_is_array(sources) || json_array_size(sources) == 0) {
        rc = odp_error_set(err, ODP_EINVAL, "%s:1: \"sources\" must be a non-empty array", path);
        goto out;
    }
    size_t n = json_array_size(sources);
    struct src_pos *pos = xcalloc(n, sizeof(*pos));
    size_t found = scan_sources(text.buf, pos, n);
    for (size_t i = found; i < n; i++)
        pos[i].line = 1;
    pl->sources = xcalloc(n, sizeof(struct source));
    pl->nsources = n;
    for (size_t i = 0; i < n && !rc; i++)
        rc = check_source(pl, i, json_array_get(sources, i), path, text.buf, pos, err);
    if (!rc)
        rc = check_schema(root, path, text.buf, pos, found, pl, err);
    free(pos);
out:
    json_decref(root);
    strbuf_release(&text);
    if (rc) {
        pipeline_free(pl);
        return rc;
    }
    *out = pl;
    return ODP_OK;
}

void pipeline_free(struct pipeline *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nsources; i++) {
        struct source *s = &p->sources[i];
        free(s->id);
        free(s->cbs_code);
        free(s->municipality);
        free(s->doc_type);
        free(s->doc_label);
        free(s->url);
        free(s->host);
        for (size_t k = 0; k < s->npages; k++)
            free(s->pages[k]);
        free(s->pages);
    }
    free(p->sources);
    free(p->path);
    free(p->name);
    free(p->base_url);
    free(p->publisher);
    free(p->publisher_uri);
    free(p->license);
    free(p->contact_email);
    free(p->user_agent_contact);
    free(p);
}

const struct source *pipeline_find_source(const struct pipeline *p, const char *id)
{
    for (size_t i = 0; i < p->nsources; i++)
        if (!strcmp(p->sources[i].id, id))
            return &p->sources[i];
    return NULL;
}

char *source_document_id(const struct source *s)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s-%s-%d", s->cbs_code, s->doc_type, s->year);
    if (s->seq)
        strbuf_addf(&sb, "-%02d", s->seq);
    return strbuf_detach(&sb, NULL);
}

char *source_municipality_slug(const struct source *s)
{
    struct strbuf sb = STRBUF_INIT;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)s->municipality; *p; p++) {
        if (isalnum(*p)) {
            if (dash && sb.len)
                strbuf_addch(&sb, '-');
            dash = 0;
            strbuf_addch(&sb, tolower(*p));
        } else if (*p < 0x80) {
            dash = 1;
        }
        /* non-ASCII bytes (accents) are dropped: slugs are ASCII */
    }
    return strbuf_detach(&sb, NULL);
}
